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
        ("trước ngày 30/6/2024", FIXED, None, D(2024, 6, 30)),
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


# -- the whole text is read, or the unread part is named ------------------------------------------------


@pytest.mark.parametrize(
    "text, deadlines",
    [
        ("Quý I, III/2025", [D(2025, 3, 31), D(2025, 9, 30)]),
        ("Quý II, Quý IV năm 2025", [D(2025, 6, 30), D(2025, 12, 31)]),
        ("tháng 7,8/2025", [D(2025, 7, 31), D(2025, 8, 31)]),
        ("Quý IV/2025 - Quý II/2026", [D(2026, 6, 30)]),
        ("Tháng 11 - tháng 3/2026", [D(2026, 3, 31)]),
        ("Quý I/2026 (trước 31/3)", [D(2026, 3, 31)]),
        ("Tháng 12/2025, trước ngày 15/12", [D(2025, 12, 15)]),
        ("Năm 2025, 2026", [D(2025, 12, 31), D(2026, 12, 31)]),
        ("2025-11-30", [D(2025, 11, 30)]),
    ],
)
def test_lists_and_ranges_name_every_deadline(text, deadlines):
    tf = parse_when(text, year=2025)
    assert (tf.kind, tf.unread) == (FIXED, "")
    assert tf.deadlines_between(D(2000, 1, 1), D(2099, 12, 31)) == deadlines
    assert tf.deadline == deadlines[-1]


def test_a_range_across_years_starts_in_the_first_year():
    tf = parse_when("Tháng 11 - tháng 3/2026", year=2025)
    assert (tf.start, tf.deadline, tf.years) == (D(2025, 11, 1), D(2026, 3, 31), (2025, 2026))


@pytest.mark.parametrize(
    "text, period, first_two",
    [
        ("hằng quý", "quarter", [(D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 6, 30))]),
        ("Định kỳ hằng tháng", "month", [(D(2025, 1, 1), D(2025, 1, 31)), (D(2025, 2, 1), D(2025, 2, 28))]),
        ("ngày 15 hằng tháng", "month", [(D(2025, 1, 1), D(2025, 1, 15)), (D(2025, 2, 1), D(2025, 2, 15))]),
        ("6 tháng/lần", "half", [(D(2025, 1, 1), D(2025, 6, 30)), (D(2025, 7, 1), D(2025, 12, 31))]),
        ("Tháng 6 và tháng 12 hằng năm", "half", [(D(2025, 6, 1), D(2025, 6, 30)), (D(2025, 12, 1), D(2025, 12, 31))]),
    ],
)
def test_periodic_texts_have_one_occurrence_per_period(text, period, first_two):
    tf = parse_when(text, year=2025, years=(2025, 2026))
    assert (tf.kind, tf.period, tf.unread) == (RECURRING, period, "")
    assert tf.occurrences_between(D(2025, 1, 1), D(2026, 12, 31))[:2] == first_two
    assert tf.occurrences_in(2027) == []
    assert len(tf.occurrences_in(2026)) == {"quarter": 4, "month": 12, "half": 2}[period]


def test_from_a_year_on_is_ongoing_and_until_a_year_is_fixed():
    tf = parse_when("từ năm 2025", year=2025)
    assert (tf.kind, tf.start, tf.years, tf.open_ended) == (ONGOING, D(2025, 1, 1), (2025,), True)
    tf = parse_when("đến năm 2030", year=2026)
    assert (tf.kind, tf.start, tf.deadline) == (FIXED, D(2026, 1, 1), D(2030, 12, 31))


@pytest.mark.parametrize(
    "text, unread, deadline",
    [
        ("Quý II/2025 và bổ sung sau", "bổ sung sau", D(2025, 6, 30)),
        ("Đầu tháng 12/2025", "Đầu tháng 12/2025", D(2025, 12, 31)),
        ("Quý III/2025; ưu tiên làm sớm", "ưu tiên làm sớm", D(2025, 9, 30)),
        ("Năm học 2025", "Năm học", D(2025, 12, 31)),
    ],
)
def test_a_text_read_in_part_keeps_the_unread_words_as_written(text, unread, deadline):
    tf = parse_when(text, year=2025)
    assert (tf.unread, tf.deadline, tf.partial) == (unread, deadline, True)
    assert repr(unread) in tf.partial_message() and "read as fixed" in tf.partial_message()


def test_a_quarter_beside_a_period_it_cannot_join_is_unread_not_dropped():
    tf = parse_when("Hằng tháng và Quý IV/2025", year=2025)
    assert (tf.period, tf.unread) == ("month", "Quý IV/2025")
    tf = parse_when("Thường xuyên, trước 15/12/2025", year=2025)
    assert (tf.kind, tf.unread) == (ONGOING, "trước 15/12/2025")


