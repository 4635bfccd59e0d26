"""The queries, as a library: due / overdue / upcoming / list / show (options and config in, entries out) and
the registry questions of `kehoach agencies` (counts, names the registry lacks, provinces).

Command-line values win over the configuration (kehoach.toml): an option left out (None) takes the
configured value, an option given (even as "") is used as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kehoach import deadlines as dl
from kehoach.agencies import Agency, unknown_names
from kehoach.errors import UsageError
from kehoach.model import DELEGATION, TASK, Item, Plan
from kehoach.repo import Repo
from kehoach.scope import resolve, resolve_period
from kehoach.text import fold

DEFAULT_UPCOMING_DAYS = 30


@dataclass
class QueryResult:
    """What `due`, `overdue` and `upcoming` answer: the entries, the title and footer, notes for stderr."""

    entries: list[dl.Entry]
    title: str = ""
    footer: str = ""
    notice: str | None = None
    left_out: int = 0
    period: tuple[dt.date, dt.date] | None = None
    extra: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # more one-line notices (see Scope.notes)


def _kinds(kinds: list[str] | None) -> tuple[str, ...]:
    return tuple(kinds) if kinds else dl.ENTRY_KINDS


def period_label(year: int, quarter: int | None, month: int | None) -> str:
    if month:
        return f"tháng {month}/{year}"
    if quarter:
        return f"Quý {dl.QUARTER_NAMES[quarter]}/{year}"
    return f"năm {year}"


def due_query(
    repo: Repo,
    env,
    quarter=None,
    month=None,
    year=None,
    agency=None,
    support=False,
    plan=None,
    province=None,
    kinds=None,
    include_undated=False,
    successors=True,
) -> QueryResult:
    """Entries whose deadline falls in the period; with ``include_undated``, also the ongoing and conditional
    items active in it (marked: no deadline)."""
    sc = resolve(repo, env.config, agency=agency, support=support, plan=plan, province=province, successors=successors)
    year, q, month, notice = resolve_period(sc.plans, env.today, quarter, month, year)
    first, last = dl.period_of(year, q if month is None else None, month)
    kinds = _kinds(kinds)
    plans = repo.reaching(sc.plans, first, last)
    entries = [e for e in dl.dated_entries(plans, first, last, kinds) if sc.matches(e)]
    undated = [e for e in dl.undated_entries(plans, first, last, kinds) if sc.matches(e)]
    title = f"Đến hạn {period_label(year, q, month)} ({first:%d/%m} – {last:%d/%m/%Y})" + sc.agency_label
    if include_undated:
        footer = f"{len(entries)} mục có hạn và {len(undated)} mục thường xuyên/theo điều kiện (không có thời hạn)."
        entries = entries + undated
        left_out = 0
    else:
        footer = f"{len(entries)} mục có hạn."
        if undated:
            footer += (
                f" {len(undated)} mục thường xuyên/theo điều kiện (không có thời hạn) không được liệt kê: "
                f"thêm --all để xem."
            )
        left_out = len(undated)
    return QueryResult(entries, title, footer, notice, left_out, (first, last), notes=sc.notes)


def overdue_query(
    repo: Repo, env, agency=None, support=False, plan=None, province=None, successors=True
) -> QueryResult:
    """Open tasks and delegations past their deadline, most days late first."""
    sc = resolve(repo, env.config, agency=agency, support=support, plan=plan, province=province, successors=successors)
    entries = [e for e in dl.overdue(sc.plans, env.today) if sc.matches(e)]
    title = f"Quá hạn tại ngày {env.today:%d/%m/%Y}" + sc.agency_label
    footer = f"{len(entries)} mục quá hạn, chưa hoàn thành."
    return QueryResult(entries, title, footer, notes=sc.notes)


def upcoming_days(env, days: int | None) -> int:
    if days is not None:
        return days
    value = env.config.get("upcoming_days", DEFAULT_UPCOMING_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(
            f"'upcoming_days' in {env.config.path} must be a whole number of days, not {value!r}",
            hint="kehoach config set upcoming_days 30",
        )
    return value


def upcoming_query(
    repo: Repo, env, days=None, agency=None, support=False, plan=None, province=None, successors=True
) -> QueryResult:
    """Open entries due within ``days`` (or their own ``remind``) of today, soonest first."""
    sc = resolve(repo, env.config, agency=agency, support=support, plan=plan, province=province, successors=successors)
    days = upcoming_days(env, days)
    horizon = env.today + dt.timedelta(days=dl.upcoming_horizon(sc.plans, days))
    plans = repo.reaching(sc.plans, env.today, horizon)
    held: list[dl.Entry] = []
    entries = [e for e in dl.upcoming(plans, env.today, days, held) if sc.matches(e)]
    held = [e for e in held if sc.matches(e)]
    title = f"Sắp đến hạn trong {days} ngày từ {env.today:%d/%m/%Y}" + sc.agency_label
    footer = f"{len(entries)} mục."
    if held:
        footer += (
            f" {len(held)} mục khác có hạn trong {days} ngày nhưng tự đặt thời gian nhắc trước ngắn hơn "
            f"(remind) nên chưa hiện: " + ", ".join(f"{e.plan.label} {e.id} ({e.deadline:%d/%m})" for e in held) + "."
        )
    return QueryResult(entries, title, footer, extra={"held_back": held}, notes=sc.notes)


@dataclass
class Group:
    """One group of `list`'s answer (a section, an agency or a quarter) and its entries."""

    key: str
    title: str
    entries: list[dl.Entry]


