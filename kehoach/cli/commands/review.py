"""Review through git: diff, textconv, log, fmt, set."""

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand

from kehoach.cli.app import app
from kehoach.cli.options import Output, PlainFormat, PlansDir, Today


class DashDashCommand(TyperCommand):
    """Keeps what follows ``--`` apart (click would mix it into the positional arguments)."""

    def parse_args(self, ctx, args):
        if "--" in args:
            at = args.index("--")
            ctx.meta["kehoach.after_dashdash"] = list(args[at + 1 :])
            args = list(args[:at])
        return super().parse_args(ctx, args)


class DiffFormat(str, Enum):  # noqa: UP042  (as cli/options.py)
    text = "text"
    md = "md"
    json = "json"


def _git_for(plans_dir: Path):
    """The git repository of the working directory, else the one holding the plans directory."""
    from kehoach.errors import GitError
    from kehoach.gitrepo import Git

    try:
        return Git.discover(Path.cwd())
    except GitError:
        if plans_dir.is_dir():
            return Git.discover(plans_dir)
        raise


@app.command(cls=DashDashCommand)
def diff(
    ctx: typer.Context,
    args: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="[BASE] [HEAD] [-- PATH...]",
            help="Revisions (default: HEAD against the working tree; A...B: from the merge base) and, after --, paths.",
        ),
    ] = None,
    fmt: Annotated[
        Optional[DiffFormat],
        typer.Option(
            "--format", "-f", help="text, md (a PR comment) or json (default: from the -o suffix, else text)."
        ),
    ] = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when there are changes (like git).")] = False,
    output: Output = None,
    plans_dir: PlansDir = None,
) -> None:
    """Semantic diff of plans between two git revisions: items added, removed, moved, renamed, changed.

    A deadline moved later is flagged "lùi hạn" with the number of days, earlier "đẩy sớm".
    """
    from kehoach.cli.env import make_env
    from kehoach.cli.output import output_format, print_lines, to_json, write_text
    from kehoach.plandiff import semantic_diff, split_args
    from kehoach.render.review import diff_lines, plain, render_diff_md

    fmt_value = output_format(fmt, output, "text", tuple(f.value for f in DiffFormat))
    env = make_env(plans_dir=plans_dir)
    git = _git_for(env.plans_dir)
    revs, paths = split_args(git, list(args or []), ctx.meta.get("kehoach.after_dashdash"), Path.cwd())
    scope_plans = True
    if not paths:
        try:
            paths = [env.plans_dir.resolve().relative_to(git.root.resolve()).as_posix()]
        except ValueError:
            paths, scope_plans = ["."], False
    result = semantic_diff(git, revs, paths, scope_plans=scope_plans)
    if fmt_value == "json":
        write_text(to_json(result.to_dict()), output)
    elif fmt_value == "md":
        write_text(render_diff_md(result), output)
    elif output is not None:
        write_text(plain(diff_lines(result)), output)
    else:
        print_lines(diff_lines(result))
    if exit_code and result.changed:
        raise typer.Exit(1)


@app.command()
def textconv(
    file: Annotated[Path, typer.Argument(help="A plan file (git passes a temporary copy of the blob).")],
) -> None:
    """Print a stable, line-per-field rendering of one plan, for git's diff driver (see docs/review.md).

    A file that is not a readable plan is printed unchanged.
    """
    import sys

    from kehoach.errors import UsageError
    from kehoach.textconv import textconv as convert

    try:
        raw = file.read_bytes()
    except OSError as exc:
        from kehoach.i18n import _

        raise UsageError(_("{file}: cannot read: {reason}").format(file=file, reason=exc.strerror)) from None
    out = convert(raw, file.name)
    if isinstance(out, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(out)


@app.command()
def log(
    ref: Annotated[str, typer.Argument(metavar="ID", help="PLAN:ITEM (e.g. 58/KH-UBND:II.3.1) or a unique item id.")],
    fmt: Annotated[PlainFormat, typer.Option("--format", "-f")] = PlainFormat.text,
    plans_dir: PlansDir = None,
) -> None:
    """History of one item through git: each commit that changed it, with date, author and field changes."""
    from kehoach.cli.env import load, make_env
    from kehoach.cli.output import print_lines, to_json, write_text
    from kehoach.errors import UsageError
    from kehoach.gitrepo import Git
    from kehoach.itemlog import item_history
    from kehoach.render.review import log_lines

    env = make_env(plans_dir=plans_dir)
    repo = load(env)
    try:
        plan, item = repo.item(ref)
        item_id = item.id
    except UsageError:
        if ":" not in ref:
            raise
        plan_ref, item_id = ref.rsplit(":", 1)
        plan = repo.plan(plan_ref)  # the item may have been removed: its history is still in git
    file = Path(plan.path)
    git = Git.discover(file.resolve().parent)
    path = git.relative(file)
    events = item_history(git, path, item_id)
    label = f"{plan.label}:{item_id}"
    if fmt == PlainFormat.json:
        write_text(to_json({"plan": plan.id, "id": item_id, "path": path, "commits": [e.to_dict() for e in events]}))
    else:
        print_lines(log_lines(label, path, events))


class FmtFormat(str, Enum):  # noqa: UP042  (as cli/options.py)
    text = "text"
    github = "github"


@app.command()
def fmt(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="Plan files or folders (default: the plans directory).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 and name the files that would change.")
    ] = False,
    show_diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; show what would change as a unified diff.")
    ] = False,
    fmt_: Annotated[
        FmtFormat, typer.Option("--format", "-f", help="text, or github annotations (KH601) with --check.")
    ] = FmtFormat.text,
    plans_dir: PlansDir = None,
) -> None:
    """Rewrite plan files in canonical form: key order, NFC text, indentation, quoting, list style.

    Comments and blank lines are kept. Formatting twice changes nothing.
    """
    from kehoach.cli.env import make_env
    from kehoach.cli.output import console, diagnostic_line
    from kehoach.edit import format_paths
    from kehoach.i18n import _

    env = make_env(plans_dir=plans_dir)
    write = not (check or show_diff)
    report = format_paths(list(paths or [env.plans_dir]), write=write, store=env.cache_store())
    if fmt_ == FmtFormat.github:
        from kehoach.cli.render_validate import render

        render([f.display for f in report.files], report.diagnostics + report.check_diagnostics(), "github")
    else:
        out = console()
        err = console(stderr=True)
        for d in report.diagnostics:
            err.print(diagnostic_line(d), markup=False)
        if show_diff:
            _print_diff(report)
        for result in report.changed:
            line = _("reformatted {file}") if result.written else _("would reformat {file}")
            out.print(line.format(file=result.display), markup=False, soft_wrap=True)
        unchanged = len(report.files) - len(report.changed)
        counts = dict(n=len(report.changed), unchanged=unchanged)
        line = (
            _("{n} file(s) reformatted, {unchanged} unchanged")
            if write
            else _("{n} file(s) would be reformatted, {unchanged} unchanged")
        )
        problems = _(", {n} problem(s)").format(n=len(report.diagnostics)) if report.diagnostics else ""
        out.print(
            line.format(**counts) + problems,
            markup=False,
            style="bold" if report.changed or report.diagnostics else "green",
        )
    if report.diagnostics or (report.changed and not write):
        raise typer.Exit(1)


