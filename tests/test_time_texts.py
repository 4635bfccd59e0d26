"""Every time text of the corpus (tests/data/time-texts.tsv, and the hand-written forms of time-texts-seed.tsv)
is read entirely and as the source means it; every text of tests/data/time-texts-unclear*.tsv is read only in
part, and says which part it did not read.

The expected answers are written by hand from the source documents, not from kehoach's output.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from kehoach.text import fold
from kehoach.timeframe import CONDITIONAL, FIXED, ONGOING, RECURRING, TimeParseError, parse_when

DATA = Path(__file__).resolve().parent / "data"
KINDS = {"fixed": FIXED, "periodic": RECURRING, "ongoing": ONGOING, "conditional": CONDITIONAL}


def rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value.strip()) if value and value.strip() else None


def days(value: str | None) -> list[dt.date]:
    return [dt.date.fromisoformat(v.strip()) for v in (value or "").split(";") if v.strip()]


# the corpus, and the forms of the issue written by hand in the same format (seed)
CLEAR = rows("time-texts.tsv") + rows("time-texts-seed.tsv")
UNCLEAR = rows("time-texts-unclear.tsv") + rows("time-texts-unclear-seed.tsv")

# Rows whose expectation the reader does not share, each with the reason (reported to the maintainers, not
# bent to pass): they must keep failing until the row or the reader changes (strict).
DISPUTED_CLEAR = {
    "chậm nhất là ngày 4 tháng 3 năm 2021 (80 ngày trước ngày bầu cử)": "the remark names an election day the "
    "text does not give; kehoach cannot check it, so it says it did not read it (KH306)",
    "chậm nhất là ngày 14 tháng 3 năm 2021 (70 ngày trước ngày bầu cử)": "as above",
    "Dự kiến kỳ họp sẽ bế mạc ngày 28/6/2023": "'kỳ họp sẽ bế mạc' names the event, not a time: it is unread",
}
DISPUTED_UNCLEAR = {
    "bắt đầu từ 0 giờ ngày 01/7/2020": "'từ …' without an end reads entirely as ongoing from that day",
    "(từ ngày 6 tháng giêng đến 5.2 năm Quý Mão)": "'5.2' reads as 5 February; the lunar words around it are "
    "unread, so the reading is flagged",
    "khoảng ngày 3-5/7": "'khoảng' (about) is read like 'dự kiến': the reading is marked tentative",
    "trong tháng 3 này": "'này' (this) is the plan year, as in 'năm nay'",
    "từ nay đến hết năm 2025 và những năm tiếp theo": "read as yearly from 2025 on, like 'Năm 2025 và các năm "
    "tiếp theo'; 'từ nay' gives no start, which a periodic reading does not need",
    "đến năm 2030 và những năm tiếp theo": "read as yearly from the plan year through 2030 and on, every year "
    "named by the span ('đến năm 2030') and the years after it",
}
# Rows the reader does not read yet: it reads them in part and says so (KH306), never silently.
NOT_YET = {
    "chậm nhất là ngày thứ 20 của tháng tiếp theo tháng phát sinh nghĩa vụ thuế": "a day of the month after "
    "another period",
    "chậm nhất là ngày cuối cùng của tháng đầu quý tiếp theo liền kề quý phát sinh nghĩa vụ thuế": "as above",
    "tập trung trong tháng 5 và xuyên suốt trong năm 2023": "'xuyên suốt trong năm' as a second deadline",
}


def _run(check, row: dict) -> None:
    """Run ``check``; a disputed or not-yet-read row must still fail it (then it is an expected failure). A
    text the corpus lists both as clear and as unclear is disputed only where the reader disagrees."""
    unclear = check is _check_unclear
    reason = (DISPUTED_UNCLEAR if unclear else DISPUTED_CLEAR).get(row["text"]) or NOT_YET.get(row["text"])
    if reason is None:
        check(row)
        return
    if row["text"] in NOT_YET:
        tf = parse_when(row["text"], year=int(row["plan_year"]))
        assert tf.unread, "a text the reader does not read yet must be flagged"
    try:
        check(row)
    except AssertionError:
        pytest.xfail(reason)
    pytest.fail(f"{row['text']!r} now passes: take it out of DISPUTED_* / NOT_YET")


def test_every_disputed_row_is_in_the_corpus():
    assert not (set(DISPUTED_CLEAR) | set(NOT_YET)) - {r["text"] for r in CLEAR}
    assert not set(DISPUTED_UNCLEAR) - {r["text"] for r in UNCLEAR}


def test_the_corpus_is_not_empty():
    assert len(CLEAR) >= 40 and len(UNCLEAR) >= 3


@pytest.mark.parametrize("row", CLEAR, ids=[f"{n + 2}:{r['text']}" for n, r in enumerate(CLEAR)])
def test_a_clear_text_is_read_entirely(row):
    _run(_check_clear, row)


def _check_clear(row: dict) -> None:
    year = int(row["plan_year"])
    tf = parse_when(row["text"], year=year)
    assert tf.unread == "", f"{row['text']!r}: {tf.unread!r} not understood"
    assert tf.kind == KINDS[row["kind"]]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if row["kind"] == "fixed":
        assert tf.start == day(row["start"])
        assert tf.deadline == day(row["deadline"])
        assert [d for _, d in tf.dates] == days(row["deadlines"])
        # the public API finds the same deadlines, wherever they fall
        assert tf.deadlines_between(dt.date(1900, 1, 1), dt.date(2099, 12, 31)) == days(row["deadlines"])
        assert tf.period is None
    elif row["kind"] == "periodic":
        found = tf.occurrences_between(first, last)
        assert [d for _, d in found] == days(row["deadlines"])
        assert tf.period == row["period"]
        if day(row["start"]):  # the start of the first occurrence, whichever year it falls in
            assert tf.occurrences_between(dt.date(1900, 1, 1), dt.date(2100, 12, 31))[0][0] == day(row["start"])
        if day(row["deadline"]):
            assert found[-1][1] == day(row["deadline"])
    else:
        assert tf.deadline is None and tf.deadlines_between(first, last) == []
        assert tf.start == day(row["start"])
        assert not row["deadlines"]


@pytest.mark.parametrize("row", UNCLEAR, ids=[f"{n + 2}:{r['text']}" for n, r in enumerate(UNCLEAR)])
def test_an_unclear_text_names_the_part_it_did_not_read(row):
    _run(_check_unclear, row)


def _check_unclear(row: dict) -> None:
    try:
        tf = parse_when(row["text"], year=int(row["plan_year"]))
    except TimeParseError as exc:  # nothing understood: the whole text is unread, an error (KH301)
        assert exc.code == "KH301"
        return
    assert tf.unread, f"{row['text']!r} was read entirely as {tf.describe()}"
    # the expected part, less the corpus's remarks in brackets, piece by piece where it quotes the text (the
    # column may also explain in words: those pieces are not checked)
    expected = re.sub(r"\([^()]*\)", " ", row["unread"])
    expected = " … ".join(re.findall(r"'([^']+)'", expected)) or expected
    pieces = [p.strip(" ,;:") for p in expected.split("…")]
    quoted = [p for p in pieces if p and fold(p) in fold(row["text"])]
    for piece in quoted:
        assert fold(piece) in fold(tf.unread), (tf.unread, piece)
    # the unread part is quoted as written, so a user finds it in the text
    for part in tf.unread.split(" … "):
        assert part in row["text"]


# -- periodic and partly read texts in the queries ------------------------------------------------------

PLAN = """\
kehoach: 1
plan:
  id: dinh-ky-2025
  number: 12/KH-UBND
  title: Kế hoạch thử các hạn định kỳ
  province: Bà Rịa - Vũng Tàu
  year: 2025
