"""`kehoach due`, `overdue`, `upcoming`, `list` and `show`: the deadline queries."""

from __future__ import annotations

from pathlib import Path


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
    write_text(entries_text(entries, today, str(fmt), page(), title=title, footer=footer))


def due(
    quarter: str | None = None,
    month: int | None = None,
    year: int | None = None,
    agency: str | None = None,
    support: bool = False,
    plan: str | None = None,
    province: str | None = None,
    no_successors: bool = False,
    kind: list[str] | None = None,
    all_: bool = False,
    fmt: str = "table",
    today: str | None = None,
    plans_dir: Path | None = None,
) -> None:
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
        kinds=[str(k) for k in kind or []],
        include_undated=all_,
        successors=not no_successors,
    )
    notes(result.notes)
    print_entries(result.entries, env.today, fmt, title=result.title, footer=result.footer, notice=result.notice)


def overdue(
    agency: str | None = None,
    support: bool = False,
    plan: str | None = None,
    province: str | None = None,
    no_successors: bool = False,
    fmt: str = "table",
    today: str | None = None,
    plans_dir: Path | None = None,
) -> None:
    from kehoach.cli.env import load, make_env
    from kehoach.queries import overdue_query

    env = make_env(today, plans_dir)
    result = overdue_query(
        load(env), env, agency=agency, support=support, plan=plan, province=province, successors=not no_successors
    )
    notes(result.notes)
    print_entries(result.entries, env.today, fmt, title=result.title, footer=result.footer)


def upcoming(
    days: int | None = None,
    agency: str | None = None,
    support: bool = False,
    plan: str | None = None,
    province: str | None = None,
    no_successors: bool = False,
    fmt: str = "table",
    today: str | None = None,
    plans_dir: Path | None = None,
) -> None:
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
    print_entries(result.entries, env.today, fmt, title=result.title, footer=result.footer)


def list_(
    by: str = "section",
    quarter: str | None = None,
    month: int | None = None,
    year: int | None = None,
    agency: str | None = None,
    support: bool = False,
    plan: str | None = None,
    province: str | None = None,
    no_successors: bool = False,
    kind: list[str] | None = None,
    fmt: str = "table",
    today: str | None = None,
    plans_dir: Path | None = None,
) -> None:
    from kehoach.cli.env import load, make_env
    from kehoach.cli.output import note, page, write_text
    from kehoach.queries import list_query
    from kehoach.render.listing import list_text

    env = make_env(today, plans_dir)
    result = list_query(
        load(env),
        env,
        by=str(by),
        year=year,
        quarter=quarter,
        month=month,
        agency=agency,
        support=support,
        plan=plan,
        province=province,
        kinds=[str(k) for k in kind or []],
        successors=not no_successors,
    )
    notes(result.notes)
    if result.notice:
        note(result.notice)
    write_text(list_text(result, env.today, str(fmt), page()))


def show(ref: str, fmt: str = "text", today: str | None = None, plans_dir: Path | None = None) -> None:
    from kehoach.cli.env import load, make_env
    from kehoach.cli.show import render_show
    from kehoach.queries import show_item

    env = make_env(today, plans_dir)
    render_show(show_item(load(env, lazy=True), env, ref), str(fmt))  # PLAN:ITEM reads only that plan
