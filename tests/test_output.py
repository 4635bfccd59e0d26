"""cli.output: the one place that picks a format from -o and writes files."""

from pathlib import Path

import pytest

from kehoach.cli.commands.overview import OverviewFormat
from kehoach.cli.output import output_format, write_text
from kehoach.errors import ConflictError, UsageError


def test_output_format_prefers_the_option_then_the_suffix_then_the_default():
    allowed = ("table", "json", "svg", "html")
    assert output_format(OverviewFormat.svg, Path("x.svg"), "table", allowed) == "svg"
    assert output_format(OverviewFormat.svg, Path("x.out"), "table", allowed) == "svg"  # a suffix of no format
    assert output_format(None, Path("x.HTM"), "table", allowed) == "html"
    assert output_format(None, Path("x.txt"), "table", allowed) == "table"
    assert output_format(None, Path("-"), "table", allowed) == "table"  # stdout
    assert output_format(None, None, "table", allowed) == "table"


def test_a_suffix_that_contradicts_the_format_or_names_none_of_the_command_is_an_error():
    allowed = ("table", "json", "svg", "html")
    with pytest.raises(UsageError, match=r"-o x\.json asks for json but --format is svg"):
        output_format(OverviewFormat.svg, Path("x.json"), "table", allowed)
    with pytest.raises(
        UsageError, match=r"cannot write a \.docx file \(-o x\.docx\): the formats here are table, json"
    ):
        output_format(None, Path("x.docx"), "table", allowed)


def test_export_suffixes():
    allowed = ("csv", "tsv", "xlsx")
    assert output_format(None, Path("58.xlsx"), "csv", allowed) == "xlsx"
    assert output_format(None, Path("58.xlsm"), "csv", allowed) == "xlsx"
    assert output_format(None, Path("58.TSV"), "csv", allowed) == "tsv"
    assert output_format(None, Path("58.txt"), "csv", allowed) == "tsv"  # plain text of a table: tab-separated
    assert output_format(None, Path("58.csv"), "csv", allowed) == "csv"


def test_write_text_refuses_a_plan_file_unless_forced(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text("kehoach: 1\nplan: {}\n", encoding="utf-8")
    with pytest.raises(ConflictError):
        write_text("x", plan)
    assert plan.read_text(encoding="utf-8") == "kehoach: 1\nplan: {}\n"
    write_text("x", plan, force=True)
    assert plan.read_text(encoding="utf-8") == "x\n"


def test_write_text_writes_bytes_as_they_are(tmp_path):
    out = tmp_path / "r.docx"
    write_text(b"PK\x03\x04", out)
    assert out.read_bytes() == b"PK\x03\x04"


def test_to_json_puts_one_row_a_line_and_indents_the_rest():
    import datetime as dt
    import json

    from kehoach.cli.output import to_json

    rows = [{"id": "I.1", "deadline": dt.date(2024, 6, 30), "lead": ["Sở Ngoại vụ"]}, {"id": "I.2"}]
    text = to_json(rows)
    assert text == '[\n  {"id": "I.1", "deadline": "2024-06-30", "lead": ["Sở Ngoại vụ"]},\n  {"id": "I.2"}\n]'
    assert json.loads(text)[0]["deadline"] == "2024-06-30"
    assert to_json([]) == "[]"
    assert to_json({"a": [1]}) == '{\n  "a": [\n    1\n  ]\n}'


# -- the console: plain lines without rich, everything else through it ---------------------------------

PLAIN_CASES = [
    ("     text: Quý II/2024", {"markup": False}),
    (" deadline: —", {"markup": False}),
    ("Đồng Nai, Bà Rịa - Vũng Tàu: 3 mục", {"markup": False, "style": "bold"}),
    ("5 file(s) checked: 0 error(s), 0 warning(s)", {"markup": False, "style": "green"}),
    ("no markup here", {}),
]
RICH_CASES = [
    ("[red]error[/red] KH101: bad", {}),  # brackets: plan text is never markup, rich shows them as they are
    ("tab\there", {"markup": False}),  # rich expands tabs
    ("bell\x07 and\rreturn", {"markup": False}),  # control characters shown as escapes (SafeConsole)
    ("a :warning: sign", {"markup": False}),  # an emoji code stays text
    ("trailing space ", {"markup": False}),
    ("x" * 200, {"markup": False}),  # longer than the page: rich wraps it
    ("中文 wide", {"markup": False}),  # wide characters
]


def _both(capsys, monkeypatch, text, kw, columns="80"):
    from kehoach.cli.output import console
    from kehoach.render.terminal import SafeConsole

    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    out = console()
    out.print(text, **kw)
    ours = capsys.readouterr().out
    SafeConsole(soft_wrap=False, width=int(columns), force_terminal=False).print(text, **kw)
    return ours, capsys.readouterr().out, out


@pytest.mark.parametrize(("text", "kw"), PLAIN_CASES + RICH_CASES)
def test_the_console_prints_what_rich_prints(capsys, monkeypatch, text, kw):
    ours, theirs, _ = _both(capsys, monkeypatch, text, kw)
    assert ours == theirs


@pytest.mark.parametrize(("text", "kw"), PLAIN_CASES)
def test_plain_lines_are_written_without_rich(capsys, monkeypatch, text, kw):
    *_, out = _both(capsys, monkeypatch, text, kw)
    assert out._real is None


@pytest.mark.parametrize(("text", "kw"), RICH_CASES)
def test_anything_else_goes_through_rich(capsys, monkeypatch, text, kw):
    *_, out = _both(capsys, monkeypatch, text, kw)
    assert out._real is not None


def test_when_show_and_a_clean_validate_do_not_import_rich():
    import subprocess
    import sys

    from conftest import PLANS

    check = "import sys; from kehoach.cli.app import main; sys.argv[0] = 'kehoach'\ntry:\n main()\nfinally:\n"
    check += " print('rich loaded' if 'rich' in sys.modules else 'no rich', file=sys.stderr)"
    shown = ["show", "58:II.3.1", "--plans-dir", str(PLANS), "--today", "2024-07-15"]
    for args in (["when", "Quý II/2024"], ["validate", "--plans-dir", str(PLANS)], shown):
        result = subprocess.run([sys.executable, "-c", check, *args], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stderr.strip().endswith("no rich"), (args, result.stderr)
