"""kehoach validate: text, json and GitHub annotations; exit 0 (clean or warnings), 1 (errors), 2 (usage)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import PLANS

BAD = """\
kehoach: 1
plan:
  id: bad-2024
  number: 1/KH-UBND
  title: Kế hoạch lỗi
  year: 2024
sections:
  - id: I
    title: Mục một
    items:
      - id: I.1
        task: Việc có quý không tồn tại
        lead: [Sở Ngoại vụ]
        when: Quý V
"""

WARN = (
    BAD.replace("bad-2024", "warn-2024")
    .replace("lead: [Sở Ngoại vụ]", "lead: [Sở Không Có Thật]")
    .replace("Quý V", "Quý II")
)


@pytest.fixture
def plans(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(PLANS / "agencies.yaml", folder / "agencies.yaml")
    return folder


def test_the_shipped_plans_are_clean(invoke):
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "7 file(s) checked: 0 error(s), 0 warning(s)"
    strict = invoke("validate", "--strict", "-f", "json")
    assert strict.exit_code == 0
    data = json.loads(strict.stdout)
    assert (data["errors"], data["warnings"], data["diagnostics"]) == (0, 0, [])
    assert len(data["files"]) == 7
    github = invoke("validate", "-f", "github")
    assert github.exit_code == 0
    assert github.stdout.strip() == "7 file(s) checked: 0 error(s), 0 warning(s)"


def test_an_error_in_text(invoke, plans):
    (plans / "bad.yaml").write_text(BAD, encoding="utf-8")
    result = invoke("validate", "--plans-dir", str(plans))
    assert result.exit_code == 1
    assert f"{plans / 'bad.yaml'}:14:15: error KH304: quarter 'V' does not exist in 'Quý V'" in result.stdout
    assert "hint: write 'Quý I' … 'Quý IV' or 'Q1' … 'Q4'" in result.stdout
    assert result.stdout.rstrip().endswith("2 file(s) checked: 1 error(s), 0 warning(s)")


def test_an_error_in_json(invoke, plans):
    path = plans / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = invoke("validate", str(path), "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["errors"], data["warnings"]) == (1, 0)
    (diag,) = data["diagnostics"]
    assert (diag["code"], diag["line"], diag["column"], diag["severity"]) == ("KH304", 14, 15, "error")
    assert diag["file"] == str(path)


def test_github_annotations_carry_the_location_twice(invoke, plans):
    path = plans / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = invoke("validate", str(path), "-f", "github")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    match = re.fullmatch(r"::error file=(?P<file>[^,]+),line=(\d+),col=(\d+),title=(KH\d+)::(?P<msg>.*)", first)
    assert match, first
    assert match.group(2, 3, 4) == ("14", "15", "KH304")
    assert match["file"] == str(path)
    # the message repeats file:line:col, for logs that show only the message
    assert match["msg"].startswith(f"{path}:14:15: KH304 quarter 'V' does not exist")


def test_warnings_pass_unless_strict(invoke, plans):
    (plans / "warn.yaml").write_text(WARN, encoding="utf-8")
    result = invoke("validate", "--plans-dir", str(plans), "-f", "github")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"::warning file={plans / 'warn.yaml'},line=13,col=16,title=KH502::")
    strict = invoke("validate", "--plans-dir", str(plans), "--strict", "-f", "github")
    assert strict.exit_code == 1
    assert strict.stdout.startswith("::error ")


@pytest.mark.parametrize("args", [["no-such-file.yaml"], ["--plans-dir", "/no/such/folder"], ["-f", "xml"]])
def test_usage_errors_exit_2(invoke, args):
    result = invoke("validate", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_file_checked_before_is_not_checked_again_until_it_or_the_registry_changes(invoke, plans, tmp_path):
    """The diagnostics of a file are kept beside its parse cache entry, for one version of the code and one
    registry: a second run prints the same from there; editing the registry (a name it no longer knows) or
    damaging the kept file makes the check run again."""
    import os
    from pathlib import Path

    (plans / "warn.yaml").write_text(WARN, encoding="utf-8")
    cache = Path(os.environ["KEHOACH_CACHE_DIR"])
    before = set(cache.rglob("*.khv"))
    first = invoke("validate", "--plans-dir", str(plans), "-f", "json")
    kept = set(cache.rglob("*.khv")) - before
    assert len(kept) == 2  # the registry and warn.yaml
    again = invoke("validate", "--plans-dir", str(plans), "-f", "json")
    assert again.stdout == first.stdout
    assert [d["code"] for d in json.loads(again.stdout)["diagnostics"]] == ["KH502"]
    # a damaged kept file is not read: the check runs again, with the same result
    for path in kept:
        path.write_bytes(b"KHCHECK1" + b"\0" * 40)
    assert invoke("validate", "--plans-dir", str(plans), "-f", "json").stdout == first.stdout
    # the registry learns the name: the plan is checked again, against the new registry
    registry = plans / "agencies.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("agencies:\n", "agencies:\n  - name: Sở Không Có Thật\n", 1),
        encoding="utf-8",
    )
    known = invoke("validate", "--plans-dir", str(plans), "-f", "json")
    assert json.loads(known.stdout)["diagnostics"] == []
