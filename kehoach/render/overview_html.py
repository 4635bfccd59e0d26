"""`kehoach overview --format html`: one self-contained page (inline CSS, no script, no web font, no link to
anything) with the matrix, the bars and the timeline, that can be e-mailed or opened from a shared drive and
read on a phone (the matrix scrolls sideways with the agency column kept in view)."""

from __future__ import annotations

import html

from kehoach import __version__
from kehoach import deadlines as dl
from kehoach.deadlines import days_phrase
from kehoach.overview import (
    BAR_LABELS,
    BAR_STATES,
    COLUMN_LABELS,
    COLUMN_SHORT,
    DONE_TONE,
    EMPTY,
    NEUTRAL,
    OVERDUE,
    SOON,
    SOON_DAYS,
    TIMELINE_KINDS,
    TIMELINE_LABELS,
    TONE_LABELS,
    TOTALS_NOTE,
    Cell,
    NextReport,
    Overview,
    ProvinceOverview,
)
from kehoach.text import visible

CSS = """
:root { --red:#c62828; --yellow:#f9c846; --green:#2e7d32; --olive:#9e9d24; --blue:#1e6fd9; --grey:#b8c2cc;
  --ink:#1d2430; --muted:#5f6b7a; --line:#dde3ea; --paper:#ffffff; --soft:#f4f6f9;
  --delegation:#1e6fd9; --milestone:#8e5bd6; --report:#e07b00; }
* { box-sizing: border-box; }
body { margin:0; background:var(--soft); color:var(--ink);
  font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 12px 16px; }
h1 { font-size: 1.35rem; margin: 8px 0 2px; }
h2 { font-size: 1.15rem; margin: 0 0 4px; }
h3 { font-size: 1rem; margin: 18px 0 6px; }
.meta, .note, footer { color: var(--muted); font-size: .85rem; }
.notice { background:#e8f1fd; border-left:4px solid var(--blue); padding:6px 10px; }
section.province { background:var(--paper); border:1px solid var(--line); border-radius:10px; padding:14px;
  margin: 14px 0; }
.next { display:inline-block; background:#fff4e5; border:1px solid #ffd8a8; border-radius:8px; padding:6px 10px;
  margin:6px 0; }
.next b { color:#a14f00; }
.scroll { overflow-x:auto; -webkit-overflow-scrolling:touch; border:1px solid var(--line); border-radius:8px; }
table.matrix { border-collapse:separate; border-spacing:0; width:100%; min-width:760px; font-size:.9rem; }
.matrix th, .matrix td { padding:6px 8px; border-bottom:1px solid var(--line); text-align:center;
  white-space:nowrap; }
.matrix thead th { background:#eef2f6; font-weight:600; position:sticky; top:0; }
.matrix th.agency { text-align:left; white-space:normal; min-width:180px; max-width:280px; font-weight:500;
  position:sticky; left:0; background:var(--paper); z-index:1; border-right:1px solid var(--line); }
.matrix thead th.agency { background:#eef2f6; z-index:2; }
.matrix tfoot th, .matrix tfoot td { font-weight:700; background:#f7f9fb; border-top:2px solid #c9d2dc; }
.matrix tfoot th.agency { background:#f7f9fb; }
td.cell { font-weight:700; min-width:54px; }
.matrix td.overdue { background:var(--red); color:#fff; }
.matrix td.soon { background:var(--yellow); color:#3a2c00; }
.matrix td.done { background:var(--green); color:#fff; }
.matrix td.neutral { background:#eef1f4; }
td.empty { color:#b0b8c2; font-weight:400; }
td.total { font-weight:700; text-align:right; }
td.bars { min-width:210px; text-align:left; }
.bar { display:flex; height:14px; border-radius:3px; overflow:hidden; background:#f0f2f5; }
.bar span { display:block; height:100%; }
.s-done-on-time { background:var(--green); } .s-done-late { background:var(--olive); }
.s-open-in-time { background:var(--blue); } .s-open-overdue { background:var(--red); }
.s-no-deadline { background:var(--grey); }
.nums { font-size:.78rem; color:var(--muted); margin-top:2px; font-variant-numeric:tabular-nums; }
.nums .n-open-overdue { color:var(--red); font-weight:700; }
td.report { text-align:left; font-size:.85rem; }
.legend { display:flex; flex-wrap:wrap; gap:6px 14px; margin:8px 0 0; font-size:.82rem; color:var(--muted); }
.legend i { display:inline-block; width:14px; height:14px; border-radius:3px; vertical-align:-2px;
  margin-right:4px; }
.legend i.overdue { background:var(--red); } .legend i.soon { background:var(--yellow); }
.legend i.done { background:var(--green); } .legend i.neutral { background:#eef1f4; border:1px solid #ccd; }
.timeline { display:grid; grid-template-columns:repeat(12, minmax(0, 1fr)); gap:4px; align-items:end;
  height:170px; padding:6px 4px 0; border-bottom:1px solid var(--line); }
.month { display:flex; flex-direction:column; justify-content:flex-end; align-items:center; height:100%; }
.month .stack { width:78%; max-width:46px; display:flex; flex-direction:column-reverse; border-radius:4px 4px 0 0;
  overflow:hidden; }
.month .stack span { display:block; width:100%; }
.k-delegation { background:var(--delegation); } .k-milestone { background:var(--milestone); }
.k-report { background:var(--report); }
.month .count { font-size:.8rem; font-weight:700; }
.month.busiest .count { color:#a14f00; }
.months { display:grid; grid-template-columns:repeat(12, minmax(0, 1fr)); gap:4px; text-align:center;
  font-size:.78rem; color:var(--muted); padding:2px 4px; }
.months .busiest { color:#a14f00; font-weight:700; }
details { margin-top:8px; }
summary { cursor:pointer; color:var(--blue); }
ul.deadlines { margin:4px 0 8px; padding-left:18px; font-size:.85rem; }
ul.deadlines .tag { display:inline-block; color:#fff; border-radius:3px; padding:0 4px; font-size:.72rem;
  margin-right:4px; }
@media (max-width: 600px) {
  body { font-size:14px; }
  header, main, footer { padding: 8px 10px; }
  section.province { padding:10px; border-radius:8px; }
  .matrix th, .matrix td { padding:5px 6px; }
  .matrix th.agency { min-width:140px; max-width:170px; }
  .timeline { height:130px; gap:2px; }
}
@media print {
  body { background:#fff; }
  .scroll { overflow:visible; border:none; }
  table.matrix { min-width:0; }
  section.province { break-inside:avoid; border:none; }
}
"""


