"""Every output format over the hostile corpus (tests/hostile/repo, written by payloads.py).

On a terminal or a pipe no control character and no rich markup of the plan's gets through; no CSV or XLSX
cell is a formula; Markdown carries no live HTML; SVG, DOCX and ICS are well-formed; GitHub annotations
cannot be forged. Each run is a child process, checked for tracebacks and peak memory (conftest.kehoach).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from hostile_support import env_fixture, kehoach, repo_fixture  # noqa: F401  (the fixtures env and repo)

# What must never reach a terminal: C0 controls but newline/tab, DEL, C1, bidi overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile("\x1b\\[[0-9;]*m")  # the colours kehoach itself writes on a terminal


def clean(text: str, colours: bool = False) -> None:
    if colours:
        text = SGR.sub("", text)
    found = UNSAFE.search(text)
    assert found is None, f"{found.group()!r} in …{text[max(0, found.start() - 60) : found.end() + 60]!r}"


COLOURED = {"due", "show", "overview", "calendar", "validate"}
TERMINAL = [
    ("due", "--year", "2024", "--all"),
    ("overdue",),
    ("upcoming", "--days", "400"),
    ("list",),
    ("show", "hostile-controls:I.1"),
    ("show", "hostile-controls:I.3"),
    ("show", "hostile-markup:I.1"),
    ("show", "hostile-markup:I.2"),
    ("validate",),
    ("overview", "--year", "2024"),
    ("calendar", "--year", "2024"),
    ("agencies",),
    ("textconv", "plans/binh-dinh/controls.yaml"),
    ("report", "annual", "-p", "hostile-controls", "--year", "2024"),
    ("show", "hostile-controls:nope"),  # an error message quoting plan text
]


@pytest.mark.parametrize(
    "args, colours",
    [(a, False) for a in TERMINAL] + [(a, True) for a in TERMINAL[:10] if a[0] in COLOURED],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else ("terminal" if v else "piped"),
)
def test_nothing_but_text_reaches_the_terminal(repo, env, args, colours):
    run = kehoach(*args, cwd=repo, env=env | ({"FORCE_COLOR": "1"} if colours else {}))
    assert run.code in (0, 1, 2), run.error
    clean(run.text, colours)
    clean(run.error, colours)
    shown = run.text + run.error
    assert "💯" not in shown and "⚠" not in shown  # :100: and :warning: are text, not emoji codes
    if args[0] in ("show", "due", "overview", "calendar") and "hostile-markup" in " ".join(args) + shown:
        assert "[/b]" in shown or "[link=" in shown  # markup printed as it is written, not applied


def test_terminal_tables_show_the_escapes(repo, env):
    run = kehoach("show", "hostile-controls:I.1", cwd=repo, env=env)
    assert "\\x1b]0;pwned-title\\x07" in run.text
    run = kehoach("overview", "--year", "2024", cwd=repo, env=env)
    assert "[link=https://evil.example/]" in run.text or "[/b]" in run.text


def test_csv_cells_are_never_formulas(repo, env, tmp_path):
    outputs = [
        kehoach("due", "--year", "2024", "--all", "-f", "csv", cwd=repo, env=env).text,
        kehoach("list", "-f", "csv", cwd=repo, env=env).text,
        kehoach("agencies", "-f", "csv", cwd=repo, env=env).text,
        kehoach("export", "hostile-markup", cwd=repo, env=env).text,
        kehoach("export", "hostile-controls", cwd=repo, env=env).text,
    ]
    tsv = kehoach("export", "hostile-markup", "-f", "tsv", cwd=repo, env=env).text
    cells = []
    for text in outputs:
        cells += [c for row in csv.reader(io.StringIO(text)) for c in row]
    cells += [c for row in csv.reader(io.StringIO(tsv), delimiter="\t") for c in row]
    formulas = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-\d+", c)]
    assert formulas == []
    assert '\'=HYPERLINK("https://evil.example/","bấm")' in cells  # kept, made inert
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    for text in outputs + [tsv]:
        clean(text.replace("\r\n", "\n"))  # CSV's own line ends


def test_exported_csv_imports_back_to_the_same_text(repo, env, tmp_path):
    table = tmp_path / "x.csv"
    kehoach("export", "hostile-markup", "-t", "tasks", "-o", str(table), cwd=repo, env=env)
    out = tmp_path / "back.yaml"
    args = ("import", str(table), "--plan-id", "back", "--year", "2024", "--delimiter", ",", "-o", str(out))
    kehoach(*args, cwd=repo, env=env)
    text = out.read_text(encoding="utf-8")
    assert 'task: =HYPERLINK("https://evil.example/","bấm")\n' in text  # the quote export added is gone
    assert "task: \"@SUM(1+1)*cmd|' /C calc'!A0\"" in text


@pytest.mark.parametrize("plan", ["hostile-markup", "hostile-controls"])
def test_xlsx_cells_are_strings_never_formulas(repo, env, tmp_path, plan):
    from openpyxl import load_workbook

    book = tmp_path / f"{plan}.xlsx"
    kehoach("export", plan, "-o", str(book), cwd=repo, env=env)
    wb = load_workbook(book)
    values = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    # the only formulas are kehoach's own "Còn / trễ (ngày)" (days left, computed from the deadline cell);
    # no cell of plan text is one
    for c in values:
        if c.data_type == "f":
            header = next(h.value for h in c.parent[c.column_letter] if h.value == "Còn / trễ (ngày)")
            assert header and c.value.startswith("=IF(OR(NOT(ISNUMBER("), (c.coordinate, c.value)
    with zipfile.ZipFile(book) as archive:
        shared = archive.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in archive.namelist() else b""
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                for formula in re.findall(rb"<f>(.*?)</f>", archive.read(name)):
                    assert formula.startswith(b"IF(OR(NOT(ISNUMBER("), (name, formula)
        assert b"<f>" not in shared
    if plan == "hostile-markup":
        assert any(str(c.value).startswith("=HYPERLINK") for c in values)  # the text itself, as text


LIVE_HTML = re.compile(r"<(?!br>|/?u>|!-- kehoach: )[a-zA-Z!/]")


def markdown_ok(text: str) -> None:
    clean(text)
    assert LIVE_HTML.search(text) is None, LIVE_HTML.search(text)
    assert text.count("-->") <= 1 and ("-->" not in text or text.index("-->") < text.index("\n"))
    assert re.search(r"(?<!\\)\]\(javascript", text) is None
    assert "onerror=alert" not in text or "<img" not in text


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--year", "2024", "--all", "-f", "md"),
        ("list", "-f", "md"),
        ("agencies", "-f", "md"),
        ("report", "annual", "-p", "hostile-markup", "--year", "2024"),
        ("report", "annual", "-p", "hostile-controls", "--year", "2024", "-f", "md"),
    ],
    ids=" ".join,
)
def test_markdown_carries_no_live_html(repo, env, args):
    markdown_ok(kehoach(*args, cwd=repo, env=env).text)


def test_the_report_comment_cannot_be_closed_by_a_plan_number(repo, env):
    text = kehoach("report", "annual", "-p", "hostile-markup", "--year", "2024", cwd=repo, env=env).text
    first = text.splitlines()[0]
    assert first.startswith("<!-- kehoach:") and first.endswith("-->") and first.count("-->") == 1
    assert "--&gt;&lt;img src=x onerror=alert(1)&gt;&lt;\\!--" in first


def test_diff_markdown_escapes_plan_text(repo, env, tmp_path):
    import shutil
    import subprocess

    root = tmp_path / "git"
    shutil.copytree(repo, root)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "a"], cwd=root, check=True)
    plan = root / "plans" / "binh-dinh" / "markup.yaml"
    text = plan.read_text(encoding="utf-8").replace("Tháng 2/2024", "Tháng 3/2024 `` <b>x</b> `id`", 1)
    plan.write_text(text, encoding="utf-8")
    (root / "plans" / "binh-dinh" / "markup2.yaml").write_text(
        text.replace("hostile-markup", "hostile-markup-2"), encoding="utf-8"
    )
    run = kehoach("diff", "HEAD", "-f", "md", cwd=root, env=env)
    assert "kehoach diff" in run.text
    markdown_ok(run.text)
    run = kehoach("diff", "HEAD", cwd=root, env=env)
    clean(run.text + run.error)


def test_svg_and_html_overview_are_well_formed(repo, env, tmp_path):
    svg = kehoach("overview", "--year", "2024", "-f", "svg", cwd=repo, env=env).text
    ET.fromstring(svg)
    clean(svg)
    html = kehoach("overview", "--year", "2024", "-f", "html", cwd=repo, env=env).text
    clean(html)
    assert "<img" not in html and "<script" not in html


@pytest.mark.parametrize("plan", ["hostile-controls", "hostile-markup"])
def test_docx_parts_are_well_formed_xml(repo, env, tmp_path, plan):
    doc = tmp_path / f"{plan}.docx"
    kehoach("report", "annual", "-p", plan, "--year", "2024", "-o", str(doc), cwd=repo, env=env)
    with zipfile.ZipFile(doc) as archive:
        parts = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
        for name in parts:
            ET.fromstring(archive.read(name))
        body = archive.read("word/document.xml").decode("utf-8")
    clean(body)
    if plan == "hostile-controls":
        assert "\\x1b]0;pwned-title\\x07" in body


def test_ics_and_json_carry_no_raw_control_characters(repo, env):
    ics = kehoach("calendar", "--year", "2024", "-f", "ics", cwd=repo, env=env).text
    clean(ics.replace("\r\n", "\n"))
    import icalendar

    cal = icalendar.Calendar.from_ical(ics)
    summaries = [str(e.get("SUMMARY")) for e in cal.walk("VEVENT")]
    assert any("\\x1b" in s for s in summaries)
    for args in [("calendar", "--year", "2024", "-f", "json"), ("due", "--year", "2024", "--all", "-f", "json")]:
        text = kehoach(*args, cwd=repo, env=env).text
        clean(text)
        json.loads(text)
        assert "\\u001b]0;pwned-title\\u0007" in text  # the data itself, escaped as JSON does


def test_github_annotations_cannot_be_forged(repo, env, tmp_path):
    import shutil

    root = tmp_path / "gh"
    shutil.copytree(repo, root)
    odd = root / "plans" / "binh-dinh" / "x,line=999::y\nz.yaml"
    shutil.copy(root / "plans" / "binh-dinh" / "controls.yaml", odd)
    run = kehoach("validate", "-f", "github", cwd=root, env=env)
    assert run.code == 1
    lines = run.text.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert commands and len(commands) == len(lines) - 1  # one annotation a line, then the summary
    for line in commands:
        head, _, data = line[2:].partition("::")
        level, _, props = head.partition(" ")
        assert level in ("error", "warning")
        keys = [p.split("=", 1)[0] for p in props.split(",")]
        assert keys == ["file", "line", "col", "title"], line
        clean(data)
    assert any("x%2Cline=999%3A%3Ay%0Az.yaml" in line for line in commands)


def test_validate_text_output_is_not_rich_markup(repo, env, tmp_path):
    import shutil

    root = tmp_path / "rich"
    shutil.copytree(repo, root)
    (root / "plans" / "binh-dinh" / "[b]x[").mkdir()
    plan = root / "plans" / "binh-dinh" / "[b]x[/b].yaml"
    lines = (root / "plans" / "binh-dinh" / "markup.yaml").read_text(encoding="utf-8").splitlines()
    lines = lines[:3] + ["  # filler"] * 100 + lines[3:]
    plan.write_text("\n".join(lines).replace("hostile-markup", "hostile-rich") + "\n", encoding="utf-8")
    run = kehoach("validate", cwd=root, env=env)
    assert run.code == 1
    assert "plans/binh-dinh/[b]x[/b].yaml:1" in run.text
    assert re.search(r"\[b\]x\[/b\]\.yaml:\d{3}:\d+: ", run.text)  # line numbers stay numbers (no :100: emoji)
    assert "💯" not in run.text
