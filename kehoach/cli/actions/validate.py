"""`kehoach validate`: check plan files."""

from __future__ import annotations

from pathlib import Path


def validate(
    paths: list[Path] | None = None, fmt: str = "text", strict: bool = False, plans_dir: Path | None = None
) -> int | None:
    from kehoach.cli.env import make_env
    from kehoach.cli.progress import progress_bar
    from kehoach.cli.render_validate import render
    from kehoach.diagnostics import has_errors
    from kehoach.i18n import _
    from kehoach.validate import validate_paths

    env = make_env(plans_dir=plans_dir)

    with progress_bar(_("validating")) as tick:  # on a terminal (stderr), for long runs only
        files, diagnostics = validate_paths(
            list(paths or []), env.plans_dir, strict=strict, progress=tick, store=env.cache_store()
        )
    render(files, diagnostics, str(fmt))
    return 1 if has_errors(diagnostics) else None
