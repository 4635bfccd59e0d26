"""The agency registry: canonical names, aliases and abbreviations, matched accent-insensitively; which
bodies and provinces succeeded which (merges and renames over time).

Matching a name goes: abbreviations expanded (``Sở KH&CN`` → ``Sở khoa học và công nghệ``), then folded
(accents, case, punctuation and "và" ignored) into a *key*; a query is first looked up by its key, then by
its words (every word of the query in the body's name, "xã" never matching inside "thị xã"). Names the
registry does not know are the caller's business (``kehoach.queries``); the hint for a name nobody knows
never offers a body whose words contradict what was typed (``closest``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from kehoach.errors import UsageError
from kehoach.model import Item, Plan, ReportRule, as_date
from kehoach.status import CANCELLED, DONE
from kehoach.text import closest, fold, nfc, strip_accents

# -- abbreviations -----------------------------------------------------------------------------------
# Vocabulary staff write in plan tables, not facts about the state. Keyed by the abbreviation without
# accents, punctuation and case ("KH&ĐT", "KHĐT", "kh-dt" → "KHDT"). The context says when it applies:
#   ANY   – always (none of these is a Vietnamese syllable, so "khcn" typed in lower case is safe);
#   UPPER – only written in capitals ("TU" is Tỉnh ủy, but "tu" is the syllable of "Tư pháp");
#   SO    – only right after "Sở" ("Sở TC" is Tài chính; elsewhere TC may be "tổ chức").
ANY, UPPER, SO = "any", "upper", "so"
ABBREVIATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "KHCN": ((ANY, "khoa học và công nghệ"),),
    "KHDT": ((ANY, "kế hoạch và đầu tư"),),
    "NNMT": ((ANY, "nông nghiệp và môi trường"),),
    "NNPTNT": ((ANY, "nông nghiệp và phát triển nông thôn"),),
    "VHTTDL": ((ANY, "văn hóa, thể thao và du lịch"),),
    "GDDT": ((ANY, "giáo dục và đào tạo"),),
    "LDTBXH": ((ANY, "lao động thương binh và xã hội"),),
    "TTTT": ((ANY, "thông tin và truyền thông"),),
    "TNMT": ((ANY, "tài nguyên và môi trường"),),
    "GTVT": ((ANY, "giao thông vận tải"),),
    "BCHQS": ((ANY, "bộ chỉ huy quân sự"),),
    "CHQS": ((ANY, "chỉ huy quân sự"),),
    "BCH": ((ANY, "bộ chỉ huy"),),
    "BDBP": ((ANY, "bộ đội biên phòng"),),
    "BQL": ((ANY, "ban quản lý"),),
    "KCN": ((ANY, "khu công nghiệp"),),
    "KKT": ((ANY, "khu kinh tế"),),
    "UBND": ((ANY, "ủy ban nhân dân"),),
    "HDND": ((ANY, "hội đồng nhân dân"),),
    "DBQH": ((ANY, "đại biểu quốc hội"),),
    "MTTQ": ((ANY, "mặt trận tổ quốc"),),
    "UBMTTQ": ((ANY, "ủy ban mặt trận tổ quốc"),),
    "LHCTCHN": ((ANY, "liên hiệp các tổ chức hữu nghị"),),
    "TCHN": ((ANY, "tổ chức hữu nghị"),),
    "TX": ((ANY, "thị xã"),),
    "TU": ((UPPER, "tỉnh ủy"),),
    "CA": ((UPPER, "công an"),),
    "TC": ((SO, "tài chính"),),
    "XD": ((SO, "xây dựng"),),
    "NV": ((SO, "nội vụ"),),
    "NGV": ((SO, "ngoại vụ"),),
    "YT": ((SO, "y tế"),),
    "CT": ((SO, "công thương"),),
    "DL": ((SO, "du lịch"),),
    # "Sở TP" is Sở Tư pháp; everywhere else TP (TP., Tp.) is thành phố
    "TP": ((SO, "tư pháp"), (ANY, "thành phố")),
}
_STOP = {"va"}
_SHAPE = re.compile(r"[A-Za-z]+(?:[&\-,.][A-Za-z]+)*\.?")  # letters joined by & - , . (accents stripped)
_JOIN = re.compile(r"(?<=[A-ZĐ]),\s+(?=[A-ZĐ]+[&\-])")  # "VH, TT&DL" → "VH,TT&DL"
_EDGE = "()[]\"'“”‘’;:,"
# Pairs of words that make one unit: "xã" alone is a commune, in "thị xã" a town, in "xã hội" society; "sở" alone
# a department, in "cơ sở" an establishment ("Sở Ngoại giao" is not "các cơ sở giáo dục … ngoài tỉnh").
_COMPOUNDS = {
    ("thi", "xa"), ("thi", "tran"), ("thanh", "pho"), ("xa", "hoi"), ("dac", "khu"), ("dia", "phuong"), ("co", "so"),
}  # fmt: skip
# Words that make a phrase name many bodies ("UBND các xã", "UBND cấp xã"), never one named body.
GROUP_WORDS = {"cac", "cap", "nhung"}
# Words too common to tell two bodies apart (used only to judge whether a hint contradicts the query).
_GENERIC = {
    "so", "ban", "uy", "nhan", "dan", "tinh", "thanh_pho", "huyen", "bo", "cuc", "chi", "co", "quan",
    "don", "vi", "lien", "nganh", "trung", "tam", "van", "phong", "hoi", "dong", "cong", "ty",
}  # fmt: skip


@functools.lru_cache(maxsize=16384)
def expanded_words(name: str) -> tuple[tuple[str, bool], ...]:
    """The folded words of ``name`` with its abbreviations expanded, each with True when it came from an
    abbreviation: ``Sở KH&CN`` → (so, False), (khoa, True), (hoc, True), (cong, True), (nghe, True)."""
    out: list[tuple[str, bool]] = []
    previous = ""
    for token in _JOIN.sub(",", nfc(name)).split():
        core = token.strip(_EDGE)
        plain = strip_accents(core)
        expansion = None
        if _SHAPE.fullmatch(plain):
            abbr = re.sub(r"[&\-,.]", "", plain).upper()
            for context, words in ABBREVIATIONS.get(abbr, ()):
                if (
                    context == ANY
                    or (context == SO and previous == "so")
                    or (context == UPPER and core.isascii() and core.isupper())
                ):
                    expansion = words
                    break
        if expansion is None:
            words = [w for w in fold(token).split() if w not in _STOP]
            out.extend((w, False) for w in words)
        else:
            words = [w for w in fold(expansion).split() if w not in _STOP]
            out.extend((w, True) for w in words)
        if words:
            previous = words[-1] if expansion is None else ""
    return tuple(out)


@functools.lru_cache(maxsize=16384)
def agency_key(name: str) -> str:
    """Matching key: abbreviations expanded, folded, 'và' dropped (``Sở KH&ĐT`` = ``Sở Kế hoạch - Đầu tư``)."""
    return " ".join(w for w, _ in expanded_words(name))


def units(key: str) -> list[str]:
    """The words of a key with compounds joined: ``uy ban nhan dan thi xa phu my`` → [… 'thi_xa', 'phu', 'my']."""
    words = key.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and (words[i], words[i + 1]) in _COMPOUNDS:
            out.append(words[i] + "_" + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def has_words(key: str, query_key: str) -> bool:
    """Every word (unit) of ``query_key`` is in ``key``: "ke hoach dau tu" is in "so ke hoach dau tu", "xa"
    is not in "thi xa phu my"."""
    have = set(units(key))
    return all(w in have for w in units(query_key))


def is_group_phrase(name: str) -> bool:
    """A phrase naming many bodies: "UBND các xã, phường", "Ủy ban nhân dân cấp xã"."""
    return any(w in GROUP_WORDS for w in agency_key(name).split())


def _date(value) -> dt.date | None:
    from kehoach.model import as_date

    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    return as_date(value)


@dataclass(frozen=True)
class Agency:
    """A body of the registry: its name, short forms and aliases, its province, when it existed, what became of it."""

    name: str
    short: str = ""
    aliases: tuple[str, ...] = ()
    province: str = ""
    kind: str = "agency"  # or "group" for phrases such as "các cơ quan liên quan"
    level: str = ""  # central | province | commune | district
    start: dt.date | None = None  # `from`: the day the body began (a merger, a new name)
    until: dt.date | None = None  # the last day it existed under this name
    successors: tuple[str, ...] = ()  # registry names of the bodies that took its work over
    source: str = ""  # the legal act behind from/until/successors

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *((self.short,) if self.short else ()), *self.aliases)


@dataclass(frozen=True)
class Province:
    """A province or centrally-run city of the registry, with its dates and what it was merged into."""

    name: str
    kind: str = ""  # tỉnh | thành phố
    start: dt.date | None = None
    until: dt.date | None = None
    successors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    source: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@functools.lru_cache(maxsize=4096)
def province_key(name: str) -> str:
    """A province name without its kind: "tỉnh Bà Rịa - Vũng Tàu" and "Bà Rịa – Vũng Tàu" are one key."""
    words = fold(name).split()
    for prefix in (["thanh", "pho"], ["tinh"], ["tp"]):
        if words[: len(prefix)] == prefix and len(words) > len(prefix):
            return " ".join(words[len(prefix) :])
    return " ".join(words)


@dataclass
class Registry:
    """The agency registry (plans/agencies.yaml): the bodies and provinces names are matched against."""

    agencies: list[Agency] = field(default_factory=list)
    path: str = ""
    provinces: list[Province] = field(default_factory=list)

    def __post_init__(self):
        self._same: dict[tuple[str, str], bool] = {}  # same_province, memoised

    # The indexes below are built on first use: a run that matches no name (``due`` without ``--agency``
    # on plans whose names need no look-up) does not fold the registry's 250 spellings (6 ms of a 90 ms run).
    @functools.cached_property
    def _index(self) -> dict[str, list[Agency]]:
        index: dict[str, list[Agency]] = {}
        for agency in self.agencies:
            for spelling in agency.spellings:
                bucket = index.setdefault(agency_key(spelling), [])
                if agency not in bucket:
                    bucket.append(agency)
        return index

    @functools.cached_property
    def _provinces(self) -> dict[str, Province]:
        index: dict[str, Province] = {}
        for prov in self.provinces:
            for spelling in prov.spellings:
                index.setdefault(province_key(spelling), prov)
        return index

    @functools.cached_property
    def province_predecessors(self) -> dict[str, list[Province]]:
        out: dict[str, list[Province]] = {}
        for prov in self.provinces:
            for name in prov.successors:
                succ = self.province(name)
                if succ is not None and succ != prov:
                    out.setdefault(succ.name, []).append(prov)
        return out

    @functools.cached_property
    def predecessors(self) -> dict[Agency, list[Agency]]:
        """Derived from ``successors`` (a body names who took its work over)."""
        out: dict[Agency, list[Agency]] = {}
        for agency in self.agencies:
            for name in agency.successors:
                succ = self.resolve(name, agency.province)
                if succ is not None and succ != agency:
                    out.setdefault(succ, []).append(agency)
        return out

    # -- provinces ----------------------------------------------------------------------------------
    def province(self, name: str) -> Province | None:
        return self._provinces.get(province_key(name)) if name else None

    def province_lineage(self, name: str) -> list[Province]:
        """The province and every unit merged into it, transitively (itself first); [] when unknown."""
        start = self.province(name)
        if start is None:
            return []
        out = [start]
        for prov in out:
            for pred in self.province_predecessors.get(prov.name, []):
                if pred not in out:
                    out.append(pred)
        return out

    def same_province(self, a: str, b: str) -> bool:
        """Whether two province names are one unit, under its old or new name (a unit merged into another
        counts as the other)."""
        if not a or not b:
            return False
        if province_key(a) == province_key(b):
            return True
        known = self._same.get((a, b))
        if known is None:
            pa, pb = self.province(a), self.province(b)
            known = (
                pa is not None
                and pb is not None
                and (pa in self.province_lineage(pb.name) or pb in self.province_lineage(pa.name))
            )
            self._same[(a, b)] = known
        return known

    def province_covers(self, query: str, plan_province: str, successors: bool = True) -> str | None:
        """Whether ``--province query`` takes in a plan of ``plan_province``: "" for the province itself
        (a part of its name will do: "Vũng Tàu"), the old name for a unit since merged into ``query`` (with
        ``successors``); None otherwise."""
        key = fold(query)
        have = fold(plan_province)
        if key and (key in have or key == have.replace(" ", "")):
            return ""
        if successors:
            for prov in self.province_lineage(query)[1:]:
                if province_key(prov.name) == province_key(plan_province) or any(
                    province_key(s) == province_key(plan_province) for s in prov.aliases
                ):
                    return plan_province
        return None

    # -- agencies -----------------------------------------------------------------------------------
    def resolve(self, name: str, province: str = "") -> Agency | None:
        """The registry entry for a name written in a plan, preferring the plan's province (under its old or
        new name). An entry of another province is not taken: same-named departments stay apart."""
        found = self._index.get(agency_key(name), [])
        if not found:
            return None
        if province:
            exact = [a for a in found if a.province and province_key(a.province) == province_key(province)]
            if exact:
                return exact[0]
            same = [a for a in found if a.province and self.same_province(a.province, province)]
            if same:
                return same[0]
        generic = [a for a in found if not a.province]
        if generic:
            return generic[0]
        return None if province else found[0]

    def canonical(self, name: str, province: str = "") -> str:
        agency = self.resolve(name, province)
        return agency.name if agency else name

    def names(self) -> list[str]:
        return [a.name for a in self.agencies]

    def lookup(self, query: str) -> list[Agency]:
        """Agencies a user's query means: exact spelling first, else every agency whose name holds all its
        words; [] when none."""
        key = agency_key(query)
        if not key:
            raise UsageError("empty agency name")
        exact = self._index.get(key)
        if exact:
            return list(dict.fromkeys(exact))
        return [a for a in self.agencies if any(has_words(agency_key(s), key) for s in a.spellings)]

    def find(self, query: str) -> list[Agency]:
        """``lookup``, raising UsageError (with a hint that does not mislead) when nothing matches."""
        hits = self.lookup(query)
        if hits:
            return hits
        raise self.unknown(query)

    def unknown(self, query: str) -> UsageError:
        names = [a.name for a in self.near(query, 5)]
        hint = "closest: " + "; ".join(names) if names else "run 'kehoach agencies' to list them"
        return UsageError(f"unknown agency '{query}'", hint=hint)

    def near(self, name: str, n: int = 3, cutoff: float = 0.4) -> list[Agency]:
        """Registry agencies whose spelling is close to ``name`` and does not contradict it (see
        ``compatible``), closest first."""
        spellings = {agency_key(s): (s, a) for a in self.agencies for s in a.spellings}
        keys = closest(agency_key(name), list(spellings), n=max(n * 4, 12), cutoff=cutoff)
        out: list[Agency] = []
        for key in keys:
            agency = spellings[key][1]
            if agency not in out and compatible(name, key, agency.kind == "group"):
                out.append(agency)
        return out[:n]

    def suggest(self, name: str) -> str:
        found = self.near(name, 1, cutoff=0.5)
        return found[0].name if found else ""

    def lineage(self, agency: Agency) -> list[Agency]:
        """The bodies whose work ``agency`` took over, transitively (its predecessors), nearest first."""
        out: list[Agency] = []
        todo = list(self.predecessors.get(agency, []))
        while todo:
            pred = todo.pop(0)
            if pred not in out and pred != agency:
                out.append(pred)
                todo.extend(self.predecessors.get(pred, []))
        return out

    def successors_of(self, agency: Agency) -> list[Agency]:
        """The registry bodies named as ``agency``'s successors."""
        return [s for n in agency.successors if (s := self.resolve(n, agency.province)) is not None]

    def handover(self, predecessor: Agency, successor: Agency) -> dt.date | None:
        """The day work passed from ``predecessor`` to (eventually) ``successor``: the successor's ``from``,
        else the day after the predecessor's ``until``."""
        if successor.start:
            return successor.start
        if predecessor.until:
            return predecessor.until + dt.timedelta(days=1)
        return None


