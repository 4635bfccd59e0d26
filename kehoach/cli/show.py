"""Printing `kehoach show`: one item as a two-column sheet on the terminal, or JSON."""

from __future__ import annotations

import datetime as dt

from kehoach.cli.output import to_json, write_text
from kehoach.deadlines import days_phrase


def render_show(info: dict, fmt: str) -> None:
    """One item: a two-column sheet (field, value) whose values wrap between words."""
    if fmt == "json":
        write_text(to_json(info))
        return
    from kehoach.i18n import _, human_date
    from kehoach.labels import field, item_kind, timing
    from kehoach.render.table import page, sheet, styled

    out = page()
    rows: list[tuple[str, str, str]] = []

    def row(key: str, value, style: str = "") -> None:
        rows.append((key, str(value), style))

    row("Kế hoạch", f"{info['plan_title']} [{info['plan']}] — {info['province']}")
    row("Tệp", f"{info['file']}:{info['line']}")
    if info["section"]:
        row("Mục", " › ".join(f"{s['id']}. {s['title']}" for s in info["section"]))
    for key, value in info["fields"].items():
        if key == "progress" and isinstance(value, list):
            notes = [f"{human_date(p.get('date'))}: {p.get('note')}" for p in value if isinstance(p, dict)]
            row(field(key), "\n".join(notes))
            continue
        if key in ("due", "done_on"):
            value = human_date(value)
        row(field(key), "; ".join(map(str, value)) if isinstance(value, list) else value)
    if info["lead_canonical"] != info["fields"].get("lead") and info["lead_canonical"]:
        row(_("{field} (registry)").format(field=field("lead")), "; ".join(info["lead_canonical"]), "dim")
    for was in info.get("lead_now", []):
        until = f" (từ {was['until'] + dt.timedelta(days=1):%d/%m/%Y})" if was["until"] else ""
        row("nay là", f"{was['lead']} → nay là: {'; '.join(was['now'])}{until}", "yellow")
    if info["support_canonical"] and info["support_canonical"] != info["fields"].get("support"):
        row(_("{field} (registry)").format(field=field("support")), "; ".join(info["support_canonical"]), "dim")
    tf = info["timeframe"]
    if tf:
        years = ", ".join(map(str, tf["years"])) + (" và các năm tiếp theo" if tf["open_ended"] else "")
        if tf["kind"] == "recurring":
            every = {"half": "mỗi 6 tháng", "quarter": "mỗi quý", "month": "mỗi tháng"}.get(tf.get("period"), "mỗi năm")
            span = f"{every} một hạn: ngày cuối của khoảng thời gian"
        elif tf["deadline"]:
            span = f"từ {human_date(tf['start'])} đến {human_date(tf['deadline'])}"
        else:
            span = "không có hạn"
        row("Thời gian hiểu là", f"{timing(tf['kind'])}, {span}" + (f" (năm: {years})" if years else ""))
        if tf.get("unread"):  # KH306: the reading above rests on the rest of the text
            row("Không hiểu được", f"{tf['unread']!r} — hạn trên chỉ dựa vào phần còn lại", "yellow")
    if info["time_error"]:
        row("Thời gian", f"không đọc được: {info['time_error']}", "red")
    if len(info["deadlines"]) > 1:
        row("Các hạn", "\n".join(f"{human_date(d['deadline'])}: {d['state_label']}" for d in info["deadlines"]))
    for m in info["milestones"]:
        row("Mốc", f"{human_date(m['deadline'])}: {m['text']} — {m['state_label']}")
    row("Hạn", human_date(info["deadline"]))
    days = info["days"]
    state = info["state_label"]
    if days is not None and info["state"] in ("open-in-time", "open-overdue"):
        state += f" ({days_phrase(days)})"
    row("Tình trạng", f"{state} — tính đến {dt.date.fromisoformat(info['today']):%d/%m/%Y}")
    head = f"{info['number'] or info['plan']} · {info['id']}  ({item_kind(info['kind'])})"
    write_text(styled(head, "bold", out.color) + "\n" + sheet(rows, out) + "\n")
