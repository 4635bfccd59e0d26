"""reach.py: the years a plan can touch are never fewer than the queries find (else a lazy `due` would
miss entries), checked against the queries themselves on the shipped plans and on plans built to be awkward."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import PLANS

from kehoach import deadlines as dl
from kehoach.reach import ALWAYS, Reach, reach_of
from kehoach.repo import load_repo

# dates outside the plan's years (a due date, a quarter of next year, a report three years on), a 14-month
# programme rule (the milestone of a January 2025 trip falls in November 2023), every kind of time text
TRICKY = """\
kehoach: 1
plan:
  id: tricky-2024
  number: 7/KH-UBND
  title: Kế hoạch thử
  province: Bà Rịa - Vũng Tàu
  year: 2024
rules:
  delegation_programme_months_before: 14
reporting:
  - {id: bc-6-thang, kind: six-month, day: 10/5, from: [Sở Ngoại vụ], to: [UBND tỉnh]}
  - {id: bc-rieng, kind: other, date: 2027-01-15, from: [Sở Ngoại vụ], to: [UBND tỉnh]}
sections:
  - id: I
    title: Nhiệm vụ
    items:
      - {id: I.1, task: Hạn riêng, lead: [Sở Ngoại vụ], due: 2026-03-01}
      - {id: I.2, task: Hằng năm, lead: [Sở Ngoại vụ], when: Hằng năm}
      - {id: I.3, task: Thường xuyên, lead: [Sở Ngoại vụ], when: Thường xuyên}
      - {id: I.4, task: Theo điều kiện, lead: [Sở Ngoại vụ], when: Theo KH đoàn vào}
      - {id: I.5, task: Không ghi thời gian, lead: [Sở Ngoại vụ]}
      - {id: I.6, task: Không đọc được, lead: [Sở Ngoại vụ], when: khi nào rảnh}
      - {id: I.7, task: Quý I năm sau, lead: [Sở Ngoại vụ], when: Quý I/2025}
delegations:
  - {id: DR.1, direction: out, destination: Nhật Bản, purpose: Xúc tiến, lead: [Sở Ngoại vụ], when: Tháng 1/2025}
"""

OPEN = """\
kehoach: 1
plan:
  id: open-2024
  number: 8/KH-UBND
  title: Kế hoạch năm 2024 và các năm tiếp theo
  province: Đồng Nai
  year: 2024
  continues: true
sections:
  - id: I
    title: Nhiệm vụ
    items:
      - {id: I.1, task: Hằng năm, lead: [Sở Ngoại vụ], when: Hằng năm}
"""

# nothing but a report each year: the report alone must reach the plan's years
REPORTS_ONLY = """\
kehoach: 1
plan:
  id: reports-2025
  number: 9/KH-UBND
  title: Chỉ có báo cáo
  province: Đồng Nai
  year: 2025
  years: [2025, 2026]
reporting:
  - {id: bc-nam, kind: annual, day: 25/9, from: [Sở Ngoại vụ], to: [UBND tỉnh]}
sections: []
"""


# a 2025-2030 span issued late in 2025, with a trip of 2025 it lists itself and a 14-month programme rule:
# the trip stays (its own text), the milestones of 2024 and the yearly report of 10/5/2025 are gone
LATE_SPAN = """\
kehoach: 1
plan:
  id: late-span-2025
  number: 11/KH-UBND
  title: Kế hoạch giai đoạn 2025–2030
  province: Đồng Nai
  issued: 2025-12-01
  year: 2025
  until: 2030
rules:
  delegation_programme_months_before: 14
reporting:
  - {id: bc-6-thang, kind: six-month, day: 10/5, from: [Sở Ngoại vụ], to: [UBND tỉnh]}
  - {id: bc-rieng, kind: other, date: 2025-06-01, from: [Sở Ngoại vụ], to: [UBND tỉnh]}
sections:
  - id: I
    title: Nhiệm vụ
    items:
      - {id: I.1, task: Hằng năm, lead: [Sở Ngoại vụ], when: Quý II hằng năm}
      - {id: I.2, task: Thường xuyên, lead: [Sở Ngoại vụ], when: Thường xuyên}
      - {id: I.3, task: Theo điều kiện, lead: [Sở Ngoại vụ], when: Theo KH đoàn vào}