def _print_diff(report) -> None:
    import difflib

    from kehoach.cli.output import write_text
    from kehoach.edit import format_text

    for result in report.changed:
        old = result.path.read_text(encoding="utf-8")
        new = format_text(old, result.display)
        lines = difflib.unified_diff(
            old.splitlines(True), new.splitlines(True), f"a/{result.display}", f"b/{result.display}"
        )
        write_text("".join(lines))


@app.command(name="set")
def set_(
    ref: Annotated[str, typer.Argument(metavar="ID", help="PLAN:ITEM (e.g. 58/KH-UBND:II.3.1) or a unique item id.")],
    status: Annotated[
        Optional[str],
        typer.Option(
            "--status",
            "-s",
            help="planned, in-progress, done, cancelled, postponed, or in Vietnamese (hoàn thành, dang thuc hien …).",
        ),
    ] = None,
    done_on: Annotated[
        Optional[str], typer.Option("--done-on", metavar="YYYY-MM-DD", help="Completion date (implies --status done).")
    ] = None,
    note: Annotated[
        Optional[str], typer.Option("--note", "-n", help="Append to the item's progress log, dated today.")
    ] = None,
    due: Annotated[Optional[str], typer.Option("--due", metavar="YYYY-MM-DD", help="An exact deadline.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change, write nothing.")] = False,
    fmt_: Annotated[PlainFormat, typer.Option("--format", "-f")] = PlainFormat.text,
    today: Today = None,
    plans_dir: PlansDir = None,
) -> None:
    """Edit one item in place: status, completion date, deadline, progress note.

    Only the item's lines change; the write is atomic, and refused (exit 3) when the file changed on disk
    meanwhile or when the result would not validate.
    """
    from kehoach.cli.env import load, make_env
    from kehoach.cli.output import console, to_json, write_text
    from kehoach.edit import parse_date_option, set_item
    from kehoach.i18n import _
    from kehoach.labels import field, value

    env = make_env(today, plans_dir)
    done_day = parse_date_option(done_on, "--done-on")
    due_day = parse_date_option(due, "--due")
    repo = load(env)
    plan, item = repo.item(ref)
    file = next((Path(p) for p, doc in repo.documents.items() if doc.path == plan.path), Path(plan.path))
    result = set_item(
        file,
        item.id,
        today=env.today,
        status=status,
        done_on=done_day,
        note=note,
        due=due_day,
        display=plan.path,
        dry_run=dry_run,
    )
    label = f"{plan.label}:{item.id}"
    if fmt_ == PlainFormat.json:
        write_text(
            to_json(
                {
                    "plan": plan.id,
                    "id": item.id,
                    "path": plan.path,
                    "written": result.written,
                    "changes": [c.to_dict() for c in result.changes],
                }
            )
        )
        return
    out = console()
    if not result.changes:
        out.print(_("{item}: nothing to change").format(item=label), markup=False)
        return
    dry = _("  [dry run: not written]") if dry_run else ""
    out.print(f"{label}  ({plan.path}){dry}", style="bold", markup=False)
    for change in result.changes:
        if change.field == "progress":
            out.print(f"  {field('progress')}: + {value('progress', change.new)}", markup=False)
        else:
            old, new = value(change.field, change.old), value(change.field, change.new)
            out.print(f"  {field(change.field)}: {old} → {new}", markup=False)
