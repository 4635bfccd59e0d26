"""kehoach.queries as a library: the queries the commands run, called directly with a repository, a
configuration and a day (no CLI). Expected deadlines come from the plan texts (shared seeds)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from conftest import PLANS

from kehoach.config import Config
from kehoach.errors import UsageError
from kehoach.queries import due_query, list_query, overdue_query, show_item, upcoming_query
from kehoach.repo import load_repo


@pytest.fixture(scope="module")
def repo():
    return load_repo(PLANS)


def env(today: str, **config):
    return SimpleNamespace(today=dt.date.fromisoformat(today), config=Config(None, config))


def test_due_reports_of_58_in_the_second_quarter(repo):
    # 58/KH-UBND, mục D: agencies report the six-month result before 10 May, Sở Ngoại vụ consolidates for the
    # provincial People's Committee before 20 May.
    result = due_query(repo, env("2024-04-01"), quarter="II", year=2024, plan="58/KH-UBND", kinds=["report"])
    assert sorted({e.deadline for e in result.entries}) == [dt.date(2024, 5, 10), dt.date(2024, 5, 20)]
    assert result.period == (dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert result.title.startswith("Đến hạn Quý II/2024")


def test_93_is_due_at_the_end_of_the_year_and_reports_on_15_december(repo):
    # 93/KH-UBND: every task is "Trong năm 2024"; mục IV.3: report "trước ngày 15 tháng 12".
    result = due_query(repo, env("2024-10-01"), quarter="IV", year=2024, plan="93/KH-UBND")
    tasks = {e.deadline for e in result.entries if e.kind == "task"}
    reports = {e.deadline for e in result.entries if e.kind == "report"}
    assert tasks == {dt.date(2024, 12, 31)} and reports == {dt.date(2024, 12, 15)}


def test_the_configured_agency_applies_and_star_lifts_it(repo):
    configured = env("2024-10-01", agency="Sở Thông tin và Truyền thông")
    mine = due_query(repo, configured, quarter="IV", year=2024, plan="93/KH-UBND", kinds=["task"])
    everyone = due_query(repo, configured, quarter="IV", year=2024, plan="93/KH-UBND", kinds=["task"], agency="*")
    assert 0 < len(mine.entries) < len(everyone.entries)
    assert all("Sở Thông tin và Truyền thông" in e.lead for e in mine.entries)


def test_overdue_and_upcoming_follow_today(repo):
    late = overdue_query(repo, env("2025-01-15"), plan="93/KH-UBND")
    assert late.entries and all(e.deadline == dt.date(2024, 12, 31) for e in late.entries)
    soon = upcoming_query(repo, env("2024-12-01"), days=20, plan="93/KH-UBND")
    assert {e.deadline for e in soon.entries} == {dt.date(2024, 12, 15)}  # the report; tasks are 31/12


def test_list_and_show(repo):
    listed = list_query(repo, env("2024-05-01"), by="section", year=2024, plan="93/KH-UBND")
    assert listed.count == sum(1 for p in repo.plans if p.id == "brvt-93-2024" for _ in p.tasks)
    shown = show_item(repo, env("2024-05-01"), "93/KH-UBND:1.1")
    assert shown["lead_canonical"] == ["Sở Thông tin và Truyền thông"]
    assert shown["deadline"] == "2024-12-31" and shown["state"] == "open-in-time"


def test_unknown_names_raise_the_library_error(repo):
    with pytest.raises(UsageError):
        due_query(repo, env("2024-05-01"), plan="999/KH-UBND")