def escape(text, quote: bool = True) -> str:
    """HTML-escaped plan text, its control characters made visible (``text.visible``)."""
    return html.escape(visible(str(text)), quote)


def _report(report: NextReport | None, long: bool = False) -> str:
    if report is None:
        return "—"
    when = f"{report.deadline:%d/%m/%Y}" if long else f"{report.deadline:%d/%m}"
    text = f"<b>{when}</b> · {escape(days_phrase(report.days))}"
    if long:
        text += f" — {escape(' '.join(report.title.split()))} ({escape(report.plan)})"
    return text


def _cell(cell: Cell, column_label: str) -> str:
    if cell.tone == EMPTY:
        return '<td class="cell empty">·</td>'
    refs = ", ".join(e.ref.split(":", 1)[1] for e in cell.entries)
    title = f"{column_label}: {cell.count} mục — {TONE_LABELS[cell.tone]} ({refs})"
    return f'<td class="cell {cell.tone}" title="{escape(title)}">{cell.count}</td>'


def _bar(bar: dict[str, int], longest: int) -> str:
    total = sum(bar.values())
    width = 100 * total / longest if longest else 0
    spans = "".join(
        f'<span class="s-{s}" style="flex-grow:{bar[s]}" title="{escape(BAR_LABELS[s])}: {bar[s]}"></span>'
        for s in BAR_STATES
        if bar[s]
    )
    nums = " · ".join(
        f'<span class="n-{s}" title="{escape(BAR_LABELS[s])}">{bar[s]}</span>'
        if bar[s]
        else f'<span title="{escape(BAR_LABELS[s])}">0</span>'
        for s in BAR_STATES[:4]
    )
    return (
        f'<div class="bar" style="width:{max(width, 2 if total else 0):.1f}%">{spans}</div>'
        f'<div class="nums">{nums}{f" · +{bar[dl.NO_DEADLINE]} TX/ĐK" if bar[dl.NO_DEADLINE] else ""}</div>'
    )


def _matrix(ov: Overview, part: ProvinceOverview) -> str:
    columns = ov.columns
    head = "".join(
        f'<th scope="col" title="{escape(COLUMN_LABELS[c])}">{escape(COLUMN_SHORT[c])}</th>' for c in columns
    )
    out = [
        '<div class="scroll"><table class="matrix">',
        f'<thead><tr><th class="agency" scope="col">Cơ quan chủ trì</th>{head}<th scope="col">Tổng</th>'
        '<th scope="col">Tình trạng</th><th scope="col">Báo cáo kế tiếp</th></tr></thead><tbody>',
    ]
    longest = max((r.total for r in part.rows), default=0)
    for row in part.rows:
        cells = "".join(_cell(row.cells[c], COLUMN_LABELS[c]) for c in columns)
        out.append(
            f'<tr><th class="agency" scope="row">{escape(row.agency)}</th>{cells}'
            f'<td class="total">{row.total}</td><td class="bars">{_bar(row.bar, longest)}</td>'
            f'<td class="report">{_report(row.next_report)}</td></tr>'
        )
    if not part.rows:
        out.append(f'<tr><th class="agency">(không có mục nào)</th><td colspan="{len(columns) + 3}"></td></tr>')
    totals = "".join(_cell(part.totals[c], COLUMN_LABELS[c]) for c in columns)
    out.append(
        f'</tbody><tfoot><tr><th class="agency" scope="row">Tổng cộng (mỗi mục một lần)</th>{totals}'
        f'<td class="total">{part.total}</td><td class="bars">{_bar(part.totals_bar(ov.today), part.total)}</td>'
        f'<td class="report">{_report(part.next_report)}</td></tr></tfoot></table></div>'
    )
    return "\n".join(out)


