"""One YAML writer: a plan written by ``import`` or ``import --update`` is already in the canonical form that
``fmt`` writes, whatever its cells hold (texts YAML would read as a time, a boolean, a date, null, a list
entry, a comment or a key)."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from conftest import PLANS

from kehoach.loader import load_document

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện", "Ghi chú"]
LONG = "Tổ chức hội nghị: gặp gỡ các đối tác, trao đổi kinh nghiệm: " + "thúc đẩy hợp tác nhiều mặt " * 12
# cell texts that YAML (1.1 or 1.2) would not read back as the same text when written plain
TRICKY = [
    "1:30",
    "yes",
    "no",
    "on",
    "off",
    "12:00",
    "2024-05-01",
    "- item",
    "#tag",
    "@x",
    ": y",
    " leading space",
    "null",
    "~",
    LONG,
    "true",
    "010",
    "1_000",
    "3.14",
    "1e3",
    ".inf",
    "a # b",
    "[x]",
    "{y}",
    "*star",
    "&anchor",
    "!tag",
    "%pct",
    "|pipe",
    ">gt",
    "?q",
    "'quoted'",
    '"dq"',
    "x: y",
    "Y",
    "N",
]


def table(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerow(["I", "CÔNG TÁC ĐỐI NGOẠI", "", "", ""])
    writer.writerows(rows)
    return buf.getvalue()


def tricky_rows(start: int = 1) -> list[list[str]]:
    return [[str(n), text, "Sở Ngoại vụ", "Quý II", text] for n, text in enumerate(TRICKY, start=start)]


@pytest.fixture
def plans(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(PLANS / "agencies.yaml", folder / "agencies.yaml")
    return folder


def assert_canonical(invoke, path) -> None:
    before = path.read_bytes()
    check = invoke("fmt", "--check", str(path))
    assert check.exit_code == 0, check.output
    assert invoke("fmt", str(path)).exit_code == 0
    assert path.read_bytes() == before  # fmt changes nothing, byte for byte


def texts(path) -> list[tuple[str, str]]:
    items = load_document(path).data["sections"][0]["items"]
    return [(item["task"], item.get("notes")) for item in items]


def test_imported_plan_is_already_canonical(invoke, tmp_path, plans):
    source = tmp_path / "bang.csv"
    source.write_text(table(tricky_rows()), encoding="utf-8")
    out = plans / "thu.yaml"
    result = invoke("import", str(source), "--plan-id", "thu-2024", "--year", "2024", "-o", str(out))
    assert result.exit_code == 0, result.output
    # every cell comes back as the text it was (the importer trims the cell's outer spaces)
    assert texts(out) == [(t.strip(), t.strip()) for t in TRICKY]
    assert_canonical(invoke, out)


def test_plan_updated_from_a_table_is_still_canonical(invoke, tmp_path, plans):
    plain = tmp_path / "plain.csv"
    plain.write_text(table([["1", "Tổ chức hội nghị", "Sở Ngoại vụ", "Quý II", "ghi chú"]]), encoding="utf-8")
    out = plans / "thu.yaml"
    result = invoke("import", str(plain), "--plan-id", "thu-2024", "--year", "2024", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert invoke("fmt", str(out)).exit_code == 0
    # row 1 changes its texts to a tricky one, the others are new rows
    source = tmp_path / "bang.csv"
    source.write_text(table(tricky_rows()), encoding="utf-8")
    result = invoke("import", str(source), "--update", "--plan", "thu-2024", "--plans-dir", str(plans))
    assert result.exit_code == 0, result.output
    assert texts(out) == [(t.strip(), t.strip()) for t in TRICKY]
    assert_canonical(invoke, out)
