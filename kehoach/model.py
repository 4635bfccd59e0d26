"""Plans as dataclasses, built from a parsed YAML document (tolerant: validation reports problems)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from kehoach.status import PLANNED, normalize_status
from kehoach.text import nfc
from kehoach.timeframe import Timeframe, TimeParseError, fixed_on, from_data, parse_when, to_data

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

TASK, DELEGATION = "task", "delegation"
# The longest span a plan may name with `until` (years after its first year); a longer one is a typo
# (`until: 2300`) that validate reports (KH114) and the model does not follow.
MAX_SPAN_YEARS = 50
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*$")


def as_date(value: Any) -> dt.date | None:
    """A date from a YAML value: an ISO date, or text 'D/M/YYYY'; None when it is not a real date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = re.match(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$", value)
        try:
            if m:
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [nfc(v if type(v) is str else str(v)) for v in value if v is not None]
    return [nfc(str(value))]


def parse_day_month(value: Any) -> tuple[int, int] | None:
    """'10/5' → (10, 5): day then month, as Vietnamese write it."""
    m = _DAY_MONTH.match(str(value))
    if not m:
        return None
    day, month = int(m[1]), int(m[2])
    try:
        dt.date(2024, month, day)  # leap year: 29/2 allowed
    except ValueError:
        return None
    return day, month


@dataclass(slots=True)
class Item:
    """A task or a delegation: anything with agencies, a time text and a status."""

    plan_id: str
    id: str
    kind: str
    text: str
    lead: list[str]
    support: list[str]
    when: str | None
    due: dt.date | None
    remind: int | None
    status: str
    done_on: dt.date | None
    section: tuple[tuple[str, str], ...]
    order: int
    line: int
    data: dict
    timeframe: Timeframe | None = None
    time_error: str | None = None

    @property
    def section_id(self) -> str:
        return self.section[-1][0] if self.section else ""

    @property
    def section_path(self) -> str:
        return " › ".join(f"{sid}. {title}" for sid, title in self.section)


@dataclass
class ReportRule:
    """A reporting duty of a plan: who reports what, to whom, by which day of which period."""

    id: str
    kind: str
    title: str
    day: tuple[int, int] | None
    date: dt.date | None
    unfixed: bool
    from_: list[str]
    to: list[str]
    remind: int | None
    note: str
    line: int = 0

    def deadline_in(self, year: int) -> dt.date | None:
        if self.date:
            return self.date if self.date.year == year else None
        if self.day:
            day, month = self.day
            try:
                return dt.date(year, month, day)
            except ValueError:
                return dt.date(year, month, 28)
        return None


@dataclass
class Section:
    """A numbered section of a plan (I, II.3 …), with its items and sub-sections."""

    id: str
    title: str
    items: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Plan:
    """A plan (kế hoạch) as read from its file: the header, the sections, the items and the reporting rules."""

    id: str
    number: str | None
    title: str
    province: str
    year: int
    years: tuple[int, ...]
    continues: bool
    meta: dict
    reporting: list[ReportRule]
    rules: dict
    sections: list[Section]
    tasks: list[Item]
    delegations: list[Item]
    path: str = ""

    @property
    def items(self) -> list[Item]:
        return self.tasks + self.delegations

    @property
    def label(self) -> str:
        return self.number or self.id

    def covers(self, year: int) -> bool:
        return year in self.years or (self.continues and year > max(self.years))

    @functools.cached_property
    def start(self) -> dt.date | None:
        """`effective`, else `issued`: nothing falls due before it (docs/queries.md); None when neither."""
        return plan_start(self.meta)

    @property
    def years_label(self) -> str:
        """'2025–2030', '2022, 2023 và các năm tiếp theo', '2024'."""
        years = self.years
        if len(years) > 2 and years == tuple(range(years[0], years[-1] + 1)):
            text = f"{years[0]}–{years[-1]}"
        else:
            text = ", ".join(map(str, years))
        return text + (" và các năm tiếp theo" if self.continues else "")

    def longest_remind(self) -> int:
        """The longest ``remind`` (days of notice) of its tasks, delegations and reports; 0 when none."""
        return max([i.remind or 0 for i in self.items] + [r.remind or 0 for r in self.reporting])

    def item(self, item_id: str) -> Item | None:
        for item in self.items:
            if item.id == item_id:
                return item
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def plan_years(meta: dict) -> tuple[int, ...]:
    """The plan's years, in order: ``years`` (else ``year``), and with ``until`` every year from the first
    to ``until`` inclusive (a span such as 2025–2030). An ``until`` before the first year, or more than
    MAX_SPAN_YEARS after it, is ignored here and reported by validate (KH114)."""
    raw = meta.get("years")
    years = sorted({y for y in raw if _int(y)}) if isinstance(raw, list) else []
    if not years:
        year = _int(meta.get("year"))
        years = [year] if year else []
    until = _int(meta.get("until"))
    if years and until and years[0] <= until <= years[0] + MAX_SPAN_YEARS:
        years = sorted(set(years) | set(range(years[0], until + 1)))
    return tuple(years)


def plan_start(meta: dict) -> dt.date | None:
    """The day the plan starts: ``effective``, else ``issued``; None when the plan gives neither."""
    return as_date(meta.get("effective")) or as_date(meta.get("issued"))


def build_plan(data: dict, path: str = "", marks: dict | None = None, readings: dict | None = None) -> Plan:
    """Build a Plan from a validated-or-not document; bad values degrade rather than raise.

    ``readings``: how this plan's time texts were read by an earlier run (``plan_readings``, kept by the parse
    cache beside the file's entry); texts found there are not read again.
    """
    marks = marks or {}
    meta = data.get("plan") if isinstance(data.get("plan"), dict) else {}
    years = plan_years(meta)
    year = _int(meta.get("year")) or (years[0] if years else dt.date.today().year)
    years = years or (year,)
    plan = Plan(
        id=str(meta.get("id") or ""),
        number=nfc(str(meta["number"])) if meta.get("number") else None,
        title=nfc(str(meta.get("title") or "")),
        province=nfc(str(meta.get("province") or "")),
        year=year,
        years=years,
        continues=bool(meta.get("continues")),
        meta=meta,
        reporting=[],
        rules=data.get("rules") if isinstance(data.get("rules"), dict) else {},
        sections=[],
        tasks=[],
        delegations=[],
        path=path,
    )
    for i, entry in enumerate(_dicts(data.get("reporting"))):
        plan.reporting.append(
            ReportRule(
                id=str(entry.get("id") or f"report-{i + 1}"),
                kind=str(entry.get("kind") or "other"),
                title=nfc(str(entry.get("title") or "")),
                day=parse_day_month(entry["day"]) if entry.get("day") is not None else None,
                date=as_date(entry.get("date")),
                unfixed=bool(entry.get("unfixed")),
                from_=as_list(entry.get("from")),
                to=as_list(entry.get("to")),
                remind=_int(entry.get("remind")),
                note=nfc(str(entry.get("note") or "")),
                line=marks.get(("reporting", i), (0, 0))[0],
            )
        )
    counter = [0]
    known = _kept_readings(readings, plan)
    for i, sec in enumerate(_dicts(data.get("sections"))):
        plan.sections.append(_section(plan, sec, (), ("sections", i), marks, counter, known))
    for i, entry in enumerate(_dicts(data.get("delegations"))):
        counter[0] += 1
        plan.delegations.append(_item(plan, entry, DELEGATION, (), ("delegations", i), marks, counter[0], known))
    return plan


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _section(
    plan: Plan, data: dict, parents: tuple, path: tuple, marks: dict, counter: list, known: dict | None = None
) -> Section:
    sec = Section(id=str(data.get("id") or ""), title=nfc(str(data.get("title") or "")))
    trail = parents + ((sec.id, sec.title),)
    for i, entry in enumerate(data.get("items") or []):
        if isinstance(entry, dict):
            counter[0] += 1
            item = _item(plan, entry, TASK, trail, path + ("items", i), marks, counter[0], known)
            sec.items.append(item)
            plan.tasks.append(item)
    for i, sub in enumerate(data.get("sections") or []):
        if isinstance(sub, dict):
            sec.sections.append(_section(plan, sub, trail, path + ("sections", i), marks, counter, known))
    return sec


def delegation_text(data: dict) -> str:
    where = data.get("destination") or data.get("origin") or ""
    arrow = "Đoàn ra" if data.get("direction", "out") == "out" else "Đoàn vào"
    purpose = data.get("purpose") or ""
    head = f"{arrow} {where}".strip()
    return nfc(f"{head}: {purpose}" if purpose else head)


def _item(
    plan: Plan, data: dict, kind: str, trail: tuple, path: tuple, marks: dict, order: int, known: dict | None = None
) -> Item:
    # the hot loop of every read-only command (50,000 calls on a national repository): absent fields skip
    # the helpers
    get = data.get
    status = get("status")
    status = PLANNED if status is None else (normalize_status(status) or PLANNED)
    when, due, done_on, remind = get("when"), get("due"), get("done_on"), get("remind")
    item = Item(
        plan_id=plan.id,
        id=str(get("id") or ""),
        kind=kind,
        text=nfc(str(get("task") or "")) if kind == TASK else delegation_text(data),
        lead=as_list(get("lead")),
        support=as_list(get("support")),
        when=nfc(str(when)) if when is not None else None,
        due=None if due is None else as_date(due),
        remind=None if remind is None else _int(remind),
        status=status,
        done_on=None if done_on is None else as_date(done_on),
        section=trail,
        order=order,
        line=marks.get(path, (0, 0))[0],
        data=data,
    )
    item.timeframe, item.time_error = item_timeframe(plan, item, known)
    return item


def item_timeframe(plan: Plan, item: Item, known: dict | None = None) -> tuple[Timeframe | None, str | None]:
    """The item's timeframe, or the reason its time text cannot be read; ``known``: readings kept from an
    earlier run ({text: Timeframe or the error's message})."""
    if item.due:
        return fixed_on(item.due), None
    if not item.when:
        return None, None
    if known and (kept := known.get(item.when)) is not None:
        return (None, kept) if isinstance(kept, str) else (kept, None)
    try:
        return parse_when(item.when, year=plan.year, years=plan.years, continues=plan.continues), None
    except TimeParseError as exc:
        return None, exc.message


# -- readings kept between runs ----------------------------------------------------------------------


def plan_readings(plan: Plan) -> dict:
    """How the plan's time texts were read, as plain data for the parse cache (``build_plan``'s
    ``readings``): the plan's year context and, for each text, the reading or the error's message."""
    readings: dict[str, list | str] = {}
    for item in plan.items:
        if item.when and not item.due and item.when not in readings:
            readings[item.when] = to_data(item.timeframe) if item.timeframe else item.time_error or ""
    return {"context": [plan.year, list(plan.years), plan.continues], "texts": readings}


def _kept_readings(readings: dict | None, plan: Plan) -> dict | None:
    """{text: Timeframe or message} from ``plan_readings``' data, if it was made for the plan's year context;
    None when there is none or it cannot be used (another context, damaged)."""
    if not readings or readings.get("context") != [plan.year, list(plan.years), plan.continues]:
        return None
    try:
        return {
            text: value if isinstance(value, str) else from_data(value) for text, value in readings["texts"].items()
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
