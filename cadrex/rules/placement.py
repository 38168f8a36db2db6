"""B6: directed placement (定向交流) of the cadres left unplaced by the two-way matching.

The organisation department's meeting (部务会议) places exchange candidates who were left
unplaced (落岗) and those who listed no preference. :func:`place` drafts that placement:
each person goes to a unit that still has vacancies, never back to their own unit; as many
people as the vacancies allow are placed; among all such placements, as many as possible go
to a unit they listed; among those, as many as possible get their first choice, then their
second choice, and so on (lexicographically). Whoever is left unplaced gets a reason that is
true of them and of the seats left after the placement.

The problem is a bipartite b-matching: cadre ``c`` may go to any unit ``u ≠ home(c)`` with
``remaining[u]`` seats. :func:`place` solves it exactly as a min-cost max-flow on a sparse
network (never a dense cadre × unit matrix); :func:`placeable_count` gives the maximum count in
closed form, which is also the quick answer to "can everybody be placed?".
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from heapq import heappop, heappush

from cadrex.rules.errors import RuleViolation
from cadrex.rules.exchange import check_vacancies

__all__ = ["Placement", "place", "placeable_count"]


@dataclass(frozen=True)
class Placement:
    """The result of :func:`place`.

    ``assignment``: cadre → unit; ``unplaced``: cadre → the Chinese reason they could not be
    placed; ``choice``: for each placed cadre, which of their listed units they got (1 = first
    listed, 2 = second …) or 0 for a unit they did not list.
    """

    assignment: dict[Hashable, Hashable]
    unplaced: dict[Hashable, str]
    choice: dict[Hashable, int]


def placeable_count(
    cadres: Sequence[Hashable],
    home_unit: Mapping[Hashable, Hashable],
    remaining: Mapping[Hashable, int],
) -> int:
    """B6: the most people among ``cadres`` that can be placed, never in their own unit.

    With ``n`` people, ``R`` vacancies left in all, and for each unit ``u`` the number ``n_u``
    of the people whose home it is and its own vacancies ``r_u``, the maximum is

        min(n, R, min over u of (n − n_u) + (R − r_u)).

    Proof (max-flow = min-cut, König): a set ``X`` of people can reach every unit except,
    when all of ``X`` share one home ``u``, that unit. A cut keeping ``X`` on the source side
    costs ``(n − |X|) + capacity(N(X))``: ``X`` empty gives ``n``; ``X`` with two homes or more
    at best ``R`` (take everybody); ``X`` inside home ``u`` at best ``(n − n_u) + (R − r_u)``
    (take all of them). The smallest cut is the largest placement.
    """
    n = len(cadres)
    total = sum(max(v, 0) for v in remaining.values())
    from_home: dict[Hashable, int] = {}
    for cadre in cadres:
        home = home_unit[cadre]
        from_home[home] = from_home.get(home, 0) + 1
    best = min(n, total)
    for home, count in from_home.items():
        best = min(best, (n - count) + (total - max(remaining.get(home, 0), 0)))
    return best


def place(
    cadres: Sequence[Hashable],
    home_unit: Mapping[Hashable, Hashable],
    remaining: Mapping[Hashable, int],
    *,
    preferences: Mapping[Hashable, Sequence[Hashable]] | None = None,
) -> Placement:
    """B6: draft the directed placement of ``cadres`` into the vacancies ``remaining``.

    ``cadres``: the people to place. The result is deterministic: the search tries cadres (and
    units) in the given order, so in a plain contest for one seat the earlier cadre gets it;
    ``home_unit``: cadre → their own unit; ``remaining``: unit → vacancies left after matching;
    ``preferences``: optional cadre → units they listed, in order (a listed unit that has no
    vacancy left, or is their own unit, is ignored; a unit listed twice counts at its first
    place).

    The objective, lexicographic: (a) the most people placed; then (b) the most people placed
    in a unit they listed; then (c) the most first choices, then the most second choices, and
    so on.

    Step 1. Validate: nobody twice, everybody has a home unit, vacancies are whole numbers ≥ 0.
    Step 2. Weigh the listed places. Let ``B = n + 1`` (``n`` people) and ``K`` the number of
            distinct list places ``p`` at which somebody listed a unit that can take them
            (a unit with a vacancy, not their own); number those places ``r(p) = 1 … K`` in
            order. A placement at the p-th listed unit weighs ``w_p = B**K + B**(K − r(p))``.
    Step 3. Build a flow network: source → each cadre (capacity 1) → each listed unit with a
            vacancy, not home (capacity 1, cost ``−w_p`` for their p-th listed unit); each cadre
            → the "anywhere but home" node of their home unit (cost 0); that node → the nodes of
            a segment tree over the units that cover every unit except the home unit; the tree
            → its leaf units (costs 0); each unit → sink (capacity = vacancies left). About
            ``3n + 4m`` arcs for ``n`` cadres and ``m`` units (plus one per listed unit),
            instead of ``n × m``.
    Step 4. Solve min-cost max-flow by the primal–dual method (see :func:`_min_cost_max_flow`).
    Step 5. Read each cadre's unit off the flow: a listed-unit arc, or the tree path below
            their "anywhere but home" node.
    Step 6. Give every cadre left over a reason, from the seats still free after Step 5 (see
            :func:`_reason`).

    Exactness. Integral flows and placements correspond one to one: each cadre carries at most
    one unit of flow, each unit passes at most its vacancies, and the tree below a home node
    reaches exactly the units other than that home. The flow value is the number placed, so a
    *maximum* flow gives (a). Its cost is ``−(L·B**K + Σ_r c_r·B**(K − r))``, with ``L`` the
    people placed in a unit they listed and ``c_r`` those placed at their r-th listed place
    (places nobody can use have ``c = 0`` and change no comparison, hence the renumbering).
    Every ``c_r ≤ n < B``, so the lower part ``Σ_r c_r·B**(K − r) ≤ n·B**(K − 1) < B**K``
    (``Σ_r c_r = L ≤ n``): two placements' lower parts differ by less than ``B**K``, the weight
    of one more listed placement, so the lower terms never outweigh it and the least cost has
    the greatest ``L``, which is (b). With ``L`` equal, the lower part is the number written
    with the digits ``c_1 c_2 … c_K`` in base ``B``; comparing it is comparing
    (first choices, second choices, …) lexicographically, which is (c). Sending a cadre to a
    listed unit through the tree instead of their own arc is never optimal (the arc is free
    and cheaper), so the reported choices are those optimised.
    """
    # Step 1. Validate.
    order = list(cadres)
    if len(set(order)) != len(order):
        seen: set[Hashable] = set()
        for cadre in order:
            if cadre in seen:
                raise RuleViolation("B6", f"待定向交流人员中“{cadre}”重复出现。", field="cadres")
            seen.add(cadre)
    for cadre in order:
        if cadre not in home_unit:
            raise RuleViolation("B6", f"缺少待定向交流人员“{cadre}”的所在单位。", field="home_unit")
    for unit, count in remaining.items():
        check_vacancies(unit, count)
    preferences = preferences or {}

    units = [u for u, count in remaining.items() if count > 0]
    unit_index = {u: j for j, u in enumerate(units)}
    n, m = len(order), len(units)

    # Step 2. The usable listed places (cadre index, unit index, place p ≥ 1) and their weights.
    listed: list[list[tuple[int, int]]] = []  # per cadre: (unit index, place p)
    home_of: list[int] = []  # per cadre: home unit index, or -1 (no vacancy there)
    places: set[int] = set()
    for cadre in order:
        home = unit_index.get(home_unit[cadre], -1)
        home_of.append(home)
        mine: list[tuple[int, int]] = []
        taken: set[int] = set()
        for p, unit in enumerate(preferences.get(cadre, ()), start=1):
            j = unit_index.get(unit)
            if j is None or j == home or j in taken:
                continue
            taken.add(j)
            mine.append((j, p))
            places.add(p)
        listed.append(mine)
    base, depth = n + 1, len(places)
    weight = {p: base**depth + base ** (depth - r) for r, p in enumerate(sorted(places), start=1)}

    # Step 3. The network. Nodes: 0 source, 1 sink, cadres, units, tree, home nodes.
    net = _Network()
    source, sink = net.node(), net.node()
    cadre_node = [net.node() for _ in range(n)]
    unit_node = [net.node() for _ in range(m)]
    size = 1
    while size < m:
        size *= 2
    tree = [net.node() for _ in range(2 * size)] if m else []  # tree[x], x in 1 … 2·size − 1
    big = n or 1
    for x in range(1, size):
        for child in (2 * x, 2 * x + 1):
            if _low(child, size) < m:
                net.arc(tree[x], tree[child], big, 0)
    for j in range(m):
        net.arc(tree[size + j], unit_node[j], big, 0)
        net.arc(unit_node[j], sink, remaining[units[j]], 0)

    home_node: dict[int, int] = {}  # home unit index (or -1: not a unit with vacancies) → node
    listed_arcs: list[list[tuple[int, int, int]]] = []  # per cadre: (arc, unit index, choice)
    home_arc: list[int] = []
    for i in range(n):
        net.arc(source, cadre_node[i], 1, 0)
        listed_arcs.append(
            [(net.arc(cadre_node[i], unit_node[j], 1, -weight[p]), j, p) for j, p in listed[i]]
        )
        home = home_of[i]
        node = home_node.get(home)
        if node is None:
            node = net.node()
            home_node[home] = node
            ranges = [(0, m)] if home < 0 else [(0, home), (home + 1, m)]
            for lo, hi in ranges:
                for x in _cover(lo, hi, size):
                    net.arc(node, tree[x], big, 0)
        home_arc.append(net.arc(cadre_node[i], node, 1, 0))

    # Step 4. Solve.
    _min_cost_max_flow(net, source, sink)

    # Step 5. Read off.
    assignment: dict[Hashable, Hashable] = {}
    choice: dict[Hashable, int] = {}
    cap, to = net.cap, net.to
    unit_of_node = {node: j for j, node in enumerate(unit_node)}
    for i, cadre in enumerate(order):
        for arc, j, p in listed_arcs[i]:
            if cap[arc] == 0:  # the arc carries this cadre's flow
                assignment[cadre] = units[j]
                choice[cadre] = p
                break
        else:
            if cap[home_arc[i]] == 0:
                j = unit_of_node[_walk_down(net, to[home_arc[i]], unit_of_node)]
                assignment[cadre] = units[j]
                prefs = list(preferences.get(cadre, ()))
                choice[cadre] = prefs.index(units[j]) + 1 if units[j] in prefs else 0

    # Step 6. Reasons, from the seats still free.
    free = {u: remaining[u] for u in units}
    for unit in assignment.values():
        free[unit] -= 1
    free = {u: left for u, left in free.items() if left}
    total = sum(remaining[u] for u in units)
    unplaced: dict[Hashable, str] = {}
    for cadre in order:
        if cadre not in assignment:
            reason = _reason(home_unit[cadre], n, total, remaining, free)
            unplaced[cadre] = f"“{cadre}”未能定向安置：{reason}"
    return Placement(assignment=assignment, unplaced=unplaced, choice=choice)


def _reason(
    home: Hashable,
    n: int,
    total: int,
    remaining: Mapping[Hashable, int],
    free: Mapping[Hashable, int],
) -> str:
    """B6: why a person from ``home`` is left unplaced, true of the seats ``free`` after the
    placement (unit → seats still free, only units with some), out of ``total`` vacancies
    ``remaining`` before it, for ``n`` people to place.

    Step 1. The placement is a maximum flow, so every seat still free is in the person's own
            unit: a free seat elsewhere would be an augmenting path (source → the person →
            that unit → sink). So exactly one of these holds, and is said:
    Step 2. no unit had a vacancy at all;
    Step 3. every vacancy was in their own unit (say how many, and how many of them went to
            people from other units);
    Step 4. the vacancies of other units all went to other people, and the seats still free
            (if any) are in their own unit (name it and say how many).
    """
    # Step 1.
    assert set(free) <= {home}, "a free seat outside the home unit: the flow is not maximum"
    at_home = remaining.get(home, 0)
    left = free.get(home, 0)
    # Step 2.
    if total == 0:
        return "已没有尚有缺员的单位，暂无法定向安置。"
    # Step 3.
    if total == at_home:
        if left == at_home:
            detail = f"共 {at_home} 个"
        elif left:
            detail = f"共 {at_home} 个，其中 {at_home - left} 个已安置其他人员，尚余 {left} 个"
        else:
            detail = f"共 {at_home} 个，已全部安置其他人员"
        return f"剩余缺员都在其本单位“{home}”（{detail}），不能安置回本单位。"
    # Step 4.
    if not left:
        return f"剩余缺员共 {total} 个，少于待安置的 {n} 人，已全部安置其他人员。"
    return (
        f"其他单位的 {total - at_home} 个剩余缺员已全部安置其他人员，"
        f"尚余的 {left} 个缺员都在其本单位“{home}”，不能安置回本单位。"
    )


def _low(x: int, size: int) -> int:
    """The first leaf index under tree node ``x`` (a tree of ``size`` leaves)."""
    while x < size:
        x *= 2
    return x - size


def _cover(lo: int, hi: int, size: int) -> list[int]:
    """Tree nodes whose leaves are exactly ``lo … hi − 1`` (at most 2 per level)."""
    nodes = []
    lo += size
    hi += size
    while lo < hi:
        if lo & 1:
            nodes.append(lo)
            lo += 1
        if hi & 1:
            hi -= 1
            nodes.append(hi)
        lo //= 2
        hi //= 2
    return nodes


def _walk_down(net: _Network, node: int, targets: Mapping[int, int]) -> int:
    """Follow one unit of flow from ``node`` down the tree to a unit node, using it up."""
    while node not in targets:
        for arc in net.adj[node]:
            if arc % 2 == 0 and net.cap[arc ^ 1] > 0:  # a forward arc with flow on it
                net.cap[arc ^ 1] -= 1
                net.cap[arc] += 1
                node = net.to[arc]
                break
    return node


class _Network:
    """A residual network: arc ``e`` and its reverse ``e ^ 1`` in flat lists."""

    def __init__(self) -> None:
        self.adj: list[list[int]] = []
        self.to: list[int] = []
        self.cap: list[int] = []
        self.cost: list[int] = []

    def node(self) -> int:
        self.adj.append([])
        return len(self.adj) - 1

    def arc(self, tail: int, head: int, capacity: int, cost: int) -> int:
        arc = len(self.to)
        self.adj[tail].append(arc)
        self.adj[head].append(arc + 1)
        self.to += (head, tail)
        self.cap += (capacity, 0)
        self.cost += (cost, -cost)
        return arc


def _min_cost_max_flow(net: _Network, source: int, sink: int) -> None:
    """Min-cost max-flow by the primal–dual method; leaves the flow in ``net.cap``.

    Step 0. Potentials ``π``: 0 everywhere except each unit (its cheapest listed arc, if
            negative) and the sink (the cheapest unit) — a feasible potential because the
            initial network has no arc into a cadre or tree node with negative cost, so every
            reduced cost ``cost + π(tail) − π(head)`` is ≥ 0.
    Step 1. Dijkstra from the source on reduced costs. If the sink is unreachable, stop.
    Step 2. Add the distances, capped at the sink's, to ``π``; the reduced costs stay ≥ 0 and
            the arcs of shortest paths now have reduced cost 0 ("admissible").
    Step 3. Push a maximum flow through the admissible arcs (Dinic: BFS levels, then
            augmenting paths found depth-first with a current-arc pointer per node). Arcs
            that open up in reverse are admissible too, so the flow stays cost-optimal for
            its value. Go to 1.
    Each round the source–sink distance strictly grows, and the flow value never falls; the
    final flow is a maximum flow of least cost.
    """
    adj, to, cap, cost = net.adj, net.to, net.cap, net.cost
    size = len(adj)
    pot = [0] * size
    for arc in range(0, len(to), 2):  # Step 0
        head = to[arc]
        if cost[arc] < pot[head]:
            pot[head] = cost[arc]
    for arc in adj[sink]:
        unit = to[arc]
        if pot[unit] < pot[sink]:
            pot[sink] = pot[unit]
    while True:
        # Step 1.
        dist: list[int | None] = [None] * size
        dist[source] = 0
        heap = [(0, source)]
        while heap:
            d, u = heappop(heap)
            if d != dist[u]:
                continue
            pu = pot[u]
            for arc in adj[u]:
                if cap[arc]:
                    v = to[arc]
                    nd = d + cost[arc] + pu - pot[v]
                    dv = dist[v]
                    if dv is None or nd < dv:
                        dist[v] = nd
                        heappush(heap, (nd, v))
        reach = dist[sink]
        if reach is None:
            return
        # Step 2.
        for v in range(size):
            dv = dist[v]
            pot[v] += reach if dv is None or dv > reach else dv
        # Step 3.
        while _augment_admissible(adj, to, cap, cost, pot, source, sink):
            pass


def _augment_admissible(
    adj: list[list[int]],
    to: list[int],
    cap: list[int],
    cost: list[int],
    pot: list[int],
    source: int,
    sink: int,
) -> bool:
    """One Dinic phase on the admissible arcs. Returns whether any flow was pushed."""
    size = len(adj)
    level = [-1] * size
    level[source] = 0
    queue = [source]
    for u in queue:
        pu = pot[u]
        nxt = level[u] + 1
        for arc in adj[u]:
            v = to[arc]
            if cap[arc] and level[v] < 0 and cost[arc] + pu == pot[v]:
                level[v] = nxt
                queue.append(v)
    if level[sink] < 0:
        return False
    pointer = [0] * size
    path: list[int] = []
    u = source
    pushed = False
    while True:
        if u == sink:
            amount = min(cap[arc] for arc in path)
            for arc in path:
                cap[arc] -= amount
                cap[arc ^ 1] += amount
            pushed = True
            path.clear()
            u = source
            continue
        arcs = adj[u]
        i = pointer[u]
        pu = pot[u]
        nxt = level[u] + 1
        while i < len(arcs):
            arc = arcs[i]
            v = to[arc]
            if cap[arc] and level[v] == nxt and cost[arc] + pu == pot[v]:
                break
            i += 1
        pointer[u] = i
        if i < len(arcs):
            path.append(arcs[i])
            u = to[arcs[i]]
        elif u == source:
            return pushed
        else:
            level[u] = -1  # dead end
            u = to[path.pop() ^ 1]
            pointer[u] += 1
