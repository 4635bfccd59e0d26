"""`kehoach due`, `overdue`, `upcoming`, `list` and `show`: the deadline queries."""

from enum import StrEnum
from typing import Annotated, Optional

import typer

from kehoach.cli.app import app
from kehoach.cli.options import (
    AgencyRef,
    Format,
    NoSuccessors,
    PlainFormat,
    PlanRef,
    PlansDir,
    Province,
    Support,
    TableFormat,
    Today,
    Year,
)

Quarter = Annotated[Optional[str], typer.Option("--quarter", "-q", help="Quarter: I, II, III, IV or 1-4.")]
Month = Annotated[Optional[int], typer.Option("--month", "-m", help="Month 1-12.")]


class Kind(StrEnum):
    task = "task"
    delegation = "delegation"
    milestone = "milestone"
    report = "report"


Kinds = Annotated[Optional[list[Kind]], typer.Option("--kind", "-k", help="Only these kinds (repeatable).")]


class GroupBy(StrEnum):
    section = "section"
    agency = "agency"
    quarter = "quarter"


def notes(lines: list[str]) -> None:
    """One-line notices on stderr ("note: …"): names matched as the plans write them, merged provinces."""
    from kehoach.cli.output import note

    for line in lines:
        note(line)


def print_entries(entries, today, fmt: str, title: str = "", footer: str = "", notice: str | None = None) -> None:
    """Print entries; the notice (e.g. which year was chosen) goes to stderr in every format."""
    from kehoach.cli.output import note, page, write_text
    from kehoach.render.entries import entries_text, partial_notice

    if notice:
        note(notice)
    if partial := partial_notice(entries):
        note(partial)
    write_text(entries_text(entries, today, fmt, page(), title=title, footer=footer))


@app.command()
def due(
    quarter: Quarter = None,
    month: Month = None,
    year: Year = None,
    agency: AgencyRef = None,
    support: Support = False,
    plan: PlanRef = None,
    province: Province = None,
    no_successors: NoSuccessors = False,
    kind: Kinds = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Also ongoing and conditional items active in the period.")
    ] = False,
    fmt: Format = TableFormat.table,
    today: Today = None,
    plans_dir: PlansDir = None,
) -> None:
    """Entries whose deadline falls in a period (default: the current quarter).

    Tasks, delegations, delegation-programme milestones and reporting deadlines; --all adds the ongoing
    and conditional items active in the period (no deadline). Config 'agency' and 'plan' apply unless given
    here; --agency '' shows every agency.
    """
    from kehoach.cli.env import load, make_env
    from kehoach.queries import due_query

    env = make_env(today, plans_dir)
    result = due_query(
        load(env, lazy=True),
        env,
        quarter=quarter,
        month=month,
        year=year,
        agency=agency,
        support=support,
        plan=plan,
        province=province,
        kinds=[k.value for k in kind or []],
        include_undated=all_,
        successors=not no_successors,
    )
    notes(result.notes)
    print_entries(result.entries, env.today, fmt.value, title=result.title, footer=result.footer, notice=result.notice)


@app.command()
def overdue(
    agency: AgencyRef = None,
    support: Support = False,
    plan: PlanRef = None,
    province: Province = None,
    no_successors: NoSuccessors = False,
    fmt: Format = TableFormat.table,
    today: Today = None,
    plans_dir: PlansDir = None,
) -> None:
    """Tasks and delegations past their deadline and not done or cancelled, the most days late first.

    Reports and programme milestones are not listed: the plan records no status for them.
    """
    from kehoach.cli.env import load, make_env
    from kehoach.queries import overdue_query

    env = make_env(today, plans_dir)
    result = overdue_query(
        load(env), env, agency=agency, support=support, plan=plan, province=province, successors=not no_successors
    )
    notes(result.notes)
    print_entries(result.entries, env.today, fmt.value, title=result.title, footer=result.footer)


@app.command()
def upcoming(
    days: Annotated[
        Optional[int],
        typer.Option("--days", "-d", min=0, help="Window in days (default: config upcoming_days, else 30)."),
    ] = None,
    agency: AgencyRef = None,
    support: Support = False,
    plan: PlanRef = None,
    province: Province = None,
    no_successors: NoSuccessors = False,
    fmt: Format = TableFormat.table,
    today: Today = None,
    plans_dir: PlansDir = None,
) -> None:
    """Open entries due within N days of today (an item's own `remind` overrides N), soonest first."""
    from kehoach.cli.env import load, make_env
    from kehoach.queries import upcoming_query

    env = make_env(today, plans_dir)
    result = upcoming_query(
        load(env, lazy=True),
        env,
        days=days,
        agency=agency,
        support=support,
        plan=plan,
        province=province,
        successors=not no_successors,
    )
    notes(result.notes)
    print_entries(result.entries, env.today, fmt.value, title=result.title, footer=result.footer)


@app.command("list")
def list_(
    by: Annotated[GroupBy, typer.Option("--by", help="Group by section, agency or quarter.")] = GroupBy.section,
    quarter: Quarter = None,
    month: Month = None,
    year: Year = None,
    agency: AgencyRef = None,
    support: Support = False,
    plan: PlanRef = None,
    province: Province = None,
    no_successors: NoSuccessors = False,
    kind: Kinds = None,
    fmt: Format = TableFormat.table,
    today: Today = None,
    plans_dir: PlansDir = None,
) -> None:
    """All tasks and delegations, with the same filters as due, grouped by section, agency or quarter.

    One row per item; a recurring item shows its deadline in the year. With --quarter or --month, only the
    items due in that period and the ongoing / conditional ones active in it.
    """
    from kehoach.cli.env import load, make_env
    from kehoach.cli.output import note, page, write_text
    from kehoach.queries import list_query
    from kehoach.render.listing import list_text

    env = make_env(today, plans_dir)
    result = list_query(
        load(env),
        env,
        by=by.value,
        year=year,
        quarter=quarter,
        month=month,
        agency=agency,
        support=support,
        plan=plan,
        province=province,
        kinds=[k.value for k in kind or []],
        successors=not no_successors,
    )
    notes(result.notes)
    if result.notice:
        note(result.notice)
    write_text(list_text(result, env.today, fmt.value, page()))


@app.command()
def show(
    ref: Annotated[str, typer.Argument(metavar="ID", help="PLAN:ITEM (e.g. 58/KH-UBND:II.3.1) or a unique item id.")],
    fmt: Annotated[PlainFormat, typer.Option("--format", "-f", help="Output format.")] = PlainFormat.text,
    today: Today = None,
    plans_dir: PlansDir = None,
) -> None:
    """One item in full: plan, section path, every field, the timeframe as understood, its state."""
    from kehoach.cli.env import load, make_env
    from kehoach.cli.show import render_show
    from kehoach.queries import show_item

    env = make_env(today, plans_dir)
    render_show(show_item(load(env), env, ref), fmt.value)
