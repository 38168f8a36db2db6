"""WCAG 2.1 contrast ratio of two sRGB colours (1.4.3: text at least 4.5:1)."""

from __future__ import annotations

import re


def _luminance(colour: str) -> float:
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_colours(css: str) -> dict[str, dict[str, str]]:
    """selector → {"color": …, "background": …} for the rules of ``css`` that set plain hex
    colours or var(--x) of the :root custom properties (enough for site.css)."""
    root = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{3,6})", css))
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        found = {}
        for prop, value in re.findall(r"(?<![-\w])(color|background)\s*:\s*([^;}]+)", body):
            value = value.strip()
            var = re.fullmatch(r"var\(--([a-z]+)\)", value)
            value = root.get(var[1], value) if var else value
            if re.fullmatch(r"#[0-9a-fA-F]{3,6}", value):
                found[prop] = value
        for selector in selectors.split(","):
            selector = re.sub(r"/\*.*?\*/", "", selector, flags=re.S).strip()
            if selector and found:
                rules.setdefault(selector, {}).update(found)
    return rules
