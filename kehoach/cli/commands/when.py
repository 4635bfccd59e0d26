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
    import datetime as dt

    from kehoach.cli.env import parse_today
    from kehoach.cli.output import console, to_json, write_text
    from kehoach.errors import UsageError
    from kehoach.timeframe import RECURRING, TimeParseError, parse_when

    year = year or parse_today(today).year
    try:
        tf = parse_when(text, year=year)
    except TimeParseError as exc:
        raise UsageError(f"{exc.code}: {exc.message}", hint=exc.suggestion) from None
    data = tf.to_dict()
    if tf.kind == RECURRING:  # every deadline of the plan year: one per quarter for 'hằng quý' …
        data["deadlines"] = [d.isoformat() for d in tf.deadlines_between(dt.date(year, 1, 1), dt.date(year, 12, 31))]
        data["deadlines_year"] = year
    if fmt == PlainFormat.json:
        write_text(to_json(data))
        return
    out = console()
    for key in ("text", "kind", "start", "deadline"):
        out.print(f"{key:>9}: {data[key] if data[key] is not None else '—'}", markup=False)
    if tf.period:
        out.print(f"{'period':>9}: {tf.period}", markup=False)
    if tf.kind == RECURRING:
        listed = ", ".join(data["deadlines"]) or "none"
        out.print(f"{'deadlines':>9}: {listed} (in {year})", markup=False)
    elif len(data["deadlines"]) > 1:
        out.print(f"{'deadlines':>9}: {', '.join(data['deadlines'])}", markup=False)
    if tf.years:
        out.print(
            f"{'years':>9}: {', '.join(map(str, tf.years))}{' and following years' if tf.open_ended else ''}",
            markup=False,
        )
    if tf.tentative:
        out.print(f"{'note':>9}: tentative (dự kiến)", markup=False)
    if tf.note:
        out.print(f"{'note':>9}: {tf.note}", markup=False)
    if tf.unread:
        out.print(f"{'unread':>9}: {tf.unread!r} not understood; the reading above rests on the rest", markup=False)
