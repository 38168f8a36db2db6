"""A fictional city (青川市) for the demo and for tests: units, cadres, middle-level posts.

Everything is made up and deterministic for a given seed: names are drawn from common
surnames and given-name characters, ID numbers use an invented region code (3399xx) with
a correct GB 11643 check digit. The city comes out as a roster workbook, so the demo is
loaded through the same import path an office uses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from cadrex.registry import idnumber
from cadrex.registry.roster import CADRE_COLUMNS, roster_workbook

CITY = "青川市"

TOWNS = [
    "东湖街道",
    "凤鸣街道",
    "梧桐街道",
    "龙翔街道",
    "石桥镇",
    "濮院镇",
    "屠甸镇",
    "崇福镇",
    "洲泉镇",
    "大麻镇",
    "河山镇",
    "乌镇镇",
]
DEPARTMENTS = [
    "市委办公室",
    "市人大常委会办公室",
    "市政府办公室",
    "市政协办公室",
    "市纪委市监委机关",
    "市委组织部",
    "市委宣传部",
    "市委统战部",
    "市委政法委",
    "市委政策研究室",
    "市委编办",
    "市委老干部局",
    "市委党校",
    "市发展和改革局",
    "市经济和信息化局",
    "市教育局",
    "市科学技术局",
    "市民族宗教事务局",
    "市公安局",
    "市民政局",
    "市司法局",
    "市财政局",
    "市人力资源和社会保障局",
    "市自然资源和规划局",
    "市生态环境局",
    "市住房和城乡建设局",
    "市交通运输局",
    "市水利局",
    "市农业农村局",
    "市商务局",
    "市文化和广电旅游体育局",
    "市卫生健康局",
    "市退役军人事务局",
    "市应急管理局",
    "市审计局",
    "市市场监督管理局",
    "市统计局",
    "市医疗保障局",
    "市综合行政执法局",
    "市信访局",
    "市机关事务管理局",
    "市投资促进中心",
    "市档案馆",
    "市供销合作社",
    "市人民法院",
    "市人民检察院",
    "市数据资源管理局",
    "市行政审批局",
    "市城市管理局",
    "市国资办",
]
MASS_ORGANISATIONS = [
    "市总工会",
    "团市委",
    "市妇联",
    "市科协",
    "市文联",
    "市残联",
    "市工商联",
    "市侨联",
]
PUBLIC_INSTITUTIONS = ["市社会保险服务中心", "市公积金管理中心"]
VERTICAL = ["国家税务总局青川市税务局", "青川市气象局", "国家统计局青川调查队", "青川市烟草专卖局"]

SECTIONS = [
    "办公室",
    "综合科",
    "政策法规科",
    "财务审计科",
    "人事科",
    "规划发展科",
    "业务一科",
    "业务二科",
    "监督检查科",
    "宣传教育科",
    "信息中心",
    "执法大队",
    "服务中心",
    "安全管理科",
]
TOWN_SECTIONS = [
    "党政办公室",
    "经济发展办公室",
    "社会事务办公室",
    "平安建设办公室",
    "农业农村办公室",
    "城镇建设办公室",
    "财政办公室",
    "党建工作办公室",
    "综合行政执法队",
    "便民服务中心",
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红娟建国文斌宇浩凯鹏飞晨曦悦琳瑶婷雪"
    "峰亮欣怡佳琪思远志宏海燕春梅子涵一鸣嘉怡俊杰梓萱若溪晓东卫东振华立新国栋雨桐博文天佑"
)
ETHNICITIES = ["汉族"] * 48 + ["回族", "满族"]
PLACES = ["浙江青川", "浙江嘉兴", "浙江杭州", "浙江湖州", "江苏苏州", "浙江绍兴", "安徽宣城"]
SCHOOLS = [
    "浙江大学法学院法学专业",
    "浙江工商大学财务与会计学院会计学专业",
    "浙江师范大学文学院汉语言文学专业",
    "杭州电子科技大学计算机学院计算机科学与技术专业",
    "浙江工业大学土木工程学院土木工程专业",
    "中共浙江省委党校经济管理专业",
    "浙江农林大学农业与食品科学学院农学专业",
    "宁波大学商学院工商管理专业",
]
DEPUTY_RANKS = ["四级主任科员", "三级主任科员", "二级主任科员"]
CHIEF_RANKS = ["二级主任科员", "一级主任科员", "一级主任科员"]


@dataclass(frozen=True)
class CitySize:
    """How big a city to build; the demo uses the default, tests and bench other sizes."""

    cadres: int = 3000
    seed: int = 2014


def _units() -> list[list]:
    rows = [[f"T{i + 1:02d}", name, "镇(街道)", "否"] for i, name in enumerate(TOWNS)]
    rows += [[f"D{i + 1:02d}", name, "市直属机关部门", "否"] for i, name in enumerate(DEPARTMENTS)]
    rows += [[f"M{i + 1:02d}", name, "群团机关", "否"] for i, name in enumerate(MASS_ORGANISATIONS)]
    rows += [
        [f"P{i + 1:02d}", name, "参公事业单位", "否"] for i, name in enumerate(PUBLIC_INSTITUTIONS)
    ]
    rows += [[f"V{i + 1:02d}", name, "市直属机关部门", "是"] for i, name in enumerate(VERTICAL)]
    return rows


def _unit_weights(units: list[list], rng: random.Random) -> list[float]:
    """Towns are big, departments vary, mass organisations are small."""
    weights = []
    for code, *_ in units:
        base = {"T": 3.0, "D": 1.1, "M": 0.45, "P": 0.8, "V": 0.9}[code[0]]
        weights.append(base * rng.uniform(0.7, 1.4))
    return weights


def _middle_level_quota(code: str, size: int, rng: random.Random) -> int:
    """Some departments have 8 or more middle-level cadres (A1 threshold), some fewer."""
    if code[0] == "T":
        return min(size // 5, rng.randint(10, 16))
    if code[0] == "D":
        return min(size // 3, rng.choice([3, 4, 5, 6, 7, 8, 9, 10, 12, 14]))
    return min(size // 3, rng.randint(2, 6))


class _People:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.ids: set[str] = set()

    def name(self) -> str:
        rng = self.rng
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        return rng.choice(SURNAMES) + given

    def id_number(self, born: date, male: bool) -> str:
        while True:
            region = f"3399{self.rng.randint(1, 9):02d}"
            seq = self.rng.randint(0, 499) * 2 + (1 if male else 0)
            first17 = f"{region}{born:%Y%m%d}{seq:03d}"
            number = first17 + idnumber.check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number


def _ym(d: date) -> str:
    return f"{d.year}.{d.month:02d}"


def post_title(section: str, chief: bool) -> str:
    """A plausible post name: 办公室主任 / 综合科副科长 / 执法大队副队长."""
    for ending, head in (
        ("办公室", "主任"),
        ("室", "主任"),
        ("科", "科长"),
        ("中心", "主任"),
        ("队", "队长"),
    ):
        if section.endswith(ending):
            return f"{section}{'' if chief else '副'}{head}"
    return f"{section}{'负责人' if chief else '副职负责人'}"


def _party_date(work: date, today: date, rng: random.Random) -> date:
    """Joined the party a few years before or after starting work, never in the future."""
    year = min(work.year + rng.randint(-3, 5), today.year - 1)
    return date(year, rng.randint(1, 12), 1)


def _in_city(name: str) -> str:
    """青川市 + 市委办公室 → 青川市委办公室; names that already carry the city stay as they are."""
    if name.startswith("市"):
        return CITY + name[1:]
    return name if "市" in name else CITY + name


def _after(start: date, today: date, rng: random.Random) -> date:
    """A month between ``start`` and last year, never before ``start``."""
    year = rng.randint(start.year, max(start.year, today.year - 1))
    first_month = start.month if year == start.year else 1
    return date(year, rng.randint(first_month, 12), 1)


def _general_rank(work: date, today: date, rng: random.Random) -> str:
    """General cadres' ranks grow with their years of service (2019 scheme)."""
    years = today.year - work.year
    if years < 3:
        return rng.choice(["一级科员", "二级科员"])
    if years < 8:
        return rng.choice(["一级科员", "四级主任科员"])
    return rng.choice(["四级主任科员", "三级主任科员", "二级主任科员"])


