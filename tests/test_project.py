"""The README's set-up commands are what CI runs, and the CLI reference matches --help."""

import re
import subprocess
import sys

from conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set-up", 1)[1].split("## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_them():
    commands = readme_commands()
    assert len(commands) == 2
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command in ci


def test_every_command_has_help():
    import typer

    from kehoach.cli.app import whole_app

    app = whole_app()
    sys.path.insert(0, str(ROOT / "scripts"))
    from gen_cli_docs import command_paths

    for path, cmd in command_paths(typer.main.get_command(app)):
        assert (cmd.help or "").strip(), f"kehoach {' '.join(path)} has no help"


def test_cli_reference_matches_help():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"], cwd=ROOT)
    assert result.returncode == 0, "docs/cli.md is stale: run python scripts/gen_cli_docs.py"


def test_shipped_schema_file_is_current_and_referenced(invoke):
    result = invoke("schema")
    assert result.exit_code == 0
    assert (ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8") == result.output
    for plan in (ROOT / "plans").rglob("*.yaml"):
        if plan.name != "agencies.yaml":
            first = plan.read_text(encoding="utf-8").splitlines()[0]
            assert first == "# yaml-language-server: $schema=../../docs/plan.schema.json", plan