def _close_word(word: str, have: set[str]) -> bool:
    """The word itself, or a misspelling of one: of 4 letters or more and with the same first letter (a
    Vietnamese syllable with another initial is another word: "khong" is not "thong", "ai" not "nai")."""
    import difflib

    if word in have:
        return True
    if len(word) < 4:
        return False
    same_start = [h for h in have if h[:1] == word[:1]]
    return bool(difflib.get_close_matches(word, same_start, n=1, cutoff=0.8))


def compatible(query: str, candidate_key: str, group: bool = False) -> bool:
    """Whether a body may be offered as a hint for ``query`` without contradicting it:

    - it holds every distinctive word an abbreviation of the query stands for (KH&CN never offers KH&ĐT);
    - a group phrase ("các …", "cấp xã") is only offered a group;
    - the distinctive words (not "sở", "ủy ban nhân dân", "tỉnh" …) of both overlap: those they share, a
      misspelt word counting, are at least a third of all of them ("Sở Ngoại giao" → Sở Ngoại vụ, but
      "Sở Tài chính" ↛ Sở Tài nguyên và Môi trường)."""
    words = expanded_words(query)
    qunits = units(" ".join(w for w, _ in words))
    have = set(units(candidate_key))
    if any(u in GROUP_WORDS for u in qunits) and not group and not (GROUP_WORDS & have):
        return False
    from_abbr = {w for w, abbr in words if abbr}
    mine = {u for u in qunits if u not in _GENERIC and u not in GROUP_WORDS}
    if any(u not in have for u in mine if set(u.split("_")) <= from_abbr):
        return False
    theirs = {u for u in have if u not in _GENERIC and u not in GROUP_WORDS}
    if not mine:
        return True
    shared = sum(_close_word(u, theirs) for u in mine)
    return 3 * shared >= len(mine) + len(theirs) - shared


