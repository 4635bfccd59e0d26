"""The read commands run without typer (kehoach.cli.fastpath): the same values as typer, or typer itself."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import ROOT

from kehoach.cli import fastpath
from kehoach.cli.app import whole_app
from kehoach.cli.argspec import SPECS


@pytest.fixture(scope="module")
def group():
    return typer.main.get_command(whole_app())


def test_the_description_matches_the_typer_commands(group):
    """argspec.py is what typer builds today (python scripts/gen_cli_docs.py rewrites it)."""
    assert list(SPECS) == list(fastpath.ACTIONS)
    for name in fastpath.ACTIONS:
        assert fastpath.describe(group.commands[name]) == SPECS[name], name


def test_each_action_takes_the_options_of_its_command_with_the_same_defaults(group):
    from importlib import import_module

    for name, (module, function) in fastpath.ACTIONS.items():
        action = getattr(import_module(module), function)
        parameters = inspect.signature(action).parameters
        typer_parameters = inspect.signature(group.commands[name].callback).parameters
        assert list(parameters) == list(typer_parameters), name
        for key, parameter in typer_parameters.items():
            default = parameter.default
            if default is inspect.Parameter.empty:
                assert parameters[key].default is inspect.Parameter.empty, (name, key)
            else:
                assert parameters[key].default == getattr(default, "value", default), (name, key)


# Command lines as people write them: each is parsed here exactly as click parses it.
TAKEN = [
    ("due", []),
    ("due", ["--quarter", "II", "--year", "2024"]),
    ("due", ["-q", "3", "-y2025", "--agency", "Sở Tài chính", "--support"]),
    ("due", ["--agency=", "--all", "-f", "json", "--today", "2024-05-01"]),
    ("due", ["--kind", "task", "-k", "report", "--month=7", "--no-successors", "--plan", "58/KH-UBND"]),
    ("due", ["--province", "Đồng Nai", "--format=csv", "--plans-dir", "plans", "--quarter", "I", "--quarter", "IV"]),
    ("due", ["-q=II"]),  # click takes "=II" as the value of -q: so does this parser (the query refuses it)
    ("due", ["--agency", "--support"]),  # an option's value may look like an option
    ("due", ["-a", "-"]),
    ("overdue", ["-a", "UBND", "--today", "2025-01-01", "-f", "md"]),
    ("upcoming", ["--days", "0"]),
    ("upcoming", ["-d", "45", "--support", "-p", "93/KH-UBND"]),
    ("list", ["--by", "agency", "-q", "II", "-k", "delegation"]),
    ("list", ["--by=quarter", "--year", "2024", "--format", "md"]),
    ("show", ["58/KH-UBND:II.3.1"]),
    ("show", ["-f", "json", "58/KH-UBND:II.3.1", "--today", "2024-05-01"]),
    ("show", ["--", "-x"]),
    ("when", ["Quý II/2024"]),
    ("when", ["hằng quý", "-y", "2025", "--format", "json"]),
    ("when", ["--", "--today"]),
    ("validate", []),
    ("validate", ["plans", "plans/ba-ria-vung-tau", "--strict", "-f", "github"]),
    ("validate", ["-", "--format=sarif"]),
    ("validate", ["--plans-dir", "plans", "--", "--strict"]),
]

# Command lines left to typer: help, mistakes and anything this parser does not read.
LEFT = [
    ("due", ["--help"]),
    ("due", ["-q", "II", "-h"]),
    ("due", ["--agency", "--help"]),  # click would take "--help" as the agency; typer decides
    ("due", ["--quarter"]),
    ("due", ["--qarter", "II"]),
    ("due", ["--support=yes"]),
    ("due", ["--year", "two"]),
    ("due", ["--month", "7.5"]),
    ("due", ["--format", "JSON"]),
    ("due", ["--kind", "tasks"]),
    ("due", ["extra"]),
    ("due", ["-x"]),
    ("due", ["-"]),
    ("upcoming", ["--days", "-1"]),
    ("list", ["--by", "plan"]),
    ("show", []),
    ("show", ["a", "b"]),
    ("when", []),
    ("when", ["-y"]),
    ("validate", ["--format", "xml"]),
]


@pytest.mark.parametrize(("name", "args"), TAKEN)
def test_command_lines_it_takes_are_read_as_click_reads_them(group, name, args):
    values = fastpath.parse_values(SPECS[name], args)
    assert values == group.commands[name].make_context(name, list(args)).params


@pytest.mark.parametrize(("name", "args"), LEFT)
def test_command_lines_it_does_not_take_are_left_to_typer(group, name, args):
    with pytest.raises(fastpath.Unsure):
        fastpath.parse_values(SPECS[name], args)


def test_the_environment_gives_today_and_the_plans_folder_as_for_click(group, monkeypatch):
    monkeypatch.setenv("KEHOACH_TODAY", "2024-05-01")
    monkeypatch.setenv("KEHOACH_PLANS", "plans")
    for args in ([], ["--today", "2025-02-03"], ["--plans-dir", "other"]):
        values = fastpath.parse_values(SPECS["due"], args)
        assert values == group.commands["due"].make_context("due", list(args)).params
    assert fastpath.parse_values(SPECS["due"], [])["today"] == "2024-05-01"
    monkeypatch.setenv("KEHOACH_TODAY", "")  # empty: not set, as for click
    assert fastpath.parse_values(SPECS["due"], [])["today"] is None


def test_parse_gives_the_values_typer_passes():
    kwargs = fastpath.parse("validate", ["plans", "--strict"])
    assert kwargs == {"paths": [Path("plans")], "fmt": "text", "strict": True, "plans_dir": None}
    kwargs = fastpath.parse("due", ["-k", "task", "--plans-dir", "plans"])
    assert kwargs["kind"] == ["task"] and kwargs["plans_dir"] == Path("plans")
    assert fastpath.parse("due", [])["kind"] is None


def _kehoach(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``kehoach ARGS`` as the console script runs it; the child says at exit whether typer was imported."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('TYPER ' + str('typer' in sys.modules)))\n"
        "from kehoach.launch import main; sys.argv[0] = 'kehoach'; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env or os.environ,
        timeout=120,
    )  # fmt: skip


SAME = [
    ["due", "--quarter", "II", "--year", "2024", "--today", "2024-05-01"],
    ["due", "-a", "Sở Tài chính", "--support", "-f", "json", "--today", "2024-05-01"],
    ["overdue", "--today", "2025-03-01", "-f", "csv"],
    ["upcoming", "-d", "60", "--today", "2024-05-01", "-f", "md"],
    ["list", "--by", "agency", "-q", "II", "--today", "2024-05-01"],
    ["show", "58/KH-UBND:II.3.1", "--today", "2024-05-01"],
    ["when", "Quý II/2024"],
    ["validate", "plans/ba-ria-vung-tau"],
    # errors the commands themselves raise: the edge gives the same message and exit code
    ["due", "--agency", "Sở Không Có", "--today", "2024-05-01"],
    ["due", "-q=II", "--today", "2024-05-01"],
    ["show", "58/KH-UBND:IX.9"],
    ["when", "không đọc được"],
    ["due", "--today", "2024-13-01"],
    ["validate", "no/such/file.yaml"],
]


@pytest.mark.parametrize("args", SAME, ids=lambda args: " ".join(args))
def test_a_run_without_typer_prints_what_typer_prints(invoke, args):
    """The same output, messages and exit code as the typer application, and typer is never imported."""
    fast = _kehoach(*args)
    assert fast.stderr.endswith("TYPER False"), fast.stderr
    typed = invoke(*args)
    assert (fast.returncode, fast.stdout) == (typed.exit_code, typed.stdout)
    assert fast.stderr.removesuffix("TYPER False") == typed.stderr


def test_help_and_mistakes_go_to_typer():
    help_ = _kehoach("due", "--help")
    assert help_.returncode == 0 and "--quarter" in help_.stdout and help_.stderr.endswith("TYPER True")
    wrong = _kehoach("due", "--format", "xml")
    assert wrong.returncode == 2 and "'xml' is not one of" in wrong.stderr and wrong.stderr.endswith("TYPER True")
    unknown = _kehoach("list", "--qarter", "II")
    assert unknown.returncode == 2 and "No such option: --qarter" in unknown.stderr
    other = _kehoach("report", "--help")  # commands outside the fast path
    assert other.returncode == 0 and other.stderr.endswith("TYPER True")


def test_shell_completion_goes_to_typer(monkeypatch):
    env = {**os.environ, "_KEHOACH_COMPLETE": "complete_bash", "COMP_WORDS": "kehoach due --q", "COMP_CWORD": "2"}
    result = _kehoach(env=env)  # the shell runs the program alone, the words in the environment
    assert result.returncode == 0 and result.stderr.endswith("TYPER True")
    assert "--quarter" in result.stdout
    monkeypatch.setenv("_KEHOACH_COMPLETE", "complete_bash")
    assert fastpath.run(["due"]) is False  # whatever the words: completion is typer's


def test_a_closed_pipe_ends_the_run_quietly():
    """`kehoach list | head -1`: the reader goes away; no traceback, exit 0 (as with typer)."""
    script = f"{sys.executable} -m kehoach list --today 2024-05-01 --format csv | head -1"
    result = subprocess.run(["sh", "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr
