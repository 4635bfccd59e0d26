"""The pre-commit hooks and the example GitHub workflow run commands that exist and work."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from review_support import PLAN, PLAN_PATH, change_plan, make_repo

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


def _pre_commit(*args: str, cwd, home) -> subprocess.CompletedProcess:
    import sys

    exe = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("KEHOACH_CONFIG", None)
    return subprocess.run([exe, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_try_repo_runs_the_hooks_for_real(tmp_path, tmp_path_factory):
    """pre-commit installs kehoach from this repository into its own environment and runs the hooks on a
    temporary plan repository: a good plan passes, a broken one fails with its diagnostic."""
    pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")
    home = tmp_path_factory.mktemp("pre-commit-home")
    repo = tmp_path / "plan-repo"
    (repo / "plans" / "test").mkdir(parents=True)
    plan = repo / PLAN_PATH
    plan.write_text(PLAN, encoding="utf-8")
    git = ["git", "-c", "user.email=kt@example.vn", "-c", "user.name=Kiểm thử"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "Kế hoạch"], cwd=repo, check=True)
    hooks = ["kehoach-validate", "kehoach-fmt-check"]
    for hook in hooks:
        good = _pre_commit("try-repo", str(ROOT), hook, "--all-files", cwd=repo, home=home)
        assert good.returncode == 0, good.stdout + good.stderr
        assert "Passed" in good.stdout
    plan.write_text(PLAN.replace("when: Quý II\n", "when: Quý V\n", 1), encoding="utf-8")
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    bad = _pre_commit("try-repo", str(ROOT), "kehoach-validate", "--all-files", cwd=repo, home=home)
    assert bad.returncode == 1
    assert "Failed" in bad.stdout
    assert "plans/test/mini-2024.yaml:" in bad.stdout and "KH304" in bad.stdout
