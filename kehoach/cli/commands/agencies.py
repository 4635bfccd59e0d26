from typing import Annotated, Optional

import typer

from kehoach.cli import app
from kehoach.cli.options import PlansDir, TableFormat


@app.command()
def agencies(
    query: Annotated[Optional[str], typer.Argument(help="Only agencies matching this name (accents optional).")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    plans_dir: PlansDir = None,
) -> None:
    """List the agency registry with how many tasks each leads and supports."""
    from kehoach.cli.env import load, make_env
    from kehoach.cli.output import console, to_csv, to_json, to_markdown, write_text
    from kehoach.queries import agency_counts

    repo = load(make_env(plans_dir=plans_dir))
    rows = agency_counts(repo, query)
    cols = ["name", "short", "province", "lead", "support", "aliases"]
    if fmt == TableFormat.json:
        write_text(to_json(rows))
    elif fmt == TableFormat.csv:
        write_text(to_csv(rows, cols))
    elif fmt == TableFormat.md:
        write_text(to_markdown(rows, cols))
    else:
        from rich.table import Table

        from kehoach.i18n import _

        table = Table(title=_("{n} agencies").format(n=len(rows)), show_lines=False)
        for col in ("Cơ quan", "Viết tắt", "Tỉnh", "Chủ trì", "Phối hợp", "Cách viết khác"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(
                r["name"], r["short"], r["province"], str(r["lead"]), str(r["support"]), "; ".join(r["aliases"])
            )
        console().print(table)