def _cadre_row(people: _People, unit: list, today: date, post: str, rank: str | None, rng) -> list:
    male = rng.random() < 0.58
    born = date(
        rng.randint(today.year - 58, today.year - 24), rng.randint(1, 12), rng.randint(1, 28)
    )
    work = date(min(born.year + rng.randint(21, 25), today.year - 1), rng.choice([7, 8, 9]), 1)
    post_since = _after(work, today, rng)
    rank_since = _after(work, today, rng)
    rank = rank or _general_rank(work, today, rng)
    party = rng.random() < 0.8
    school = rng.choice(SCHOOLS)
    edu = rng.choices(["大学本科", "硕士研究生", "大学专科"], weights=[70, 18, 12])[0]
    degree = {"大学本科": "学士", "硕士研究生": "硕士", "大学专科": ""}[edu]
    # Annual appraisals exist only for the years the person has worked.
    grades = {
        str(y): rng.choices(["称职", "优秀", "基本称职"], weights=[76, 22, 2])[0]
        for y in range(max(today.year - 3, work.year), today.year)
    }
    where = _in_city(unit[1])
    if post_since == work or post == "科员":
        resume = f"{_ym(work)}—          {where}{post}"
    else:
        resume = (
            f"{_ym(work)}—{_ym(post_since)}  {where}科员\n{_ym(post_since)}—          {where}{post}"
        )
    values = {
        "id_number": people.id_number(born, male),
        "name": people.name(),
        "sex": "男" if male else "女",
        "unit": unit[0],
        "staff_type": "参照公务员法管理" if unit[0][0] in "MP" else "公务员",
        "current_post": post,
        "post_since": _ym(post_since),
        "rank": rank,
        "rank_since": _ym(rank_since),
        "ethnicity": rng.choice(ETHNICITIES),
        "native_place": rng.choice(PLACES),
        "birth_place": rng.choice(PLACES),
        "political_status": "中共党员" if party else rng.choice(["群众", "民盟盟员", "共青团员"]),
        "party_join_date": _ym(_party_date(work, today, rng)) if party else "",
        "work_start_date": _ym(work),
        "health": "健康",
        "professional_title": "",
        "speciality": "",
        "fulltime_education": edu,
        "fulltime_degree": degree,
        "fulltime_school": school,
        "inservice_education": "",
        "inservice_degree": "",
        "inservice_school": "",
        "appraisals": ";".join(f"{y}:{g}" for y, g in grades.items()),
        "rewards_and_sanctions": "",
        "sanction_until": "",
        "probation_until": "",
        "resume": resume,
    }
    return [values[c.field] for c in CADRE_COLUMNS]


