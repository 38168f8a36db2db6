"""The citizen ID number (公民身份号码, GB 11643-1999): check digit, birth date, sex, masking."""

from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    """GB 11643: the 18th character from the weighted sum of the first 17 digits, mod 11."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalise(raw: str) -> str:
    """Strip spaces and upper-case a trailing x, which people often type in lower case."""
    return str(raw).strip().replace(" ", "").upper()


def problem(number: str) -> str | None:
    """The Chinese reason a (normalised) ID number is invalid, or None when it is valid."""
    if not _SHAPE.match(number):
        return "身份证号应为18位，前17位为数字，末位为数字或X"
    if check_digit(number[:17]) != number[17]:
        return "身份证号校验位不正确"
    if birth_date(number) is None:
        return "身份证号中的出生日期无效"
    return None


def birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def sex(number: str) -> str:
    """GB 11643: the 17th digit is odd for men, even for women."""
    return "男" if int(number[16]) % 2 else "女"


def mask(number: str) -> str:
    """Shown to everyone but the office: region and check digit hidden, birth year kept."""
    if len(number) != 18:
        return "*" * len(number)
    return f"{number[:3]}***{number[6:10]}********"[:18]
