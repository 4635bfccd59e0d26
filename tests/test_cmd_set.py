"""kehoach set: edit one item in place, only its lines, atomically, refusing unsafe writes."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os

import pytest
from conftest import PLANS
from review_support import PLAN

from kehoach.edit import set_item
from kehoach.errors import ConflictError, KehoachError, UsageError


@pytest.fixture
def plans(tmp_path):
    folder = tmp_path / "plans"
    (folder / "test").mkdir(parents=True)
    (folder / "test" / "mini-2024.yaml").write_text(PLAN, encoding="utf-8")
    return folder


def plan_file(plans):
    return plans / "test" / "mini-2024.yaml"


def changed_lines(before: str, after: str) -> list[str]:
    """The unified diff of two texts without its headers: what a reviewer would see."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if not line.startswith(("---", "+++"))]


def test_status_done_sets_done_on_today_and_changes_only_those_lines(plans, invoke):
    result = invoke(
        "set", "mini-2024:I.1", "--status", "hoàn thành", "--today", "2024-07-15", "--plans-dir", str(plans)
    )
    assert result.exit_code == 0, result.output
    assert "status: planned → done" in result.output
    assert "done_on: — → 2024-07-15" in result.output
    after = plan_file(plans).read_text(encoding="utf-8")
    assert changed_lines(PLAN, after) == ["@@ -27,0 +28,2 @@", "+        status: done", "+        done_on: 2024-07-15"]


def test_note_appends_to_the_progress_log_with_kehoach_today(plans, invoke, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2024-06-03")
    invoke("set", "I.3", "--note", "Đã gửi dự thảo: lần 1", "--plans-dir", str(plans))
    invoke("set", "I.3", "--note", "Đã trình UBND tỉnh", "--status", "dang thuc hien", "--plans-dir", str(plans))
    after = plan_file(plans).read_text(encoding="utf-8")
    assert changed_lines(PLAN, after) == [
        "@@ -38,0 +39,6 @@",
        "+        status: in-progress",
        "+        progress:",
        "+          - date: 2024-06-03",
        '+            note: "Đã gửi dự thảo: lần 1"',
        "+          - date: 2024-06-03",
        "+            note: Đã trình UBND tỉnh",
    ]
    assert invoke("validate", str(plan_file(plans))).exit_code == 0


def test_due_and_done_on_replace_existing_values_in_place(plans, invoke):
    invoke("set", "DR.1", "--due", "2024-05-20", "--plans-dir", str(plans))
    invoke("set", "DR.1", "--due", "20/6/2024", "--done-on", "2024-06-18", "--plans-dir", str(plans))
    after = plan_file(plans).read_text(encoding="utf-8")
    assert changed_lines(PLAN, after) == [
        "@@ -52,0 +53 @@",
        "+    due: 2024-06-20",
        "@@ -56,0 +58,2 @@",
        "+    status: done",
        "+    done_on: 2024-06-18",
    ]


def test_status_away_from_done_removes_done_on(plans, invoke):
    invoke("set", "I.1", "--status", "done", "--done-on", "2024-05-30", "--plans-dir", str(plans))
    result = invoke("set", "I.1", "--status", "đang thực hiện", "-f", "json", "--plans-dir", str(plans))
    assert json.loads(result.output)["changes"] == [
        {"field": "status", "old": "done", "new": "in-progress"},
        {"field": "done_on", "old": "2024-05-30", "new": None},
    ]
    assert changed_lines(PLAN, plan_file(plans).read_text(encoding="utf-8")) == [
        "@@ -27,0 +28 @@",
        "+        status: in-progress",
    ]


def test_other_bytes_survive_in_a_file_not_in_canonical_form(plans):
    odd = PLAN.replace(
        "        lead:\n          - Sở Du lịch\n        when: Tháng 11/2024",
        "        lead: ['Sở Du lịch']     # như bản gốc\n        when: 'Tháng 11/2024'",
    )
    odd = odd.replace("    from:\n      - Sở Du lịch\n", "    from: [ Sở Du lịch ]\n")
    assert odd.count("'") == 4 and "[ Sở" in odd
    plan_file(plans).write_text(odd, encoding="utf-8")
    set_item(plan_file(plans), "I.3", today=dt.date(2024, 7, 1), status="done")
    assert changed_lines(odd, plan_file(plans).read_text(encoding="utf-8")) == [
        "@@ -36,0 +37,2 @@",
        "+        status: done",
        "+        done_on: 2024-07-01",
    ]


def test_invalid_status_is_refused_and_nothing_written(plans, invoke):
    result = invoke("set", "I.1", "--status", "xong rồi chứ", "--plans-dir", str(plans))
    assert result.exit_code == 2
    assert "unknown status 'xong rồi chứ'" in result.output
    assert plan_file(plans).read_text(encoding="utf-8") == PLAN


def test_bad_dates_unknown_items_and_empty_requests(plans, invoke):
    assert invoke("set", "I.1", "--due", "2024-02-30", "--plans-dir", str(plans)).exit_code == 2
    assert invoke("set", "I.9", "--status", "done", "--plans-dir", str(plans)).exit_code == 2
    assert invoke("set", "I.1", "--plans-dir", str(plans)).exit_code == 2
    result = invoke("set", "I.1", "--status", "cancelled", "--done-on", "2024-05-01", "--plans-dir", str(plans))
    assert result.exit_code == 2
    assert plan_file(plans).read_text(encoding="utf-8") == PLAN


def test_refuses_when_the_file_changed_between_read_and_write(plans):
    file = plan_file(plans)
    theirs = PLAN.replace("title: Kế hoạch thử nghiệm năm 2024", "title: Sửa bởi người khác")

    def someone_else_saves(path):
        path.write_text(theirs, encoding="utf-8")

    with pytest.raises(ConflictError, match="changed on disk since it was read") as err:
        set_item(file, "I.1", today=dt.date(2024, 7, 1), status="done", before_write=someone_else_saves)
    assert err.value.exit_code == 3
    assert file.read_text(encoding="utf-8") == theirs


def test_refuses_a_result_that_would_not_validate(plans):
    with pytest.raises(ConflictError, match="would not validate .KH302"):
        set_item(plan_file(plans), "I.1", today=dt.date(2024, 7, 1), due="sớm nhất")  # not a date: library misuse
    assert plan_file(plans).read_text(encoding="utf-8") == PLAN


def test_interrupted_write_leaves_the_original_intact(plans, monkeypatch):
    def no_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(KehoachError, match="cannot write: No space left on device"):
        set_item(plan_file(plans), "I.1", today=dt.date(2024, 7, 1), status="done", note="xong")
    monkeypatch.undo()
    assert plan_file(plans).read_text(encoding="utf-8") == PLAN
    assert sorted(p.name for p in plan_file(plans).parent.iterdir()) == ["mini-2024.yaml"]  # no temp file left


def test_interrupted_write_through_the_cli_exits_1(plans, invoke, monkeypatch):
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError(5, "Input/output error")))
    result = invoke("set", "I.1", "--status", "done", "--plans-dir", str(plans))
    assert result.exit_code == 1
    assert "cannot write: Input/output error; the file was left as it was" in result.output
    assert plan_file(plans).read_text(encoding="utf-8") == PLAN


