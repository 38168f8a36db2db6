"""Security issues 5 and 6: a roster upload is checked before it is parsed, refused within a
second with a Chinese message naming the problem, and refusing writes nothing.

The hostile workbooks are built here from a clean roster by swapping one part of the zip:
a zip bomb of repeated content, a sheet declaring A1:XFD1048576, one far cell, too many rows,
a billion-laughs sheet and an XXE sheet. The elapsed time is only a sanity bound (the real
figures are milliseconds); the issue's files took minutes or killed the worker.
"""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from cadrex.accounts.models import Role, User
from cadrex.audit.models import Event
from cadrex.registry.models import Cadre, MiddleLevelPost, Unit
from cadrex.registry.roster import RosterInvalid, roster_import
from cadrex.registry.workbook_guard import LIMITS, MB
from tests.conftest import cadre_row, make_id, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SANITY_SECONDS = 5
CADRES_PART = "xl/worksheets/sheet2.xml"  # the 干部 sheet: sheets are 单位, 干部, 中层岗位
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
UNITS = [["D01", "市财政局", "市直属机关部门", "否"], ["T01", "东湖街道", "镇(街道)", "否"]]


def clean_workbook(clock) -> bytes:
    cadres = [cadre_row(make_id(clock.born(40, 5, 5), 101), "赵一", "D01")]
    return workbook_bytes(UNITS, cadres, []).getvalue()


