"""kehoach schema: the JSON Schema of the plan format validates every shipped plan."""

from __future__ import annotations

import json

import pytest
from conftest import PLANS, ROOT


def test_schema_is_json_and_matches_the_docs_copy(invoke, tmp_path):
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"kehoach", "plan", "sections"} <= set(schema["required"])
    assert result.stdout == (ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8")
    out = tmp_path / "schema.json"
    assert invoke("schema", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == schema


@pytest.mark.parametrize("path", sorted(p.relative_to(PLANS).as_posix() for p in PLANS.glob("*/*.yaml")))
def test_the_schema_validates_the_shipped_plans(invoke, path):
    jsonschema = pytest.importorskip("jsonschema")
    from kehoach.loader import load_document

    schema = json.loads(invoke("schema").stdout)
    # an editor's YAML language server sees dates as strings: do the same
    data = json.loads(json.dumps(load_document(PLANS / path).data, default=str))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_the_schema_rejects_a_wrong_version(invoke):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(invoke("schema").stdout)
    bad = {"kehoach": 2, "plan": {"id": "x-2024", "number": "1/KH", "title": "T", "year": 2024}, "sections": []}
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(bad))