def test_a_condition_after_a_time_is_kept_as_a_note():
    tf = parse_when("Quý III/2025, khi có kinh phí", year=2025)
    assert (tf.kind, tf.deadline, tf.unread) == (FIXED, D(2025, 9, 30), "")
    assert tf.note == "điều kiện: khi có kinh phí"


@pytest.mark.parametrize("text", ["Quý I, V/2025", "Q5", "Quý 0"])
def test_a_quarter_that_does_not_exist_is_an_error_even_in_a_list(text):
    with pytest.raises(TimeParseError) as info:
        parse_when(text, year=2025)
    assert info.value.code == "KH304"


def test_a_weekday_is_checked_and_a_wrong_one_stays_unread():
    assert parse_when("07/02/2021 (chủ Nhật)", year=2021).unread == ""
    assert parse_when("thứ Hai, ngày 08 tháng 12 năm 2025", year=2025).unread == ""
    tf = parse_when("07/02/2021 (thứ Hai)", year=2021)
    assert (tf.deadline, tf.unread) == (D(2021, 2, 7), "(thứ Hai)")


def test_spelled_numbers_must_repeat_the_figure():
    tf = parse_when("Chậm nhất ngày 25 (hai mươi lăm) tháng 11 (mười một) đối với báo cáo định kỳ hằng năm", year=2023)
    assert (tf.unread, tf.occurrence(2023)) == ("", (D(2023, 1, 1), D(2023, 11, 25)))
    # a wrong one breaks the date: what is left is the month, and the rest is named
    tf = parse_when("trước ngày 25 (hai mươi sáu) tháng 11/2025", year=2025)
    assert (tf.deadline, tf.unread) == (D(2025, 11, 30), "trước ngày 25 (hai mươi sáu")


def test_a_lunar_restatement_is_kept_in_the_note_unchecked():
    tf = parse_when("25/1-2/2/2025 (26 tháng Chạp đến mùng 5 tháng Giêng)", year=2025)
    assert (tf.start, tf.deadline, tf.unread) == (D(2025, 1, 25), D(2025, 2, 2), "")
    assert tf.note == "âm lịch (không kiểm tra): (26 tháng Chạp đến mùng 5 tháng Giêng)"


def test_a_duration_must_agree_with_the_dates():
    assert parse_when("25 ngày, bắt đầu từ ngày 1/4/2019", year=2019).deadline == D(2019, 4, 25)
    assert parse_when("5 năm (2021 - 2025)", year=2021).unread == ""
    tf = parse_when("4 năm (2021 - 2025)", year=2021)
    assert (tf.deadline, tf.unread) == (D(2025, 12, 31), "4 năm")


def test_dinh_ky_without_a_period_is_unread():
    tf = parse_when("định kỳ, trước 30/6/2025", year=2025)
    assert (tf.kind, tf.deadline, tf.unread) == (FIXED, D(2025, 6, 30), "định kỳ")


def test_hoac_is_a_choice_read_as_one_span_to_the_later_deadline():
    tf = parse_when("Quý II hoặc III", year=2025)
    assert (tf.start, tf.deadlines_between(D(2025, 1, 1), D(2025, 12, 31))) == (D(2025, 4, 1), [D(2025, 9, 30)])


@pytest.mark.parametrize(
    ("text", "deadlines"),
    [
        # '… và (định kỳ) hằng năm' after a year: that year, then every year (not the year alone)
        ("Năm 2025 và định kỳ hằng năm", ["2025-12-31", "2026-12-31", "2027-12-31"]),
        ("Quý III/2025 và hằng năm", ["2025-09-30", "2026-09-30", "2027-09-30"]),
        ("Năm 2025, 2026 và hằng năm", ["2025-12-31", "2026-12-31", "2027-12-31"]),
        # without 'và' before it, 'hằng năm' qualifies what it follows: the plan's years only
        ("Quý IV hằng năm", ["2025-12-31"]),
        ("Tháng 6 và tháng 12 hằng năm", ["2025-06-30", "2025-12-31"]),
    ],
)
def test_a_year_and_then_every_year(text, deadlines):
    import datetime as dt

    tf = parse_when(text, 2025)
    assert tf.unread == ""
    found = tf.occurrences_between(dt.date(2024, 1, 1), dt.date(2027, 12, 31))
    assert [d.isoformat() for _, d in found] == deadlines


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # a range of years beside 'hằng năm' is every year of it, not its two ends
        ("2025-2030 (hằng năm)", (2025, 2026, 2027, 2028, 2029, 2030)),
        ("Hằng năm, giai đoạn 2025-2030", (2025, 2026, 2027, 2028, 2029, 2030)),
        ("Giai đoạn 2026 - 2030, hằng năm", (2026, 2027, 2028, 2029, 2030)),
        # 'đến năm 2030' from the plan year
        ("Định kỳ hằng năm đến năm 2030", (2025, 2026, 2027, 2028, 2029, 2030)),
        ("Thường xuyên trong giai đoạn 2025 - 2030", (2025, 2026, 2027, 2028, 2029, 2030)),
        ("Hằng quý giai đoạn 2025-2027", (2025, 2026, 2027)),
    ],
)
def test_a_periodic_or_ongoing_text_over_a_range_of_years(text, years):
    tf = parse_when(text, 2025)
    assert tf.unread == "" and tf.years == years and not tf.open_ended