def with_parts(content: bytes, parts: dict[str, bytes]) -> bytes:
    """``content`` with the named zip parts replaced (or added)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info, source.read(info.filename))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def sheet(rows_xml: str, dimension: str = "A1:A1", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {MAIN}>'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    ).encode()


def header_row() -> str:
    return '<row r="1"><c r="A1" t="inlineStr"><is><t>身份证号*</t></is></c></row>'


def counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        Cadre.objects.count(),
        MiddleLevelPost.objects.count(),
        Event.objects.count(),
    )


def refused(content: bytes) -> tuple[list[str], float]:
    """Import ``content``: the error messages and the seconds it took; nothing written."""
    before = counts()
    started = time.perf_counter()
    with pytest.raises(RosterInvalid) as caught:
        roster_import(actor=None, fileobj=io.BytesIO(content))
    elapsed = time.perf_counter() - started
    assert counts() == before
    return [str(e) for e in caught.value.errors], elapsed


# ------------------------------------------------------------------ issue 5: bombs


@pytest.mark.django_db
def test_issue5_a_zip_bomb_is_refused_by_its_declared_size(clock):
    """A few hundred KB that would inflate past the limit: refused from the zip's directory."""
    out = io.BytesIO(clean_workbook(clock))
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/filler.xml", "w") as part,
    ):
        for _ in range((LIMITS.unpacked_bytes // MB) + 20):
            part.write(b" " * MB)
    assert len(out.getvalue()) < 1 * MB
    messages, elapsed = refused(out.getvalue())
    assert len(messages) == 1 and messages[0].startswith("“文件”表：文件解压后有")
    assert "超过上限 100 MB" in messages[0] and "压缩炸弹" in messages[0]
    assert elapsed < SANITY_SECONDS


@pytest.mark.django_db
def test_issue5_a_part_compressed_a_thousand_times_is_refused(clock):
    bomb = sheet(header_row() + " " * (5 * MB))
    messages, elapsed = refused(with_parts(clean_workbook(clock), {CADRES_PART: bomb}))
    assert f"部件 {CADRES_PART} 压缩比为" in messages[0] and "超过上限 100 倍" in messages[0]
    assert elapsed < SANITY_SECONDS


@pytest.mark.django_db
def test_issue5_a_declared_dimension_of_the_whole_sheet_is_refused(clock):
    """The issue's 6.5 KB file: A1:XFD1048576 and one far cell, 6 minutes of CPU before."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = sheet(header_row() + far, dimension="A1:XFD1048576")
    messages, elapsed = refused(with_parts(clean_workbook(clock), {CADRES_PART: bomb}))
    assert messages == [
        "“干部”表：声明的数据范围为 A1:XFD1048576（1048576 行、16384 列），超出名册的上限"
        "（最多 200000 行、64 列），未读取。"
    ]
    assert elapsed < SANITY_SECONDS


@pytest.mark.django_db
def test_issue5_one_far_cell_under_a_small_dimension_is_refused(clock):
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = sheet(header_row() + far, dimension="A1:A2")
    messages, elapsed = refused(with_parts(clean_workbook(clock), {CADRES_PART: bomb}))
    assert messages == [
        "“干部”表第1048576行：第1048576行超出名册的范围（最多 200000 行），未读取。"
        "请删除该处内容后重新导入。"
    ]
    assert elapsed < SANITY_SECONDS


@pytest.mark.django_db
def test_issue5_one_cell_in_the_last_column_is_refused(clock):
    far = '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = sheet(header_row() + far, dimension="A1:A2")
    messages, elapsed = refused(with_parts(clean_workbook(clock), {CADRES_PART: bomb}))
    assert messages == [
        "“干部”表第2行“XFD”列：单元格 XFD2 超出名册的范围（最多 200000 行、64 列，"
        "即到 BL200000），未读取。请删除该处内容后重新导入。"
    ]
    assert elapsed < SANITY_SECONDS


@pytest.mark.django_db
def test_issue5_a_cell_beyond_the_columns_is_refused_even_in_lower_case(clock):
    wide = '<row><c r="zz2" t="inlineStr"><is><t>x</t></is></c></row>'
    messages, _ = refused(
        with_parts(clean_workbook(clock), {CADRES_PART: sheet(header_row() + wide)})
    )
    assert messages[0].startswith("“干部”表第2行“ZZ”列：单元格 ZZ2 超出名册的范围")


@pytest.mark.django_db
def test_issue5_more_rows_than_the_limit_are_refused_before_any_is_read(clock):
    rows = "".join(
        f'<row><c t="n"><v>{i}</v></c></row>' for i in range(LIMITS.rows + 1)
    )  # no row numbers: only counting finds them
    bomb = sheet(header_row() + rows)
    messages, elapsed = refused(with_parts(clean_workbook(clock), {CADRES_PART: bomb}))
    assert messages == [
        "“干部”表：超过 200000 行，超出名册的上限，未读取。名册较大时请按单位分成几个文件导入。"
    ]
    assert elapsed < SANITY_SECONDS


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.django_db
@pytest.mark.parametrize("doctype", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_issue6_an_entity_bomb_or_external_entity_in_a_sheet_is_refused(clock, doctype):
    entity = "&lol9;" if doctype == BILLION_LAUGHS else "&xxe;"
    cell = f'<row r="2"><c r="A2" t="inlineStr"><is><t>{entity}</t></is></c></row>'
    bomb = sheet(header_row() + cell, prolog=doctype)
    messages, elapsed = refused(with_parts(clean_workbook(clock), {CADRES_PART: bomb}))
    assert messages == [
        f"“干部”表：文件内部的部件 {CADRES_PART} 含有 DTD 或实体声明（XML 炸弹或外部实体攻击的写法，"
        "Excel 从不写入），已拒绝读取。"
    ]
    assert elapsed < SANITY_SECONDS


@pytest.mark.django_db
@pytest.mark.parametrize(
    "part", ["[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "docProps/core.xml"]
)
def test_issue6_a_dtd_in_any_part_openpyxl_would_read_is_refused(clock, part):
    content = clean_workbook(clock)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        original = archive.read(part)
    declaration = re.match(rb"<\?xml[^>]*\?>", original)
    head = declaration.group() if declaration else b""
    hostile = head + XXE.encode() + original[len(head) :]
    messages, elapsed = refused(with_parts(content, {part: hostile}))
    assert len(messages) == 1 and f"部件 {part} 含有 DTD 或实体声明" in messages[0]
    assert elapsed < SANITY_SECONDS


@pytest.mark.django_db
def test_issue5_an_upload_over_the_size_limit_is_refused_unread():
    messages, _ = refused(b"PK" + b"\0" * (LIMITS.upload_bytes + 1))
    assert messages == ["“文件”表：文件有 20.0 MB，超过名册文件的上限 20 MB，未读取。"]


@pytest.mark.django_db
def test_a_broken_part_is_named(clock):
    messages, _ = refused(with_parts(clean_workbook(clock), {CADRES_PART: b"<worksheet"}))
    assert messages == [
        f"“干部”表：不是有效的 Excel (.xlsx) 文件，无法读取（文件内部的部件 {CADRES_PART} 已损坏）"
    ]


@pytest.mark.django_db
def test_a_zip_that_is_not_a_workbook_is_not_an_excel_file():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    messages, _ = refused(out.getvalue())
    assert messages == ["“文件”表：不是有效的 Excel (.xlsx) 文件，无法读取"]


@pytest.mark.django_db
def test_a_wrong_small_dimension_no_longer_hides_the_rows_below_it(clock):
    """openpyxl's read-only mode trusts <dimension>: "A1:A1" used to import no one."""
    content = clean_workbook(clock)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        original = archive.read(CADRES_PART)
    shrunk = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', original)
    result = roster_import(
        actor=None, fileobj=io.BytesIO(with_parts(content, {CADRES_PART: shrunk}))
    )
    assert result.cadres_created == 1 and Cadre.objects.get().name == "赵一"


def test_issue5_the_upload_page_refuses_a_bomb_with_the_message_and_writes_nothing(as_user, world):
    client = as_user("office")
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = with_parts(
        workbook_bytes(UNITS, [], []).getvalue(),
        {CADRES_PART: sheet(header_row() + far, dimension="A1:XFD1048576")},
    )
    before = counts()
    started = time.perf_counter()
    response = client.post(
        reverse("registry:roster_import"), {"file": SimpleUploadedFile("名册.xlsx", bomb, XLSX)}
    )
    assert time.perf_counter() - started < SANITY_SECONDS
    assert response.status_code == 200
    body = response.content.decode()
    assert "名册有 1 处错误，未导入任何数据" in body and "A1:XFD1048576" in body
    assert counts() == before


def test_issue5_the_upload_form_refuses_a_file_over_the_limit(as_user, world):
    big = SimpleUploadedFile("名册.xlsx", b"\0" * (LIMITS.upload_bytes + 1), XLSX)
    response = as_user("office").post(reverse("registry:roster_import"), {"file": big})
    assert response.status_code == 200
    assert "超过名册文件的上限 20 MB" in response.content.decode()


# ------------------------------------------------------------------ issue 6: unit codes and names


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("A/B", "单位代码中不能有“/”（会使单位页面的网址出错）"),
        ("A?B", "单位代码中不能有“?”"),
        ("A#B", "单位代码中不能有“#”"),
        ("A%B", "单位代码中不能有“%”"),
        ("A&B", "单位代码中不能有“&”"),
        ("A B", "单位代码中不能有空格"),
        ("A\x7fB", "单位代码中不能有不可见字符 U+007F"),
        ("=D01", "单位代码不能以“=”开头（电子表格会把它当作公式）"),
        ("+1", "单位代码不能以“+”开头"),
        ("-1", "单位代码不能以“-”开头"),
        ("@D", "单位代码不能以“@”开头"),
    ],
)
def test_issue6_a_unit_code_that_breaks_addresses_or_looks_like_a_formula_is_refused(code, reason):
    units = [["D01", "市财政局", "市直属机关部门", "否"], [code, "新单位", "群团机关", "否"]]
    before = counts()
    with pytest.raises(RosterInvalid) as caught:
        roster_import(actor=None, fileobj=workbook_bytes(units, [], []))
    messages = [str(e) for e in caught.value.errors]
    assert len(messages) == 1 and messages[0].startswith(f"“单位”表第3行“单位代码”列：{reason}")
    assert counts() == before


