from pathlib import Path
from typing import Annotated, Optional

import typer

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
    from kehoach.cli.env import make_env
    from kehoach.cli.progress import progress_bar
    from kehoach.cli.render_validate import render
    from kehoach.diagnostics import has_errors
    from kehoach.validate import validate_paths

    env = make_env(plans_dir=plans_dir)
    from kehoach.i18n import _

    with progress_bar(_("validating")) as tick:  # on a terminal (stderr), for long runs only
        files, diagnostics = validate_paths(
            list(paths or []), env.plans_dir, strict=strict, progress=tick, store=env.cache_store()
        )
    render(files, diagnostics, fmt.value)
    if has_errors(diagnostics):
        raise typer.Exit(1)
