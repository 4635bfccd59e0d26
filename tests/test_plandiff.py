"""plandiff: the semantic diff of two versions of a plan, without git."""

from __future__ import annotations

import datetime as dt

from review_support import PLAN
from test_cmd_diff import check_golden

from kehoach.plandiff import (
    DeadlineShift,
    DiffResult,
    Side,
    compare_files,
    diff_plans,
    normalize,
    read_plan,
)
from kehoach.render.review import render_diff_md


def diff(old: str, new: str):
    return diff_plans(read_plan(old.encode(), "a.yaml"), read_plan(new.encode(), "a.yaml"))


def swap(old: str, new: str, text: str = PLAN) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_same_plan_no_changes():
    assert not diff(PLAN, PLAN).changed


def test_formatting_and_status_spelling_are_not_changes():
    new = swap(
        "        lead:\n          - Sở Ngoại vụ\n        support", "        lead: [Sở Ngoại vụ]\n        support"
    )
    new = swap("        when: Quý III\n", "        when: Quý III\n        status: chưa thực hiện\n", new)
    new = swap("# yaml-language-server", "# a comment\n# yaml-language-server", new)
    assert not diff(PLAN, new).changed


def test_moved_item_names_both_sections():
    new = swap(
        """      - id: I.3
        task: Xây dựng kế hoạch quảng bá du lịch
        lead:
          - Sở Du lịch
        when: Tháng 11/2024
""",
        "",
    )
    new = swap(
        "        when: Quý III\n",
        """        when: Quý III
      - id: I.3
        task: Xây dựng kế hoạch quảng bá du lịch
        lead:
          - Sở Du lịch
        when: Tháng 11/2024
""",
        new,
    )
    (item,) = diff(PLAN, new).items
    assert (item.id, item.change, item.moved_from, item.section) == ("I.3", "modified", ("I", "Hợp tác quốc tế"), "II")
    assert item.fields == [] and item.deadline is None


def test_rename_with_other_changes_and_a_real_replacement():
    new = swap(
        "      - id: I.3\n        task: Xây dựng kế hoạch quảng bá du lịch\n        lead:\n          - Sở Du lịch\n",
        "      - id: I.4\n        task: Xây dựng kế hoạch quảng bá du lịch\n        lead: [Sở Du lịch, Sở Ngoại vụ]\n",
    )
    new = swap(
        "      - id: II.1\n        task: Cập nhật trang thông tin điện tử",
        "      - id: II.9\n        task: Một nhiệm vụ khác hẳn",
        new,
    )
    changes = {(c.id, c.change, c.old_id) for c in diff(PLAN, new).items}
    assert changes == {("I.4", "renamed", "I.3"), ("II.9", "added", None), ("II.1", "removed", None)}
    renamed = next(c for c in diff(PLAN, new).items if c.change == "renamed")
    (lead,) = renamed.fields
    assert (lead.field, lead.old, lead.new, lead.added) == (
        "lead",
        ["Sở Du lịch"],
        ["Sở Du lịch", "Sở Ngoại vụ"],
        ["Sở Ngoại vụ"],
    )


def test_deadline_shifts():
    earlier = diff(PLAN, swap("        when: Tháng 11/2024", "        when: Tháng 9/2024")).items[0].deadline
    assert (earlier.days, earlier.direction, earlier.label) == (-61, "earlier", "đẩy sớm 61 ngày")
    due = diff(PLAN, swap("        when: thường xuyên", "        when: thường xuyên\n        due: 2024-10-15")).items[0]
    assert due.deadline.to_dict() == {
        "old": None,
        "new": dt.date(2024, 10, 15),
        "days": None,
        "direction": "gained",
        "label": "có hạn mới",
    }
    assert DeadlineShift(dt.date(2024, 6, 30), None).label == "bỏ hạn"
    year = diff(PLAN, swap("  year: 2024", "  year: 2025"))
    assert [f.field for f in year.meta] == ["year"]
    # "Tháng 11/2024" names its year: only the texts without one move with the plan year
    assert {i.id: i.deadline.days for i in year.items if i.deadline} == {"I.1": 365, "II.1": 365, "DR.1": 365}