@pytest.mark.django_db
def test_issue6_a_unit_name_another_unit_holds_is_refused_not_a_500():
    roster_import(actor=None, fileobj=workbook_bytes(UNITS, [], []))
    before = counts()
    with pytest.raises(RosterInvalid) as caught:
        roster_import(
            actor=None, fileobj=workbook_bytes([["D09", "市财政局", "市直属机关部门", "否"]])
        )
    assert [str(e) for e in caught.value.errors] == [
        "“单位”表第2行“单位名称”列：单位名称“市财政局”已是单位代码“D01”的名称，"
        "两个单位不能同名（如要改名，请把该单位也列在本表中）"
    ]
    assert counts() == before


@pytest.mark.django_db
def test_issue6_two_units_may_swap_names_in_one_file():
    roster_import(actor=None, fileobj=workbook_bytes(UNITS, [], []))
    swapped = [["D01", "东湖街道", "市直属机关部门", "否"], ["T01", "市财政局", "镇(街道)", "否"]]
    result = roster_import(actor=None, fileobj=workbook_bytes(swapped, [], []))
    assert result.units_updated == 2
    assert dict(Unit.objects.values_list("code", "name")) == {"D01": "东湖街道", "T01": "市财政局"}


@pytest.mark.django_db
def test_issue6_a_new_unit_may_take_the_name_a_renamed_unit_gives_up():
    roster_import(actor=None, fileobj=workbook_bytes(UNITS, [], []))
    moved = [
        ["D01", "市财政局（旧）", "市直属机关部门", "否"],
        ["D02", "市财政局", "群团机关", "否"],
    ]
    roster_import(actor=None, fileobj=workbook_bytes(moved, [], []))
    assert Unit.objects.get(name="市财政局").code == "D02"