@pytest.mark.parametrize(
    "text",
    [
        "Quý IV/2025, sau đó định kỳ hằng năm",
        "Năm 2025 và duy trì hằng năm",
        # one dated occurrence beside 'hằng năm': the first one, then every year
        "Trước ngày 31/12/2025 (hằng năm)",
        "Quý IV/2025 và Quý IV hằng năm",
    ],
)
def test_then_every_year(text):
    import datetime as dt

    tf = parse_when(text, 2025)
    assert tf.unread == "" and tf.open_ended
    found = tf.occurrences_between(dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    assert [d.isoformat() for _, d in found] == ["2025-12-31", "2026-12-31", "2027-12-31"]


def test_theo_doi_is_to_monitor_not_a_condition():
    # 'Theo …' starts a condition ('Theo hướng dẫn của Bộ'); 'theo dõi' (to monitor) does not
    assert parse_when("Theo hướng dẫn của Bộ", 2026).kind == CONDITIONAL
    tf = parse_when("Kế hoạch đào tạo và bộ chỉ số theo dõi quý II/2027; sơ kết năm 2028", 2026)
    assert tf.kind == FIXED and [d.isoformat() for _, d in tf.dates] == ["2027-06-30", "2028-12-31"]
    assert "theo dõi" in tf.unread  # the words around the times are flagged, never silently read


def test_a_document_number_is_not_a_year_and_a_date_after_it_still_counts():
    tf = parse_when("kể từ ngày Nghị định số 178/2026/NĐ-CP có hiệu lực đến ngày 31/12/2027", 2026)
    assert tf.kind == FIXED and tf.deadline == date(2027, 12, 31)
    assert "178" in tf.unread  # the decree and its day are flagged, not read as 2026
    counted = parse_when("Trong thời hạn 06 tháng, kể từ ngày Nghị định số 178/2026/NĐ-CP có hiệu lực", 2026)
    assert counted.kind == CONDITIONAL and counted.deadline is None and counted.unread


def test_days_in_month_is_the_calendar_modules():
    import calendar

    from kehoach.timeframe import days_in_month

    assert all(days_in_month(y, m) == calendar.monthrange(y, m)[1] for y in range(1900, 2101) for m in range(1, 13))
    assert (days_in_month(2024, 2), days_in_month(2025, 2), days_in_month(2100, 2)) == (29, 28, 28)


def test_years_after_so_ket_or_tong_ket_date_the_reviews_not_the_work():
    """'tổ chức sơ kết hằng năm, sơ kết giữa kỳ vào năm 2008 và tổng kết vào năm 2010' (Ninh Thuận, QĐ
    55/2007/QĐ-UBND, plan 2006–2010): a review every year of the plan; 2008 and 2010 date the mid-term and
    final reviews. It was read as yearly in 2008 and 2010 only: the reviews of 2006, 2007 and 2009 had no
    deadline."""
    text = "sơ kết hằng năm, sơ kết giữa kỳ vào năm 2008 và tổng kết vào năm 2010"
    tf = parse_when(text, year=2006, years=(2006, 2007, 2008, 2009, 2010))
    assert (tf.kind, tf.period, tf.years, tf.open_ended) == (RECURRING, "year", (2006, 2007, 2008, 2009, 2010), False)
    assert tf.deadlines_between(date(2007, 1, 1), date(2007, 12, 31)) == [date(2007, 12, 31)]
    assert tf.unread == "giữa kỳ"  # still flagged
    # the usual form of a five-year plan, and with ongoing work (forms written by hand)
    five = tuple(range(2026, 2031))
    assert parse_when("Sơ kết hằng năm, tổng kết năm 2030", year=2026, years=five).years == five
    assert parse_when("Sơ kết hằng năm, tổng kết năm 2030", year=2026).years == five  # through the final review
    assert parse_when("Thường xuyên; sơ kết năm 2027, tổng kết năm 2030", year=2026).years == five
    # years not after 'sơ kết'/'tổng kết' still say when the work is; reviews alone are deadlines
    assert parse_when("Hằng năm, năm 2025 và 2026", year=2025).years == (2025, 2026)
    fixed = parse_when("Sơ kết năm 2027, tổng kết năm 2030", year=2026)
    assert (fixed.kind, fixed.deadlines_between(date(2026, 1, 1), date(2030, 12, 31))) == (
        FIXED,
        [date(2027, 12, 31), date(2030, 12, 31)],
    )