def _strings(value) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if v is not None and not isinstance(v, (dict, list)))
    return ()


def registry_from_data(data: dict, path: str = "") -> Registry:
    """The registry of a loaded ``agencies.yaml``; bad entries are skipped (``kehoach validate`` names them)."""
    data = data if isinstance(data, dict) else {}
    agencies = []
    for entry in data.get("agencies") or []:
        if not isinstance(entry, dict) or not entry.get("name"):
            continue
        agencies.append(
            Agency(
                name=nfc(str(entry["name"])),
                short=nfc(str(entry.get("short") or "")),
                aliases=tuple(nfc(a) for a in _strings(entry.get("aliases"))),
                province=nfc(str(entry.get("province") or "")),
                kind=str(entry.get("kind") or "agency"),
                level=str(entry.get("level") or ""),
                start=_date(entry.get("from")),
                until=_date(entry.get("until")),
                successors=tuple(nfc(s) for s in _strings(entry.get("successors"))),
                source=str(entry.get("source") or ""),
            )
        )
    provinces = []
    for entry in data.get("provinces") or []:
        if not isinstance(entry, dict) or not entry.get("name"):
            continue
        provinces.append(
            Province(
                name=nfc(str(entry["name"])),
                kind=str(entry.get("kind") or ""),
                start=_date(entry.get("from")),
                until=_date(entry.get("until")),
                successors=tuple(nfc(s) for s in _strings(entry.get("successors"))),
                aliases=tuple(nfc(a) for a in _strings(entry.get("aliases"))),
                source=str(entry.get("source") or ""),
            )
        )
    return Registry(agencies, path, provinces)


