"""Roster import: every row checked, all errors named by sheet/row/column, nothing written
unless the whole file is clean; re-import updates by ID number; export round-trips."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from cadrex.audit.models import Event
from cadrex.registry.models import Cadre, MiddleLevelPost, Unit
from cadrex.registry.roster import (
    CADRE_COLUMNS,
    RosterInvalid,
    roster_export,
    roster_import,
    roster_template,
)
from tests.clock import current as current_clock
from tests.conftest import cadre_row, make_id, workbook_bytes

UNITS = [["D01", "市财政局", "市直属机关部门", "否"], ["T01", "东湖街道", "镇(街道)", "否"]]


def year(ago: int) -> int:
    """The year ``ago`` years before the clock's."""
    return current_clock().year - ago


def a_id() -> str:
    """赵一, a man turning 41 this year."""
    return make_id(current_clock().born(41, 3, 15), 101)


def b_id() -> str:
    """钱二, a woman turning 36 this year."""
    return make_id(current_clock().born(36, 1, 1), 202)


def clean_rows():
    cadres = [
        cadre_row(
            a_id(),
            "赵一",
            "D01",
            post_since=f"{year(7)}.07",
            rank="一级主任科员",
            appraisals=f"{year(3)}:称职;{year(2)}:优秀",
        ),
        cadre_row(
            b_id(),
            "钱二",
            "T01",
            work_start_date=f"{year(14)}-08-01",
            fulltime_education="大学本科",
        ),
    ]
    posts = [[a_id(), "赵一", "D01", "办公室", "正职", "内设科室", f"{year(7)}.07"]]
    return UNITS, cadres, posts


def do_import(units=(), cadres=(), posts=()):
    return roster_import(actor=None, fileobj=workbook_bytes(units, cadres, posts))


def errors_of(units=(), cadres=(), posts=()) -> list[str]:
    with pytest.raises(RosterInvalid) as caught:
        do_import(units, cadres, posts)
    return [str(e) for e in caught.value.errors]


@pytest.mark.django_db
def test_it_imports_a_clean_file():
    result = do_import(*clean_rows())
    assert (result.units_created, result.cadres_created, result.posts_set) == (2, 2, 1)
    zhao = Cadre.objects.get(id_number=a_id())
    assert zhao.sex == "男" and str(zhao.birth_date) == f"{year(41)}-03-15"
    assert str(zhao.post_since) == f"{year(7)}-07-01"  # yyyy.MM means the first of the month
    assert zhao.appraisals == {str(year(3)): "称职", str(year(2)): "优秀"}
    qian = Cadre.objects.get(id_number=b_id())
    assert qian.sex == "女" and str(qian.work_start_date) == f"{year(14)}-08-01"
    assert zhao.middle_level_post.section == "办公室"
    assert Event.objects.filter(action="roster_import").count() == 1


@pytest.mark.django_db
def test_it_imports_nothing_when_one_row_is_bad_and_names_the_row_and_column():
    units, cadres, posts = clean_rows()
    good = make_id(current_clock().born(35, 1, 1), 303)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    cadres.append(cadre_row(bad, "孙三", "D01"))
    messages = errors_of(units, cadres, posts)
    assert messages == [f"“干部”表第4行“身份证号”列：身份证号校验位不正确（{bad}）"]
    assert Unit.objects.count() == 0 and Cadre.objects.count() == 0
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_it_lists_every_error_of_every_sheet_at_once():
    units, cadres, posts = clean_rows()
    cadres.append(
        cadre_row(
            make_id(current_clock().born(34, 1, 1), 404), "", "X99", post_since=f"{year(7)}.13"
        )
    )
    cadres.append(cadre_row(a_id(), "赵一重复", "D01"))
    messages = errors_of(units, cadres, posts)
    assert "“干部”表第4行“姓名”列：必填项为空" in messages
    assert any(m.startswith("“干部”表第4行“任现职时间”列：无法识别的日期") for m in messages)
    assert f"“干部”表第5行“身份证号”列：身份证号{a_id()}与第2行重复" in messages
    # The unknown unit of the row that also has other errors is reported in the same pass.
    assert "“干部”表第4行“单位代码”列：单位代码“X99”不存在" in messages
    assert len(messages) == 4