def test_reporting_rules_sections_and_meta():
    new = swap("    day: 10/5", "    day: 20/5")
    new = swap("    title: Thông tin đối ngoại", "    title: Thông tin đối ngoại và báo chí", new)
    new = swap("  year: 2024\n", "  year: 2024\n  coordinator: Sở Ngoại vụ\n", new)
    new = swap("sections:\n", "rules:\n  delegation_programme_months_before: 2\nsections:\n", new)
    d = diff(PLAN, new)
    (report,) = d.reporting
    assert (report.id, report.fields[0].old, report.fields[0].new, report.deadline.label) == (
        "bc-6-thang",
        "10/5",
        "20/5",
        "lùi hạn 10 ngày",
    )
    (section,) = d.sections
    assert (section.id, section.change, section.fields[0].field) == ("II", "modified", "title")
    assert [(f.field, f.old, f.new) for f in d.meta] == [("coordinator", None, "Sở Ngoại vụ")]
    assert [(f.field, f.old, f.new) for f in d.rules] == [("delegation_programme_months_before", None, 2)]


def test_normalize_values():
    assert normalize("due", dt.date(2024, 6, 30)) == "2024-06-30"
    assert normalize("due", "30/6/2024") == "2024-06-30"
    assert normalize("status", "Hoàn thành") == "done"
    assert normalize("lead", "Sở Du lịch") == ["Sở Du lịch"]
    assert normalize("task", "Vie\u0323\u0302c") == "Việc"


def test_files_matched_by_plan_id_and_non_plans_skipped():
    agencies = b"kehoach: 1\nagencies:\n  - name: S\xe1\xbb\x9f Du l\xe1\xbb\x8bch\n"
    out = compare_files(
        {"p/a.yaml": PLAN.encode(), "p/agencies.yaml": agencies},
        {"p/b.yaml": swap("  year: 2024", "  year: 2025").encode(), "p/agencies.yaml": b"x: 1\n"},
    )
    (plan,) = out
    assert (plan.old_path, plan.path, plan.change, [f.field for f in plan.meta]) == (
        "p/a.yaml",
        "p/b.yaml",
        "modified",
        ["year"],
    )


def test_markdown_of_every_kind_of_change():
    new = swap("    day: 10/5", "    day: 20/5")
    new = swap("    title: Thông tin đối ngoại", "    title: Thông tin đối ngoại và báo chí", new)
    new = swap("  title: Kế hoạch thử nghiệm năm 2024", "  title: Kế hoạch thử nghiệm năm 2024 (sửa đổi)", new)
    new = swap("    budget: 709465000", "    budget: 800000000\n    status: tạm hoãn", new)
    new = swap(
        "        when: Tháng 11/2024",
        "        when: Tháng 10/2024\n        progress:\n"
        "          - date: 2024-09-01\n            note: Đã có dự thảo *lần 1*",
        new,
    )
    new = swap("  - id: II\n", "  - id: III\n    title: Mục mới\n    items: []\n  - id: II\n", new)
    plans = compare_files({"plans/a.yaml": PLAN.encode()}, {"plans/a.yaml": new.encode()})
    result = DiffResult(Side("main", "0" * 40, "main"), Side("feature", "1" * 40, "feature"), ["plans"], plans)
    check_golden("diff-all-kinds.md", render_diff_md(result))


def test_drop_unchanged_keeps_only_files_that_differ():
    from kehoach.plandiff import drop_unchanged

    old = {"a.yaml": b"x", "b.yaml": b"y", "gone.yaml": b"z"}
    new = {"a.yaml": b"x", "b.yaml": b"Y", "added.yaml": b"w"}
    assert drop_unchanged(old, new) == ({"b.yaml": b"y", "gone.yaml": b"z"}, {"b.yaml": b"Y", "added.yaml": b"w"})
