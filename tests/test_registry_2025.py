"""The agency registry after the 2025 reorganisation: its new keys are checked, and its data says what the
legal acts say.

Expected facts come from the acts themselves (docs/agencies.md): Nghị quyết 202/2025/QH15 left 34
provincial units (28 tỉnh, 6 thành phố) and merged 29 others away; Nghị định 45/2025/NĐ-CP folded
Sở Kế hoạch và Đầu tư into Sở Tài chính; Nghị quyết 203/2025/QH15 ended the district level on 1/7/2025.
"""

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from kehoach.loader import load_document, parse_text
from kehoach.validate import check_document

REGISTRY_FILE = Path(__file__).resolve().parent.parent / "plans" / "agencies.yaml"

CLEAN = """\
kehoach: 1
agencies:
  - name: Sở Kế hoạch và Đầu tư
    until: 2025-02-28
    successors:
      - Sở Tài chính
    source: "Nghị định 45/2025/NĐ-CP"
  - name: Sở Tài chính
    level: province
  - name: "Ủy ban nhân dân các xã, phường, đặc khu"
    kind: group
    level: commune
    from: 2025-07-01
provinces:
  - name: Gia Lai
    kind: tỉnh
  - name: Bình Định
    kind: tỉnh
    until: 2025-06-30
    successors:
      - Gia Lai
    aliases:
      - tỉnh Bình Định
    source: "Nghị quyết 202/2025/QH15"
"""


def diagnose(text: str):
    doc = parse_text(textwrap.dedent(text), "agencies.yaml")
    return [(d.code, d.line) for d in check_document(doc, None)]


def swap(old: str, new: str) -> str:
    assert old in CLEAN
    return CLEAN.replace(old, new, 1)


def test_the_new_keys_are_accepted():
    assert diagnose(CLEAN) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (swap("until: 2025-02-28", "until: 2025-02-30"), ("KH302", 4)),
        (swap("level: province", "level: county"), ("KH207", 9)),
        (swap("    successors:\n      - Sở Tài chính\n", "    successors: Sở Tài chính\n"), ("KH202", 5)),
        (swap("    kind: tỉnh\n    until", "    kind: huyện\n    until"), ("KH207", 18)),
        (swap('    source: "Nghị quyết 202/2025/QH15"', "    sources: x"), ("KH203", 24)),
        (swap("      - tỉnh Bình Định", "      - Gia Lai"), ("KH204", 17)),
        (swap("provinces:\n", "provinces: Gia Lai\nx:\n"), ("KH202", 14)),
    ],
)
def test_each_bad_value_is_reported_with_its_line(text, expected):
    assert expected in diagnose(text)


@pytest.fixture(scope="module")
def registry() -> dict:
    return load_document(REGISTRY_FILE).data


def test_34_provincial_units_and_29_merged_away(registry):
    current = [p for p in registry["provinces"] if not p.get("until")]
    assert len(current) == 34
    assert sorted(p["name"] for p in current if p["kind"] == "thành phố") == sorted(
        ["Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ"]
    )
    merged = [p for p in registry["provinces"] if p.get("until") == dt.date(2025, 6, 30)]
    assert len(merged) == 29


@pytest.mark.parametrize(
    "old, new",
    [
        ("Bà Rịa – Vũng Tàu", "Thành phố Hồ Chí Minh"),
        ("Bình Dương", "Thành phố Hồ Chí Minh"),
        ("Bình Phước", "Đồng Nai"),
        ("Bình Định", "Gia Lai"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Hậu Giang", "Cần Thơ"),
        ("Kiên Giang", "An Giang"),
        ("Thừa Thiên Huế", "Huế"),
    ],
)
def test_a_merged_province_names_its_successor(registry, old, new):
    (entry,) = [p for p in registry["provinces"] if p["name"] == old]
    assert entry["successors"] == [new]


def test_merged_departments_and_their_successors(registry):
    by_name = {a["name"]: a for a in registry["agencies"]}
    assert by_name["Sở Kế hoạch và Đầu tư"]["successors"] == ["Sở Tài chính"]
    assert by_name["Sở Kế hoạch và Đầu tư"]["until"] == dt.date(2025, 2, 28)
    assert by_name["Sở Giao thông vận tải"]["successors"] == ["Sở Xây dựng"]
    assert by_name["Sở Tài nguyên và Môi trường"]["successors"] == ["Sở Nông nghiệp và Môi trường"]
    assert by_name["Sở Nông nghiệp và Phát triển nông thôn"]["successors"] == ["Sở Nông nghiệp và Môi trường"]
    assert by_name["Ban Dân tộc"]["successors"] == ["Sở Dân tộc và Tôn giáo"]
    assert by_name["Sở Lao động, Thương binh và Xã hội"]["successors"][0] == "Sở Nội vụ"
    assert by_name["Ủy ban nhân dân thành phố Vũng Tàu"]["until"] == dt.date(2025, 6, 30)


def test_every_successor_is_a_registry_name_and_every_date_has_a_source(registry):
    names = {a["name"] for a in registry["agencies"]}
    provinces = {p["name"] for p in registry["provinces"]}
    for entry in registry["agencies"]:
        assert set(entry.get("successors") or []) <= names, entry["name"]
        if entry.get("from") or entry.get("until") or entry.get("successors"):
            assert entry.get("source"), entry["name"]
    for entry in registry["provinces"]:
        assert set(entry.get("successors") or []) <= provinces, entry["name"]
        assert entry.get("source"), entry["name"]
