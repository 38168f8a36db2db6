"""An uploaded workbook is checked before openpyxl parses any of it (ADR 0002, security issue 5).

An .xlsx is a zip of XML files, and both layers can be turned into bombs: a 415 KB zip that
inflates to 885 MB, a 6.5 KB sheet that declares ``A1:XFD1048576`` (openpyxl then pads a
million rows to 16,384 columns), an XML entity that expands a billion times, or an external
entity that reads a server file. So, in order, each step cheap and bounded:

1. the upload's size, then the zip's own directory: how many parts, their declared
   uncompressed sizes and compression ratios (``zipfile`` never inflates a part beyond the
   size its directory declares, so these numbers bound what is read later);
2. every XML part's prolog, parsed with defusedxml up to its root element: a DTD (the only
   place entities and external references can be declared) is refused outright;
3. the roster sheets: the declared ``<dimension>``, then a streaming count of rows and cells
   and a search for any cell or row reference beyond the limits.

Any failure raises ``WorkbookRefused`` with a Chinese message naming the part, sheet, row
and column it can. Memory stays bounded by the chunk size; time by the limits.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError, fromstring
from openpyxl.utils import column_index_from_string, get_column_letter

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a roster workbook may be. A city's roster of 10,000 cadres exported by cadrex is
    1.6 MB, 20 MB unpacked (openpyxl writes every text inline), ratio 13, 29 columns."""

    upload_bytes: int = 20 * MB
    unpacked_bytes: int = 100 * MB  # about 50,000 cadres in cadrex's own export
    part_bytes: int = 10 * MB  # any part but the sheets and the shared strings
    ratio: int = 100  # office files compress 5–20 times; zip bombs a thousand and more
    parts: int = 1_000
    rows: int = 200_000
    columns: int = 64
    cells: int = 2_000_000  # in the three roster sheets together (and shared strings)


LIMITS = Limits()

NOT_XLSX = "不是有效的 Excel (.xlsx) 文件，无法读取"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and every password-protected .xlsx
_CHUNK = 1 << 20
_OVERLAP = 256  # longer than any match of the patterns below
_PROLOG_BYTES = 4 * MB  # a sheet's <sheetData> begins well before this
_XML_PARTS = (".xml", ".rels", ".vml")
# Patterns that begin with a literal, so the search runs at C speed; what a literal cannot
# say (a namespace prefix, the space before an attribute) is checked on the few matches.
_ROW_TAG = (re.compile(rb"<row[\s/>]"), re.compile(rb":row[\s/>]"))
_CELL_TAG = (re.compile(rb"<c[\s/>]"), re.compile(rb":c[\s/>]"))
_STRING_TAG = (re.compile(rb"<si[\s/>]"), re.compile(rb":si[\s/>]"))
_PREFIX = re.compile(rb"<[A-Za-z_][\w.\-]{0,63}\Z")
# A cell or row reference worth a look: two or more column letters, or six digits or more.
_FAR_REF = re.compile(
    rb"r\s{0,16}=\s{0,16}[\"']\$?(?:([A-Za-z]{2,3})\$?(\d{1,16})|([A-Za-z]?)\$?(\d{6,16}))[\"']"
)
_DIMENSION = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$")
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class WorkbookRefused(Exception):
    """The upload is not read; ``sheet`` is a sheet name or None for the file as a whole."""

    def __init__(
        self, message: str, *, sheet: str | None = None, row: int | None = None, column=None
    ):
        super().__init__(message)
        self.message, self.sheet, self.row, self.column = message, sheet, row, column


@dataclass(frozen=True)
class SheetShape:
    part: str
    rows: int  # row elements in the sheet (an upper bound on the rows openpyxl yields)
    cells: int


