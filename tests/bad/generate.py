"""Writes the bad-plan corpus in this folder (run it after changing a case; the files are committed).

Each file is a small plan broken in one way, or a hostile file; expected.toml gives the diagnostic code
and line that `kehoach validate FILE` must report for it (and exit 1, with no traceback). Two cases are
made by the test itself instead of being committed: a 50 MB file and a symbolic link leading out of the
repository. Bytes matter here (BOM, Latin-1, NFD, tabs), hence a generator rather than hand-edited files.

    python tests/bad/generate.py
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

BASE = """\
kehoach: 1
plan:
  id: bad-{slug}
  number: 1/KH-UBND
  title: Kế hoạch thử {slug}
  year: 2024
sections:
  - id: I
    title: Mục một
    items:
      - id: I.1
        task: Tổ chức hội nghị đối ngoại
        lead: [Sở Ngoại vụ]
        when: Quý II
      - id: I.2
        task: Xúc tiến du lịch
        lead: [Sở Du lịch]
        when: thường xuyên
"""


def plan(slug: str, comment: str, old: str = "", new: str = "", tail: str = "") -> str:
    text = f"# {comment}\n" + BASE.format(slug=slug) + tail
    if old:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


TASK = "        task: Tổ chức hội nghị đối ngoại\n"
WHEN = "        when: Quý II\n"


def cases() -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    out["yaml-unclosed-quote.yaml"] = plan(
        "unclosed-quote",
        "Invalid YAML: a double quote that is never closed.",
        TASK,
        '        task: "Tổ chức hội nghị đối ngoại\n',
    )
    out["yaml-bad-indent.yaml"] = plan(
        "bad-indent",
        "Invalid YAML: a key indented less than its siblings.",
        "        lead: [Sở Ngoại vụ]\n",
        "      lead: [Sở Ngoại vụ]\n",
    )
    out["yaml-unclosed-flow.yaml"] = plan(
        "unclosed-flow",
        "Invalid YAML: a flow list opened with [ and never closed.",
        "        lead: [Sở Du lịch]\n",
        "        lead: [Sở Du lịch\n",
    )
    out["yaml-colon-in-value.yaml"] = plan(
        "colon-in-value",
        "Invalid YAML: an unquoted value containing ': '.",
        TASK,
        "        task: Tổ chức hội nghị: đối ngoại: lần 2\n",
    )
    out["yaml-two-documents.yaml"] = plan(
        "two-documents", "Invalid YAML for a plan: two documents in one file.", tail="---\nkehoach: 1\n"
    )
    out["tabs.yaml"] = plan(
        "tabs", "A tab character used for indentation.", "        lead: [Sở Ngoại vụ]\n", "\t\tlead: [Sở Ngoại vụ]\n"
    )
    out["bom.yaml"] = b"\xef\xbb\xbf" + plan("bom", "Starts with a UTF-8 byte order mark (Notepad).").encode()
    latin = plan(
        "latin1",
        "Saved as Latin-1 / Windows-1252, not UTF-8 (Vietnamese letters would not even fit).",
        "  title: Kế hoạch thử latin1\n",
        "  title: Plan café\n",
    )
    ascii_only = {
        "Mục một": "Muc mot",
        "Tổ chức hội nghị đối ngoại": "To chuc hoi nghi",
        "Sở Ngoại vụ": "So Ngoai vu",
        "Xúc tiến du lịch": "Xuc tien du lich",
        "Sở Du lịch": "So Du lich",
        "thường xuyên": "thuong xuyen",
        "Quý II": "Quy II",
    }
    for vi, ascii_text in ascii_only.items():
        latin = latin.replace(vi, ascii_text)
    out["latin1.yaml"] = latin.encode("latin-1")
    out["nfd.yaml"] = plan(
        "nfd",
        "Vietnamese text in NFD (decomposed accents), as some macOS and Word exports write it.",
        TASK,
        "        task: " + unicodedata.normalize("NFD", "Tổ chức hội nghị đối ngoại") + "\n",
    )
    out["duplicate-key.yaml"] = plan(
        "duplicate-key",
        "The same key twice in one mapping: most YAML readers silently keep one of them.",
        WHEN,
        "        when: Quý II\n        when: Quý III\n",
    )
    bomb = [
        "# A billion-laughs alias bomb: 9 levels of 9 aliases would expand to 9^9 values.",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    prev = "a"
    for name in "bcdefghi":
        bomb.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    out["alias-bomb.yaml"] = "\n".join(bomb) + "\n"
    out["deep-flow.yaml"] = (
        "# 10,000 nested flow lists: enough to crash a C parser's stack.\nkehoach: "
        + "[" * 10_000
        + "]" * 10_000
        + "\n"
    )
    out["deep-block.yaml"] = (
        "# 20,000 nested block lists on one line: enough to crash a C composer's stack.\n" + "- " * 20_000 + "x\n"
    )
    lines = ["# 200 nested block mappings: deeper than the 64 levels a plan may use."]
    lines += ["  " * i + f"k{i}:" for i in range(200)] + ["  " * 200 + "x"]
    out["deep-indent.yaml"] = "\n".join(lines) + "\n"
    out["unsafe-tag.yaml"] = plan(
        "unsafe-tag",
        "An unsafe YAML tag that runs a command in a careless loader (yaml.load, Loader=UnsafeLoader).",
        TASK,
        '        task: !!python/object/apply:os.system ["echo pwned > /tmp/kehoach-pwned"]\n',
    )
    out["date-31-4.yaml"] = plan(
        "date-31-4",
        "A date that does not exist: 31 April, written the Vietnamese way.",
        WHEN,
        "        when: Quý II\n        due: 31/4/2024\n",
    )
    out["date-iso-invalid.yaml"] = plan(
        "date-iso-invalid",
        "An ISO date that does not exist: 2024-02-30.",
        WHEN,
        "        when: Quý II\n        due: 2024-02-30\n",
    )
    out["quarter-v.yaml"] = plan("quarter-v", "Quarter V does not exist.", WHEN, "        when: Quý V\n")
    out["negative-budget.yaml"] = plan(
        "negative-budget",
        "A delegation with a negative budget.",
        tail="delegations:\n  - id: DR.1\n    direction: out\n    destination: Hàn Quốc\n    when: Quý III\n"
        "    lead: [Sở Ngoại vụ]\n    budget: -709465000\n",
    )
    out["id-reused.yaml"] = plan(
        "id-reused",
        "Item id I.1 used again in another section.",
        tail="  - id: II\n    title: Mục hai\n    items:\n      - id: I.1\n        task: Việc trùng số thứ tự\n"
        "        lead: [Sở Ngoại vụ]\n        when: Quý III\n",
    )
    out["empty.yaml"] = "# An empty plan file: only comments.\n\n"
    out["zero-bytes.yaml"] = b""
    out["top-level-list.yaml"] = "# The whole file is a list, not a mapping.\n- kehoach: 1\n- plan: {}\n"
    out["top-level-text.yaml"] = "# The whole file is one line of text.\nKế hoạch đối ngoại năm 2024\n"
    out["wrong-version.yaml"] = plan(
        "wrong-version", "A plan of a future format version.", "kehoach: 1\n", "kehoach: 2\n"
    )
    out["nul-byte.yaml"] = plan(
        "nul-byte",
        "A NUL byte in the middle of a value (a damaged file).",
        TASK,
        "        task: Tổ chức\x00 hội nghị\n",
    )
    out["utf16.yaml"] = plan("utf16", "Saved as UTF-16 (Windows 'Unicode').").encode("utf-16")
    out["merge-key.yaml"] = plan(
        "merge-key",
        "A YAML merge key (<<), which plans do not allow.",
        "        lead: [Sở Ngoại vụ]\n",
        "        <<: {lead: [Sở Ngoại vụ]}\n",
    )
    out["huge-value.yaml"] = plan(
        "huge-value",
        "A 100 kB value where a number belongs: the message must stay short.",
        "kehoach: 1\n",
        "kehoach: " + "9" * 100_000 + "x\n",
    )
    out["span-backwards.yaml"] = plan(
        "span-backwards",
        "A plan that ends (until) before it starts (year).",
        "  year: 2024\n",
        "  year: 2024\n  until: 2020\n",
    )
    return out


def main() -> None:
    for name, data in cases().items():
        (HERE / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        print(name)


if __name__ == "__main__":
    main()
