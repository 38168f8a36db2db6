"""Checks on single roster values that the database would accept but the application must not:
unit codes that break the pages' addresses or look like formulas, and invisible characters.
Each returns the Chinese reason, or None when the value is fine."""

from __future__ import annotations

import re
import unicodedata

# A unit code is part of addresses (/registry/units/<code>/) and of every file: letters,
# digits (any script, so 汉字 too), "_", "-" and ".", starting with a letter or digit — no
# "/", "?", "#", "%", "&", spaces or control characters, and no leading = + - @ (formulas).
_UNIT_CODE = re.compile(r"[^\W_][\w.\-]*")
FORMULA_START = ("=", "+", "-", "@")
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def describe_char(char: str) -> str:
    """A character as a person can find it in a cell."""
    names = {" ": "空格", "\u3000": "全角空格", "\t": "制表符", "\n": "换行", "\r": "回车"}
    if char in names:
        return names[char]
    if unicodedata.category(char)[0] in "CZ":
        return f"不可见字符 U+{ord(char):04X}"
    return f"“{char}”"


def unit_code_problem(code: str) -> str | None:
    if _UNIT_CODE.fullmatch(code):
        return None
    if code.startswith(FORMULA_START):
        return f"单位代码不能以{describe_char(code[0])}开头（电子表格会把它当作公式）"
    if code[0] == "_" or code[0] == ".":
        return f"单位代码不能以{describe_char(code[0])}开头，请以字母、数字或汉字开头"
    bad = []
    for char in code:
        if not re.fullmatch(r"[\w.\-]", char) and describe_char(char) not in bad:
            bad.append(describe_char(char))
    return (
        f"单位代码中不能有{'、'.join(bad)}（会使单位页面的网址出错）；"
        "单位代码只能由字母、数字、汉字、下划线、连字符和点组成"
    )


def text_problem(text: str) -> str | None:
    found = _INVISIBLE.search(text)
    if found:
        return f"含有{describe_char(found[0])}，请删除后再导入"
    return None
