"""A Sankey diagram as inline SVG, drawn on the server: no script, no library, no network.

Left: where people come from; right: where they go. Each band's thickness is its number of
people; hovering a band shows "A → B：n 人" (an SVG <title>, read by screen readers too).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Every colour stands out from the white page by at least 4.5:1 (WCAG 1.4.3 / 1.4.11), so
# a node's bar is seen by low-vision readers too; the labels say the same in text.
PALETTE = (
    "#1f5fa8", "#2b7a4b", "#b3261e", "#a15c00", "#6a4c93", "#00798a", "#c2185b", "#5d6d7e",
    "#4f7f2a", "#c25400", "#3949ab", "#8d6e63",
)  # fmt: skip
# Destinations that are not units keep fixed colours: standby in red, the rest in grey.
SPECIAL_COLOURS = {"待岗": "#b3261e", "待定向交流": "#6b7785", "未能安置": "#37414d"}
# The text colours: headings of the two columns, and the labels.
MUTED, INK = "#5b6876", "#1d2733"

LABEL_W = 190  # room for a unit name on each side
NODE_W = 12
MIN_SLOT = 13  # vertical room per node, so that labels never overlap
GAP = 3


def _order(totals: dict[str, int], last: Sequence[str] = ()) -> list[str]:
    """Biggest first; the named special nodes go to the bottom in their given order."""
    ordinary = sorted((k for k in totals if k not in last), key=lambda k: (-totals[k], k))
    return ordinary + [k for k in last if k in totals]


def _layout(order: list[str], totals: dict[str, int], scale: float, top: float) -> dict:
    """Each node's top y, its band height and its slot (band height, at least MIN_SLOT)."""
    nodes, y = {}, top
    for key in order:
        height = totals[key] * scale
        slot = max(height, MIN_SLOT)
        nodes[key] = {"y": y + (slot - height) / 2, "h": height, "slot_y": y, "slot": slot}
        y += slot + GAP
    return nodes


def sankey_svg(
    edges: Sequence[tuple[str, str, int]],
    *,
    width: int = 960,
    label: str = "人员流向",
    band_height: int = 700,
) -> SafeString:
    """``edges``: (from, to, people). Returns the ``<svg>`` element, or "" with no edges."""
    edges = [(a, b, n) for a, b, n in edges if n > 0]
    if not edges:
        return mark_safe("")
    outs, ins = defaultdict(int), defaultdict(int)
    for a, b, n in edges:
        outs[a] += n
        ins[b] += n
    total = sum(outs.values())
    left = _order(outs)
    right = _order(ins, last=tuple(SPECIAL_COLOURS))
    # About ``band_height`` px of band for the whole flow, at most 14 px a person.
    scale = min(14.0, band_height / total)
    top = 24
    lnodes = _layout(left, outs, scale, top)
    rnodes = _layout(right, ins, scale, top)
    height = int(
        max(
            lnodes[left[-1]]["slot_y"] + lnodes[left[-1]]["slot"],
            rnodes[right[-1]]["slot_y"] + rnodes[right[-1]]["slot"],
        )
        + 16
    )
    x0, x1 = LABEL_W, width - LABEL_W
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(left)}
    for k in right:  # a destination that sends nobody gets the next colours
        colour.setdefault(k, PALETTE[len(colour) % len(PALETTE)])
    colour.update(SPECIAL_COLOURS)
    parts = [
        f'<svg class="sankey" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" '
        'font-size="11" font-family="sans-serif">',
        f"<title>{escape(label)}</title>",
        f'<text x="{x0 - 6}" y="14" text-anchor="end" fill="{MUTED}">原单位</text>',
        f'<text x="{x1 + 6}" y="14" fill="{MUTED}">去向</text>',
    ]
    parts += _bands(edges, left, right, lnodes, rnodes, scale, x0 + NODE_W, x1, colour)
    for key, node in lnodes.items():
        parts.append(_node(x0, node, colour[key], key, outs[key], anchor="end"))
    for key, node in rnodes.items():
        parts.append(_node(x1, node, colour[key], key, ins[key], anchor="start"))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _bands(edges, left, right, lnodes, rnodes, scale, xa, xb, colour) -> list[str]:
    """Stack bands out of each left node in the order of their right ends, and into each
    right node in the order of their left ends: the fewest crossings for this layout."""
    lpos = {k: i for i, k in enumerate(left)}
    rpos = {k: i for i, k in enumerate(right)}
    out_y = {k: n["y"] for k, n in lnodes.items()}
    in_y = {k: n["y"] for k, n in rnodes.items()}
    bands = [{"a": a, "b": b, "n": n, "h": n * scale} for a, b, n in edges]
    for band in sorted(bands, key=lambda d: (lpos[d["a"]], rpos[d["b"]])):
        band["ya"] = out_y[band["a"]]
        out_y[band["a"]] += band["h"]
    for band in sorted(bands, key=lambda d: (rpos[d["b"]], lpos[d["a"]])):
        band["yb"] = in_y[band["b"]]
        in_y[band["b"]] += band["h"]
    mid = (xa + xb) / 2
    return [
        _path({**band, "xa": xa, "xb": xb, "mid": mid, "fill": colour[band["a"]]}) for band in bands
    ]