@dataclass
class ListResult:
    """What `list` answers: the groups, the title and a notice for stderr."""

    groups: list[Group]
    title: str = ""
    notice: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len({(e.plan.id, e.id) for g in self.groups for e in g.entries})


def list_query(
    repo: Repo,
    env,
    by="section",
    year=None,
    quarter=None,
    month=None,
    agency=None,
    support=False,
    plan=None,
    province=None,
    kinds=None,
    successors=True,
) -> ListResult:
    """Every task and delegation, one row each (a recurring item shows its deadline in the year), grouped.

    With --quarter or --month, only the items whose deadline falls in that period, and the ongoing and
    conditional items active in it.
    """
    sc = resolve(repo, env.config, agency=agency, support=support, plan=plan, province=province, successors=successors)
    kinds = tuple(k for k in _kinds(kinds) if k in (TASK, DELEGATION))
    notice = None
    period = None
    if quarter is not None or month is not None:
        year, q, month, notice = resolve_period(sc.plans, env.today, quarter, month, year)
        period = dl.period_of(year, q if month is None else None, month)
        label = period_label(year, q, month)
    else:
        if year is None:
            year, notice = dl.default_year(sc.plans, env.today)
        label = f"năm {year}"
    rows: list[dl.Entry] = []
    for p in sc.plans:
        for item in p.items:
            if item.kind not in kinds or (was := sc.match.was(p, item)) is False:
                continue
            if period is None:
                entry = dl.representative_entry(p, item, year)
            elif dated := dl.item_entries(p, item, *period):
                entry = dated[-1]
            elif dl.is_undated_active(p, item, *period):
                entry = dl.undated_entry(p, item)
            else:
                continue
            sc.mark(entry, was)
            rows.append(entry)
    groups: dict[str, Group] = {}
    for e in rows:
        for key, title in _group_keys(repo, e, by):
            groups.setdefault(key, Group(key, title, [])).entries.append(e)
    order = list(groups.values())
    if by in ("agency", "quarter"):
        order.sort(key=lambda g: g.key)
    if by == "quarter":
        for g in order:
            g.entries = dl.sort_entries(g.entries)
    return ListResult(order, f"Danh mục nhiệm vụ, đoàn ({label})" + sc.agency_label, notice, sc.notes)


def _group_keys(repo: Repo, e: dl.Entry, by: str) -> list[tuple[str, str]]:
    if by == "agency":
        names = []
        for n in e.lead:
            agency = repo.registry.resolve(n, e.plan.province)
            names.append((agency is not None and agency.kind == "group", agency.name if agency else n))
        if not names:
            names = [(True, "(không có cơ quan chủ trì)")]
        # agencies in alphabetical order (accents ignored), group phrases ("các cơ quan liên quan") last
        return [(f"{int(group)}~{fold(n)}", n) for group, n in dict.fromkeys(names)]
    if by == "quarter":
        if e.deadline is None:
            return [("9999", "Không có thời hạn (thường xuyên / theo điều kiện)")]
        q = dl.quarter_of(e.deadline)
        return [(f"{e.deadline.year}-{q}", f"Quý {dl.QUARTER_NAMES[q]}/{e.deadline.year}")]
    if e.kind == DELEGATION:
        return [(f"{e.plan.id}~delegations", f"{e.plan.label} · Đoàn ra, đoàn vào")]
    sec = e.item.section if e.item else ()
    return [
        (
            f"{e.plan.id}~{e.item.section_id if e.item else ''}",
            f"{e.plan.label} · " + " › ".join(f"{i}. {t}" for i, t in sec),
        )
    ]


def lead_now(repo: Repo, plan: Plan, item: Item) -> list[dict]:
    """For each lead the registry says was succeeded: {"lead", "now": [successor names]} ("nay là")."""
    out = []
    for name in item.lead:
        agency = repo.registry.resolve(name, plan.province)
        if agency is not None and (now := repo.registry.successors_of(agency)):
            out.append({"lead": name, "now": [a.name for a in now], "until": agency.until, "source": agency.source})
    return out