@pytest.mark.django_db
def test_it_refuses_unknown_unit_codes():
    units, cadres, posts = clean_rows()
    cadres[1] = cadre_row(b_id(), "钱二", "Z09")
    assert errors_of(units, cadres, posts) == ["“干部”表第3行“单位代码”列：单位代码“Z09”不存在"]


@pytest.mark.django_db
def test_s2_it_refuses_one_person_holding_two_middle_level_posts():
    units, cadres, posts = clean_rows()
    posts.append([a_id(), "赵一", "D01", "财务科", "副职", "内设科室", f"{year(6)}.01"])
    messages = errors_of(units, cadres, posts)
    assert messages == [
        f"“中层岗位”表第3行“身份证号”列：同一人（{a_id()}）不能同时担任两个中层岗位（与第2行重复）"
    ]


@pytest.mark.django_db
def test_s2_a_post_must_be_in_the_holders_own_unit():
    units, cadres, posts = clean_rows()
    posts[0][2] = "T01"
    assert errors_of(units, cadres, posts) == [
        "“中层岗位”表第2行“单位代码”列：中层岗位单位“T01”与本人所在单位“D01”不一致"
    ]


@pytest.mark.django_db
def test_it_refuses_a_sex_that_contradicts_the_id_number_and_bad_choices():
    units, cadres, posts = clean_rows()
    cadres[0] = cadre_row(a_id(), "赵一", "D01", sex="女", rank="处长")
    messages = errors_of(units, cadres, posts)
    assert any("“职级”列：“处长”不是可选值" in m for m in messages)
    # Both problems of the row are reported in the same upload.
    assert "“干部”表第2行“性别”列：与身份证号不符（身份证号显示为男）" in messages


@pytest.mark.django_db
def test_it_says_a_broken_file_is_not_a_spreadsheet():
    with pytest.raises(RosterInvalid) as caught:
        roster_import(actor=None, fileobj=io.BytesIO(b"PK\x03\x04 not really a zip"))
    assert "不是有效的 Excel (.xlsx) 文件" in str(caught.value.errors[0])


