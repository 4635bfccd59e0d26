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
