"""fileio: atomic writes, and the -o guard that keeps plan files from being overwritten by accident."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kehoach.errors import ConflictError, UsageError
from kehoach.fileio import atomic_write, guard_output

PLAN58 = Path("plans/ba-ria-vung-tau/58-kh-ubnd-2024.yaml")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(Path("plans"), tmp_path / "plans")
    return tmp_path


def test_atomic_write_replaces_and_keeps_the_mode(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    atomic_write(target, "mới\n")
    assert target.read_text(encoding="utf-8") == "mới\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left


def test_an_existing_plan_file_is_refused_anywhere(repo):
    plan = repo / "elsewhere.yaml"
    shutil.copy(PLAN58, plan)
    with pytest.raises(ConflictError, match="refusing to overwrite the plan file"):
        guard_output(plan)
    guard_output(plan, force=True)  # --force


def test_a_plan_reached_through_a_symlink_is_refused(repo):
    link = repo / "report.yaml"
    os.symlink(repo / "plans" / "ba-ria-vung-tau" / "58-kh-ubnd-2024.yaml", link)
    with pytest.raises(ConflictError):
        guard_output(link)


def test_a_plan_with_a_bom_or_leading_comments_is_still_a_plan(repo):
    plan = repo / "p.yml"
    plan.write_bytes(b"\xef\xbb\xbf# comment\nkehoach: 1\n")
    with pytest.raises(ConflictError):
        guard_output(plan)


def test_files_in_the_plans_folder_are_refused_and_new_yaml_there_too(repo):
    plans = repo / "plans"
    notes = plans / "notes.md"
    notes.write_text("ghi chú\n", encoding="utf-8")
    with pytest.raises(ConflictError, match="a file in the plans folder"):
        guard_output(notes, plans_dir=plans)
    with pytest.raises(ConflictError, match="would be read as a plan"):
        guard_output(plans / "new.yaml", plans_dir=plans)
    guard_output(plans / "new.md", plans_dir=plans)  # a new non-YAML file is harmless
    guard_output(plans / "new.yaml", force=True, plans_dir=plans)


def test_ordinary_outputs_pass(repo):
    other = repo / "report.yaml"
    other.write_text("title: not a plan\n", encoding="utf-8")
    guard_output(other)
    guard_output(repo / "fresh.json")


def test_folders_and_missing_folders_are_usage_errors(repo):
    with pytest.raises(UsageError, match="it is a folder"):
        guard_output(repo)
    with pytest.raises(UsageError, match="does not exist"):
        guard_output(repo / "no" / "such" / "out.md")


def test_schema_dash_o_onto_a_plan_is_refused_and_the_plan_is_untouched(invoke, repo):
    plan = repo / "plans" / "ba-ria-vung-tau" / "58-kh-ubnd-2024.yaml"
    before = plan.read_bytes()
    result = invoke("schema", "-o", str(plan))
    assert result.exit_code == 3
    assert "refusing to overwrite the plan file" in result.output
    assert plan.read_bytes() == before
    result = invoke("schema", "-o", str(repo / "plan.schema.json"))
    assert result.exit_code == 0
    assert (repo / "plan.schema.json").read_text(encoding="utf-8").startswith("{")
