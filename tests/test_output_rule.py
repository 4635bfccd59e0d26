"""One rule for --format and -o (cli/output.output_format), through the commands that write files.

A file written with -o holds what the command would print in that format; for the table formats, what the
terminal shows, without colours. A suffix that contradicts --format, or that names no format of the
command, is a usage error (exit 2) naming both.
"""

from __future__ import annotations

import json
import re

import pytest
from docx import Document
from review_support import make_repo

CAL = ("calendar", "-p", "58", "-y", "2024", "--today", "2024-05-05")
OVERVIEW = ("overview", "--plan", "58", "--year", "2024", "--today", "2024-05-05")
REPORT = ("report", "six-month", "-p", "58", "-a", "Sở Du lịch", "--today", "2024-05-05")
SGR = re.compile(r"\x1b\[[0-9;]*m")


def test_calendar_table_to_a_txt_file_is_the_terminal_table_without_colours(invoke, tmp_path, monkeypatch):
    out = tmp_path / "lich.txt"
    monkeypatch.setenv("FORCE_COLOR", "1")  # the terminal shows colours …
    shown = invoke(*CAL, "-f", "table")
    assert shown.exit_code == 0
    assert "\x1b[" in shown.stdout
    result = invoke(*CAL, "-f", "table", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text  # … the file does not
    assert text == SGR.sub("", shown.stdout)
    assert text.startswith("Lịch hạn năm 2024 (58/KH-UBND)\nTháng 3/2024 (7)\n┏━")  # a table, not Markdown
    assert "**" not in text and "| --- |" not in text
    assert "│ 31/03/2024  │ chưa hoàn thành, quá hạn │ nhiệm vụ │" in text


def test_calendar_txt_suffix_alone_picks_the_table(invoke, tmp_path):
    out = tmp_path / "lich.txt"
    assert invoke(*CAL, "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == invoke(*CAL).stdout


def test_calendar_md_and_ics_suffixes(invoke, tmp_path):
    md, ics = tmp_path / "lich.md", tmp_path / "lich.ics"
    assert invoke(*CAL, "-o", str(md)).exit_code == 0
    assert md.read_text(encoding="utf-8") == invoke(*CAL, "-f", "md").stdout
    assert md.read_text(encoding="utf-8").startswith("**Lịch hạn năm 2024 (58/KH-UBND)**\n\n| Tháng | Hạn |")
    assert invoke(*CAL, "-o", str(ics)).exit_code == 0
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_overview_to_a_txt_file_is_the_plain_text_table(invoke, tmp_path):
    out = tmp_path / "tong-quan.txt"
    result = invoke(*OVERVIEW, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text == invoke(*OVERVIEW).stdout  # what the terminal shows (piped: no colours)
    assert "\x1b" not in text and "<svg" not in text and not text.lstrip().startswith("{")


def test_diff_to_a_json_file_is_json_and_a_txt_file_the_text(tmp_path, monkeypatch, invoke):
    repo = make_repo(tmp_path, monkeypatch)
    from review_support import change_plan

    change_plan(repo)
    as_json, as_text, as_md = tmp_path / "d.json", tmp_path / "d.txt", tmp_path / "d.md"
    assert invoke("diff", "-o", str(as_json)).exit_code == 0
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert [i["id"] for i in data["plans"][0]["items"]] == ["I.1", "I.3a", "II.1", "II.2", "I.2"]
    assert invoke("diff", "-o", str(as_text)).exit_code == 0
    assert as_text.read_text(encoding="utf-8") == invoke("diff").stdout
    assert as_text.read_text(encoding="utf-8").startswith("kehoach diff: HEAD → working tree\n\n1/KH-UBND ")
    assert invoke("diff", "-o", str(as_md)).exit_code == 0
    assert as_md.read_text(encoding="utf-8").startswith("## kehoach diff: `HEAD` → `working tree`")


@pytest.mark.parametrize(
    ("args", "name", "words"),
    [
        (CAL, "x.md", ["-o x.md asks for md", "--format is json"]),
        (OVERVIEW, "x.svg", ["-o x.svg asks for svg", "--format is json"]),
        (REPORT, "x.md", ["-o x.md asks for md", "--format is json"]),
        (("export", "58"), "x.xlsx", ["-o x.xlsx asks for xlsx", "--format is json"]),
    ],
)
def test_a_suffix_that_contradicts_the_format_is_an_error(invoke, tmp_path, args, name, words):
    out = tmp_path / name
    fmt = "csv" if args[0] == "export" else "json"
    result = invoke(*args, "-f", fmt, "-o", str(out))
    assert result.exit_code == 2
    assert words[0] in result.stderr
    assert f"--format is {fmt}" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_suffix_the_command_cannot_write_is_an_error_naming_its_formats(invoke, tmp_path):
    result = invoke(*REPORT, "-o", str(tmp_path / "bc.ics"))
    assert result.exit_code == 2
    assert "cannot write a .ics file (-o bc.ics): the formats here are md, docx, json" in result.stderr
    result = invoke(*OVERVIEW, "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2
    assert "the formats here are table, json, svg, html" in result.stderr
    assert not (tmp_path / "bc.ics").exists() and not (tmp_path / "x.docx").exists()


def test_docx_suffix_picks_docx_for_report(invoke, tmp_path):
    out = tmp_path / "bc.docx"
    assert invoke(*REPORT, "-o", str(out)).exit_code == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "BÁO CÁO" in text


def test_dash_writes_to_stdout(invoke, tmp_path):
    result = invoke(*CAL, "-f", "json", "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["year"] == 2024
    result = invoke(*REPORT, "-o", "-")
    assert result.stdout == invoke(*REPORT).stdout
    assert not (tmp_path / "-").exists()


def test_a_suffix_of_no_format_keeps_the_default_or_the_given_format(invoke, tmp_path):
    out = tmp_path / "lich.out"
    assert invoke(*CAL, "-f", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["year"] == 2024
    plain = tmp_path / "lich"
    assert invoke(*CAL, "-o", str(plain)).exit_code == 0
    assert plain.read_text(encoding="utf-8") == invoke(*CAL).stdout