def show_item(repo: Repo, env, ref: str) -> dict:
    """One item in full: where it is, every field, the timeframe as understood, its deadlines and state today."""
    plan, item = repo.item(ref)
    tf = item.timeframe
    today = env.today
    every = dl.item_all_entries(plan, item, today)
    year = min(max(today.year, min(plan.years)), max(dl.occurrence_years(plan, item, today)))
    entry = dl.representative_entry(plan, item, year)
    state = entry.state(today)
    milestones = []
    if item.kind == DELEGATION:
        for y in dl.occurrence_years(plan, item, today):
            for m in dl.milestone_entries(plan, dt.date(y, 1, 1), dt.date(y, 12, 31)):
                if m.item is item:
                    ms = m.state(today)
                    milestones.append(
                        {
                            "id": m.id,
                            "text": m.text,
                            "deadline": m.deadline.isoformat(),
                            "state": ms,
                            "state_label": dl.STATE_LABELS[ms],
                            "days": m.days(today),
                        }
                    )
    return {
        "plan": plan.id,
        "number": plan.number,
        "plan_title": plan.title,
        "province": plan.province,
        "file": plan.path,
        "line": item.line,
        "id": item.id,
        "kind": item.kind,
        "task": item.text,
        "section": [{"id": i, "title": t} for i, t in item.section],
        "fields": item.data,
        "lead_canonical": [repo.registry.canonical(n, plan.province) for n in item.lead],
        "lead_now": lead_now(repo, plan, item),
        "support_canonical": [repo.registry.canonical(n, plan.province) for n in item.support],
        "when": item.when,
        "timeframe": tf.to_dict() if tf else None,
        "time_error": item.time_error,
        "deadlines": [
            {
                "deadline": e.deadline.isoformat(),
                "state": e.state(today),
                "state_label": dl.STATE_LABELS[e.state(today)],
            }
            for e in every
        ],
        "deadline": entry.deadline.isoformat() if entry.deadline else None,
        "milestones": milestones,
        "status": item.status,
        "done_on": item.done_on.isoformat() if item.done_on else None,
        "state": state,
        "state_label": dl.STATE_LABELS[state],
        "timing": entry.timing,
        "days": entry.days(today),
        "today": today.isoformat(),
    }


# -- the registry: `kehoach agencies` -------------------------------------------------------------------


def unknown_agency_rows(repo: Repo, first: int = 5) -> list[dict]:
    """``kehoach agencies --unknown``: one row per name plans use but the registry lacks, most used first,
    with where it is used (the first ``first`` items)."""
    rows = []
    for name, uses in unknown_names(repo).items():
        lead = {(p.id, i.id) for p, i, role in uses if role == "lead"}
        support = {(p.id, i.id) for p, i, role in uses if role == "support"}
        refs = list(dict.fromkeys(f"{p.id}:{i.id}" for p, i, _ in uses))
        rows.append(
            {
                "name": name,
                "province": uses[0][0].province,
                "lead": len(lead),
                "support": len(support),
                "plans": list(dict.fromkeys(p.id for p, _, _ in uses)),
                "items": refs[:first],
                "more": max(0, len(refs) - first),
            }
        )
    return sorted(rows, key=lambda r: (-(r["lead"] + r["support"]), fold(r["name"])))


def agency_counts(repo: Repo, query: str | None = None) -> list[dict]:
    """One row per registry agency: how many tasks and delegations it leads and supports."""
    lead: dict[Agency | str, int] = {}
    support: dict[Agency | str, int] = {}
    registry = repo.registry
    for plan in repo.plans:
        for item in plan.items:
            for counts, names in ((lead, item.lead), (support, item.support)):
                for agency in {registry.resolve(n, plan.province) for n in names} - {None}:
                    counts[agency] = counts.get(agency, 0) + 1
    agencies = registry.find(query) if query else registry.agencies
    rows = [
        {
            "name": a.name,
            "short": a.short,
            "province": a.province,
            "kind": a.kind,
            "lead": lead.get(a, 0),
            "support": support.get(a, 0),
            "aliases": list(a.aliases),
            "level": a.level,
            "from": a.start.isoformat() if a.start else None,
            "until": a.until.isoformat() if a.until else None,
            "successors": list(a.successors),
            "predecessors": [p.name for p in registry.predecessors.get(a, [])],
            "source": a.source,
        }
        for a in dict.fromkeys(agencies)
    ]
    return sorted(rows, key=lambda r: (-r["lead"], -r["support"], r["name"]))


def province_rows(repo: Repo) -> list[dict]:
    """``kehoach agencies --provinces``: the provincial units of the registry, current ones first, each with
    the units merged into it (``predecessors``) or the unit it was merged into (``successors``), its dates,
    its legal source, and how many plans of the repository it has (under that name)."""
    registry = repo.registry
    plans: dict[str, int] = {}
    for plan in repo.plans:
        prov = registry.province(plan.province)
        if prov is not None:
            plans[prov.name] = plans.get(prov.name, 0) + 1
    rows = [
        {
            "name": p.name,
            "kind": p.kind,
            "current": p.until is None,
            "from": p.start.isoformat() if p.start else None,
            "until": p.until.isoformat() if p.until else None,
            "successors": list(p.successors),
            "predecessors": [q.name for q in registry.province_predecessors.get(p.name, [])],
            "aliases": list(p.aliases),
            "source": p.source,
            "plans": plans.get(p.name, 0),
        }
        for p in registry.provinces
    ]
    return sorted(rows, key=lambda r: (not r["current"], fold(r["name"])))