def build_city(size: CitySize, today: date) -> tuple[list[list], list[list], list[list]]:
    """(unit rows, cadre rows, post rows) in the roster template's column order."""
    rng = random.Random(size.seed)
    people = _People(rng)
    units = _units()
    weights = _unit_weights(units, rng)
    total_weight = sum(weights)
    counts = [max(6, round(size.cadres * w / total_weight)) for w in weights]
    # Rounding drifts by a few people; the largest unit absorbs it so the total is exact.
    counts[counts.index(max(counts))] += size.cadres - sum(counts)
    cadre_rows, post_rows = [], []
    id_at = [c.field for c in CADRE_COLUMNS].index("id_number")
    for unit, count in zip(units, counts, strict=True):
        sections = TOWN_SECTIONS if unit[0][0] == "T" else SECTIONS
        quota = _middle_level_quota(unit[0], count, rng)
        for i in range(count):
            if i < quota:
                section = sections[(i // 2) % len(sections)]
                chief = i % 2 == 0
                level = "正职" if chief else "副职"
                rank = rng.choice(CHIEF_RANKS if chief else DEPUTY_RANKS)
                title = post_title(section, chief)
                row = _cadre_row(people, unit, today, title, rank, rng)
                kind = "享受股级待遇岗位" if unit[0][0] == "T" else "内设科室"
                since = row[[c.field for c in CADRE_COLUMNS].index("post_since")]
                post_rows.append([row[id_at], row[1], unit[0], section, level, kind, since])
            else:
                row = _cadre_row(people, unit, today, "科员", None, rng)
            cadre_rows.append(row)
    return units, cadre_rows, post_rows


def city_workbook(size: CitySize, today: date) -> bytes:
    """The fictional city as an importable roster workbook."""
    units, cadres, posts = build_city(size, today)
    return roster_workbook(units, cadres, posts)
