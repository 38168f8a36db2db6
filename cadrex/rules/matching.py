"""B5: two-way matching (双向选择匹配) of exchange candidates and units.

Each exchange candidate lists up to ``max_preferences`` units in order (B3); each unit proposes,
in its own order, up to ``proposal_ratio × vacancies`` of those who listed it (B4). A pair is
*acceptable* when each lists the other. A matching puts each cadre in at most one acceptable
unit and each unit takes at most its vacancies. It is *stable* when no acceptable pair would
both rather have each other: the cadre is unplaced or prefers the unit to their own, and the
unit has a free seat or holds someone it ranks below the cadre.

:func:`match` runs deferred acceptance (Gale–Shapley, in McVitie–Wilson's one-at-a-time form).
Cadre-proposing (the default) gives the stable matching every cadre likes best of all stable
matchings, and no cadre can gain by listing their units out of their true order (deferred
acceptance is strategy-proof for the proposing side; with at most 2 units per list, *which*
units to list still takes judgement). ``proposing="units"`` gives the stable matching every
unit likes best. By the rural-hospitals theorem both place the same cadres and
fill each unit with the same number of people; they may differ in who goes where.

Cadres and units are any hashable keys; messages show them with ``str()``. The matcher numbers
units densely, lays the lists out in flat Python lists and does all but the deferred
acceptance loop as C-level bulk operations: 100,000 cadres in about a tenth of a second
(``bench/README.md``).

Reading a result — its stability (``blocking_pairs``) and each cadre's explanation
(``explain``) — lives in :mod:`cadrex.rules.matching_explain`.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, combinations, compress, islice, repeat
from operator import eq, is_not

from cadrex.rules.exchange import (
    check_preferences,
    check_proposals,
    check_vacancies,
    proposal_limit,
)
from cadrex.rules.matching_explain import Explanation, explain
from cadrex.rules.policy import Policy

__all__ = ["Matching", "match", "remaining_vacancies"]

_DEFAULT_POLICY = Policy()
_SEQUENCE_TYPES = frozenset({list, tuple})


@dataclass(frozen=True)
class Matching:
    """The result of :func:`match`.

    ``assignment`` maps each matched cadre to their unit; ``unplaced`` lists, in the order of
    the preferences mapping, the cadres of the preferences who were not matched (落岗) — they
    go to directed placement (B6). ``proposing`` records which side proposed.
    """

    assignment: dict[Hashable, Hashable]
    unplaced: tuple[Hashable, ...]
    proposing: str = "cadres"

    def explain(
        self,
        cadre: Hashable,
        preferences: Mapping[Hashable, Sequence[Hashable]],
        proposals: Mapping[Hashable, Sequence[Hashable]],
    ) -> Explanation:
        """Why ``cadre`` ended where they did (see :func:`explain`)."""
        return explain(self, preferences, proposals, cadres=(cadre,))[cadre]


def match(
    preferences: Mapping[Hashable, Sequence[Hashable]],
    proposals: Mapping[Hashable, Sequence[Hashable]],
    vacancies: Mapping[Hashable, int],
    *,
    policy: Policy = _DEFAULT_POLICY,
    proposing: str = "cadres",
) -> Matching:
    """B5: match exchange candidates and units two-way; one round of the plan.

    ``preferences``: cadre → units in order (B3); ``proposals``: unit → cadres in the unit's
    order (B4); ``vacancies``: unit → vacancy count (B2). Every unit named in the other two
    must be a key of ``vacancies``; a unit without a proposal list proposes nobody.

    Step 1. Validate in bulk (B2, B3, B4) with lengths, set sizes and dictionary look-ups.
            On any failure, find the first offending item and let its rule's check in
            :mod:`cadrex.rules.exchange` raise the :class:`RuleViolation`.
    Step 2. Number units densely; lay every cadre's listed units end to end in "slots", the
            same number per cadre (the longest list; shorter lists padded with "no unit"), so
            cadre ``i`` owns slots ``i * width …`` in their order; give each unit a dictionary
            cadre → rank in its proposal list; join each slot to the rank at which its unit
            proposed the cadre, or ``None`` (not an acceptable pair).
    Step 3. B4: every proposal entry must be joined to a slot; checked by counting.
    Step 4. Deferred acceptance (see :func:`_cadres_propose` and :func:`_units_propose`), which
            marks the slots that end up held.
    Step 5. Read the assignment off the marked slots; the rest of the cadres are unplaced.

    Everything but step 4 runs as C-level bulk operations (``map``, ``zip``, ``dict``) over
    flat lists, and step 4 touches each slot a bounded number of times: 100,000 cadres take
    about a tenth of a second.

    A second round (``policy.matching_rounds`` > 1) is run by the caller: new preferences and
    proposals for the unplaced against :func:`remaining_vacancies`.
    """
    if proposing not in ("cadres", "units"):
        raise ValueError(f"proposing must be 'cadres' or 'units', not {proposing!r}")

    # Step 1a. B2: vacancies are non-negative integers.
    units = list(vacancies)
    caps = list(vacancies.values())
    if caps and (not set(map(type, caps)) <= {int} or min(caps) < 0):
        for unit, count in vacancies.items():
            check_vacancies(unit, count)
    unit_index = dict(zip(units, range(len(units)), strict=True))

    # Step 1b. B3: sequences, short enough, only published units, no unit twice.
    cadres = list(preferences)
    plists = list(preferences.values())
    if plists and not set(map(type, plists)) <= _SEQUENCE_TYPES:
        for cadre, listed in preferences.items():
            check_preferences(cadre, listed, vacancies=vacancies, policy=policy)
        plists = list(map(tuple, plists))
    plens = list(map(len, plists))
    width = max(plens, default=0)
    if width > policy.max_preferences:
        _fail_preferences(preferences, vacancies, policy)
    if min(plens, default=0) == width:
        slot_units = list(chain.from_iterable(plists))  # slot k → unit key
        slot_index = unit_index
    else:  # pad every list to the same width with markers that stand for "nobody"
        pads = [_Pad() for _ in range(width)]
        fill = map(pads.__getitem__, map(slice, plens, repeat(None)))
        slot_units = list(chain.from_iterable(map(chain, plists, fill)))
        pad_index = zip(pads, range(len(units), len(units) + width), strict=True)
        slot_index = {**unit_index, **dict(pad_index)}
    try:
        slot_unit = list(map(slot_index.__getitem__, slot_units))  # slot k → unit index
    except (KeyError, TypeError):
        _fail_preferences(preferences, vacancies, policy)
    for d, e in combinations(range(width), 2):
        if any(map(eq, islice(slot_unit, d, None, width), islice(slot_unit, e, None, width))):
            _fail_preferences(preferences, vacancies, policy)

    # Step 1c. B4: only published units propose; sequences within 1:2.
    if not vacancies.keys() >= proposals.keys():
        _fail_proposals(preferences, proposals, vacancies, policy)
    qlists = [proposals.get(unit, ()) for unit in units]
    if qlists and not set(map(type, qlists)) <= _SEQUENCE_TYPES:
        for unit, proposed in proposals.items():
            check_proposals(
                unit, proposed, vacancies=vacancies, preferences=preferences, policy=policy
            )
        qlists = list(map(tuple, qlists))
    qlens = list(map(len, qlists))
    ratio = policy.proposal_ratio
    if type(ratio) is int:
        too_long = any(map(int.__gt__, qlens, map(ratio.__mul__, caps)))
    else:
        limits = (proposal_limit(c, policy=policy) for c in caps)
        too_long = any(n > limit for n, limit in zip(qlens, limits, strict=True))
    if too_long:
        _fail_proposals(preferences, proposals, vacancies, policy)

    # Step 2. Each unit's ranks (nobody twice); the join slot → rank.
    ranks = list(map(dict, map(zip, qlists, map(range, qlens))))
    total = sum(qlens)
    if sum(map(len, ranks)) != total:
        _fail_proposals(preferences, proposals, vacancies, policy)
    ranks.extend({} for _ in range(len(slot_index) - len(units)))  # the pads propose nobody
    joined = list(map(dict.get, map(ranks.__getitem__, slot_unit), _slot_cadres(cadres, width)))

    # Step 3. B4: every proposal entry met its listing (each slot is a distinct pair now).
    if list(map(is_not, joined, repeat(None))).count(True) != total:
        _fail_proposals(preferences, proposals, vacancies, policy)

    # Step 4. Deferred acceptance.
    propose = _cadres_propose if proposing == "cadres" else _units_propose
    held = (
        propose(joined, width, slot_unit, list(accumulate(qlens, initial=0)), caps) if width else []
    )

    # Step 5. Read off: each held slot names its cadre and unit.
    assignment: dict[Hashable, Hashable] = {}
    for p in range(width):
        held_p = held[p::width]
        assignment.update(
            zip(
                compress(cadres, held_p),
                compress(islice(slot_units, p, None, width), held_p),
                strict=True,
            )
        )
    unplaced = tuple(c for c in cadres if c not in assignment)
    return Matching(assignment=assignment, unplaced=unplaced, proposing=proposing)


def _slot_cadres(cadres: list[Hashable], width: int) -> Iterator[Hashable]:
    """Slot k → its cadre: each cadre repeated ``width`` times."""
    return chain.from_iterable(map(repeat, cadres, repeat(width)))


class _Pad:
    """Fills a short preference list up to the common width; stands for no unit."""

    __slots__ = ()


def _cadres_propose(
    joined: list[int | None],
    width: int,
    slot_unit: list[int],
    starts: list[int],
    caps: list[int],
) -> bytearray:
    """B5, cadre-proposing deferred acceptance. Returns, per slot, 1 if it is held.

    Cadre ``i``'s listed units fill slots ``i * width`` to ``i * width + width - 1`` in their
    order. ``joined[k]`` is the rank (0 = first) at which the unit of slot ``k``
    (``slot_unit[k]``) proposed the cadre, or ``None`` when it did not. Unit ``j`` has
    ``caps[j]`` seats; its ranks map to positions ``starts[j] + rank``.

    Step 0. Every unit holds nobody. ``at[starts[j] + rank]`` is the slot of the person unit
            ``j`` holds at that rank (-1 when nobody); ``room[j]`` counts its free seats; once
            it is full, ``worst[j]`` is the rank of the person it holds ranked lowest.
    Step 1. Take the next cadre not yet considered; they apply to their next listed unit in
            order, skipping units that did not propose them.
    Step 2. If the unit has a free seat, it holds the cadre (when that fills it, find its
            lowest-ranked held person by scanning its positions down): go to 1.
    Step 3. If the unit is full and ranks everybody it holds above the cadre, the cadre is
            rejected and applies to their next listed unit (step 1, second half).
    Step 4. Otherwise the unit holds the cadre and drops its lowest-ranked held person; its new
            lowest is found by scanning down (never past the cadre just taken, so each unit
            scans its list once in all). The dropped person continues at once from their next
            listed unit. A cadre who runs out of listed units stays unplaced: go to 1.
    Step 5. When every cadre has been considered, the held pairs are the cadre-optimal stable
            matching (the order of applications does not change it).
    """
    room = list(caps)
    worst = [0 if cap else -1 for cap in caps]  # a unit with no seats rejects everybody
    # Compact arrays: on big campaigns the loop is bound by memory latency, not bytecodes.
    at = array("i" if len(joined) < 2**31 else "q", [-1]) * starts[-1]
    held = bytearray(len(joined))
    firsts = zip(
        range(0, len(joined), width),
        islice(joined, 0, None, width),
        islice(slot_unit, 0, None, width),
        strict=True,
    )
    for k, r, j in firsts:
        if r is not None:  # the common case first: their first listed unit has a free seat
            free = room[j]
            if free:
                at[starts[j] + r] = k
                held[k] = 1
                room[j] = free - 1
                if free == 1:  # now full: find the lowest-ranked person it holds
                    base = starts[j]
                    w = starts[j + 1] - 1 - base
                    while at[base + w] < 0:
                        w -= 1
                    worst[j] = w
                continue
        end = k + width
        while True:
            if r is not None:
                free = room[j]
                if free:  # step 2
                    at[starts[j] + r] = k
                    held[k] = 1
                    room[j] = free - 1
                    if free == 1:
                        base = starts[j]
                        w = starts[j + 1] - 1 - base
                        while at[base + w] < 0:
                            w -= 1
                        worst[j] = w
                    break
                w = worst[j]
                if r <= w:  # step 4 (otherwise step 3: rejected)
                    base = starts[j]
                    at[base + r] = k
                    held[k] = 1
                    k = at[base + w]  # the dropped person's slot
                    at[base + w] = -1
                    held[k] = 0
                    w -= 1
                    while at[base + w] < 0:
                        w -= 1
                    worst[j] = w
                    end = k - k % width + width
            k += 1  # the next listed unit of whoever is applying
            if k == end:
                break
            r = joined[k]
            j = slot_unit[k]
    return held


def _units_propose(
    joined: list[int | None],
    width: int,
    slot_unit: list[int],
    starts: list[int],
    caps: list[int],
) -> list[bool]:
    """B5, unit-proposing deferred acceptance. Returns, per slot, whether it is held.

    Unit ``j``'s proposal list is positions ``starts[j]:starts[j + 1]``; after validation each
    entry is an acceptable pair. A cadre's slots are contiguous and in their order, so of two
    slots of one cadre the smaller ``k`` is the unit they listed higher.

    Step 0. Map each proposal position to its slot; every cadre holds nothing; every unit has
            all its seats free.
    Step 1. Take a unit with a free seat and someone left on its list; offer the seat to the
            next person on its list.
    Step 2. A cadre holding nothing holds the offer. A cadre holding an offer from a unit they
            listed lower swaps: the other unit gets its seat back and returns to step 1.
            Otherwise the cadre refuses and the unit offers to its next person.
    Step 3. When no unit has both a free seat and someone left to ask, the held offers are the
            unit-optimal stable matching.
    """
    slot_of = [0] * starts[-1]  # proposal position → slot k
    for k, r in enumerate(joined):
        if r is not None:
            slot_of[starts[slot_unit[k]] + r] = k
    holding: dict[int, int] = {}  # cadre (as their first slot) → held slot
    free = list(caps)
    following = starts[:-1]
    stack = [j for j in range(len(caps) - 1, -1, -1) if caps[j] and starts[j] < starts[j + 1]]
    while stack:
        j = stack.pop()
        g = following[j]
        end = starts[j + 1]
        while free[j] and g < end:
            k = slot_of[g]
            g += 1
            cadre = k - k % width
            current = holding.get(cadre)
            if current is None:
                holding[cadre] = k
                free[j] -= 1
            elif k < current:
                holding[cadre] = k
                free[j] -= 1
                other = slot_unit[current]
                free[other] += 1
                stack.append(other)
        following[j] = g
    held = [False] * len(joined)
    for k in holding.values():
        held[k] = True
    return held


def _fail_preferences(
    preferences: Mapping[Hashable, Sequence[Hashable]],
    vacancies: Mapping[Hashable, int],
    policy: Policy,
) -> None:
    """Slow path of step 1b: let B3's check raise for the first bad preference list."""
    for cadre, units in preferences.items():
        check_preferences(cadre, units, vacancies=vacancies, policy=policy)
    raise AssertionError("bulk B3 validation failed but no item was found")  # pragma: no cover


def _fail_proposals(
    preferences: Mapping[Hashable, Sequence[Hashable]],
    proposals: Mapping[Hashable, Sequence[Hashable]],
    vacancies: Mapping[Hashable, int],
    policy: Policy,
) -> None:
    """Slow path of steps 1c–3: let B4's check raise for the first bad proposal list."""
    for unit, cadres in proposals.items():
        check_proposals(unit, cadres, vacancies=vacancies, preferences=preferences, policy=policy)
    raise AssertionError("bulk B4 validation failed but no item was found")  # pragma: no cover


def remaining_vacancies(
    matching: Matching, vacancies: Mapping[Hashable, int]
) -> dict[Hashable, int]:
    """Vacancies left in each unit after ``matching`` (for a second round or for B6)."""
    left = dict(vacancies)
    for unit in matching.assignment.values():
        left[unit] -= 1
    return left