# -- matching: what an --agency query selects in plans (items, reports) ------------------------------


TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Protocol

    class Repo(Protocol):
        """What matching needs of a repository (``kehoach.repo.Repo``): its registry and its plans."""

        registry: Registry
        plans: list[Plan]


def item_agencies(repo: Repo, plan: Plan, item: Item, support: bool = False) -> set[str]:
    """Canonical names of the agencies leading (and with ``support`` co-operating on) ``item``."""
    names = item.lead + (item.support if support else [])
    return {repo.registry.canonical(n, plan.province) for n in names}


ALL_AGENCIES = ("", "*")  # --agency "" or --agency '*': every agency, overriding the configured one


def agency_filter(repo: Repo, query: str | None, support: bool = False, successors: bool = True):
    """A predicate (plan, item) -> bool for --agency/--support; raises UsageError for an unknown agency."""
    return AgencyMatch.of(repo, query, support, successors)


def plan_date(plan: Plan) -> dt.date | None:
    """The day a plan was issued (else took effect); None when it records neither."""
    return as_date(plan.meta.get("issued")) or as_date(plan.meta.get("effective"))


def plan_before(plan: Plan, day: dt.date | None) -> bool:
    """Whether ``plan`` was made before ``day``: by its ``issued``/``effective`` date, else by its first year
    (a plan that records no date and starts in the year of ``day`` is not taken as earlier)."""
    if day is None:
        return True
    issued = plan_date(plan)
    if issued is not None:
        return issued < day
    return min(plan.years) < day.year


