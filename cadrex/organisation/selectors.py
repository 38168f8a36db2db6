"""C1 reads: the leading group and its office, and each unit's responsible leader and task
team, as the page and the printable list show them (a few queries, whatever the city's size)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cadrex.campaigns.models import Campaign
from cadrex.organisation.models import (
    BODY_POSITIONS,
    Body,
    GroupMember,
    GroupOffice,
    ResponsibleLeader,
    TaskTeamMember,
)
from cadrex.registry.models import Unit


@dataclass
class UnitTeam:
    """One unit's responsible leader (None until named) and its task team."""

    unit: Unit
    leader: ResponsibleLeader | None = None
    team: list[TaskTeamMember] = field(default_factory=list)


@dataclass
class Organisation:
    """C1 as a whole: the leading group, its office and members, the units' teams."""

    campaign: Campaign
    leading_group: list[GroupMember]
    office_members: list[GroupMember]
    office: GroupOffice | None
    units: list[UnitTeam]

    @property
    def units_without_leader(self) -> list[Unit]:
        return [row.unit for row in self.units if row.leader is None]

    @property
    def units_without_team(self) -> list[Unit]:
        return [row.unit for row in self.units if not row.team]


def group_office(campaign: Campaign) -> GroupOffice | None:
    return GroupOffice.objects.filter(campaign=campaign).first()


def unit_teams(campaign: Campaign, units) -> list[UnitTeam]:
    """Each of ``units`` (a queryset) with its responsible leader and task team."""
    rows = {unit.pk: UnitTeam(unit) for unit in units.order_by("code")}
    leaders = ResponsibleLeader.objects.filter(campaign=campaign, unit_id__in=list(rows))
    for leader in leaders:
        row = rows[leader.unit_id]
        leader.unit, row.leader = row.unit, leader
    members = TaskTeamMember.objects.filter(campaign=campaign, unit_id__in=list(rows))
    for member in members.order_by("unit_id", "seq", "id"):
        row = rows[member.unit_id]
        member.unit = row.unit
        row.team.append(member)
    return list(rows.values())


def organisation(campaign: Campaign, units) -> Organisation:
    """The leading group and its office, and the teams of ``units`` (those the reader may
    see: every unit in scope for the office, their own for a unit)."""
    members = sorted(
        GroupMember.objects.filter(campaign=campaign),
        key=lambda m: (BODY_POSITIONS[m.body].index(m.position), m.seq, m.pk),
    )
    return Organisation(
        campaign=campaign,
        leading_group=[m for m in members if m.body == Body.LEADING_GROUP],
        office_members=[m for m in members if m.body == Body.OFFICE],
        office=group_office(campaign),
        units=unit_teams(campaign, units),
    )