def _path(d: dict) -> str:
    xa, ya, xb, yb, h, mid = d["xa"], d["ya"], d["xb"], d["yb"], d["h"], d["mid"]
    path = (
        f"M{xa:.1f},{ya:.1f} C{mid:.1f},{ya:.1f} {mid:.1f},{yb:.1f} {xb:.1f},{yb:.1f} "
        f"L{xb:.1f},{yb + h:.1f} C{mid:.1f},{yb + h:.1f} {mid:.1f},{ya + h:.1f} {xa:.1f},{ya + h:.1f} Z"
    )
    tip = f"{d['a']} → {d['b']}：{d['n']} 人"
    return (
        f'<path d="{path}" fill="{d["fill"]}" fill-opacity="0.38" stroke="{d["fill"]}" '
        f'stroke-opacity="0.5" stroke-width="0.5"><title>{escape(tip)}</title></path>'
    )


def _node(x, node, fill, key, count, *, anchor) -> str:
    tx = x - 6 if anchor == "end" else x + NODE_W + 6
    ty = node["slot_y"] + node["slot"] / 2 + 4
    return (
        f'<rect x="{x}" y="{node["y"]:.1f}" width="{NODE_W}" height="{max(node["h"], 1):.1f}" '
        f'fill="{fill}"><title>{escape(key)}：{count} 人</title></rect>'
        f'<text x="{tx}" y="{ty:.1f}" text-anchor="{anchor}" fill="{INK}">'
        f"{escape(key)} {count}</text>"
    )


def sankey_table(edges: Sequence[tuple[str, str, int]], *, label: str = "人员流向") -> SafeString:
    """The same flows as a table, biggest first: the diagram's text alternative (WCAG 1.1.1)
    for those who cannot see it, folded under the diagram."""
    rows = sorted(((a, b, n) for a, b, n in edges if n > 0), key=lambda e: (-e[2], e[0], e[1]))
    if not rows:
        return mark_safe("")
    body = "".join(
        f'<tr><td>{escape(a)}</td><td>{escape(b)}</td><td class="num">{n}</td></tr>'
        for a, b, n in rows
    )
    return mark_safe(
        f'<details class="sankey-table"><summary>以表格查看{escape(label)}</summary>'
        f'<div class="table-wrap"><table><caption class="sr-only">{escape(label)}</caption>'
        '<thead><tr><th scope="col">原单位</th><th scope="col">去向</th>'
        '<th scope="col" class="num">人数</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div></details>"
    )


def sankey_figure(edges: Sequence[tuple[str, str, int]], **options) -> SafeString:
    """The diagram and, under it, its table (``options`` as for ``sankey_svg``)."""
    edges = list(edges)
    svg = sankey_svg(edges, **options)
    if not svg:
        return svg
    return mark_safe(svg + sankey_table(edges, label=options.get("label", "人员流向")))
