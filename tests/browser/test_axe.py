"""WCAG 2.1 AA in a real browser (issue 15, item 5): axe-core finds no serious or critical
violation on any page of any role, on one city walked through both parts; and a form is
completed with the keyboard alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.axe_check import axe_run, findings, load_with_every_page
from tests.browser.axe_pages import is_download, pages, url
from tests.browser.contrast import css_colours, ratio
from tests.query_city import SMALL, STAGES, world

pytestmark = pytest.mark.browser


def _context(browser, live_server, user=None, *, phone=False):
    options = {"locale": "zh-CN"}
    if phone:
        options |= {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
    else:
        options |= {"viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**options)
    load_with_every_page(context)
    if user is not None:  # the server's own session, as the login page would leave it
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


def test_wcag21aa_axe_finds_no_serious_violation_on_any_page(browser, live_server, clock):
    from cadrex.campaigns.services import campaign_create

    started = time.monotonic()
    city = world(clock)
    city["campaign"] = campaign_create(actor=None, name="测试竞岗交流工作", year=clock.year)
    contexts = {"anon": _context(browser, live_server)}
    for name, user in city["users"].items():
        contexts[name] = _context(browser, live_server, user)
    tabs = {name: context.new_page() for name, context in contexts.items()}
    found, seen, tally, building = [], 0, {}, 0.0
    todo = pages()
    for stage, build in STAGES:
        built = time.monotonic()
        build(city, SMALL)
        building += time.monotonic() - built
        for _, persona, name, args in [r for r in todo if r[0] == stage]:
            if persona == "juror_link":  # a new phone opens the juror's own link
                context = _context(browser, live_server, phone=True)
                tab = context.new_page()
            else:
                context, tab = None, tabs[persona]
            address = url(city, args, name)
            response = tab.goto(f"{live_server.url}{address}")
            where = f"{stage} · {persona} · {address}"
            assert response is not None and response.status == 200, (where, response)
            results = axe_run(tab)
            found += findings(results, where)
            for v in results["violations"]:
                tally.setdefault((v["id"], v["impact"]), []).append(address)
            seen += 1
            if context is not None:
                context.close()
            else:  # no page keeps polling the server while the next stage is built
                tab.goto("about:blank")
    for context in contexts.values():
        context.close()
    took = time.monotonic() - started
    print(f"\naxe-core WCAG 2.1 AA: {seen} pages, {took:.1f}s ({building:.1f}s building the city)")
    for (rule, impact), where in sorted(tally.items()):  # the milder ones too, for the record
        print(f"  {rule} [{impact}] on {len(where)} pages: {', '.join(sorted(set(where)))}")
    assert not found, f"{len(found)} serious/critical axe findings:\n" + "\n".join(found)


def test_axe_reaches_every_page_of_the_permission_matrices():
    """A page added to a permission matrix is checked by axe too (or is a download)."""
    from tests.accounts.test_permissions import MATRIX
    from tests.exchange.matrix import MATRIX as EXCHANGE
    from tests.notifications.matrix import MATRIX as NOTIFICATIONS
    from tests.organisation.matrix import MATRIX as ORGANISATION

    checked = {name for _, _, name, _ in pages()}
    missed = {
        name
        for name, args in [*MATRIX, *EXCHANGE, *NOTIFICATIONS, *ORGANISATION]
        if name not in checked and not is_download(("", "", name, args))
    }
    assert missed == set(), "add these pages to ROWS (test_query_counts) or EXTRA (axe_pages)"


SITE_CSS = Path(__file__).resolve().parents[2] / "cadrex" / "static" / "cadrex" / "site.css"
PAGE_BACKGROUNDS = ("#f5f7fa", "#ffffff")  # the page, a card or table
HEADER = "#b3261e"


def test_wcag_1_4_3_every_text_colour_of_site_css_is_at_least_4_5_to_1():
    """Each rule's text on its own background, or else on those it sits on (the header's red
    for the header's rules, the page's and the cards' for the rest); links on every box."""
    rules = css_colours(SITE_CSS.read_text(encoding="utf-8"))
    low = []
    for selector, colours in rules.items():
        if "color" not in colours:
            continue
        if "background" in colours:
            grounds = (colours["background"],)
        elif selector.startswith("header.top"):
            grounds = (HEADER,)
        else:
            grounds = PAGE_BACKGROUNDS
        low += [
            f"{selector}: {colours['color']} on {g} is {ratio(colours['color'], g):.2f}:1"
            for g in grounds
            if ratio(colours["color"], g) < 4.5
        ]
    link = rules["a"]["color"]
    boxes = [c["background"] for s, c in rules.items() if "background" in c and "header" not in s]
    low += [f"a on {g}" for g in boxes if ratio(link, g) < 4.5 and g != link]
    assert low == []


def test_wcag_1_4_11_the_sankey_colours_stand_out_from_the_page():
    """The issue named the Sankey's grey: every band and node colour and its text, 4.5:1."""
    from cadrex.exchange import sankey

    colours = [*sankey.PALETTE, *sankey.SPECIAL_COLOURS.values(), sankey.MUTED, sankey.INK]
    assert [c for c in colours if ratio(c, "#ffffff") < 4.5] == []
    assert len(set(sankey.SPECIAL_COLOURS.values())) == len(sankey.SPECIAL_COLOURS)


def test_axe_is_wired_up_and_names_what_it_finds(browser, live_server):
    """The check itself: a page given an unlabelled box and grey-on-grey text fails, and the
    message names the rule, the impact, the element and the page."""
    context = _context(browser, live_server)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/accounts/login/")
    tab.evaluate(
        """() => { const box = document.createElement('input'); box.id = 'bad-box';
                   document.querySelector('main').append(box);
                   document.querySelector('h1').style.color = '#c8c8c8'; }"""
    )
    results = axe_run(tab)
    context.close()
    said = "\n".join(findings(results, "/accounts/login/"))
    assert "label [critical]" in said and "#bad-box" in said
    assert "color-contrast [serious]" in said and "h1" in said


def test_wcag_1_1_1_the_sankey_comes_with_its_flows_as_a_table():
    from cadrex.exchange.sankey import sankey_figure

    figure = str(sankey_figure([("甲<单位>", "乙", 3), ("丙", "待岗", 5), ("丙", "乙", 0)]))
    assert figure.startswith("<svg") and figure.count("<svg") == 1
    table = figure[figure.index("<details") :]
    assert table.count("<tr>") == 3  # the heading and the two flows, the biggest first
    assert table.index("待岗") < table.index("甲&lt;单位&gt;") and "<单位>" not in table
    assert str(sankey_figure([])) == ""
