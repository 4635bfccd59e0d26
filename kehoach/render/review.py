"""Review results as text: the semantic diff (styled lines for the terminal, plain text, Markdown) and an
item's history."""

from __future__ import annotations

from kehoach.i18n import _, language, translate
from kehoach.labels import KIND_LABELS, STATUS_LABELS, field, show_value, value
from kehoach.plandiff import (
    ADDED,
    MODIFIED,
    REMOVED,
    RENAMED,
    DiffResult,
    EntryChange,
    FieldChange,
    ItemChange,
    PlanDiff,
)

TEXT_WIDTH = 100
CHANGE_VI = {ADDED: "Thêm", REMOVED: "Xóa", MODIFIED: "Sửa", RENAMED: "Đổi mã"}
MARK = {ADDED: "+", REMOVED: "-", MODIFIED: "~", RENAMED: "~"}
STYLE = {ADDED: "green", REMOVED: "red", MODIFIED: "yellow", RENAMED: "yellow"}


def short(text: str, width: int = TEXT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _status(value) -> str:
    if value in STATUS_LABELS:
        return STATUS_LABELS[value] if language() == "vi" else f"{value} ({STATUS_LABELS[value]})"
    return show_value(value)


def field_line(change: FieldChange) -> str:
    """'when: Quý II → Quý III', 'progress: + 2024-07-15: Đã gửi', 'status: planned (…) → done (…)'."""
    name = field(change.field)
    if change.field == "status":
        return f"{name}: {_status(change.old)} → {_status(change.new)}"
    if change.field == "progress" and change.added and not change.removed:
        return f"{name}: " + "; ".join("+ " + value("progress", entry) for entry in change.added)
    return f"{name}: {value(change.field, change.old)} → {value(change.field, change.new)}"


def item_details(change: ItemChange) -> list[str]:
    """The detail lines of one item change, in the order a reviewer reads them."""
    lines = []
    if change.change == RENAMED:
        lines.append(f"đổi mã: {change.old_id} → {change.id}")
    if change.moved_from:
        old_id, old_title = change.moved_from
        lines.append(
            f"chuyển mục: {old_id}. {short(old_title, 50)} → {change.section}. {short(change.section_title, 50)}"
        )
    for f in change.fields:
        lines.append(field_line(f))
    if change.deadline:
        d = change.deadline
        lines.append(f"hạn: {value('due', d.old)} → {value('due', d.new)} ({d.label})")
    return lines


def entry_details(entry: EntryChange) -> list[str]:
    lines = [field_line(f) for f in entry.fields]
    if entry.deadline:
        d = entry.deadline
        lines.append(f"hạn: {value('due', d.old)} → {value('due', d.new)} ({d.label})")
    return lines


def _counts(plan: PlanDiff) -> str:
    c = plan.counts
    return f"{c.get('tasks', 0)} nhiệm vụ, {c.get('delegations', 0)} đoàn, {c.get('reporting', 0)} hạn báo cáo"


def summary(result: DiffResult) -> str:
    items = [i for p in result.plans for i in p.items]
    if not result.changed:
        return _("no changes to plans")
    parts = []
    plan_words = (
        (MODIFIED, _("{n} plan(s) changed")),
        (ADDED, _("{n} plan(s) added")),
        (REMOVED, _("{n} plan(s) removed")),
    )
    for change, words in plan_words:
        n = sum(p.change == change for p in result.plans)
        if n:
            parts.append(words.format(n=n))
    item_words = (
        (ADDED, _("{n} item(s) added")),
        (REMOVED, _("{n} item(s) removed")),
        (MODIFIED, _("{n} item(s) changed")),
        (RENAMED, _("{n} item(s) renamed")),
    )
    for change, words in item_words:
        n = sum(i.change == change for i in items)
        if n:
            parts.append(words.format(n=n))
    moved = sum(i.moved for i in items)
    later = sum(1 for i in items if i.deadline and i.deadline.days and i.deadline.days > 0)
    if moved:
        parts.append(_("{n} moved").format(n=moved))
    if later:
        parts.append(_("{n} deadline(s) later (lùi hạn)").format(n=later))
    return ", ".join(parts)


Line = tuple[str, str | None]  # a line of text and its style on a terminal ("bold", "red" …)


def plain(lines: list[Line]) -> str:
    """Styled lines as plain text: what the terminal shows, without colours (control characters escaped)."""
    from kehoach.text import visible

    return "".join(visible(text) + "\n" for text, _style in lines)


# -- text ----------------------------------------------------------------------------------------------
def diff_lines(result: DiffResult) -> list[Line]:
    """The diff as a reviewer reads it on a terminal: a line a change, in colour."""
    out: list[Line] = []
    _print(out, f"kehoach diff: {result.base.label} → {result.head.label}", style="bold", markup=False)
    for plan in result.plans:
        _print(out)
        where = plan.path if not plan.old_path or plan.old_path == plan.path else f"{plan.old_path} → {plan.path}"
        head = f"{plan.label}  {short(plan.title, 70)}  ({where})" if plan.title else f"{plan.label}  ({where})"
        _print(out, head, style="bold cyan", markup=False)
        if plan.error:
            _print(out, f"  ! {translate(plan.error)}", style="red", markup=False)
            continue
        if plan.change in (ADDED, REMOVED):
            word = "kế hoạch mới" if plan.change == ADDED else "kế hoạch bị xóa"
            _print(out, f"  {MARK[plan.change]} {word}: {_counts(plan)}", style=STYLE[plan.change], markup=False)
            continue
        for f in plan.meta:
            _print(out, f"  ~ plan.{field_line(f)}", style="yellow", markup=False)
        for f in plan.rules:
            _print(out, f"  ~ rules.{field_line(f)}", style="yellow", markup=False)
        for what, sep, entries in (("báo cáo", "  ", plan.reporting), ("mục", ". ", plan.sections)):
            for entry in entries:
                head = f"  {MARK[entry.change]} {what} {entry.id}{sep}{short(entry.title, 70)}"
                _print(out, head, style=STYLE[entry.change], markup=False)
                for line in entry_details(entry):
                    _print(out, f"      {line}", markup=False)
        for item in plan.items:
            _print(out, f"  {MARK[item.change]} {item.id}  {short(item.text)}", style=STYLE[item.change], markup=False)
            for line in item_details(item):
                late = "lùi hạn" in line
                _print(out, f"      {line}", style="bold red" if late else None, markup=False)
    _print(out)
    _print(out, summary(result), style="bold" if result.changed else "green", markup=False)
    return out


# -- markdown --------------------------------------------------------------------------------------------
def md_escape(text: str) -> str:
    from kehoach.text import markdown

    return markdown(text)


def md_code(text: str) -> str:
    from kehoach.text import markdown_code

    return markdown_code(text)


def _md_line(line: str) -> str:
    key, sep, rest = line.partition(": ")
    text = f"{md_code(key)}: {md_escape(rest)}" if sep else md_escape(line)
    if key == "hạn" and "(" in text:  # the shift itself in bold: (**lùi hạn 92 ngày**)
        start, end = text.rindex("(") + 1, text.rindex(")")
        text = f"{text[:start]}**{text[start:end]}**{text[end:]}"
    return text


def render_diff_md(result: DiffResult) -> str:
    """The diff as GitHub-flavoured Markdown, to paste (or post) as a pull-request comment."""
    out = [f"## kehoach diff: {md_code(result.base.label)} → {md_code(result.head.label)}", ""]
    if not result.changed:
        return "\n".join(out + ["Không có thay đổi kế hoạch (no changes to plans).", ""])
    for plan in result.plans:
        title = f"{md_escape(plan.label)} — {md_escape(plan.title)}" if plan.title else md_escape(plan.label)
        out.append(f"### {title}")
        where = (
            md_code(plan.path)
            if not plan.old_path or plan.old_path == plan.path
            else (f"{md_code(plan.old_path)} → {md_code(plan.path)}")
        )
        out += [where, ""]
        if plan.error:
            out += [f"> ⚠️ {md_escape(translate(plan.error))}", ""]
            continue
        if plan.change in (ADDED, REMOVED):
            word = "Kế hoạch mới" if plan.change == ADDED else "Kế hoạch bị xóa"
            out += [f"**{word}**: {_counts(plan)}.", ""]
            continue
        for f in plan.meta:
            out.append(f"- **Thông tin kế hoạch** {_md_line(field_line(f))}")
        for f in plan.rules:
            out.append(f"- **Quy định** {_md_line(field_line(f))}")
        for entry in plan.reporting:
            out.append(
                f"- **{CHANGE_VI[entry.change]} báo cáo** {md_code(entry.id)} {md_escape(short(entry.title, 80))}"
            )
            out.extend(f"  - {_md_line(line)}" for line in entry_details(entry))
        for entry in plan.sections:
            out.append(f"- **{CHANGE_VI[entry.change]} mục** {md_code(entry.id)} {md_escape(short(entry.title, 80))}")
            out.extend(f"  - {_md_line(line)}" for line in entry_details(entry))
        for item in plan.items:
            label = CHANGE_VI[item.change]
            if item.change == MODIFIED and item.moved and not item.fields:
                label = "Chuyển mục"
            ident = f"{md_code(item.old_id)} → {md_code(item.id)}" if item.change == RENAMED else md_code(item.id)
            out.append(f"- **{label}** {KIND_LABELS.get(item.kind, item.kind)} {ident}: {md_escape(short(item.text))}")
            if item.change == ADDED and item.when:
                out.append(f"  - `when`: {md_escape(item.when)}")
            details = item_details(item)
            if item.change == RENAMED:
                details = details[1:]
            out.extend(f"  - {_md_line(line)}" for line in details)
        out.append("")
    out += [f"_{md_escape(summary(result))}_", ""]
    return "\n".join(out)


# -- log -------------------------------------------------------------------------------------------------
def log_lines(ref: str, path: str, events: list) -> list[Line]:
    """An item's history, a block per commit."""
    out: list[Line] = []
    _print(out, f"{ref}  ({path})", style="bold", markup=False)
    if not events:
        _print(out, _("no commit changed this item"), style="dim", markup=False)
        return out
    for ev in events:
        _print(out)
        _print(out, f"{ev.sha[:10]}  {ev.date[:10]}  {ev.author}  {ev.subject}", style="yellow", markup=False)
        change = ev.change
        if change.change in (ADDED, REMOVED):
            word = "thêm" if change.change == ADDED else "xóa"
            _print(
                out, f"    {word}: {short(change.text)}" + (f" [{change.when}]" if change.when else ""), markup=False
            )
        for line in item_details(change):
            _print(out, f"    {line}", markup=False)
    return out


def _print(out: list[Line], text: str = "", style: str | None = None, markup: bool = False) -> None:
    out.append((text, style))
