"""`kehoach overview`: workload by agency and quarter, state bars, next reports, the year's timeline."""

from enum import StrEnum
from typing import Annotated, Optional

import typer

from kehoach.cli.app import app
from kehoach.cli.options import AgencyRef, Force, Output, PlanRef, PlansDir, Province, Today, Year


class OverviewFormat(StrEnum):
    table = "table"
    json = "json"
    svg = "svg"
    html = "html"


@app.command()
def overview(
    plan: PlanRef = None,
    year: Year = None,
    agency: AgencyRef = None,
    province: Province = None,
    fmt: Annotated[
        Optional[OverviewFormat],
        typer.Option("--format", "-f", help="table, json, svg or html (default: from the -o suffix, else table)."),
    ] = None,
    output: Output = None,
    force: Force = False,
    today: Today = None,
    plans_dir: PlansDir = None,
) -> None:
    """Who owes what, when, and where it is slipping: lead agencies × quarters, each agency's items by state,
    its next reporting deadline, and the year's deadlines by month.

    Without --plan: every plan covering the year, one matrix per province (plans merged by agency).
    svg saves what the terminal shows; html is one self-contained page (no network needed).
    """
    from kehoach.cli.env import load, make_env
    from kehoach.cli.output import console, note, output_format, write_text
    from kehoach.overview import build_overview
    from kehoach.scope import resolve

    fmt_value = output_format(fmt, output, "table", tuple(f.value for f in OverviewFormat))
    env = make_env(today, plans_dir)
    repo = load(env)
    scope = resolve(repo, env.config, agency=agency, plan=plan, province=province)
    result = build_overview(repo, env.today, year=year, scope=scope)
    if result.notice:
        note(result.notice)
    if fmt_value == "table" and output is None:
        from kehoach.render.overview_table import render_overview

        render_overview(console(), result)
        return
    if fmt_value == "json":
        from kehoach.cli.output import to_json

        text = to_json(result.to_dict())
    elif fmt_value == "html":
        from kehoach.i18n import translate
        from kehoach.render.overview_html import render_overview_html

        result.notice = translate(result.notice)  # the page is for people; JSON keeps the English notice
        text = render_overview_html(result)
    elif fmt_value == "svg":
        from kehoach.render.overview_table import overview_svg

        text = overview_svg(result, console().width)
    else:
        from kehoach.render.overview_table import overview_text

        text = overview_text(result, console().width)  # the width the terminal table would have
    write_text(text, output, force, env.plans_dir)
