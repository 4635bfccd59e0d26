"""Unit tests of kehoach.calendar_ics: folding, escaping, UIDs and the ICS text parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.calendar_ics import build_calendar, escape_text, event_uid, fold_line, to_ics
from kehoach.repo import load_repo

PLAN = """\
kehoach: 1
plan:
  id: thu-nghiem-2024
  number: 7/KH-UBND
  title: Kế hoạch thử; có dấu phẩy, chấm phẩy và \\ gạch chéo
  province: Bà Rịa – Vũng Tàu
  year: 2024
reporting:
  - id: bc-6-thang
    kind: six-month
    title: Báo cáo 6 tháng
    day: 10/5
    from:
      - Các sở, ban, ngành, địa phương
    to:
      - Sở Ngoại vụ
  - id: bc-nam
    kind: annual
    title: Báo cáo năm
    day: 25/9
    from:
      - Sở Ngoại vụ
sections:
  - id: I
    title: Nhiệm vụ
    items:
      - id: I.1
        task: "Việc có dấu phẩy, chấm phẩy; và xuống dòng\\nở giữa — một câu rất dài để phải gấp dòng \\
          nhiều lần khi ghi ra tệp lịch theo chuẩn RFC 5545"
        lead: [Sở Du lịch]
        when: Quý II
        remind: 14
      - id: I.2
        task: Việc thường xuyên
        lead: [Sở Ngoại vụ]
        when: thường xuyên
      - id: I.3
        task: Việc hằng năm
        lead: [Sở Ngoại vụ]
        when: Quý III hằng năm
"""

AGENCIES = """\
kehoach: 1
agencies:
  - name: Sở Ngoại vụ
  - name: Sở Du lịch
  - name: Các sở, ban, ngành, địa phương
    kind: group
"""


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "plans"
    (root / "tinh").mkdir(parents=True)
    (root / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    (root / "tinh" / "7.yaml").write_text(PLAN, encoding="utf-8")
    return load_repo(root)


def test_escape_text():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("x\r\ny") == "x\\ny"


def test_fold_line_short_lines_stay():
    assert fold_line("SUMMARY:ngắn") == "SUMMARY:ngắn"


@given(st.text(alphabet="aăâđêôơưáàảãạ Ữ€𝄞x,;", min_size=0, max_size=400))
def test_fold_line_octets_and_utf8(text):
    line = "DESCRIPTION:" + text
    folded = fold_line(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join([pieces[0]] + [p[1:] for p in pieces[1:]]) == line  # unfolds to the same text


def test_build_calendar_entries_by_month(repo):
    cal = build_calendar(repo, dt.date(2024, 5, 5), year=2024)
    assert [(e.deadline.isoformat(), e.kind, e.id) for e in cal.entries] == [
        ("2024-05-10", "report", "bc-6-thang@2024"),
        ("2024-06-30", "task", "I.1"),
        ("2024-09-25", "report", "bc-nam@2024"),
        ("2024-09-30", "task", "I.3"),
    ]
    assert [m for m, _ in cal.by_month()] == [5, 6, 9]


def test_agency_filter_keeps_group_reports(repo):
    cal = build_calendar(repo, dt.date(2024, 5, 5), year=2024, agency="so du lich")
    # The six-month report is for every agency (a registry group); the annual one names Sở Ngoại vụ only.
    assert [e.id for e in cal.entries] == ["bc-6-thang@2024", "I.1"]
    cal = build_calendar(repo, dt.date(2024, 5, 5), year=2024, agency="Sở Ngoại vụ")
    assert [e.id for e in cal.entries] == ["bc-6-thang@2024", "bc-nam@2024", "I.3"]


def test_uids_are_stable_and_distinct(repo):
    cal = build_calendar(repo, dt.date(2024, 5, 5), year=2024)
    uids = [event_uid(e) for e in cal.entries]
    assert uids[0] == "thu-nghiem-2024.report.bc-6-thang-2024.2024@kehoach"
    assert len(set(uids)) == len(uids)
    again = build_calendar(repo, dt.date(2024, 8, 1), year=2024)
    assert [event_uid(e) for e in again.entries] == uids


def test_ics_text_is_rfc5545(repo):
    text = to_ics(build_calendar(repo, dt.date(2024, 5, 5), year=2024))
    raw = text.encode("utf-8")
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert "DTSTAMP:20240505T000000Z" in text
    assert "DTSTART;VALUE=DATE:20240510\r\nDTEND;VALUE=DATE:20240511" in text
    assert text.count("BEGIN:VEVENT") == 4
    assert text.count("TRIGGER:-P7D") == 4
    assert text.count("TRIGGER:-P14D") == 1  # I.1 has its own remind: 14


def test_ics_parsed_back_with_icalendar(repo):
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical(to_ics(build_calendar(repo, dt.date(2024, 5, 5), year=2024)))
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert [e.decoded("DTSTART") for e in events] == [
        dt.date(2024, 5, 10),
        dt.date(2024, 6, 30),
        dt.date(2024, 9, 25),
        dt.date(2024, 9, 30),
    ]
    task = events[1]
    assert str(task["SUMMARY"]).startswith("Nhiệm vụ I.1: Việc có dấu phẩy, chấm phẩy; và xuống dòng")
    description = str(task["DESCRIPTION"])
    assert "Kế hoạch: 7/KH-UBND – Kế hoạch thử; có dấu phẩy, chấm phẩy và \\ gạch chéo" in description
    assert "Thời gian: Quý II — hạn 30/6/2024" in description
    assert "\nChủ trì: Sở Du lịch\n" in description
    alarms = [c for c in task.walk() if c.name == "VALARM"]
    assert [a.decoded("TRIGGER") for a in alarms] == [dt.timedelta(days=-7), dt.timedelta(days=-14)]
    assert all(str(a["ACTION"]) == "DISPLAY" for a in alarms)
