"""gitrepo: git through argument lists, revisions checked before they reach git."""

from __future__ import annotations

import pytest
from review_support import PLAN, PLAN_PATH, make_repo

from kehoach.errors import GitError, UsageError
from kehoach.gitrepo import Git, check_rev


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return make_repo(tmp_path, monkeypatch)


@pytest.mark.parametrize("rev", ["", "-p", "--output=x", "a\nb", "a\0b"])
def test_check_rev_refuses_what_git_could_read_as_an_option(rev):
    with pytest.raises(UsageError):
        check_rev(rev)


def test_discover_resolve_and_files(repo):
    git = Git.discover(repo.root / "plans")
    assert git.root.resolve() == repo.root.resolve()
    head = git.resolve("HEAD")
    assert len(head) == 40 and git.is_rev("HEAD") and git.is_rev("HEAD..HEAD") and not git.is_rev("nope")
    tree = git.ls_tree(head, ["plans"])
    assert list(tree) == [PLAN_PATH]
    assert git.blobs(list(tree.values()))[tree[PLAN_PATH]].decode() == PLAN
    assert git.show("HEAD", PLAN_PATH).decode() == PLAN
    repo.write("x: 1\n", "plans/untracked.yaml")
    assert git.ls_worktree(["plans"]) == [PLAN_PATH, "plans/untracked.yaml"]
    with pytest.raises(GitError, match="unknown revision 'nope'"):
        git.resolve("nope")
    with pytest.raises(GitError, match="does not exist at revision"):
        git.show("HEAD", "plans/untracked.yaml")
    with pytest.raises(UsageError, match="outside the git repository"):
        git.relative(repo.root.parent)


def test_history_follows_renames_with_blobs(repo):
    repo.git("mv", PLAN_PATH, "plans/test/moved.yaml")
    repo.commit("move", date="2024-06-01T08:00:00+07:00")
    git = Git.discover(repo.root)
    first, second = git.file_history("plans/test/moved.yaml")
    assert (first.subject, first.old_path, first.new_path, first.old_blob == first.new_blob) == (
        "move",
        PLAN_PATH,
        "plans/test/moved.yaml",
        True,
    )
    assert (second.subject, second.old_path, second.old_blob, second.author) == (
        "Thêm kế hoạch 1/KH-UBND",
        None,
        None,
        "Nguyễn Văn An",
    )
    assert second.date == "2024-04-01T08:00:00+07:00"


def test_not_a_repository(tmp_path):
    with pytest.raises(GitError, match="not inside a git repository") as err:
        Git.discover(tmp_path)
    assert err.value.exit_code == 4
