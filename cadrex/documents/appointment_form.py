"""《干部任免审批表》 — the appointment approval form (A11): .docx, .pdf and .lrmx.

One dict of field values (``form_values``) feeds all three renderers, so the three files
always agree. The photo and the family members print when the caller gives them (the
cadre's stored photo; the rows the unit entered for the appointment); otherwise they, like
the seals, stay blank for hand completion (FORMS.md); nothing is invented.
"""

from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from cadrex.documents.application_form import photo_type, photo_uri
from cadrex.documents.pdf import render_pdf
from cadrex.documents.values import ApprovalForm, cn_date
from cadrex.documents.xlsx import xml_text

FAMILY_ROWS = 7


def _ym(d: date | None, sep: str = ".") -> str:
    return f"{d:%Y}{sep}{d:%m}" if d else ""


def appraisal_text(appraisals: Iterable[tuple[str, str]]) -> str:
    """FORMS.md: ``2012年：优秀；2013年：称职；2014年：称职`` (the last three years)."""
    return "；".join(f"{y}年：{grade}" for y, grade in sorted(appraisals)[-3:])


def form_values(form: ApprovalForm) -> dict:
    """The form's fields as the three files print them."""
    return {
        "name": form.name,
        "sex": form.sex,
        "birth": f"{_ym(form.birth_date)}（{form.age}岁）",
        "birth_yyyymm": _ym(form.birth_date, ""),
        "ethnicity": form.ethnicity,
        "native_place": form.native_place,
        "birth_place": form.birth_place,
        "party_join": _ym(form.party_join_date),
        "party_join_yyyymm": _ym(form.party_join_date, ""),
        "work_start": _ym(form.work_start_date),
        "work_start_yyyymm": _ym(form.work_start_date, ""),
        "health": form.health,
        "professional_title": form.professional_title,
        "speciality": form.speciality,
        "ft_education": form.ft_education,
        "ft_degree": form.ft_degree,
        "ft_school": form.ft_school,
        "is_education": form.is_education,
        "is_degree": form.is_degree,
        "is_school": form.is_school,
        "current_post": form.current_post,
        "proposed_post": form.proposed_post,
        "post_to_leave": form.post_to_leave,
        "resume": form.resume,
        "rewards": form.rewards or "无",
        "appraisals": appraisal_text(form.appraisals),
        "reason": form.reason,
        "family": list(form.family)[:FAMILY_ROWS],
        "family_all": list(form.family),
        "photo": form.photo if photo_type(form.photo) else b"",
        "submitting_unit": form.submitting_unit,
        "id_number": form.id_number,
        "filled_on": form.filled_on,
        "filled_by": form.filled_by,
    }


def appointment_form_pdf(form: ApprovalForm) -> bytes:
    values = form_values(form)
    return render_pdf(
        "documents/appointment_form.html",
        {
            "v": values,
            "family_blank": range(FAMILY_ROWS - len(values["family"])),
            "photo": photo_uri(values["photo"]),
        },
    )


