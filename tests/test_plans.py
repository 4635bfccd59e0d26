"""The shipped plans: every file validates with --strict, and holds the items of its source document."""

from __future__ import annotations

import pytest
from conftest import PLANS

from kehoach.repo import load_repo
from kehoach.validate import validate_paths


@pytest.fixture(scope="module")
def repo():
    return load_repo(PLANS)


def test_every_shipped_plan_validates_cleanly_with_strict():
    files, diagnostics = validate_paths([], PLANS, strict=True)
    assert len(files) == 7
    assert [f"{d.location}: {d.code} {d.message}" for d in diagnostics] == []


@pytest.mark.parametrize("path", sorted(p.relative_to(PLANS).as_posix() for p in PLANS.rglob("*.yaml")))
def test_each_file_on_its_own(invoke, path):
    result = invoke("validate", "--strict", str(PLANS / path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1 file(s) checked: 0 error(s), 0 warning(s)"


@pytest.mark.parametrize(
    ("plan_id", "number", "tasks", "delegations"),
    [
        ("brvt-58-2024", "58/KH-UBND", 97, 15),
        ("brvt-93-2024", "93/KH-UBND", 13, 0),
        ("dongnai-90-2024", "90/KH-UBND", 12, 35),
        ("binhdinh-doi-ngoai-2022", None, 25, 0),  # 25 rows in the source, not the 22 once quoted
        ("laocai-134-2026", "134/KH-UBND", 46, 0),  # II: 12 dashes, V: 31, VI: 3 (counted in the source)
        ("bnnmt-2200-2026", "2200/QĐ-BNNMT", 12, 0),  # the appendix's 11 rows and III.4
    ],
)
def test_item_counts(repo, plan_id, number, tasks, delegations):
    plan = repo.plan(plan_id)
    assert plan.number == number
    assert (len(plan.tasks), len(plan.delegations)) == (tasks, delegations)
    ids = [i.id for i in plan.items]
    assert len(ids) == len(set(ids))


def test_plan_ids_and_years(repo):
    assert sorted(p.id for p in repo.plans) == [
        "binhdinh-doi-ngoai-2022",
        "bnnmt-2200-2026",
        "brvt-58-2024",
        "brvt-93-2024",
        "dongnai-90-2024",
        "laocai-134-2026",
    ]
    assert repo.plan("binhdinh-doi-ngoai-2022").years == (2022, 2023)
    assert repo.plan("binhdinh-doi-ngoai-2022").continues


def test_every_time_text_is_read(repo):
    unread = [(p.id, i.id, i.when) for p in repo.plans for i in p.items if i.time_error]
    assert unread == []
