"""kehoach import: round trips of every shipped plan through CSV and XLSX, the real Phụ lục tables as pasted
from the plan, and the diagnostics for the table problems staff run into."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from conftest import PLANS, ROOT

from kehoach.edit import format_text
from kehoach.loader import load_document

GOLDEN = ROOT / "tests" / "golden" / "import"
SHIPPED = sorted(p for p in PLANS.rglob("*.yaml") if p.name != "agencies.yaml")
# What each shipped plan holds; a new plan file under plans/ must be added here.
COUNTS = {
    "brvt-58-2024": {"sections": 23, "tasks": 97, "delegations": 15},
    "brvt-93-2024": {"sections": 5, "tasks": 13, "delegations": 0},
    "binhdinh-doi-ngoai-2022": {"sections": 8, "tasks": 25, "delegations": 0},
    "dongnai-90-2024": {"sections": 1, "tasks": 12, "delegations": 35},
    "laocai-134-2026": {"sections": 20, "tasks": 46, "delegations": 0},
    "bnnmt-2200-2026": {"sections": 4, "tasks": 12, "delegations": 0},
}


def entries(data: dict) -> dict[str, dict]:
    """Every section (key §id, with its parent), task (with its section) and delegation of a plan, by id."""
    out: dict[str, dict] = {}

    def walk(sections, parent):
        for sec in sections:
            out["§" + str(sec["id"])] = {k: v for k, v in sec.items() if k not in ("items", "sections")} | {
                "_parent": parent
            }
            for item in sec.get("items") or []:
                assert str(item["id"]) not in out, item["id"]
                out[str(item["id"])] = dict(item) | {"_section": sec["id"]}
            walk(sec.get("sections") or [], sec["id"])

    walk(data.get("sections") or [], None)
    for entry in data.get("delegations") or []:
        out[str(entry["id"])] = dict(entry)
    return out


def plan_meta(path: Path) -> dict:
    return load_document(path).data["plan"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_round_trip_export_import_gives_back_every_item_field_by_field(invoke, tmp_path, path, fmt):
    meta = plan_meta(path)
    table = tmp_path / f"{meta['id']}.{fmt}"
    result = invoke("export", meta["id"], "-o", str(table))
    assert result.exit_code == 0, result.output
    out = tmp_path / "back.yaml"
    years = [str(y) for y in meta.get("years") or [meta["year"]]]
    args = ["import", str(table), "--plan-id", f"{meta['id']}-back", "-o", str(out), "--strict"]
    for y in years:
        args += ["--year", y]
    if meta.get("continues"):
        args.append("--continues")
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith(f"→ {out}")  # no warning at all (--strict would have failed)

    original = entries(load_document(path).data)
    back = entries(load_document(out).data)
    assert list(back) == list(original) or sorted(back) == sorted(original)
    for key, entry in original.items():
        assert back[key] == entry, key
    # the written file validates and is already in the canonical form 'kehoach fmt' writes
    assert invoke("validate", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert format_text(text) == text


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_counts_per_shipped_plan(invoke, tmp_path, path):
    meta = plan_meta(path)
    table = tmp_path / "plan.csv"
    assert invoke("export", meta["id"], "-o", str(table)).exit_code == 0
    result = invoke("import", str(table), "--plan-id", "copy-of-plan", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["counts"] == COUNTS[meta["id"]]
    assert report["errors"] == 0 and report["written"] is None
    # the plan metadata comes back from the lines above the table
    plan = load_document_text(report["yaml"])["plan"]
    assert plan["number"] == meta["number"]
    assert plan["title"] == meta["title"]
    # the span comes back too, from the title or (bnnmt-2200-2026: 2026-2027, a title without it) from the line
    # "(Thời gian thực hiện: năm 2026 - 2027)" export writes below the caption
    assert plan.get("years", [plan.get("year")]) == meta.get("years", [meta.get("year")])


def load_document_text(text: str) -> dict:
    from kehoach.loader import parse_text

    return parse_text(text, "<yaml>").data


def test_every_shipped_plan_is_counted():
    assert sorted(plan_meta(p)["id"] for p in SHIPPED) == sorted(COUNTS)


# -- the real tables, as pasted from the plan ---------------------------------------------------------------
def test_phu_luc_1_of_58_as_pasted_reports_the_repeated_section_number(invoke, tmp_path):
    """The source numbers the last two sections VII and VIII although VII is taken: that is an error."""
    out = tmp_path / "58.yaml"
    result = invoke("import", str(GOLDEN / "58-phu-luc-1.tsv"), "--plan-id", "brvt-58-test", "-o", str(out))
    assert result.exit_code == 1
    assert not out.exists()
    errors = [line for line in result.stderr.splitlines() if " error " in line]
    assert errors == [
        "tests/golden/import/58-phu-luc-1.tsv:156:1: error KH204: A156: id 'VII' is used twice: the section VII "
        "repeats one above"
    ]
    assert "not written: 1 error(s)" in result.stderr


def test_phu_luc_1_of_58_gives_the_shipped_tasks(invoke, tmp_path):
    fixed = tmp_path / "phu-luc-1.tsv"
    text = (GOLDEN / "58-phu-luc-1.tsv").read_text(encoding="utf-8")
    text = text.replace("VII\tCÔNG TÁC ĐOÀN RA", "VIII\tCÔNG TÁC ĐOÀN RA").replace(
        "VIII\tCÔNG TÁC TỔ CHỨC", "IX\tCÔNG TÁC TỔ CHỨC"
    )
    fixed.write_text(text, encoding="utf-8")
    out = tmp_path / "58.yaml"
    result = invoke("import", str(fixed), "--plan-id", "brvt-58-test", "--number", "58/KH-UBND", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    warnings = [line.split(": ", 2)[1:3] for line in result.stderr.splitlines() if " warning " in line]
    # rows broken over a page are joined; two unnumbered task rows get the next number
    assert [code for code, _ in warnings].count("warning KH624") == 12
    assert [msg for code, msg in warnings if code == "warning KH626"] == [
        "A9: the row has no number (TT); it is numbered 1 (I.1)",
        "A145: the row has no number (TT); it is numbered 1.1 (VII.1.1)",
    ]
    back = entries(load_document(out).data)
    shipped = entries(load_document(PLANS / "ba-ria-vung-tau" / "58-kh-ubnd-2024.yaml").data)
    tasks = [k for k in shipped if not k.startswith(("§", "DR", "DV"))]
    assert len(tasks) == 97
    assert sorted(k for k in back if not k.startswith("§")) == sorted(tasks)
    for key in tasks:  # the lead agencies and time texts are exactly the ones encoded by hand
        assert back[key]["lead"] == shipped[key]["lead"], key
        assert back[key]["when"] == shipped[key]["when"], key
        assert back[key]["_section"] == shipped[key]["_section"], key
    assert back["II.1.2"]["task"].endswith("và khả năng phát triển các dự án tín chỉ chung (JCM).")
    assert back["II.1.2"]["lead"] == ["Sở Tài nguyên và Môi trường", "Sở Khoa học và Công nghệ", "UBND huyện Côn Đảo"]
    assert back["§II.1.5"]["title"] == "Với thành phố Padang, Indonesia"
    plan = load_document(out).data["plan"]
    assert plan["title"] == "Bảng tổng hợp các nhiệm vụ thực hiện Kế hoạch đối ngoại năm 2024"
    assert plan["province"] == "Bà Rịa – Vũng Tàu" and plan["year"] == 2024


def test_phu_luc_2_of_58_delegations(invoke, tmp_path):
    out = tmp_path / "58-doan-ra.yaml"
    result = invoke("import", str(GOLDEN / "58-phu-luc-2.tsv"), "--plan-id", "brvt-58-doan-ra", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "KH622" in result.stderr  # the footnote under the table is not a row
    data = load_document(out).data
    assert data["sections"] == []
    got = {d["id"]: d for d in data["delegations"]}
    assert list(got) == [f"DR.A.{n}" for n in range(1, 8)] + [f"DR.B.{n}" for n in range(1, 5)] + [
        f"DR.{n}" for n in range(1, 5)
    ]
    first = got["DR.A.1"]
    assert first["direction"] == "out" and first["level"] == "province"
    assert first["group"] == "Các đoàn xúc tiến hợp tác hữu nghị, đầu tư, thương mại, cảng biển và logistics: 07 đoàn"
    assert (first["destination"], first["when"], first["members"], first["days"], first["budget"]) == (
        "Hồng Kông (Trung Quốc)",
        "Quý I",
        7,
        3,
        709465000,
    )
    # "Nguồn kinh phí" holding text stays the funding source; the second table is led by departments
    assert got["DR.A.4"]["funding"] == "Ngân sách tỉnh" and "budget" not in got["DR.A.4"]
    assert got["DR.1"]["level"] == "department"
    assert got["DR.1"]["members"] == "theo quy định của Bộ Quốc phòng"
    assert got["DR.1"]["budget"] == "Kinh phí đối ngoại quốc phòng"
    # the shipped plan encodes the same rows (its ids for the second table are DR.2.*)
    shipped = load_document(PLANS / "ba-ria-vung-tau" / "58-kh-ubnd-2024.yaml").data["delegations"]
    assert [(d["destination"], d["when"], d["lead"]) for d in shipped] == [
        (d["destination"], d["when"], d["lead"]) for d in data["delegations"]
    ]


# -- diagnostics ------------------------------------------------------------------------------------------
PROBLEMS = """\
Kế hoạch thử nghiệm năm 2024
(Kèm theo Kế hoạch số 12/KH-UBND ngày 5/2/2024 của Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu)

