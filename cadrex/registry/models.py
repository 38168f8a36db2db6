"""Units, cadres and the middle-level posts they hold (S1, S2)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cadrex.registry import idnumber


class UnitKind(models.TextChoices):
    TOWN = "town", "镇(街道)"
    DEPARTMENT = "department", "市直属机关部门"
    MASS_ORGANISATION = "mass_organisation", "群团机关"
    PUBLIC_INSTITUTION = "public_institution", "参公事业单位"


class Unit(models.Model):
    code = models.CharField("单位代码", max_length=20, unique=True)
    name = models.CharField("单位名称", max_length=100, unique=True)
    kind = models.CharField("单位类别", max_length=20, choices=UnitKind.choices)
    # S1: vertically-managed units and their people never enter a campaign.
    vertically_managed = models.BooleanField("垂直管理部门", default=False)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def in_scope(self) -> bool:
        return not self.vertically_managed


class Sex(models.TextChoices):
    MALE = "男", "男"
    FEMALE = "女", "女"


class StaffType(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", "公务员"
    MANAGED_AS_CIVIL_SERVANT = "managed_as", "参照公务员法管理"


# Ranks (职级): the 2019 scheme and the older names still found on old files.
RANK_CHOICES = [
    ("一级主任科员", "一级主任科员"),
    ("二级主任科员", "二级主任科员"),
    ("三级主任科员", "三级主任科员"),
    ("四级主任科员", "四级主任科员"),
    ("一级科员", "一级科员"),
    ("二级科员", "二级科员"),
    ("一级调研员", "一级调研员"),
    ("二级调研员", "二级调研员"),
    ("三级调研员", "三级调研员"),
    ("四级调研员", "四级调研员"),
    ("正科级", "正科级"),
    ("副科级", "副科级"),
    ("主任科员", "主任科员（旧称）"),
    ("副主任科员", "副主任科员（旧称）"),
    ("科员", "科员（旧称）"),
    ("办事员", "办事员（旧称）"),
]
RANKS = {value for value, _ in RANK_CHOICES}

EDUCATION_CHOICES = [
    ("博士研究生", "博士研究生"),
    ("硕士研究生", "硕士研究生"),
    ("大学本科", "大学本科"),
    ("大学专科", "大学专科"),
    ("中专", "中专"),
    ("高中", "高中"),
]
EDUCATIONS = {value for value, _ in EDUCATION_CHOICES}

APPRAISAL_GRADES = ("优秀", "称职", "基本称职", "不称职")


class Cadre(models.Model):
    """A person in the roster; the fields the application and appointment forms need."""

    id_number = models.CharField("身份证号", max_length=18, unique=True)
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=20, blank=True)
    native_place = models.CharField("籍贯", max_length=50, blank=True)
    birth_place = models.CharField("出生地", max_length=50, blank=True)
    political_status = models.CharField("政治面貌", max_length=20, blank=True)
    party_join_date = models.DateField("入党时间", null=True, blank=True)
    work_start_date = models.DateField("参加工作时间", null=True, blank=True)
    health = models.CharField("健康状况", max_length=20, blank=True)
    professional_title = models.CharField("专业技术职务", max_length=50, blank=True)
    speciality = models.CharField("熟悉专业有何专长", max_length=100, blank=True)
    fulltime_education = models.CharField(
        "全日制学历", max_length=20, blank=True, choices=EDUCATION_CHOICES
    )
    fulltime_degree = models.CharField("全日制学位", max_length=20, blank=True)
    fulltime_school = models.CharField("全日制毕业院校系及专业", max_length=100, blank=True)
    inservice_education = models.CharField(
        "在职学历", max_length=20, blank=True, choices=EDUCATION_CHOICES
    )
    inservice_degree = models.CharField("在职学位", max_length=20, blank=True)
    inservice_school = models.CharField("在职毕业院校系及专业", max_length=100, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cadres", verbose_name="单位"
    )
    staff_type = models.CharField(
        "人员类别", max_length=20, choices=StaffType.choices, default=StaffType.CIVIL_SERVANT
    )
    current_post = models.CharField("现任职务", max_length=100, blank=True)
    post_since = models.DateField("任现职时间", null=True, blank=True)
    rank = models.CharField("职级", max_length=20, blank=True, choices=RANK_CHOICES)
    rank_since = models.DateField("任现职级时间", null=True, blank=True)
    # {"2023": "称职", ...}: the last years' annual appraisal grades.
    appraisals = models.JSONField("年度考核结果", default=dict, blank=True)
    rewards_and_sanctions = models.CharField("奖惩情况", max_length=500, blank=True)
    sanction_until = models.DateField("处分影响期至", null=True, blank=True)
    probation_until = models.DateField("试用期至", null=True, blank=True)
    resume = models.TextField("简历", blank=True)

    class Meta:
        verbose_name = "干部"
        verbose_name_plural = "干部"
        ordering = ["unit__code", "name", "id"]
        indexes = [
            models.Index(fields=["name"]),
            # The roster list's order and its keyset pages (registry.selectors.cadre_page).
            models.Index(fields=["unit", "name", "id"], name="registry_cadre_list_order"),
        ]
        # On PostgreSQL, migration 0003 adds trigram (GIN) indexes on name and current_post
        # for the list's substring search; SQLite has no such index and scans.

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return idnumber.mask(self.id_number)

    @property
    def education(self) -> str:
        """The higher of full-time and in-service education, for lists."""
        order = [value for value, _ in EDUCATION_CHOICES]
        levels = [e for e in (self.fulltime_education, self.inservice_education) if e]
        return min(levels, key=order.index) if levels else ""


class PostLevel(models.TextChoices):
    CHIEF = "chief", "正职"
    DEPUTY = "deputy", "副职"


class PostKind(models.TextChoices):
    INTERNAL_SECTION = "internal_section", "内设科室"
    DISPATCHED_AGENCY = "dispatched_agency", "派出机构"
    TOWN_SECTION_LEVEL = "town_section_level", "享受股级待遇岗位"


class MiddleLevelPost(models.Model):
    """S2: a middle-level post held by one cadre. The unit's headcount counts these rows."""

    cadre = models.OneToOneField(
        Cadre, on_delete=models.CASCADE, related_name="middle_level_post", verbose_name="干部"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="middle_level_posts", verbose_name="单位"
    )
    section = models.CharField("科室（机构）", max_length=100)
    level = models.CharField("正副职", max_length=10, choices=PostLevel.choices)
    kind = models.CharField(
        "岗位类别", max_length=20, choices=PostKind.choices, default=PostKind.INTERNAL_SECTION
    )
    since = models.DateField("任职时间", null=True, blank=True)

    class Meta:
        verbose_name = "中层岗位"
        verbose_name_plural = "中层岗位"
        ordering = ["unit__code", "section", "level"]
        constraints = [
            # S2: the level is chief or deputy, nothing else (the form's choices are not enough).
            models.CheckConstraint(
                condition=Q(level__in=["chief", "deputy"]), name="middle_level_post_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section}{self.get_level_display()}"

    @property
    def title(self) -> str:
        return f"{self.section}（{self.get_level_display()}）"


class CadrePhoto(models.Model):
    """A cadre's photo for the forms' photo box: the image bytes in the database (one
    database holds everything on SQLite and PostgreSQL alike; a photo is at most 2 MB)."""

    cadre = models.OneToOneField(
        Cadre, on_delete=models.CASCADE, related_name="photo", verbose_name="干部"
    )
    content = models.BinaryField("照片")
    content_type = models.CharField("图片类型", max_length=20)
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "干部照片"
        verbose_name_plural = "干部照片"

    def __str__(self) -> str:
        return f"{self.cadre}的照片"
