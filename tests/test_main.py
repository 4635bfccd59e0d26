"""The console script's entry point, which hands typer only the command being run."""

import subprocess
import sys

from conftest import ROOT

import kehoach.cli.app as cli


def run(*args: str) -> subprocess.CompletedProcess:
    code = "import sys; from kehoach.cli.app import main; sys.argv[0] = 'kehoach'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=None, timeout=60
    )


def test_app_for_keeps_just_the_named_command_or_group():
    due = cli.app_for("due")
    assert [info.callback.__name__ for info in due.registered_commands] == ["due"]
    assert due.registered_groups == []
    config = cli.app_for("config")
    assert config.registered_commands == []
    assert [info.name for info in config.registered_groups] == ["config"]
    assert cli.app_for("duee") is cli.app
    assert len(cli.app.registered_commands) == 19  # the app itself is left whole


def test_every_command_is_in_the_table_with_its_module():
    app = cli.whole_app()
    registered = {cli._name(info): info.callback.__module__ for info in app.registered_commands}
    registered |= {info.name: "kehoach.cli.commands.config" for info in app.registered_groups}
    assert registered == cli.COMMANDS


def _modules_after(*args: str) -> set[str]:
    """The kehoach.cli.commands modules a run of ``kehoach ARGS`` imported, printed at exit by the child."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sorted(m for m in sys.modules"
        " if m.startswith('kehoach.cli.commands.'))) + '\\n'))\n"
        "from kehoach.cli.app import main; sys.argv[0] = 'kehoach'; main()"
    )
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
    line = next(line for line in result.stderr.splitlines() if line.startswith("MODULES"))
    return set(line.split()[1:])


def test_a_command_imports_only_its_own_module():
    assert _modules_after("due", "--today", "2024-05-01") == {"kehoach.cli.commands.queries"}
    assert _modules_after("when", "Quý II/2024") == {"kehoach.cli.commands.when"}
    assert _modules_after("config", "get", "plan") == {"kehoach.cli.commands.config"}


def test_help_loads_every_command_in_the_order_of_the_table():
    assert _modules_after("--help") == set(cli.COMMANDS.values())
    result = run("--help")
    listed = [line.split()[0] for line in result.stdout.split("Commands")[1].splitlines()[1:] if line.startswith("  ")]
    assert listed == list(cli.COMMANDS)


def test_main_runs_a_command_with_its_options():
    result = run("when", "Quý II/2024")
    assert result.returncode == 0, result.stderr
    assert "deadline: 2024-06-30" in result.stdout


def test_main_runs_a_subcommand_of_a_group():
    result = run("config", "get", "no-such-key")
    assert result.returncode == 2
    assert "no-such-key" in result.stderr


def test_main_unknown_command_suggests_the_nearest():
    result = run("duee")
    assert result.returncode == 2
    assert "No such command 'duee'. Did you mean 'due'?" in result.stderr


def test_main_without_arguments_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    for name in ("validate", "due", "overdue", "report", "overview", "config", "export"):
        assert f"\n  {name} " in result.stdout


def test_version_is_the_installed_one():
    from importlib.metadata import version

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"kehoach {version('kehoach')}\n"


def test_every_command_is_mapped_to_the_module_that_registers_it():
    import typer

    app = cli.whole_app()
    registered = {
        info.name or typer.main.get_command_name(info.callback.__name__): info.callback.__module__
        for info in app.registered_commands
    }
    registered.update({info.name: "kehoach.cli.commands.config" for info in app.registered_groups})
    assert dict(cli.COMMANDS) == registered


def test_a_run_imports_only_the_module_of_its_command():
    check = (
        "import sys; from kehoach.cli.app import main; sys.argv[0] = 'kehoach'\ntry:\n main()\nfinally:\n"
        " print(sorted(m for m in sys.modules if m.startswith('kehoach.cli.commands.')), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check, "when", "Quý II/2024"], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "deadline: 2024-06-30" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "['kehoach.cli.commands.when']"


def _launch(*args: str, env: dict) -> subprocess.CompletedProcess:
    """``kehoach ARGS`` through the console script's entry point (kehoach.launch), reporting at exit whether
    typer was imported."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('TYPER ' + str('typer' in sys.modules)))\n"
        "from kehoach.launch import main; sys.argv[0] = 'kehoach'; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )


def test_root_help_is_kept_in_the_cache_folder_and_printed_from_it(tmp_path):
    import os

    env = {**os.environ, "KEHOACH_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100", "KEHOACH_LANG": "vi"}
    first = _launch("--help", env=env)
    assert first.returncode == 0 and first.stderr.endswith("TYPER True")
    assert first.stdout.startswith("Cách dùng: kehoach [TÙY CHỌN] LỆNH [THAM SỐ]...")
    assert len(list((tmp_path / "cache" / "help").glob("*.txt"))) == 1
    again = _launch("-h", env=env)  # the same text, without importing typer
    assert again.returncode == 0 and again.stderr.endswith("TYPER False")
    assert again.stdout == first.stdout
    # another language or width is another text, formatted and kept beside the first
    english = _launch("--help", env={**env, "KEHOACH_LANG": "en"})
    assert english.stdout.startswith("Usage: kehoach [OPTIONS] COMMAND [ARGS]...") and english.stderr.endswith("True")
    narrow = _launch("--help", env={**env, "COLUMNS": "60"})
    assert narrow.stderr.endswith("TYPER True") and narrow.stdout != first.stdout
    assert len(list((tmp_path / "cache" / "help").glob("*.txt"))) == 3
    # no cache: formatted each time, the same text
    off = _launch("--help", env={**env, "KEHOACH_CACHE_DIR": "off"})
    assert off.stdout == first.stdout and off.stderr.endswith("TYPER True")
    # a command's help is never taken from the cache
    due = _launch("due", "--help", env=env)
    assert due.returncode == 0 and "--quarter" in due.stdout and due.stderr.endswith("TYPER True")