def check_workbook(
    fileobj, sheets: Collection[str], limits: Limits = LIMITS
) -> dict[str, SheetShape]:
    """Refuse anything a roster upload cannot be; the shapes of the ``sheets`` present.

    ``fileobj`` is rewound afterwards, ready for openpyxl."""
    size = _size(fileobj)
    if size > limits.upload_bytes:
        raise WorkbookRefused(
            f"文件有 {_mb(size)}，超过名册文件的上限 {_mb(limits.upload_bytes)}，未读取。"
        )
    if fileobj.read(8) == _OLE_MAGIC:
        raise WorkbookRefused(
            "文件是旧版 Excel（.xls）格式，或设置了打开密码：请在 Excel 中另存为 .xlsx"
            "（并取消密码）后再导入。"
        )
    fileobj.seek(0)
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise WorkbookRefused(NOT_XLSX) from exc
    try:
        with archive:
            shapes = _check_archive(archive, sheets, limits)
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError) as exc:
        raise WorkbookRefused(NOT_XLSX) from exc
    fileobj.seek(0)
    return shapes


def _size(fileobj) -> int:
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def _mb(size: int) -> str:
    return f"{size // MB} MB" if size % MB == 0 else f"{size / MB:.1f} MB"


def _check_archive(archive: zipfile.ZipFile, sheets, limits: Limits) -> dict[str, SheetShape]:
    infos = archive.infolist()
    _check_directory(infos, limits)
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise WorkbookRefused(NOT_XLSX)
    parts = _sheet_parts(archive, names, limits)
    wanted = {part: name for name, part in parts.items() if name in sheets}
    for info in infos:
        if info.filename in wanted:
            continue  # checked below, in full
        # Sheets openpyxl never opens in read-only mode may be large; other parts may not.
        is_sheet = info.filename in parts.values()
        is_strings = info.filename.endswith("sharedStrings.xml")
        if not is_sheet and not is_strings and info.file_size > limits.part_bytes:
            raise WorkbookRefused(
                f"文件内部的部件 {info.filename} 解压后有 {_mb(info.file_size)}，超过上限"
                f" {_mb(limits.part_bytes)}，不像是正常的名册文件，未读取。"
            )
        if not (info.filename.lower().endswith(_XML_PARTS) or _looks_like_xml(archive, info)):
            continue  # a picture or a printer setting: openpyxl never parses it
        _check_prolog(archive, info)
        if is_strings:
            strings = sum(
                _count_tags(_STRING_TAG, buffer, end) for buffer, end in _buffers(archive, info)
            )
            if strings > limits.cells:
                raise WorkbookRefused(
                    f"文件中的文字条目有 {strings} 条，超过上限 {limits.cells} 条，未读取。"
                )
    shapes = {}
    cells = 0
    for part, name in wanted.items():
        if part not in names:
            raise WorkbookRefused(NOT_XLSX)
        shapes[name] = _check_sheet(archive, archive.getinfo(part), name, limits)
        cells += shapes[name].cells
        if cells > limits.cells:
            raise WorkbookRefused(
                f"名册各表的单元格合计超过 {limits.cells} 个，超出上限，未读取。", sheet=name
            )
    return shapes


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Step 1: what the zip declares, before a byte of it is inflated."""
    if len(infos) > limits.parts:
        raise WorkbookRefused(
            f"文件内部有 {len(infos)} 个部件，超过上限 {limits.parts} 个，不像是正常的名册文件，未读取。"
        )
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unpacked > limits.unpacked_bytes:
        raise WorkbookRefused(
            f"文件解压后有 {_mb(unpacked)}，超过上限 {_mb(limits.unpacked_bytes)}"
            "（可能是“压缩炸弹”），未读取。名册较大时请按单位分成几个文件导入。"
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookRefused("文件已加密或设置了打开密码，请取消密码后再导入。")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookRefused(NOT_XLSX)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MB and ratio > limits.ratio:
            raise WorkbookRefused(
                f"文件内部的部件 {info.filename} 压缩比为 {ratio:.0f} 倍，超过上限"
                f" {limits.ratio} 倍（可能是“压缩炸弹”），未读取。"
            )
    if unpacked > MB and unpacked / max(packed, 1) > limits.ratio:
        raise WorkbookRefused(
            f"文件压缩比为 {unpacked / max(packed, 1):.0f} 倍，超过上限 {limits.ratio} 倍"
            "（可能是“压缩炸弹”），未读取。"
        )


def _looks_like_xml(archive, info) -> bool:
    """Whatever its name, a part that starts like XML is checked as XML (the package's
    content types, not names, tell openpyxl what to parse)."""
    with archive.open(info) as stream:
        head = stream.read(64)
    return head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")[:1] == b"<"


class _Stop(Exception):
    """Raised from the parser's target once it has seen what it needs."""