sections:
  - id: I
    title: Nhiệm vụ
    items:
      - {id: I.1, task: Báo cáo quý, lead: [Sở Ngoại vụ], when: Hằng quý}
      - {id: I.2, task: Hai đợt, lead: [Sở Ngoại vụ], when: "Quý I, III"}
      - {id: I.3, task: Qua năm, lead: [Sở Ngoại vụ], when: Quý IV/2025 - Quý II/2026}
      - {id: I.4, task: Một phần, lead: [Sở Ngoại vụ], when: Quý II/2025 và bổ sung sau}
      - id: I.5
        task: Số liệu tháng
        lead: [Sở Ngoại vụ]
        when: ngày 15 hằng tháng
        status: done
        done_on: 2025-02-10
"""


@pytest.fixture
def plans_dir(tmp_path, monkeypatch):
    from conftest import PLANS

    root = tmp_path / "plans"
    root.mkdir()
    (root / "agencies.yaml").write_text((PLANS / "agencies.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "dinh-ky.yaml").write_text(PLAN, encoding="utf-8")
    monkeypatch.setenv("KEHOACH_PLANS", str(root))
    return root


def _rows(result) -> list[tuple[str, str]]:
    assert result.exit_code == 0, result.output
    return [(r["id"], r["deadline"]) for r in json.loads(result.stdout)]


def test_due_lists_one_entry_per_deadline_of_a_periodic_text(invoke, plans_dir):
    result = invoke("due", "-y", "2025", "-q", "II", "--today", "2025-05-01", "-f", "json")
    assert _rows(result) == [
        ("I.5", "2025-04-15"),
        ("I.5", "2025-05-15"),
        ("I.5", "2025-06-15"),
        ("I.1", "2025-06-30"),
        ("I.4", "2025-06-30"),
    ]
    rows = json.loads(result.stdout)
    assert [r["unread"] for r in rows] == [None, None, None, None, "bổ sung sau"]
    assert [r["timing"] for r in rows] == ["recurring", "recurring", "recurring", "recurring", "fixed"]


def test_a_deadline_read_only_in_part_is_marked_and_named_on_stderr(invoke, plans_dir):
    result = invoke("due", "-y", "2025", "-q", "II", "--today", "2025-05-01")
    assert result.exit_code == 0, result.output
    assert "30/06/2025?" in result.stdout
    assert result.stdout.count("?") == 1
    assert "1 deadline read only in part (marked ?): dinh-ky-2025:I.4; run kehoach validate" in result.stderr
    quiet = invoke("due", "-y", "2025", "-q", "III", "--today", "2025-05-01")
    assert "read only in part" not in quiet.stderr


def test_overdue_counts_each_missed_occurrence_and_done_covers_its_own_month(invoke, plans_dir):
    result = invoke("overdue", "--today", "2025-04-20", "-f", "json")
    # I.5 is done on 10/2: February's occurrence (1–15/2) is done, January, March and April's are not
    assert sorted(_rows(result)) == [
        ("I.1", "2025-03-31"),
        ("I.2", "2025-03-31"),
        ("I.5", "2025-01-15"),
        ("I.5", "2025-03-15"),
        ("I.5", "2025-04-15"),
    ]


def test_upcoming_sees_every_deadline_of_a_list(invoke, plans_dir):
    result = invoke("upcoming", "--today", "2025-09-20", "--days", "14", "-f", "json")
    assert _rows(result) == [("I.1", "2025-09-30"), ("I.2", "2025-09-30")]


def test_calendar_has_each_occurrence_and_a_range_across_years_falls_due_at_its_end(invoke, plans_dir):
    def count(year):
        result = invoke("calendar", "-y", str(year), "--today", "2025-01-02", "-f", "json")
        assert result.exit_code == 0, result.output
        ids = [e["id"] for m in json.loads(result.stdout)["months"] for e in m["entries"]]
        return {i: ids.count(i) for i in sorted(set(ids))}

    assert count(2025) == {"I.1": 4, "I.2": 2, "I.4": 1, "I.5": 12}
    assert count(2026) == {"I.3": 1}


def test_validate_names_the_unread_part_and_the_fallback_reading(invoke, plans_dir):
    result = invoke("validate", "-f", "json")
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "KH306"]
    assert len(found) == 1
    assert found[0]["severity"] == "warning" and found[0]["line"] == 15
    assert "'bổ sung sau'" in found[0]["message"]
    assert "read as fixed, 2025-04-01 to 2025-06-30" in found[0]["message"]
    assert invoke("validate", "--strict").exit_code != 0


def test_the_lazy_reach_holds_the_periodic_deadlines(plans_dir):
    from kehoach import deadlines as dl
    from kehoach.reach import reach_of
    from kehoach.repo import load_repo

    plan = next(p for p in load_repo(plans_dir).plans if p.id == "dinh-ky-2025")
    reach = reach_of(plan)
    for year in range(2020, 2031):
        for month in range(1, 13):
            first, last = dl.period_of(year, None, month)
            if dl.dated_entries([plan], first, last):
                assert reach.touches(year, year), (year, month)
    assert reach.touches(2026, 2026) and not reach.touches(2027, 2030)


def test_show_stands_for_a_periodic_item_by_its_first_open_deadline_and_names_the_unread_part(invoke, plans_dir):
    data = json.loads(invoke("show", "dinh-ky-2025:I.1", "--today", "2025-05-01", "-f", "json").stdout)
    assert (data["deadline"], data["state"]) == ("2025-03-31", "open-overdue")
    assert [d["deadline"] for d in data["deadlines"]] == ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"]
    assert data["timeframe"]["period"] == "quarter"
    out = invoke("show", "dinh-ky-2025:I.4", "--today", "2025-05-01").stdout
    assert "Không hiểu được    'bổ sung sau' — hạn trên chỉ dựa vào phần còn lại" in out
    assert json.loads(invoke("show", "dinh-ky-2025:I.4", "-f", "json").stdout)["timeframe"]["unread"] == "bổ sung sau"


def test_a_list_across_years_is_reached_and_overdue_from_its_first_deadline():
    from kehoach import deadlines as dl
    from kehoach.model import build_plan
    from kehoach.reach import reach_of

    when = "trước 30/6/2025 và trước 31/3/2026"
    data = {
        "plan": {"id": "x", "year": 2026},
        "sections": [{"id": "I", "items": [{"id": "I.1", "task": "t", "when": when}]}],
    }
    plan = build_plan(data)
    assert reach_of(plan).touches(2025, 2025)
    assert [e.deadline for e in dl.overdue([plan], dt.date(2026, 5, 1))] == [dt.date(2025, 6, 30), dt.date(2026, 3, 31)]


def test_the_ics_event_of_a_deadline_read_only_in_part_says_so(invoke, plans_dir, tmp_path):
    out = tmp_path / "lich.ics"
    result = invoke("calendar", "-y", "2025", "--today", "2025-01-02", "-o", str(out))
    assert result.exit_code == 0, result.output
    events = out.read_text(encoding="utf-8").replace("\r\n ", "").split("BEGIN:VEVENT")[1:]
    marked = [e for e in events if "[hạn chưa chắc]" in e]
    assert len(events) == 19 and len(marked) == 1
    assert "UID:" in marked[0] and "DTSTART;VALUE=DATE:20250630" in marked[0]
    assert "không hiểu được 'bổ sung sau'" in marked[0]
