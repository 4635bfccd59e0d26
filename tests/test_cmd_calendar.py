"""`kehoach calendar`: the year's deadlines by month (table, JSON) and as ICS parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import icalendar
import pytest
from conftest import PLAN58, PLANS


def _events(path) -> list:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk() if c.name == "VEVENT"]


def _reports(events) -> dict[dt.date, str]:
    return {e.decoded("DTSTART"): str(e["SUMMARY"]) for e in events if str(e["CATEGORIES"].cats[0]) == "Báo cáo"}


def test_ics_of_58_has_the_reporting_deadlines(invoke, tmp_path):
    out = tmp_path / "2024.ics"
    result = invoke("calendar", "--plan", "58/KH-UBND", "--year", "2024", "--today", "2024-05-05", "-o", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    events = _events(out)
    reports = _reports(events)
    assert sorted(reports) == [dt.date(2024, 5, 10), dt.date(2024, 5, 20), dt.date(2024, 9, 25), dt.date(2024, 9, 30)]
    assert reports[dt.date(2024, 5, 10)].startswith("Báo cáo: Báo cáo tình hình triển khai thực hiện Kế hoạch 06 tháng")
    assert reports[dt.date(2024, 5, 10)].endswith("(58/KH-UBND)")
    six = next(e for e in events if e.decoded("DTSTART") == dt.date(2024, 5, 10))
    assert six.decoded("DTEND") == dt.date(2024, 5, 11)
    assert str(six["UID"]) == "brvt-58-2024.report.bc-6-thang-so-nganh-2024.2024@kehoach"
    assert six.decoded("DTSTAMP") == dt.datetime(2024, 5, 5, tzinfo=dt.UTC)
    assert "Gửi: UBND tỉnh; Sở Ngoại vụ" in str(six["DESCRIPTION"])
    alarms = [a for a in six.walk() if a.name == "VALARM"]
    assert [a.decoded("TRIGGER") for a in alarms] == [dt.timedelta(days=-7), dt.timedelta(days=-14)]
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    assert all(
        any(a.decoded("TRIGGER") == dt.timedelta(days=-7) for a in e.walk() if a.name == "VALARM") for e in events
    )
    # Every task and delegation deadline of the year is there too, and nothing undated.
    kinds = {str(e["CATEGORIES"].cats[0]) for e in events}
    assert kinds == {"Báo cáo", "Nhiệm vụ", "Đoàn", "Mốc"}
    data = json.loads(invoke("calendar", "-p", "58", "-y", "2024", "--today", "2024-05-05", "-f", "json").stdout)
    assert len(events) == sum(len(m["entries"]) for m in data["months"])


def test_ics_is_stable(invoke, tmp_path):
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    for out in (a, b):
        assert invoke("calendar", "-p", "58", "-y", "2024", "--today", "2024-05-05", "-o", str(out)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_agency_calendar_keeps_its_own_reporting(invoke, tmp_path):
    out = tmp_path / "sdl.ics"
    result = invoke(
        "calendar", "-p", "58", "-y", "2024", "-a", "Sở Du lịch", "--today", "2024-05-05", "-f", "ics", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    events = _events(out)
    # "Các sở, ban, ngành" is a group in the registry: Sở Du lịch reports on 10/5 and 25/9, not on 20/5 or 30/9.
    assert sorted(_reports(events)) == [dt.date(2024, 5, 10), dt.date(2024, 9, 25)]
    assert all("Sở Du lịch" in str(e["DESCRIPTION"]) or str(e["CATEGORIES"].cats[0]) == "Báo cáo" for e in events)


def test_93_calendar_has_15_december(invoke, tmp_path):
    out = tmp_path / "93.ics"
    assert invoke("calendar", "-p", "93/KH-UBND", "-y", "2024", "--today", "2024-11-01", "-o", str(out)).exit_code == 0
    events = _events(out)
    assert _reports(events) == {
        dt.date(2024, 12, 15): "Báo cáo: Báo cáo đánh giá kết quả, hiệu quả triển khai công tác thông tin đối "
        "ngoại năm 2024 (93/KH-UBND)"
    }
    assert len(events) == 14  # the report and 13 tasks "Trong năm 2024" (31/12)


def test_table_by_month(invoke):
    result = invoke("calendar", "-p", "58", "-y", "2024", "-a", "so ngoai vu", "--today", "2024-05-05")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Lịch hạn năm 2024 · Sở Ngoại vụ (58/KH-UBND)" in text
    assert text.index("Tháng 3/2024") < text.index("Tháng 5/2024") < text.index("Tháng 9/2024")
    assert "20/05/2024" in text and "30/09/2024" in text


def test_json_months(invoke):
    data = json.loads(invoke("calendar", "-p", "58", "-y", "2024", "-f", "json", "--today", "2024-05-05").stdout)
    assert data["year"] == 2024 and data["plans"] == ["brvt-58-2024"]
    months = [m["month"] for m in data["months"]]
    assert months == sorted(months)
    may = next(m for m in data["months"] if m["month"] == 5)
    assert [e["deadline"] for e in may["entries"]] == sorted(e["deadline"] for e in may["entries"])
    assert {"2024-05-10", "2024-05-20"} <= {e["deadline"] for e in may["entries"]}
    assert all(e["uid"].endswith("@kehoach") for e in may["entries"])


def test_markdown_file_for_other_suffixes(invoke, tmp_path):
    out = tmp_path / "lich.md"
    assert invoke("calendar", "-p", "93", "-y", "2024", "--today", "2024-11-01", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("**Lịch hạn năm 2024 (93/KH-UBND)**")
    assert "| 12/2024 | 2024-12-15 | report |" in text


def test_refuses_to_overwrite_a_plan_file(invoke, tmp_path):
    root = tmp_path / "plans"
    shutil.copytree(PLANS, root)
    target = root / "ba-ria-vung-tau" / PLAN58.name
    before = target.read_bytes()
    result = invoke("calendar", "--plans-dir", str(root), "-f", "ics", "-o", str(target))
    assert result.exit_code == 3
    assert target.read_bytes() == before


@pytest.mark.parametrize("width", [80, 120])
def test_table_fits_narrow_pages_and_cuts_nothing(invoke, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    result = invoke("calendar", "-p", "58", "-y", "2024", "--today", "2024-05-05")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    data = json.loads(invoke("calendar", "-p", "58", "-y", "2024", "-f", "json", "--today", "2024-05-05").stdout)
    flat = " ".join(" ".join(line.strip("│┃ ").split()) for line in lines)
    for month in data["months"]:  # every entry's reference is printed whole
        for entry in month["entries"]:
            assert f"{entry['id']}" in flat.replace(" ", "") or entry["id"] in flat, entry["id"]


def test_ics_events_carry_sequence_and_last_modified_and_no_file_path(invoke, tmp_path):
    out = tmp_path / "58.ics"
    assert invoke("calendar", "-p", "58", "-y", "2024", "--today", "2024-05-05", "-o", str(out)).exit_code == 0
    events = _events(out)
    # 2024-05-05 is day 1586 after 2020-01-01 (366 + 365 + 365 + 365 + 125): a later file has a higher number
    assert {int(e["SEQUENCE"]) for e in events} == {1586}
    assert {e.decoded("LAST-MODIFIED") for e in events} == {dt.datetime(2024, 5, 5, tzinfo=dt.UTC)}
    assert not any("plans/" in str(e["DESCRIPTION"]) or "Tệp:" in str(e["DESCRIPTION"]) for e in events)
    later = tmp_path / "later.ics"
    invoke("calendar", "-p", "58", "-y", "2024", "--today", "2024-05-06", "-o", str(later))
    assert {int(e["SEQUENCE"]) for e in _events(later)} == {1587}
