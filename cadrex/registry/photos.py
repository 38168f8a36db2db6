"""Cadres' photos for the forms' photo box: one uploaded on a cadre's page, or many imported
from a .zip of images named by ID number (``身份证号.jpg``).

A photo is JPEG or PNG, at most 2 MB, and must open as an image (Pillow); anything else is
refused with a Chinese message and changes nothing. A broken .zip writes nothing at all.
"""

from __future__ import annotations

import base64
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db import transaction
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.registry import idnumber
from cadrex.registry.models import Cadre, CadrePhoto

MB = 1024 * 1024
PHOTO_MAX_BYTES = 2 * MB
PHOTO_MAX_PIXELS = 40_000_000  # far beyond any ID photo; a larger image is a bomb
ZIP_MAX_BYTES = 20 * MB  # the upload itself, within the site's request cap (25 MB)
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_TOTAL = 500 * MB  # everything the zip says it unpacks to
TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
SUFFIXES = (".jpg", ".jpeg", ".png")


class PhotoInvalid(Exception):
    """A photo or a zip refused; ``str()`` is the Chinese message."""


def _magic_type(content: bytes) -> str | None:
    if content.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    return None


def photo_check(content: bytes) -> str:
    """The content type of a valid photo, or ``PhotoInvalid`` saying what is wrong."""
    if not content:
        raise PhotoInvalid("照片文件是空的（0 字节），请重新选择。")
    if len(content) > PHOTO_MAX_BYTES:
        raise PhotoInvalid(
            f"照片有 {len(content) / MB:.1f} MB，超过上限 {PHOTO_MAX_BYTES // MB} MB，"
            "请压缩后再上传。"
        )
    kind = _magic_type(content)
    if kind is None:
        raise PhotoInvalid("照片只能是 JPEG 或 PNG 格式的图片；该文件不是图片或格式不支持。")
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover — Pillow is a dependency; the magic bytes then
        return TYPES[kind]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format not in TYPES:
                    raise PhotoInvalid("照片只能是 JPEG 或 PNG 格式的图片。")
                width, height = image.size
                if width * height > PHOTO_MAX_PIXELS:
                    raise PhotoInvalid("照片像素过大，请缩小后再上传。")
                image.verify()
                kind = image.format
    except PhotoInvalid:
        raise
    except Exception as exc:  # Pillow's errors are many: any of them means a bad image
        raise PhotoInvalid("照片文件已损坏或不是有效的 JPEG / PNG 图片，请重新选择。") from exc
    return TYPES[kind]


def photo_data_uri(photo: CadrePhoto | None) -> str:
    """The photo as a ``data:`` URI for a page or a form ("" without a photo)."""
    if photo is None:
        return ""
    encoded = base64.b64encode(bytes(photo.content)).decode("ascii")
    return f"data:{photo.content_type};base64,{encoded}"


def cadre_photo_uri(cadre: Cadre) -> str:
    """``photo_data_uri`` of a cadre's photo (one query unless selected with the cadre)."""
    try:
        return photo_data_uri(cadre.photo)
    except CadrePhoto.DoesNotExist:
        return ""


def _store(cadre: Cadre, content: bytes, content_type: str, now) -> bool:
    """Write the photo; True when it replaced one."""
    _, created = CadrePhoto.objects.update_or_create(
        cadre=cadre,
        defaults={"content": content, "content_type": content_type, "uploaded_at": now},
    )
    return not created


@transaction.atomic
def photo_upload(*, actor, cadre: Cadre, content: bytes, now=None) -> CadrePhoto:
    content_type = photo_check(content)
    now = now or timezone.now()
    replaced = _store(cadre, content, content_type, now)
    event_record(
        actor=actor,
        action="cadre_photo_upload",
        obj=cadre,
        before={"photo": replaced},
        after={"photo": True, "bytes": len(content), "type": content_type},
    )
    return cadre.photo


@dataclass
class PhotoImportReport:
    matched: list[str] = field(default_factory=list)  # names of the cadres given a photo
    unknown: list[str] = field(default_factory=list)  # file names matching no cadre
    bad: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)


