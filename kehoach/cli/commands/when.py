"""`kehoach when`: its options and help; what it does is in ``cli.actions.when``."""

from typing import Annotated, Optional

import typer

from kehoach.cli.actions import when as actions
from kehoach.cli.app import app
from kehoach.cli.options import PlainFormat, Today


@app.command()
def when(
    text: Annotated[str, typer.Argument(help="A time text, e.g. 'Quý II/2024' or 'thường xuyên'.")],
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="Plan year for texts without one.")] = None,
    fmt: Annotated[PlainFormat, typer.Option("--format", "-f")] = PlainFormat.text,
    today: Today = None,
) -> None:
    """Show how kehoach reads a time text: kind, start and deadline."""
    return actions.when(**locals())
