"""`kehoach overview` on the terminal (rich), and the same picture recorded as SVG or plain text.

The SVG is what the terminal shows: the same renderables printed to a recording console, exported with
rich's ``export_svg`` (the template's web-font ``@font-face`` rules removed, so the file needs no network).
"""

from __future__ import annotations

import re

from kehoach import deadlines as dl
from kehoach.deadlines import days_phrase
from kehoach.overview import (
    BAR_LABELS,
    BAR_STATES,
    COLUMN_SHORT,
    DONE_TONE,
    EMPTY,
    NEUTRAL,
    OVERDUE,
    SOON,
    SOON_DAYS,
    TIMELINE_KINDS,
    TOTALS_NOTE,
    Cell,
    NextReport,
    Overview,
    ProvinceOverview,
)

TONE_STYLES = {
    OVERDUE: "bold white on red3",
    SOON: "bold black on yellow3",
    DONE_TONE: "bold white on green4",
    NEUTRAL: "",
    EMPTY: "grey50",
}
TONE_MARKS = {OVERDUE: "!", SOON: "*", DONE_TONE: "✓", NEUTRAL: "", EMPTY: ""}
STATE_STYLES = {
    dl.DONE_ON_TIME: "green4",
    dl.DONE_LATE: "dark_olive_green3",
    dl.OPEN_IN_TIME: "dodger_blue2",
    dl.OPEN_OVERDUE: "red3",
    dl.NO_DEADLINE: "grey50",
}
STATE_GLYPHS = {
    dl.DONE_ON_TIME: "█",
    dl.DONE_LATE: "▓",
    dl.OPEN_IN_TIME: "▒",
    dl.OPEN_OVERDUE: "█",
    dl.NO_DEADLINE: "░",
}
KIND_STYLES = {dl.DELEGATION: "dodger_blue2", dl.MILESTONE: "medium_purple2", dl.REPORT: "dark_orange"}
KIND_SHORT = {dl.DELEGATION: "đoàn", dl.MILESTONE: "mốc", dl.REPORT: "báo cáo"}
BAR_WIDTH = 16
TIMELINE_WIDTH = 24
SVG_TITLE = "kehoach overview"
# Local monospace fonts with Vietnamese (precomposed) letters first; DejaVu Sans Mono lacks many of them.
SVG_FONTS = "'Fira Code', Menlo, Consolas, 'Liberation Mono', 'Courier New', 'DejaVu Sans Mono', monospace"


def scale(counts: list[int], width: int) -> list[int]:
    """Split ``width`` cells among ``counts`` (largest remainder), at least one cell for every non-zero count."""
    total = sum(counts)
    if total <= 0 or width <= 0:
        return [0 for _ in counts]
    raw = [c * width / total for c in counts]
    cells = [int(r) for r in raw]
    for i in sorted(range(len(counts)), key=lambda i: raw[i] - cells[i], reverse=True)[: width - sum(cells)]:
        cells[i] += 1
    for i, c in enumerate(counts):
        if c and not cells[i]:
            cells[i] = 1
            j = max(range(len(cells)), key=lambda k: cells[k])
            if cells[j] > 1:
                cells[j] -= 1
    return cells


def report_text(report: NextReport | None, short: bool = False) -> str:
    if report is None:
        return "—"
    return f"{report.deadline:%d/%m}" if short else f"{report.deadline:%d/%m} · {days_phrase(report.days)}"


def cell_text(cell: Cell):
    from rich.text import Text

    if cell.tone == EMPTY:
        return Text("·", style=TONE_STYLES[EMPTY], justify="center")
    mark = TONE_MARKS[cell.tone]
    return Text(f" {cell.count}{mark} " if mark else f"{cell.count}", style=TONE_STYLES[cell.tone], justify="center")


def numbers_text(bar: dict[str, int]) -> str:
    return "·".join(str(bar[s]) for s in BAR_STATES[:4])


def bar_text(bar: dict[str, int], longest: int, bar_width: int = BAR_WIDTH, numbers_width: int = 0):
    """The coloured bar (its length in proportion to ``longest``, at most ``bar_width``) and the four state
    counts (right-aligned in ``numbers_width``)."""
    from rich.text import Text

    counts = [bar[s] for s in BAR_STATES]
    text = Text(no_wrap=True)
    if bar_width:
        width = round(bar_width * sum(counts) / longest) if longest else 0
        for state, n in zip(BAR_STATES, scale(counts, max(width, 1 if sum(counts) else 0)), strict=True):
            text.append(STATE_GLYPHS[state] * n, style=STATE_STYLES[state])
        text.append(" " * (bar_width + 1 - text.cell_len))
    text.append(" " * (numbers_width - len(numbers_text(bar))))
    for i, state in enumerate(BAR_STATES[:4]):
        if i:
            text.append("·", style="grey50")
        text.append(str(bar[state]), style=STATE_STYLES[state] if bar[state] else "grey50")
    return text


