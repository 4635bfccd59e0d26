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
    from kehoach.i18n import _, human_date, pgettext, translate
    from kehoach.timeframe import TimeParseError, parse_when

    try:
        tf = parse_when(text, year=year or parse_today(today).year)
    except TimeParseError as exc:
        raise UsageError(f"{exc.code}: {translate(exc.message)}", hint=translate(exc.suggestion)) from None
    data = tf.to_dict()
    if fmt == PlainFormat.json:
        write_text(to_json(data))
        return
    out = console()
    labels = {
        "text": pgettext("when", "text"),
        "kind": pgettext("when", "kind"),
        "start": pgettext("when", "start"),
        "deadline": pgettext("when", "deadline"),
        "years": pgettext("when", "years"),
        "note": pgettext("when", "note"),
    }
    width = max(9, *(len(v) for v in labels.values()))
    values = {
        "text": data["text"],
        "kind": pgettext("timing", data["kind"]) if data["kind"] else None,
        "start": human_date(data["start"]) if data["start"] else None,
        "deadline": human_date(data["deadline"]) if data["deadline"] else None,
    }
    for key in ("text", "kind", "start", "deadline"):
        out.print(f"{labels[key]:>{width}}: {values[key] if values[key] is not None else '—'}", markup=False)
    if tf.years:
        years = ", ".join(map(str, tf.years)) + (_(" and following years") if tf.open_ended else "")
        out.print(f"{labels['years']:>{width}}: {years}", markup=False)
    if tf.tentative:
        tentative = _("tentative (dự kiến)")
        out.print(f"{labels['note']:>{width}}: {tentative}", markup=False)
