"""The deadline engine: what is dated, when, and in which state on a given day."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from conftest import PLANS

from kehoach import deadlines as dl
from kehoach.loader import parse_text
from kehoach.model import build_plan
from kehoach.repo import load_repo

D = dt.date


@pytest.fixture(scope="module")
def repo():
    return load_repo(PLANS)


def plan_of(repo, plan_id):
    return next(p for p in repo.plans if p.id == plan_id)


def make_plan(body: str, head: str = "year: 2024", rules: str = ""):
    text = textwrap.dedent(
        """\
        kehoach: 1
        plan:
          id: t-2024
          number: 9/KH-UBND
          title: Thử
          {head}
        {rules}
        sections:
          - id: I
            title: Mục
            items:
        """
    ).format(head=head, rules=rules)
    text += textwrap.indent(textwrap.dedent(body), "      ")
    return build_plan(parse_text(text, "t.yaml").data, "t.yaml")


def task(plan, item_id="I.1"):
    return plan.item(item_id)


# ---------------------------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("when", "deadline"),
    [
        ("Quý II/2024", D(2024, 6, 30)),
        ("Quý II", D(2024, 6, 30)),
        ("Tháng 11/2022", D(2022, 11, 30)),
        ("Quý II-III/2024", D(2024, 9, 30)),
        ("Quý II- III/2024", D(2024, 9, 30)),
        ("trong năm 2024", D(2024, 12, 31)),
        ("Tháng 2/2024", D(2024, 2, 29)),
    ],
)
def test_a_task_is_due_on_the_last_day_of_its_window(when, deadline):
    plan = make_plan(f"- id: I.1\n  task: Việc\n  lead: [Sở Ngoại vụ]\n  when: {when}\n")
    entries = dl.item_entries(plan, task(plan), D(2020, 1, 1), D(2030, 12, 31))
    assert [e.deadline for e in entries] == [deadline]
    assert entries[0].kind == "task"


def test_an_exact_due_date_wins_over_the_window():
    plan = make_plan("- id: I.1\n  task: Việc\n  lead: [Sở Ngoại vụ]\n  when: Quý II\n  due: 2024-05-15\n")
    assert [e.deadline for e in dl.item_entries(plan, task(plan), D(2024, 1, 1), D(2024, 12, 31))] == [D(2024, 5, 15)]


@pytest.mark.parametrize(
    "when",
    ["thường xuyên", "Thường xuyên trong năm", "Theo KH đoàn ra", "Theo Hướng dẫn của Bộ Ngoại giao năm 2024."],
)
def test_ongoing_and_conditional_items_have_no_deadline_but_are_active(when):
    plan = make_plan(f"- id: I.1\n  task: Việc\n  lead: [Sở Ngoại vụ]\n  when: {when}\n")
    assert dl.item_entries(plan, task(plan), D(2024, 1, 1), D(2024, 12, 31)) == []
    assert dl.is_undated_active(plan, task(plan), D(2024, 4, 1), D(2024, 6, 30))
    entry = dl.undated_entry(plan, task(plan))
    assert entry.deadline is None
    assert entry.state(D(2024, 7, 15)) == dl.NO_DEADLINE
    assert dl.STATE_LABELS[dl.NO_DEADLINE] == "không có thời hạn"


# ---------------------------------------------------------------------------------------------- states


def test_due_today_is_open_in_time_and_the_next_day_overdue():
    plan = make_plan("- id: I.1\n  task: Việc\n  lead: [Sở Ngoại vụ]\n  when: Quý II\n")
    (entry,) = dl.item_entries(plan, task(plan), D(2024, 1, 1), D(2024, 12, 31))
    assert entry.state(D(2024, 6, 30)) == dl.OPEN_IN_TIME
    assert entry.days(D(2024, 6, 30)) == 0
    from kehoach.render.entries import days_text

    assert days_text(entry, D(2024, 6, 30)) == "hôm nay"
    assert entry.state(D(2024, 7, 1)) == dl.OPEN_OVERDUE
    assert entry.days(D(2024, 7, 1)) == -1
    assert days_text(entry, D(2024, 7, 1)) == "trễ 1 ngày"
    assert days_text(entry, D(2024, 6, 20)) == "còn 10 ngày"


@pytest.mark.parametrize(
    ("done_on", "state"),
    [("2024-06-30", dl.DONE_ON_TIME), ("2024-04-02", dl.DONE_ON_TIME), ("2024-07-01", dl.DONE_LATE)],
)
def test_done_on_or_before_the_deadline_is_on_time_after_it_late(done_on, state):
    plan = make_plan(
        f"- id: I.1\n  task: Việc\n  lead: [Sở Ngoại vụ]\n  when: Quý II\n  status: done\n  done_on: {done_on}\n"
    )
    (entry,) = dl.item_entries(plan, task(plan), D(2024, 1, 1), D(2024, 12, 31))
    # the state of a done item does not depend on today
    assert entry.state(D(2024, 5, 1)) == state
    assert entry.state(D(2025, 1, 1)) == state


def test_state_labels_are_the_government_office_classification():
    assert [dl.STATE_LABELS[s] for s in (dl.DONE_ON_TIME, dl.DONE_LATE, dl.OPEN_IN_TIME, dl.OPEN_OVERDUE)] == [
        "đã hoàn thành đúng hạn",
        "đã hoàn thành quá hạn",
        "chưa hoàn thành, trong hạn",
        "chưa hoàn thành, quá hạn",
    ]


def test_cancelled_and_postponed():
    plan = make_plan(
        "- id: I.1\n  task: A\n  lead: [Sở Ngoại vụ]\n  when: Quý I\n  status: cancelled\n"
        "- id: I.2\n  task: B\n  lead: [Sở Ngoại vụ]\n  when: Quý I\n  status: tạm hoãn\n"
    )
    (a,) = dl.item_entries(plan, task(plan, "I.1"), D(2024, 1, 1), D(2024, 12, 31))
    (b,) = dl.item_entries(plan, task(plan, "I.2"), D(2024, 1, 1), D(2024, 12, 31))
    assert a.state(D(2024, 7, 1)) == dl.CANCELLED_STATE
    assert b.state(D(2024, 7, 1)) == dl.OPEN_OVERDUE  # postponed is still not done
    assert [e.id for e in dl.overdue([plan], D(2024, 7, 1))] == ["I.2"]


# ---------------------------------------------------------------------------------------------- recurring


def test_binh_dinh_recurring_items_fall_due_in_2023_and_in_2025(repo):
    plan = plan_of(repo, "binhdinh-doi-ngoai-2022")
    assert plan.years == (2022, 2023) and plan.continues
    yearly = task(plan, "II.5")  # "Hằng năm"
    from_2023 = task(plan, "III.6")  # "Năm 2023 và các năm tiếp theo"
    once = task(plan, "I.1")  # "Quý IV/2022"
    for item, years in ((yearly, [2022, 2023, 2024, 2025]), (from_2023, [2023, 2024, 2025]), (once, [2022])):
        found = dl.item_entries(plan, item, D(2022, 1, 1), D(2025, 12, 31))
        assert [e.deadline for e in found] == [D(y, 12, 31) for y in years], item.when
    q4_2023 = {e.id for e in dl.dated_entries([plan], D(2023, 10, 1), D(2023, 12, 31))}
    q4_2025 = {e.id for e in dl.dated_entries([plan], D(2025, 10, 1), D(2025, 12, 31))}
    assert {"II.5", "III.6", "II.3"} <= q4_2023
    assert {"II.5", "III.6", "II.3"} <= q4_2025
    assert "I.1" not in q4_2023 and "I.1" not in q4_2025
    assert "III.6" not in {e.id for e in dl.dated_entries([plan], D(2022, 1, 1), D(2022, 12, 31))}


def test_a_recurring_done_on_counts_for_the_year_it_falls_in():
    plan = make_plan(
        "- id: I.1\n  task: Việc hằng năm\n  lead: [Sở Ngoại vụ]\n  when: Hằng năm\n"
        "  status: done\n  done_on: 2023-11-02\n",
        head="year: 2022\n  years: [2022, 2023]\n  continues: true",
    )
    by_year = {e.deadline.year: e for e in dl.item_entries(plan, task(plan), D(2022, 1, 1), D(2025, 12, 31))}
    today = D(2025, 3, 1)
    assert by_year[2023].state(today) == dl.DONE_ON_TIME
    assert by_year[2022].state(today) == dl.OPEN_OVERDUE
    assert by_year[2024].state(today) == dl.OPEN_OVERDUE
    assert by_year[2025].state(today) == dl.OPEN_IN_TIME
    assert [(e.deadline.year, e.days(today)) for e in dl.overdue([plan], today)] == [(2022, -791), (2024, -60)]


# ---------------------------------------------------------------------------------------------- milestones


DELEGATIONS = """\
delegations:
  - id: DR.1
    direction: out
    destination: Nhật Bản
    when: Quý III
    lead: [Sở Ngoại vụ]
  - id: DR.2
    direction: out
    destination: Hàn Quốc
    when: Quý II
    lead: [Sở Du lịch]
  - id: DR.3
    direction: out
    destination: Lào
    when: Tháng 4/2024
    lead: [Sở Ngoại vụ]
  - id: DR.4
    direction: out
    destination: Úc
    when: Quý III
    due: 2024-08-15
    lead: [Sở Ngoại vụ]
  - id: DR.5
    direction: out
    destination: Pháp
    when: Quý I
    lead: [Sở Ngoại vụ]
  - id: DV.1
    direction: in
    origin: Thái Lan
    when: Quý III
    lead: [Sở Ngoại vụ]
  - id: DR.6
    direction: out
    destination: Nga
    when: Quý III
    lead: [Sở Ngoại vụ]
    status: done
    done_on: 2024-09-20
