from datetime import date

import pytest

from kehoach.timeframe import CONDITIONAL, FIXED, ONGOING, RECURRING, TimeParseError, parse_when

D = date


@pytest.mark.parametrize(
    "text, kind, start, deadline",
    [
        ("Quý I", FIXED, D(2024, 1, 1), D(2024, 3, 31)),
        ("Quý II/2024", FIXED, D(2024, 4, 1), D(2024, 6, 30)),
        ("Quý II- III/2024", FIXED, D(2024, 4, 1), D(2024, 9, 30)),
        ("Dự kiến trong Quý II/2024", FIXED, D(2024, 4, 1), D(2024, 6, 30)),
        ("Tháng 11/2022", FIXED, D(2022, 11, 1), D(2022, 11, 30)),
        ("tháng 01/2024", FIXED, D(2024, 1, 1), D(2024, 1, 31)),
        ("Tháng 4/2024", FIXED, D(2024, 4, 1), D(2024, 4, 30)),
        ("trong năm 2024", FIXED, D(2024, 1, 1), D(2024, 12, 31)),
        ("2024", FIXED, D(2024, 1, 1), D(2024, 12, 31)),
        ("quý 2", FIXED, D(2024, 4, 1), D(2024, 6, 30)),
        ("Q2/2024", FIXED, D(2024, 4, 1), D(2024, 6, 30)),
        ("Quý II năm 2024", FIXED, D(2024, 4, 1), D(2024, 6, 30)),
        ("quy ii", FIXED, D(2024, 4, 1), D(2024, 6, 30)),
        ("6 tháng đầu năm", FIXED, D(2024, 1, 1), D(2024, 6, 30)),
        ("trước ngày 30/6/2024", FIXED, D(2024, 1, 1), D(2024, 6, 30)),
        ("Tháng 2", FIXED, D(2024, 2, 1), D(2024, 2, 29)),
        ("thường xuyên", ONGOING, None, None),
        ("Thường xuyên trong năm", ONGOING, None, None),
        ("thường xuyên; theo KH đoàn ra, đoàn vào", ONGOING, None, None),
        ("Theo KH đoàn vào", CONDITIONAL, None, None),
        ("Theo Hướng dẫn của Bộ Ngoại giao năm 2024.", CONDITIONAL, None, None),
        ("theo lộ trình hướng dẫn của Bộ Ngoại giao.", CONDITIONAL, None, None),
        ("Theo yêu cầu thực hiện nhiệm vụ cụ thể", CONDITIONAL, None, None),
        ("Theo Kế hoạch số 79/KH-UBND", CONDITIONAL, None, None),
        ("Theo Đề án đã được phê duyệt", CONDITIONAL, None, None),
    ],
)
def test_expressions(text, kind, start, deadline):
    tf = parse_when(text, year=2024)
    assert (tf.kind, tf.start, tf.deadline) == (kind, start, deadline)


@pytest.mark.parametrize(
    "text, years, open_ended, deadline_2023, deadline_2025",
    [
        ("Quý IV/2022 và các năm tiếp theo", (2022,), True, D(2023, 12, 31), D(2025, 12, 31)),
        ("Năm 2022, 2023 và các năm tiếp theo", (2022, 2023), True, D(2023, 12, 31), D(2025, 12, 31)),
        ("Năm 2023 và các năm tiếp theo", (2023,), True, D(2023, 12, 31), D(2025, 12, 31)),
        ("Hằng năm", (2022, 2023), False, D(2023, 12, 31), None),
    ],
)
def test_recurring(text, years, open_ended, deadline_2023, deadline_2025):
    tf = parse_when(text, year=2022, years=(2022, 2023))
    assert tf.kind == RECURRING
    assert (tf.years, tf.open_ended) == (years, open_ended)
    assert (tf.occurrence(2023) or (None, None))[1] == deadline_2023
    assert (tf.occurrence(2025) or (None, None))[1] == deadline_2025


def test_recurring_quarter_window_and_first_year():
    tf = parse_when("Quý IV/2022 và các năm tiếp theo", year=2022)
    assert tf.occurrence(2022) == (D(2022, 10, 1), D(2022, 12, 31))
    assert tf.occurrence(2021) is None


def test_hang_nam_follows_a_continuing_plan():
    tf = parse_when("Hằng năm", year=2022, years=(2022, 2023), continues=True)
    assert tf.occurrence(2026) == (D(2026, 1, 1), D(2026, 12, 31))


def test_ongoing_and_conditional_run_on_with_a_continuing_or_multi_year_plan():
    for text in ("thường xuyên", "Theo KH đoàn vào"):
        tf = parse_when(text, year=2022, years=(2022, 2023), continues=True)
        assert [y for y in range(2021, 2028) if tf.applies_in(y)] == [2022, 2023, 2024, 2025, 2026, 2027], text
        span = parse_when(text, year=2025, years=tuple(range(2025, 2031)))
        assert [y for y in range(2024, 2032) if span.applies_in(y)] == list(range(2025, 2031)), text
    # a conditional text naming its own year is active in that year only, whatever the plan
    own = parse_when("Theo Hướng dẫn của Bộ Ngoại giao năm 2024.", year=2022, years=(2022, 2023), continues=True)
    assert [y for y in range(2021, 2028) if own.applies_in(y)] == [2024]


@pytest.mark.parametrize(
    "text, code",
    [
        ("Quý V", "KH304"),
        ("quý 5/2024", "KH304"),
        ("31/4/2024", "KH302"),
        ("trước ngày 31/4/2024", "KH302"),
        ("tháng 13/2024", "KH302"),
        ("sớm nhất có thể", "KH301"),
        ("", "KH301"),
    ],
)
def test_errors_carry_code_and_suggestion(text, code):
    with pytest.raises(TimeParseError) as info:
        parse_when(text, year=2024)
    assert info.value.code == code
    assert info.value.suggestion


def test_needs_a_year_when_text_has_none():
    with pytest.raises(TimeParseError):
        parse_when("Quý II")