def stored_codes() -> list[str]:
    """Codes an older import or the database may already hold."""
    codes = ["A/B", "A?B", "A#B", "A%B", "A&B", "A B", " lead", "=1+1", "+1", "-1", "@x", "..x"]
    codes += ["a\nb", "A\x01B"]
    if connection.vendor != "postgresql":  # PostgreSQL text cannot hold NUL at all
        codes.append("A\x00B")
    return codes


def test_issue6_every_registry_page_copes_with_any_code_already_stored(as_user, world, clock):
    units = {
        code: Unit.objects.create(code=code, name=f"单位{i}", kind="department")
        for i, code in enumerate(stored_codes())
    }
    holder = units["A/B"]
    Cadre.objects.create(
        id_number=make_id(clock.born(40, 1, 1), 901),
        name="斜杠单位的人",
        sex="男",
        birth_date=clock.born(40, 1, 1),
        unit=holder,
    )
    office = as_user("office")
    listing = office.get(reverse("registry:units"))
    assert listing.status_code == 200
    body = listing.content.decode()
    for code, unit in units.items():
        url = reverse("registry:unit_detail", args=[code])
        assert f'href="{escape(url)}"' in body
        page = office.get(url)
        if any(ord(ch) < 32 for ch in code):
            assert page.status_code in (200, 400)  # the request guard refuses control bytes
        else:
            assert page.status_code == 200 and unit.name in page.content.decode(), code
        assert office.get(reverse("registry:cadres"), {"unit": code}).status_code in (200, 400)
    assert office.get(reverse("registry:roster_export")).status_code == 200
    # A unit's own people land on their unit's page through my-unit.
    operator = User.objects.create(username="slash_op", role=Role.UNIT_OPERATOR, unit=holder)
    office.force_login(operator)
    mine = office.get(reverse("registry:my_unit"), follow=True)
    assert mine.status_code == 200 and holder.name in mine.content.decode()


@pytest.mark.django_db
def test_issue6_a_dtd_in_a_part_named_like_a_binary_is_still_refused(clock):
    """openpyxl finds parts by content type, not by name: anything that reads as XML is
    checked as XML."""
    hostile = b'<?xml version="1.0"?>' + XXE.encode() + b"<sst>&xxe;</sst>"
    messages, _ = refused(with_parts(clean_workbook(clock), {"xl/strings.bin": hostile}))
    assert messages == [
        "“文件”表：文件内部的部件 xl/strings.bin 含有 DTD 或实体声明（XML 炸弹或外部实体攻击的写法，"
        "Excel 从不写入），已拒绝读取。"
    ]


@pytest.mark.django_db
def test_an_old_xls_or_a_password_protected_file_is_named_as_such():
    messages, _ = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    assert messages == [
        "“文件”表：文件是旧版 Excel（.xls）格式，或设置了打开密码：请在 Excel 中另存为 .xlsx"
        "（并取消密码）后再导入。"
    ]
