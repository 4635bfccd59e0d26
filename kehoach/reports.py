"""Report skeletons (báo cáo 6 tháng / báo cáo năm) built from a plan: a Report dataclass, no rendering.

The layout follows a Vietnamese administrative report (Nghị định 30/2020/NĐ-CP, Phụ lục I, mẫu 1.4):
header (issuing body, number, Quốc hiệu, Tiêu ngữ, place and date), "BÁO CÁO" and a subject line, then
I. Kết quả thực hiện (tasks, delegations, co-operation, summary tables), II. Khó khăn, vướng mắc,
III. Đề xuất, kiến nghị, (annual) IV. Phương hướng, nhiệm vụ năm sau, Nơi nhận and the signature block.
Renderers (kehoach/render/report_md.py, report_docx.py) turn a Report into text or a document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from kehoach import deadlines as dl
from kehoach import labels
from kehoach.agencies import Agency, agency_filter, canonical_names, rule_covers, rule_names
from kehoach.errors import UsageError
from kehoach.model import DELEGATION, TASK, Item, Plan, ReportRule
from kehoach.status import CANCELLED, DONE, IN_PROGRESS, LABELS_VI, POSTPONED
from kehoach.text import fold
from kehoach.timeframe import FIXED, ONGOING, RECURRING

SIX_MONTH, ANNUAL = "six-month", "annual"
REPORT_KINDS = (SIX_MONTH, ANNUAL)
AGENCY, CONSOLIDATED = "agency", "consolidated"
BLANK = "…"  # what staff fill in

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOC_TYPE = "BÁO CÁO"
TYPE_ABBREVIATION = "BC"

# Rows of the summary table: how a task stands on the report date.
DONE_ON_TIME, DONE_LATE, OVERDUE, RUNNING, NOT_STARTED, STOPPED = (
    "done-on-time",
    "done-late",
    "overdue",
    "in-progress",
    "not-started",
    "stopped",
)
BUCKETS: dict[str, str] = labels.BUCKET_LABELS
TIMING_LABELS = labels.REPORT_TIMING_LABELS
# Where a task of the period stands relative to the period: due inside it, or still running after it; or
# due in an earlier period and still open when this one began (CARRIED).
DUE, RUNNING_ON, ALL, CARRIED = "due", "running", "all", "carried"
OVERDUE_TITLE = "Nhiệm vụ quá hạn từ kỳ trước"

# Agencies directly under the provincial People's Committee: their header names it as the parent body.
_UNDER_PROVINCE = (
    "sở ",
    "ban ",
    "văn phòng",
    "thanh tra",
    "đài ",
    "trung tâm",
    "trường ",
    "bảo tàng",
    "thư viện",
    "cảng vụ",
    "quỹ ",
)


@dataclass
class Header:
    """The top of the report, left column then right column, then the title block."""

    parent_body: str  # e.g. "UBND TỈNH BÀ RỊA – VŨNG TÀU" (may be empty)
    issuing_body: str  # e.g. "SỞ DU LỊCH"
    number: str  # "Số: …/BC-SDL"
    national_name: str
    motto: str
    place_date: str  # "Bà Rịa – Vũng Tàu, ngày … tháng … năm 2024"
    doc_type: str
    subject: str
    deadline_line: str  # "Hạn gửi: trước ngày 10/5/2024"


@dataclass
class Row:
    """One task or delegation as the report shows it."""

    id: str
    kind: str  # task | delegation
    text: str
    lead: list[str]
    support: list[str]
    when: str | None
    time_text: str  # "Quý II — hạn 30/6/2024", "thường xuyên (thường xuyên, không có hạn cụ thể)"
    deadline: dt.date | None
    timing: str
    status: str
    status_label: str
    state: str
    state_label: str  # the deadline engine's label ("chưa hoàn thành, quá hạn")
    state_text: str  # what the report shows: "đang thực hiện, quá hạn", "đã hoàn thành đúng hạn"
    bucket: str
    section: list[tuple[str, str]]
    result_label: str  # "Kết quả thực hiện" / "Kết quả chuyến công tác" / "Kết quả phối hợp"
    results: list[str] = field(default_factory=list)  # pre-filled lines; empty means blank to fill
    progress: str = ""  # pre-filled "Tiến độ/Tỷ lệ hoàn thành"; empty means blank
    notes: str = ""  # the plan file's notes on the item, shown apart from the result
    details: list[tuple[str, str]] = field(default_factory=list)  # delegations: destination, members, …
    place: str = DUE  # due | running | all | carried

    @property
    def section_key(self) -> tuple[str, ...]:
        return tuple(sid for sid, _ in self.section)


@dataclass
class Group:
    """A numbered list of rows: '1. Nhiệm vụ có thời hạn đến 30/6/2024'."""

    title: str
    kind: str  # tasks | delegations | cooperating | overdue (from an earlier period) | carry-over
    rows: list[Row]
    by_section: bool = False  # consolidated reports show the plan's section headings
    empty_text: str = "(Không có.)"


@dataclass
class Table:
    """A summary table counted from the data."""

    title: str
    columns: list[str]
    rows: list[list]


@dataclass
class Heading:
    """A numbered sub-heading inside a part that is not a list of rows ('5. Tổng hợp kết quả')."""

    text: str


@dataclass
class Part:
    """A Roman-numbered part of the report: I. Kết quả thực hiện, II. Khó khăn, vướng mắc, …"""

    number: str
    title: str
    blocks: list[Group | Table | Heading | str] = field(default_factory=list)  # str: a paragraph (BLANK: to fill)


@dataclass
class Report:
    kind: str
    scope: str  # agency | consolidated
    plan_id: str
    plan_number: str
    plan_title: str
    province: str
    year: int
    period: tuple[dt.date, dt.date]
    today: dt.date
    agency: str  # the reporting agency (the coordinator for a consolidated report)
    rule_id: str | None
    deadline: dt.date | None
    header: Header
    intro: str
    parts: list[Part]
    summary: list[Table]
    recipients: list[str]
    signer_title: str = BLANK
    signer_name: str = BLANK
    notice: str | None = None

    def rows(self, kind: str | None = None) -> list[Row]:
        """Rows of the result part (not co-operation or carry-over), optionally of one kind."""
        out = []
        for part in self.parts[:1]:
            for block in part.blocks:
                if isinstance(block, Group) and block.kind in ("tasks", "overdue", "delegations"):
                    out.extend(r for r in block.rows if kind is None or r.kind == kind)
        return out

    def groups(self) -> list[Group]:
        return [b for p in self.parts for b in p.blocks if isinstance(b, Group)]

    def to_dict(self) -> dict:
        """Plain data; every block of a part is tagged with its "type": group, table, heading or paragraph."""
        data = asdict(self)
        for part, raw in zip(self.parts, data["parts"], strict=True):
            raw["blocks"] = [_tagged(block) for block in part.blocks]
        return data


def _tagged(block) -> dict:
    if isinstance(block, str):
        return {"type": "paragraph", "text": block}
    kind = {Group: "group", Table: "table", Heading: "heading"}[type(block)]
    return {"type": kind, **asdict(block)}


# ---------------------------------------------------------------------------------------------- formatting


def vn_date(day: dt.date) -> str:
    """10/5/2024; a day below 10 and the months 1 and 2 take a leading zero (Nghị định 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def vn_money(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".") + " đồng"
    return str(value)


def lower_first(text: str) -> str:
    """'Hoạt động đối ngoại …' → 'hoạt động đối ngoại …'; acronyms ('UBND …') stay."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def abbreviation(name: str, short: str = "") -> str:
    """Abbreviation for 'Số: …/BC-XXX': the registry's short form when it is one word, else initials."""
    if short and " " not in short.strip() and len(short) <= 12:
        return short.strip()
    letters = []
    for word in re.split(r"[\s\-–,]+", name):
        if not word or fold(word) in ("va", "tinh", "cua"):
            continue
        letters.append(word if word.isupper() and len(word) > 1 else word[0].upper())
    return "".join(letters)


def plan_reference(plan: Plan) -> str:
    """'Kế hoạch số 58/KH-UBND ngày 11/3/2024 của Ủy ban nhân dân tỉnh … về hoạt động đối ngoại năm 2024 …'."""
    from kehoach.model import as_date

    ref = f"Kế hoạch số {plan.number}" if plan.number else "Kế hoạch (chưa có số)"
    issued = as_date(plan.meta.get("issued"))
    if issued:
        ref += f" ngày {vn_date(issued)}"
    issuer = str(plan.meta.get("issuer") or "").strip()
    if issuer:
        ref += f" của {issuer}"
    if plan.title:
        ref += f" về {lower_first(plan.title)}"
    return ref


# ---------------------------------------------------------------------------------------------- agencies


def resolve_agency(repo, query: str, province: str = ""):
    """The one registry agency a user's --agency means (UsageError when none or several)."""
    found = repo.registry.find(query)
    if province:
        same = [a for a in found if a.province and fold(a.province) == fold(province)]
        generic = [a for a in found if not a.province]
        found = same or generic or found
    names = list(dict.fromkeys(a.name for a in found))
    if len(names) > 1:
        raise UsageError(
            f"'{query}' matches several agencies: " + "; ".join(names),
            hint="write the agency's full name or its abbreviation",
        )
    if found:
        return found[0]
    return Agency(name=query)


def coordinator_of(repo, plan: Plan) -> str:
    """The plan's coordinating agency (plan.coordinator), else the issuer."""
    name = str(plan.meta.get("coordinator") or "").strip()
    if name:
        return repo.registry.canonical(name, plan.province)
    return str(plan.meta.get("issuer") or "").strip()


def issuing_body(agency, province: str) -> tuple[str, str]:
    """(parent body, issuing body) in capitals, as the header's left column shows them."""
    name = agency.name.strip()
    lower = name.lower()
    parent = ""
    if province and (lower.startswith(_UNDER_PROVINCE) or lower.startswith("ban quản lý")):
        parent = f"UBND TỈNH {province}".upper()
    return parent, name.upper()


# ---------------------------------------------------------------------------------------------- plan & rule


def rules_of_kind(plan: Plan, kind: str, year: int) -> list[ReportRule]:
    """Reporting rules of ``kind`` that fall in ``year`` (or set no day), from the plan's start on."""
    return [
        r
        for r in plan.reporting
        if r.kind == kind and plan.covers(year) and (r.unfixed or dl.report_deadline(plan, r, year))
    ]


def before_start(plan: Plan, kind: str, year: int) -> str | None:
    """Why the plan has no ``kind`` report for ``year`` because it started later (the period ended before the
    plan started, or its yearly report was due before), else None."""
    if plan.start is None or not plan.covers(year):
        return None
    what = "six-month" if kind == SIX_MONTH else "annual"
    last = period_for(kind, year)[1]
    missed = [
        r.deadline_in(year)
        for r in plan.reporting
        if r.kind == kind and r.day and dl.report_deadline(plan, r, year) is None and r.deadline_in(year)
    ]
    if last >= plan.start and (not missed or rules_of_kind(plan, kind, year)):
        return None
    why = (
        f"the {what} period ended on {vn_date(last)}"
        if last < plan.start
        else f"its {what} report was due on {vn_date(min(missed))}"
    )
    return f"plan {plan.label} starts on {vn_date(plan.start)}, after {why}: it has no {what} report for {year}"


def choose_plan(
    repo,
    kind: str,
    year: int | None,
    today: dt.date,
    plan_ref: str | None = None,
    agency: str | None = None,
    province: str | None = None,
    scope=None,
) -> tuple[Plan, int, str | None]:
    """The plan a report is about, and its year, when --plan may be missing.

    The plans are those of ``scope`` (``kehoach.scope``: --plan or the configured plan, else every plan of
    --province or the configured province): the one plan named, else the only plan, else among the plans that
    cover the year with a reporting rule of that kind: those whose own years include it (a plan that only
    continues from earlier years yields to them), then those where --agency leads or co-operates on
    something. Exactly one left is used (with a notice); otherwise a UsageError lists the candidates.
    """
    if scope is None:
        from kehoach.scope import resolve

        scope = resolve(repo, None, plan=plan_ref, province=province)
    if scope.plan_ref:
        (plan,) = scope.plans
        if year is None:
            year, _ = dl.default_year([plan], today)
        return plan, year, None
    pool = scope.plans
    if not pool:
        raise UsageError(f"no plans in {repo.root}", hint="set the plans directory with --plans-dir")
    if len(pool) == 1:
        plan = pool[0]
        if year is None:
            year, _ = dl.default_year([plan], today)
        return plan, year, None
    if year is None:
        year, _ = dl.default_year(pool, today)
    candidates = [p for p in pool if rules_of_kind(p, kind, year)]
    own_year = [p for p in candidates if year in p.years]
    if len(candidates) > 1 and own_year:
        candidates = own_year
    if len(candidates) > 1 and agency:
        match = agency_filter(repo, agency, support=True)
        narrowed = [p for p in candidates if any(match(p, i) for i in p.items)]
        candidates = narrowed or candidates
    if len(candidates) == 1:
        plan = candidates[0]
        name = plan.id if plan.label == plan.id else f"{plan.label} ({plan.id})"
        if kind == SIX_MONTH:
            note = f"using plan {name} for the six-month report {year}; pass --plan to choose another"
        else:
            note = f"using plan {name} for the annual report {year}; pass --plan to choose another"
        return plan, year, note
    listing = ", ".join(f"{p.id} ({p.number})" if p.number else p.id for p in candidates or pool)
    count = len(candidates)
    if candidates and kind == SIX_MONTH:
        message = f"{count} plans have six-month reporting in {year}: choose one with --plan"
    elif candidates:
        message = f"{count} plans have annual reporting in {year}: choose one with --plan"
    elif kind == SIX_MONTH:
        message = f"no plan has six-month reporting in {year}: choose one with --plan"
    else:
        message = f"no plan has annual reporting in {year}: choose one with --plan"
    raise UsageError(message, hint=f"plans: {listing}")


def choose_rule(repo, plan: Plan, kind: str, year: int, agency: str | None, coordinator: str) -> ReportRule | None:
    """The reporting rule a report answers: for an agency the rule naming it, else the one for all agencies
    (earliest); for the consolidated report the rule naming the coordinator, else the latest."""
    rules = rules_of_kind(plan, kind, year)
    if not rules:
        return None

    def when(rule: ReportRule) -> dt.date:
        return rule.deadline_in(year) or dt.date(year, 12, 31)

    if agency:
        named = [r for r in rules if rule_names(repo, plan, r, agency)]
        if named:
            return min(named, key=when)
        general = [
            r for r in rules if rule_covers(repo, plan, r, agency) and not rule_names(repo, plan, r, coordinator)
        ]
        return min(general or rules, key=when)
    named = [r for r in rules if coordinator and rule_names(repo, plan, r, coordinator)]
    return max(named or rules, key=when)


# ---------------------------------------------------------------------------------------------- rows


def period_for(kind: str, year: int) -> tuple[dt.date, dt.date]:
    return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if kind == SIX_MONTH else dl.period_of(year)


def period_entry(plan: Plan, item: Item, first: dt.date, last: dt.date) -> tuple[dl.Entry, str] | None:
    """The item's entry for a report period and where it stands: DUE (deadline inside the period) or
    RUNNING_ON (its window began by the end of the period and its deadline is later, or it has no deadline
    and is active in the period). None when the item is not part of the period."""
    tf = item.timeframe
    if tf is not None and tf.kind in (FIXED, RECURRING):
        horizon = max(dt.date(last.year, 12, 31), tf.deadline or last)
        entries = dl.item_entries(plan, item, first, horizon)
        if not entries:
            return None
        entry = entries[0]
        if entry.deadline <= last:
            return entry, DUE
        if entry.start is not None and entry.start <= last:
            return entry, RUNNING_ON
        return None
    if dl.is_undated_active(plan, item, first, last):
        return dl.undated_entry(plan, item), RUNNING_ON
    return None


def bucket_of(entry: dl.Entry, today: dt.date) -> str:
    if entry.status in (CANCELLED, POSTPONED):
        return STOPPED
    state = entry.state(today)
    if state == dl.DONE_ON_TIME:
        return DONE_ON_TIME
    if state == dl.DONE_LATE:
        return DONE_LATE
    if state == dl.OPEN_OVERDUE:
        return OVERDUE
    return RUNNING if entry.status == IN_PROGRESS else NOT_STARTED


def state_text(entry: dl.Entry, today: dt.date) -> str:
    """The status recorded in the plan and, for open items, where the deadline stands."""
    state = entry.state(today)
    if state in (dl.DONE_ON_TIME, dl.DONE_LATE, dl.CANCELLED_STATE):
        return dl.STATE_LABELS[state]
    label = LABELS_VI.get(entry.status, entry.status)
    if entry.status == POSTPONED:
        return label
    suffix = {dl.OPEN_IN_TIME: "trong hạn", dl.OPEN_OVERDUE: "quá hạn"}.get(state, dl.STATE_LABELS[dl.NO_DEADLINE])
    return f"{label}, {suffix}"


def time_text(entry: dl.Entry) -> str:
    when = entry.when or (f"hạn {vn_date(entry.item.due)}" if entry.item is not None and entry.item.due else "")
    if entry.deadline is not None:
        suffix = f"hạn {vn_date(entry.deadline)}"
        return f"{when} — {suffix}" if when and when != suffix else suffix
    label = TIMING_LABELS.get(entry.timing, "không có hạn cụ thể")
    if entry.timing == "invalid" and entry.note:
        label += f": {entry.note}"
    return f"{when} — {label}" if when else label


def prefilled(item: Item, entry: dl.Entry) -> tuple[list[str], str]:
    """Result lines and completion text already known from the YAML: status, done_on and the progress log."""
    lines: list[str] = []
    if entry.status == DONE:
        lines.append(f"Đã hoàn thành ngày {vn_date(entry.done_on)}." if entry.done_on else "Đã hoàn thành.")
    elif entry.status == CANCELLED:
        lines.append("Đã hủy.")
    elif entry.status == POSTPONED:
        lines.append("Tạm hoãn.")
    for step in item.data.get("progress") or []:
        if not isinstance(step, dict) or not step.get("note"):
            continue
        from kehoach.model import as_date

        day = as_date(step.get("date"))
        note = " ".join(str(step["note"]).split())
        lines.append(f"{vn_date(day)}: {note}" if day else note)
    progress = ""
    if entry.status == DONE:
        progress = "100%"
    elif entry.status == CANCELLED:
        progress = "đã hủy"
    elif entry.status == POSTPONED:
        progress = "tạm hoãn"
    return lines, progress


def delegation_details(item: Item) -> list[tuple[str, str]]:
    data = item.data
    out: list[tuple[str, str]] = []
    direction = data.get("direction", "out")
    place = data.get("destination") if direction == "out" else data.get("origin")
    if place:
        out.append(("Nơi đến" if direction == "out" else "Đến từ", str(place)))
    for key, label, fmt in (
        ("country", "Quốc gia", str),
        ("partner", "Đối tác", str),
        ("when", "Thời gian", str),
        ("leader", "Trưởng đoàn", str),
        ("composition", "Thành phần", str),
        ("members", "Số người", lambda v: f"{v} người" if isinstance(v, int) else str(v)),
        ("days", "Số ngày", lambda v: f"{v} ngày" if isinstance(v, int) else str(v)),
        ("budget", "Kinh phí", vn_money),
        ("funding", "Nguồn kinh phí", str),
    ):
        value = data.get(key)
        if value is not None and value != "":
            out.append((label, " ".join(fmt(value).split())))
    return out


def make_row(repo, plan: Plan, entry: dl.Entry, place: str, today: dt.date, result_label: str | None = None) -> Row:
    item = entry.item
    results, progress = prefilled(item, entry)
    is_delegation = item.kind == DELEGATION
    return Row(
        id=item.id,
        kind=item.kind,
        text=" ".join(item.text.split()),
        lead=canonical_names(repo, plan, item.lead),
        support=canonical_names(repo, plan, item.support),
        when=item.when,
        time_text=time_text(entry),
        deadline=entry.deadline,
        timing=entry.timing,
        status=entry.status,
        status_label=LABELS_VI.get(entry.status, entry.status),
        state=entry.state(today),
        state_label=dl.STATE_LABELS[entry.state(today)],
        state_text=state_text(entry, today),
        bucket=bucket_of(entry, today),
        section=list(item.section),
        result_label=result_label or ("Kết quả chuyến công tác" if is_delegation else "Kết quả thực hiện"),
        results=results,
        progress=progress,
        notes=" ".join(str(item.data.get("notes") or "").split()),
        details=delegation_details(item) if is_delegation else [],
        place=place,
    )


def period_rows(repo, plan: Plan, items: list[Item], kind: str, year: int, today: dt.date) -> list[Row]:
    """Rows of the period in plan order; six-month: those due by 30 June first, then those still running."""
    first, last = period_for(kind, year)
    rows = []
    for item in sorted(items, key=lambda i: i.order):
        found = period_entry(plan, item, first, last)
        if found:
            entry, place = found
            rows.append(make_row(repo, plan, entry, place if kind == SIX_MONTH else ALL, today))
    if kind == SIX_MONTH:
        rows.sort(key=lambda r: 0 if r.place == DUE else 1)  # stable: plan order inside each
    return rows


def carried_rows(repo, plan: Plan, items: list[Item], kind: str, year: int, today: dt.date) -> list[Row]:
    """Tasks and delegations due before the period that were not done when it began: still open (overdue,
    as `kehoach overdue` lists them), or done late during or after it. Oldest deadline first, then plan
    order; a recurring task has a row for each past year it was not done in."""
    first, _ = period_for(kind, year)
    start = dl._first_year([plan])
    if start is None or start >= first.year:
        return []
    wanted = {id(i) for i in items}
    entries = dl.dated_entries([plan], dt.date(start, 1, 1), first - dt.timedelta(days=1), (TASK, DELEGATION))
    rows = []
    for e in sorted(entries, key=lambda e: (e.deadline, e.item.order)):
        if id(e.item) not in wanted:
            continue
        state = e.state(today)
        if state == dl.OPEN_OVERDUE or (state == dl.DONE_LATE and e.done_on is not None and e.done_on >= first):
            rows.append(make_row(repo, plan, e, CARRIED, today))
    return rows


# ---------------------------------------------------------------------------------------------- summary


def bucket_counts(rows: list[Row]) -> list[int]:
    counts = [sum(1 for r in rows if r.bucket == b) for b in BUCKETS]
    return [len(rows), *counts]


def summary_tables(rows: list[Row], consolidated: bool) -> list[Table]:
    columns = ["Tổng số", *BUCKETS.values()]
    tasks = [r for r in rows if r.kind == TASK]
    delegations = [r for r in rows if r.kind == DELEGATION]
    tables = [
        Table(
            "Tình hình thực hiện theo trạng thái",
            ["Nội dung", *columns],
            [
                ["Nhiệm vụ", *bucket_counts(tasks)],
                ["Đoàn ra, đoàn vào", *bucket_counts(delegations)],
                ["Tổng cộng", *bucket_counts(rows)],
            ],
        )
    ]
    if consolidated:
        by_agency: dict[str, list[Row]] = {}
        for row in rows:
            for name in row.lead or ["(không có cơ quan chủ trì)"]:
                by_agency.setdefault(name, []).append(row)
        ordered = sorted(by_agency, key=lambda n: (n.startswith("("), fold(n)))
        tables.append(
            Table(
                "Tình hình thực hiện theo cơ quan chủ trì (nhiệm vụ và đoàn; một việc có nhiều cơ quan chủ trì được "
                "tính cho mỗi cơ quan)",
                ["Cơ quan chủ trì", *columns],
                [[name, *bucket_counts(by_agency[name])] for name in ordered],
            )
        )
    return tables


# ---------------------------------------------------------------------------------------------- the report


def build_report(
    repo, plan: Plan, kind: str, year: int, today: dt.date, agency: str | None = None, notice: str | None = None
) -> Report:
    """The report skeleton of ``agency`` (its own tasks as lead), or the coordinator's consolidated report."""

    if kind not in REPORT_KINDS:
        raise UsageError(f"unknown report kind '{kind}'", hint="six-month or annual")
    if not plan.covers(year):
        raise UsageError(
            f"plan {plan.label} does not cover {year} (its years: {plan.years_label})",
            hint=f"use --year {plan.years[-1]}",
        )
    if late := before_start(plan, kind, year):
        raise UsageError(late, hint=f"use --year {year + 1}")
    coordinator = coordinator_of(repo, plan)
    if agency:
        who = resolve_agency(repo, agency, plan.province)
        lead_match = agency_filter(repo, who.name)
        any_match = agency_filter(repo, who.name, support=True)
        scope = AGENCY
    else:
        who = repo.registry.resolve(coordinator, plan.province) or Agency(name=coordinator or "…")
        lead_match = any_match = None
        scope = CONSOLIDATED
    rule = choose_rule(repo, plan, kind, year, who.name if agency else None, coordinator)
    feeds = None  # the agencies' rule, when the consolidated report has no deadline of its own
    if (
        scope == CONSOLIDATED
        and rule is not None
        and coordinator
        and not rule_names(repo, plan, rule, coordinator)
        and coordinator in canonical_names(repo, plan, rule.to)
    ):
        feeds, rule = rule, None
    deadline = dl.report_deadline(plan, rule, year) if rule else None
    first, last = period_for(kind, year)

    def mine(item: Item) -> bool:
        return lead_match is None or lead_match(plan, item)

    task_rows = period_rows(repo, plan, [i for i in plan.tasks if mine(i)], kind, year, today)
    delegation_rows = period_rows(repo, plan, [i for i in plan.delegations if mine(i)], kind, year, today)
    carried = carried_rows(repo, plan, [i for i in plan.items if mine(i)], kind, year, today)
    cooperating = []
    if scope == AGENCY:
        others = [i for i in plan.items if not lead_match(plan, i) and any_match(plan, i)]
        cooperating = period_rows(repo, plan, others, kind, year, today)
        for row in cooperating:
            row.result_label = "Kết quả phối hợp"

    consolidated = scope == CONSOLIDATED
    blocks: list[Group | Table | Heading | str] = []
    n = 0
    if kind == SIX_MONTH:
        n += 1
        blocks.append(
            Group(
                f"{n}. Nhiệm vụ có thời hạn đến ngày {vn_date(last)}",
                "tasks",
                [r for r in task_rows if r.place == DUE],
                consolidated,
                "(Không có nhiệm vụ.)",
            )
        )
        n += 1
        blocks.append(
            Group(
                f"{n}. Nhiệm vụ cả năm, thường xuyên, định kỳ, theo điều kiện đang tiếp tục thực hiện",
                "tasks",
                [r for r in task_rows if r.place == RUNNING_ON],
                consolidated,
                "(Không có nhiệm vụ.)",
            )
        )
    else:
        n += 1
        blocks.append(
            Group(
                f"{n}. Kết quả thực hiện các nhiệm vụ năm {year}",
                "tasks",
                task_rows,
                consolidated,
                "(Không có nhiệm vụ.)",
            )
        )
    if carried:  # due in an earlier period and not done when this one began: never left out of the report
        n += 1
        blocks.append(Group(f"{n}. {OVERDUE_TITLE}", "overdue", carried, consolidated, "(Không có.)"))
    n += 1
    blocks.append(Group(f"{n}. Đoàn ra, đoàn vào", "delegations", delegation_rows, False, "(Không có đoàn.)"))
    if scope == AGENCY:
        n += 1
        blocks.append(
            Group(
                f"{n}. Nhiệm vụ phối hợp thực hiện", "cooperating", cooperating, False, "(Không có nhiệm vụ phối hợp.)"
            )
        )
    summary = summary_tables(task_rows + carried + delegation_rows, consolidated)
    n += 1
    blocks.append(Heading(f"{n}. Tổng hợp kết quả (tính đến ngày {vn_date(today)})"))
    blocks.extend(summary)
    blocks.append(f"Đánh giá chung: {BLANK}")

    parts = [
        Part("I", "KẾT QUẢ THỰC HIỆN", blocks),
        Part("II", "KHÓ KHĂN, VƯỚNG MẮC", [BLANK]),
        Part("III", "ĐỀ XUẤT, KIẾN NGHỊ", [BLANK]),
    ]
    if kind == ANNUAL:
        parts.append(Part("IV", f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", _carry_over(task_rows, year, carried)))

    period_text = f"6 tháng đầu năm {year}" if kind == SIX_MONTH else f"năm {year}"
    ref = plan_reference(plan)
    subject = (
        f"Kết quả thực hiện {period_text} {ref}"
        if kind == SIX_MONTH
        else f"Kết quả thực hiện {period_text} {ref} và phương hướng, nhiệm vụ năm {year + 1}"
    )
    parent, body = issuing_body(who, plan.province)
    header = Header(
        parent_body=parent,
        issuing_body=body,
        number=f"Số: {BLANK}/{TYPE_ABBREVIATION}-{abbreviation(who.name, who.short)}",
        national_name=NATIONAL_NAME,
        motto=MOTTO,
        place_date=f"{plan.province or BLANK}, ngày {BLANK} tháng {BLANK} năm {(deadline or last).year}",
        doc_type=DOC_TYPE,
        subject=subject,
        deadline_line=deadline_line(rule, deadline, kind, feeds, year),
    )
    what = "kết quả thực hiện " + (
        f"6 tháng đầu năm {year}" if kind == SIX_MONTH else f"năm {year} và phương hướng, nhiệm vụ năm {year + 1}"
    )
    intro = f"Thực hiện {ref}, {who.name} báo cáo {what} như sau:"
    return Report(
        kind=kind,
        scope=scope,
        plan_id=plan.id,
        plan_number=plan.number or "",
        plan_title=plan.title,
        province=plan.province,
        year=year,
        period=(first, last),
        today=today,
        agency=who.name,
        rule_id=rule.id if rule else None,
        deadline=deadline,
        header=header,
        intro=intro,
        parts=parts,
        summary=summary,
        recipients=recipients(repo, plan, rule, scope, coordinator),
        notice=notice,
    )


def deadline_line(
    rule: ReportRule | None, deadline: dt.date | None, kind: str, feeds: ReportRule | None = None, year: int = 0
) -> str:
    """'Hạn gửi: trước ngày 10/5/2024 (gửi …)', or what the plan says instead of a day."""
    what = "báo cáo 6 tháng" if kind == SIX_MONTH else "báo cáo năm"
    if feeds is not None:
        day = feeds.deadline_in(year)
        inputs = f" (các cơ quan gửi báo cáo trước ngày {vn_date(day)})" if day else ""
        return f"Hạn gửi: kế hoạch không quy định hạn báo cáo tổng hợp{inputs}"
    if rule is None:
        return f"Hạn gửi: kế hoạch không quy định hạn {what}"
    if deadline is None:
        return "Hạn gửi: kế hoạch không quy định ngày cụ thể"
    to = f" (gửi {'; '.join(rule.to)})" if rule.to else ""
    return f"Hạn gửi: trước ngày {vn_date(deadline)}{to}"


def recipients(repo, plan: Plan, rule: ReportRule | None, scope: str, coordinator: str) -> list[str]:
    names = canonical_names(repo, plan, rule.to) if rule and rule.to else []
    if not names:
        names = [coordinator] if scope == AGENCY and coordinator else [str(plan.meta.get("issuer") or BLANK)]
    return [f"- {n};" for n in names] + [f"- Lưu: VT, {BLANK}"]


def _carry_over(rows: list[Row], year: int, carried: list[Row] = ()) -> list[Group | Table | Heading | str]:
    """Tasks not done that carry over (this year's, and those overdue from earlier years), and recurring or
    ongoing tasks that continue next year."""
    repeating = (RECURRING, ONGOING)
    open_rows = [r for r in rows if r.timing not in repeating and r.status not in (DONE, CANCELLED)]
    this_year = {r.id for r in rows}
    open_rows += [r for r in carried if r.kind == TASK and r.status not in (DONE, CANCELLED) and r.id not in this_year]
    repeat_rows = [r for r in rows if r.timing in repeating and r.status != CANCELLED]
    return [
        Group(
            f"1. Nhiệm vụ chưa hoàn thành tiếp tục thực hiện trong năm {year + 1}",
            "carry-over",
            open_rows,
            False,
            "(Không có.)",
        ),
        Group(
            f"2. Nhiệm vụ thường xuyên, hằng năm tiếp tục thực hiện trong năm {year + 1}",
            "carry-over",
            repeat_rows,
            False,
            "(Không có.)",
        ),
        f"3. Nhiệm vụ khác: {BLANK}",
    ]
