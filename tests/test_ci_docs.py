"""The CI examples an IT officer copies (docs/github-workflow.yml, docs/gitlab-ci.yml) are valid YAML and
run only commands and options that `kehoach --help` lists."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT

from kehoach.loader import load_document

FILES = ["docs/github-workflow.yml", "docs/gitlab-ci.yml"]


def _scripts(data) -> list[str]:
    """Every shell text of a workflow: GitHub `run:` values and GitLab `script`/`before_script`/`after_script`."""
    out = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "run" and isinstance(value, str):
                out.append(value)
            elif key in ("script", "before_script", "after_script"):
                out.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
            else:
                out.extend(_scripts(value))
    elif isinstance(data, list):
        for value in data:
            out.extend(_scripts(value))
    return out


def _kehoach_calls(text: str) -> list[list[str]]:
    calls = []
    for line in text.splitlines():
        for part in re.split(r"\|\||&&|;|\|", line):
            part = part.split(">")[0].strip()
            if part.startswith("kehoach "):
                calls.append(shlex.split(part)[1:])
    return calls


@pytest.mark.parametrize("name", FILES)
def test_ci_example_is_valid_yaml_and_runs_kehoach(name):
    data = load_document(ROOT / name).data
    calls = [c for s in _scripts(data) for c in _kehoach_calls(s)]
    assert calls, f"{name} runs no kehoach command"
    assert any(c[0] == "validate" for c in calls)
    assert any(c[0] == "diff" for c in calls)


@pytest.mark.parametrize("name", FILES)
def test_ci_example_commands_and_options_exist(name, invoke):
    data = load_document(ROOT / name).data
    top = invoke("--help").stdout
    for call in (c for s in _scripts(data) for c in _kehoach_calls(s)):
        command = call[0]
        assert re.search(rf"^\W*{command}\b", top, re.M), f"{name}: 'kehoach {command}' is not a command"
        help_text = invoke(command, "--help").stdout
        for arg in call[1:]:
            if arg.startswith("--"):
                assert arg in help_text, f"{name}: 'kehoach {command} {arg}' is not an option"
        fmt = call[call.index("--format") + 1] if "--format" in call else None
        if fmt:
            assert fmt in help_text, f"{name}: 'kehoach {command} --format {fmt}' is not a format"


def test_gitlab_example_has_code_quality_report_diff_artifact_and_schedule():
    data = load_document(ROOT / "docs/gitlab-ci.yml").data
    assert data["validate"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "--format gitlab" in " ".join(data["validate"]["script"])
    assert "plan-diff.md" in data["plan-diff"]["artifacts"]["paths"]
    assert any("schedule" in r["if"] for r in data["deadlines"]["rules"])
    assert {"upcoming.md", "lich.ics"} <= set(data["deadlines"]["artifacts"]["paths"])


def test_github_example_uploads_sarif_and_installs_a_pinned_tag():
    from kehoach import __version__

    data = load_document(ROOT / "docs/github-workflow.yml").data
    steps = data["jobs"]["check"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert f"@v{__version__}" in data["env"]["KEHOACH_SPEC"]
    assert "pip install kehoach\n" not in (ROOT / "docs/github-workflow.yml").read_text(encoding="utf-8")


def test_changelog_names_the_current_version_and_the_docs_pin_it():
    from kehoach import __version__

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__} " in changelog
    assert f"rev: v{__version__}" in (ROOT / "docs/review.md").read_text(encoding="utf-8")
    assert f"@v{__version__}" in (ROOT / "docs/gitlab-ci.yml").read_text(encoding="utf-8")
