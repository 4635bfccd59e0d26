"""`kehoach overview`: matrix counts for 58/KH-UBND (checked against the plan YAML read independently), held
states after marking items done, provinces, --agency, SVG and HTML files parsed back, the page rendered in
headless Chromium, -o safety."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import PLAN58, PLANS

SNGV = "Sở Ngoại vụ"
TODAY = "2024-05-20"
COLUMNS = ["I", "II", "III", "IV", "ongoing"]


# ------------------------------------------------------------------------------------ independent reading


def yaml_items(path: Path) -> list[tuple[str, dict]]:
    """Every task and delegation of a plan file, read with a plain safe YAML loader (not kehoach's)."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    out: list[tuple[str, dict]] = []

    def walk(sections):
        for section in sections or []:
            out.extend(("task", item) for item in section.get("items") or [])
            walk(section.get("sections"))

    walk(data["sections"])
    out.extend(("delegation", d) for d in data.get("delegations") or [])
    return out


def column_by_text(when: str) -> str:
    """58/KH-UBND's own time texts: 'Quý I' … 'Quý IV', 'trong năm 2024' (due 31/12), anything else ongoing
    ('thường xuyên', 'theo KH đoàn vào', 'theo hướng dẫn …')."""
    text = (when or "").strip().lower()
    quarters = {"quý i": "I", "quý ii": "II", "quý iii": "III", "quý iv": "IV"}
    if text in quarters:
        return quarters[text]
    if text == "trong năm 2024":
        return "IV"
    return "ongoing"


def yaml_counts(path: Path, agency: str | None) -> dict[str, int]:
    counts = dict.fromkeys(COLUMNS, 0)
    for _, item in yaml_items(path):
        if agency is None or agency in (item.get("lead") or []):
            counts[column_by_text(item.get("when"))] += 1
    return counts


def test_independent_reading_of_58_agrees_with_the_hand_count():
    # Counted by reading 58-kh-ubnd-2024.yaml: Sở Ngoại vụ leads III.3.1 (Quý I); II.3.1, IV.2, VI.4, VI.5, IX.3,
    # IX.4, IX.5 and the delegation DR.A.3 (Quý II); 6 in Quý III; 1 in Quý IV plus 4 'trong năm 2024'.
    assert yaml_counts(PLAN58, SNGV) == {"I": 1, "II": 8, "III": 6, "IV": 5, "ongoing": 25}
    assert yaml_counts(PLAN58, None) == {"I": 7, "II": 16, "III": 16, "IV": 13, "ongoing": 60}
    assert len(yaml_items(PLAN58)) == 112


# ------------------------------------------------------------------------------------ helpers


def run_json(invoke, *args: str) -> dict:
    result = invoke("overview", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def row(data: dict, agency: str, province: int = 0) -> dict:
    rows = [r for r in data["provinces"][province]["rows"] if r["agency"] == agency]
    assert len(rows) == 1, [r["agency"] for r in data["provinces"][province]["rows"]]
    return rows[0]


def counts(cells: dict) -> dict[str, int]:
    return {k: cells[k]["count"] for k in COLUMNS}


def copy_plans(tmp_path: Path) -> Path:
    root = tmp_path / "plans"
    shutil.copytree(PLANS, root)
    return root


def mark(plan_file: Path, item_id: str, **fields: str) -> None:
    """Add fields (status, done_on) to one item, by plain text replacement under its '- id:' line."""
    text = plan_file.read_text(encoding="utf-8")
    found = re.search(rf"^( *)- id: {re.escape(item_id)}\n", text, re.MULTILINE)
    assert found, item_id
    indent = " " * (len(found.group(1)) + 2)
    lines = "".join(f"{indent}{key}: {value}\n" for key, value in fields.items())
    plan_file.write_text(text[: found.end()] + lines + text[found.end() :], encoding="utf-8")


# ------------------------------------------------------------------------------------ the matrix


def test_matrix_of_58_in_2024(invoke):
    data = run_json(invoke, "--plan", "58/KH-UBND", "--year", "2024", "--today", TODAY)
    assert data["year"] == 2024 and data["today"] == TODAY and data["soon_days"] == 14
    assert [c["key"] for c in data["columns"]] == COLUMNS  # nothing carried over from an earlier year
    [part] = data["provinces"]
    assert part["province"] == "Bà Rịa – Vũng Tàu"
    assert [p["number"] for p in part["plans"]] == ["58/KH-UBND"]

    sngv = row(data, SNGV)
    assert counts(sngv["cells"]) == {"I": 1, "II": 8, "III": 6, "IV": 5, "ongoing": 25}
    assert counts(sngv["cells"]) == yaml_counts(PLAN58, SNGV)
    assert sngv["total"] == 45
    assert sorted(sngv["cells"]["II"]["items"]) == sorted(
        f"brvt-58-2024:{i}" for i in ["II.3.1", "IV.2", "VI.4", "VI.5", "IX.3", "IX.4", "IX.5", "DR.A.3"]
    )
    assert sngv["cells"]["I"]["items"] == ["brvt-58-2024:III.3.1"]
    # 20/05/2024: III.3.1 (Quý I) is overdue; Quý II ends 30/06, 41 days away: not yet "soon".
    assert {k: sngv["cells"][k]["tone"] for k in COLUMNS} == {
        "I": "overdue",
        "II": "neutral",
        "III": "neutral",
        "IV": "neutral",
        "ongoing": "neutral",
    }
    assert sngv["states"] == {
        "done-on-time": 0,
        "done-late": 0,
        "open-in-time": 19,
        "open-overdue": 1,
        "no-deadline": 25,
    }
    assert sngv["next_report"]["deadline"] == "2024-05-20" and sngv["next_report"]["days"] == 0
    assert sngv["next_report"]["rule"] == "bc-6-thang-tong-hop@2024"

    # Totals count every item once: 112 items, as the plan has.
    totals = part["totals"]
    assert counts(totals["cells"]) == {"I": 7, "II": 16, "III": 16, "IV": 13, "ongoing": 60}
    assert counts(totals["cells"]) == yaml_counts(PLAN58, None)
    assert totals["total"] == 112 and totals["counts_each_item_once"] is True
    # …while co-led items count in each lead's row: VI.4 (Sở Ngoại vụ + Đài PT-TH) and II.1.2 (three leads).
    assert sum(r["cells"]["II"]["count"] for r in part["rows"]) == 16 + 1 + 2
    assert row(data, "Đài Phát thanh và Truyền hình tỉnh")["cells"]["II"]["items"] == ["brvt-58-2024:VI.4"]
    for lead in ("Sở Tài nguyên và Môi trường", "Sở Khoa học và Công nghệ", "Ủy ban nhân dân huyện Côn Đảo"):
        assert "brvt-58-2024:II.1.2" in row(data, lead)["cells"]["II"]["items"]
    # Spellings are merged under the canonical name: 'Liên hiệp các tổ chức hữu nghị' (+ 'tỉnh').
    assert counts(row(data, "Liên hiệp các tổ chức hữu nghị tỉnh")["cells"]) == {
        "I": 4,
        "II": 2,
        "III": 3,
        "IV": 4,
        "ongoing": 0,
    }
    assert part["rows"][0]["agency"] == SNGV  # most items first


def test_due_soon_and_overdue_tones_follow_today(invoke):
    # 16/06/2024: Quý II ends in 14 days -> due soon; 15/06: 15 days -> not yet; 01/07: overdue.
    soon = row(run_json(invoke, "--plan", "58", "--year", "2024", "--today", "2024-06-16"), SNGV)
    assert soon["cells"]["II"]["tone"] == "soon"
    early = row(run_json(invoke, "--plan", "58", "--year", "2024", "--today", "2024-06-15"), SNGV)
    assert early["cells"]["II"]["tone"] == "neutral"
    late = row(run_json(invoke, "--plan", "58", "--year", "2024", "--today", "2024-07-01"), SNGV)
    assert late["cells"]["II"]["tone"] == "overdue"
    assert late["states"]["open-overdue"] == 1 + 8


def test_held_states_after_marking_items_done(invoke, tmp_path):
    root = copy_plans(tmp_path)
    plan = root / "ba-ria-vung-tau" / "58-kh-ubnd-2024.yaml"
    mark(plan, "III.3.1", status="done", done_on="2024-04-10")  # Quý I, done late
    mark(plan, "VI.4", status="done", done_on="2024-06-01")  # Quý II, done on time (co-led)
    mark(plan, "DR.A.3", status="done", done_on="2024-06-28")  # Quý II delegation, done on time
    mark(plan, "IX.3", status="cancelled")  # Quý II, no longer owed
    data = run_json(invoke, "--plan", "58", "--year", "2024", "--today", "2024-06-20", "--plans-dir", str(root))
    sngv = row(data, SNGV)
    assert counts(sngv["cells"]) == {"I": 1, "II": 7, "III": 6, "IV": 5, "ongoing": 25}
    assert sngv["cells"]["I"]["tone"] == "done"  # its only item is done (late)
    assert sngv["cells"]["I"]["states"] == {"done-late": 1}
    assert sngv["cells"]["II"]["tone"] == "soon"  # 5 open items due 30/06, 10 days away
    assert sngv["cells"]["II"]["states"] == {"done-on-time": 2, "open-in-time": 5}
    assert sngv["states"] == {
        "done-on-time": 2,
        "done-late": 1,
        "open-in-time": 16,
        "open-overdue": 0,
        "no-deadline": 25,
    }
    dai = row(data, "Đài Phát thanh và Truyền hình tỉnh")
    assert dai["cells"]["II"]["tone"] == "done" and dai["states"]["done-on-time"] == 1
    # Sở Nội vụ co-leads III.3.1: its row turns green too.
    assert row(data, "Sở Nội vụ")["cells"]["I"]["tone"] == "done"
    part = data["provinces"][0]
    assert part["cancelled"] == 1
    assert part["totals"]["total"] == 111
    assert counts(part["totals"]["cells"]) == {"I": 7, "II": 15, "III": 16, "IV": 13, "ongoing": 60}
    table = invoke("overview", "--plan", "58", "--year", "2024", "--today", "2024-06-20", "--plans-dir", str(root))
    assert table.exit_code == 0, table.output
    assert "1 mục đã hủy không được tính." in table.stdout


def test_timeline_of_58_by_month(invoke):
    data = run_json(invoke, "--plan", "58", "--year", "2024", "--today", TODAY)
    timeline = data["provinces"][0]["timeline"]
    assert [m["month"] for m in timeline] == list(range(1, 13))
    # From the YAML: delegations Quý I ×2 (31/03), Quý II ×6 (30/06), Quý III ×6 (30/09), Quý IV ×1 (31/12);
    # programme milestones two months before each trip (trip = quarter start): Quý II trips -> 01/02, Quý III
    # -> 01/05, Quý IV -> 01/08 (Quý I trips -> 01/11/2023, not this year); reports 10/5, 20/5, 25/9, 30/9.
    # The plan was issued on 11/03/2024: nothing falls due before it, so the 01/02 milestones are not there.
    delegations = [d for kind, d in yaml_items(PLAN58) if kind == "delegation"]
    by_quarter = {q: sum(1 for d in delegations if d["when"] == f"Quý {q}") for q in ("I", "II", "III", "IV")}
    assert by_quarter == {"I": 2, "II": 6, "III": 6, "IV": 1}
    expected = {m: {"delegation": 0, "milestone": 0, "report": 0} for m in range(1, 13)}
    for q, month in (("I", 3), ("II", 6), ("III", 9), ("IV", 12)):
        expected[month]["delegation"] += by_quarter[q]
    for q, month in (("III", 5), ("IV", 8)):
        expected[month]["milestone"] += by_quarter[q]
    expected[5]["report"] += 2
    expected[9]["report"] += 2
    assert {m["month"]: m["kinds"] for m in timeline} == expected
    assert [m["total"] for m in timeline] == [0, 0, 2, 0, 8, 6, 0, 1, 8, 0, 0, 1]
    assert [m["month"] for m in timeline if m["busiest"]] == [5, 9]
    may = [(e["deadline"], e["kind"]) for e in timeline[4]["entries"]]
    assert ("2024-05-10", "report") in may and ("2024-05-20", "report") in may


# ------------------------------------------------------------------------------------ scope


def test_without_plan_every_plan_of_the_year_one_matrix_per_province(invoke):
    data = run_json(invoke, "--today", TODAY)
    assert data["year"] == 2024
    names = [p["province"] for p in data["provinces"]]
    assert names == ["Bà Rịa – Vũng Tàu", "Bình Định", "Đồng Nai"]
    brvt = data["provinces"][0]
    assert [p["number"] for p in brvt["plans"]] == ["58/KH-UBND", "93/KH-UBND"]
    assert brvt["totals"]["total"] == 112 + 13  # plans merged by agency within the province
    # 93/KH-UBND adds two 'Trong năm 2024' tasks led by Sở Ngoại vụ to Quý IV.
    assert counts(row(data, SNGV, 0)["cells"]) == {"I": 1, "II": 8, "III": 6, "IV": 7, "ongoing": 25}
    # Sở Ngoại vụ of Đồng Nai is another body: its own row in its own province.
    assert row(data, SNGV, 2)["total"] == 25
    # Bình Định's open items of 2022 are carried over.
    assert "earlier" in [c["key"] for c in data["columns"]]


def test_province_carried_over_items(invoke):
    data = run_json(invoke, "--province", "Bình Định", "--year", "2024", "--today", TODAY)
    [part] = data["provinces"]
    sngv = row(data, SNGV)
    # I.1 and II.1 'Quý IV/2022', II.2 'Tháng 11/2022': open, due in 2022 -> carried over, overdue.
    assert sngv["cells"]["earlier"]["count"] == 3
    assert sngv["cells"]["earlier"]["tone"] == "overdue"
    assert part["totals"]["cells"]["earlier"]["count"] == 3
    assert part["next_report"] is None  # reporting without a fixed day


def test_agency_filter_keeps_only_its_rows(invoke):
    data = run_json(invoke, "--agency", "sở ngoai vu", "--today", TODAY, "--year", "2024")
    assert data["agency"] == SNGV
    for part in data["provinces"]:
        assert [r["agency"] for r in part["rows"]] == [SNGV]
    brvt = data["provinces"][0]
    assert brvt["totals"]["total"] == brvt["rows"][0]["total"] == 47
    # The timeline keeps its delegations and the reports it sends.
    may = brvt["timeline"][4]
    assert may["kinds"]["report"] == 2  # 10/05 (as one of 'các sở, ban, ngành') and 20/05 (named)


def test_default_year_notice_and_year_without_plan(invoke):
    result = invoke("overview", "--plan", "58", "--today", "2026-03-01", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["year"] == 2024
    assert "no plan covers 2026; showing 2024" in result.stderr
    bad = invoke("overview", "--year", "2019", "--today", TODAY)
    assert bad.exit_code == 2
    assert "no plan in scope covers 2019" in bad.stderr


def test_soon_days_matches_the_entry_tables():
    from kehoach.cli.render_entries import SOON_DAYS as TABLE_SOON
    from kehoach.overview import SOON_DAYS

    assert SOON_DAYS == TABLE_SOON == 14


# ------------------------------------------------------------------------------------ table and SVG


def test_table_shows_matrix_bars_footer_and_timeline(invoke):
    result = invoke("overview", "--plan", "58", "--year", "2024", "--today", TODAY)
    assert result.exit_code == 0, result.output
    out = result.stdout
    line = next(x for x in out.splitlines() if f"│ {SNGV} " in x)
    cells = [c.strip() for c in line.split("│")[1:-1]]
    assert cells[:7] == [SNGV, "1!", "8", "6", "5", "25", "45"]
    assert "0·0·19·1" in cells[7] and cells[8] == "20/05 · hôm nay"
    footer = next(x for x in out.splitlines() if "Tổng cộng (mỗi mục một lần)" in x)
    assert [c.strip() for c in footer.split("│")[1:8]] == [
        "Tổng cộng (mỗi mục một lần)",
        "7!",
        "16",
        "16",
        "13",
        "60",
        "112",
    ]
    assert "Dòng Tổng cộng đếm mỗi mục một lần" in out
    assert "Báo cáo kế tiếp: 20/05/2024 (hôm nay)" in out
    assert re.search(r"^T5 ◀ +■+ +8 +6 mốc · 2 báo cáo +01/05 \(6\), 10/05, 20/05", out, re.MULTILINE)


def svg_lines(svg: str) -> list[str]:
    """The SVG's text, line by line: <text> elements grouped by their y, each put at its column (x / char width;
    rich leaves out runs of plain spaces)."""
    root = ET.fromstring(svg)
    rows: dict[float, list[tuple[int, str]]] = {}
    texts = [el for el in root.iter("{http://www.w3.org/2000/svg}text") if el.get("textLength")]
    first = texts[0]
    char = float(first.get("textLength")) / len("".join(first.itertext()))
    for el in texts:
        column = round(float(el.get("x")) / char)
        rows.setdefault(float(el.get("y")), []).append((column, "".join(el.itertext()).replace("\xa0", " ")))
    lines = []
    for _, parts in sorted(rows.items()):
        line = ""
        for column, text in sorted(parts):
            line = line.ljust(column) + text
        lines.append(line)
    return lines


def test_svg_is_what_the_terminal_shows(invoke, tmp_path):
    target = tmp_path / "overview.svg"
    result = invoke("overview", "--plan", "58", "--year", "2024", "--today", TODAY, "-o", str(target))
    assert result.exit_code == 0, result.output
    svg = target.read_text(encoding="utf-8")
    assert "cdnjs" not in svg and "@font-face" not in svg  # no web font: opens offline
    lines = svg_lines(svg)
    sngv = next(x for x in lines if x.strip().startswith(f"│ {SNGV} "))
    assert [c.strip() for c in sngv.split("│")[1:8]] == [SNGV, "1!", "8", "6", "5", "25", "45"]
    assert any("Tổng cộng (mỗi mục một lần)" in x and "112" in x for x in lines)
    assert any("Liên hiệp các tổ chức hữu nghị tỉnh" in x for x in lines)
    # The same lines as the terminal table, up to spacing.
    table = invoke("overview", "--plan", "58", "--year", "2024", "--today", TODAY)
    squeeze = [re.sub(r"\s+", "", x) for x in table.stdout.splitlines() if x.strip()]
    assert [re.sub(r"\s+", "", x) for x in lines if x.strip()] == squeeze


def test_output_format_follows_the_suffix_and_refuses_plan_files(invoke, tmp_path):
    root = copy_plans(tmp_path)
    plan = root / "ba-ria-vung-tau" / "58-kh-ubnd-2024.yaml"
    before = plan.read_bytes()
    refused = invoke("overview", "--plans-dir", str(root), "--today", TODAY, "-f", "json", "-o", str(plan))
    assert refused.exit_code == 3
    assert "refusing to overwrite" in refused.stderr
    assert plan.read_bytes() == before
    forced = invoke("overview", "--plans-dir", str(root), "--today", TODAY, "-f", "json", "-o", str(plan), "--force")
    assert forced.exit_code == 0
    assert json.loads(plan.read_text(encoding="utf-8"))["year"] == 2024
    as_json = tmp_path / "o.json"
    assert invoke("overview", "--plan", "58", "--today", TODAY, "-o", str(as_json)).exit_code == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["provinces"][0]["totals"]["total"] == 112
    missing = invoke("overview", "--today", TODAY, "-o", str(tmp_path / "no" / "such.html"))
    assert missing.exit_code == 2


# ------------------------------------------------------------------------------------ HTML


class PageParser(HTMLParser):
    """Collects the page's text, its tags, and the matrix rows (header + cell texts)."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.classes: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_matrix = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        self.classes.append(attrs.get("class") or "")
        if tag == "table" and "matrix" in (attrs.get("class") or ""):
            self._in_matrix += 1
        if self._in_matrix and tag == "tr":
            self._row = []
        if self._row is not None and tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        if tag == "table" and self._in_matrix:
            self._in_matrix -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def test_html_page_is_self_contained_and_holds_the_numbers(invoke, tmp_path):
    target = tmp_path / "overview.html"
    result = invoke("overview", "--plan", "58", "--year", "2024", "--today", TODAY, "-o", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    parser = PageParser()
    parser.feed(page)
    parser.close()
    assert parser.tags[0] == "html"
    for tag in ("script", "link", "img", "iframe", "object"):
        assert tag not in parser.tags
    assert not re.search(r"https?://|url\(|@import|@font-face", page)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    text = " ".join(parser.text)
    assert "Tổng quan năm 2024" in text and "Lịch hạn theo tháng năm 2024" in text
    header = parser.rows[0]
    assert header[:8] == ["Cơ quan chủ trì", "Quý I", "Quý II", "Quý III", "Quý IV", "TX/ĐK", "Tổng", "Tình trạng"]
    sngv = next(r for r in parser.rows if r[0] == SNGV)
    assert sngv[1:7] == ["1", "8", "6", "5", "25", "45"]
    assert sngv[7].startswith("0 · 0 · 19 · 1") and sngv[8] == "20/05 · hôm nay"
    footer = next(r for r in parser.rows if r[0].startswith("Tổng cộng"))
    assert footer[1:7] == ["7", "16", "16", "13", "60", "112"]
    assert "cell overdue" in parser.classes and "cell neutral" in parser.classes
    assert "Liên hiệp các tổ chức hữu nghị tỉnh" in [r[0] for r in parser.rows]


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered scanlines of an 8-bit RGB/RGBA PNG (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            bpp = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line) if bpp == 3 else bytes(v for k, v in enumerate(line) if k % 4 != 3))
        prev = line
    return width, height, rows


def find_chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(find_chromium() is None, reason="chromium not found (Debian: apt-get install chromium)")
def test_html_page_renders_in_headless_chromium(invoke, tmp_path):
    page = tmp_path / "overview.html"
    result = invoke("overview", "--plan", "58", "--year", "2024", "--today", TODAY, "-o", str(page))
    assert result.exit_code == 0, result.output
    png = tmp_path / "phone.png"
    subprocess.run(
        [
            find_chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={png}",
            "--window-size=390,900",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert png.exists(), "chromium wrote no screenshot"
    width, height, rows = decode_png(png.read_bytes())
    assert (width, height) == (390, 900)
    pixels = {row[i : i + 3] for row in rows[::3] for i in range(0, len(row), 9)}
    assert len(pixels) > 50, "the screenshot is (nearly) blank"
    white = sum(1 for row in rows[::3] for i in range(0, len(row), 9) if row[i : i + 3] == b"\xff\xff\xff")
    assert white < 0.9 * (len(rows[::3]) * ((len(rows[0]) + 8) // 9))
    # The overdue cell's red (#c62828) is on screen: Sở Ngoại vụ's Quý I, in the first rows of the matrix.
    assert any(row[i : i + 3] == bytes((0xC6, 0x28, 0x28)) for row in rows for i in range(0, len(row), 3))
