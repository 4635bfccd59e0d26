"""Write docs/cli.md from the CLI's own --help texts: `python scripts/gen_cli_docs.py`."""

from __future__ import annotations

import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

HEADER = """# Command-line reference

Generated from `kehoach --help` by `python scripts/gen_cli_docs.py`; a test keeps it in step.

## Exit codes

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


def help_text(args: list[str]) -> str:
    from typer.testing import CliRunner

    from kehoach.cli import whole_app

    app = whole_app()
    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=100, env={"COLUMNS": "100"})
    return result.output.rstrip() + "\n"


def render() -> str:
    import typer

    from kehoach.cli import whole_app

    app = whole_app()
    root = typer.main.get_command(app)
    parts = [HEADER, exit_code_table(), "## kehoach\n\n```text\n" + help_text([]) + "```\n"]
    for path, _cmd in command_paths(root):
        parts.append(f"\n## kehoach {' '.join(path)}\n\n```text\n" + help_text(list(path)) + "```\n")
    return "".join(parts)


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if DOC.read_text(encoding="utf-8") == text else 1)
    DOC.write_text(text, encoding="utf-8")
