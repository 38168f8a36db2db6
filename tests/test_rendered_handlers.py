"""The CSP middleware's scan for rendered inline handlers finds exactly what the reference
pattern finds on the decoded page (it only scans the bytes, for speed)."""

from __future__ import annotations

from cadrex.web_security import _HANDLER, _handlers_in

PAGE = """<!doctype html><html><body>
<button onclick="return confirm('确认提交 90 分？')">提交</button>
<form ONSUBMIT='return check(this)' data-onx="not a handler">
<a href="#"
   onMouseOver="hint('第一步')">x</a>
<button>on</button><p>button onclick= plain text</p>
<input type="checkbox" onchange="this.form.requestSubmit()">
</form></body></html>"""


def _reference(text: str) -> list[str]:
    return [m["dq"] if m["dq"] is not None else m["sq"] for m in _HANDLER.finditer(text)]


def test_the_byte_scan_finds_the_handlers_the_reference_pattern_finds():
    found = _handlers_in(PAGE.encode("utf-8"), "utf-8")
    assert found == _reference(PAGE)
    assert found == [
        "return confirm('确认提交 90 分？')",
        "return check(this)",
        "hint('第一步')",
        "this.form.requestSubmit()",
    ]


def test_a_handler_inside_a_word_is_not_one():
    page = '<div data-onclick="x()" xonclick="y()"></div>'
    assert _handlers_in(page.encode(), "utf-8") == [] == _reference(page)
