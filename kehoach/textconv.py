"""A stable, line-oriented rendering of one plan, for git's textconv diff driver.

One field per line, each item introduced by ``[ID] text`` and each section by ``## ID. title``, so that
``git diff`` and ``git log -p`` show field-level changes under the item they belong to. The rendering
depends only on the file's content. A file that is not a readable plan is passed through unchanged,
so git never fails because of it.
"""

from __future__ import annotations

from kehoach.errors import PlanDataError
from kehoach.labels import show_value
from kehoach.model import TASK, Item, Plan
from kehoach.plandiff import normalize, read_plan
from kehoach.spec import KEY_ORDER

ITEM_HEADER = r"^(\[.*\].*|## .*)$"  # git config diff.kehoach.xfuncname


def _fields(data: dict, order: list[str], skip: tuple[str, ...]) -> list[tuple[str, object]]:
    keys = [k for k in order if k in data] + sorted((k for k in data if k not in order), key=str)
    return [(str(k), data[k]) for k in keys if k not in skip]


def _line(key: str, value: object, indent: str = "  ") -> list[str]:
    value = normalize(key, value)
    if key == "progress" and isinstance(value, list):
        return [f"{indent}progress: {show_value(entry)}" for entry in value]
    return [f"{indent}{key}: {_one_line(show_value(value))}"]


def _one_line(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "⏎ ")


def _deadline_note(item: Item) -> str:
    tf = item.timeframe
    if item.time_error:
        return "  (không đọc được thời gian)"
    if tf is None:
        return ""
    if tf.deadline:
        return f"  (hạn {tf.deadline.isoformat()})"
    return f"  ({tf.kind})"


def _item(item: Item) -> list[str]:
    out = [f"[{item.id}] {_one_line(item.text)}"]
    order = KEY_ORDER["item" if item.kind == TASK else "delegation"]
    skip = ("id", "task") if item.kind == TASK else ("id",)
    note_on = "due" if "due" in item.data else "when"
    data = {**item.data, "status": item.data.get("status") or item.status}  # no status: planned
    for key, value in _fields(data, order, skip):
        lines = _line(key, value)
        if key == note_on:
            lines[-1] += _deadline_note(item)
        out.extend(lines)
    return out + [""]


def render(plan: Plan, data: dict) -> str:
    lines = [f"# {plan.label} — {plan.title}", ""]
    for key, value in _fields(plan.meta, KEY_ORDER["plan"], ()):
        lines.extend(_line(key, value, "plan."))
    lines.append("")
    reporting = [r for r in data.get("reporting") or [] if isinstance(r, dict)]
    if reporting:
        lines += ["## Chế độ báo cáo (reporting)", ""]
        for rule, raw in zip(plan.reporting, reporting, strict=False):
            lines.append(f"[{rule.id}] {_one_line(rule.title)}".rstrip())
            for key, value in _fields(raw, KEY_ORDER["reporting"], ("id", "title")):
                lines.extend(_line(key, value))
            deadline = rule.deadline_in(rule.date.year if rule.date else plan.year)
            if deadline:
                lines.append(f"  hạn {plan.year if not rule.date else rule.date.year}: {deadline.isoformat()}")
            lines.append("")
    if plan.rules:
        lines += ["## Quy định (rules)", ""]
        for key, value in _fields(plan.rules, KEY_ORDER["rules"], ()):
            lines.extend(_line(key, value, ""))
        lines.append("")
    raw_sections = [s for s in data.get("sections") or [] if isinstance(s, dict)]
    for section, raw in zip(plan.sections, raw_sections, strict=False):
        lines.extend(_section(section, raw, ()))
    if plan.delegations:
        lines += ["## Đoàn ra, đoàn vào (delegations)", ""]
        for item in plan.delegations:
            lines.extend(_item(item))
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def _section(section, raw: dict, trail: tuple[str, ...]) -> list[str]:
    path = trail + (section.id,)
    out = [f"## {' › '.join(path)}. {_one_line(section.title)}"]
    for key, value in _fields(raw, KEY_ORDER["section"], ("id", "title", "items", "sections")):
        out.extend(_line(key, value))
    out.append("")
    for item in section.items:
        out.extend(_item(item))
    subs = [s for s in raw.get("sections") or [] if isinstance(s, dict)]
    for sub, sub_raw in zip(section.sections, subs, strict=False):
        out.extend(_section(sub, sub_raw, path))
    return out


def textconv(raw: bytes, path: str) -> str | bytes:
    """The rendering of a plan file's bytes; the bytes themselves when they are not a readable plan."""
    try:
        version = read_plan(raw, path)
    except PlanDataError:
        return raw
    if version is None:
        return raw
    from kehoach.text import visible

    return visible(render(version.plan, version.data))  # git shows it on a terminal
