"""Lazy plans: with a warm cache, `due` reads only the plans that reach the period — and answers exactly as
if it had read them all, also when files change, break, or the kept summaries are damaged or forged."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from conftest import PLANS

from kehoach import deadlines as dl
from kehoach.cli.env import Env
from kehoach.config import Config
from kehoach.errors import PlanDataError, UsageError
from kehoach.queries import due_query
from kehoach.repo import LazyPlan, NotRealizedError, load_repo

TODAY = dt.date(2024, 5, 15)


@pytest.fixture
def root(tmp_path) -> Path:
    root = tmp_path / "plans"
    shutil.copytree(PLANS, root)
    return root


def _env(root: Path) -> Env:
    return Env(TODAY, Config(root.parent / "kehoach.toml"), root)


def _rows(repo, root, year, quarter=None, **kw) -> list[dict]:
    result = due_query(repo, _env(root), quarter=quarter, year=year, include_undated=True, **kw)
    return [e.to_row(TODAY) for e in result.entries] + [result.footer]


def _summaries() -> list[Path]:
    return sorted(Path(os.environ["KEHOACH_CACHE_DIR"]).rglob("*.khs"))


def test_first_load_keeps_summaries_and_the_second_is_lazy(root):
    # the first (cold) load parses each file, keeps its entry and its summary and drops the parsed document,
    # as the worker processes do: it holds one document at a time, not all of them
    cold = load_repo(root, lazy=True)
    assert [type(p) for p in cold.plans] == [LazyPlan] * 6
    assert not any(p.realized for p in cold.plans)
    assert len(_summaries()) == 6  # one per plan; the registry is always read
    first = load_repo(root)
    assert not any(isinstance(p, LazyPlan) for p in first.plans)
    assert [p.id for p in cold.plans] == [p.id for p in first.plans]
    cold.realize(cold.plans)  # read when asked to, in one batch
    assert [len(p.items) for p in cold.plans] == [len(p.items) for p in first.plans]
    second = load_repo(root, lazy=True)
    assert [type(p) for p in second.plans] == [LazyPlan] * 6
    assert [p.id for p in second.plans] == [p.id for p in first.plans]
    assert [(p.number, p.province, p.years, p.continues, p.path) for p in second.plans] == [
        (p.number, p.province, p.years, p.continues, p.path) for p in first.plans
    ]
    assert not any(p.realized for p in second.plans)


def test_lazy_answers_every_period_as_the_full_repository(root):
    full = load_repo(root)
    load_repo(root, lazy=True)  # keeps the summaries
    for year in range(2021, 2027):
        for quarter in (None, 1, 2, 3, 4):
            lazy = load_repo(root, lazy=True)
            assert _rows(lazy, root, year, quarter) == _rows(full, root, year, quarter), (year, quarter)
    lazy = load_repo(root, lazy=True)
    assert _rows(lazy, root, 2024, 2, agency="so ngoai vu") == _rows(full, root, 2024, 2, agency="so ngoai vu")


def test_only_the_plans_that_reach_the_period_are_read(root):
    load_repo(root, lazy=True)
    repo = load_repo(root, lazy=True)
    due_query(repo, _env(root), quarter=2, year=2030)
    # only Bình Định's plan goes on ("và các năm tiếp theo"); the 2024 plans and Lào Cai's 2026 plan stay unread
    assert {p.id: p.realized for p in repo.plans} == {
        "brvt-58-2024": False,
        "brvt-93-2024": False,
        "binhdinh-doi-ngoai-2022": True,
        "dongnai-90-2024": False,
        "laocai-134-2026": False,
        "bnnmt-2200-2026": False,
    }
    assert str(root / "dong-nai" / "90-kh-ubnd-2024.yaml") not in repo.documents


def test_a_lazy_plan_is_read_only_when_asked_to(root):
    full = {p.id: p for p in load_repo(root).plans}
    load_repo(root, lazy=True)
    plan = next(p for p in load_repo(root, lazy=True).plans if p.id == "brvt-58-2024")
    assert not plan.realized
    for name in ("items", "tasks", "reporting", "sections", "meta"):
        with pytest.raises(NotRealizedError, match=r"'brvt-58-2024' is known only by its summary"):
            getattr(plan, name)
    assert not plan.realized  # asking did not read it
    assert repr(plan) == "LazyPlan(id='brvt-58-2024', path=" + repr(plan.path) + ", realized=False)"
    assert plan.load() is plan
    assert len(plan.items) == len(full["brvt-58-2024"].items) == 112
    assert plan.realized and plan.reporting == full["brvt-58-2024"].reporting
    with pytest.raises(AttributeError):
        plan.no_such_thing  # noqa: B018


def test_an_item_by_plan_and_id_reads_only_its_plan(root):
    """`kehoach show 58/KH-UBND:II.3.1` reads one plan; a bare id must look in every plan."""
    load_repo(root, lazy=True)
    repo = load_repo(root, lazy=True)
    plan, item = repo.item("58/KH-UBND:II.3.1")
    assert (plan.id, item.id, item.line) == ("brvt-58-2024", "II.3.1", 365)
    assert [p.id for p in repo.plans if p.realized] == ["brvt-58-2024"]
    with pytest.raises(UsageError, match="has no item 'IX.9'"):
        repo.item("93/KH-UBND:IX.9")
    assert sorted(p.id for p in repo.plans if p.realized) == ["brvt-58-2024", "brvt-93-2024"]
    again = load_repo(root, lazy=True)
    with pytest.raises(UsageError, match="no item has the id 'IX.9'"):
        again.item("IX.9")
    assert all(p.realized for p in again.plans)


def test_an_edited_file_is_read_as_it_is_now(root):
    path = root / "ba-ria-vung-tau" / "93-kh-ubnd-2024.yaml"
    load_repo(root, lazy=True)
    text = path.read_text(encoding="utf-8")
    assert "year: 2024" in text
    path.write_text(text.replace("years: [2024]", "years: [2024]").replace("year: 2024", "year: 2031", 1), "utf-8")
    repo = load_repo(root, lazy=True)
    plan = next(p for p in repo.plans if p.id == "brvt-93-2024")
    # new bytes: no summary yet; the file is parsed again and summarized from what it says now
    assert plan.year == 2031
    assert _rows(repo, root, 2031) == _rows(load_repo(root), root, 2031)


def test_a_file_broken_after_the_summary_was_read_stops_with_its_diagnostic(root):
    load_repo(root, lazy=True)
    repo = load_repo(root, lazy=True)
    path = root / "dong-nai" / "90-kh-ubnd-2024.yaml"
    path.write_text("kehoach: 1\nplan: [unclosed\n", encoding="utf-8")
    with pytest.raises(PlanDataError) as info:
        repo.reaching(repo.plans, dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert [d.code for d in info.value.diagnostics] == ["KH101"]  # invalid YAML
    assert info.value.diagnostics[0].file.endswith("90-kh-ubnd-2024.yaml")
    assert info.value.diagnostics[0].line == 2


@pytest.mark.parametrize("damage", ["flip", "truncate", "forged"])
def test_a_damaged_or_forged_summary_is_ignored(root, damage):
    full = load_repo(root)
    load_repo(root, lazy=True)
    for path in _summaries():
        blob = path.read_bytes()
        if damage == "flip":
            blob = blob[:20] + bytes([blob[20] ^ 0x01]) + blob[21:]
        elif damage == "truncate":
            blob = blob[: len(blob) // 2]
        else:  # the right frame and format, wrong content: claims the plan touches nothing
            import json

            from kehoach.cache import SUMMARY_MAGIC, _summary_format, frame

            payload = json.dumps({"f": _summary_format(), "s": {"plan": {"id": 1}, "reach": [[], None, False]}})
            payload = payload.encode()
            blob = frame(path, payload, SUMMARY_MAGIC)
        path.write_bytes(blob)
    repo = load_repo(root, lazy=True)
    if damage == "forged":  # not a summary: the plans are read in full
        assert not any(isinstance(p, LazyPlan) for p in repo.plans)
    else:  # unreadable: made again from the cached entry, one document at a time
        assert [type(p) for p in repo.plans] == [LazyPlan] * 6
    assert _rows(repo, root, 2024, 2) == _rows(full, root, 2024, 2)
    if damage != "forged":  # rewritten, so the next run is lazy again
        assert all(isinstance(p, LazyPlan) for p in load_repo(root, lazy=True).plans)


def test_due_twice_on_the_command_line_prints_the_same(invoke):
    args = ("due", "-q", "II", "--year", "2024", "--today", "2024-05-15", "--all")
    first = invoke(*args, "-f", "json")
    second = invoke(*args, "-f", "json")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    assert len(_summaries()) == 6
    assert invoke(*args).stdout == invoke(*args).stdout


def test_reach_years_match_the_entries_of_a_quarter(root):
    """The lazy read of a quarter with nothing in it reads nothing but the open-ended plan."""
    load_repo(root, lazy=True)
    repo = load_repo(root, lazy=True)
    kept = repo.reaching(repo.plans, *dl.period_of(2019, 1))
    assert [p.id for p in kept] == []
    assert not any(p.realized for p in repo.plans)


def test_report_of_a_named_plan_reads_the_same_lazily(invoke):
    args = ("report", "annual", "--plan", "58", "--year", "2024", "--today", "2024-10-01", "-f", "json")
    first = invoke(*args)
    assert len(_summaries()) == 6
    second = invoke(*args)  # the other three plans are known only by their summaries now
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    assert '"plan_number": "58/KH-UBND"' in second.stdout


def test_worker_processes_keep_summaries_and_the_main_process_builds_only_what_it_needs(root, monkeypatch):
    from kehoach import cache

    monkeypatch.setattr(cache, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(cache, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setenv("KEHOACH_JOBS", "2")
    full = load_repo(root)  # cache on, but without summaries
    for path in Path(os.environ["KEHOACH_CACHE_DIR"]).rglob("*.kh[cs]"):
        path.unlink()
    cold = load_repo(root, lazy=True)  # every file parsed by a worker, which also summarizes the plans
    assert [type(p) for p in cold.plans] == [LazyPlan] * 6
    assert len(_summaries()) == 6
    assert len(cold.registry.agencies) == len(full.registry.agencies)  # the registry is always read
    assert _rows(cold, root, 2022, 2) == _rows(full, root, 2022, 2)
    assert {p.id for p in cold.plans if p.realized} == {"binhdinh-doi-ngoai-2022"}
    assert _rows(cold, root, 2024, 2) == _rows(full, root, 2024, 2)


def test_lazy_upcoming_answers_as_the_full_repository(root):
    from kehoach.queries import upcoming_query

    full = load_repo(root)
    load_repo(root, lazy=True)
    assert [p.longest_remind() for p in load_repo(root, lazy=True).plans] == [14, 14, 0, 0, 0, 0]  # from summaries
    for n in range(45):
        today = dt.date(2023, 11, 20) + dt.timedelta(days=19 * n)
        env = Env(today, Config(root.parent / "kehoach.toml"), root)
        for days in (0, 30):  # with 0, only entries within their own `remind` (14 days for the reports)
            lazy = load_repo(root, lazy=True)
            got = upcoming_query(lazy, env, days=days)
            want = upcoming_query(full, env, days=days)
            assert [e.to_row(today) for e in got.entries] == [e.to_row(today) for e in want.entries], (today, days)
            assert got.footer == want.footer


def test_a_cache_filled_by_validate_has_the_summaries_a_query_reads(root):
    from kehoach.validate import validate_paths

    full = load_repo(root)
    for path in Path(os.environ["KEHOACH_CACHE_DIR"]).rglob("*.kh[cs]"):
        path.unlink()
    files, diagnostics = validate_paths([], root)
    assert len(files) == 7 and not [d for d in diagnostics if d.severity == "error"]
    assert len(_summaries()) == 6  # validate parsed every file and kept each plan's summary
    repo = load_repo(root, lazy=True)
    assert [type(p) for p in repo.plans] == [LazyPlan] * 6 and not any(p.realized for p in repo.plans)
    assert _rows(repo, root, 2024, 2) == _rows(full, root, 2024, 2)
