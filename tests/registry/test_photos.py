"""A cadre's photo: uploaded on the cadre's page or imported from a .zip named by ID number;
printed in the photo box of the 报名表 and the 干部任免审批表."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cadrex.audit.models import Event
from cadrex.registry.models import CadrePhoto
from cadrex.registry.photos import PhotoInvalid, photo_check, photos_import


def image_bytes(fmt: str = "JPEG", size=(30, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 80)).save(buffer, fmt)
    return buffer.getvalue()


def upload(client, cadre, content: bytes, name: str = "a.jpg"):
    return client.post(
        reverse("registry:cadre_photo_upload", args=[cadre.pk]),
        {"photo": SimpleUploadedFile(name, content, content_type="image/jpeg")},
        follow=True,
    )


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def import_zip(client, content: bytes, name: str = "photos.zip"):
    return client.post(
        reverse("registry:photos_import"),
        {"file": SimpleUploadedFile(name, content, content_type="application/zip")},
    )


def test_it_takes_a_jpeg_and_a_png_and_shows_the_photo(as_user, world):
    client, cadre = as_user("operator"), world["cadres"]["甲二"]
    response = upload(client, cadre, image_bytes("JPEG"))
    assert "照片已上传" in response.content.decode()
    assert CadrePhoto.objects.get(cadre=cadre).content_type == "image/jpeg"
    assert 'src="data:image/jpeg;base64,' in response.content.decode()
    upload(client, cadre, image_bytes("PNG"), "b.png")
    assert CadrePhoto.objects.get(cadre=cadre).content_type == "image/png"
    assert Event.objects.filter(action="cadre_photo_upload").count() == 2


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"just some text, renamed", "不是图片"),
        (b"", "空的"),
        (b"\xff\xd8\xff" + b"\x00" * 100, "损坏"),  # JPEG's magic, no image behind it
        (b"GIF89a" + b"\x00" * 30, "不是图片"),
    ],
)
def test_it_refuses_what_is_not_a_jpeg_or_png_and_changes_nothing(as_user, world, content, words):
    client, cadre = as_user("office"), world["cadres"]["甲二"]
    before = Event.objects.count()
    page = upload(client, cadre, content, "fake.jpg").content.decode()
    assert "照片未上传" in page and words in page
    assert not CadrePhoto.objects.filter(cadre=cadre).exists()
    assert Event.objects.count() == before


def test_it_refuses_a_photo_over_2_mb(as_user, world):
    client, cadre = as_user("office"), world["cadres"]["甲二"]
    big = image_bytes("PNG") + b"\x00" * (2 * 1024 * 1024)
    assert "超过上限 2 MB" in upload(client, cadre, big, "big.png").content.decode()
    assert not CadrePhoto.objects.exists()


def test_only_the_office_and_the_cadres_own_unit_operator_upload(as_user, world):
    cadre, photo = world["cadres"]["甲二"], image_bytes()
    url = reverse("registry:cadre_photo_upload", args=[cadre.pk])
    for persona, status in (("other_operator", 404), ("leader", 403), ("cadre", 403)):
        response = as_user(persona).post(url, {"photo": SimpleUploadedFile("a.jpg", photo)})
        assert response.status_code == status, persona
    assert not CadrePhoto.objects.exists()
    # The upload form shows only to those who may use it.
    assert (
        "上传照片"
        not in as_user("leader")
        .get(reverse("registry:cadre_detail", args=[cadre.pk]))
        .content.decode()
    )


def test_the_zip_import_reports_matched_unknown_and_bad(as_user, world):
    jia, yi = world["cadres"]["甲一"], world["cadres"]["乙一"]
    content = zip_of(
        {
            f"照片/{jia.id_number}.jpg": image_bytes(),
            f"../../{yi.id_number.lower()}.PNG": image_bytes("PNG"),  # a path: only the name counts
            "110101199003071234.jpg": image_bytes(),  # a valid-shaped number of nobody
            "not-an-id.jpg": image_bytes(),
            f"{world['cadres']['乙二'].id_number}.jpg": b"plain text renamed",
            "readme.txt": b"hello",
            "__MACOSX/._x.jpg": b"junk",
        }
    )
    page = import_zip(as_user("office"), content).content.decode()
    assert "已匹配并导入 2 张" in page
    assert "身份证号无对应干部 2 张" in page and "图片有问题 2 张" in page
    assert set(CadrePhoto.objects.values_list("cadre__name", flat=True)) == {"甲一", "乙一"}
    event = Event.objects.get(action="cadre_photos_import")
    assert event.after["matched"] == 2


@pytest.mark.parametrize(
    "content",
    [b"", b"PK\x03\x04 broken", b"not a zip at all"],
)
def test_a_broken_zip_writes_nothing(as_user, world, content):
    before = Event.objects.count()
    page = import_zip(as_user("office"), content).content.decode()
    assert "未导入任何照片" in page or "空的" in page
    assert not CadrePhoto.objects.exists()
    assert Event.objects.count() == before


def test_a_zip_with_a_bad_crc_writes_nothing_at_all(world):
    jia, yi = world["cadres"]["甲一"], world["cadres"]["乙一"]
    good = image_bytes()
    content = bytearray(zip_of({f"{jia.id_number}.jpg": good, f"{yi.id_number}.jpg": good}))
    # Corrupt the second member's stored bytes (stored, not deflated: the CRC then fails).
    at = content.rfind(good[-20:])
    content[at] ^= 0xFF
    with pytest.raises(PhotoInvalid):
        photos_import(actor=None, content=bytes(content))
    assert not CadrePhoto.objects.exists()


def test_a_nul_byte_in_a_name_matches_nobody_and_breaks_nothing(world):
    number = world["cadres"]["甲一"].id_number
    report = photos_import(actor=None, content=zip_of({f"{number}\x00.jpg": image_bytes()}))
    assert report.matched == [] and len(report.unknown) + len(report.bad) == 1
    assert not any("\x00" in name for name in [*report.unknown, *(n for n, _ in report.bad)])
    assert not CadrePhoto.objects.exists()


def test_only_the_office_imports(as_user, world):
    for persona in ("orgdept", "operator", "cadre"):
        assert import_zip(as_user(persona), zip_of({})).status_code == 403


def test_photo_check_reads_the_image_not_the_name():
    assert photo_check(image_bytes("PNG")) == "image/png"
    with pytest.raises(PhotoInvalid):
        photo_check(b"\x89PNG\r\n\x1a\n" + b"garbage")
