"""`kehoach report six-month|annual` (pre-filled report skeletons) and `kehoach calendar` (every deadline)."""

from enum import StrEnum
from typing import Annotated, Optional

import typer

from kehoach.cli.app import app
from kehoach.cli.options import AgencyRef, Force, Output, PlanRef, PlansDir, Province, Support, Today, Year


class ReportKind(StrEnum):
    six_month = "six-month"
    annual = "annual"


class ReportFormat(StrEnum):
    md = "md"
    docx = "docx"
    json = "json"


class CalendarFormat(StrEnum):
    table = "table"
    md = "md"
    json = "json"
    ics = "ics"


@app.command()
def report(
    kind: Annotated[ReportKind, typer.Argument(help="six-month (báo cáo 6 tháng) or annual (báo cáo năm).")],
    plan: PlanRef = None,
    province: Province = None,
    agency: Annotated[
        Optional[str],
        typer.Option(
            "--agency",
            "-a",
            help="The reporting agency (its own tasks as lead). Without: the coordinator's consolidated report.",
        ),
    ] = None,
    year: Year = None,
    fmt: Annotated[
        Optional[ReportFormat],
        typer.Option("--format", "-f", help="md, docx or json (default: from the -o suffix, else md)."),
    ] = None,
    output: Output = None,
    force: Force = False,
    today: Today = None,
    plans_dir: PlansDir = None,
) -> None:
    """A pre-filled report skeleton (Nghị định 30/2020 layout) for a plan's six-month or annual reporting.

    Without --plan: the configured default plan, else the only plan, else the only plan with reporting of
    that kind in the year; when several qualify, --plan is required.
    """
    from kehoach.cli.env import load, make_env
    from kehoach.cli.output import output_format, write_text
    from kehoach.errors import UsageError
    from kehoach.reports import build_report, choose_plan
    from kehoach.scope import resolve

    fmt_value = output_format(fmt, output, "md", tuple(f.value for f in ReportFormat))
    if fmt_value == "docx" and output is None:
        from kehoach.i18n import _

        raise UsageError(_("a DOCX report needs a file: add -o FILE.docx"))
    env = make_env(today, plans_dir)
    # a named plan is the only one read (the others are known by their cached header); choosing one reads all
    repo = load(env, lazy=bool(plan or env.config.get("plan")))
    scope = resolve(repo, env.config, plan=plan, province=province, agency="")  # --agency is the reporter, below
    repo.realize(scope.plans)  # lazily loaded: the named plan is read now, the others never
    chosen, year_value, notice = choose_plan(repo, kind.value, year, env.today, agency=agency, scope=scope)
    result = build_report(repo, chosen, kind.value, year_value, env.today, agency=agency, notice=notice)
    if result.notice:
        from kehoach.cli.output import note

        note(result.notice)
    if fmt_value == "docx":
        from kehoach.render.report_docx import render_report_docx

        data: str | bytes = render_report_docx(result)
    elif fmt_value == "json":
        from kehoach.cli.output import to_json

        data = to_json(result.to_dict())
    else:
        from kehoach.render.report_md import render_report_md

        data = render_report_md(result)
    write_text(data, output, force, env.plans_dir)


@app.command()
def calendar(
    year: Year = None,
    agency: AgencyRef = None,
    support: Support = False,
    plan: PlanRef = None,
    province: Province = None,
    fmt: Annotated[
        Optional[CalendarFormat],
        typer.Option("--format", "-f", help="table, md, json or ics (default: from the -o suffix, else table)."),
    ] = None,
    output: Output = None,
    force: Force = False,
    today: Today = None,
    plans_dir: PlansDir = None,
) -> None:
    """Every dated deadline of the year by month: reports, milestones, tasks, delegations (ics: for
    Outlook / Google Calendar, with a reminder a week before)."""
    from kehoach.calendar_ics import build_calendar
    from kehoach.cli.env import load, make_env
    from kehoach.cli.output import note, output_format, page, write_text
    from kehoach.render.calendar import calendar_text
    from kehoach.render.entries import partial_notice
    from kehoach.scope import resolve

    fmt_value = output_format(fmt, output, "table", tuple(f.value for f in CalendarFormat))
    env = make_env(today, plans_dir)
    repo = load(env)
    scope = resolve(repo, env.config, agency=agency, support=support, plan=plan, province=province)
    cal = build_calendar(repo, env.today, year=year, scope=scope)
    if cal.notice and fmt_value == "table":
        note(cal.notice)
    if partial := partial_notice(cal.entries):
        note(partial)
    write_text(calendar_text(cal, fmt_value, page(to_file=output)), output, force, env.plans_dir)
