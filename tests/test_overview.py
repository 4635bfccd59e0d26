"""kehoach.overview (the numbers) and the renderers' helpers, on a small plan written for the purpose."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import PLANS

SMALL = """\
kehoach: 1
plan:
  id: thu-2024
  number: 1/KH-THU
  title: Kế hoạch thử
  province: Bà Rịa – Vũng Tàu
  years: [2023, 2024]
reporting:
  - id: bc-6-thang
    kind: six-month
    title: Báo cáo 6 tháng
    day: 10/6
    from:
      - Sở Du lịch
  - id: bc-nam
    kind: annual
    title: Báo cáo năm
    day: 15/11
    from:
      - Các sở, ban, ngành
rules:
  delegation_programme_months_before: 2
sections:
  - id: I
    title: Nhiệm vụ
    items:
      - id: I.1
        task: Việc quý I, đã xong đúng hạn
        lead:
          - Sở Du lịch
        when: Quý I/2024
        status: done
        done_on: 2024-03-20
      - id: I.2
        task: Việc quý II, hai cơ quan chủ trì
        lead:
          - Sở Du lịch
          - Sở Kế hoạch - Đầu tư
        when: Quý II/2024
      - id: I.3
        task: Việc năm trước chưa xong
        lead:
          - Sở Du lịch
        when: Quý IV/2023
      - id: I.4
        task: Việc năm trước đã xong
        lead:
          - Sở Du lịch
        when: Quý IV/2023
        status: done
        done_on: 2023-12-01
      - id: I.5
        task: Việc thường xuyên
        lead:
          - Sở Du lịch
        when: thường xuyên
      - id: I.6
        task: Việc đã hủy
        lead:
          - Sở Du lịch
        when: Quý III/2024
        status: cancelled
      - id: I.7
        task: Việc hằng năm
        lead:
          - Sở Kế hoạch và Đầu tư
        when: Hằng năm
      - id: I.8
        task: Việc không có cơ quan chủ trì
        when: Quý III/2024
delegations:
  - id: DR.1
    direction: out
    destination: Nhật Bản
    when: Quý III/2024
    lead:
      - Sở Du lịch
