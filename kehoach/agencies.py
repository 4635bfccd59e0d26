"""The agency registry: canonical names, aliases and abbreviations, matched accent-insensitively."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.errors import UsageError
from kehoach.text import closest, fold

_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "dbqh": "dai bieu quoc hoi",
    "tp": "thanh pho",
    "tx": "thi xa",
    "tt": "thong tin",
}
_STOP = {"va"}


@functools.lru_cache(maxsize=16384)
def agency_key(name: str) -> str:
    """Matching key: folded, abbreviations expanded, 'và' dropped."""
    words = []
    for word in fold(name).split():
        if word in _STOP:
            continue
        words.extend(_ABBREVIATIONS.get(word, word).split())
    return " ".join(words)


@dataclass(frozen=True)
class Agency:
    name: str
    short: str = ""
    aliases: tuple[str, ...] = ()
    province: str = ""
    kind: str = "agency"  # or "group" for phrases such as "các cơ quan liên quan"

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *((self.short,) if self.short else ()), *self.aliases)


@dataclass
class Registry:
    agencies: list[Agency] = field(default_factory=list)
    path: str = ""

    def __post_init__(self):
        self._index: dict[str, list[Agency]] = {}
        for agency in self.agencies:
            for spelling in agency.spellings:
                bucket = self._index.setdefault(agency_key(spelling), [])
                if agency not in bucket:
                    bucket.append(agency)

    def resolve(self, name: str, province: str = "") -> Agency | None:
        """The registry entry for a name written in a plan, preferring the plan's province."""
        found = self._index.get(agency_key(name), [])
        if not found:
            return None
        same = [a for a in found if a.province and province and fold(a.province) == fold(province)]
        generic = [a for a in found if not a.province]
        return (same or generic or found)[0]

    def canonical(self, name: str, province: str = "") -> str:
        agency = self.resolve(name, province)
        return agency.name if agency else name

    def names(self) -> list[str]:
        return [a.name for a in self.agencies]

    def find(self, query: str) -> list[Agency]:
        """Agencies a user's query means: exact spelling first, else every agency whose name holds all its words."""
        key = agency_key(query)
        if not key:
            raise UsageError("empty agency name")
        exact = self._index.get(key)
        if exact:
            return list(dict.fromkeys(exact))
        words = key.split()
        hits = [a for a in self.agencies if any(_has_words(agency_key(s), words) for s in a.spellings)]
        if hits:
            return hits
        suggestions = closest(query, [s for a in self.agencies for s in a.spellings], n=5, cutoff=0.4)
        names = list(dict.fromkeys(self.resolve(s).name for s in suggestions))
        hint = "closest: " + "; ".join(names) if names else "run 'kehoach agencies' to list them"
        raise UsageError(f"unknown agency '{query}'", hint=hint)

    def suggest(self, name: str) -> str:
        found = closest(name, [s for a in self.agencies for s in a.spellings], n=1, cutoff=0.5)
        return self.resolve(found[0]).name if found else ""


def _has_words(key: str, words: list[str]) -> bool:
    have = key.split()
    return all(w in have for w in words)


def registry_from_data(data: dict, path: str = "") -> Registry:
    agencies = []
    for entry in (data or {}).get("agencies") or []:
        if not isinstance(entry, dict) or not entry.get("name"):
            continue
        agencies.append(
            Agency(
                name=str(entry["name"]),
                short=str(entry.get("short") or ""),
                aliases=tuple(str(a) for a in entry.get("aliases") or ()),
                province=str(entry.get("province") or ""),
                kind=str(entry.get("kind") or "agency"),
            )
        )
    return Registry(agencies, path)


def load_registry(path: Path) -> Registry:
    from kehoach.loader import load_document

    if not path.exists():
        return Registry([], str(path))
    return registry_from_data(load_document(path).data, str(path))
