"""A report skeleton as Markdown: for git review and quick edits (the DOCX is what staff send)."""

from __future__ import annotations

from kehoach.reports import BLANK, Group, Heading, Part, Report, Row, Table, vn_date
from kehoach.text import markdown as md  # plan text: Markdown and HTML escaped, controls made visible


def render_report_md(report: Report) -> str:
    out: list[str] = []
    h = report.header
    what = "báo cáo 6 tháng" if report.kind == "six-month" else "báo cáo năm"
    scope = report.agency if report.scope == "agency" else f"{report.agency} (tổng hợp)"
    out.append(
        f"<!-- kehoach: {what} {report.year} · {md(report.plan_number or report.plan_id)} · {md(scope)} · "
        f"số liệu đến {vn_date(report.today)} -->"
    )
    out.append("")
    left = "<br>".join(x for x in (md(h.parent_body), f"**{md(h.issuing_body)}**", md(h.number)) if x)
    right = f"**{md(h.national_name)}**<br>**<u>{md(h.motto)}</u>**<br>*{md(h.place_date)}*"
    out += [f"| {left} | {right} |", "| :---: | :---: |", ""]
    out += [f"**{h.doc_type}**", "", f"**{md(h.subject)}**", "", f"*{md(h.deadline_line)}*", ""]
    out += [md(report.intro), ""]
    for part in report.parts:
        out += _part(part, report)
    out += _signature(report)
    return "\n".join(out).rstrip("\n") + "\n"


def _part(part: Part, report: Report) -> list[str]:
    out = [f"## {part.number}. {part.title}", ""]
    for block in part.blocks:
        if isinstance(block, Group):
            out += _group(block, report)
        elif isinstance(block, Table):
            out += _table(block)
        elif isinstance(block, Heading):
            out += [f"### {md(block.text)}", ""]
        elif block == BLANK:
            out += [BLANK, ""]
        else:
            out += [md(block), ""]
    return out


def _group(group: Group, report: Report) -> list[str]:
    out = [f"### {md(group.title)}", ""]
    if not group.rows:
        return out + [group.empty_text, ""]
    if group.kind in ("cooperating", "carry-over"):
        for row in group.rows:
            out.append(_short(row, report, group.kind))
        return out + [""]
    shown: tuple = ()
    for row in group.rows:
        if group.by_section:
            for depth, (sid, title) in enumerate(row.section):
                if shown[: depth + 1] != tuple(row.section[: depth + 1]):
                    out += [f"{'#' * min(4 + depth, 6)} {md(sid)}. {md(title)}", ""]
            shown = tuple(row.section)
        out += _row(row, report)
    return out


def _agencies(row: Row) -> str:
    text = "Chủ trì: " + (md("; ".join(row.lead)) if row.lead else BLANK)
    if row.support:
        text += "; phối hợp: " + md("; ".join(row.support))
    return text


def _row(row: Row, report: Report) -> list[str]:
    out = [f"**{md(row.id)}.** {md(row.text)}", "", f"- {_agencies(row)}"]
    if row.details:
        out.append("- " + "; ".join(f"{label}: {md(value)}" for label, value in row.details if label != "Thời gian"))
    out.append(f"- Thời gian: {md(row.time_text)}")
    out.append(f"- Tình trạng (đến ngày {vn_date(report.today)}): {md(row.state_text)}")
    if row.notes:
        out.append(f"- Ghi chú: {md(row.notes)}")
    out += _result(row)
    if row.kind == "task":
        out.append(f"- Tiến độ/Tỷ lệ hoàn thành: {md(row.progress) if row.progress else BLANK}")
    return out + [""]


def _result(row: Row) -> list[str]:
    if not row.results:
        return [f"- {row.result_label}: {BLANK}"]
    return [f"- {row.result_label}:"] + [f"  - {md(line)}" for line in row.results]


def _short(row: Row, report: Report, kind: str) -> str:
    lead = md("; ".join(row.lead)) if row.lead else BLANK
    text = f"- **{md(row.id)}.** {md(row.text)} (chủ trì: {lead}; {md(row.time_text)}; {md(row.state_text)})"
    if kind == "cooperating":
        filled = " ".join(md(x) for x in row.results)
        text += f". {row.result_label}: {filled or BLANK}"
    return text


def _table(table: Table) -> list[str]:
    out = [f"*{md(table.title)}*", ""]
    out.append("| " + " | ".join(md(c) for c in table.columns) + " |")
    out.append("| --- |" + " ---: |" * (len(table.columns) - 1))
    for row in table.rows:
        out.append("| " + " | ".join(md(str(c)) for c in row) + " |")
    return out + [""]


def _signature(report: Report) -> list[str]:
    left = "***Nơi nhận:***<br>" + "<br>".join(md(r) for r in report.recipients)
    right = f"**{md(report.signer_title)}**<br><br><br><br>**{md(report.signer_name)}**"
    return [f"| {left} | {right} |", "| :--- | :---: |", ""]
