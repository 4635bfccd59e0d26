"""The plan format as data: the fields of every kind of mapping in a plan file (and in the agency registry),
their kinds, the required keys and the documented key order.

The validator (``validate``), the JSON schema (``schema``), the writer (``yamlwrite``), ``import``, ``diff`` and
``textconv`` all read the format from here. Plain data and stdlib only: importing it costs nothing.
"""

from __future__ import annotations

import re

FORMAT_VERSION = 1
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ITEM_ID = re.compile(r"^[^\s:]+$")

# Field kinds (validate.Checker has a t_<kind> check for each, schema.py a JSON schema): str (text or a number),
# str_or_null, list_str, int, nonneg, int_or_text, bool, map, list, list_int, slug (plan id), id (item id),
# enum:<a|b|…>, date, daymonth, status, when (a time text), agency, agencies (one or a list), progress
TOP = {"kehoach": "int", "plan": "map", "reporting": "list", "rules": "map", "sections": "list", "delegations": "list"}
TOP_REQUIRED = ("kehoach", "plan", "sections")
PLAN = {
    "id": "slug",
    "number": "str_or_null",
    "title": "str",
    "issuer": "str",
    "province": "str",
    "issued": "date",
    "effective": "date",
    "year": "int",
    "years": "list_int",
    "until": "int",
    "continues": "bool",
    "signer": "str",
    "signer_title": "str",
    "coordinator": "agency",
    "field": "str",
    "source": "str",
    "notes": "str",
}
PLAN_REQUIRED = ("id", "number", "title")
REPORT = {
    "id": "id",
    "kind": "enum:six-month|annual|quarterly|other",
    "title": "str",
    "day": "daymonth",
    "date": "date",
    "unfixed": "bool",
    "from": "agencies",
    "to": "agencies",
    "remind": "nonneg",
    "note": "str",
}
REPORT_REQUIRED = ("kind",)
RULES = {"delegation_programme_months_before": "nonneg"}
SECTION = {"id": "id", "title": "str", "notes": "str", "items": "list", "sections": "list"}
SECTION_REQUIRED = ("id", "title")
ITEM = {
    "id": "id",
    "task": "str",
    "lead": "agencies",
    "support": "agencies",
    "when": "when",
    "due": "date",
    "remind": "nonneg",
    "partner": "str",
    "country": "str",
    "basis": "str",
    "output": "str",
    "funding": "str",
    "status": "status",
    "done_on": "date",
    "progress": "progress",
    "notes": "str",
}
ITEM_REQUIRED = ("id", "task")
DELEGATION = {
    "id": "id",
    "direction": "enum:out|in",
    "level": "enum:province|department",
    "group": "str",
    "destination": "str",
    "origin": "str",
    "country": "str",
    "partner": "str",
    "when": "when",
    "due": "date",
    "remind": "nonneg",
    "field": "str",
    "purpose": "str",
    "leader": "str",
    "composition": "str",
    "members": "int_or_text",
    "days": "int_or_text",
    "lead": "agencies",
    "support": "agencies",
    "budget": "int_or_text",
    "funding": "str",
    "status": "status",
    "done_on": "date",
    "progress": "progress",
    "notes": "str",
}
DELEGATION_REQUIRED = ("id", "direction")
PROGRESS = {"date": "date", "note": "str"}  # one entry of an item's progress list
PROGRESS_REQUIRED = ("date", "note")
# plans/agencies.yaml, the agency registry
AGENCY_FILE = {"kehoach": "int", "agencies": "list", "provinces": "list"}
AGENCY_FILE_REQUIRED = ("kehoach", "agencies")
AGENCY = {
    "name": "str",
    "short": "str",
    "aliases": "list_str",
    "province": "str",
    "kind": "enum:agency|group",
    "level": "enum:central|province|commune|district",
    "from": "date",
    "until": "date",
    "successors": "list_str",
    "source": "str",
    "notes": "str",
}
AGENCY_REQUIRED = ("name",)
PROVINCE = {
    "name": "str",
    "kind": "enum:tỉnh|thành phố",
    "from": "date",
    "until": "date",
    "successors": "list_str",
    "aliases": "list_str",
    "source": "str",
    "notes": "str",
}
PROVINCE_REQUIRED = ("name",)

# the documented key order of each kind of mapping (kehoach fmt writes it; tables and diffs list fields in it)
KEY_ORDER = {
    "top": list(TOP),
    "plan": list(PLAN),
    "reporting": list(REPORT),
    "rules": list(RULES),
    "section": list(SECTION),
    "item": list(ITEM),
    "delegation": list(DELEGATION),
    "progress": list(PROGRESS),
    "agency": list(AGENCY),
    "province": list(PROVINCE),
    "agency_file": list(AGENCY_FILE),
}


# kind of mapping -> {key: (kind of its value, the value is a list of them)}: where each kind sits in a file
CHILDREN = {
    "top": {
        "plan": ("plan", False),
        "reporting": ("reporting", True),
        "rules": ("rules", False),
        "sections": ("section", True),
        "delegations": ("delegation", True),
    },
    "section": {"items": ("item", True), "sections": ("section", True)},
    "item": {"progress": ("progress", True)},
    "delegation": {"progress": ("progress", True)},
    "agency_file": {"agencies": ("agency", True), "provinces": ("province", True)},
}


def is_agency_data(data) -> bool:
    """The parsed top level of the agency registry (agencies, no plan), not a plan."""
    return isinstance(data, dict) and "agencies" in data and "plan" not in data


def top_kind(data) -> str:
    """The kind of a file's top-level mapping: ``agency_file`` or ``top`` (a plan)."""
    return "agency_file" if is_agency_data(data) else "top"
