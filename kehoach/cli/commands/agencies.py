from typing import Annotated, Optional

import typer

from kehoach.cli.app import app
from kehoach.cli.options import PlansDir, TableFormat
from kehoach.i18n import _


@app.command()
def agencies(
    query: Annotated[Optional[str], typer.Argument(help="Only agencies matching this name (accents optional).")] = None,
    unknown: Annotated[
        bool,
        typer.Option(
            "--unknown", help="Instead: the lead and support names plans use that the registry does not know."
        ),
    ] = False,
    provinces: Annotated[
        bool,
        typer.Option(
            "--provinces", help="Instead: the provincial units, with the units merged into them and the legal source."
        ),
    ] = False,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    plans_dir: PlansDir = None,
) -> None:
    """List the agency registry with how many tasks each leads and supports; in JSON also each body's dates,
    predecessors, successors and legal source."""
    from kehoach.cli.env import load, make_env

    repo = load(make_env(plans_dir=plans_dir))
    if unknown:
        _unknown(repo, query, fmt)
        return
    if provinces:
        _provinces(repo, query, fmt)
        return
    from kehoach.queries import agency_counts

    rows = agency_counts(repo, query)
    cols = ["name", "short", "province", "lead", "support", "aliases"]
    heads = ("Cơ quan", "Viết tắt", "Tỉnh", "Chủ trì", "Phối hợp", "Cách viết khác")
    cells = [
        [r["name"], r["short"], r["province"], str(r["lead"]), str(r["support"]), "; ".join(r["aliases"])] for r in rows
    ]
    _print(rows, cols, heads, cells, _("{n} agencies").format(n=len(rows)), fmt)


def _unknown(repo, query: Optional[str], fmt: TableFormat) -> None:
    from kehoach.agencies import agency_key, has_words
    from kehoach.queries import unknown_agency_rows

    rows = unknown_agency_rows(repo)
    if query:
        key = agency_key(query)
        rows = [r for r in rows if has_words(agency_key(r["name"]), key)]
    cols = ["name", "province", "lead", "support", "plans", "items"]
    heads = ("Tên trong kế hoạch", "Tỉnh", "Chủ trì", "Phối hợp", "Kế hoạch", "Mục (đầu tiên)")
    cells = [
        [
            r["name"],
            r["province"],
            str(r["lead"]),
            str(r["support"]),
            ", ".join(r["plans"]),
            ", ".join(r["items"]) + (f" (+{r['more']})" if r["more"] else ""),
        ]
        for r in rows
    ]
    _print(rows, cols, heads, cells, _("{n} names not in the registry").format(n=len(rows)), fmt)


def _provinces(repo, query: Optional[str], fmt: TableFormat) -> None:
    from kehoach.queries import province_rows
    from kehoach.text import fold

    rows = province_rows(repo)
    if query:
        rows = [r for r in rows if fold(query) in fold(r["name"]) or any(fold(query) in fold(a) for a in r["aliases"])]
    cols = ["name", "kind", "from", "until", "predecessors", "successors", "plans", "source"]
    heads = ("Tỉnh, thành phố", "Loại", "Từ", "Đến", "Hợp nhất từ", "Nay thuộc", "Kế hoạch", "Căn cứ")
    cells = [
        [
            r["name"],
            r["kind"],
            r["from"] or "",
            r["until"] or "",
            "; ".join(r["predecessors"]),
            "; ".join(r["successors"]),
            str(r["plans"]),
            r["source"],
        ]
        for r in rows
    ]
    current = sum(r["current"] for r in rows)
    title = _("{current} current units, {ended} ended").format(current=current, ended=len(rows) - current)
    _print(rows, cols, heads, cells, title, fmt)


def _print(rows: list[dict], cols: list[str], heads: tuple, cells: list[list[str]], title: str, fmt) -> None:
    from kehoach.cli.output import console, to_csv, to_json, to_markdown, write_text

    if fmt == TableFormat.json:
        write_text(to_json(rows))
    elif fmt == TableFormat.csv:
        write_text(to_csv(rows, cols))
    elif fmt == TableFormat.md:
        write_text(to_markdown(rows, cols))
    else:
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for col in heads:
            table.add_column(col, overflow="fold")
        for row in cells:
            table.add_row(*row)
        console().print(table)
