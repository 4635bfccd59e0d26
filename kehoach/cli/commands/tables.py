"""kehoach import / export: a plan's task and delegation tables to and from CSV/TSV and XLSX."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kehoach.cli.app import app
from kehoach.cli.options import Force, PlainFormat, PlansDir, Today


class Direction(StrEnum):
    out = "out"
    in_ = "in"


class Level(StrEnum):
    province = "province"
    department = "department"


class ExportFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"
    xlsx = "xlsx"


class Which(StrEnum):
    all = "all"
    tasks = "tasks"
    delegations = "delegations"


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The table: .docx, .xlsx, .csv or .tsv/.txt (copied from Word or Excel)."),
    ],
    plan_id: Annotated[
        Optional[str],
        typer.Option(
            "--plan-id", metavar="ID", help="Plan id (a slug, e.g. brvt-58-2024); default: from the file name."
        ),
    ] = None,
    number: Annotated[
        Optional[str],
        typer.Option(
            "--number", metavar="NUMBER", help="Plan number, e.g. 58/KH-UBND; default: 'Kế hoạch số …' above the table."
        ),
    ] = None,
    title: Annotated[
        Optional[str], typer.Option("--title", metavar="TEXT", help="Plan title; default: the line above the table.")
    ] = None,
    year: Annotated[
        Optional[list[int]],
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            help="Plan year; repeat for a plan over several years (default: read from the title).",
        ),
    ] = None,
    continues: Annotated[
        Optional[bool],
        typer.Option(
            "--continues/--no-continues", help="The plan also runs in the years after (và các năm tiếp theo)."
        ),
    ] = None,
    province: Annotated[
        Optional[str], typer.Option("--province", metavar="NAME", help="Province, e.g. 'Bà Rịa – Vũng Tàu'.")
    ] = None,
    sheet: Annotated[
        Optional[str], typer.Option("--sheet", metavar="NAME", help="Only this sheet of a workbook.")
    ] = None,
    table_no: Annotated[
        Optional[int],
        typer.Option(
            "--table",
            metavar="N",
            min=1,
            help="Only the N-th table found in the file (a table split over pages counts once).",
        ),
    ] = None,
    section_column: Annotated[
        Optional[str],
        typer.Option(
            "--section-column",
            metavar="COLUMN",
            help="A column naming each row's section (header, letter or number), for a flat list without Roman "
            "heading rows; in a delegation table it gives the group.",
        ),
    ] = None,
    map_: Annotated[
        Optional[list[str]],
        typer.Option(
            "--map",
            metavar="HEADER=FIELD",
            help="Read a header as a plan field (e.g. 'Đơn vị thực hiện=lead'); FIELD '-' leaves the column out. "
            "Repeatable.",
        ),
    ] = None,
    direction: Annotated[
        Optional[Direction],
        typer.Option("--direction", help="Delegations: out (đoàn ra) or in (đoàn vào), when the table does not say."),
    ] = None,
    level: Annotated[Optional[Level], typer.Option("--level", help="Delegations: province or department.")] = None,
    delimiter: Annotated[
        Optional[str],
        typer.Option("--delimiter", metavar="CHAR", help="CSV delimiter: ',', ';' or 'tab' (default: guessed)."),
    ] = None,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the plan here, e.g. plans/dong-nai/90-kh-ubnd-2024.yaml (default: print it).",
        ),
    ] = None,
    force: Force = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Update the existing plan from the table (found by the plan number above the table, or --plan): "
            "changed cells edit the same items, new rows are added, everything else is kept.",
        ),
    ] = False,
    plan: Annotated[
        Optional[str],
        typer.Option("--plan", metavar="PLAN", help="With --update: the plan to update (id or number)."),
    ] = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="With --update: remove the plan's items the table no longer has.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="With --update: print what would change, write nothing.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (nothing is written).")] = False,
    fmt: Annotated[PlainFormat, typer.Option("--format", "-f", help="How to report: text or json.")] = PlainFormat.text,
    plans_dir: PlansDir = None,
    today: Today = None,
) -> None:
    """Read a plan's task or delegation table into a plan file, or update a plan from it (--update).

    Roman-numeral rows become sections, numbered rows tasks (5.1 under 5); agencies, times, numbers and dates
    are checked. With no errors the plan is written (or printed); otherwise nothing is written and every
    problem is listed with its row and column. Exit 0 written, 1 problems, 2 bad options, 3 refused to
    overwrite a plan file (use --force).
    """
    from kehoach.cli.env import make_env
    from kehoach.repo import display_path
    from kehoach.tables.build import ImportOptions
    from kehoach.tables.importing import import_plan, registry_for
    from kehoach.tables.vocabulary import parse_column_map

    env = make_env(today, plans_dir=plans_dir)
    options = ImportOptions(
        plan_id=plan_id,
        number=number,
        title=title,
        years=tuple(year or ()),
        continues=continues,
        province=province,
        section_column=section_column,
        column_map=parse_column_map(map_ or []),
        direction=direction.value if direction else None,
        level=level.value if level else None,
        sheet=sheet,
        delimiter=delimiter,
        table=table_no,
        today=env.today,
    )
    from kehoach.fileio import is_stdout

    output = None if is_stdout(output) else output
    if update or plan or prune or dry_run:
        if not update:
            raise typer.BadParameter("--plan, --prune and --dry-run go with --update", param_hint="--update")
        _update(file, options, env, plan, prune, dry_run, strict, fmt.value, output)
        return
    run = import_plan(
        file,
        options,
        registry_for(env.plans_dir),
        output=output,
        force=force,
        plans_dir=env.plans_dir,
        strict=strict,
        display=display_path(file),
    )
    _render_import(run, fmt.value, output)
    if not run.result.ok:
        raise typer.Exit(1)


def _update(file: Path, options, env, plan_ref, prune: bool, dry_run: bool, strict: bool, fmt: str, output) -> None:
    from dataclasses import replace

    from kehoach.cli.env import load
    from kehoach.cli.output import console, print_lines, to_json, write_text
    from kehoach.diagnostics import ERROR
    from kehoach.errors import UsageError
    from kehoach.i18n import _
    from kehoach.plandiff import DiffResult, Side
    from kehoach.render.review import diff_lines
    from kehoach.repo import display_path
    from kehoach.tables.importing import import_table, registry_for
    from kehoach.tables.update import update_plan

    if output is not None:
        raise UsageError(_("--update writes the plan in place; leave out -o"))
    registry = registry_for(env.plans_dir)
    display = display_path(file)
    result = import_table(file, options, registry, display)
    ref = plan_ref or result.plan_ref or result.data["plan"].get("number")
    if not ref:
        raise UsageError(
            _("the table does not say which plan it belongs to (no 'Kế hoạch số …' above it)"),
            hint=_("add --plan PLAN"),
        )
    repo = load(env)
    found = repo.plan(ref)
    if not options.years:  # read the times with the plan's own years
        options = replace(options, years=tuple(found.years), continues=found.continues)
    options = replace(options, today=env.today, province=options.province or found.province or None)
    result = import_table(file, options, registry, display)
    diags = list(result.diagnostics)
    up = None
    if result.ok:
        name = result.tables[0].name if result.tables else display

        def run(dry: bool):
            return update_plan(
                Path(found.path),
                result.data,
                result.tables,
                prune=prune,
                dry_run=dry,
                display=display_path(found.path),
                table_name=name,
                today=env.today,
                results=result.results,
            )

        up = run(True)
        diags += up.diagnostics
        if strict:
            diags = [d.with_severity(ERROR) for d in diags]
        if not any(d.severity == ERROR for d in diags) and not dry_run and up.changed:
            up = run(False)
    errors = any(d.severity == ERROR for d in diags)
    if fmt == "json":
        data = result.to_dict() | {"diagnostics": [d.to_dict() for d in diags]}
        data["update"] = up.to_dict() if up else None
        write_text(to_json(data))
    else:
        _print_diagnostics(diags)
        err = console(stderr=True)
        if up is not None and up.changed and not errors:
            shown = display_path(found.path)
            print_lines(
                diff_lines(
                    DiffResult(Side(None, None, shown), Side(None, None, display), [shown], up.plan_diffs(shown))
                )
            )
        if errors:
            err.print(
                _("not updated: {plan} ({path}); fix the table and run again").format(
                    plan=found.label, path=display_path(found.path)
                ),
                markup=False,
                style="bold red",
            )
        elif up is None or not up.changed:
            err.print(_("{plan}: the table changes nothing").format(plan=found.label), markup=False, style="green")
        else:
            counts = {"changed": len(up.edits), "added": len(up.added), "removed": len(up.removed), "path": ""}
            counts["path"] = display_path(found.path)
            line = (
                _("would update {path}: {changed} field(s) changed, {added} item(s) added, {removed} removed")
                if dry_run
                else _("updated {path}: {changed} field(s) changed, {added} item(s) added, {removed} removed")
            ).format(**counts)
            err.print(
                line + (_(" (--dry-run: nothing written)") if dry_run else ""),
                markup=False,
                style="yellow" if dry_run else "green",
            )
    if errors:
        raise typer.Exit(1)


def _print_diagnostics(diags) -> None:
    from kehoach.cli.output import console
    from kehoach.cli.render_validate import print_diagnostics

    print_diagnostics(console(stderr=True), diags)


def _render_import(run, fmt: str, output: Path | None) -> None:
    from kehoach.cli.output import console, to_json, write_text
    from kehoach.diagnostics import ERROR
    from kehoach.i18n import _

    result = run.result
    if fmt == "json":
        data = result.to_dict() | {"written": str(run.written) if run.written else None}
        if output is None and result.ok:
            data["yaml"] = run.text
        write_text(to_json(data))
        return
    err = console(stderr=True)
    _print_diagnostics(result.diagnostics)
    counts = result.counts()
    errors = sum(d.severity == ERROR for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    what = _("{tasks} task(s) in {sections} section(s), {delegations} delegation(s)").format(**counts)
    if not result.ok:
        err.print(
            _("not written: {errors} error(s), {warnings} warning(s) in {what}; fix the table and run again").format(
                errors=errors, warnings=warnings, what=what
            ),
            markup=False,
            style="bold red",
        )
        return
    if output is None:
        write_text(run.text)
    err.print(
        _("imported {what}").format(what=what)
        + (f" → {run.written}" if run.written else "")
        + (_(" ({n} warning(s))").format(n=warnings) if warnings else ""),
        markup=False,
        style="green",
    )


@app.command()
def export(
    plan: Annotated[str, typer.Argument(metavar="PLAN", help="Plan id or number, e.g. 58/KH-UBND.")],
    fmt: Annotated[
        Optional[ExportFormat],
        typer.Option("--format", "-f", help="csv, tsv or xlsx (default: from the -o file's extension, else csv)."),
    ] = None,
    table: Annotated[Which, typer.Option("--table", "-t", help="Which tables: all, tasks or delegations.")] = Which.all,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file (required for xlsx; CSV is printed otherwise)."
        ),
    ] = None,
    force: Force = False,
    plans_dir: PlansDir = None,
) -> None:
    """Write a plan's task table (and delegations) as CSV, TSV or an Excel workbook with the plan's
    Vietnamese headers, ready for 'kehoach import'."""
    from kehoach.cli.env import load, make_env
    from kehoach.cli.output import output_format, write_text
    from kehoach.errors import UsageError
    from kehoach.fileio import is_stdout
    from kehoach.tables.export import export_plan

    output = None if is_stdout(output) else output
    kind = output_format(fmt, output, "csv", tuple(f.value for f in ExportFormat))
    env = make_env(plans_dir=plans_dir)
    repo = load(env)
    found = repo.plan(plan)
    if kind == "xlsx" and output is None:
        from kehoach.i18n import _

        raise UsageError(_("an Excel workbook needs a file: add -o FILE.xlsx"))
    data = next(doc.data for doc in repo.documents.values() if doc.path == found.path)
    blob = export_plan(found, data, kind, table.value)
    if output is not None and isinstance(blob, str):
        blob = "\ufeff" + blob  # in a file, a BOM: Excel then reads it as UTF-8
    write_text(blob, output, force, env.plans_dir)