class _Prolog:
    """A parser target that stops at the root element, or for a sheet at <sheetData>."""

    def __init__(self, sheet: bool):
        self.sheet, self.dimension = sheet, None

    def start(self, tag, attrib):
        local = tag.rsplit("}", 1)[-1]
        if local == "dimension":
            self.dimension = attrib.get("ref")
        if not self.sheet or local == "sheetData":
            raise _Stop

    def end(self, tag):
        pass

    def data(self, data):
        pass

    def close(self):
        return None


def _check_prolog(archive, info, sheet: str | None = None) -> str | None:
    """Step 2: parse with defusedxml until the root element (after it, no DTD may come);
    for a sheet, on to <sheetData> and return the declared dimension."""
    target = _Prolog(sheet is not None)
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    read = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(64 * 1024):
                parser.feed(chunk)
                read += len(chunk)
                if read >= _PROLOG_BYTES:
                    return target.dimension  # no <sheetData> yet: the scan still bounds it
            parser.close()  # the whole part, without a root or <sheetData>: it must be whole
    except _Stop:
        return target.dimension
    except DefusedXmlException as exc:
        raise WorkbookRefused(
            f"文件内部的部件 {info.filename} 含有 DTD 或实体声明（XML 炸弹或外部实体攻击的写法，"
            "Excel 从不写入），已拒绝读取。",
            sheet=sheet,
        ) from exc
    except ParseError as exc:
        raise WorkbookRefused(
            f"{NOT_XLSX}（文件内部的部件 {info.filename} 已损坏）", sheet=sheet
        ) from exc
    return target.dimension


def _sheet_parts(archive, names: set[str], limits: Limits) -> dict[str, str]:
    """{sheet name: part path}, read from the package and workbook relationships."""
    root = _small_xml(archive, "_rels/.rels", limits)
    main = next(
        (
            r.get("Target", "")
            for r in root.iter(_REL)
            if r.get("Type", "").endswith("/officeDocument")
        ),
        "xl/workbook.xml",
    )
    main = main.lstrip("/")
    if main not in names:
        raise WorkbookRefused(NOT_XLSX)
    folder, leaf = posixpath.split(main)
    rels_path = posixpath.join(folder, "_rels", f"{leaf}.rels")
    targets = {}
    if rels_path in names:
        for r in _small_xml(archive, rels_path, limits).iter(_REL):
            target = r.get("Target", "")
            if r.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                targets[r.get("Id")] = target[1:]
            else:
                targets[r.get("Id")] = posixpath.normpath(posixpath.join(folder, target))
    workbook = _small_xml(archive, main, limits)
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        part = targets.get(sheet.get(_DOC_REL))
        if part:
            parts[sheet.get("name", "")] = part
    return parts