@pytest.mark.django_db
def test_it_names_a_missing_sheet_and_a_missing_column():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "干部"
    wb.active.append(["姓名", "单位代码"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    with pytest.raises(RosterInvalid) as caught:
        roster_import(actor=None, fileobj=buffer)
    messages = [str(e) for e in caught.value.errors]
    assert "“干部”表第1行“身份证号”列：缺少此列（请使用系统提供的模板）" in messages
    assert "“中层岗位”表：缺少此工作表" in messages


@pytest.mark.django_db
def test_it_changes_nothing_when_the_same_file_is_imported_twice():
    do_import(*clean_rows())
    before = list(Cadre.objects.order_by("pk").values())
    second = do_import(*clean_rows())
    assert not second.changed and second.cadres_unchanged == 2
    assert list(Cadre.objects.order_by("pk").values()) == before
    assert Event.objects.filter(action="roster_import").count() == 1  # no event for no change


@pytest.mark.django_db
def test_it_updates_known_people_by_id_number_and_the_post_sheet_decides_posts():
    do_import(*clean_rows())
    units, cadres, _ = clean_rows()
    cadres[0] = cadre_row(a_id(), "赵一", "D01", current_post="财务科科长")
    result = do_import(units, cadres, [])
    assert (result.cadres_created, result.cadres_updated, result.posts_removed) == (0, 1, 1)
    assert Cadre.objects.get(id_number=a_id()).current_post == "财务科科长"
    assert not MiddleLevelPost.objects.exists()


@pytest.mark.django_db
def test_s2_a_cadre_who_moves_unit_leaves_the_old_post_behind_or_takes_the_new_one():
    do_import(*clean_rows())  # 赵一 heads D01's 办公室
    units, cadres, _ = clean_rows()
    cadres[0] = cadre_row(a_id(), "赵一", "T01")
    moved = do_import(units, cadres, [])
    assert (moved.cadres_updated, moved.posts_removed) == (1, 1)
    assert Cadre.objects.get(id_number=a_id()).unit.code == "T01"
    assert not MiddleLevelPost.objects.exists()
    # Back to D01 with a post there, and 钱二 (not in this file) keeps what she has.
    cadres = [cadre_row(a_id(), "赵一", "D01")]
    posts = [[a_id(), "赵一", "D01", "财务科", "副职", "内设科室", ""]]
    assert do_import([], cadres, posts).posts_set == 1
    post = MiddleLevelPost.objects.get()
    assert (post.cadre.name, post.unit.code, post.section) == ("赵一", "D01", "财务科")


@pytest.mark.django_db
def test_the_export_reimports_to_the_same_roster():
    do_import(*clean_rows())
    before = list(Cadre.objects.order_by("pk").values())
    again = roster_import(actor=None, fileobj=io.BytesIO(roster_export(full_ids=True)))
    assert not again.changed
    assert list(Cadre.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_the_template_imports_nothing_until_filled_in():
    wb = load_workbook(io.BytesIO(roster_template()))
    assert wb.sheetnames == ["填写说明", "单位", "干部", "中层岗位"]
    # Uploading the template as downloaded must not create the example person.
    result = roster_import(actor=None, fileobj=io.BytesIO(roster_template()))
    assert not result.changed
    assert not Unit.objects.exists() and not Cadre.objects.exists()


def test_the_templates_guide_gives_the_last_three_years_as_the_appraisal_example():
    guide = load_workbook(io.BytesIO(roster_template()))["填写说明"]
    text = "\n".join(str(c) for row in guide.iter_rows(values_only=True) for c in row if c)
    assert f"近三年年度考核结果写成：{year(3)}:称职;{year(2)}:优秀;{year(1)}:称职。" in text


@pytest.mark.django_db
def test_the_command_imports_a_city_of_ten_thousand_with_a_progress_bar(tmp_path, capsys):
    path = tmp_path / "city.xlsx"
    call_command("make_demo_roster", str(path), "--cadres", "10000")
    call_command("import_roster", str(path))
    captured = capsys.readouterr()
    count = Cadre.objects.count()
    assert count >= 10000
    assert "写入干部" in captured.err and "100%" in captured.err  # tqdm draws on stderr
    snapshot = list(Cadre.objects.order_by("pk").values_list("id_number", "name", "unit_id"))
    call_command("import_roster", str(path), "--no-progress")
    assert f"未变 {count}" in capsys.readouterr().out
    assert (
        list(Cadre.objects.order_by("pk").values_list("id_number", "name", "unit_id")) == snapshot
    )


@pytest.mark.django_db
def test_the_command_lists_errors_and_fails(tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    units, cadres, posts = clean_rows()
    cadres[1] = cadre_row(b_id(), "钱二", "Z09")
    path.write_bytes(workbook_bytes(units, cadres, posts).getvalue())
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_roster", str(path), "--no-progress")
    assert "第3行“单位代码”列" in capsys.readouterr().err
    assert not Cadre.objects.exists()


@pytest.mark.django_db
def test_a_formula_or_a_cell_that_starts_like_one_is_refused_by_name():
    """A formula is refused as one (not read as its cached result, or as an empty cell when
    no program has calculated it); text that starts like one is kept as typed (issue 2)."""
    units, cadres, posts = clean_rows()
    fields = [c.field for c in CADRE_COLUMNS]
    cadres[1][fields.index("native_place")] = "@SUM(1)"
    cadres[1][fields.index("current_post")] = "=cmd|' /C calc'!A0"  # typed as text
    wb = load_workbook(workbook_bytes(units, cadres, posts))
    sheet = wb["干部"]
    sheet.cell(row=2, column=fields.index("current_post") + 1, value="=1+1")  # a formula
    sheet.cell(row=2, column=fields.index("name") + 1, value='=HYPERLINK("http://x.example")')
    content = io.BytesIO()
    wb.save(content)
    content.seek(0)
    with pytest.raises(RosterInvalid) as refused:
        roster_import(actor=None, fileobj=content)
    said = {(e.row, e.column): e.message for e in refused.value.errors}
    assert said[(2, "现任职务")] == "单元格是公式（=1+1），请改为直接填写内容"
    assert said[(2, "姓名")].startswith("单元格是公式（=HYPERLINK(")
    assert set(said) == {(2, "现任职务"), (2, "姓名")}  # row 3's typed text is fine
    assert not Cadre.objects.exists()