@dataclass(frozen=True)
class TakenOver:
    """An item matched through a predecessor: ``was`` (registry name) as the plan wrote it (``written``,
    as ``role`` lead or support), now ``now``."""

    was: str
    now: str
    written: str
    role: str


class AgencyMatch:
    """What --agency (and --support) selects: items the agency leads (or co-operates on), and the reports
    it sends. Called as ``match(plan, item)``; ``names`` are the agencies the query means (empty: every
    agency).

    With ``successors`` (the default), the open work of the bodies the agency took over (its predecessors in
    the registry: ``successors:`` of the older body) in plans made before the hand-over is the agency's too;
    ``was(plan, item)`` names the predecessor such an item was matched through. Names no registry entry
    knows but plans use (``unknown``) match the items that write them, by their key.
    """

    def __init__(
        self,
        repo: Repo,
        agencies: list[Agency],
        support: bool = False,
        unknown: tuple[str, ...] = (),
        successors: bool = True,
        notice: str | None = None,
    ):
        self.repo = repo
        self.agencies = list(dict.fromkeys(agencies))
        self.names = list(dict.fromkeys([a.name for a in self.agencies] + list(unknown)))
        self.support = support
        self.notice = notice
        self._agencies = set(self.agencies)
        self._unknown = {agency_key(n) for n in unknown}
        self._keys = {agency_key(n) for n in self.names}
        self._was: dict[Agency, tuple[dt.date | None, Agency]] = {}  # predecessor -> (hand-over day, successor)
        if successors:
            registry = repo.registry
            for agency in self.agencies:
                for pred in registry.lineage(agency):
                    if pred in self._agencies or pred in self._was:
                        continue
                    nxt = registry.successors_of(pred)
                    self._was[pred] = (registry.handover(pred, nxt[0]) if nxt else None, agency)

    @classmethod
    def of(cls, repo: Repo, query: str | None, support: bool = False, successors: bool = True) -> AgencyMatch:
        """The match for a user's --agency: registry names first, else names the plans use (with a notice),
        else UsageError with a hint that does not mislead."""
        if query is None or query.strip() in ALL_AGENCIES:
            return cls(repo, [], support)
        hits = repo.registry.lookup(query)
        if hits:
            return cls(repo, hits, support, successors=successors)
        used = plan_names_matching(repo, query)
        if not used:
            raise repo.registry.unknown(query)
        shown = "; ".join(used[:3]) + (f" (+{len(used) - 3})" if len(used) > 3 else "")
        notice = (
            f"'{query}' is not in the agency registry; showing the items of plans that write it: {shown} "
            "(add it to agencies.yaml to have it matched by every spelling)"
        )
        return cls(repo, [], support, unknown=tuple(used), successors=successors, notice=notice)

    @property
    def everyone(self) -> bool:
        return not self.names

    def means(self, name: str) -> bool:
        """Whether a canonical agency name (as ``Registry.canonical`` gives it) is one the query means."""
        if self.everyone:
            return True
        return name in self.names or agency_key(name) in self._keys

    def __call__(self, plan: Plan, item: Item) -> bool:
        return self.everyone or self.was(plan, item) is not False

    def was(self, plan: Plan, item: Item) -> TakenOver | None | bool:
        """False: the item is not the agency's; None: it is, by its own name; a ``TakenOver``: it is the open
        work of a predecessor, taken over by the successor asked for."""
        if self.everyone:
            return None
        registry = self.repo.registry
        was: TakenOver | bool = False
        for role, names in (("lead", item.lead), ("support", item.support if self.support else [])):
            for name in names:
                agency = registry.resolve(name, plan.province)
                if agency is None:
                    if self._unknown and agency_key(name) in self._unknown:
                        return None
                    continue
                if agency in self._agencies:
                    return None
                if was is False and agency in self._was:
                    day, successor = self._was[agency]
                    if item.status not in (DONE, CANCELLED) and plan_before(plan, day):
                        was = TakenOver(agency.name, successor.name, name, role)
        return was

    def reports(self, plan: Plan, rule) -> bool:
        """True when the agency sends the report: the rule names it, names a group such as "Các sở, ban,
        ngành" (every agency of the plan's province is taken to belong), or names nobody — as `kehoach report`
        decides."""
        if self.everyone:
            return True
        registry = self.repo.registry
        return any(
            rule_covers(self.repo, plan, rule, a.name)
            for a in self.agencies
            if not a.province or not plan.province or registry.same_province(a.province, plan.province)
        )


