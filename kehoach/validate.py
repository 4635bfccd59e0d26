"""Validation of plan documents: every check yields a Diagnostic with code, severity and position."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterator

from kehoach.agencies import Registry
from kehoach.diagnostics import Diagnostic
from kehoach.loader import Document
from kehoach.model import MAX_SPAN_YEARS, as_date, parse_day_month, plan_start, plan_years
from kehoach.spec import (
    AGENCY,
    AGENCY_FILE,
    AGENCY_FILE_REQUIRED,
    AGENCY_REQUIRED,
    DELEGATION,
    DELEGATION_REQUIRED,
    FORMAT_VERSION,
    ITEM,
    ITEM_ID,
    ITEM_REQUIRED,
    PLAN,
    PLAN_REQUIRED,
    PROGRESS,
    PROGRESS_REQUIRED,
    PROVINCE,
    PROVINCE_REQUIRED,
    REPORT,
    REPORT_REQUIRED,
    RULES,
    SECTION,
    SECTION_REQUIRED,
    SLUG,
    TOP,
    TOP_REQUIRED,
    is_agency_data,
)
from kehoach.status import DONE, accepted_spellings, normalize_status
from kehoach.text import closest, fold
from kehoach.timeframe import FIXED, TimeParseError, parse_when

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


class Checker:
    """Walks one document and collects diagnostics."""

    def __init__(self, doc: Document, registry: Registry | None):
        self.doc = doc
        self.registry = registry
        self.out: list[Diagnostic] = list(doc.diagnostics)
        self.ids: dict[str, tuple] = {}
        self.years: tuple[int, ...] = ()
        self.year: int | None = None
        self.continues = False
        self.start: dt.date | None = None  # effective, else issued
        self.province = ""
        self.issued: dt.date | None = None  # the plan's issued (else effective) date
        self._checks: dict = {}  # field kind -> bound check method
        self._known_agencies: set[str] = set()  # names already found in the registry (for this plan's province)

    def add(self, code: str, message: str, path: tuple, key: bool = False, hint: str = "") -> None:
        self.out.append(self.doc.diag(code, message, path, key, hint))

    # -- generic -------------------------------------------------------------------------
    def mapping(self, value: Any, spec: dict, path: tuple, required: tuple = (), what: str = "") -> bool:
        if not isinstance(value, dict):
            self.add("KH202", f"{what or 'this'} must be a mapping (key: value), not {_kind(value)}", path)
            return False
        for key in required:
            if key not in value:
                self.add("KH201", f"{what} is missing the required key '{key}'", path)
        for key, val in value.items():
            if key not in spec:
                near = difflib.get_close_matches(str(key), list(spec), n=1, cutoff=0.6)
                hint = f"did you mean '{near[0]}'?" if near else "allowed: " + ", ".join(spec)
                self.add("KH203", f"unknown key '{key}' in {what}", path + (key,), key=True, hint=hint)
                continue
            self.field(spec[key], val, path + (key,), key)
        return True

    def field(self, kind: str, value: Any, path: tuple, name: str) -> None:
        if value is None and kind not in ("str_or_null",):
            if kind in ("str", "agencies", "list", "progress", "list_str"):
                return  # an empty optional value is fine
            self.add("KH202", f"'{name}' has no value", path)
            return
        check = self._checks.get(kind)
        if check is None:
            check = self._checks[kind] = getattr(self, "t_" + kind.split(":")[0])
        check(value, path, name, kind)

    def t_str(self, value, path, name, kind):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.add("KH202", f"'{name}' must be text, not {_kind(value)}", path)
        elif isinstance(value, str):
            self.nfc(value, path, name)

    def t_str_or_null(self, value, path, name, kind):
        if value is not None:
            self.t_str(value, path, name, kind)

    def t_list_str(self, value, path, name, kind):
        if not isinstance(value, list):
            self.add("KH202", f"'{name}' must be a list", path)
            return
        for i, v in enumerate(value):
            self.t_str(v, path + (i,), name, kind)

    def t_int(self, value, path, name, kind):
        if isinstance(value, bool) or not isinstance(value, int):
            self.add("KH202", f"'{name}' must be a whole number, not {_kind(value)}", path)

    def t_nonneg(self, value, path, name, kind):
        self.t_int(value, path, name, kind)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            self.add("KH403", f"'{name}' is negative ({value})", path)

    def t_int_or_text(self, value, path, name, kind):
        if isinstance(value, bool) or not isinstance(value, (int, str, float)):
            self.add("KH202", f"'{name}' must be a number or text, not {_kind(value)}", path)
        elif isinstance(value, (int, float)) and value < 0:
            self.add("KH403", f"'{name}' is negative ({value})", path)
        elif isinstance(value, str):
            self.nfc(value, path, name)
            if re.fullmatch(r"-\s*[\d.,]+", value.strip()):
                self.add("KH403", f"'{name}' is negative ({value})", path)

    def t_bool(self, value, path, name, kind):
        if not isinstance(value, bool):
            self.add("KH202", f"'{name}' must be true or false", path)

    def t_map(self, value, path, name, kind):
        if not isinstance(value, dict):
            self.add("KH202", f"'{name}' must be a mapping", path)

    def t_list(self, value, path, name, kind):
        if not isinstance(value, list):
            self.add("KH202", f"'{name}' must be a list", path)

    def t_list_int(self, value, path, name, kind):
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            self.add("KH202", f"'{name}' must be a list of years, e.g. [2022, 2023]", path)

    def t_slug(self, value, path, name, kind):
        if not isinstance(value, str) or not SLUG.match(value):
            self.add(
                "KH205",
                f"plan id {value!r} must be a slug: lower-case letters, digits and '-'",
                path,
                hint="e.g. brvt-58-2024",
            )

    def t_id(self, value, path, name, kind):
        if isinstance(value, float):
            self.add("KH205", f"id {value!r} is read as a number; quote it", path, hint=f'write id: "{value}"')
        elif isinstance(value, bool) or not isinstance(value, (str, int)) or not ITEM_ID.match(str(value)):
            self.add("KH205", f"id {value!r} must be text without spaces or ':'", path)

    def t_enum(self, value, path, name, kind):
        allowed = kind.split(":", 1)[1].split("|")
        if value not in allowed:
            self.add("KH207", f"'{name}' is {value!r}; allowed: {', '.join(allowed)}", path)

    def t_date(self, value, path, name, kind):
        if isinstance(value, dt.date):
            return
        if as_date(value) is None:
            self.add(
                "KH302",
                f"'{name}' {value!r} is not a date that exists",
                path,
                hint="write an ISO date such as 2024-06-30",
            )

    def t_daymonth(self, value, path, name, kind):
        if parse_day_month(value) is None:
            self.add(
                "KH302",
                f"'{name}' {value!r} is not a day/month that exists",
                path,
                hint="write day/month, e.g. 10/5 for 10 May",
            )

    def t_status(self, value, path, name, kind):
        if normalize_status(value) is None:
            self.add(
                "KH401",
                f"unknown status {value!r}",
                path,
                hint="use planned, in-progress, done, cancelled, postponed (or: "
                + ", ".join(accepted_spellings()[:6])
                + " …)",
            )

    def t_when(self, value, path, name, kind):
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.add("KH202", f"'{name}' must be text", path)
            return
        self.nfc(str(value), path, name)
        try:
            tf = parse_when(str(value), year=self.year, years=self.years, continues=self.continues)
        except TimeParseError as exc:
            self.add(exc.code, exc.message, path, hint=exc.suggestion)
            return
        if tf.unread:
            self.add(
                "KH306",
                tf.partial_message(),
                path,
                hint="rewrite the time as kehoach reads it (try `kehoach when TEXT`), or move the extra words to notes",
            )
        if (
            tf.kind == FIXED
            and self.years
            and not any(y in self.years or (self.continues and y > max(self.years)) for y in tf.years)
        ):
            self.add(
                "KH303",
                f"{value!r} falls in {', '.join(map(str, tf.years))}, outside the plan's years "
                f"({', '.join(map(str, self.years))})",
                path,
            )

    def t_agency(self, value, path, name, kind):
        self.t_str(value, path, name, kind)
        if isinstance(value, str):
            self.agency(value, path)

    def t_agencies(self, value, path, name, kind):
        values = value if isinstance(value, list) else [value]
        if not isinstance(value, (list, str)):
            self.add("KH202", f"'{name}' must be a list of agencies", path)
            return
        for i, v in enumerate(values):
            sub = path + (i,) if isinstance(value, list) else path
            if not isinstance(v, str):
                self.add("KH202", f"'{name}' entries must be agency names", sub)
                continue
            self.nfc(v, sub, name)
            if isinstance(value, list) and agency_fragment(v):
                self.add(
                    "KH634",
                    f"'{v}' in '{name}' looks like a piece of one agency name split at a comma",
                    sub,
                    hint="quote a name that contains commas: "
                    f'{name}: ["{", ".join(x for x in values if isinstance(x, str))}"], or write one name a line',
                )
                continue
            self.agency(v, sub)

    def t_progress(self, value, path, name, kind):
        if not isinstance(value, list):
            self.add("KH202", "'progress' must be a list of {date, note}", path)
            return
        for i, entry in enumerate(value):
            if self.mapping(entry, PROGRESS, path + (i,), PROGRESS_REQUIRED, "a progress entry"):
                pass

    # -- specifics -----------------------------------------------------------------------
    def nfc(self, text: str, path: tuple, name: str) -> None:
        if not unicodedata.is_normalized("NFC", text):
            self.add(
                "KH501",
                f"'{name}' is not in Unicode NFC (decomposed accents)",
                path,
                hint="run 'kehoach fmt' to normalise it",
            )

    def agency(self, name: str, path: tuple) -> None:
        if self.registry is None or not self.registry.agencies or name in self._known_agencies:
            return
        if (agency := self.registry.resolve(name, self.province)) is not None:
            self._known_agencies.add(name)
            if agency.until and self.issued and self.issued > agency.until:
                now = [a.name for a in self.registry.successors_of(agency)]
                self.add(
                    "KH409",
                    f"agency '{name}' no longer existed when the plan was issued ({self.issued:%d/%m/%Y}): "
                    f"its last day was {agency.until:%d/%m/%Y}",
                    path,
                    hint=_succession_hint("; ".join(now), agency.source),
                )
        else:
            near = self.registry.suggest(name)
            self.add(
                "KH502",
                f"agency '{name}' is not in the registry",
                path,
                hint=f"did you mean '{near}'? or add it to plans/agencies.yaml"
                if near
                else "add it to plans/agencies.yaml",
            )

    def item_id(self, value: Any, path: tuple) -> None:
        if value is None:
            return
        key = str(value)
        if key in self.ids:
            line = self.doc.loc(self.ids[key])[0]
            self.add("KH204", f"id '{key}' is used twice in this plan (first at line {line})", path + ("id",))
        else:
            self.ids[key] = path + ("id",)

    def status_done(self, entry: dict, path: tuple) -> None:
        status = normalize_status(entry.get("status"))
        if status == DONE and not entry.get("done_on"):
            self.add(
                "KH402",
                f"'{entry.get('id')}' is done but has no done_on date",
                path + ("status",),
                hint="add done_on: YYYY-MM-DD, or use 'kehoach set ID --status done'",
            )
        if entry.get("done_on") and status not in (DONE, None):
            self.add("KH404", f"'{entry.get('id')}' has done_on but status is {status}", path + ("done_on",))

    # -- plan ----------------------------------------------------------------------------
    def plan_document(self) -> None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.add("KH112", f"the top level must be a mapping (kehoach:, plan:, sections:), not {_kind(data)}", ())
            return
        version = data.get("kehoach")
        if version != FORMAT_VERSION:
            msg = (
                "missing 'kehoach: 1' (the format version)"
                if version is None
                else f"format version {version!r} is not supported; this kehoach reads version {FORMAT_VERSION}"
            )
            self.add("KH102", msg, ("kehoach",) if version is not None else ())
            if version is not None:
                return
        meta = data.get("plan")
        if isinstance(meta, dict):
            self.years = plan_years(meta)
            self.year = (
                meta.get("year") if isinstance(meta.get("year"), int) else (self.years[0] if self.years else None)
            )
            self.continues = bool(meta.get("continues"))
            self.start = plan_start(meta)
            self.province = str(meta.get("province") or "")
            self.issued = as_date(meta.get("issued")) or as_date(meta.get("effective"))
        for key in TOP_REQUIRED:
            if key not in data:
                self.add("KH201", f"the plan file is missing the required key '{key}'", ())
        for key in data:
            if key not in TOP:
                near = difflib.get_close_matches(str(key), list(TOP), n=1, cutoff=0.6)
                self.add(
                    "KH203",
                    f"unknown top-level key '{key}'",
                    (key,),
                    key=True,
                    hint=f"did you mean '{near[0]}'?" if near else "allowed: " + ", ".join(TOP),
                )
        if "plan" in data and self.mapping(meta, PLAN, ("plan",), PLAN_REQUIRED, "plan"):
            if "year" not in meta and "years" not in meta:
                self.add("KH201", "plan is missing the required key 'year' (or 'years')", ("plan",))
            self.span(meta)
        for i, entry in enumerate(self.list_of(data, "reporting")):
            path = ("reporting", i)
            if self.mapping(entry, REPORT, path, REPORT_REQUIRED, "a reporting entry"):
                given = [k for k in ("day", "date", "unfixed") if entry.get(k) not in (None, False)]
                if len(given) != 1:
                    has = ", ".join(given)
                    message = (  # whole messages, so that the interface language has each
                        f"a reporting entry needs exactly one of 'day', 'date' or 'unfixed: true' (has {has})"
                        if given
                        else "a reporting entry needs exactly one of 'day', 'date' or 'unfixed: true'"
                    )
                    self.add("KH305", message, path)
                elif entry.get("date") is not None:
                    self.before_start(as_date(entry["date"]), path + ("date",), f"report '{entry.get('id')}'")
        if "rules" in data and data["rules"] is not None:
            self.mapping(data["rules"], RULES, ("rules",), (), "rules")
        for i, sec in enumerate(self.list_of(data, "sections")):
            self.section(sec, ("sections", i))
        for i, entry in enumerate(self.list_of(data, "delegations")):
            path = ("delegations", i)
            if self.mapping(entry, DELEGATION, path, DELEGATION_REQUIRED, "a delegation"):
                self.item_id(entry.get("id"), path)
                self.status_done(entry, path)
                self.item_start(entry, path)
                if not entry.get("lead"):
                    self.add("KH503", f"delegation '{entry.get('id')}' has no lead agency", path)

    def span(self, meta: dict) -> None:
        """KH114: an ``until`` that ends the plan before its first year, or implausibly far after it."""
        until = meta.get("until")
        if type(until) is not int:
            return  # a wrong type is KH202; no until: nothing to check
        years = [y for y in (meta.get("years") if isinstance(meta.get("years"), list) else []) if type(y) is int]
        first = min(years) if years else meta.get("year") if type(meta.get("year")) is int else None
        if first is None:
            return  # the missing year is KH201
        if until < first:
            self.add(
                "KH114",
                f"the plan ends (until: {until}) before it starts ({first})",
                ("plan", "until"),
                hint="write the last year of the plan (at or after its first year)",
            )
        elif until > first + MAX_SPAN_YEARS:
            self.add(
                "KH114",
                f"the plan runs from {first} until {until}: more than {MAX_SPAN_YEARS} years",
                ("plan", "until"),
                hint="check the last year; a plan with no end writes continues: true",
            )
        elif years and max(years) > until:
            self.add(
                "KH114",
                f"'years' lists {max(years)}, after the end of the plan (until: {until})",
                ("plan", "until"),
                hint="make until the last year of the plan",
            )

    def item_start(self, entry: dict, path: tuple) -> None:
        """KH115: a deadline the item writes itself (``due``, or a fixed ``when``) before the plan starts."""
        if self.start is None:
            return
        if entry.get("due") is not None:
            self.before_start(as_date(entry["due"]), path + ("due",), f"'{entry.get('id')}'")
            return
        when = entry.get("when")
        if isinstance(when, (str, int)) and not isinstance(when, bool):
            try:
                tf = parse_when(str(when), year=self.year, years=self.years, continues=self.continues)
            except TimeParseError:
                return  # reported by t_when
            if tf.kind == FIXED:
                self.before_start(tf.deadline, path + ("when",), f"'{entry.get('id')}' ({when})")

    def before_start(self, deadline: dt.date | None, path: tuple, what: str) -> None:
        """Warn of a deadline before the quarter the plan starts in: a plan signed in March often lists the
        January events of its year (a Tết visit), which is no mistake; a plan signed in December listing
        'Quý II' of that year is backdated or has a typo (docs/plan-format.md)."""
        if self.start is None or deadline is None:
            return
        quarter_start = dt.date(self.start.year, (self.start.month - 1) // 3 * 3 + 1, 1)
        if deadline >= quarter_start:
            return
        self.add(
            "KH115",
            f"{what} is due on {deadline:%d/%m/%Y}, before the plan starts ({self.start:%d/%m/%Y}); "
            "it is kept as written",
            path,
            hint="check the date (a typo?) or the plan's issued/effective date",
        )

    def list_of(self, data: dict, key: str) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add("KH202", f"'{key}' must be a list", (key,))
            return []
        return value

    def section(self, sec: Any, path: tuple) -> None:
        if not self.mapping(sec, SECTION, path, SECTION_REQUIRED, "a section"):
            return
        self.item_id(f"§{sec.get('id')}", path)
        for i, entry in enumerate(self.list_of_in(sec, "items", path)):
            sub = path + ("items", i)
            if self.mapping(entry, ITEM, sub, ITEM_REQUIRED, "a task"):
                self.item_id(entry.get("id"), sub)
                self.status_done(entry, sub)
                self.item_start(entry, sub)
                if not entry.get("lead"):
                    self.add("KH503", f"task '{entry.get('id')}' has no lead agency (cơ quan chủ trì)", sub)
        for i, child in enumerate(self.list_of_in(sec, "sections", path)):
            self.section(child, path + ("sections", i))

    def list_of_in(self, data: dict, key: str, path: tuple) -> list:
        value = data.get(key)
        return value if isinstance(value, list) else []

    def agency_document(self) -> None:
        data = self.doc.data
        if not self.mapping(data, AGENCY_FILE, (), AGENCY_FILE_REQUIRED, "the agency registry"):
            return
        if data.get("kehoach") != FORMAT_VERSION:
            self.add("KH102", f"format version {data.get('kehoach')!r} is not supported", ("kehoach",))
        seen: dict[str, tuple] = {}
        from kehoach.agencies import agency_key

        for i, entry in enumerate(data.get("agencies") or []):
            path = ("agencies", i)
            if self.mapping(entry, AGENCY, path, AGENCY_REQUIRED, "an agency"):
                for spelling in [entry.get("name"), entry.get("short"), *(entry.get("aliases") or [])]:
                    if not isinstance(spelling, str) or not spelling:
                        continue
                    key = (agency_key(spelling), str(entry.get("province") or ""))
                    if key in seen and seen[key] != path:
                        line = self.doc.loc(seen[key])[0]
                        self.add("KH204", f"agency spelling '{spelling}' is also listed at line {line}", path)
                    seen.setdefault(key, path)
        names: dict[str, tuple] = {}
        for i, entry in enumerate(self.list_of_in(data, "provinces", ())):
            path = ("provinces", i)
            if self.mapping(entry, PROVINCE, path, PROVINCE_REQUIRED, "a province"):
                for spelling in [entry.get("name"), *(entry.get("aliases") or [])]:
                    if not isinstance(spelling, str) or not spelling:
                        continue
                    key = agency_key(spelling)
                    if key in names and names[key] != path:
                        line = self.doc.loc(names[key])[0]
                        self.add("KH204", f"province spelling '{spelling}' is also listed at line {line}", path)
                    names.setdefault(key, path)
        self.succession()

    def succession(self) -> None:
        """KH405–KH408: successors the registry does not list, ``until`` before ``from``, a body that
        succeeds itself, a succession without a date."""
        from kehoach.agencies import registry_from_data

        data = self.doc.data
        registry = registry_from_data(data)
        bodies = [e for e in self.list_of_in(data, "agencies", ())]
        places = [e for e in self.list_of_in(data, "provinces", ())]
        for what, entries, find in (
            ("agencies", bodies, lambda n, e: registry.resolve(n, str(e.get("province") or ""))),
            ("provinces", places, lambda n, e: registry.province(n)),
        ):
            for i, entry in enumerate(entries):
                if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                    continue
                path = (what, i)
                start, until = as_date(entry.get("from")), as_date(entry.get("until"))
                if start and until and until < start:
                    self.add("KH406", f"'until' {until} is before 'from' {start}", path + ("until",))
                names = entry.get("successors") if isinstance(entry.get("successors"), list) else []
                dated, known = bool(until), False
                for j, name in enumerate(names):
                    if not isinstance(name, str) or not name:
                        continue
                    succ = find(name, entry)
                    if succ is None:
                        spellings = [e.get("name") for e in entries if isinstance(e, dict) and e is not entry]
                        near = closest(name, [s for s in spellings if isinstance(s, str)], n=1, cutoff=0.6)
                        self.add(
                            "KH405",
                            f"successor '{name}' is not in the registry's {what}",
                            path + ("successors", j),
                            hint=f"did you mean '{near[0]}'?" if near else f"add '{name}' to {what}",
                        )
                        continue
                    dated, known = dated or bool(succ.start), True
                    if self._succeeds_itself(registry, what, entry, succ):
                        self.add(
                            "KH407",
                            f"'{entry['name']}' is its own successor (through '{succ.name}')",
                            path + ("successors", j),
                        )
                if known and not dated:
                    self.add(
                        "KH408",
                        f"'{entry['name']}' has successors but no date: neither its 'until' nor a successor's 'from'",
                        path + ("successors",),
                        hint="add 'until: YYYY-MM-DD' (its last day) with the act that ended it in 'source'",
                    )

    @staticmethod
    def _succeeds_itself(registry, what: str, entry: dict, first) -> bool:
        name = fold(str(entry["name"]))
        todo, seen = [first], set()
        while todo:
            body = todo.pop()
            if fold(body.name) == name:
                return True
            if body.name in seen:
                continue
            seen.add(body.name)
            if what == "agencies":
                todo.extend(registry.successors_of(body))
            else:
                todo.extend(p for n in body.successors if (p := registry.province(n)) is not None)
        return False


# Words that are never an agency on their own but are the tail of a name written with commas: a flow list
# [Các sở, ban, ngành tỉnh] is three items "Các sở", "ban", "ngành tỉnh" (KH634).
_FRAGMENTS = ("ban", "nganh", "doan the", "xa", "phuong", "thi tran", "huyen", "thi xa", "thanh pho", "dac khu")


def agency_fragment(name: str) -> bool:
    """``ban``, ``ngành``, ``xã``, ``phường``, ``thị trấn``, ``huyện`` … alone (or followed only by ``tỉnh``,
    ``thành phố``, ``có liên quan``): a piece of one agency name split at a comma, not a name."""
    key = fold(name)
    for frag in _FRAGMENTS:
        if key == frag:
            return True
        if key.startswith(frag + " ") and key[len(frag) + 1 :] in ("tinh", "thanh pho", "co lien quan", "lien quan"):
            return True
    return False


def _succession_hint(now: str, source: str) -> str:
    """The hint of KH409, one whole message each (the interface language translates messages whole)."""
    if now and source:
        hint = f"now: {now} ({source})"
    elif now:
        hint = f"now: {now}"
    elif source:
        hint = f"check the name against the plan ({source})"
    else:
        hint = "check the name against the plan"
    return hint


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def is_agency_file(doc: Document) -> bool:
    return is_agency_data(doc.data)


def check_document(doc: Document, registry: Registry | None) -> list[Diagnostic]:
    """All diagnostics for one parsed file (plan or agency registry)."""
    checker = Checker(doc, registry)
    if is_agency_file(doc):
        checker.agency_document()
    else:
        checker.plan_document()
    checker.out.extend(control_characters(doc))
    return sorted(checker.out, key=lambda d: (d.line, d.column, d.code))


def control_characters(doc: Document) -> Iterator[Diagnostic]:
    """KH120 for every key or text value holding a character of ``text.UNSAFE`` (newline and tab pass)."""
    from kehoach.text import UNSAFE, visible

    def walk(value: Any, path: tuple) -> Iterator[Diagnostic]:
        if isinstance(value, str):
            if found := UNSAFE.search(value):
                yield doc.diag("KH120", _control_message(found, visible), path)
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(k, str) and (found := UNSAFE.search(k)):
                    yield doc.diag("KH120", _control_message(found, visible, "key"), path + (k,), True)
                yield from walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, path + (i,))

    yield from walk(doc.data, ())


def _control_message(found, visible, what: str = "text") -> str:
    char = found.group()
    names = {0: "NUL", 7: "BEL", 8: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL"}
    name = unicodedata.name(char, "") or names.get(ord(char), "C1 control" if ord(char) >= 0x80 else "control")
    return f"{what} holds the control character {visible(char)} ({name}) at position {found.start() + 1}"


def iter_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from iter_strings(k)
            yield from iter_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from iter_strings(v)


def validate_paths(
    paths: list, root, strict: bool = False, progress=None, store=None
) -> tuple[list[str], list[Diagnostic]]:
    """Validate every plan file under ``paths`` (default: the plans folder ``root``), through the parse cache
    ``store`` (``cache.Store``; default the user's).

    Returns the files checked and the diagnostics, warnings promoted to errors when ``strict``.
    """
    from pathlib import Path

    from kehoach.agencies import registry_from_data
    from kehoach.cache import load_many
    from kehoach.errors import PlanDataError
    from kehoach.loader import gc_paused
    from kehoach.repo import AGENCY_FILE, display_path, outside_root, plan_files, summarize

    root = Path(root)
    targets = [Path(p) for p in paths] or [root]
    for target in targets:
        if not target.exists() and not target.is_symlink():
            from kehoach.errors import UsageError

            raise UsageError(f"{target}: no such file or directory")
    files = plan_files(targets)
    registry = None
    registry_file = root / AGENCY_FILE
    out: list[Diagnostic] = []
    wanted: list[tuple[Path, str]] = []
    for path in files:
        display = display_path(path)
        if bad := outside_root(path, root if _below(path, root) else path.parent):
            out.append(Diagnostic(bad.code, bad.message, display))
            continue
        wanted.append((path, display))
    extra = (
        [(registry_file, display_path(registry_file))] if registry_file.is_file() and registry_file not in files else []
    )
    # progress: reading (parsing, when the cache is cold) is the first half of the steps, checking the second
    reading = extra + wanted
    steps = 2 * len(reading)
    tick = (lambda n, _total, name: progress(n, steps, name)) if progress else None
    # a file parsed here also gets the summary that queries about a period read (see cache.load_many)
    results = load_many(reading, progress=tick, keep_summaries=summarize, store=store)
    registry_entry = None
    if extra:
        first = results.pop(0)
        if not isinstance(first, PlanDataError):
            registry = registry_from_data(first.data if isinstance(first.data, dict) else {})
            registry_entry = first.cache_entry
    plan_ids: dict[str, str] = {}
    docs = []
    for (path, _), doc in zip(wanted, results, strict=True):
        if isinstance(doc, PlanDataError):
            out.extend(doc.diagnostics)
            continue
        if path.name == AGENCY_FILE:
            registry = registry_from_data(doc.data if isinstance(doc.data, dict) else {})
            registry_entry = doc.cache_entry
        docs.append(doc)
    from kehoach.cache import Store

    store = store if store is not None else Store.from_environment()
    context = check_context(registry_entry) if store.folder is not None else ""
    with gc_paused():
        for n, doc in enumerate(docs):
            if tick:
                tick(len(reading) + n, steps, doc.path)
            found = store.checked(doc.cache_entry, context) if context else None
            if found is None:  # checked before, with this code and this registry: the same diagnostics
                found = check_document(doc, registry)
                if context:
                    store.put_checked(doc.cache_entry, context, found)
            out.extend(found)
            if isinstance(doc.data, dict) and isinstance(doc.data.get("plan"), dict):
                pid = doc.data["plan"].get("id")
                if isinstance(pid, str):
                    if pid in plan_ids:
                        out.append(
                            doc.diag("KH206", f"plan id '{pid}' is also used by {plan_ids[pid]}", ("plan", "id"))
                        )
                    else:
                        plan_ids[pid] = doc.path
        if tick and steps and len(reading) + len(docs) < steps:
            tick(steps - 1, steps, "")
    if strict:
        out = [d.with_severity("error") if d.severity == "warning" else d for d in out]
    return [str(f) for f in files], out


def check_context(registry_entry) -> str:
    """What a file's diagnostics depend on besides its own bytes: the agency registry (its cache entry, the
    digest of its bytes) and the code — kehoach's version and the size and time of every file of the package,
    so that an edited checker never serves an older one's findings. 16 hex digits."""
    from pathlib import Path

    from kehoach import __version__
    from kehoach.cachedir import code_stamp, sha256

    registry = registry_entry.name if registry_entry else "-"
    raw = f"kehoach-check-1\0{__version__}\0{registry}\0{code_stamp([Path(__file__).parent])}"
    return sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _below(path, root) -> bool:
    try:
        path.absolute().relative_to(root.absolute())
        return True
    except ValueError:
        return False