"""


def delegation_plan(rule: bool = True):
    text = textwrap.dedent(
        """\
        kehoach: 1
        plan:
          id: t-2024
          number: 9/KH-UBND
          title: Thử
          year: 2024
        """
    )
    if rule:
        text += "rules:\n  delegation_programme_months_before: 2\n"
    text += "sections: []\n" + DELEGATIONS
    return build_plan(parse_text(text, "t.yaml").data, "t.yaml")


def test_the_programme_milestone_is_due_n_months_before_the_trip():
    plan = delegation_plan()
    found = {e.id: e for e in dl.milestone_entries(plan, D(2023, 1, 1), D(2024, 12, 31))}
    assert {k: e.deadline for k, e in found.items()} == {
        "DR.1#chuong-trinh": D(2024, 5, 1),  # Quý III: trip from 1 July
        "DR.2#chuong-trinh": D(2024, 2, 1),  # Quý II: from 1 April
        "DR.3#chuong-trinh": D(2024, 2, 1),  # Tháng 4: from 1 April
        "DR.4#chuong-trinh": D(2024, 6, 15),  # an exact date: 15 August
        "DR.5#chuong-trinh": D(2023, 11, 1),  # Quý I: the milestone falls in the year before
        "DR.6#chuong-trinh": D(2024, 5, 1),
    }  # DV.1 is inbound: no programme to send
    assert found["DR.1#chuong-trinh"].kind == "milestone"
    assert found["DR.1#chuong-trinh"].lead == ["Sở Ngoại vụ"]
    assert found["DR.1#chuong-trinh"].extra["trip_start"] == "2024-07-01"
    assert [e.id for e in dl.dated_entries([plan], D(2024, 4, 1), D(2024, 6, 30), (dl.MILESTONE,))] == [
        "DR.1#chuong-trinh",
        "DR.6#chuong-trinh",
        "DR.4#chuong-trinh",
    ]
    assert dl.milestone_entries(delegation_plan(rule=False), D(2023, 1, 1), D(2024, 12, 31)) == []


def test_milestones_are_untracked_unless_their_delegation_is_closed():
    plan = delegation_plan()
    found = {e.id: e for e in dl.milestone_entries(plan, D(2024, 1, 1), D(2024, 12, 31))}
    assert found["DR.1#chuong-trinh"].state(D(2024, 5, 1)) == dl.OPEN_IN_TIME
    assert found["DR.1#chuong-trinh"].state(D(2024, 5, 2)) == dl.PAST_UNTRACKED
    # the trip took place, so its programme was sent: done (the plan gives no date for it)
    assert found["DR.6#chuong-trinh"].state(D(2024, 10, 1)) == dl.DONE_ON_TIME
    assert dl.overdue([plan], D(2024, 12, 1), kinds=dl.ENTRY_KINDS) == [
        e for e in dl.overdue([plan], D(2024, 12, 1)) if e.kind == "delegation"
    ]


# ---------------------------------------------------------------------------------------------- reports


def test_reporting_deadlines_of_the_shipped_plans(repo):
    p58 = plan_of(repo, "brvt-58-2024")
    p93 = plan_of(repo, "brvt-93-2024")
    assert [(e.id, e.deadline) for e in dl.report_entries(p58, D(2024, 1, 1), D(2024, 12, 31))] == [
        ("bc-6-thang-so-nganh@2024", D(2024, 5, 10)),
        ("bc-nam-so-nganh@2024", D(2024, 9, 25)),
        ("bc-6-thang-tong-hop@2024", D(2024, 5, 20)),
        ("bc-nam-tong-hop@2024", D(2024, 9, 30)),
    ]
    assert [(e.id, e.deadline) for e in dl.report_entries(p93, D(2024, 1, 1), D(2024, 12, 31))] == [
        ("bc-nam-so-nganh@2024", D(2024, 12, 15))
    ]
    assert dl.report_entries(p58, D(2025, 1, 1), D(2025, 12, 31)) == []  # the plan does not cover 2025
    # "không quy định ngày": no deadline ever
    assert dl.report_entries(plan_of(repo, "dongnai-90-2024"), D(2024, 1, 1), D(2024, 12, 31)) == []
    (report,) = dl.report_entries(p58, D(2024, 5, 10), D(2024, 5, 10))
    assert report.kind == "report" and report.remind == 14
    assert report.state(D(2024, 5, 10)) == dl.OPEN_IN_TIME
    assert report.state(D(2024, 5, 11)) == dl.PAST_UNTRACKED


def test_overdue_never_lists_reports_or_milestones(repo):
    p58 = plan_of(repo, "brvt-58-2024")
    kinds = {e.kind for e in dl.overdue([p58], D(2024, 12, 31), kinds=dl.ENTRY_KINDS)}
    assert kinds == {"task", "delegation"}


# ---------------------------------------------------------------------------------------------- upcoming


def test_upcoming_uses_the_entry_own_remind_instead_of_the_window(repo):
    p58 = plan_of(repo, "brvt-58-2024")
    held: list = []
    found = dl.upcoming([p58], D(2024, 4, 28), 45, held)
    assert [(e.id, e.days(D(2024, 4, 28))) for e in found] == [
        ("DR.A.5#chuong-trinh", 3),
        ("DR.A.6#chuong-trinh", 3),
        ("DR.A.7#chuong-trinh", 3),
        ("DR.B.4#chuong-trinh", 3),
        ("DR.2.2#chuong-trinh", 3),
        ("DR.2.3#chuong-trinh", 3),
        ("bc-6-thang-so-nganh@2024", 12),
    ]
    assert [e.id for e in held] == ["bc-6-thang-tong-hop@2024"]  # 22 days away, reminds 14 days before
    # a longer remind reaches beyond the window
    plan = make_plan("- id: I.1\n  task: Việc\n  lead: [Sở Ngoại vụ]\n  when: Quý II\n  remind: 60\n")
    assert [e.id for e in dl.upcoming([plan], D(2024, 5, 1), 7)] == ["I.1"]
    assert dl.upcoming([plan], D(2024, 4, 30), 7) == []  # 61 days


# ---------------------------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("value", "quarter"), [("II", 2), ("ii", 2), ("2", 2), (2, 2), ("Quý IV", 4), ("Q3", 3), ("I", 1), (None, None)]
)
def test_parse_quarter(value, quarter):
    assert dl.parse_quarter(value) == quarter


@pytest.mark.parametrize("value", ["V", "5", "0", "IIII", "x"])
def test_parse_quarter_refuses_quarters_that_do_not_exist(value):
    with pytest.raises(ValueError, match="does not exist"):
        dl.parse_quarter(value)


def test_periods():
    assert dl.period_of(2024, 2) == (D(2024, 4, 1), D(2024, 6, 30))
    assert dl.period_of(2024, None, 2) == (D(2024, 2, 1), D(2024, 2, 29))
    assert dl.period_of(2024) == (D(2024, 1, 1), D(2024, 12, 31))


def test_default_year_is_this_year_else_the_latest_plan_year(repo):
    assert dl.default_year(repo.plans, D(2024, 5, 1)) == (2024, None)
    single_year = [p for p in repo.plans if not p.continues and p.year == 2024]
    year, notice = dl.default_year(single_year, D(2026, 5, 1))
    assert year == 2024
    assert "no plan covers 2026" in notice and "2024" in notice
    # Bình Định continues after 2023 ("và các năm tiếp theo"): it covers 2024 and 2026 too (issue 12 §2)
    assert dl.default_year([plan_of(repo, "binhdinh-doi-ngoai-2022")], D(2024, 5, 1)) == (2024, None)
    assert dl.default_year(repo.plans, D(2026, 5, 1)) == (2026, None)
    # Lào Cai 134/KH-UBND is a plan of 2026 (issue 12 §5): it alone makes 2026 the default, and not 2027
    assert dl.default_year([plan_of(repo, "laocai-134-2026")], D(2026, 5, 1)) == (2026, None)
    assert dl.default_year([plan_of(repo, "laocai-134-2026")], D(2027, 5, 1))[0] == 2026
    # before a plan's first year nothing covers today: the latest plan year, with the notice
    year, notice = dl.default_year([plan_of(repo, "binhdinh-doi-ngoai-2022")], D(2021, 5, 1))
    assert year == 2023 and "no plan covers 2021" in notice


def test_representative_entry_of_a_recurring_item_outside_its_years(repo):
    plan = plan_of(repo, "binhdinh-doi-ngoai-2022")
    assert dl.representative_entry(plan, task(plan, "III.6"), 2022).deadline == D(2023, 12, 31)
    assert dl.representative_entry(plan, task(plan, "II.5"), 2025).deadline == D(2025, 12, 31)
    assert dl.representative_entry(plan, task(plan, "I.1"), 2024).deadline == D(2022, 12, 31)
    assert dl.representative_entry(plan, task(plan, "II.4"), 2024).deadline is None  # Thường xuyên