STT,Nội dung nhiệm vụ,Cơ quan chủ trì (tham mưu),Cơ quan phối hợp,Thời gian thực hiện,Đánh giá
I,CÔNG TÁC ĐỐI NGOẠI,,,,
1,Tổ chức hội nghị,Sở Ngoại vụ,các cơ quan liên quan,Quý II,Đã xong
2,Tổ chức đoàn khảo sát,,Sở Du lịch,Quý III,
3,"Xây dựng chương trình
hành động",Sở Du lịch,,sắp tới,
,với các đối tác Nhật Bản,,,,
"""


def test_a_table_with_problems_lists_them_by_row_and_column_and_writes_nothing(invoke, tmp_path):
    table = tmp_path / "bang.csv"
    table.write_text(PROBLEMS, encoding="utf-8")
    out = tmp_path / "plan.yaml"
    result = invoke("import", str(table), "-o", str(out))
    assert result.exit_code == 1
    assert not out.exists()
    lines = [line for line in result.stderr.splitlines() if not line.startswith("  hint")]
    name = str(table)
    assert lines == [
        f"{name}:4:6: warning KH620: F4: header 'Đánh giá' is not recognised; its values are kept in the notes of "
        "each row",
        f"{name}:7:3: warning KH503: C7: task 'I.2' has no lead agency (Cơ quan chủ trì)",
        f"{name}:8:5: error KH301: E8: cannot read the time text 'sắp tới'",
        f"{name}:9:1: warning KH624: A9: the row has no number (TT); it is joined to the row above (I.3)",
        "not written: 1 error(s), 3 warning(s) in 3 task(s) in 1 section(s), 0 delegation(s); fix the table and "
        "run again",
    ]


def test_once_the_time_is_fixed_the_plan_is_written_with_the_warnings(invoke, tmp_path):
    table = tmp_path / "bang.csv"
    table.write_text(PROBLEMS.replace("sắp tới", "Quý IV"), encoding="utf-8")
    out = tmp_path / "plan.yaml"
    result = invoke("import", str(table), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr.splitlines()[-1] == f"imported 3 task(s) in 1 section(s), 0 delegation(s) → {out} (3 warning(s))"
    )
    assert out.read_text(encoding="utf-8") == textwrap.dedent(
        """\
        # yaml-language-server: $schema=../../docs/plan.schema.json
        kehoach: 1
        plan:
          id: ba-ria-vung-tau-12-2024
          number: 12/KH-UBND
          title: Kế hoạch thử nghiệm năm 2024
          issuer: Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu
          province: Bà Rịa – Vũng Tàu
          issued: 2024-02-05
          year: 2024
        sections:
          - id: I
            title: CÔNG TÁC ĐỐI NGOẠI
            items:
              - id: I.1
                task: Tổ chức hội nghị
                lead:
                  - Sở Ngoại vụ
                support:
                  - các cơ quan liên quan
                when: Quý II
                notes: "Đánh giá: Đã xong"
              - id: I.2
                task: Tổ chức đoàn khảo sát
                support:
                  - Sở Du lịch
                when: Quý III
              - id: I.3
                task: Xây dựng chương trình hành động với các đối tác Nhật Bản
                lead:
                  - Sở Du lịch
                when: Quý IV
        """
    )
    # --strict: the warnings stop it
    other = tmp_path / "strict.yaml"
    assert invoke("import", str(table), "-o", str(other), "--strict").exit_code == 1
    assert not other.exists()


def test_an_unknown_agency_is_kept_as_written_with_the_closest_known_name(invoke, tmp_path):
    table = tmp_path / "bang.csv"
    table.write_text(
        "TT,Nhiệm vụ,Cơ quan chủ trì,Thời gian\nI,Mục một,,\n1,Việc một,Sở Ngoại vụ tỉnh BR-VT,Quý I\n",
        encoding="utf-8",
    )
    result = invoke("import", str(table), "--year", "2024")
    assert result.exit_code == 0
    assert "- Sở Ngoại vụ tỉnh BR-VT" in result.stdout
    assert f"{table}:3:3: warning KH502: C3: agency 'Sở Ngoại vụ tỉnh BR-VT' is not in the registry" in result.stderr
    assert "hint: closest known: 'Sở Ngoại vụ'" in result.stderr


def test_merged_cells_in_a_workbook(invoke, tmp_path):
    """A lead merged over two task rows applies to both (with a warning); a number merged over two rows makes
    the second row the continuation of the first."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["TT", "Nhiệm vụ cụ thể", "Cơ quan chủ trì", "Thời gian thực hiện"])
    ws.append(["I", "CÔNG TÁC ĐỐI NGOẠI", None, None])
    ws.append([1, "Việc một", "Sở Ngoại vụ", "Quý I"])
    ws.append([2, "Việc hai", None, "Quý II"])
    ws.append([3, "Việc ba, phần đầu", "Sở Du lịch", "Quý III"])
    ws.append([None, "và phần sau", None, None])
    ws.merge_cells("C3:C4")
    ws.merge_cells("A5:A6")
    book = tmp_path / "bang.xlsx"
    wb.save(book)
    result = invoke("import", str(book), "--year", "2024")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if " warning " in line]
    assert lines == [
        f"{book}:4:3: warning KH625: C4: the merged cells C3:C4 give this row the value of the row above",
        f"{book}:6:1: warning KH624: A6: the row has no number (TT); it is joined to the row above (I.3)",
    ]
    data = load_document_text(result.stdout)
    items = data["sections"][0]["items"]
    assert [(i["id"], i["task"], i["lead"]) for i in items] == [
        ("I.1", "Việc một", ["Sở Ngoại vụ"]),
        ("I.2", "Việc hai", ["Sở Ngoại vụ"]),
        ("I.3", "Việc ba, phần đầu và phần sau", ["Sở Du lịch"]),
    ]