def _small_xml(archive, name: str, limits: Limits):
    info = archive.getinfo(name)
    if info.file_size > limits.part_bytes:
        raise WorkbookRefused(
            f"文件内部的部件 {name} 解压后有 {_mb(info.file_size)}，超过上限"
            f" {_mb(limits.part_bytes)}，未读取。"
        )
    try:
        return fromstring(archive.read(name), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise WorkbookRefused(
            f"文件内部的部件 {name} 含有 DTD 或实体声明（XML 炸弹或外部实体攻击的写法，"
            "Excel 从不写入），已拒绝读取。"
        ) from exc
    except ParseError as exc:
        raise WorkbookRefused(f"{NOT_XLSX}（文件内部的部件 {name} 已损坏）") from exc


def _check_sheet(archive, info, sheet: str, limits: Limits) -> SheetShape:
    """Step 3: the declared dimension, then every row and cell without building any."""
    dimension = _check_prolog(archive, info, sheet)
    if dimension:
        _check_dimension(dimension, sheet, limits)
    rows = cells = 0
    for buffer, end in _buffers(archive, info):
        for match in _found(_FAR_REF, buffer, end):
            if match.start() and buffer[match.start() - 1 : match.start()].isspace():
                letters = (match[1] or match[3]).decode().upper()
                row = int(match[2] or match[4])
                if row > limits.rows or (
                    letters and column_index_from_string(letters) > limits.columns
                ):
                    _refuse_cell(sheet, letters or None, row, limits)
        rows += _count_tags(_ROW_TAG, buffer, end)
        cells += _count_tags(_CELL_TAG, buffer, end)
        if rows > limits.rows:
            raise WorkbookRefused(
                f"超过 {limits.rows} 行，超出名册的上限，未读取。名册较大时请按单位分成几个文件导入。",
                sheet=sheet,
            )
        if cells > limits.cells:
            raise WorkbookRefused(
                f"单元格超过 {limits.cells} 个，超出名册的上限，未读取。", sheet=sheet
            )
    return SheetShape(part=info.filename, rows=rows, cells=cells)


def _check_dimension(ref: str, sheet: str, limits: Limits) -> None:
    m = _DIMENSION.match(ref.strip())
    if not m:
        return  # openpyxl ignores a dimension it cannot read; the scan below still bounds it
    last_col, last_row = (m[3], m[4]) if m[3] else (m[1], m[2])
    columns = column_index_from_string(last_col.upper())
    rows = int(last_row)
    if rows > limits.rows or columns > limits.columns:
        raise WorkbookRefused(
            f"声明的数据范围为 {ref}（{rows} 行、{columns} 列），超出名册的上限"
            f"（最多 {limits.rows} 行、{limits.columns} 列），未读取。",
            sheet=sheet,
        )


def _refuse_cell(sheet: str, letters: str | None, row: int, limits: Limits) -> None:
    if letters:
        what = (
            f"单元格 {letters}{row} 超出名册的范围（最多 {limits.rows} 行、{limits.columns} 列，"
            f"即到 {get_column_letter(limits.columns)}{limits.rows}）"
        )
    else:
        what = f"第{row}行超出名册的范围（最多 {limits.rows} 行）"
    raise WorkbookRefused(
        f"{what}，未读取。请删除该处内容后重新导入。", sheet=sheet, row=row, column=letters
    )


def _buffers(archive, info) -> Iterator[tuple[bytes, int]]:
    """The part's bytes in chunks, each with the previous chunk's tail in front so that no
    match is cut in two; ``end`` is where matches may start (the tail is searched next time)."""
    carry = b""
    with archive.open(info) as stream:
        chunk = stream.read(_CHUNK)
        while chunk:
            following = stream.read(_CHUNK)
            buffer = carry + chunk
            end = len(buffer) - _OVERLAP if following else len(buffer)
            end = max(end, 0)
            yield buffer, end
            carry, chunk = buffer[end:], following


def _found(pattern: re.Pattern, buffer: bytes, end: int) -> Iterator[re.Match]:
    """Matches that start before ``end`` (they may run on into the tail)."""
    for match in pattern.finditer(buffer):
        if match.start() >= end:
            return
        yield match


def _count_tags(patterns: tuple[re.Pattern, re.Pattern], buffer: bytes, end: int) -> int:
    """Start tags of one element: ``<row …>`` and, rarer, ``<x:row …>`` (not ``</x:row>``)."""
    plain, prefixed = patterns
    # Counted in C: the matches that end by ``end``, then the few (a tag is a handful of
    # bytes, and tags never overlap) that start before it and run on into the tail.
    count = len(plain.findall(buffer, 0, end))
    for start in range(max(0, end - 16), end):
        match = plain.match(buffer, start)
        if match and match.end() > end:
            count += 1
    for match in _found(prefixed, buffer, end):
        if _PREFIX.search(buffer, max(0, match.start() - 65), match.start()):
            count += 1
    return count
