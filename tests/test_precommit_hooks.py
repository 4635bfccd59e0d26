"""The pre-commit hooks and the example GitHub workflow run commands that exist and work."""

from __future__ import annotations

import shlex

import pytest
from conftest import ROOT
from review_support import PLAN, change_plan, make_repo

from kehoach.loader import load_document

HOOKS = load_document(ROOT / ".pre-commit-hooks.yaml").data
WORKFLOW = load_document(ROOT / "docs" / "github-workflow.yml").data


def test_hooks_are_well_formed():
    assert [h["id"] for h in HOOKS] == ["kehoach-validate", "kehoach-fmt-check", "kehoach-fmt"]
    for hook in HOOKS:
        assert {"id", "name", "entry", "language", "files"} <= set(hook)
        assert hook["language"] == "python" and hook["entry"].startswith("kehoach ")


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_hook_entries_pass_on_a_good_plan_and_fail_on_a_bad_one(hook, tmp_path, invoke, monkeypatch):
    plans = tmp_path / "plans" / "test"
    plans.mkdir(parents=True)
    good = plans / "mini-2024.yaml"
    good.write_text(PLAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(hook["entry"])[1:]
    files = [] if hook.get("pass_filenames") is False else [str(good)]
    assert invoke(*args, *files).exit_code == 0
    good.write_text(
        PLAN.replace("  year: 2024\n", "  year: 2024\n  yaer: 2025\n").replace(
            "      - Sở Du lịch\n    budget", "      - Sở Du lịch  \n    budget"
        ),
        encoding="utf-8",
    )
    expected = 0 if hook["id"] == "kehoach-fmt" else 1  # the formatter fixes what it can and succeeds
    assert invoke(*args, *files).exit_code == expected


def test_workflow_runs_validate_fmt_and_posts_the_markdown_diff(tmp_path, monkeypatch, invoke):
    steps = WORKFLOW["jobs"]["check"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "kehoach validate --strict --format github" in runs
    assert "kehoach fmt --check --format github" in runs
    assert 'kehoach diff "origin/${BASE_REF}...HEAD" --format md --output plan-diff.md' in runs
    assert "gh pr comment" in runs and "GITHUB_STEP_SUMMARY" in runs
    assert steps[0]["with"]["fetch-depth"] == 0
    # the diff step, as the workflow runs it, in a real repository
    repo = make_repo(tmp_path, monkeypatch)
    repo.git("checkout", "-q", "-b", "feature")
    change_plan(repo)
    repo.commit("Điều chỉnh kế hoạch")
    result = invoke("diff", "main...HEAD", "--format", "md", "--output", "plan-diff.md")
    assert result.exit_code == 0
    assert (
        (repo.root / "plan-diff.md")
        .read_text(encoding="utf-8")
        .startswith("## kehoach diff: `main (merge base with HEAD)` → `HEAD`\n")
    )