def test_headers_are_matched_without_accents_and_with_suffixes(invoke, tmp_path):
    table = tmp_path / "bang.tsv"
    table.write_text(
        "so tt\tNHIEM VU CU THE\tco quan chu tri tham muu/thuc hien\tĐơn vị phối hợp\tThời gian thực hiện (dự kiến)"
        "\tCăn cứ pháp lý\tNguồn kinh phí\tGhi chú\n"
        "I\tMục một\t\t\t\t\t\t\n"
        "1\tViệc một\tSở Ngoại vụ; Sở Du lịch\tSở Lao động, Thương binh và Xã hội, các cơ quan liên quan\t"
        "Tháng 11/2024\tKH 217\tNgân sách tỉnh\tmột ghi chú\n",
        encoding="utf-8",
    )
    result = invoke("import", str(table), "--year", "2024")
    assert result.exit_code == 0, result.stderr
    item = load_document_text(result.stdout)["sections"][0]["items"][0]
    assert item == {
        "id": "I.1",
        "task": "Việc một",
        "lead": ["Sở Ngoại vụ", "Sở Du lịch"],
        "support": ["Sở Lao động, Thương binh và Xã hội", "các cơ quan liên quan"],
        "when": "Tháng 11/2024",
        "basis": "KH 217",
        "funding": "Ngân sách tỉnh",
        "notes": "một ghi chú",
    }


