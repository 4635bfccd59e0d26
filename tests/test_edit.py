"""edit: the canonical form and in-place editing, at the library level."""

from __future__ import annotations

import datetime as dt

from review_support import PLAN

from kehoach.edit import find_item, set_item, splice
from kehoach.yamlwrite import format_text, reindent_comments, rt_yaml


def test_canonical_plan_is_a_fixed_point():
    assert format_text(PLAN) == PLAN


def test_reordering_keeps_the_blank_line_and_comment_before_the_next_item():
    text = """\
kehoach: 1
plan: {id: a-2024, number: "1", title: A, year: 2024}
sections:
  - id: I
    title: Một
    items:
      - id: I.1
        when: Quý II
        lead: [Sở A]
        task: Việc một   # eol

      # about I.2
      - id: I.2
        task: Việc hai
"""
    assert (
        format_text(text)
        == """\
kehoach: 1
plan:
  id: a-2024
  number: "1"
  title: A
  year: 2024
sections:
  - id: I
    title: Một
    items:
      - id: I.1
        task: Việc một   # eol
        lead:
          - Sở A
        when: Quý II

      # about I.2
      - id: I.2
        task: Việc hai
"""
    )


def test_block_scalars_and_their_hash_lines_are_content():
    text = (
        "kehoach: 1\nplan:\n  id: a\n  number: '1'\n  title: A\n  year: 2024\n  notes: |\n    # not a comment\n"
        "    second line\nsections: []\n"
    )
    out = format_text(text)
    assert "  notes: |\n    # not a comment\n    second line\n" in out
    assert reindent_comments("a:\n      # c\n  b: 1\n") == "a:\n  # c\n  b: 1\n"
    assert reindent_comments("a: |\n  # kept\nb: 1\n") == "a: |\n  # kept\nb: 1\n"


def test_dates_numbers_and_ambiguous_strings_keep_their_type():
    text = (
        "kehoach: 1\nplan:\n  id: a\n  number: '58'\n  title: 'yes'\n  year: 2024\n  issued: 2024-03-11\n"
        "  notes: '2024-03-11'\nsections: []\n"
    )
    out = format_text(text)
    assert 'number: "58"\n' in out and 'title: "yes"\n' in out and 'notes: "2024-03-11"\n' in out
    assert "issued: 2024-03-11\n" in out and "year: 2024\n" in out


def test_splice_keeps_bytes_outside_the_edit():
    original = "a: 1\nb:   'x'\nc: 3\n"
    yaml = rt_yaml(preserve_quotes=True)
    assert splice(original, 'a: 1\nb: "x"\nc: 3\n', 'a: 1\nb: "x"\nc: 4\n') == "a: 1\nb:   'x'\nc: 4\n"
    assert splice(original, 'a: 1\nb: "x"\nc: 3\n', 'a: 1\nb: "y"\nc: 3\n') == 'a: 1\nb: "y"\nc: 3\n'
    assert splice(original, 'a: 1\nb: "x"\nc: 3\n', 'a: 0\na2: 1\nb: "x"\nc: 3\n') == "a: 0\na2: 1\nb:   'x'\nc: 3\n"
    assert yaml is not None


def test_set_keeps_windows_line_endings(tmp_path):
    file = tmp_path / "p.yaml"
    file.write_bytes(PLAN.replace("\n", "\r\n").encode())
    set_item(file, "I.1", today=dt.date(2024, 7, 1), status="done")
    raw = file.read_bytes()
    assert b"\r\n        status: done\r\n        done_on: 2024-07-01\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_find_item_in_nested_sections_and_delegations():
    data = rt_yaml().load(
        "sections:\n  - id: I\n    sections:\n      - id: I.1\n        items:\n          - id: 7\n"
        "delegations:\n  - id: DR.1\n"
    )
    assert find_item(data, "7") == ({"id": 7}, "item")
    assert find_item(data, "DR.1")[1] == "delegation"
    assert find_item(data, "X") == (None, None)
