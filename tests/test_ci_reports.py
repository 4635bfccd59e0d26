"""validate --format sarif / gitlab: the reports GitHub code scanning and GitLab merge requests read."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import ROOT
from review_support import PLAN

from kehoach.ci_reports import fingerprints, gitlab_report, sarif_log
from kehoach.diagnostics import Diagnostic

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _broken(tmp_path, text: str = "Quý V"):
    folder = tmp_path / "plans" / "test"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mini-2024.yaml").write_text(PLAN.replace("when: Quý II\n", f"when: {text}\n", 1), encoding="utf-8")
    return tmp_path / "plans"


def test_sarif_of_a_broken_plan_is_valid_sarif_2_1_0_with_the_exact_position(tmp_path, invoke):
    plans = _broken(tmp_path)
    result = invoke("validate", "--plans-dir", str(plans), "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    (run,) = log["runs"]
    (res,) = run["results"]
    assert res["ruleId"] == "KH304" and res["level"] == "error"
    assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "KH304"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("plans/test/mini-2024.yaml")
    line = PLAN.splitlines().index("        when: Quý II") + 1
    assert loc["region"] == {"startLine": line, "startColumn": 15}


def test_sarif_of_a_clean_repository_has_no_results_and_is_valid(invoke):
    result = invoke("validate", "--format", "sarif")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_gitlab_report_has_the_documented_fields(tmp_path, invoke):
    plans = _broken(tmp_path)
    result = invoke("validate", "--plans-dir", str(plans), "--format", "gitlab")
    assert result.exit_code == 1
    (issue,) = json.loads(result.stdout)
    assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
    assert issue["check_name"] == "KH304" and issue["description"].startswith("KH304 ")
    assert issue["severity"] == "major"
    assert issue["location"]["path"].endswith("plans/test/mini-2024.yaml")
    assert issue["location"]["lines"]["begin"] == PLAN.splitlines().index("        when: Quý II") + 1
    assert len(issue["fingerprint"]) == 64


def test_fingerprints_are_stable_between_runs_and_change_with_the_problem(tmp_path, invoke):
    plans = _broken(tmp_path)

    def fps():
        return [
            i["fingerprint"] for i in json.loads(invoke("validate", "--plans-dir", str(plans), "-f", "gitlab").stdout)
        ]

    first, second = fps(), fps()
    assert first == second and len(first) == 1
    _broken(tmp_path, "Quý VI")  # another problem on the same line
    assert fps() != first


def test_fingerprints_ignore_the_line_but_tell_identical_problems_apart():
    a = Diagnostic("KH304", "quarter 'V' does not exist", "plans/x.yaml", 10, 3)
    moved = Diagnostic("KH304", "quarter 'V' does not exist", "plans/x.yaml", 12, 3)
    assert fingerprints([a]) == fingerprints([moved])
    one, two = fingerprints([a, moved])
    assert one != two


@pytest.mark.parametrize("severity,level,gl", [("error", "error", "major"), ("warning", "warning", "minor")])
def test_severities(severity, level, gl):
    d = Diagnostic("KH502", "agency 'X' is not in the registry", "plans/x.yaml", 3, 5, severity=severity)
    assert sarif_log([d])["runs"][0]["results"][0]["level"] == level
    assert gitlab_report([d])[0]["severity"] == gl


def test_a_hostile_file_name_stays_a_uri():
    d = Diagnostic("KH101", "invalid YAML", "plans/a b,line=9\n.yaml", 1, 1)
    log = sarif_log([d])
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert "\n" not in uri and " " not in uri and "," not in uri