def test_map_reads_an_unusual_header_and_dash_leaves_a_column_out(invoke, tmp_path):
    table = tmp_path / "bang.csv"
    table.write_text(
        "TT,Công việc,Người phụ trách,Hạn,Kết quả\nI,Mục một,,,\n1,Việc một,Sở Ngoại vụ,Quý I,xong\n",
        encoding="utf-8",
    )
    result = invoke("import", str(table), "--year", "2024", "--map", "Người phụ trách=lead", "--map", "ket qua=-")
    assert result.exit_code == 0, result.stderr
    assert "KH620" not in result.stderr
    item = load_document_text(result.stdout)["sections"][0]["items"][0]
    assert item == {"id": "I.1", "task": "Việc một", "lead": ["Sở Ngoại vụ"], "when": "Quý I"}
    bad = invoke("import", str(table), "--map", "Người phụ trách=chu tri")
    assert bad.exit_code == 2
    assert "'chu tri' is not a plan field" in bad.stderr


def test_section_column_groups_a_flat_list(invoke, tmp_path):
    table = tmp_path / "danh-sach.csv"
    table.write_text(
        "Lĩnh vực,TT,Nhiệm vụ,Chủ trì,Thời hạn\n"
        "Ngoại giao kinh tế,1,Việc A,Sở Ngoại vụ,Quý I\n"
        "Ngoại giao văn hóa,1,Việc B,Sở Du lịch,Quý II\n"
        "Ngoại giao kinh tế,2,Việc C,Sở Công Thương,Quý III\n",
        encoding="utf-8",
    )
    result = invoke("import", str(table), "--year", "2024", "--section-column", "linh vuc")
    assert result.exit_code == 0, result.stderr
    sections = load_document_text(result.stdout)["sections"]
    assert [(s["id"], s["title"], [i["id"] for i in s["items"]]) for s in sections] == [
        ("I", "Ngoại giao kinh tế", ["I.1", "I.2"]),
        ("II", "Ngoại giao văn hóa", ["II.1"]),
    ]
    assert invoke("import", str(table), "--section-column", "Nhóm").exit_code == 2


