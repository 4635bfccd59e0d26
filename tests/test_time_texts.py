"""Every time text of the corpus (tests/data/time-texts.tsv) is read entirely and as the source means it;
every text of tests/data/time-texts-unclear.tsv is read only in part, and says which part it did not read.

The expected answers are written by hand from the source documents, not from kehoach's output.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from kehoach.text import fold
from kehoach.timeframe import CONDITIONAL, FIXED, ONGOING, RECURRING, parse_when

DATA = Path(__file__).resolve().parent / "data"
KINDS = {"fixed": FIXED, "periodic": RECURRING, "ongoing": ONGOING, "conditional": CONDITIONAL}


def rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value.strip()) if value and value.strip() else None


def days(value: str | None) -> list[dt.date]:
    return [dt.date.fromisoformat(v.strip()) for v in (value or "").split(";") if v.strip()]


CLEAR = rows("time-texts.tsv")
UNCLEAR = rows("time-texts-unclear.tsv")


def test_the_corpus_is_not_empty():
    assert len(CLEAR) >= 40 and len(UNCLEAR) >= 3


@pytest.mark.parametrize("row", CLEAR, ids=[f"{n + 2}:{r['text']}" for n, r in enumerate(CLEAR)])
def test_a_clear_text_is_read_entirely(row):
    year = int(row["plan_year"])
    tf = parse_when(row["text"], year=year)
    assert tf.unread == "", f"{row['text']!r}: {tf.unread!r} not understood"
    assert tf.kind == KINDS[row["kind"]]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if row["kind"] == "fixed":
        assert tf.start == day(row["start"])
        assert tf.deadline == day(row["deadline"])
        assert [d for _, d in tf.dates] == days(row["deadlines"])
        # the public API finds the same deadlines, wherever they fall
        assert tf.deadlines_between(dt.date(1900, 1, 1), dt.date(2099, 12, 31)) == days(row["deadlines"])
        assert tf.period is None
    elif row["kind"] == "periodic":
        found = tf.occurrences_between(first, last)
        assert [d for _, d in found] == days(row["deadlines"])
        assert tf.period == row["period"]
        if day(row["start"]):
            assert found[0][0] == day(row["start"])
        if day(row["deadline"]):
            assert found[-1][1] == day(row["deadline"])
    else:
        assert tf.deadline is None and tf.deadlines_between(first, last) == []
        assert tf.start == day(row["start"])
        assert not row["deadlines"]


@pytest.mark.parametrize("row", UNCLEAR, ids=[f"{n + 2}:{r['text']}" for n, r in enumerate(UNCLEAR)])
def test_an_unclear_text_names_the_part_it_did_not_read(row):
    tf = parse_when(row["text"], year=int(row["plan_year"]))
    assert tf.unread, f"{row['text']!r} was read entirely as {tf.describe()}"
    assert fold(row["unread"]) in fold(tf.unread), (tf.unread, row["unread"])
    # the unread part is quoted as written, so a user finds it in the text
    for part in tf.unread.split(" … "):
        assert part in row["text"]
