"""kehoach fmt: canonical form, idempotent, comments kept; --check for CI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import PLANS
from review_support import PLAN

from kehoach.edit import format_text
from kehoach.loader import parse_text
from kehoach.text import nfc

SHIPPED = sorted(p for p in PLANS.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))

MESSY = """\
# Kế hoạch thử: the header comment stays
kehoach: 1
plan:
  title: 'Kế hoạch: thử'
  id: messy-2024
  year: 2024
  number: null
sections:
- id: I
  items:
  - task: "Việc một"
    id: I.1
    when: Quý II   # theo Phụ lục
    lead:
    - Sở Ngoại vụ
    - "các sở, ban, ngành"
  # the next item was added later

  - id: '2024'
    task: Vie\u0323\u0302c hai
    lead:
      - Sở Du lịch  # viết tắt trong bản gốc
      - Sở Ngoại vụ
    when: Quý III
    progress:
    - {note: 'Đã họp', date: 2024-05-02}
  title: Mục một
"""

CANONICAL = """\
# Kế hoạch thử: the header comment stays
kehoach: 1
plan:
  id: messy-2024
  number: null
  title: "Kế hoạch: thử"
  year: 2024
sections:
  - id: I
    title: Mục một
    items:
      - id: I.1
        task: "Việc một"
        lead:
          - Sở Ngoại vụ
          - "các sở, ban, ngành"
        when: Quý II # theo Phụ lục
      # the next item was added later

      - id: "2024"
        task: Việc hai
        lead:
          - Sở Du lịch # viết tắt trong bản gốc
          - Sở Ngoại vụ
        when: Quý III
        progress:
          - date: 2024-05-02
            note: "Đã họp"
"""


def comments(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            out.append(line.strip())
        elif m := re.search(r"\s(#\s.*)$", line):
            out.append(m[1])
    return out


def commented(text: str) -> str:
    """The plan with a comment line above every list entry, a blank line before every top-level entry
    and an end-of-line comment on every `when`."""
    out = []
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped.startswith("- id: "):
            if indent == 2:
                out.append("\n")
            out.append(" " * indent + f"# về mục {stripped[6:].strip()}\n")
        if stripped.startswith("when: "):
            line = line.rstrip("\n") + "  # thời gian như bản gốc\n"
        out.append(line)
    return "".join(out)


def reversed_keys(text: str) -> str:
    """The plan with the keys of every mapping in reverse order (written by ruamel itself)."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 10**6
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)

    def walk(node):
        if isinstance(node, dict):
            for key in reversed(list(node)):
                node.move_to_end(key)
                walk(node[key])
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    buf = io.StringIO()
    yaml.dump(data, buf)
    assert buf.getvalue() != text
    return buf.getvalue()


@pytest.mark.parametrize("plan", SHIPPED, ids=[p.relative_to(PLANS).as_posix() for p in SHIPPED])
@pytest.mark.parametrize("variant", ["as shipped", "with comments", "keys reversed"])
def test_shipped_plans_are_canonical_idempotent_and_keep_comments(plan, variant, tmp_path, invoke):
    copy = tmp_path / plan.name
    shutil.copy(plan, copy)
    if variant == "with comments":
        copy.write_text(commented(plan.read_text(encoding="utf-8")), encoding="utf-8")
    if variant == "keys reversed":
        copy.write_text(reversed_keys(plan.read_text(encoding="utf-8")), encoding="utf-8")
    original = copy.read_text(encoding="utf-8")
    assert invoke("fmt", str(copy)).exit_code == 0
    once = copy.read_text(encoding="utf-8")
    if variant != "with comments":
        assert once == plan.read_text(encoding="utf-8")  # the shipped plans are in canonical form
    assert invoke("fmt", "--check", str(copy)).exit_code == 0
    assert invoke("fmt", str(copy)).exit_code == 0
    assert copy.read_text(encoding="utf-8") == once  # formatting twice changes nothing
    assert format_text(once) == once  # (the cache remembers canonical files: check without it too)
    assert comments(once) == [nfc(c) for c in comments(original)]
    assert once.count("\n\n") == original.count("\n\n")  # blank lines between items kept
    assert parse_text(once, "after").data == parse_text(nfc(original), "before").data


def test_canonical_form(tmp_path, invoke):
    file = tmp_path / "messy.yaml"
    file.write_text(MESSY, encoding="utf-8")
    result = invoke("fmt", str(file))
    assert result.exit_code == 0
    assert f"reformatted {file}" in result.output
    assert file.read_text(encoding="utf-8") == CANONICAL
    assert invoke("fmt", str(file)).output.endswith("0 file(s) reformatted, 1 unchanged\n")


def test_check_names_the_files_that_would_change_and_writes_nothing(tmp_path, invoke):
    (tmp_path / "plans").mkdir()
    messy = tmp_path / "plans" / "messy.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    (tmp_path / "plans" / "ok.yaml").write_text(PLAN, encoding="utf-8")
    result = invoke("fmt", "--check", "--plans-dir", str(tmp_path / "plans"))
    assert result.exit_code == 1
    assert f"would reformat {messy}" in result.output
    assert "ok.yaml" not in result.output
    assert "1 file(s) would be reformatted, 1 unchanged" in result.output
    assert messy.read_text(encoding="utf-8") == MESSY
    result = invoke("fmt", "--diff", str(messy))
    assert result.exit_code == 1
    assert "-  title: 'Kế hoạch: thử'\n" in result.output and '+  title: "Kế hoạch: thử"\n' in result.output
    invoke("fmt", str(messy))
    assert invoke("fmt", "--check", "--plans-dir", str(tmp_path / "plans")).exit_code == 0
    messy.write_text(MESSY, encoding="utf-8")  # canonical files are remembered; a changed one is not
    assert invoke("fmt", "--check", "--plans-dir", str(tmp_path / "plans")).exit_code == 1


def test_shipped_plans_pass_check_as_ci_runs_it(invoke):
    if not SHIPPED:
        pytest.skip("no plans shipped yet")
    result = invoke("fmt", "--check")
    assert result.exit_code == 0, result.output


def test_unreadable_file_is_a_diagnostic_not_a_crash(tmp_path, invoke):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kehoach: 1\nplan: [unclosed\n", encoding="utf-8")
    result = invoke("fmt", "--check", str(bad))
    assert result.exit_code == 1
    assert "KH101" in result.output
    assert bad.read_text(encoding="utf-8") == "kehoach: 1\nplan: [unclosed\n"


def test_agency_registry_key_order(tmp_path, invoke):
    file = tmp_path / "agencies.yaml"
    file.write_text(
        "kehoach: 1\nagencies:\n  - aliases:\n      - Sở KHĐT\n    short: Sở KH&ĐT\n    name: Sở Kế hoạch và Đầu tư\n",
        encoding="utf-8",
    )
    invoke("fmt", str(file))
    assert file.read_text(encoding="utf-8") == (
        "kehoach: 1\nagencies:\n  - name: Sở Kế hoạch và Đầu tư\n    short: Sở KH&ĐT\n    aliases:\n      - Sở KHĐT\n"
    )


def test_missing_path(invoke):
    result = invoke("fmt", str(Path("/nonexistent/plans")))
    assert result.exit_code == 2


def test_check_as_github_annotations(tmp_path, invoke):
    messy = tmp_path / "messy.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    result = invoke("fmt", "--check", "--format", "github", str(messy))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"::error file={messy},line=4,col=1,title=KH601::{messy}:4:1: KH601 not in canonical form; "
        f"run 'kehoach fmt {messy}'"
    )