def _docx_photo(top, below, photo: bytes) -> None:
    """The photo in the box (the first two rows' last cells merged), 2.5 × 3.5 cm."""
    if not photo:
        return
    box = top.merge(below)
    box.text = ""
    try:
        box.paragraphs[0].add_run().add_picture(io.BytesIO(photo), width=Cm(2.5), height=Cm(3.5))
    except Exception:  # python-docx cannot read it: the box stays for a pasted photo
        box.text = "照片"
    box.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def appointment_form_docx(form: ApprovalForm) -> bytes:
    v = form_values(form)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "SimSun", Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("干部任免审批表")
    run.bold, run.font.size = True, Pt(20)
    table = doc.add_table(rows=0, cols=6)
    table.style = "Table Grid"

    def row(*cells):
        r = table.add_row().cells
        col = 0
        for text, span in cells:
            cell = r[col]
            if span > 1:
                cell = cell.merge(r[col + span - 1])
            cell.text = xml_text(str(text))
            col += span

    row(("姓名", 1), (v["name"], 1), ("性别", 1), (v["sex"], 1), ("照片", 2))
    row(("出生年月（岁）", 1), (v["birth"], 1), ("民族", 1), (v["ethnicity"], 1), ("", 2))
    _docx_photo(table.rows[0].cells[4], table.rows[1].cells[4], v["photo"])
    row(("籍贯", 1), (v["native_place"], 1), ("出生地", 1), (v["birth_place"], 3))
    row(
        ("入党时间", 1),
        (v["party_join"], 1),
        ("参加工作时间", 1),
        (v["work_start"], 1),
        ("健康状况", 1),
        (v["health"], 1),
    )
    row(
        ("专业技术职务", 1),
        (v["professional_title"], 1),
        ("熟悉专业有何专长", 1),
        (v["speciality"], 3),
    )
    row(
        ("全日制教育", 1),
        (f"{v['ft_education']} {v['ft_degree']}".strip(), 2),
        ("毕业院校系及专业", 1),
        (v["ft_school"], 2),
    )
    row(
        ("在职教育", 1),
        (f"{v['is_education']} {v['is_degree']}".strip(), 2),
        ("毕业院校系及专业", 1),
        (v["is_school"], 2),
    )
    row(("现任职务", 1), (v["current_post"], 5))
    row(("拟任职务", 1), (v["proposed_post"], 5))
    row(("拟免职务", 1), (v["post_to_leave"], 5))
    row(("简历", 1), (v["resume"], 5))
    row(("奖惩情况", 1), (v["rewards"], 5))
    row(("年度考核结果", 1), (v["appraisals"], 5))
    row(("任免理由", 1), (v["reason"], 5))
    row(("家庭主要成员及重要社会关系", 6))
    row(("称谓", 1), ("姓名", 1), ("出生年月", 1), ("政治面貌", 1), ("工作单位及职务", 2))
    for m in v["family"]:
        row((m.relation, 1), (m.name, 1), (m.born, 1), (m.politics, 1), (m.work, 2))
    for _ in range(FAMILY_ROWS - len(v["family"])):
        row(("", 1), ("", 1), ("", 1), ("", 1), ("", 2))
    row(("呈报单位", 1), (f"{v['submitting_unit']}　　　{cn_date(v['filled_on'])}", 5))
    row(("审批机关意见", 1), ("（盖章）　　年　月　日", 5))
    row(("行政机关任免意见", 1), ("（盖章）　　年　月　日", 5))
    doc.add_paragraph(xml_text(f"填表人：{v['filled_by']}"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# The node order of the national appointment-form software's file (FORMS.md).
LRMX_FIELDS = (
    ("XingMing", "name"),
    ("XingBie", "sex"),
    ("ChuShengNianYue", "birth_yyyymm"),
    ("MinZu", "ethnicity"),
    ("JiGuan", "native_place"),
    ("ChuShengDi", "birth_place"),
    ("RuDangShiJian", "party_join_yyyymm"),
    ("CanJiaGongZuoShiJian", "work_start_yyyymm"),
    ("JianKangZhuangKuang", "health"),
    ("ZhuanYeJiShuZhiWu", "professional_title"),
    ("ShuXiZhuanYeYouHeZhuanChang", "speciality"),
    ("QuanRiZhiJiaoYu_XueLi", "ft_education"),
    ("QuanRiZhiJiaoYu_XueWei", "ft_degree"),
    ("QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "ft_school"),
    ("QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "ft_school_degree"),
    ("ZaiZhiJiaoYu_XueLi", "is_education"),
    ("ZaiZhiJiaoYu_XueWei", "is_degree"),
    ("ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "is_school"),
    ("ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "is_school_degree"),
    ("XianRenZhiWu", "current_post"),
    ("NiRenZhiWu", "proposed_post"),
    ("NiMianZhiWu", "post_to_leave"),
    ("JianLi", "resume_lrmx"),
    ("JiangChengQingKuang", "rewards"),
    ("NianDuKaoHeJieGuo", "appraisals"),
    ("RenMianLiYou", "reason"),
)
LRMX_TAIL = (
    ("ChengBaoDanWei", "submitting_unit"),
    ("JiSuanNianLingShiJian", "age_date"),
    ("TianBiaoShiJian", "filled_date"),
    ("TianBiaoRen", "filled_by"),
    ("ShenFenZheng", "id_number"),
    ("ZhaoPian", "photo"),
    ("Version", "version"),
)


def appointment_form_lrmx(form: ApprovalForm) -> bytes:
    v = form_values(form)
    v |= {
        # The degree's school is the same line as the education's when only one is known.
        "ft_school_degree": v["ft_school"] if v["ft_degree"] else "",
        "is_school_degree": v["is_school"] if v["is_degree"] else "",
        "resume_lrmx": v["resume"].replace("—", "--"),
        "age_date": f"{v['filled_on']:%Y%m%d}",
        "filled_date": f"{v['filled_on']:%Y%m%d}",
        "photo": base64.b64encode(v["photo"]).decode("ascii"),
        "version": "1.0",
    }
    person = ET.Element("Person")
    for tag, key in LRMX_FIELDS:
        ET.SubElement(person, tag).text = xml_text(v[key])
    family = ET.SubElement(person, "JiaTingChengYuan")
    for member in v["family_all"][:10]:
        item = ET.SubElement(family, "Item")
        for tag, text in (
            ("ChengWei", member.relation),
            ("XingMing", member.name),
            ("ChuShengRiQi", member.born.replace(".", "")),
            ("ZhengZhiMianMao", member.politics),
            ("GongZuoDanWeiJiZhiWu", member.work),
        ):
            ET.SubElement(item, tag).text = xml_text(text)
    for tag, key in LRMX_TAIL:
        ET.SubElement(person, tag).text = xml_text(v[key])
    ET.indent(person)
    return ET.tostring(person, encoding="utf-8", xml_declaration=True)