def _entries(content: bytes) -> list[tuple[str, bytes | None, str]]:
    """(file name shown, bytes or None, why not) of every image entry; PhotoInvalid when the
    zip as a whole cannot be read (then nothing is written)."""
    if len(content) > ZIP_MAX_BYTES:
        raise PhotoInvalid(f"压缩包超过上限 {ZIP_MAX_BYTES // MB} MB，请分成几个压缩包导入。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > ZIP_MAX_ENTRIES:
            raise PhotoInvalid(f"压缩包内文件超过 {ZIP_MAX_ENTRIES} 个，请分批导入。")
        if sum(i.file_size for i in infos) > ZIP_MAX_TOTAL:
            raise PhotoInvalid("压缩包解压后过大，请分批导入。")
        out = []
        for info in infos:
            # Only the last part of the name counts: a path ("../", "C:\\") is never used.
            shown = PurePosixPath(info.filename.replace("\\", "/")).name
            shown = shown.replace("\x00", "")[:100]
            parts = info.filename.replace("\\", "/").split("/")
            if parts[0] == "__MACOSX" or shown.startswith("."):
                continue  # the Mac's resource forks, hidden files
            if info.flag_bits & 0x1:
                raise PhotoInvalid("压缩包已加密，请上传未加密的压缩包。")
            if info.file_size > PHOTO_MAX_BYTES:
                out.append((shown, None, f"超过 {PHOTO_MAX_BYTES // MB} MB"))
                continue
            with archive.open(info) as member:
                data = member.read(PHOTO_MAX_BYTES + 1)
            out.append((shown, data, ""))
        return out
    except PhotoInvalid:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise PhotoInvalid(
            "压缩包已损坏或不是 .zip 文件，未导入任何照片；请重新打包后再上传。"
        ) from exc
    except NotImplementedError as exc:  # a compression method zipfile does not know
        raise PhotoInvalid("压缩包使用了不支持的压缩方式，请用常见的 .zip 格式重新打包。") from exc


@transaction.atomic
def photos_import(*, actor, content: bytes, now=None) -> PhotoImportReport:
    """Each image named ``身份证号.jpg`` (or .jpeg, .png) becomes that cadre's photo; the
    report lists the matched, the names of no cadre, and the bad images with why."""
    entries = _entries(content)
    report = PhotoImportReport()
    wanted: dict[str, list[tuple[str, bytes]]] = {}
    for shown, data, why in entries:
        stem, dot, suffix = shown.rpartition(".")
        if not dot or f".{suffix.lower()}" not in SUFFIXES:
            report.bad.append((shown, "文件名应为“身份证号.jpg”或“身份证号.png”"))
            continue
        if why:
            report.bad.append((shown, why))
            continue
        number = idnumber.normalise(stem)
        if idnumber.problem(number):
            report.unknown.append(shown)
            continue
        wanted.setdefault(number, []).append((shown, data))
    cadres = {c.id_number: c for c in Cadre.objects.filter(id_number__in=list(wanted))}
    now = now or timezone.now()
    written = []
    for number, files in wanted.items():
        cadre = cadres.get(number)
        if cadre is None:
            report.unknown.extend(shown for shown, _ in files)
            continue
        if len(files) > 1:
            report.bad.extend((shown, "同一身份证号有多张照片") for shown, _ in files)
            continue
        shown, data = files[0]
        try:
            content_type = photo_check(data)
        except PhotoInvalid as invalid:
            report.bad.append((shown, str(invalid)))
            continue
        _store(cadre, data, content_type, now)
        report.matched.append(cadre.name)
        written.append(cadre.pk)
    event_record(
        actor=actor,
        action="cadre_photos_import",
        after={
            "matched": len(report.matched),
            "unknown": len(report.unknown),
            "bad": len(report.bad),
            "cadres": written,
        },
    )
    return report


def cadre_photo_bytes(cadre_id: int) -> bytes:
    """The stored photo of a cadre for a form's photo box (b"" without one; one query)."""
    content = CadrePhoto.objects.filter(cadre_id=cadre_id).values_list("content", flat=True)
    first = content.first()
    return bytes(first) if first is not None else b""