def layout(ov: Overview, part: ProvinceOverview, width: int) -> tuple[int, str]:
    """(bar width, report column: 'long' | 'short' | 'none') so that the matrix keeps a readable agency column
    on ``width`` cells: the bar shrinks first (down to none), then the report column drops 'còn N ngày', then
    the report column goes (the next report of the province is still printed above the table)."""
    from rich.cells import cell_len

    agency = min(24, max([cell_len(r.agency) for r in part.rows] + [len("Cơ quan chủ trì")]))
    matrix = sum(max(len(COLUMN_SHORT[c]), 5) + 3 for c in ov.columns) + max(4, len(str(part.total))) + 3
    numbers = max(len(numbers_text(b)) for b in [r.bar for r in part.rows] + [part.totals_bar(ov.today)])
    reports = [report_text(r.next_report) for r in part.rows] + [report_text(part.next_report)]
    report = max(cell_len(x) for x in [*reports, "Báo cáo kế tiếp"]) + 3
    base = 1 + agency + 3 + matrix  # left edge, agency column, quarters, total
    room = width - base - report - 3 - numbers - 1
    if room >= 4:
        return min(BAR_WIDTH, room), "long"
    status = max(numbers, len("Tình trạng")) + 3
    if base + status + report <= width:
        return 0, "long"
    if base + status + len("Báo cáo") + 3 <= width:
        return 0, "short"
    return 0, "none"


def province_renderables(ov: Overview, part: ProvinceOverview, width: int = 160) -> list:
    from rich.table import Table
    from rich.text import Text

    columns = ov.columns
    bar_width, reports = layout(ov, part, width)
    short = reports == "short"
    out: list = [Text(f"{part.province} · {', '.join(p.label for p in part.plans)}", style="bold")]
    if part.next_report:
        r = part.next_report
        line = Text("Báo cáo kế tiếp: ", style="bold")
        line.append(f"{r.deadline:%d/%m/%Y} ({days_phrase(r.days)})", style="dark_orange bold")
        line.append(f" — {' '.join(r.title.split())} ({r.plan})")
        out.append(line)
    table = Table(show_footer=True, expand=False, header_style="bold", footer_style="bold")
    table.add_column("Cơ quan chủ trì", "Tổng cộng (mỗi mục một lần)", overflow="fold", min_width=12, max_width=36)
    for c in columns:
        table.add_column(COLUMN_SHORT[c], cell_text(part.totals[c]), justify="center", no_wrap=True, min_width=5)
    table.add_column("Tổng", str(part.total), justify="right", no_wrap=True)
    longest = max((r.total for r in part.rows), default=0)
    total_bar = part.totals_bar(ov.today)
    numbers = max(len(numbers_text(b)) for b in [r.bar for r in part.rows] + [total_bar])
    table.add_column("Tình trạng", bar_text(total_bar, part.total, bar_width, numbers), no_wrap=True)
    if reports != "none":
        table.add_column("Báo cáo" if short else "Báo cáo kế tiếp", report_text(part.next_report, short), no_wrap=True)
    for row in part.rows:
        last = [report_text(row.next_report, short)] if reports != "none" else []
        table.add_row(
            row.agency,
            *(cell_text(row.cells[c]) for c in columns),
            str(row.total),
            bar_text(row.bar, longest, bar_width, numbers),
            *last,
        )
    if not part.rows:
        table.add_row("(không có mục nào)", *("" for _ in columns), "0", "", *([""] if reports != "none" else []))
    out.append(table)
    legend = Text("Ô: ", style="grey50")
    for tone, label in (
        (OVERDUE, "có mục quá hạn"),
        (SOON, f"có mục sắp đến hạn (≤ {SOON_DAYS} ngày)"),
        (DONE_TONE, "đã hoàn thành hết"),
        (NEUTRAL, "chưa đến hạn"),
    ):
        legend.append(f" {TONE_MARKS[tone] or 'n'} ", style=TONE_STYLES[tone] or "bold")
        legend.append(f" {label}  ")
    legend.append("TX/ĐK: thường xuyên / theo điều kiện", style="grey50")
    out.append(legend)
    bars = Text("Tình trạng: ", style="grey50")
    for state in BAR_STATES:
        bars.append(STATE_GLYPHS[state], style=STATE_STYLES[state])
        bars.append(f" {BAR_LABELS[state]}  ")
    out.append(bars)
    out.append(Text("Số: đúng hạn · quá hạn (đã xong) · trong hạn · quá hạn (chưa xong).", style="grey50"))
    note = TOTALS_NOTE
    if part.cancelled:
        note += f" {part.cancelled} mục đã hủy không được tính."
    out.append(Text(note, style="grey50"))
    out.append(Text(f"Lịch hạn theo tháng năm {ov.year} (đoàn, mốc chương trình đoàn, báo cáo)", style="bold"))
    out.append(timeline_table(ov, part, width))
    return out


