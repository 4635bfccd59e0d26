"""`kehoach when TEXT`: how kehoach reads a time text."""

from __future__ import annotations


def when(text: str, year: int | None = None, fmt: str = "text", today: str | None = None) -> None:
    import datetime as dt

    from kehoach.cli.env import parse_today
    from kehoach.cli.output import console, to_json, write_text
    from kehoach.errors import UsageError
    from kehoach.i18n import _, human_date, pgettext, translate
    from kehoach.timeframe import RECURRING, TimeParseError, parse_when

    year = year or parse_today(today).year
    try:
        tf = parse_when(text, year=year)
    except TimeParseError as exc:
        raise UsageError(f"{exc.code}: {translate(exc.message)}", hint=translate(exc.suggestion)) from None
    data = tf.to_dict()
    if tf.kind == RECURRING:  # every deadline of the plan year: one per quarter for 'hằng quý' …
        data["deadlines"] = [d.isoformat() for d in tf.deadlines_between(dt.date(year, 1, 1), dt.date(year, 12, 31))]
        data["deadlines_year"] = year
    if fmt == "json":
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
        "period": pgettext("when", "period"),
        "deadlines": pgettext("when", "deadlines"),
        "unread": pgettext("when", "unread"),
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
    if tf.period:
        periods = {"year": _("yearly"), "half": _("half-yearly"), "quarter": _("quarterly"), "month": _("monthly")}
        out.print(f"{labels['period']:>{width}}: {periods[tf.period]}", markup=False)
    if tf.kind == RECURRING:
        listed = ", ".join(human_date(d) for d in data["deadlines"]) or "—"
        listed = _("{deadlines} (in {year})").format(deadlines=listed, year=year)
        out.print(f"{labels['deadlines']:>{width}}: {listed}", markup=False)
    elif len(data["deadlines"]) > 1:
        out.print(
            f"{labels['deadlines']:>{width}}: {', '.join(human_date(d) for d in data['deadlines'])}", markup=False
        )
    if tf.years:
        years = ", ".join(map(str, tf.years)) + (_(" and following years") if tf.open_ended else "")
        out.print(f"{labels['years']:>{width}}: {years}", markup=False)
    if tf.tentative:
        tentative = _("tentative (dự kiến)")
        out.print(f"{labels['note']:>{width}}: {tentative}", markup=False)
    if tf.note:
        out.print(f"{labels['note']:>{width}}: {tf.note}", markup=False)
    if tf.unread:
        unread = _("{unread!r} not understood; the reading above rests on the rest").format(unread=tf.unread)
        out.print(f"{labels['unread']:>{width}}: {unread}", markup=False)
