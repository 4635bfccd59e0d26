"""kehoach diff: semantic diff between git revisions, in a real repository in a temp dir."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from review_support import PLAN_PATH, change_plan, make_repo

GOLDEN = Path(__file__).parent / "golden"

EXPECTED_TEXT = """\
kehoach diff: HEAD → working tree

1/KH-UBND  Kế hoạch thử nghiệm năm 2024  (plans/test/mini-2024.yaml)
  ~ I.1  Tổ chức hội nghị xúc tiến đầu tư tại Nhật Bản
      when: Quý II → Quý III
      hạn: 2024-06-30 → 2024-09-30 (lùi hạn 92 ngày)
  ~ I.3a  Xây dựng kế hoạch quảng bá du lịch
      đổi mã: I.3 → I.3a
  ~ II.1  Cập nhật trang thông tin điện tử
      status: planned (chưa thực hiện) → done (hoàn thành)
      done_on: — → 2024-08-20
  + II.2  Tổ chức tọa đàm báo chí nước ngoài
  - I.2  Theo dõi tình hình đoàn vào

1 plan(s) changed, 1 item(s) added, 1 item(s) removed, 2 item(s) changed, 1 item(s) renamed, \
1 deadline(s) later (lùi hạn)
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return make_repo(tmp_path, monkeypatch)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("KEHOACH_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_text_shows_each_change_field_by_field(repo, invoke):
    change_plan(repo)
    result = invoke("diff")
    assert result.exit_code == 0
    assert result.output == EXPECTED_TEXT


def test_markdown_matches_the_golden_file(repo, invoke):
    change_plan(repo)
    result = invoke("diff", "--format", "md")
    assert result.exit_code == 0
    check_golden("diff.md", result.output)


def test_json_has_every_change_with_old_and_new_values(repo, invoke):
    change_plan(repo)
    data = json.loads(invoke("diff", "-f", "json").output)
    assert data["changed"] is True
    assert data["base"]["rev"] == "HEAD" and data["head"]["label"] == "working tree"
    (plan,) = data["plans"]
    assert plan["plan"] == "mini-2024" and plan["change"] == "modified"
    items = {i["id"]: i for i in plan["items"]}
    assert [(i["id"], i["change"]) for i in plan["items"]] == [
        ("I.1", "modified"),
        ("I.3a", "renamed"),
        ("II.1", "modified"),
        ("II.2", "added"),
        ("I.2", "removed"),
    ]
    assert items["I.1"]["fields"] == [{"field": "when", "old": "Quý II", "new": "Quý III"}]
    assert items["I.1"]["deadline"] == {
        "old": "2024-06-30",
        "new": "2024-09-30",
        "days": 92,
        "direction": "later",
        "label": "lùi hạn 92 ngày",
    }
    assert items["I.3a"]["old_id"] == "I.3" and items["I.3a"]["fields"] == []
    assert items["II.1"]["fields"] == [
        {"field": "status", "old": "planned", "new": "done"},
        {"field": "done_on", "old": None, "new": "2024-08-20"},
    ]
    assert items["II.2"]["when"] == "Quý IV" and items["II.2"]["section"] == "II"


def test_exit_code_like_git(repo, invoke):
    assert invoke("diff", "--exit-code").exit_code == 0
    change_plan(repo)
    assert invoke("diff", "--exit-code").exit_code == 1
    assert invoke("diff").exit_code == 0  # without --exit-code, changes are not a failure
    repo.commit("Điều chỉnh kế hoạch")
    result = invoke("diff", "--exit-code")
    assert result.exit_code == 0
    assert "no changes to plans" in result.output


def test_two_revisions_and_paths_after_double_dash(repo, invoke):
    change_plan(repo)
    repo.commit("Điều chỉnh kế hoạch")
    result = invoke("diff", "HEAD~1", "HEAD", "-f", "json")
    assert [i["id"] for i in json.loads(result.output)["plans"][0]["items"]] == ["I.1", "I.3a", "II.1", "II.2", "I.2"]
    result = invoke("diff", "HEAD~1", "HEAD", "--exit-code", "--", PLAN_PATH)
    assert result.exit_code == 1
    assert "lùi hạn 92 ngày" in result.output
    result = invoke("diff", "HEAD~1", "HEAD", "--exit-code", "--", "docs")
    assert result.exit_code == 0
    result = invoke("diff", "HEAD~1..HEAD", "--exit-code", "-f", "md", PLAN_PATH)  # a path without --
    assert result.exit_code == 1
    assert "## kehoach diff: `HEAD~1` → `HEAD`" in result.output


def test_three_dots_diff_from_the_merge_base(repo, invoke):
    repo.git("checkout", "-q", "-b", "feature")
    repo.edit("        when: Quý II\n      # the next", "        when: Quý I\n      # the next")
    repo.commit("Đẩy sớm I.1")
    repo.git("checkout", "-q", "main")
    repo.edit("        when: Tháng 11/2024\n", "        when: Tháng 12/2024\n")
    repo.commit("Lùi I.3 trên main")
    data = json.loads(invoke("diff", "main...feature", "-f", "json").output)
    (item,) = data["plans"][0]["items"]  # only the branch's own change, not main's
    assert item["id"] == "I.1"
    assert item["deadline"]["direction"] == "earlier" and item["deadline"]["days"] == -91
    assert data["head"]["rev"] == "feature"
    text = invoke("diff", "main...feature").output
    assert "hạn: 2024-06-30 → 2024-03-31 (đẩy sớm 91 ngày)" in text
    assert "kehoach diff: main (merge base with feature) → feature" in text
    data = json.loads(invoke("diff", "main..feature", "-f", "json").output)
    assert sorted(i["id"] for i in data["plans"][0]["items"]) == ["I.1", "I.3"]


def test_renamed_file_is_the_same_plan(repo, invoke):
    repo.git("mv", PLAN_PATH, "plans/test/1-kh-ubnd-2024.yaml")
    repo.edit("    budget: 709465000\n", "    budget: 750000000\n", path="plans/test/1-kh-ubnd-2024.yaml")
    result = invoke("diff")
    assert "(plans/test/mini-2024.yaml → plans/test/1-kh-ubnd-2024.yaml)" in result.output
    assert "  ~ DR.1  Đoàn ra Hàn Quốc: Xúc tiến du lịch\n      budget: 709465000 → 750000000\n" in result.output


def test_added_and_removed_plans_are_counted(repo, invoke):
    repo.write(
        repo.read().replace("mini-2024", "mini-2025").replace("year: 2024", "year: 2025"), "plans/test/mini-2025.yaml"
    )
    (repo.root / PLAN_PATH).unlink()
    data = json.loads(invoke("diff", "-f", "json").output)
    changes = {p["plan"]: (p["change"], p["counts"]) for p in data["plans"]}
    assert changes == {
        "mini-2024": ("removed", {"tasks": 4, "delegations": 1, "reporting": 1}),
        "mini-2025": ("added", {"tasks": 4, "delegations": 1, "reporting": 1}),
    }
    assert "kế hoạch mới: 4 nhiệm vụ, 1 đoàn, 1 hạn báo cáo" in invoke("diff").output


def test_broken_new_version_is_reported_not_a_crash(repo, invoke):
    repo.edit("  year: 2024\n", "  year: [2024\n")
    result = invoke("diff", "--exit-code")
    assert result.exit_code == 1
    assert "! the new version cannot be read: plans/test/mini-2024.yaml:" in result.output
    assert "KH101" in result.output


def test_bad_revisions_and_no_repository(repo, invoke, tmp_path, monkeypatch):
    result = invoke("diff", "no-such-branch", "--")
    assert result.exit_code == 4
    assert "unknown revision 'no-such-branch'" in result.output
    result = invoke("diff", "nothing-like-this")
    assert result.exit_code == 4
    assert "neither a known revision nor a file" in result.output
    result = invoke("diff", "a", "b", "c", "--")
    assert result.exit_code == 2
    elsewhere = tmp_path / "not-a-repo"
    (elsewhere / "plans").mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    result = invoke("diff", "--plans-dir", str(elsewhere / "plans"))
    assert result.exit_code == 4
    assert "is not inside a git repository" in result.output


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "-p"])
def test_revisions_never_reach_git_as_options(repo, rev):
    from kehoach.errors import UsageError
    from kehoach.gitrepo import Git
    from kehoach.plandiff import semantic_diff

    with pytest.raises(UsageError, match="is not a revision"):
        semantic_diff(Git.discover(repo.root), [rev], ["plans"])
