"""manage.py grant_role — give a person a further role, or take it back (ADR 0014).

    manage.py grant_role USER ROLE [--unit CODE] [--note 依据] --by OFFICE_USER
    manage.py grant_role USER ROLE [--unit CODE] --remove --by OFFICE_USER
    manage.py grant_role USER --list

Each grant and revocation is one audit event naming the office member who did it (``--by``).
The juror role is not granted: it comes with a juror seat on a hearing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cadrex.accounts.models import Role, RoleGrant, User
from cadrex.accounts.roles import held_roles
from cadrex.accounts.services import role_grant_add, role_grant_remove
from cadrex.rules import RuleViolation

Unit = User._meta.get_field("unit").related_model  # registry's, reached through the relation


# How a role is held, as --list says it (a registered source, e.g. a juror seat, by its name).
_SOURCES = {"primary": "主要角色", "grant": "兼任", "juror_seat": "评委席位"}


class Command(BaseCommand):
    help = "授予或撤销账号的兼任角色（每次操作记入操作日志）；--list 列出账号担任的全部角色。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", nargs="?", help="、".join(Role.values))
        parser.add_argument("--unit", help="单位代码（单位经办人、单位主要领导须指定）")
        parser.add_argument("--note", default="", help="依据（如任职文件文号）")
        parser.add_argument("--remove", action="store_true", help="撤销而不是授予")
        parser.add_argument("--by", help="办理人（办公室账号的用户名）")
        parser.add_argument("--list", action="store_true", dest="show", help="列出该账号担任的角色")

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为“{username}”的账号。")
        return user

    def handle(self, *args, username, role, unit, note, remove, by, show, **options):
        user = self._user(username)
        if show:
            for held in held_roles(user):
                self.stdout.write(f"  {held.label}（{_SOURCES.get(held.source, held.source)}）")
            return
        if not role:
            raise CommandError("请写明角色：" + "、".join(Role.values))
        if not by:
            raise CommandError("请用 --by 写明办理人（办公室账号的用户名）。")
        actor = self._user(by)
        if actor.role != Role.OFFICE:
            raise CommandError(f"“{by}”不是竞岗交流工作办公室的账号，不能授予或撤销角色。")
        where = None
        if unit:
            where = Unit.objects.filter(code=unit).first()
            if where is None:
                raise CommandError(f"没有代码为“{unit}”的单位。")
        try:
            if remove:
                grant = RoleGrant.objects.filter(user=user, role=role, unit=where).first()
                if grant is None:
                    raise CommandError(f"“{username}”没有这个兼任角色，无需撤销。")
                role_grant_remove(actor=actor, grant=grant, note=note)
                self.stdout.write(f"已撤销：{grant}")
            else:
                grant = role_grant_add(actor=actor, user=user, role=role, unit=where, note=note)
                self.stdout.write(f"已授予：{grant}")
        except RuleViolation as violation:
            raise CommandError(violation.message) from None
