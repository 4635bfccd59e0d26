"""``dump_plan``: a plan document written as YAML formatted like the shipped plans."""

from __future__ import annotations

import io

SCHEMA_COMMENT = "yaml-language-server: $schema=../../docs/plan.schema.json"


# -- writing ---------------------------------------------------------------------------------------------
_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}


def dump_plan(data: dict, comment: str | None = SCHEMA_COMMENT) -> str:
    """The plan as YAML the way the shipped plans are written: 2-space indent, ``- id: …`` indented under
    its key, long lines never folded, double quotes only where YAML needs quotes."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.emitter import RoundTripEmitter
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    class Emitter(RoundTripEmitter):
        def choose_scalar_style(self):
            style = super().choose_scalar_style()
            return '"' if style == "'" else style

    class Representer(RoundTripRepresenter):
        def ignore_aliases(self, value):
            return True

    Representer.add_representer(type(None), lambda r, _v: r.represent_scalar("tag:yaml.org,2002:null", "null"))

    def convert(value, key=None):
        if isinstance(value, dict):
            out = CommentedMap()
            for k, v in value.items():
                out[k] = convert(v, k)
            return out
        if isinstance(value, list):
            seq = CommentedSeq(convert(v) for v in value)
            if key == "years":
                seq.fa.set_flow_style()
            return seq
        if isinstance(value, str) and value.strip().lower() in _YAML11_WORDS:
            return DoubleQuotedScalarString(value)  # read as true/false by YAML 1.1 tools
        return value

    yaml = YAML(typ="rt")
    yaml.Emitter = Emitter
    yaml.Representer = Representer
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = convert(data)
    if comment:
        doc.yaml_set_start_comment(comment)
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()