def test_inbound_delegations_and_a_missing_direction(invoke, tmp_path):
    inbound = tmp_path / "doan-vao.csv"
    inbound.write_text(
        "TT,Tên đoàn,Trưởng đoàn,Đến từ nước,Nội dung hoạt động,Số người,Số ngày,Thời gian thực hiện,Kinh phí\n"
        "I.,Đoàn sử dụng Ngân sách Nhà nước,,,,,,,\n"
        "1,Đoàn công tác tỉnh Pinar del Rio,Lãnh đạo Tỉnh ủy,Cuba,Thăm và làm việc,10,3,2024,Ngân sách nhà nước\n"
        "II.,Đoàn sử dụng nguồn kinh phí khác,,,,,,,\n"
        "1,Không,,,,,,,\n",
        encoding="utf-8",
    )
    result = invoke("import", str(inbound), "--year", "2024")
    assert result.exit_code == 0, result.stderr
    assert "KH627" in result.stderr  # "Không": there is none
    assert "KH503" in result.stderr  # a delegation without a lead agency
    (entry,) = load_document_text(result.stdout)["delegations"]
    assert entry == {
        "id": "DV.I.1",
        "direction": "in",
        "group": "Đoàn sử dụng Ngân sách Nhà nước",
        "origin": "Cuba",
        "when": "2024",
        "purpose": "Thăm và làm việc",
        "leader": "Lãnh đạo Tỉnh ủy",
        "composition": "Đoàn công tác tỉnh Pinar del Rio",
        "members": 10,
        "days": 3,
        "budget": "Ngân sách nhà nước",
    }
    unknown = tmp_path / "doan.csv"
    unknown.write_text("TT,Tên đoàn,Trưởng đoàn,Số người\n1,Đoàn A,Ông B,5\n", encoding="utf-8")
    result = invoke("import", str(unknown), "--year", "2024")
    assert result.exit_code == 1
    assert "error KH628" in result.stderr and "--direction" in result.stderr
    assert invoke("import", str(unknown), "--year", "2024", "--direction", "out").exit_code == 0