def test_dry_run_and_no_op(plans, invoke):
    result = invoke("set", "I.1", "--status", "done", "--today", "2024-07-15", "--dry-run", "--plans-dir", str(plans))
    assert "[dry run: not written]" in result.output and "done_on: — → 2024-07-15" in result.output
    assert plan_file(plans).read_text(encoding="utf-8") == PLAN
    result = invoke("set", "I.1", "--status", "chưa thực hiện", "--plans-dir", str(plans))
    assert result.exit_code == 0
    assert result.output == "1/KH-UBND:I.1: nothing to change\n"  # no status already means planned


def test_library_errors_for_unknown_items():
    with pytest.raises(UsageError):
        set_item(__import__("pathlib").Path("/nonexistent.yaml"), "I.1", today=dt.date(2024, 1, 1))


def test_unusual_layout_falls_back_to_the_whole_document(plans):
    odd = PLAN.replace("      - id: I.2\n", "      -\n        id: I.2\n")
    plan_file(plans).write_text(odd, encoding="utf-8")
    set_item(plan_file(plans), "I.2", today=dt.date(2024, 7, 1), status="in-progress")
    assert changed_lines(odd, plan_file(plans).read_text(encoding="utf-8")) == [
        "@@ -34,0 +35 @@",
        "+        status: in-progress",
    ]


def test_new_keys_go_before_the_comments_that_end_the_item(plans):
    text = PLAN.replace("        when: Tháng 11/2024\n", "        when: Tháng 11/2024\n        # chờ ý kiến Sở\n")
    plan_file(plans).write_text(text, encoding="utf-8")
    set_item(plan_file(plans), "I.3", today=dt.date(2024, 7, 1), note="Đã có ý kiến")
    assert changed_lines(text, plan_file(plans).read_text(encoding="utf-8")) == [
        "@@ -38,0 +39,3 @@",
        "+        progress:",
        "+          - date: 2024-07-01",
        "+            note: Đã có ý kiến",
    ]


SHIPPED = sorted(PLANS.glob("*/*.yaml"))


@pytest.mark.parametrize("plan", SHIPPED, ids=[p.parent.name + "/" + p.name for p in SHIPPED])
def test_shipped_plans_change_only_the_edited_item(plan, tmp_path):
    from kehoach.plandiff import read_plan

    copy = tmp_path / plan.name
    copy.write_bytes(plan.read_bytes())
    items = [i for i in read_plan(plan.read_bytes(), plan.name).plan.items if not {"status", "progress"} & set(i.data)]
    for item in (items[0], items[len(items) // 2], items[-1]):
        before = copy.read_text(encoding="utf-8")
        result = set_item(copy, item.id, today=dt.date(2024, 7, 1), status="in-progress", note="Đang triển khai")
        assert [c.field for c in result.changes] == ["status", "progress"]
        diff = changed_lines(before, copy.read_text(encoding="utf-8"))
        assert len(diff) == 5 and diff[0].startswith("@@ ") and diff[0].split()[1].endswith(",0")  # one insertion
        assert [line[1:].strip() for line in diff[1:]] == [
            "status: in-progress",
            "progress:",
            "- date: 2024-07-01",
            "note: Đang triển khai",
        ]
