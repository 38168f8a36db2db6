from datetime import date

from cadrex.registry import idnumber
from tests.conftest import make_id


def test_it_accepts_a_number_with_the_right_check_digit():
    # The GB 11643 standard's own worked example.
    assert idnumber.problem("11010519491231002X") is None


def test_it_rejects_a_wrong_check_digit():
    assert idnumber.problem("110105194912310021") == "身份证号校验位不正确"


def test_it_rejects_a_wrong_shape_and_an_impossible_birth_date():
    assert "18位" in idnumber.problem("12345")
    bad_date = "33990119900231001"
    assert idnumber.problem(bad_date + idnumber.check_digit(bad_date)) == "身份证号中的出生日期无效"


def test_it_reads_birth_date_and_sex():
    number = make_id("19850315", 101)
    assert idnumber.birth_date(number) == date(1985, 3, 15)
    assert idnumber.sex(number) == "男"
    assert idnumber.sex(make_id("19850315", 102)) == "女"


def test_it_masks_everything_but_region_prefix_and_birth_year():
    masked = idnumber.mask("11010519491231002X")
    assert masked == "110***1949********"
    assert "1231" not in masked and len(masked) == 18


def test_it_normalises_a_lower_case_x_and_spaces():
    assert idnumber.normalise(" 11010519491231002x ") == "11010519491231002X"