def test_a_file_without_a_table(invoke, tmp_path):
    empty = tmp_path / "ghi-chu.csv"
    empty.write_text("Một dòng chữ\nvà một dòng nữa\n", encoding="utf-8")
    result = invoke("import", str(empty), "--year", "2024")
    assert result.exit_code == 1
    assert f"{empty}: error KH621: no table header found" in result.stderr


def test_a_file_in_windows_1258_is_reported(invoke, tmp_path):
    table = tmp_path / "bang.csv"
    table.write_bytes(b"TT,Nhi\xeam v\xf2\n1,Vi\xeac m\xf4t\n")  # Windows-1258, as old Excel saves it
    result = invoke("import", str(table))
    assert result.exit_code == 1
    assert "KH632" in result.stderr and "CSV UTF-8" in result.stderr


# -- the -o guard and plan ids ------------------------------------------------------------------------------
def test_refuses_to_overwrite_a_plan_file_without_force(invoke, tmp_path):
    table = tmp_path / "bang.csv"
    table.write_text("TT,Nhiệm vụ,Cơ quan chủ trì,Thời gian\nI,Mục,,\n1,Việc,Sở Ngoại vụ,Quý I\n", encoding="utf-8")
    existing = tmp_path / "plan.yaml"
    existing.write_text("kehoach: 1\nplan: {id: old, number: null, title: Cũ, year: 2024}\nsections: []\n")
    result = invoke("import", str(table), "--year", "2024", "-o", str(existing))
    assert result.exit_code == 3
    assert f"refusing to overwrite the plan file {existing}" in result.stderr
    assert existing.read_text().startswith("kehoach: 1\nplan: {id: old")
    result = invoke("import", str(table), "--year", "2024", "-o", str(existing), "--force")
    assert result.exit_code == 0
    assert "  id: bang\n" in existing.read_text(encoding="utf-8")


def test_a_plan_id_already_used_in_the_plans_folder_is_an_error(invoke, tmp_path):
    table = tmp_path / "bang.csv"
    table.write_text("TT,Nhiệm vụ,Cơ quan chủ trì,Thời gian\nI,Mục,,\n1,Việc,Sở Ngoại vụ,Quý I\n", encoding="utf-8")
    result = invoke("import", str(table), "--year", "2024", "--plan-id", "brvt-58-2024")
    assert result.exit_code == 1
    assert "error KH206: plan id 'brvt-58-2024' is already used by plans/ba-ria-vung-tau/58-kh-ubnd-2024.yaml" in (
        result.stderr
    )


