"""A synthetic plan repository shaped like the real plans, at any scale.

Every generated file is a valid plan (``kehoach validate --strict`` passes): sections nested two levels,
tasks with Vietnamese text, lead/support agencies from a registry (with the spellings real plans use),
time texts from the shipped plans ("Quý II", "Tháng 4/2024", "thường xuyên", "Hằng năm" …), reporting
deadlines and outbound/inbound delegations with budgets. Deterministic: the same arguments give the
same bytes.

    python benchmarks/corpus.py OUT_DIR --items 50000 --files 350
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PROVINCES = [
    "An Giang",
    "Bắc Ninh",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Phòng",
    "Huế",
    "Hưng Yên",
    "Khánh Hòa",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Nghệ An",
    "Ninh Bình",
    "Phú Thọ",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sơn La",
    "Tây Ninh",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thành phố Hồ Chí Minh",
    "Tuyên Quang",
    "Vĩnh Long",
]
AGENCIES = [
    ("Sở Ngoại vụ", "SNgV", ["Sở Ngoại Vụ"]),
    ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", ["Sở Kế hoạch - Đầu tư", "Sở Kế hoạch-Đầu tư"]),
    ("Sở Công Thương", "SCT", ["Sở Công thương"]),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", ["Sở Văn hoá, Thể thao và Du lịch"]),
    ("Sở Du lịch", "", []),
    ("Sở Thông tin và Truyền thông", "Sở TT&TT", ["Sở Thông tin - Truyền thông"]),
    ("Sở Nội vụ", "", []),
    ("Sở Tài chính", "", []),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", []),
    ("Sở Y tế", "", []),
    ("Sở Tư pháp", "", []),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", []),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN", []),
    ("Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH", []),
    ("Công an tỉnh", "", []),
    ("Bộ Chỉ huy Quân sự tỉnh", "", []),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "", []),
    ("Ban Quản lý các Khu công nghiệp", "", []),
    ("Văn phòng UBND tỉnh", "", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Liên hiệp các tổ chức hữu nghị tỉnh", "", []),
    ("Đài Phát thanh và Truyền hình tỉnh", "", []),
    ("Báo tỉnh", "", []),
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch", "", []),
    ("UBND các huyện, thị xã, thành phố", "", ["UBND các huyện, thành phố"]),
    ("các cơ quan liên quan", "", ["các đơn vị liên quan", "các sở, ban, ngành"]),
]
GROUP_PHRASES = {"các cơ quan liên quan"}
VERBS = [
    "Tổ chức",
    "Triển khai",
    "Xây dựng",
    "Phối hợp tổ chức",
    "Tham mưu",
    "Đẩy mạnh",
    "Tăng cường",
    "Nghiên cứu, đề xuất",
    "Rà soát, đánh giá",
    "Hướng dẫn",
    "Theo dõi, đôn đốc",
    "Tuyên truyền",
]
OBJECTS = [
    "hoạt động đối ngoại",
    "công tác thông tin đối ngoại",
    "hợp tác quốc tế về kinh tế",
    "xúc tiến đầu tư, thương mại và du lịch",
    "quan hệ hữu nghị với các địa phương nước ngoài",
    "công tác người Việt Nam ở nước ngoài",
    "công tác biên giới lãnh thổ",
    "hội nhập quốc tế",
    "các chương trình, dự án sử dụng vốn ODA",
    "đoàn công tác của lãnh đạo tỉnh",
    "hội nghị gặp mặt các cơ quan đại diện nước ngoài",
    "công tác lễ tân đối ngoại",
    "thỏa thuận quốc tế của tỉnh",
    "hoạt động của các tổ chức phi chính phủ nước ngoài",
]
TAILS = [
    "năm {year}",
    "trên địa bàn tỉnh",
    "theo chỉ đạo của Bộ Ngoại giao",
    "gắn với phát triển kinh tế - xã hội",
    "với các đối tác Hàn Quốc, Nhật Bản",
    "tại các nước ASEAN",
    "cho cán bộ, công chức",
    "giai đoạn 2021 - 2025",
]
WHENS = [
    "Quý I",
    "Quý II",
    "Quý III",
    "Quý IV",
    "Quý II/{year}",
    "Quý II- III/{year}",
    "Tháng 4/{year}",
    "tháng 01/{year}",
    "trong năm {year}",
    "6 tháng đầu năm",
    "thường xuyên",
    "Thường xuyên trong năm",
    "Hằng năm",
    "Theo KH đoàn vào",
    "Dự kiến trong Quý III/{year}",
    "trước ngày 30/6/{year}",
]
COUNTRIES = ["Hàn Quốc", "Nhật Bản", "Lào", "Campuchia", "Trung Quốc", "Pháp", "Đức", "Hoa Kỳ", "Úc", "Singapore"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def q(text: str) -> str:
    """A YAML double-quoted scalar when plain would be misread."""
    if any(c in text for c in ":#{}[],&*!|>'\"%@`") or text[:1] in "-?" or text.strip() != text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def agency_names() -> list[str]:
    return [a[0] for a in AGENCIES]


def registry_yaml() -> str:
    lines = ["kehoach: 1", "agencies:"]
    for name, short, aliases in AGENCIES:
        lines.append(f"  - name: {q(name)}")
        if short:
            lines.append(f"    short: {q(short)}")
        if aliases:
            lines.append("    aliases: [" + ", ".join(q(a) for a in aliases) + "]")
        if name in GROUP_PHRASES:
            lines.append("    kind: group")
    return "\n".join(lines) + "\n"


def _spelling(rng: random.Random) -> str:
    name, short, aliases = rng.choice(AGENCIES)
    return rng.choice([name, name, name, *([short] if short else []), *aliases])


def plan_yaml(rng: random.Random, province: str, year: int, number: int, n_items: int) -> tuple[str, int]:
    """One plan file with about ``n_items`` items (tasks + delegations); returns (text, items written)."""
    slug = _slug(province)
    n_deleg = max(1, n_items // 8)
    n_tasks = max(1, n_items - n_deleg)
    out = [
        "# yaml-language-server: $schema=../../docs/plan.schema.json",
        "kehoach: 1",
        "plan:",
        f"  id: {slug}-{number}-{year}",
        f"  number: {number}/KH-UBND",
        f"  title: Hoạt động đối ngoại năm {year} của tỉnh {province}",
        f"  issuer: Ủy ban nhân dân tỉnh {province}",
        f"  province: {province}",
        f"  issued: {year}-03-{rng.randint(1, 28):02d}",
        f"  year: {year}",
        "  signer: Nguyễn Văn An",
        "  signer_title: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        "  coordinator: Sở Ngoại vụ",
        "  field: Ngoại giao",
        "reporting:",
        "  - id: bc-6-thang",
        "    kind: six-month",
        "    title: Báo cáo kết quả 6 tháng",
        "    day: 10/5",
        "    from: [các cơ quan liên quan]",
        "    to: [Sở Ngoại vụ]",
        "  - id: bc-nam",
        "    kind: annual",
        "    title: Báo cáo kết quả năm và kế hoạch năm sau",
        "    day: 25/9",
        "    from: [các cơ quan liên quan]",
        "    to: [Sở Ngoại vụ]",
        "rules:",
        "  delegation_programme_months_before: 2",
        "sections:",
    ]
    per_section = 12
    n_sections = max(1, (n_tasks + per_section - 1) // per_section)
    written = 0
    for s in range(n_sections):
        sid = ROMAN[s % len(ROMAN)] + ("" if s < len(ROMAN) else f"-{s // len(ROMAN)}")
        out += [f"  - id: {sid}", f"    title: {rng.choice(VERBS)} {rng.choice(OBJECTS)}"]
        count = min(per_section, n_tasks - written)
        # half in the section itself, half in a sub-section, as the real Phụ lục tables are
        own = count // 2
        out.append("    items:" if own else "    items: []")
        for i in range(own):
            out += _task(rng, f"{sid}.{i + 1}", year, "      ")
        written += own
        rest = count - own
        if rest:
            title = rng.choice(OBJECTS).capitalize()
            out += ["    sections:", f"      - id: {sid}.{own + 1}", f"        title: {title}", "        items:"]
            for i in range(rest):
                out += _task(rng, f"{sid}.{own + 1}.{i + 1}", year, "          ")
            written += rest
    out.append("delegations:")
    for d in range(n_deleg):
        out += _delegation(rng, d, year)
    return "\n".join(out) + "\n", written + n_deleg


def _task(rng: random.Random, item_id: str, year: int, pad: str) -> list[str]:
    text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS).format(year=year)}"
    lead = [_spelling(rng)]
    support = sorted({_spelling(rng) for _ in range(rng.randint(0, 3))} - set(lead))
    lines = [f"{pad}- id: {q(item_id)}", f"{pad}  task: {q(text)}", f"{pad}  lead: [{', '.join(q(a) for a in lead)}]"]
    if support:
        lines.append(f"{pad}  support: [{', '.join(q(a) for a in support)}]")
    lines.append(f"{pad}  when: {q(rng.choice(WHENS).format(year=year))}")
    if rng.random() < 0.3:
        lines.append(f"{pad}  basis: {q(f'Nghị định số {rng.randint(10, 99)}/2021/NĐ-CP của Chính phủ')}")
    if rng.random() < 0.4:
        lines.append(f"{pad}  funding: Ngân sách tỉnh")
    r = rng.random()
    if r < 0.15:
        lines += [f"{pad}  status: done", f"{pad}  done_on: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
    elif r < 0.3:
        lines += [
            f"{pad}  status: in-progress",
            f"{pad}  progress:",
            f"{pad}    - date: {year}-0{rng.randint(1, 9)}-15",
            f"{pad}      note: Đã gửi văn bản đề nghị",
        ]
    return lines


def _delegation(rng: random.Random, d: int, year: int) -> list[str]:
    out = rng.random() < 0.7
    country = rng.choice(COUNTRIES)
    budget = rng.choice([rng.randint(100, 2000) * 1_000_000, "Ngân sách tỉnh"])
    lines = [
        f"  - id: {'DR' if out else 'DV'}.{d + 1}",
        f"    direction: {'out' if out else 'in'}",
        f"    level: {rng.choice(['province', 'department'])}",
        f"    {'destination' if out else 'origin'}: {country}",
        f"    country: {country}",
        f"    when: {q(rng.choice(['Quý I', 'Quý II', 'Quý III', 'Quý IV', 'Tháng 4/{year}']).format(year=year))}",
        f"    purpose: {q('Xúc tiến đầu tư, thương mại, du lịch và ' + rng.choice(OBJECTS))}",
        "    leader: Lãnh đạo UBND tỉnh",
        f"    members: {rng.randint(3, 12)}",
        f"    days: {rng.randint(4, 10)}",
        f"    lead: [{q(_spelling(rng))}]",
        f"    budget: {budget}",
        "    funding: Ngân sách tỉnh",
    ]
    return lines


def _slug(text: str) -> str:
    import re
    import unicodedata

    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def generate(out: Path, items: int, files: int, seed: int = 58) -> dict:
    """Write a plans folder with ``files`` plan files holding about ``items`` items; returns counts."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "agencies.yaml").write_text(registry_yaml(), encoding="utf-8")
    per_file = max(1, items // files)
    extra = items - per_file * files
    total = 0
    paths: list[Path] = []
    ids: list[str] = []
    for n in range(files):
        province = PROVINCES[n % len(PROVINCES)]
        year = 2024 - (n // len(PROVINCES)) % 10  # the first 34 files are the 2024 plans, then 2023 …
        number = 10 + n
        text, written = plan_yaml(rng, province, year, number, per_file + (1 if n < extra else 0))
        folder = out / _slug(province)
        folder.mkdir(exist_ok=True)
        path = folder / f"{number}-kh-ubnd-{year}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        ids.append(f"{_slug(province)}-{number}-{year}")
        total += written
    return {"files": files, "items": total, "bytes": sum(p.stat().st_size for p in paths), "paths": paths, "ids": ids}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--items", type=int, default=50_000)
    ap.add_argument("--files", type=int, default=350)
    ap.add_argument("--seed", type=int, default=58)
    args = ap.parse_args()
    info = generate(args.out, args.items, args.files, args.seed)
    print(f"{info['files']} files, {info['items']} items, {info['bytes']:,} bytes in {args.out}")


if __name__ == "__main__":
    main()
