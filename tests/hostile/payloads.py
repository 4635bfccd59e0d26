"""The hostile payloads of tests/hostile, and the script that writes the corpus plans from them.

Run ``python tests/hostile/payloads.py`` to rewrite ``repo/plans/*.yaml`` after changing a payload. Text is
written as JSON strings, which are YAML double-quoted scalars: escapes such as \\u001b stay readable here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Terminal escapes: OSC 0 (window title), clear screen, OSC 8 (a hidden link), BEL, a C1 CSI, bidi overrides.
CONTROLS = {
    "title": "Tiêu đề \u001b]0;pwned-title\u0007 cửa sổ",
    "clear": "Xóa màn hình \u001b[2J\u001b[H hết",
    "osc8": "Liên kết \u001b]8;;https://evil.example/\u001b\\bấm vào\u001b]8;;\u001b\\ đây",
    "bell": "Chuông \u0007\u0007 kêu",
    "vt": "VT\u000btest",
    "c1": "CSI 8-bit \u009b31m đỏ",
    "bidi": "Đảo chiều \u202egnp.exe\u202c và \u2066cô lập\u2069",
    "nul": "NUL \u0000 byte",
}

# Rich markup, emoji codes, formulas, HTML and Markdown: printable, so valid plan text.
MARKUP = {
    "link": "[link=https://evil.example/]bấm vào đây[/link]",
    "close": "Đóng thẻ [/b] lạ [/]",
    "style": "[bold red on white blink]Khẩn cấp[/] :100: :warning:",
}
FORMULAS = {
    "eq": '=HYPERLINK("https://evil.example/","bấm")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}
HTML = {
    "comment": "--><img src=x onerror=alert(1)><!--",
    "script": "<script>alert('xss')</script>",
    "md": "| ô | ![x](https://evil.example/x.png) [bấm](javascript:alert(1)) **đậm** `mã` # tiêu đề",
}


def _q(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)  # C0 controls escaped; C1 and bidi escaped below
    return re.sub("[\u007f-\u009f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group()):04x}", quoted)


def plan_yaml(pid: str, number: str, title: str, texts: dict[str, str], agency: str) -> str:
    lines = [
        "kehoach: 1",
        "plan:",
        f"  id: {pid}",
        f"  number: {_q(number)}",
        f"  title: {_q(title)}",
        f"  issuer: {_q('Ủy ban nhân dân tỉnh Bình Định ' + agency)}",
        "  province: Bình Định",
        "  issued: 2024-01-15",
        "  year: 2024",
        "reporting:",
        "  - id: bc-nam",
        "    kind: annual",
        f"    title: {_q('Báo cáo năm ' + title)}",
        "    day: 15/12",
        "    from:",
        f"      - {_q(agency)}",
        "    to:",
        "      - Sở Ngoại vụ",
        "sections:",
        "  - id: I",
        f"    title: {_q('Mục ' + title)}",
        "    items:",
    ]
    for n, (key, text) in enumerate(texts.items(), start=1):
        lines += [
            f"      - id: I.{n}",
            f"        task: {_q(text)}",
            "        lead:",
            f"          - {_q(agency)}",
            "        support:",
            "          - Sở Ngoại vụ",
            f"        when: Tháng {n % 12 + 1}/2024",
            f"        notes: {_q('ghi chú ' + key + ': ' + text)}",
        ]
    lines += [
        "delegations:",
        "  - id: DR.1",
        "    direction: out",
        "    level: province",
        f"    destination: {_q(next(iter(texts.values())))}",
        "    country: Lào",
        "    when: Tháng 6/2024",
        f"    purpose: {_q(title)}",
        "    lead:",
        f"      - {_q(agency)}",
    ]
    return "\n".join(lines) + "\n"


def write_corpus() -> None:
    folder = HERE / "repo" / "plans" / "binh-dinh"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "controls.yaml").write_text(
        plan_yaml(
            "hostile-controls",
            "1/KH-\u001b]0;số\u0007",
            "Kế hoạch \u001b[31m đỏ \u001b[0m\u202e",
            CONTROLS,
            "Sở \u001b]8;;https://evil.example/\u001b\\Ngoại vụ\u001b]8;;\u001b\\",
        ),
        encoding="utf-8",
    )
    (folder / "markup.yaml").write_text(
        plan_yaml(
            "hostile-markup",
            HTML["comment"],
            '=HYPERLINK("https://evil.example/","[link=https://evil.example/]x[/link] [/b]") <b>in đậm</b>',
            MARKUP | FORMULAS | HTML,
            "@Sở [/b] <i>Ngoại vụ</i> =1+1",
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    write_corpus()
