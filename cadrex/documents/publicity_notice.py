"""The pre-appointment publicity notice (任前公示, A11), as plain values and as a printable PDF.

What a notice must show of each person, and nothing more: name, sex, birth month (never the
day), ethnicity, native place, party membership, full-time and in-service education, current
and proposed post; the period (its working days) and where to report. No ID number, no
birth day, no phone of the person. ``cadrex/notices/selectors.py`` builds these values from
the records; the public page and this PDF print the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cadrex.documents.pdf import render_pdf

UNKNOWN = "—"  # a field the roster does not hold: shown blank, never invented (FORMS.md)


@dataclass(frozen=True)
class PublicityPerson:
    name: str
    sex: str
    birth: str  # 出生年月, e.g. "1985年3月"
    ethnicity: str
    native_place: str
    party: str  # 政治面貌, e.g. "中共党员"
    party_joined: str  # 入党时间, e.g. "2008年7月"; "" when not a member
    fulltime_education: str  # e.g. "大学本科学历、法学学士学位"; "" when none
    inservice_education: str
    current_post: str  # 现任职务 (as it stood before the move); "" when none is held
    current_unit: str  # the unit applied from: ``现在……工作`` when no post is held
    proposed_post: str  # 拟任职务
    published: bool = False  # the appointment was published after the publicity (已任职)

    @property
    def summary(self) -> str:
        """The notice's paragraph on the person, skipping what the roster does not hold:
        ``张三，男，1985年3月生，汉族，浙江杭州人，中共党员（2008年7月入党），全日制教育大学本科
        学历、法学学士学位，现任……，拟任……。``"""
        parts = [
            self.name,
            self.sex,
            f"{self.birth}生" if self.birth else "",
            self.ethnicity,
            f"{self.native_place}人" if self.native_place else "",
            self.party_line if self.party else "",
            f"全日制教育{self.fulltime_education}" if self.fulltime_education else "",
            f"在职教育{self.inservice_education}" if self.inservice_education else "",
            f"现任{self.current_post}" if self.current_post else f"现在{self.current_unit}工作",
            f"拟任{self.proposed_post}",
        ]
        return "，".join(p for p in parts if p) + "。"

    @property
    def party_line(self) -> str:
        """政治面貌 with 入党时间: ``中共党员（2008年7月入党）``."""
        if self.party and self.party_joined:
            return f"{self.party}（{self.party_joined}入党）"
        return self.party or UNKNOWN

    @property
    def education_line(self) -> str:
        parts = []
        if self.fulltime_education:
            parts.append(f"全日制教育：{self.fulltime_education}")
        if self.inservice_education:
            parts.append(f"在职教育：{self.inservice_education}")
        return "；".join(parts) or UNKNOWN


@dataclass(frozen=True)
class PublicityPeriod:
    """The people whose publicity runs over the same days."""

    start: date
    end: date
    working_days: int
    people: tuple[PublicityPerson, ...]


@dataclass(frozen=True)
class ReportingContact:
    """Where the public reports (受理): the leading group's office (C1)."""

    office: str  # e.g. "市委组织部（竞岗交流工作领导小组办公室）"
    phone: str  # "" when the office has not given one
    address: str  # "" likewise

    @property
    def complete(self) -> bool:
        return bool(self.phone and self.address)


@dataclass(frozen=True)
class PublicityNotice:
    campaign: str
    periods: tuple[PublicityPeriod, ...]
    contact: ReportingContact
    issued_on: date | None  # the first day of the latest period: the notice's date

    @property
    def people(self) -> int:
        return sum(len(period.people) for period in self.periods)


def publicity_notice_pdf(notice: PublicityNotice) -> bytes:
    return render_pdf("documents/publicity_notice.html", {"notice": notice})
