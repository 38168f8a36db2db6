"""Security issues 2 and 4 in the roster: text that looks like a formula survives export →
import exactly, and only the office's export carries ID numbers in full (ADR 0007)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.urls import reverse

from cadrex.accounts.models import Role, User
from cadrex.registry.models import Cadre, MiddleLevelPost, Unit
from cadrex.registry.roster import RosterInvalid, roster_export, roster_import
from tests.conftest import cadre_row, make_id, workbook_bytes
from tests.documents.hostile import (
    FORMULAS,
    FULL_ID,
    assert_safe_workbook,
    cell_texts,
    formula_cells,
)

HYPERLINK, PLUS, MINUS, AT, ONE_PLUS_ONE = FORMULAS


def hostile_roster(clock):
    zhao, qian = make_id(clock.born(41, 3, 15), 101), make_id(clock.born(36, 1, 1), 202)
    units = [
        ["D01", HYPERLINK, "市直属机关部门", "否"],
        ["T01", ONE_PLUS_ONE, "镇(街道)", "否"],
    ]
    cadres = [
        cadre_row(zhao, ONE_PLUS_ONE, "D01", current_post=HYPERLINK, resume=MINUS),
        cadre_row(qian, AT, "T01", current_post=PLUS, speciality="#N/A", native_place=MINUS),
    ]
    posts = [[zhao, ONE_PLUS_ONE, "D01", AT, "正职", "内设科室", ""]]
    return units, cadres, posts


def snapshot() -> tuple[list, list, list]:
    return (
        list(Unit.objects.order_by("pk").values()),
        list(Cadre.objects.order_by("pk").values()),
        list(MiddleLevelPost.objects.order_by("pk").values()),
    )


@pytest.mark.django_db
def test_issue2_formula_like_names_posts_and_sections_round_trip_exactly(clock):
    """The issue: a roster name "=1+1" came back as a formula and failed re-import with
    “姓名：必填项为空”. Now the export holds it as text and the re-import changes nothing."""
    roster_import(actor=None, fileobj=workbook_bytes(*hostile_roster(clock)))
    assert Cadre.objects.filter(name=ONE_PLUS_ONE, current_post=HYPERLINK).exists()
    assert MiddleLevelPost.objects.get().section == AT
    before = snapshot()
    exported = roster_export(full_ids=True)
    assert_safe_workbook(exported, *FORMULAS, "#N/A")
    again = roster_import(actor=None, fileobj=io.BytesIO(exported))
    assert not again.changed and again.cadres_unchanged == 2
    assert snapshot() == before


@pytest.mark.django_db
def test_issue2_a_roster_with_formula_text_imports_as_typed(clock):
    roster_import(actor=None, fileobj=workbook_bytes(*hostile_roster(clock)))
    qian = Cadre.objects.get(name=AT)
    assert (qian.current_post, qian.speciality, qian.native_place) == (PLUS, "#N/A", MINUS)
    assert Unit.objects.get(code="T01").name == ONE_PLUS_ONE


# ------------------------------------------------------------------ issue 4: ID numbers


def all_cell_text(content: bytes) -> str:
    """Every cell of every sheet, and the sheets' raw XML too (what any program would
    read), as one string."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/")]
    return "\n".join([*cell_texts(content), *xml])


@pytest.fixture
def town_people(world):
    town = world["units"]["T01"]
    for name, role in (("town_op", Role.UNIT_OPERATOR), ("town_leader", Role.UNIT_LEADER)):
        User.objects.create(username=name, role=role, unit=town)
    return world


@pytest.mark.parametrize(
    "persona", ["orgdept", "operator", "leader", "other_operator", "town_op", "town_leader"]
)
def test_issue4_no_full_id_number_in_the_roster_export_but_the_offices(
    client, town_people, persona
):
    client.force_login(User.objects.get(username=persona))
    response = client.get(reverse("registry:roster_export"))
    assert response.status_code == 200
    text = all_cell_text(response.content)
    assert FULL_ID.findall(text) == []
    shown = Cadre.objects.filter(name__in=re.findall(r"[甲乙丙][一二]", text))
    assert shown and all(c.masked_id_number in text for c in shown)
    assert formula_cells(response.content) == []


def test_issue4_the_offices_export_carries_every_id_number_in_full(as_user, world):
    text = all_cell_text(as_user("office").get(reverse("registry:roster_export")).content)
    assert {c.id_number for c in Cadre.objects.all()} <= set(FULL_ID.findall(text))


def test_issue4_the_post_sheet_is_masked_too(as_user, world):
    """甲一 holds a middle-level post: the 中层岗位 sheet repeats the ID number."""
    content = as_user("operator").get(reverse("registry:roster_export")).content
    jia = world["cadres"]["甲一"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        posts = archive.read("xl/worksheets/sheet3.xml").decode()
    assert jia.masked_id_number in posts and jia.id_number not in posts


@pytest.mark.django_db
def test_issue4_the_writer_masks_unless_told_otherwise(world):
    text = all_cell_text(roster_export())
    assert FULL_ID.findall(text) == []


def test_issue4_a_masked_export_cannot_be_imported_and_says_why(as_user, world):
    masked = as_user("operator").get(reverse("registry:roster_export")).content
    with pytest.raises(RosterInvalid) as caught:
        roster_import(actor=None, fileobj=io.BytesIO(masked))
    messages = [str(e) for e in caught.value.errors]
    assert any("已隐去部分数字（按权限遮盖的导出件），不能用于导入" in m for m in messages)