def test_json_report(invoke, tmp_path):
    table = tmp_path / "bang.csv"
    table.write_text(PROBLEMS, encoding="utf-8")
    result = invoke("import", str(table), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1 and report["warnings"] == 3 and report["written"] is None
    assert "yaml" not in report
    assert [(d["code"], d["line"], d["column"]) for d in report["diagnostics"]] == [
        ("KH620", 4, 6),
        ("KH503", 7, 3),
        ("KH301", 8, 5),
        ("KH624", 9, 1),
    ]
    assert report["tables"] == [
        {
            "name": str(table),
            "kind": "task",
            "header_row": 4,
            "entries": 3,
            "columns": {
                "STT": "tt",
                "Nội dung nhiệm vụ": "task",
                "Cơ quan chủ trì (tham mưu)": "lead",
                "Cơ quan phối hợp": "support",
                "Thời gian thực hiện": "when",
                "Đánh giá": "?",
            },
        }
    ]


def _import_lao_cai_2026(invoke, tmp_path, number: int, title: str, table_text: str):
    """Import a 2026 table of Lào Cai (its caption, then ``table_text``) into a new plans/lao-cai/ file: the
    result and the written data."""
    table = tmp_path / f"{number}.csv"
    table.write_text(
        f"{title}\n(Kèm theo Kế hoạch số {number}/KH-UBND ngày 12/2/2026 của Ủy ban nhân dân tỉnh Lào Cai)\n\n"
        + table_text,
        encoding="utf-8",
    )
    out = tmp_path / "plans" / "lao-cai" / f"{number}-kh-ubnd-2026.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = invoke("import", str(table), "-o", str(out))
    assert result.exit_code == 0, result.output
    return result, load_document(out).data


def test_the_output_column_of_a_2025_table_is_the_items_output(invoke, tmp_path):
    """ "Sản phẩm" / "Sản phẩm đầu ra" / "Kết quả dự kiến" (what a task delivers, a column of most 2025-2026
    digital-transformation tables) is the item's ``output``, not a note, and comes back in show and export."""
    result, data = _import_lao_cai_2026(
        invoke,
        tmp_path,
        45,
        "KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2026",
        "STT,Nội dung nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành,Sản phẩm đầu ra\n"
        "1,Xây dựng kho dữ liệu dùng chung,Sở Khoa học và Công nghệ,các sở ban ngành,Quý III/2026,"
        "Kho dữ liệu được đưa vào vận hành\n",
    )
    assert "KH620" not in result.stderr
    item = data["sections"][0]["items"][0]
    assert item["output"] == "Kho dữ liệu được đưa vào vận hành" and "notes" not in item
    (tmp_path / "plans" / "agencies.yaml").write_text((PLANS / "agencies.yaml").read_text(encoding="utf-8"), "utf-8")
    back = invoke("export", data["plan"]["id"], "-f", "csv", "--plans-dir", str(tmp_path / "plans"))
    assert back.exit_code == 0, back.output
    assert "Sản phẩm" in back.stdout and "Kho dữ liệu được đưa vào vận hành" in back.stdout


def test_a_cell_naming_both_roles_gives_lead_and_support(invoke, tmp_path):
    """A "Phân công" column whose cells read "Chủ trì: …. Phối hợp: …." (common in 2025-2026 tables): the
    lead and the co-operating agencies, each where it belongs, beside a support column if there is one."""
    _, data = _import_lao_cai_2026(
        invoke,
        tmp_path,
        46,
        "KẾ HOẠCH PHÁT TRIỂN CÔNG NGHIỆP NĂM 2026",
        "STT,Nội dung,Phân công nhiệm vụ,Tiến độ\n"
        '1,Kiểm kê nguồn nguyên liệu,"Chủ trì: Sở Công Thương.\nPhối hợp: Sở Tài chính, Sở NN&MT.",Quý IV/2026\n'
        "2,Xúc tiến đầu tư,Sở Tài chính,Quý II/2026\n",
    )
    first, second = data["sections"][0]["items"]
    assert first["lead"] == ["Sở Công Thương"] and first["support"] == ["Sở Tài chính", "Sở NN&MT"]
    assert second["lead"] == ["Sở Tài chính"] and "support" not in second
