"""B1–B2, the unit's declaration and its publication: the one definition of each refusal.

- B1: who may sign up (:func:`general_cadre_problem`, :func:`check_signup`,
  :func:`check_signup_withdrawal`); whom a unit sends out (:func:`check_exchange_candidate`);
  the declaration editable until submitted (:func:`check_declaration_editable`), returned or
  let out of balance by the office, with a reason (:func:`check_return`,
  :func:`check_balance_exception`). The balance itself: :func:`cadrex.rules.exchange.check_balance`.
- B2: the vacancies fixed once published (:func:`check_not_published`), the later steps
  waiting for them (:func:`check_published`), and their publication
  (:func:`check_publication`). The count itself: :func:`cadrex.rules.exchange.vacancy_count`.

The services gather the facts (who signed up, which units declared what) and call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cadrex.rules.errors import RuleViolation
from cadrex.rules.scope import HeldPost, UnitFacts, is_middle_level_post, scope_problem

__all__ = [
    "check_balance_exception",
    "check_declaration_editable",
    "check_exchange_candidate",
    "check_not_published",
    "check_publication",
    "check_published",
    "check_return",
    "check_signup",
    "check_signup_withdrawal",
    "general_cadre_problem",
    "unit_list",
]


# ------------------------------------------------------------------ B1 sign-up, declaration


def general_cadre_problem(
    cadre: Any, *, unit: UnitFacts, post: HeldPost | None = None, post_title: str = ""
) -> str | None:
    """S1 and B1: why ``cadre`` cannot be an exchange candidate, or None.

    The unit must be in scope (S1); the person must be a general cadre, i.e. hold no
    middle-level post (``post``, titled ``post_title``; S2 decides what counts as one).
    """
    problem = scope_problem(unit)
    if problem:
        return problem
    if post is not None and is_middle_level_post(post, unit.kind):
        return (
            f"{cadre}现任中层岗位（{post_title}），不属于一般干部，不参加一般干部跨单位双向选择。"
        )
    return None


def check_signup(*, problem: str | None, signed_up: bool) -> None:
    """B1: a general cadre of an in-scope unit (``problem``: why not, from
    :func:`general_cadre_problem`) signs up once; a withdrawn sign-up may be renewed."""
    if problem:
        raise RuleViolation("B1", problem)
    if signed_up:
        raise RuleViolation("B1", "您已报名参加一般干部跨单位双向选择，无需重复报名。")


def check_signup_withdrawal(*, signed_up: bool, picked: bool) -> None:
    """B1: a sign-up is withdrawn by its cadre until the unit picks them as a candidate."""
    if not signed_up:
        raise RuleViolation("B1", "您尚未报名，无需撤回。")
    if picked:
        raise RuleViolation(
            "B1", "本单位已将您确定为交流对象，不能自行撤回报名；如有特殊情况请与本单位联系。"
        )


def check_declaration_editable(*, submitted: bool) -> None:
    """B1: a unit changes its declaration until it submits it (the office may return it)."""
    if submitted:
        raise RuleViolation(
            "B1", "本单位交流对象和缺员人数已报送，如需修改请联系竞岗交流工作办公室退回。"
        )


def check_exchange_candidate(
    cadre: Any, *, own_unit: bool, problem: str | None, signed_up: bool, reason: str
) -> None:
    """B1: a unit sends out its own general cadres (``problem``: why one is not, from
    :func:`general_cadre_problem`), chosen from those who signed up; anybody else only with
    a written ``reason``."""
    if not own_unit:
        raise RuleViolation("B1", "只能从本单位干部中确定交流对象。", field="candidates")
    if problem:
        raise RuleViolation("B1", problem, field="candidates")
    if not signed_up and not (reason or "").strip():
        raise RuleViolation(
            "B1", f"{cadre}未本人报名，确定为交流对象须填写理由。", field="candidates"
        )


def check_return(unit: Any, *, reason: str, submitted: bool) -> str:
    """B1: the office returns a submitted declaration, saying why. Returns the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("B1", "退回时须填写退回原因。", field="reason")
    if not submitted:
        raise RuleViolation("B1", f"{unit}尚未报送，无需退回。")
    return reason


def check_balance_exception(
    unit: Any, *, reason: str, allowed: bool, difference: int | None = None
) -> str:
    """B1: the office lets one unit be out of balance, once, saying why. Returns the reason.
    A unit whose people sent out equal its vacancies (``difference`` 0) needs no exception."""
    reason = (reason or "").strip()
    if difference == 0:
        raise RuleViolation("B1", f"{unit}交流对象人数与缺员人数相等，无需例外处理。")
    if not reason:
        raise RuleViolation("B1", "同意进出不平衡例外时须写明理由。", field="reason")
    if allowed:
        raise RuleViolation("B1", f"已同意{unit}例外处理，无需重复办理。")
    return reason


# ------------------------------------------------------------------ B2 publication


def check_not_published(*, published: bool) -> None:
    """B2: once the vacancies are published, no unit changes its people or vacancies."""
    if published:
        raise RuleViolation("B2", "各单位缺员人数已经公布，交流对象和缺员人数不能再修改。")


def check_published(rule: str, *, published: bool) -> None:
    """B2: the later steps (``rule``: B3, B4, B5) wait for the published vacancies."""
    if not published:
        raise RuleViolation(rule, "竞岗交流工作办公室尚未公布各单位缺员人数。")


def unit_list(units: Sequence[Any], shown: int = 10) -> str:
    """Units named in a message: the first ``shown``, then how many in all."""
    names = "、".join(str(u) for u in units[:shown])
    return names if len(units) <= shown else f"{names}等 {len(units)} 个单位"


def check_publication(
    *,
    published: bool,
    waiting: Sequence[Any],
    submitted: int,
    undeclared: Sequence[Any],
    acknowledged: bool,
) -> None:
    """B2: the office publishes every unit's vacancies once, after every unit that started a
    declaration submitted it (``waiting``: those that did not), with at least one
    ``submitted``. In-scope units that declared nothing (``undeclared``) take no part, once
    the office has seen their names and ticked that it knows (``acknowledged``)."""
    if published:
        raise RuleViolation("B2", "各单位缺员人数已经公布，不能重复公布。")
    if waiting:
        raise RuleViolation("B2", f"以下单位尚未报送交流对象和缺员人数：{unit_list(waiting)}。")
    if not submitted:
        raise RuleViolation("B2", "还没有单位报送交流对象和缺员人数，无可公布。")
    if undeclared and not acknowledged:
        raise RuleViolation(
            "B2",
            f"以下 {len(undeclared)} 个单位没有报送交流对象和缺员人数：{unit_list(undeclared)}。"
            "如确认这些单位本次不参加双向选择，请勾选确认后再公布。",
            field="acknowledge_undeclared",
        )
