"""The fast loader reads scalars exactly as ruamel's safe loader (YAML 1.2) does, and keeps its positions."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from ruamel.yaml import YAML

from kehoach.loader import parse_text

SCALARS = [
    "yes", "No", "on", "off", "y", "true", "True", "TRUE", "tRue", "false", "null", "Null", "NULL", "~", "",
    "010", "0o10", "0x1F", "0b101", "1_000", "+1", "-0", "1.5", "1e3", "-2.5E-3", ".inf", "-.Inf", ".NaN", "1.",
    "12:30", "2024-01-01", "2024-1-1", "2024-13-01", "2024-01-01 10:00:00", "2024-01-01T10:00:00Z", "= ",
    "Quý II/2024", "58/KH-UBND", "709.465.000", "II.3.1", "1.5.2", "'quoted'", '"2024-01-01"', "=",
]  # fmt: skip


def ruamel_value(text: str):
    value = YAML(typ="safe", pure=True).load(text)["v"]
    return value.date() if isinstance(value, dt.datetime) else value


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_resolve_as_ruamel_safe_does(scalar):
    text = f"v: {scalar}\n"
    ours = parse_text(text, "t.yaml").data["v"]
    try:
        theirs = ruamel_value(text)
    except Exception:  # ruamel's own loader fails on a date that does not exist, and on "=": kehoach keeps text
        assert ours == scalar.strip()
        return
    if isinstance(theirs, float) and math.isnan(theirs):
        assert isinstance(ours, float) and math.isnan(ours)
    else:
        assert (type(ours), ours) == (type(theirs), theirs)


def test_positions_of_values_keys_and_list_entries():
    doc = parse_text("kehoach: 1\nsections:\n  - id: I\n    items:\n      - id: I.1\n        due: 2024-06-30\n", "t")
    assert doc.marks[("sections", 0, "items", 0, "id")] == (5, 13)
    assert doc.key_marks[("sections", 0, "items", 0, "due")] == (6, 9)
    assert doc.entry_marks == {("sections", 0): (3, 5), ("sections", 0, "items", 0): (5, 9)}
    assert doc.date_paths == [("sections", 0, "items", 0, "due")]
    assert doc.data["sections"][0]["items"][0]["due"] == dt.date(2024, 6, 30)


def test_keys_stay_the_text_written():
    doc = parse_text("2024: a\n2024-01-01: b\ntrue: c\nnull: d\n1.5: e\n", "t")
    assert list(doc.data) == ["2024", "2024-01-01", "true", "null", "1.5"]


def test_aliases_are_expanded_and_counted():
    doc = parse_text("a: &x [1, 2]\nb: *x\n", "t")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("kehoach: 1\nplan: [unclosed\n", (2, 7)),  # the bracket, not the line after the last
        ('kehoach: 1\nplan: {title: "Kế hoạch\n', (2, 15)),  # the quote
        ("kehoach: 1\nplan: {a: [x, y}\nz: Đây là tiếng Việt\n", (2, 16)),  # mid-file: where it went wrong
    ],
)
def test_yaml_errors_point_at_a_real_place(text, where):
    from kehoach.errors import PlanDataError

    with pytest.raises(PlanDataError) as info:
        parse_text(text, "p.yaml")
    diag = info.value.diagnostics[0]
    assert (diag.code, diag.line, diag.column) == ("KH101", *where)
