"""One small bad document per validator check: assert the code and the line."""

import textwrap

import pytest

from kehoach.agencies import Agency, Registry
from kehoach.diagnostics import CODES
from kehoach.errors import PlanDataError
from kehoach.loader import parse_text
from kehoach.validate import check_document

REGISTRY = Registry([Agency("Sở Ngoại vụ", short="SNgV"), Agency("Sở Du lịch")])

MINIMAL = """\
kehoach: 1
plan:
  id: mini-2024
  number: 1/KH-UBND
  title: Kế hoạch nhỏ
  year: 2024
sections:
  - id: I
    title: Mục một
    items:
      - id: I.1
        task: Việc thứ nhất
        lead: [Sở Ngoại vụ]
        when: Quý II
      - id: I.2
        task: Việc thứ hai
        lead: [Sở Du lịch]
        when: thường xuyên
      - id: I.3
        task: Việc thứ ba
        lead: [SNgV]
        when: Tháng 11/2024
"""


def diagnose(text: str):
    try:
        doc = parse_text(textwrap.dedent(text), "plan.yaml")
    except PlanDataError as exc:
        return [(d.code, d.line) for d in exc.diagnostics]
    return [(d.code, d.line) for d in check_document(doc, REGISTRY)]


def test_minimal_plan_with_three_tasks_is_clean():
    assert diagnose(MINIMAL) == []


def swap(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        (swap("kehoach: 1", "kehoach: 2"), ("KH102", 1)),
        (swap("kehoach: 1\n", ""), ("KH102", 1)),
        (swap("  title: Kế hoạch nhỏ\n", ""), ("KH201", 3)),
        (swap("  year: 2024", "  year: hai nghìn"), ("KH202", 6)),
        (swap("  year: 2024", "  year: 2024\n  yaer: 2025"), ("KH203", 7)),
        (swap("      - id: I.2", "      - id: I.1"), ("KH204", 15)),
        (swap("  id: mini-2024", "  id: Mini 2024"), ("KH205", 3)),
        (swap("      - id: I.2", "      - id: 1.5"), ("KH205", 15)),
        (swap("        when: Quý II\n", "        when: sớm nhất có thể\n"), ("KH301", 14)),
        (swap("        when: Quý II\n", "        when: Quý V\n"), ("KH304", 14)),
        (swap("        when: Quý II\n", "        when: Quý II\n        due: 2024-04-31\n"), ("KH302", 15)),
        (swap("        when: Quý II\n", "        when: Quý II\n        due: 31/4/2024\n"), ("KH302", 15)),
        (swap("        when: Quý II\n", "        when: Quý II/2019\n"), ("KH303", 14)),
        (swap("        when: Quý II\n", "        when: Quý II\n        status: xong rồi chứ\n"), ("KH401", 15)),
        (swap("        when: Quý II\n", "        when: Quý II\n        status: hoàn thành\n"), ("KH402", 15)),
        (swap("        when: Quý II\n", "        when: Quý II\n        done_on: 2024-05-01\n"), ("KH404", 15)),
        (swap("        when: Quý II\n", "        when: Quý II\n        remind: -3\n"), ("KH403", 15)),
        (swap("        task: Việc thứ nhất", "        task: Vie\u0323\u0302c thứ nhất"), ("KH501", 12)),
        (swap("        lead: [Sở Du lịch]", "        lead: [Sở Du lich tỉnh Hà Giang]"), ("KH502", 17)),
        (swap("        lead: [Sở Du lịch]\n", ""), ("KH503", 15)),
        (swap("  year: 2024", "  year: 2024\n  year: 2025"), ("KH106", 7)),
        (swap("  year: 2024", "  year: 2024\n  until: 2023"), ("KH114", 7)),
        (swap("  year: 2024", "  year: 2024\n  until: 2099"), ("KH114", 7)),
        (swap("  year: 2024", "  years: [2024, 2028]\n  until: 2026"), ("KH114", 7)),
        (swap("  year: 2024", "  year: 2024\n  until: 2026.5"), ("KH202", 7)),
        (swap("  year: 2024", "  issued: 2024-09-20\n  year: 2024"), ("KH115", 15)),  # Quý II before Quý III
        (
            swap("  year: 2024", "  issued: 2024-09-20\n  year: 2024")
            + "reporting:\n  - kind: other\n    date: 2024-06-01\n",
            ("KH115", 26),
        ),
        (MINIMAL + "reporting:\n  - kind: annual\n", ("KH305", 24)),
        (MINIMAL + "reporting:\n  - kind: annual\n    day: 31/4\n", ("KH302", 25)),
        (MINIMAL + "delegations:\n  - id: DR.1\n    direction: sideways\n    lead: [Sở Ngoại vụ]\n", ("KH207", 25)),
        (
            MINIMAL + "delegations:\n  - id: DR.1\n    direction: out\n    lead: [Sở Ngoại vụ]\n    budget: -5\n",
            ("KH403", 27),
        ),
    ],
)
def test_each_check(text, expected):
    assert expected in diagnose(text)


@pytest.mark.parametrize(
    "text, code, line",
    [
        ("kehoach: 1\nplan: [unclosed\n", "KH101", 2),  # the bracket
        ("kehoach: 1\nplan:\n\tid: x\n", "KH105", 3),
        ("kehoach: 1\nplan: !!python/object:os.system {}\n", "KH107", 2),
        ("", "KH111", 1),
        ("- a\n- b\n", "KH112", 1),
    ],
)
def test_file_level_problems(text, code, line):
    assert (code, line) in diagnose(text)


def test_a_span_and_a_start_that_fit_are_clean():
    # 2024-2026, issued in May
    assert diagnose(swap("  year: 2024", "  issued: 2024-05-20\n  year: 2024\n  until: 2026")) == []
    # issued on 20/5, the Quý II deadline of 30/6 is after it; a January event of a plan signed in March is
    # in the quarter it starts in: no warning either
    march = swap("  year: 2024", "  issued: 2024-03-14\n  year: 2024").replace("when: Quý II\n", "when: Tháng 1\n")
    assert diagnose(march) == []
    # effective wins over issued: from 01/12/2024, Quý II (30/6) is before the quarter the plan starts in,
    # Tháng 11/2024 (30/11) is in it
    late = swap("  year: 2024", "  issued: 2024-03-14\n  effective: 2024-12-01\n  year: 2024")
    assert diagnose(late) == [("KH115", 16)]


def test_every_code_has_a_severity_and_title():
    for code, (severity, title) in CODES.items():
        assert code.startswith("KH") and severity in ("error", "warning") and title