delegations:
  - {id: DR.1, direction: out, destination: Lào, purpose: Xúc tiến, lead: [Sở Ngoại vụ], when: Tháng 3/2025}
  - {id: DR.2, direction: out, destination: Nhật Bản, purpose: Xúc tiến, lead: [Sở Ngoại vụ], when: Tháng 2/2027}
"""


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("reach") / "plans"
    shutil.copytree(PLANS, root)
    (root / "tricky.yaml").write_text(TRICKY, encoding="utf-8")
    (root / "open.yaml").write_text(OPEN, encoding="utf-8")
    (root / "reports.yaml").write_text(REPORTS_ONLY, encoding="utf-8")
    (root / "late-span.yaml").write_text(LATE_SPAN, encoding="utf-8")
    return {p.id: p for p in load_repo(root).plans}


def _periods(year: int):
    yield dt.date(year, 1, 1), dt.date(year, 12, 31)
    for q in range(1, 5):
        yield dl.period_of(year, q)
    for m in range(1, 13):
        yield dl.period_of(year, None, m)


def test_reach_holds_every_period_the_queries_find_something_in(plans):
    for plan in plans.values():
        reach = reach_of(plan)
        for year in range(2015, 2041):
            for first, last in _periods(year):
                found = dl.dated_entries([plan], first, last) or dl.undated_entries([plan], first, last)
                assert not found or reach.touches(first.year, last.year), (plan.id, first, last)


def test_reach_of_the_shipped_plans(plans):
    # 58/KH-UBND: 2024; the programme milestones of its Quý I trips would fall in 2023 (the rule is two
    # months), but the plan was issued on 11/03/2024 and nothing falls due before that
    assert reach_of(plans["brvt-58-2024"]) == Reach(frozenset({2024}))
    assert reach_of(plans["brvt-93-2024"]) == Reach(frozenset({2024}))
    assert reach_of(plans["dongnai-90-2024"]) == Reach(frozenset({2024}))
    # "2022 - 2023 và các năm tiếp theo": every later year
    assert reach_of(plans["binhdinh-doi-ngoai-2022"]).touches(2040, 2040)
    assert not reach_of(plans["binhdinh-doi-ngoai-2022"]).touches(2020, 2021)


def test_reach_of_awkward_plans(plans):
    # the due date of 2026, the report of 15/1/2027, the milestone of a January 2025 trip 14 months earlier
    assert reach_of(plans["tricky-2024"]) == Reach(frozenset({2023, 2024, 2025, 2026, 2027}))
    assert reach_of(plans["open-2024"]) == Reach(frozenset({2024}), open_from=2025)
    assert not reach_of(plans["tricky-2024"]).touches(2028, 2040)
    assert not reach_of(plans["open-2024"]).touches(2010, 2023)
    assert reach_of(plans["reports-2025"]) == Reach(frozenset({2025, 2026}))
    # the span 2025-2030; the milestone of DR.1 (January 2024) is gone, that of DR.2 (1 December 2025, the
    # day the plan was issued) stays; so do DR.1 and the report of 1/6/2025, which the plan dates itself
    assert reach_of(plans["late-span-2025"]) == Reach(frozenset(range(2025, 2031)))
    late = plans["late-span-2025"]
    assert [(e.id, e.deadline) for e in dl.dated_entries([late], dt.date(2015, 1, 1), dt.date(2025, 12, 31))] == [
        ("DR.1", dt.date(2025, 3, 31)),
        ("bc-rieng@2025", dt.date(2025, 6, 1)),
        ("DR.2#chuong-trinh", dt.date(2025, 12, 1)),
    ]


def test_reach_json_round_trip_and_junk():
    reach = Reach(frozenset({2023, 2024}), open_from=2025)
    assert Reach.from_json(reach.to_json()) == reach
    assert Reach.from_json(ALWAYS.to_json()) == ALWAYS
    for junk in ([["2024"], None, False], [[2024], "2025", False], [[2024], None, 1], [[2024]], "x"):
        with pytest.raises((ValueError, TypeError)):
            Reach.from_json(junk)


def test_a_timeframe_without_years_reaches_every_year():
    from kehoach.model import build_plan

    data = {
        "plan": {"id": "x", "year": 2024},
        "sections": [{"id": "I", "items": [{"id": "I.1", "task": "t", "when": "Hằng năm"}]}],
    }
    plan = build_plan(data)
    item = plan.tasks[0]
    item.timeframe = type(item.timeframe)(text="Hằng năm", kind="recurring")  # no years at all
    assert reach_of(plan) == ALWAYS
