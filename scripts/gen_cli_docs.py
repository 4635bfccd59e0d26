"""Write docs/cli.md from the CLI's own --help texts: `python scripts/gen_cli_docs.py`."""

from __future__ import annotations

import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

HEADER = """# Command-line reference

Generated from `kehoach --help` by `python scripts/gen_cli_docs.py`; a test keeps it in step.

## Exit codes

| code | name | meaning |
| --- | --- | --- |
| 0 | OK | success |
| 1 | PROBLEMS | validation errors; plan files that cannot be read; `diff --exit-code` found changes; `fmt --check` found files to reformat |
| 2 | USAGE | bad option value, unknown plan, agency or item |
| 3 | CONFLICT | a write was refused to protect data (file changed on disk, result would not validate, output is a plan file) |
| 4 | GIT | git failed (not a repository, unknown revision) |

"""


def command_paths(group, prefix=()):
    import click

    for name, cmd in group.commands.items():
        path = (*prefix, name)
        yield path, cmd
        if isinstance(cmd, click.Group):
            yield from command_paths(cmd, path)


def help_text(args: list[str]) -> str:
    from typer.testing import CliRunner

    from kehoach.cli import app

    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=100, env={"COLUMNS": "100"})
    return result.output.rstrip() + "\n"


def render() -> str:
    import typer

    from kehoach.cli import app

    root = typer.main.get_command(app)
    parts = [HEADER, "## kehoach\n\n```text\n" + help_text([]) + "```\n"]
    for path, _cmd in command_paths(root):
        parts.append(f"\n## kehoach {' '.join(path)}\n\n```text\n" + help_text(list(path)) + "```\n")
    return "".join(parts)


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if DOC.read_text(encoding="utf-8") == text else 1)
    DOC.write_text(text, encoding="utf-8")
