"""Every way a plan file can be wrong or hostile: a clear diagnostic at the right line, exit 1, no traceback.

The corpus is tests/bad/ (made by tests/bad/generate.py, indexed by tests/bad/expected.toml); the 50 MB
file and the symbolic link leading out of the repository are made here in a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kehoach.diagnostics import CODES, MAX_MESSAGE

BAD = Path(__file__).resolve().parent / "bad"
EXPECTED = tomllib.loads((BAD / "expected.toml").read_text(encoding="utf-8"))
CASES = sorted(EXPECTED["files"].items())


def test_the_index_lists_every_file_of_the_corpus_and_only_those():
    assert sorted(p.name for p in BAD.glob("*.yaml")) == [name for name, _ in CASES]
    for _, case in CASES + sorted(EXPECTED["generated"].items()):
        assert case["code"] in CODES


@pytest.mark.parametrize("name, case", CASES, ids=[name for name, _ in CASES])
def test_validate_reports_the_problem_at_its_line(invoke, name, case):
    result = invoke("validate", f"tests/bad/{name}", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    found = [(d["code"], d["line"]) for d in report["diagnostics"]]
    assert (case["code"], case["line"]) in found, found
    assert all(d["file"] == f"tests/bad/{name}" for d in report["diagnostics"])
    assert all(len(d["message"]) <= MAX_MESSAGE for d in report["diagnostics"])


@pytest.mark.parametrize("name, case", CASES, ids=[name for name, _ in CASES])
def test_text_output_names_file_line_and_code(invoke, name, case):
    result = invoke("validate", f"tests/bad/{name}")
    assert result.exit_code == 1
    assert f"tests/bad/{name}:{case['line']}:" in result.output
    assert f"error {case['code']}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", [name for name, _ in CASES])
def test_read_only_commands_refuse_unreadable_files_and_still_answer_despite_content_errors(invoke, tmp_path, name):
    """A file that cannot be read as a plan (KH1xx) stops `due` with its diagnostic; a readable file with
    wrong content (a bad date, a reused id) is read as well as it can be: validate reports it."""
    plans = tmp_path / "plans"
    shutil.copytree(Path("plans"), plans)
    shutil.copy(BAD / name, plans / "ba-ria-vung-tau" / name)
    result = invoke("due", "--quarter", "II", "--year", "2024", "--plans-dir", str(plans), "--format", "json")
    code = EXPECTED["files"][name]["code"]
    # KH100-KH113: the file cannot be read; a duplicate key (KH106) is read (first value kept) and reported
    if code.startswith("KH1") and code <= "KH113" and code != "KH106":
        assert result.exit_code == 1
        assert code in result.output and "run 'kehoach validate'" in result.output
    else:
        assert result.exit_code == 0
        assert json.loads(result.stdout)


def test_a_50_mb_file_is_refused_before_it_is_read(invoke, tmp_path):
    big = tmp_path / "too-large.yaml"
    with open(big, "wb") as fh:
        fh.write(b"kehoach: 1\nplan:\n  id: big\n")
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    result = invoke("validate", str(big), "--format", "json")
    assert result.exit_code == 1
    (diag,) = json.loads(result.output)["diagnostics"]
    assert diag["code"] == "KH110" and "52,428,800 bytes" in diag["message"]


def test_a_symlink_leading_out_of_the_repository_is_refused(invoke, tmp_path):
    plans = tmp_path / "repo" / "plans"
    shutil.copytree(Path("plans"), plans)
    secret = tmp_path / "outside.yaml"
    secret.write_text((BAD.parent.parent / "plans" / "agencies.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(secret, plans / "ba-ria-vung-tau" / "outside-link.yaml")
    result = invoke("validate", "--plans-dir", str(plans), "--format", "json")
    assert result.exit_code == 1
    codes = [d["code"] for d in json.loads(result.output)["diagnostics"]]
    assert codes == ["KH113"]
    result = invoke("due", "--quarter", "II", "--year", "2024", "--plans-dir", str(plans))
    assert result.exit_code == 1 and "KH113" in result.output


def test_a_symlink_inside_the_repository_is_followed(invoke, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(Path("plans"), plans)
    link = plans / "ba-ria-vung-tau" / "93-kh-ubnd-2024.yaml"
    kept = plans / "archive" / "93-kh-ubnd-2024.txt"  # not a .yaml: found only through the link
    kept.parent.mkdir()
    link.rename(kept)
    os.symlink(Path("..") / "archive" / kept.name, link)
    result = invoke("validate", "--plans-dir", str(plans))
    assert result.exit_code == 0, result.output
    assert "7 file(s) checked: 0 error(s)" in result.output


def test_the_whole_corpus_in_a_separate_process_exits_1_without_a_crash():
    """A C-level crash (stack overflow in the parser) would kill pytest itself; here it would show as a signal."""
    proc = subprocess.run(
        [sys.executable, "-m", "kehoach", "validate", "tests/bad", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KEHOACH_CACHE_DIR": "off"},
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert {(Path(d["file"]).name, d["code"], d["line"]) for d in report["diagnostics"]} >= {
        (name, case["code"], case["line"]) for name, case in CASES
    }
