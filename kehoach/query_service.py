"""The queries behind due / overdue / upcoming / list / show: options and config in, entries out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kehoach import deadlines as dl
from kehoach.errors import UsageError
from kehoach.model import Plan
from kehoach.queries import agency_filter
from kehoach.repo import Repo


@dataclass
class QueryResult:
    entries: list[dl.Entry]
    title: str = ""
    footer: str = ""
    notice: str | None = None
    left_out: int = 0
    period: tuple[dt.date, dt.date] | None = None
    extra: dict = field(default_factory=dict)


def _defaults(env, agency, plan, province):
    cfg = env.config
    return (agency if agency is not None else cfg.get("agency"),
            plan if plan is not None else cfg.get("plan"),
            province if province is not None else cfg.get("province"))


def _scope(repo: Repo, env, agency, support, plan, province):
    agency, plan, province = _defaults(env, agency, plan, province)
    plans = repo.select(plan, province)
    return plans, agency_filter(repo, agency, support), agency


def resolve_period(plans: list[Plan], today: dt.date, quarter, month, year) -> tuple[int, int | None, int | None, str | None]:
    try:
        q = dl.parse_quarter(quarter)
    except ValueError as exc:
        raise UsageError(str(exc), hint="e.g. --quarter II or --quarter 2") from None
    notice = None
    if year is None:
        year, notice = dl.default_year(plans, today)
    if q is None and month is None:
        q = dl.quarter_of(today)
    if month is not None and q is not None and dl.quarter_of(dt.date(year, month, 1)) != q:
        raise UsageError(f"month {month} is not in quarter {dl.QUARTER_NAMES[q]}")
    return year, q, month, notice


def _kinds(kinds: list[str] | None) -> tuple[str, ...]:
    return tuple(kinds) if kinds else dl.ENTRY_KINDS


def due_query(repo: Repo, env, quarter=None, month=None, year=None, agency=None, support=False, plan=None,
              province=None, kinds=None, include_undated=False) -> QueryResult:
    plans, match, agency = _scope(repo, env, agency, support, plan, province)
    year, q, month, notice = resolve_period(plans, env.today, quarter, month, year)
    first, last = dl.period_of(year, q if month is None else None, month)
    kinds = _kinds(kinds)
    entries = [e for e in dl.dated_entries(plans, first, last, kinds) if _matches(match, e)]
    undated = [e for e in dl.undated_entries(plans, first, last, kinds) if _matches(match, e)]
    label = f"tháng {month}/{year}" if month else f"Quý {dl.QUARTER_NAMES[q]}/{year}"
    title = f"Đến hạn {label} ({first:%d/%m} – {last:%d/%m/%Y})" + (f" · {agency}" if agency else "")
    if include_undated:
        entries = entries + undated
        footer = f"{len(entries)} mục, trong đó {len(undated)} mục thường xuyên/theo điều kiện (không có thời hạn)."
    else:
        footer = (f"{len(entries)} mục có hạn. {len(undated)} mục thường xuyên/theo điều kiện không có thời hạn "
                  f"không được liệt kê: thêm --all để xem.") if undated else f"{len(entries)} mục có hạn."
    return QueryResult(entries, title, footer, notice, len(undated), (first, last))


def _matches(match, entry: dl.Entry) -> bool:
    if entry.item is not None:
        return match(entry.plan, entry.item)
    if entry.rule is not None:
        from kehoach.model import Item

        fake = Item(entry.plan.id, entry.id, "report", entry.text, entry.lead, [], None, None, None, "planned",
                    None, (), 0, 0, {})
        return match(entry.plan, fake)
    return True


def overdue_query(repo: Repo, env, agency=None, support=False, plan=None, province=None) -> QueryResult:
    plans, match, agency = _scope(repo, env, agency, support, plan, province)
    entries = [e for e in dl.overdue(plans, env.today) if _matches(match, e)]
    title = f"Quá hạn tại ngày {env.today:%d/%m/%Y}" + (f" · {agency}" if agency else "")
    return QueryResult(entries, title, f"{len(entries)} mục quá hạn, chưa hoàn thành.")


def upcoming_query(repo: Repo, env, days=None, agency=None, support=False, plan=None, province=None) -> QueryResult:
    plans, match, agency = _scope(repo, env, agency, support, plan, province)
    if days is None:
        days = int(env.config.get("upcoming_days", 30))
    entries = [e for e in dl.upcoming(plans, env.today, days) if _matches(match, e)]
    title = f"Sắp đến hạn trong {days} ngày từ {env.today:%d/%m/%Y}" + (f" · {agency}" if agency else "")
    return QueryResult(entries, title, f"{len(entries)} mục.")


@dataclass
class Group:
    key: str
    title: str
    entries: list[dl.Entry]


def list_query(repo: Repo, env, by="section", year=None, agency=None, support=False, plan=None, province=None,
               kinds=None) -> list[Group]:
    """Every item (one row each; recurring items show their deadline in the chosen year)."""
    plans, match, agency = _scope(repo, env, agency, support, plan, province)
    kinds = tuple(k for k in _kinds(kinds) if k in ("task", "delegation"))
    if year is None:
        year, _ = dl.default_year(plans, env.today)
    first, last = dl.period_of(year)
    rows: list[dl.Entry] = []
    for p in plans:
        for item in p.items:
            if item.kind not in kinds or not match(p, item):
                continue
            dated = dl.item_entries(p, item, first, last)
            if dated:
                rows.append(dated[-1])
            elif item.timeframe is not None and item.timeframe.kind == "fixed":
                rows.append(dl._entry(p, item, item.timeframe.deadline, item.timeframe.start, item.status,
                                      item.done_on, "fixed"))
            else:
                rows.append(dl.undated_entry(p, item))
    groups: dict[str, Group] = {}
    for e in rows:
        for key, title in _group_keys(repo, e, by):
            groups.setdefault(key, Group(key, title, [])).entries.append(e)
    order = list(groups.values())
    if by in ("agency", "quarter"):
        order.sort(key=lambda g: g.key)
    return order


def _group_keys(repo: Repo, e: dl.Entry, by: str) -> list[tuple[str, str]]:
    if by == "agency":
        names = sorted({repo.registry.canonical(n, e.plan.province) for n in e.lead}) or ["(không có cơ quan chủ trì)"]
        return [(n, n) for n in names]
    if by == "quarter":
        if e.deadline is None:
            return [("9", "Không có thời hạn (thường xuyên / theo điều kiện)")]
        q = dl.quarter_of(e.deadline)
        return [(f"{e.deadline.year}-{q}", f"Quý {dl.QUARTER_NAMES[q]}/{e.deadline.year}")]
    if e.kind == "delegation":
        return [(f"{e.plan.id}~delegations", f"{e.plan.label} · Đoàn ra, đoàn vào")]
    sec = e.item.section if e.item else ()
    return [(f"{e.plan.id}~{e.item.section_id if e.item else ''}",
             f"{e.plan.label} · " + " › ".join(f"{i}. {t}" for i, t in sec))]


def show_item(repo: Repo, env, ref: str) -> dict:
    plan, item = repo.item(ref)
    tf = item.timeframe
    year_entries = dl.item_entries(plan, item, dt.date(min(plan.years), 1, 1), dt.date(max(plan.years), 12, 31))
    entry = year_entries[-1] if year_entries else (
        dl._entry(plan, item, tf.deadline, tf.start, item.status, item.done_on, "fixed")
        if tf is not None and tf.kind == "fixed" else dl.undated_entry(plan, item))
    state = entry.state(env.today)
    return {
        "plan": plan.id,
        "number": plan.number,
        "plan_title": plan.title,
        "province": plan.province,
        "file": plan.path,
        "line": item.line,
        "id": item.id,
        "kind": item.kind,
        "section": [{"id": i, "title": t} for i, t in item.section],
        "fields": item.data,
        "lead_canonical": [repo.registry.canonical(n, plan.province) for n in item.lead],
        "support_canonical": [repo.registry.canonical(n, plan.province) for n in item.support],
        "timeframe": tf.to_dict() if tf else None,
        "time_error": item.time_error,
        "deadlines": [e.deadline.isoformat() for e in year_entries],
        "deadline": entry.deadline.isoformat() if entry.deadline else None,
        "status": item.status,
        "state": state,
        "state_label": dl.STATE_LABELS[state],
        "days": entry.days(env.today),
    }