def timeline_table(ov: Overview, part: ProvinceOverview, width: int = 160):
    from rich.table import Table
    from rich.text import Text

    bar_width = TIMELINE_WIDTH if width >= 100 else TIMELINE_WIDTH // 2
    table = Table(expand=False, show_edge=False, box=None, pad_edge=False)
    table.add_column("Tháng", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=bar_width)
    table.add_column("Số", justify="right", no_wrap=True)
    table.add_column("Gồm", no_wrap=True)
    table.add_column("Ngày", overflow="fold")
    top = max((m.total for m in part.timeline), default=0)
    for month in part.timeline:
        kinds = month.kinds()
        bar = Text(no_wrap=True)
        cells = round(bar_width * month.total / top) if top else 0
        for kind, n in zip(TIMELINE_KINDS, scale([kinds[k] for k in TIMELINE_KINDS], cells), strict=True):
            bar.append("■" * n, style=KIND_STYLES[kind])
        parts = Text()
        for kind in TIMELINE_KINDS:
            if kinds[kind]:
                if parts:
                    parts.append(" · ")
                parts.append(f"{kinds[kind]} {KIND_SHORT[kind]}", style=KIND_STYLES[kind])
        days: dict[str, int] = {}
        for e in month.entries:
            key = f"{e.deadline:%d/%m}"
            days[key] = days.get(key, 0) + 1
        when = ", ".join(f"{d} ({n})" if n > 1 else d for d, n in days.items())
        style = "bold" if month.busiest else ""
        label = f"T{month.month}" + (" ◀" if month.busiest else "")
        table.add_row(label, bar, str(month.total) if month.total else "·", parts, when, style=style)
    return table


def renderables(ov: Overview, width: int = 160) -> list:
    from rich.rule import Rule
    from rich.text import Text

    out: list = [Text(ov.title, style="bold underline")]
    if not ov.provinces:
        out.append(Text("Không có mục nào cho lựa chọn này.", style="grey50"))
    for n, part in enumerate(ov.provinces):
        if n:
            out.append(Rule(style="grey50"))
        out.extend(province_renderables(ov, part, width))
    return out


def render_overview(console, ov: Overview) -> None:
    for r in renderables(ov, console.width):
        console.print(r)


def record(ov: Overview, width: int):
    """A recording console holding the overview, narrowed to the widest line printed."""
    import io

    from rich.cells import cell_len

    from kehoach.render.terminal import SafeConsole

    rec = SafeConsole(
        record=True,
        file=io.StringIO(),
        width=width,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        legacy_windows=False,
        _environ={},
    )
    render_overview(rec, ov)
    text = rec.export_text(clear=False)
    rec.width = max([cell_len(line.rstrip()) for line in text.splitlines()] + [20]) + 1
    return rec


def overview_svg(ov: Overview, width: int) -> str:
    from rich.console import CONSOLE_SVG_FORMAT

    no_web_fonts = re.sub(r"@font-face \{\{.*?\}\}\s*", "", CONSOLE_SVG_FORMAT, flags=re.DOTALL)
    no_web_fonts = no_web_fonts.replace("font-family: Fira Code, monospace;", f"font-family: {SVG_FONTS};")
    return record(ov, width).export_svg(title=SVG_TITLE, code_format=no_web_fonts, unique_id="kehoach-overview")


def overview_text(ov: Overview, width: int) -> str:
    return record(ov, width).export_text(styles=False)
