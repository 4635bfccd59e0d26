from typing import Annotated, Optional

import typer

from kehoach.cli import app
from kehoach.cli.options import PlainFormat, Today


@app.command()
def when(
    text: Annotated[str, typer.Argument(help="A time text, e.g. 'Quý II/2024' or 'thường xuyên'.")],
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="Plan year for texts without one.")] = None,
    fmt: Annotated[PlainFormat, typer.Option("--format", "-f")] = PlainFormat.text,
    today: Today = None,
) -> None:
    """Show how kehoach reads a time text: kind, start and deadline."""
    from kehoach.cli.env import parse_today
    from kehoach.cli.output import console, to_json, write_text
    from kehoach.errors import UsageError
    from kehoach.timeframe import TimeParseError, parse_when

    try:
        tf = parse_when(text, year=year or parse_today(today).year)
    except TimeParseError as exc:
        raise UsageError(f"{exc.code}: {exc.message}", hint=exc.suggestion) from None
    data = tf.to_dict()
    if fmt == PlainFormat.json:
        write_text(to_json(data))
        return
    out = console()
    for key in ("text", "kind", "start", "deadline"):
        out.print(f"{key:>9}: {data[key] if data[key] is not None else '—'}", markup=False)
    if tf.years:
        out.print(
            f"{'years':>9}: {', '.join(map(str, tf.years))}{' and following years' if tf.open_ended else ''}",
            markup=False,
        )
    if tf.tentative:
        out.print(f"{'note':>9}: tentative (dự kiến)", markup=False)
