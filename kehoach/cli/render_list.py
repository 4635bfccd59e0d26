"""Rendering `kehoach list` groups and `kehoach show` details."""

from __future__ import annotations

import datetime as dt

from kehoach.cli.output import console, to_csv, to_json, to_markdown, write_text
from kehoach.cli.render_entries import COLUMNS, MD_HEADERS, render_entries


def render_list(groups, today: dt.date, fmt: str) -> None:
    if fmt == "json":
        write_text(to_json([{"group": g.title, "items": [e.to_row(today) for e in g.entries]} for g in groups]))
        return
    if fmt == "csv":
        rows = [dict(e.to_row(today), group=g.title) for g in groups for e in g.entries]
        write_text(to_csv(rows, ["group", *COLUMNS]))
        return
    if fmt == "md":
        parts = []
        for g in groups:
            rows = [dict(e.to_row(today), state=e.to_row(today)["state_label"]) for e in g.entries]
            parts.append(f"### {g.title}\n\n" + to_markdown(rows, COLUMNS, MD_HEADERS))
        write_text("\n".join(parts))
        return
    for g in groups:
        render_entries(g.entries, today, "table", title=f"{g.title} ({len(g.entries)})")
    console().print(f"{sum(len(g.entries) for g in groups)} mục trong {len(groups)} nhóm.", style="dim")


def render_show(info: dict, fmt: str) -> None:
    if fmt == "json":
        write_text(to_json(info))
        return
    out = console()
    out.print(f"[bold]{info['number'] or info['plan']} · {info['id']}[/bold]  ({info['kind']})")
    out.print(f"Kế hoạch: {info['plan_title']} [{info['plan']}] — {info['province']}", markup=False)
    out.print(f"Tệp: {info['file']}:{info['line']}", markup=False)
    if info["section"]:
        out.print("Mục: " + " › ".join(f"{s['id']}. {s['title']}" for s in info["section"]), markup=False)
    for key, value in info["fields"].items():
        if key == "progress" and isinstance(value, list):
            out.print(f"{key}:", markup=False)
            for p in value:
                if isinstance(p, dict):
                    out.print(f"  - {p.get('date')}: {p.get('note')}", markup=False)
            continue
        text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
        out.print(f"{key}: {text}", markup=False)
    if info["lead_canonical"] != info["fields"].get("lead"):
        out.print(f"lead (registry): {'; '.join(info['lead_canonical'])}", markup=False, style="dim")
    tf = info["timeframe"]
    if tf:
        yrs = ", ".join(map(str, tf["years"])) + (" và các năm tiếp theo" if tf["open_ended"] else "")
        out.print(f"Thời gian hiểu là: {tf['kind']}, từ {tf['start'] or '—'} đến {tf['deadline'] or '—'}"
                  + (f" (năm: {yrs})" if yrs else ""), markup=False)
    if info["time_error"]:
        out.print(f"Thời gian không đọc được: {info['time_error']}", markup=False, style="red")
    if info["deadlines"]:
        out.print("Hạn: " + ", ".join(info["deadlines"]), markup=False)
    days = info["days"]
    out.print(f"Tình trạng: {info['state_label']}" + (f" ({days:+d} ngày)" if days is not None else ""), markup=False)
