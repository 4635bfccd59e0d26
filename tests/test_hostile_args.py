"""Hostile command-line arguments: git revisions never go through a shell nor reach git as options."""

from __future__ import annotations

import pytest
from review_support import make_repo


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return make_repo(tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "rev",
    [
        ";rm -rf x",
        "HEAD;touch pwned",
        "$(touch pwned)",
        "`touch pwned`",
        "HEAD && touch pwned",
        "HEAD | touch pwned",
    ],
)
def test_shell_syntax_in_a_revision_is_just_an_unknown_revision(repo, invoke, rev):
    (repo.root / "x").mkdir()
    result = invoke("diff", rev, "--")
    assert result.exit_code == 4, result.output  # git was asked (as one argument) and does not know it
    assert "unknown revision" in result.output
    assert (repo.root / "x").is_dir()  # nothing was removed
    assert not list(repo.root.rglob("pwned"))  # nothing was run


@pytest.mark.parametrize("rev", ["-p", "--exec=touch pwned", "--upload-pack=touch pwned"])
def test_option_like_arguments_are_kehoach_usage_errors_not_git_options(repo, invoke, rev):
    result = invoke("diff", rev, "--")
    assert result.exit_code == 2, result.output
    assert "No such option" in result.output
    assert not list(repo.root.rglob("pwned"))


def test_dash_dash_output_is_kehoachs_own_option_and_never_overwrites_a_plan(repo, invoke):
    plan = repo.root / "plans/test/mini-2024.yaml"
    before = plan.read_bytes()
    result = invoke("diff", "--output=plans/test/mini-2024.yaml", "--")
    assert result.exit_code == 3, result.output
    assert "refusing to overwrite the plan file" in result.output
    assert plan.read_bytes() == before
    result = invoke("diff", "--output=x", "--")
    assert result.exit_code == 0
    # kehoach's own text (a name without a known suffix: the default format), not git's output
    assert (repo.root / "x").read_text(encoding="utf-8").startswith("kehoach diff: HEAD → working tree\n")


@pytest.mark.parametrize("rev", ["--output=x", "-p", "--exec=touch pwned", "-", "HEAD\n--output=x", "a\0b"])
def test_the_library_refuses_option_like_revisions_before_calling_git(repo, rev):
    from kehoach.errors import UsageError
    from kehoach.gitrepo import Git, check_rev

    with pytest.raises(UsageError, match="is not a revision"):
        check_rev(rev)
    with pytest.raises(UsageError, match="is not a revision"):
        Git.discover(repo.root).resolve(rev)
    assert not (repo.root / "x").exists()


def test_a_path_after_double_dash_that_looks_like_an_option_is_only_a_path(repo, invoke):
    result = invoke("diff", "HEAD", "--", "--output=x")
    assert not (repo.root / "x").exists()
    assert "Traceback" not in result.output
