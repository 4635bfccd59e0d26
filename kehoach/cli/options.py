"""Options shared by many commands, as Annotated aliases."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

Today = Annotated[
    Optional[str],
    typer.Option(
        "--today",
        envvar="KEHOACH_TODAY",
        metavar="YYYY-MM-DD",
        help="Pretend today is this date (also $KEHOACH_TODAY).",
    ),
]
PlansDir = Annotated[
    Optional[Path],
    typer.Option(
        "--plans-dir",
        envvar="KEHOACH_PLANS",
        metavar="DIR",
        help="Plans directory (default: config 'plans', ./plans, or the shipped plans).",
    ),
]


def _complete_plans(ctx: typer.Context, incomplete: str) -> list[str]:
    from kehoach.cli.complete import plans

    return plans(ctx, incomplete)


def _complete_agencies(ctx: typer.Context, incomplete: str) -> list[str]:
    from kehoach.cli.complete import agencies

    return agencies(ctx, incomplete)


PlanRef = Annotated[
    Optional[str],
    typer.Option("--plan", "-p", help="Plan id or number, e.g. 58/KH-UBND.", autocompletion=_complete_plans),
]
Province = Annotated[Optional[str], typer.Option("--province", help="Only plans of this province.")]
AgencyRef = Annotated[
    Optional[str],
    typer.Option(
        "--agency",
        "-a",
        help="Agency name, alias or abbreviation; accents optional.",
        autocompletion=_complete_agencies,
    ),
]
Support = Annotated[bool, typer.Option("--support", help="Also items the agency co-operates on (phối hợp).")]
NoSuccessors = Annotated[
    bool,
    typer.Option(
        "--no-successors",
        help="Do not follow merges: an agency without the open work of the bodies it took over, a province "
        "without the plans of the provinces merged into it.",
    ),
]
Year = Annotated[
    Optional[int], typer.Option("--year", "-y", help="Plan year (default: this year, else the latest plan year).")
]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of the terminal.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"


class PlainFormat(StrEnum):
    text = "text"
    json = "json"


Format = Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")]
