"""`kehoach due`, `overdue`, `upcoming`, `list` and `show`: their options and help; what they do is in
``cli.actions.queries``."""

from enum import StrEnum
from typing import Annotated, Optional

import typer

from kehoach.cli.actions import queries
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
    return queries.due(**locals())


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
    return queries.overdue(**locals())


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
    return queries.upcoming(**locals())


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
    return queries.list_(**locals())


@app.command()
def show(
    ref: Annotated[str, typer.Argument(metavar="ID", help="PLAN:ITEM (e.g. 58/KH-UBND:II.3.1) or a unique item id.")],
    fmt: Annotated[PlainFormat, typer.Option("--format", "-f", help="Output format.")] = PlainFormat.text,
    today: Today = None,
    plans_dir: PlansDir = None,
) -> None:
    """One item in full: plan, section path, every field, the timeframe as understood, its state."""
    return queries.show(**locals())