def _legend() -> str:
    tones = "".join(
        f'<span><i class="{t}"></i>{escape(TONE_LABELS[t])}</span>' for t in (OVERDUE, SOON, DONE_TONE, NEUTRAL)
    )
    states = "".join(f'<span><i class="s-{s}"></i>{escape(BAR_LABELS[s])}</span>' for s in BAR_STATES)
    return (
        f'<div class="legend"><b>Ô:</b>{tones}<span>TX/ĐK: thường xuyên / theo điều kiện</span></div>'
        f'<div class="legend"><b>Tình trạng:</b>{states}</div>'
        '<div class="legend">Số dưới thanh: đúng hạn · quá hạn (đã xong) · trong hạn · quá hạn (chưa xong)'
        f" — “sắp đến hạn”: còn ≤ {SOON_DAYS} ngày.</div>"
    )


def _timeline(ov: Overview, part: ProvinceOverview) -> str:
    top = max((m.total for m in part.timeline), default=0)
    bars, labels, lists = [], [], []
    for m in part.timeline:
        kinds = m.kinds()
        height = 100 * m.total / top if top else 0
        segs = "".join(
            f'<span class="k-{k}" style="flex-grow:{kinds[k]}" title="{kinds[k]} {escape(TIMELINE_LABELS[k])}"></span>'
            for k in TIMELINE_KINDS
            if kinds[k]
        )
        busy = " busiest" if m.busiest else ""
        summary = ", ".join(f"{kinds[k]} {TIMELINE_LABELS[k]}" for k in TIMELINE_KINDS if kinds[k]) or "không có hạn"
        bars.append(
            f'<div class="month{busy}" title="Tháng {m.month}: {escape(summary)}">'
            f'<span class="count">{m.total or ""}</span>'
            f'<div class="stack" style="height:{height:.1f}%">{segs}</div></div>'
        )
        labels.append(f'<span class="{busy.strip()}">T{m.month}</span>')
        if m.entries:
            items = "".join(
                f'<li><span class="tag k-{e.kind}">{escape(TIMELINE_LABELS[e.kind])}</span>'
                f"<b>{e.deadline:%d/%m}</b> {escape(e.plan.label)} · {escape(e.id)} — "
                f"{escape(_short(e.text))}{' (' + escape('; '.join(e.lead)) + ')' if e.lead else ''}</li>"
                for e in m.entries
            )
            lists.append(f'<h4>Tháng {m.month} ({m.total})</h4><ul class="deadlines">{items}</ul>')
    legend = "".join(f'<span><i class="k-{k}"></i>{escape(TIMELINE_LABELS[k])}</span>' for k in TIMELINE_KINDS)
    details = (
        f"<details><summary>Danh sách các hạn theo tháng</summary>{''.join(lists)}</details>"
        if lists
        else '<p class="note">Không có hạn nào của đoàn, mốc chương trình đoàn hay báo cáo.</p>'
    )
    return (
        f"<h3>Lịch hạn theo tháng năm {ov.year} (đoàn, mốc chương trình đoàn, báo cáo)</h3>"
        f'<div class="timeline">{"".join(bars)}</div><div class="months">{"".join(labels)}</div>'
        f'<div class="legend">{legend}</div>{details}'
    )


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_overview_html(ov: Overview) -> str:
    parts = []
    for part in ov.provinces:
        plans = "; ".join(f"{p.label} — {p.title}" for p in part.plans)
        note = TOTALS_NOTE + (f" {part.cancelled} mục đã hủy không được tính." if part.cancelled else "")
        next_line = (
            f'<div class="next">Báo cáo kế tiếp: {_report(part.next_report, long=True)}</div>'
            if part.next_report
            else ""
        )
        parts.append(
            f'<section class="province"><h2>{escape(part.province)}</h2><p class="meta">{escape(plans)}</p>'
            f"{next_line}<h3>Việc theo cơ quan và quý</h3>{_matrix(ov, part)}"
            f'<p class="note">{escape(note)}</p>{_legend()}{_timeline(ov, part)}</section>'
        )
    if not parts:
        parts.append('<section class="province"><p>Không có mục nào cho lựa chọn này.</p></section>')
    notice = f'<p class="notice">{escape(ov.notice)}</p>' if ov.notice else ""
    who = f" · {escape(ov.agency)}" if ov.agency else ""
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kehoach {escape(__version__)}">
<title>{escape(ov.title)}</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>Tổng quan năm {ov.year}{who}</h1>
<p class="meta">Số liệu đến ngày {ov.today:%d/%m/%Y} · {len(ov.provinces)} tỉnh · \
{sum(len(p.plans) for p in ov.provinces)} kế hoạch</p>{notice}</header>
<main>
{chr(10).join(parts)}
</main>
<footer>Tạo bởi kehoach {escape(__version__)} ngày {ov.today:%d/%m/%Y}. Trang này không cần mạng: \
có thể gửi qua thư điện tử hoặc mở từ ổ đĩa dùng chung.</footer>
</body>
</html>
"""
