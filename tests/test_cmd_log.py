"""kehoach log: one item's history through git commits."""

from __future__ import annotations

import json

import pytest
from review_support import PLAN_PATH, make_repo


@pytest.fixture
def repo(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)  # commit 1: the plan, 2024-04-01
    repo.edit("        when: Quý II\n      # the next", "        when: Quý III\n      # the next")
    repo.commit("Lùi hội nghị xúc tiến sang Quý III", author="Trần Thị Bình", date="2024-05-10T14:30:00+07:00")
    repo.edit("    budget: 709465000\n", "    budget: 750000000\n")  # another item: not in I.1's history
    repo.commit("Cập nhật kinh phí đoàn Hàn Quốc", date="2024-05-20T09:00:00+07:00")
    return repo


def test_three_commits_newest_first_with_field_changes(repo, invoke, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2024-09-28")
    assert invoke("set", "I.1", "--status", "done", "--note", "Đã tổ chức tại Osaka").exit_code == 0
    repo.commit("Hoàn thành I.1", author="Lê Văn Cường", date="2024-09-30T16:00:00+07:00")
    result = invoke("log", "1/KH-UBND:I.1")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == f"1/KH-UBND:I.1  ({PLAN_PATH})"
    shas = repo.git("log", "--format=%H").split()
    assert lines[2:] == [
        f"{shas[0][:10]}  2024-09-30  Lê Văn Cường  Hoàn thành I.1",
        "    status: planned (chưa thực hiện) → done (hoàn thành)",
        "    done_on: — → 2024-09-28",
        "    progress: + 2024-09-28: Đã tổ chức tại Osaka",
        "",
        f"{shas[2][:10]}  2024-05-10  Trần Thị Bình  Lùi hội nghị xúc tiến sang Quý III",
        "    when: Quý II → Quý III",
        "    hạn: 2024-06-30 → 2024-09-30 (lùi hạn 92 ngày)",
        "",
        f"{shas[3][:10]}  2024-04-01  Nguyễn Văn An  Thêm kế hoạch 1/KH-UBND",
        "    thêm: Tổ chức hội nghị xúc tiến đầu tư tại Nhật Bản [Quý II]",
    ]


def test_json_and_bare_ids(repo, invoke):
    data = json.loads(invoke("log", "DR.1", "-f", "json").output)
    assert (data["plan"], data["id"], data["path"]) == ("mini-2024", "DR.1", PLAN_PATH)
    assert [(c["subject"], c["change"], c["date"]) for c in data["commits"]] == [
        ("Cập nhật kinh phí đoàn Hàn Quốc", "modified", "2024-05-20T09:00:00+07:00"),
        ("Thêm kế hoạch 1/KH-UBND", "added", "2024-04-01T08:00:00+07:00"),
    ]
    assert data["commits"][0]["fields"] == [{"field": "budget", "old": 709465000, "new": 750000000}]
    assert data["commits"][0]["author"] == "Nguyễn Văn An"


def test_follows_renamed_ids_and_files(repo, invoke):
    repo.git("mv", PLAN_PATH, "plans/test/1-kh-ubnd.yaml")
    repo.edit("      - id: I.3\n", "      - id: I.3a\n", path="plans/test/1-kh-ubnd.yaml")
    repo.commit("Đánh số lại I.3", date="2024-06-01T08:00:00+07:00")
    data = json.loads(invoke("log", "mini-2024:I.3a", "-f", "json").output)
    assert [(c["change"], c["old_id"], c["path"]) for c in data["commits"]] == [
        ("renamed", "I.3", "plans/test/1-kh-ubnd.yaml"),
        ("added", None, PLAN_PATH),
    ]


def test_removed_item_still_has_a_history(repo, invoke):
    repo.edit(
        """      - id: I.2
        task: Theo dõi tình hình đoàn vào
        lead:
          - Sở Ngoại vụ
        when: thường xuyên
""",
        "",
    )
    repo.commit("Bỏ I.2", date="2024-06-01T08:00:00+07:00")
    assert invoke("log", "I.2").exit_code == 2  # a bare id must exist now
    result = invoke("log", "mini-2024:I.2")
    assert result.exit_code == 0
    assert "    xóa: Theo dõi tình hình đoàn vào [thường xuyên]" in result.output
    assert "    thêm: Theo dõi tình hình đoàn vào [thường xuyên]" in result.output


def test_uncommitted_plan_has_no_history(repo, invoke):
    repo.write(repo.read().replace("mini-2024", "mini-2025"), "plans/test/new.yaml")
    result = invoke("log", "mini-2025:I.1")
    assert result.exit_code == 0
    assert "no commit changed this item" in result.output
