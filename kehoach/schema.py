"""JSON Schema of the plan format, derived from its field tables (``spec``)."""

from __future__ import annotations

from kehoach import spec as v

_DATE = {"type": "string", "format": "date"}
_AGENCIES = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def _field(kind: str) -> dict:
    if kind.startswith("enum:"):
        return {"enum": kind.split(":", 1)[1].split("|")}
    return {
        "str": {"type": ["string", "number"]},
        "str_or_null": {"type": ["string", "null"]},
        "int": {"type": "integer"},
        "nonneg": {"type": "integer", "minimum": 0},
        "date": _DATE,
        "bool": {"type": "boolean"},
        "slug": {"type": "string", "pattern": v.SLUG.pattern},
        "id": {"type": ["string", "integer"], "pattern": v.ITEM_ID.pattern},
        "list_int": {"type": "array", "items": {"type": "integer"}},
        "list_str": {"type": "array", "items": {"type": "string"}},
        "agency": {"type": "string"},
        "agencies": _AGENCIES,
        "when": {"type": ["string", "integer"], "description": "Thời gian thực hiện, e.g. 'Quý II/2024'"},
        "status": {
            "type": "string",
            "description": "planned | in-progress | done | cancelled | postponed (or Vietnamese)",
        },
        "int_or_text": {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]},
        "daymonth": {"type": "string", "pattern": r"^\d{1,2}/\d{1,2}$"},
        "progress": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["date", "note"],
                "properties": {"date": _DATE, "note": {"type": "string"}},
                "additionalProperties": False,
            },
        },
        "map": {"type": "object"},
        "list": {"type": "array"},
    }[kind]


def _object(spec: dict, required: tuple = (), override: dict | None = None) -> dict:
    props = {k: _field(kind) for k, kind in spec.items()}
    props.update(override or {})
    return {"type": "object", "properties": props, "required": list(required), "additionalProperties": False}


def plan_schema() -> dict:
    item = _object(v.ITEM, v.ITEM_REQUIRED)
    section = _object(
        v.SECTION,
        v.SECTION_REQUIRED,
        {
            "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
            "sections": {"type": "array", "items": {"$ref": "#/$defs/section"}},
        },
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kehoach.invalid/plan.schema.json",
        "title": "kehoach plan file (format version 1)",
        "type": "object",
        "required": list(v.TOP_REQUIRED),
        "additionalProperties": False,
        "properties": {
            "kehoach": {"const": 1},
            "plan": _object(
                v.PLAN,
                v.PLAN_REQUIRED,
                {
                    "years": {
                        "type": "array",
                        "items": {"type": "integer"},
                        "description": "the plan's years, each listed: [2022, 2023] (for a span write until)",
                    },
                    "until": {
                        "type": "integer",
                        "description": "last year of a plan that spans years, inclusive: year 2025 + until 2030 "
                        "is 2025–2030",
                    },
                },
            ),
            "reporting": {"type": "array", "items": _object(v.REPORT, v.REPORT_REQUIRED)},
            "rules": _object(v.RULES),
            "sections": {"type": "array", "items": {"$ref": "#/$defs/section"}},
            "delegations": {"type": "array", "items": _object(v.DELEGATION, v.DELEGATION_REQUIRED)},
        },
        "$defs": {"item": item, "section": section},
    }
