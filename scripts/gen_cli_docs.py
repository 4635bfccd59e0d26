"""Write docs/cli.md (English) and docs/cli.vi.md (Vietnamese) from the CLI's own --help texts, and
kehoach/cli/argspec.py (the options of the fast path's commands, ``cli.fastpath``) from the typer commands:
`python scripts/gen_cli_docs.py` (`--check`: exit 1 when one is stale)."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = {
    "en": Path(__file__).resolve().parent.parent / "docs" / "cli.md",
    "vi": Path(__file__).resolve().parent.parent / "docs" / "cli.vi.md",
}
DOC = DOCS["en"]
ARGSPEC = Path(__file__).resolve().parent.parent / "kehoach" / "cli" / "argspec.py"
ARGSPEC_HEADER = '''"""The options and arguments of the commands ``cli.fastpath`` runs without typer, as typer has them.

Generated from the typer commands by `python scripts/gen_cli_docs.py` (``fastpath.describe``); do not edit.
A test checks that it matches the commands.
"""

'''

HEADER = """# Command-line reference

Generated from `kehoach --help` by `python scripts/gen_cli_docs.py`; a test keeps it in step.
Vietnamese (the default interface language): [cli.vi.md](cli.vi.md).

## Exit codes

"""
HEADER_VI = """# Tra cứu lệnh

Sinh từ `kehoach --help` bằng `python scripts/gen_cli_docs.py`; một bài kiểm thử giữ cho khớp.
Bản tiếng Anh: [cli.md](cli.md). Mã thoát: xem [cli.md](cli.md#exit-codes).
"""


def exit_code_table() -> str:
    """The exit codes, from kehoach.errors."""
    from kehoach.errors import EXIT_CODES

    rows = [f"| {code} | {name} | {meaning} |" for code, name, meaning in EXIT_CODES]
    return "\n".join(["| code | name | meaning |", "| --- | --- | --- |", *rows]) + "\n\n"


def command_paths(group, prefix=()):
    """Every (path, command) under group; works with click and with typer's own copy of it."""
    for name, cmd in group.commands.items():
        path = (*prefix, name)
        yield path, cmd
        if hasattr(cmd, "commands"):
            yield from command_paths(cmd, path)


def help_text(args: list[str], lang: str = "en") -> str:
    from typer.testing import CliRunner

    from kehoach.cli.app import whole_app

    app = whole_app()
    env = {"COLUMNS": "100", "KEHOACH_LANG": lang}
    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=100, env=env)
    return result.output.rstrip() + "\n"


def render(lang: str = "en") -> str:
    import typer

    from kehoach.cli.app import whole_app

    app = whole_app()
    root = typer.main.get_command(app)
    head = [HEADER, exit_code_table()] if lang == "en" else [HEADER_VI, "\n"]
    parts = [*head, "## kehoach\n\n```text\n" + help_text([], lang) + "```\n"]
    for path, _cmd in command_paths(root):
        parts.append(f"\n## kehoach {' '.join(path)}\n\n```text\n" + help_text(list(path), lang) + "```\n")
    return "".join(parts)


def argspec() -> dict:
    """What kehoach/cli/argspec.py must hold: the fast path's commands as the typer commands describe them."""
    import typer

    from kehoach.cli import fastpath
    from kehoach.cli.app import whole_app

    root = typer.main.get_command(whole_app())
    return {name: fastpath.describe(root.commands[name]) for name in fastpath.ACTIONS}


def argspec_text() -> str:
    """kehoach/cli/argspec.py, formatted as ruff formats the project."""
    import subprocess

    specs = argspec()
    # each parameter once, by name (NAME_COMMAND when a later command gives the name another meaning), then
    # the commands as lists of them: --today, --plans-dir, --agency … are shared by most commands
    names: dict[str, str] = {}
    constants: list[str] = []
    for command, params in specs.items():
        for param in params:
            key = repr(param)
            if key not in names:
                name = param["name"].upper().strip("_")
                names[key] = name if name not in names.values() else f"{name}_{command.upper()}"
                constants.append(f"{names[key]} = {key}\n")
    table = ", ".join(f"{cmd!r}: [{', '.join(names[repr(p)] for p in params)}]" for cmd, params in specs.items())
    source = f"{ARGSPEC_HEADER}{''.join(constants)}\nSPECS = {{{table}}}\n"
    ruff = [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(ARGSPEC), "-"]
    return subprocess.run(ruff, input=source, capture_output=True, text=True, check=True).stdout


if __name__ == "__main__":
    stale = False
    if "--check" in sys.argv:  # the values, not the text: another version of ruff may lay it out differently
        from kehoach.cli.argspec import SPECS

        stale |= SPECS != argspec()
    else:
        ARGSPEC.write_text(argspec_text(), encoding="utf-8")
    for lang, doc in DOCS.items():
        text = render(lang)
        if "--check" in sys.argv:
            stale |= not doc.exists() or doc.read_text(encoding="utf-8") != text
        else:
            doc.write_text(text, encoding="utf-8")
    sys.exit(1 if stale else 0)
