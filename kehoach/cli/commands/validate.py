"""`kehoach validate`: its options and help; what it does is in ``cli.actions.validate``."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from kehoach.cli.actions import validate as actions
from kehoach.cli.app import app
from kehoach.cli.options import PlansDir, ValidateFormat


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Plan files or folders (default: every plan).")] = None,
    fmt: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="text, json, github, sarif or gitlab (docs/review.md).")
    ] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    plans_dir: PlansDir = None,
) -> None:
    """Check plan files: YAML, keys, types, ids, time texts, dates, statuses, agencies.

    Exit 0 when there are no errors (warnings allowed), 1 when there are errors.
    """
    if code := actions.validate(**locals()):
        raise typer.Exit(code)