"""


@pytest.fixture
def repo(tmp_path):
    from kehoach.repo import load_repo

    root = tmp_path / "plans"
    root.mkdir()
    shutil.copy(PLANS / "agencies.yaml", root / "agencies.yaml")
    (root / "thu").mkdir()
    (root / "thu" / "thu-2024.yaml").write_text(SMALL, encoding="utf-8")
    return load_repo(root)


def build(repo, today: str, **kwargs):
    from kehoach.overview import build_overview

    return build_overview(repo, dt.date.fromisoformat(today), **kwargs)


def test_cells_columns_and_totals(repo):
    ov = build(repo, "2024-05-01", year=2024)
    assert ov.columns == ["earlier", "I", "II", "III", "IV", "ongoing"]
    [part] = ov.provinces
    du_lich = ov.row("Sở Du lịch")
    assert {c: du_lich.cells[c].count for c in ov.columns} == {
        "earlier": 1,
        "I": 1,
        "II": 1,
        "III": 1,
        "IV": 0,
        "ongoing": 1,
    }
    assert [e.id for e in du_lich.cells["earlier"].entries] == ["I.3"]  # I.4 was done: not carried over
    assert [e.id for e in du_lich.cells["III"].entries] == ["DR.1"]  # I.6 cancelled: not counted
    assert part.cancelled == 1
    # 'Sở Kế hoạch - Đầu tư' and 'Sở Kế hoạch và Đầu tư' are one agency; 'Hằng năm' falls due 31/12.
    khdt = ov.row("Sở Kế hoạch và Đầu tư")
    assert {c: [e.id for e in khdt.cells[c].entries] for c in ("II", "IV")} == {"II": ["I.2"], "IV": ["I.7"]}
    assert ov.row("(không có cơ quan chủ trì)").cells["III"].count == 1
    # Totals: every item once (I.2 is in two rows).
    assert {c: part.totals[c].count for c in ov.columns} == {
        "earlier": 1,
        "I": 1,
        "II": 1,
        "III": 2,
        "IV": 1,
        "ongoing": 1,
    }
    assert part.total == 7
    assert sum(r.total for r in part.rows) == 8
    assert [r.agency for r in part.rows] == ["Sở Du lịch", "Sở Kế hoạch và Đầu tư", "(không có cơ quan chủ trì)"]


def test_tones_worst_state_first(repo):
    from kehoach import overview as o

    ov = build(repo, "2024-05-01", year=2024)
    du_lich = ov.row("Sở Du lịch")
    assert {c: du_lich.cells[c].tone for c in ov.columns} == {
        "earlier": o.OVERDUE,
        "I": o.DONE_TONE,
        "II": o.NEUTRAL,
        "III": o.NEUTRAL,
        "IV": o.EMPTY,
        "ongoing": o.NEUTRAL,
    }
    soon = build(repo, "2024-06-16", year=2024).row("Sở Du lịch")
    assert soon.cells["II"].tone == o.SOON  # 30/06 is 14 days away
    assert build(repo, "2024-06-15", year=2024).row("Sở Du lịch").cells["II"].tone == o.NEUTRAL
    assert build(repo, "2024-07-01", year=2024).row("Sở Du lịch").cells["II"].tone == o.OVERDUE
    # A cell with an overdue and a soon item is overdue; an empty list is empty.
    entries = du_lich.cells["earlier"].entries + du_lich.cells["II"].entries
    assert o.tone_of(entries, dt.date(2024, 6, 20)) == o.OVERDUE
    assert o.tone_of([], dt.date(2024, 6, 20)) == o.EMPTY


def test_bar_counts_states(repo):
    from kehoach import deadlines as dl

    du_lich = build(repo, "2024-05-01", year=2024).row("Sở Du lịch")
    assert du_lich.bar == {
        dl.DONE_ON_TIME: 1,
        dl.DONE_LATE: 0,
        dl.OPEN_IN_TIME: 2,
        dl.OPEN_OVERDUE: 1,
        dl.NO_DEADLINE: 1,
    }
    assert du_lich.total == sum(du_lich.bar.values())


def test_next_report_per_agency_and_for_the_province(repo):
    ov = build(repo, "2024-05-01", year=2024)
    # Sở Du lịch reports 10/6 (named) and 15/11 (as one of 'các sở, ban, ngành'); Sở KH&ĐT only 15/11.
    assert (ov.row("Sở Du lịch").next_report.deadline, ov.row("Sở Du lịch").next_report.days) == (
        dt.date(2024, 6, 10),
        40,
    )
    assert ov.row("Sở Kế hoạch và Đầu tư").next_report.deadline == dt.date(2024, 11, 15)
    assert ov.row("(không có cơ quan chủ trì)").next_report is None
    assert ov.provinces[0].next_report.rule == "bc-6-thang@2024"
    after = build(repo, "2024-11-16", year=2024)
    assert after.provinces[0].next_report is None  # the plan ends with 2024


def test_timeline_kinds_and_busiest_month(repo):
    ov = build(repo, "2024-05-01", year=2024)
    months = {m.month: m.kinds() for m in ov.provinces[0].timeline if m.total}
    # DR.1 due 30/09, its programme 01/05 (trip from 01/07); reports 10/06, 15/11.
    assert months == {
        5: {"delegation": 0, "milestone": 1, "report": 0},
        6: {"delegation": 0, "milestone": 0, "report": 1},
        9: {"delegation": 1, "milestone": 0, "report": 0},
        11: {"delegation": 0, "milestone": 0, "report": 1},
    }
    assert [m.month for m in ov.provinces[0].timeline if m.busiest] == [5, 6, 9, 11]


def test_agency_filter_and_unknown_agency(repo):
    from kehoach.errors import UsageError

    ov = build(repo, "2024-05-01", year=2024, agency="so ke hoach dau tu")
    assert ov.agency == "Sở Kế hoạch và Đầu tư"
    assert [r.agency for r in ov.rows] == ["Sở Kế hoạch và Đầu tư"]
    assert ov.provinces[0].total == 2
    assert ov.columns == ["I", "II", "III", "IV", "ongoing"]  # nothing carried over for it
    # Its timeline keeps the report it sends as one of 'các sở, ban, ngành', not Sở Du lịch's own.
    assert {m.month: m.total for m in ov.provinces[0].timeline if m.total} == {11: 1}
    with pytest.raises(UsageError):
        build(repo, "2024-05-01", year=2024, agency="Sở Không Có")


def test_year_choice(repo):
    from kehoach.errors import UsageError

    ov = build(repo, "2026-01-05")
    assert ov.year == 2024 and "no plan covers 2026" in ov.notice
    earlier = build(repo, "2024-05-01", year=2023)
    assert earlier.row("Sở Du lịch").cells["IV"].count == 2  # I.3 and I.4 in their own year
    with pytest.raises(UsageError, match="no plan in scope covers 2025"):
        build(repo, "2024-05-01", year=2025)


def test_json_shape(repo):
    data = build(repo, "2024-05-01", year=2024).to_dict()
    assert [c["key"] for c in data["columns"]] == ["earlier", "I", "II", "III", "IV", "ongoing"]
    part = data["provinces"][0]
    assert part["rows"][0]["cells"]["II"] == {
        "count": 1,
        "tone": "neutral",
        "states": {"open-in-time": 1},
        "items": ["thu-2024:I.2"],
    }
    assert part["totals"]["total"] == 7 and part["cancelled"] == 1
    assert len(part["timeline"]) == 12


def test_scale_keeps_every_nonzero_count_visible():
    from kehoach.render.overview_table import scale

    assert scale([1, 0, 1], 4) == [2, 0, 2]
    assert sum(scale([45, 1, 3], 16)) == 16
    assert scale([45, 1, 3], 16)[1] >= 1
    assert scale([0, 0], 5) == [0, 0]


def test_html_escapes_plan_text(tmp_path):
    from kehoach.overview import build_overview
    from kehoach.render.overview_html import render_overview_html
    from kehoach.repo import load_repo

    root = tmp_path / "plans"
    root.mkdir()
    (root / "x").mkdir()
    text = SMALL.replace(
        "- Sở Du lịch\n        when: thường xuyên", "- Sở <b>Du</b> & lịch\n        when: thường xuyên"
    )
    (root / "x" / "p.yaml").write_text(text, encoding="utf-8")
    page = render_overview_html(build_overview(load_repo(root), dt.date(2024, 5, 1), year=2024))
    assert "Sở &lt;b&gt;Du&lt;/b&gt; &amp; lịch" in page and "<b>Du</b>" not in page


def test_shipped_plans_load_for_every_year_they_cover():
    from kehoach.overview import build_overview
    from kehoach.repo import load_repo

    repo = load_repo(Path(PLANS))
    for year in (2022, 2023, 2024, 2025):
        ov = build_overview(repo, dt.date(year, 6, 1), year=year)
        assert ov.provinces, year
