"""axe-core (axe-playwright-python's copy) on a Playwright page: WCAG 2.1 A and AA rules,
serious and critical findings as readable lines (page, rule, impact, elements)."""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}
# Only violations come back: passes and the rest would triple what the browser sends.
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}


def load_with_every_page(context) -> None:
    """axe loads with every page of ``context``, before the page's own scripts: cheaper than
    sending it again after each navigation (and outside the page's CSP)."""
    context.add_init_script(script=AXE_SCRIPT)


def axe_run(page) -> dict:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)  # through the DevTools protocol: the CSP does not apply
    return page.evaluate("options => axe.run(document, options)", OPTIONS)


def findings(results: dict, where: str) -> list[str]:
    """One line per serious or critical rule broken on the page."""
    lines = []
    for v in results["violations"]:
        if v["impact"] in FAILING:
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:6])
            more = f" (+{len(v['nodes']) - 6})" if len(v["nodes"]) > 6 else ""
            lines.append(
                f"{where}: {v['id']} [{v['impact']}] ×{len(v['nodes'])} — {v['help']}: "
                f"{targets}{more}"
            )
    return lines


def axe_findings(page, where: str | None = None) -> list[str]:
    return findings(axe_run(page), where or page.url)
