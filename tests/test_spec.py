"""kehoach/spec.py: the plan format as plain data, read by the validator, the schema and every writer."""

from __future__ import annotations

import subprocess
import sys

from kehoach import spec


def loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return set(out.split())


def test_spec_is_plain_data_and_imports_no_yaml_library():
    modules = loaded_after("import kehoach.spec")
    assert not {m for m in modules if m.split(".")[0] in ("yaml", "ruamel", "_ruamel_yaml")}
    assert not {m for m in modules if m.startswith("kehoach.") and m != "kehoach.spec"}


def test_modules_that_only_need_the_format_do_not_load_the_validator():
    modules = loaded_after(
        "import kehoach.edit, kehoach.tables.importing, kehoach.tables.update, kehoach.plandiff, kehoach.textconv, "
        "kehoach.schema, kehoach.yamlwrite"
    )
    assert "kehoach.validate" not in modules
    assert not {m for m in modules if m.startswith("ruamel")}  # the writer loads ruamel only to write


def test_key_order_is_the_order_of_the_field_tables():
    assert spec.KEY_ORDER["item"][:3] == ["id", "task", "lead"]
    assert spec.KEY_ORDER["progress"] == ["date", "note"]
    assert spec.KEY_ORDER["top"] == ["kehoach", "plan", "reporting", "rules", "sections", "delegations"]
    for kind, children in spec.CHILDREN.items():
        assert set(children) <= set(spec.KEY_ORDER[kind]), kind
        assert {child for child, _is_list in children.values()} <= set(spec.KEY_ORDER), kind
    tables = {"item": spec.ITEM, "delegation": spec.DELEGATION, "section": spec.SECTION, "plan": spec.PLAN}
    for kind, table in tables.items():
        required = getattr(spec, f"{kind.upper()}_REQUIRED")
        assert set(required) <= set(table) and list(table) == spec.KEY_ORDER[kind]


def test_agency_registry_and_plan_are_told_apart():
    assert spec.top_kind({"kehoach": 1, "agencies": []}) == "agency_file"
    assert spec.top_kind({"kehoach": 1, "plan": {}, "agencies": []}) == "top"
    assert spec.top_kind(["not", "a", "mapping"]) == "top"