def plan_names_matching(repo: Repo, query: str) -> list[str]:
    """Lead and support names the plans write, the registry does not know, and ``query`` means (same key, or
    every word of the query in the name; a group phrase never matches one named body)."""
    key = agency_key(query)
    group = is_group_phrase(query)
    out: dict[str, str] = {}
    for name, _uses in unknown_names(repo).items():
        nkey = agency_key(name)
        if nkey == key or (has_words(nkey, key) and (not group or is_group_phrase(name))):
            out.setdefault(nkey, name)
    return list(out.values())


def unknown_names(repo: Repo) -> dict[str, list[tuple[Plan, Item, str]]]:
    """Every lead/support name used in the plans that the registry does not resolve, with its uses
    (plan, item, "lead"|"support") in plan order; spellings with one key are listed under the first."""
    registry = repo.registry
    by_key: dict[str, str] = {}
    out: dict[str, list[tuple[Plan, Item, str]]] = {}
    for plan in repo.realize(repo.plans):  # every plan's names: a lazy repository reads them all now
        for item in plan.items:
            for role, names in (("lead", item.lead), ("support", item.support)):
                for name in dict.fromkeys(names):
                    if not name or registry.resolve(name, plan.province) is not None:
                        continue
                    first = by_key.setdefault(f"{agency_key(name)}\0{fold(plan.province)}", name)
                    out.setdefault(first, []).append((plan, item, role))
    return out


def canonical_names(repo: Repo, plan: Plan, names: list[str]) -> list[str]:
    return list(dict.fromkeys(repo.registry.canonical(n, plan.province) for n in names))


def rule_names(repo: Repo, plan: Plan, rule: ReportRule, agency: str) -> bool:
    """True when the rule's `from` names ``agency`` itself (not through a group)."""
    return agency in canonical_names(repo, plan, rule.from_)


def rule_covers(repo: Repo, plan: Plan, rule: ReportRule, agency: str) -> bool:
    """True when ``agency`` is among the rule's reporters: named, through a group ('các sở, ban, ngành'), or
    because the rule names nobody."""
    if not rule.from_ or rule_names(repo, plan, rule, agency):
        return True
    for name in rule.from_:
        found = repo.registry.resolve(name, plan.province)
        if (found is not None and found.kind == "group") or (found is None and fold(name).startswith("cac ")):
            return True
    return False
