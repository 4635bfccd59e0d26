"""`kehoach report`: golden Markdown for 58/KH-UBND, DOCX read back, plan choice, pre-filled progress, -o safety.

Golden files live in tests/golden/; after an intended change, rewrite them with
`KEHOACH_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_cmd_report.py` and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import PLAN58, PLANS

GOLDEN = Path(__file__).parent / "golden"
SDL_TASKS = ["II.1.4", "II.1.5.2", "II.2.8", "V.3", "VI.2.2"]


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("KEHOACH_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing {path}: run with KEHOACH_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def _copy_plans(tmp_path: Path) -> Path:
    root = tmp_path / "plans"
    shutil.copytree(PLANS, root)
    return root


def _task_ids(docx_path: Path) -> list[str]:
    """The plan ids of the rows of the bordered task tables (header 'TT'), skipping merged section rows: the
    TT column numbers rows 1, 2, 3 … within a group; the id is the last line of the content cell."""
    from docx import Document

    ids = []
    for table in Document(str(docx_path)).tables:
        if table.cell(0, 0).text != "TT":
            continue
        for row in table.rows[1:]:
            cells = row.cells
            if cells[0]._tc is cells[-1]._tc:  # a merged section heading
                continue
            last = cells[1].paragraphs[-1].text
            assert last.startswith("(Mục ") and last.endswith(" của Kế hoạch)"), last
            ids.append(last[len("(Mục ") : -len(" của Kế hoạch)")])
    return ids


def test_six_month_report_of_an_agency_golden(invoke):
    result = invoke("report", "six-month", "--plan", "58/KH-UBND", "--agency", "Sở Du lịch", "--today", "2024-05-05")
    assert result.exit_code == 0, result.output
    check_golden("report-58-six-month-so-du-lich.md", result.stdout)
    assert "*Hạn gửi: trước ngày 10/5/2024 (gửi UBND tỉnh; Sở Ngoại vụ)*" in result.stdout
    assert "Bà Rịa – Vũng Tàu, ngày … tháng … năm 2024" in result.stdout


def test_annual_consolidated_report_golden(invoke):
    result = invoke("report", "annual", "--plan", "58/KH-UBND", "--today", "2024-09-20")
    assert result.exit_code == 0, result.output
    check_golden("report-58-annual-tong-hop.md", result.stdout)
    text = result.stdout
    assert "**SỞ NGOẠI VỤ**<br>Số: …/BC-SNgV" in text
    assert "*Hạn gửi: trước ngày 30/9/2024 (gửi Ủy ban nhân dân tỉnh)*" in text
    assert "## IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025" in text
    assert "| Tổng cộng | 112 |" in text  # 97 tasks and 15 delegations


def test_without_plan_the_only_plan_of_the_year_with_that_reporting_is_used(invoke):
    explicit = invoke("report", "six-month", "-p", "58", "-a", "so du lich", "--today", "2024-05-05")
    implicit = invoke("report", "six-month", "-a", "so du lich", "--today", "2024-05-05")
    assert implicit.exit_code == 0
    assert implicit.stdout == explicit.stdout
    assert "note: using plan 58/KH-UBND (brvt-58-2024) for the six-month report 2024" in implicit.stderr


def test_ambiguous_plan_is_a_usage_error_listing_plans(invoke):
    result = invoke("report", "six-month", "--today", "2024-05-05")
    assert result.exit_code == 2
    assert "error: 2 plans have six-month reporting in 2024: choose one with --plan" in result.stderr
    assert "hint: plans: brvt-58-2024 (58/KH-UBND), dongnai-90-2024 (90/KH-UBND)" in result.stderr


def test_province_narrows_the_choice(invoke):
    result = invoke("report", "six-month", "--province", "Đồng Nai", "--today", "2024-05-05")
    assert result.exit_code == 0, result.output
    assert "Kế hoạch số 90/KH-UBND" in result.stdout
    assert "| UBND TỈNH ĐỒNG NAI<br>**SỞ NGOẠI VỤ**<br>Số: …/BC-SNgV |" in result.stdout
    assert "*Hạn gửi: kế hoạch không quy định hạn báo cáo tổng hợp*" in result.stdout  # agencies: no day either
    agency = invoke("report", "annual", "--province", "dong nai", "-a", "Sở Công Thương", "--today", "2024-05-05")
    assert agency.exit_code == 0, agency.output
    assert "*Hạn gửi: kế hoạch không quy định ngày cụ thể*" in agency.stdout


def test_docx_of_an_agency_read_back(invoke, tmp_path):
    from docx import Document

    out = tmp_path / "bc-6-thang.docx"
    result = invoke(
        "report", "six-month", "-p", "58/KH-UBND", "-a", "Sở Du lịch", "--today", "2024-05-05", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    doc = Document(str(out))
    header = doc.tables[0]
    assert header.cell(0, 0).text.split("\n")[:2] == ["UBND TỈNH BÀ RỊA – VŨNG TÀU", "SỞ DU LỊCH"]
    assert header.cell(1, 0).text == "Số: …/BC-SDL"
    assert header.cell(0, 1).text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert header.cell(1, 1).text == "Bà Rịa – Vũng Tàu, ngày … tháng … năm 2024"
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert not any(t.startswith("Hạn gửi") for t in texts)  # kept in the document properties
    assert doc.core_properties.comments == "Hạn gửi: trước ngày 10/5/2024 (gửi UBND tỉnh; Sở Ngoại vụ)"
    assert any(
        t.startswith("Kết quả thực hiện 6 tháng đầu năm 2024 Kế hoạch số 58/KH-UBND ngày 11/3/2024") for t in texts
    )
    assert _task_ids(out) == SDL_TASKS + ["VI.1"]  # its own tasks, then the one it co-operates on
    signature = doc.tables[-1]
    assert signature.cell(0, 0).text.split("\n") == [
        "Nơi nhận:",
        "- Ủy ban nhân dân tỉnh;",
        "- Sở Ngoại vụ;",
        "- Lưu: VT, ….",
    ]


def test_docx_consolidated_has_every_task_and_delegation(invoke, tmp_path):
    out = tmp_path / "tong-hop.docx"
    assert invoke("report", "annual", "-p", "58", "--today", "2024-09-20", "-o", str(out)).exit_code == 0
    ids = _task_ids(out)
    assert len(ids) == 97 + 15
    assert ids[0] == "I.1" and ids[-1].startswith("D")
    assert len(set(ids)) == len(ids)


def test_docx_needs_an_output_file(invoke):
    result = invoke("report", "six-month", "-p", "58", "-f", "docx")
    assert result.exit_code == 2
    assert "a DOCX report needs a file: add -o FILE.docx" in result.stderr


def test_format_follows_the_output_suffix(invoke, tmp_path):
    md = tmp_path / "bc.md"
    js = tmp_path / "bc.json"
    assert (
        invoke("report", "six-month", "-p", "58", "-a", "so du lich", "--today", "2024-05-05", "-o", str(md)).exit_code
        == 0
    )
    assert md.read_text(encoding="utf-8").startswith("<!-- kehoach: báo cáo 6 tháng 2024 · 58/KH-UBND · Sở Du lịch")
    assert (
        invoke("report", "six-month", "-p", "58", "-a", "Sở Du lịch", "--today", "2024-05-05", "-o", str(js)).exit_code
        == 0
    )
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["deadline"] == "2024-05-10"
    assert data["rule_id"] == "bc-6-thang-so-nganh"
    assert data["scope"] == "agency" and data["agency"] == "Sở Du lịch"
    blocks = data["parts"][0]["blocks"]
    assert [b["type"] for b in blocks] == ["group"] * 4 + ["heading", "table", "paragraph"]
    rows = [r["id"] for g in blocks if g.get("kind") == "tasks" for r in g["rows"]]
    assert rows == SDL_TASKS
    assert data["summary"][0]["rows"][0] == ["Nhiệm vụ", 5, 0, 0, 0, 0, 5, 0]


def test_recorded_progress_is_filled_in(invoke, tmp_path):
    root = _copy_plans(tmp_path)
    ref = "58/KH-UBND:II.1.4"
    assert (
        invoke(
            "set", ref, "--note", "Đã làm việc với tỉnh Siêm Riệp", "--today", "2024-04-02", "--plans-dir", str(root)
        ).exit_code
        == 0
    )
    assert (
        invoke(
            "set", "58/KH-UBND:V.3", "--done-on", "2024-04-20", "--today", "2024-04-20", "--plans-dir", str(root)
        ).exit_code
        == 0
    )
    result = invoke(
        "report", "six-month", "-p", "58", "-a", "Sở Du lịch", "--today", "2024-05-05", "--plans-dir", str(root)
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert (
        "- Kết quả thực hiện:\n  - 02/4/2024: Đã làm việc với tỉnh Siêm Riệp\n- Tiến độ/Tỷ lệ hoàn thành: …"
    ) in text
    assert (
        "**V.3.** Đẩy mạnh quảng bá danh hiệu “Vũng Tàu - Thành phố du lịch sạch ASEAN”\n\n"
        "- Chủ trì: Sở Du lịch; Ủy ban nhân dân thành phố Vũng Tàu; phối hợp: các cơ quan liên quan\n"
        "- Thời gian: thường xuyên — không có hạn cụ thể\n"
        "- Tình trạng (đến ngày 05/5/2024): đã hoàn thành đúng hạn\n"
        "- Kết quả thực hiện:\n  - Đã hoàn thành ngày 20/4/2024.\n"
        "- Tiến độ/Tỷ lệ hoàn thành: 100%"
    ) in text
    assert "| Nhiệm vụ | 5 | 1 | 0 | 0 | 0 | 4 | 0 |" in text


def test_output_refuses_to_overwrite_a_plan_file(invoke, tmp_path):
    root = _copy_plans(tmp_path)
    target = root / "ba-ria-vung-tau" / PLAN58.name
    before = target.read_bytes()
    result = invoke("report", "six-month", "-p", "58", "--plans-dir", str(root), "-o", str(target))
    assert result.exit_code == 3
    assert f"refusing to overwrite the plan file {target}" in result.stderr
    assert target.read_bytes() == before
    outside = tmp_path / "copy.yaml"
    outside.write_bytes(before)
    assert invoke("report", "six-month", "-p", "58", "--plans-dir", str(root), "-o", str(outside)).exit_code == 3
    assert outside.read_bytes() == before
    forced = invoke("report", "six-month", "-p", "58", "--plans-dir", str(root), "-o", str(outside), "--force")
    assert forced.exit_code == 0
    assert outside.read_text(encoding="utf-8").startswith("<!-- kehoach: báo cáo 6 tháng")


def test_output_into_a_missing_folder_is_a_usage_error(invoke, tmp_path):
    result = invoke("report", "annual", "-p", "58", "-o", str(tmp_path / "nope" / "bc.md"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_a_year_the_plan_does_not_cover(invoke):
    result = invoke("report", "annual", "-p", "58", "--year", "2025")
    assert result.exit_code == 2
    assert "plan 58/KH-UBND does not cover 2025 (its years: 2024)" in result.stderr
    assert "hint: use --year 2024" in result.stderr


def test_unknown_agency(invoke):
    result = invoke("report", "six-month", "-p", "58", "-a", "Sở Không Tồn Tại")
    assert result.exit_code == 2
    assert "unknown agency 'Sở Không Tồn Tại'" in result.stderr


# ---------------------------------------------------------------------------------------------- 93/KH-UBND


def test_93_annual_report_of_an_agency_answers_15_december(invoke):
    result = invoke("report", "annual", "-p", "93/KH-UBND", "-a", "Sở Ngoại vụ", "--today", "2024-12-01")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "*Hạn gửi: trước ngày 15/12/2024 (gửi Sở Thông tin và Truyền thông)*" in text
    assert "Kết quả thực hiện năm 2024 Kế hoạch số 93/KH-UBND ngày 10/4/2024" in text
    assert [
        line.split("**")[1] for line in text.splitlines() if line.startswith("**4.") or line.startswith("**6.")
    ] == ["4.4.", "6.2."]
    assert "| ***Nơi nhận:***<br>- Sở Thông tin và Truyền thông;<br>- Lưu: VT, … |" in text


def test_93_consolidated_report_has_no_day_of_its_own(invoke, tmp_path):
    out = tmp_path / "93.docx"
    result = invoke("report", "annual", "-p", "93", "--today", "2024-12-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    from docx import Document

    doc = Document(str(out))
    assert doc.tables[0].cell(0, 0).text.split("\n")[1] == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert doc.tables[0].cell(1, 0).text == "Số: …/BC-STTTT"
    assert (
        doc.core_properties.comments
        == "Hạn gửi: kế hoạch không quy định hạn báo cáo tổng hợp (các cơ quan gửi báo cáo trước ngày 15/12/2024)"
    )
    assert len(_task_ids(out)) == 13


def test_93_six_month_report_says_the_plan_sets_none(invoke):
    result = invoke("report", "six-month", "-p", "93", "-a", "Sở Thông tin và Truyền thông", "--today", "2024-06-01")
    assert result.exit_code == 0, result.output
    assert "*Hạn gửi: kế hoạch không quy định hạn báo cáo 6 tháng*" in result.stdout
    # Every task of 93/KH-UBND runs "Trong năm 2024": all of them are still running at mid-year.
    running = result.stdout.split("### 2. ")[1].split("### 3. ")[0]
    assert running.count("- Tình trạng (đến ngày 01/6/2024): chưa thực hiện, trong hạn") == 9


@pytest.mark.parametrize("kind", ["six-month", "annual"])
def test_every_kind_renders_for_every_plan(invoke, kind, tmp_path):
    for plan in ("58/KH-UBND", "93/KH-UBND", "90/KH-UBND", "binhdinh-doi-ngoai-2022"):
        out = tmp_path / f"{kind}.docx"
        result = invoke("report", kind, "-p", plan, "--today", "2024-06-01", "-o", str(out), "--force")
        assert result.exit_code == 0, (plan, result.output)
        assert out.stat().st_size > 10_000
