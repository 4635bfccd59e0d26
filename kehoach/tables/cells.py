"""Cell values: agency lists, amounts, delegation direction and level, text squashed to one line."""

from __future__ import annotations

import re

from kehoach.agencies import Registry
from kehoach.text import fold

# -- cell conversion ---------------------------------------------------------------------------------------
_HEADS = (
    "Sở",
    "Ban",
    "Bộ",
    "Cục",
    "Chi cục",
    "Công an",
    "Ủy ban",
    "Uỷ ban",
    "UBND",
    "HĐND",
    "Hội",
    "Hiệp hội",
    "Văn phòng",
    "Trung tâm",
    "Đài",
    "Báo",
    "Liên hiệp",
    "Liên đoàn",
    "Trường",
    "Viện",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Tỉnh đoàn",
    "Thành ủy",
    "Thành đoàn",
    "Huyện ủy",
    "Thị ủy",
    "Đảng ủy",
    "Đoàn",
    "Mặt trận",
    "Kho bạc",
    "Ngân hàng",
    "Bảo hiểm",
    "Cảng vụ",
    "Hải quan",
    "Tòa án",
    "Toà án",
    "Bệnh viện",
    "Đại học",
    "Học viện",
    "Công ty",
    "Tổng công ty",
    "Tập đoàn",
    "Các",
    "các",
    "Cơ quan",
    "cơ quan",
    "Đơn vị",
    "đơn vị",
    "Phòng",
    "Thanh tra",
    "Quỹ",
    "Khu",
    "Vườn",
    "Bộ Chỉ huy",
    "Bộ đội",
    "Hội đồng",
    "Tổ",
    "Lãnh đạo",
    "Thường trực",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Đại sứ quán",
    "Tổng Lãnh sự quán",
    "Ban Chỉ đạo",
    "Cổng",
    "Nhà",
    "Câu lạc bộ",
    "Hợp tác xã",
    "Doanh nghiệp",
    "Cảnh sát",
    "Phân viện",
    "Chi nhánh",
    "Trạm",
    "Đội",
    "Tổng cục",
    "Văn phòng",
    # bodies named since the 2025 reorganisation ("Thuế tỉnh", "Thống kê tỉnh"), and the other parties a
    # 2025-2026 table names beside them
    "Thuế",
    "Thống kê",
    "Viễn thông",
    "Điện lực",
    "doanh nghiệp",
    "Chủ đầu tư",
    "chủ đầu tư",
    "Nhà đầu tư",
    "nhà đầu tư",
)
_ABBREV = re.compile(r"^[A-ZĐ][A-Za-zĐđ&]*[A-ZĐ][A-Za-zĐđ&]*\b")


def _starts_agency(segment: str, registry: Registry | None, province: str) -> bool:
    s = segment.strip().rstrip(".;")
    if not s:
        return False
    if any(s == h or s.startswith(h + " ") for h in _HEADS):
        return True
    if _ABBREV.match(s):
        return True
    return bool(registry and registry.agencies and registry.resolve(s, province))


_ROLE = re.compile(r"\b(ch[ủu]\s*tr[ìi]|ph[ốo]i\s*h[ợo]p)\s*:", re.I)


def split_roles(text: str) -> tuple[str, str] | None:
    """A cell naming both roles — "Chủ trì: Sở Công Thương. Phối hợp: Sở Tài chính, Sở NN&MT." (a
    "Phân công" column) — as (lead text, support text); None when the cell has no "Chủ trì:" label."""
    parts = _ROLE.split(text)
    if len(parts) < 3 or not any(fold(role).startswith("chu") for role in parts[1::2]):
        return None
    lead, support = [], []
    for role, value in zip(parts[1::2], parts[2::2], strict=True):
        (lead if fold(role).startswith("chu") else support).append(value.strip(" .;\n"))
    if parts[0].strip(" .;\n"):
        lead.insert(0, parts[0].strip(" .;\n"))
    return "; ".join(v for v in lead if v), "; ".join(v for v in support if v)


def split_agencies(text: str, registry: Registry | None = None, province: str = "") -> list[str]:
    """Split an agency cell into names, each spelled as written.

    ``;`` always separates. ``,`` and line breaks separate only before something that starts an agency name
    (Sở, Ban, UBND, các …, or a name the registry knows), so "Sở Lao động, Thương binh và Xã hội" and
    "UBND các huyện, thị xã, thành phố" stay whole; the registry's own names with commas are matched first.
    """
    names: list[str] = []
    for part in re.split(r";", text):
        # segments with their separators, as spans of the original text
        pieces = re.split(r"(,|\n)", part)
        segs = [(pieces[i], pieces[i - 1] if i else "") for i in range(0, len(pieces), 2)]
        segs = [(s, sep) for s, sep in segs if s.strip()]
        i = 0
        while i < len(segs):
            joined_to = None
            if registry and registry.agencies:
                for j in range(len(segs), i + 1, -1):
                    if registry.resolve(_join(segs[i:j]), province):
                        joined_to = j
                        break
            if joined_to is None:
                joined_to = i + 1
                while joined_to < len(segs) and not _starts_agency(segs[joined_to][0], registry, province):
                    joined_to += 1
            name = _join(segs[i:joined_to])
            if name:
                names.append(name)
            i = joined_to
    return names


def _join(segs: list[tuple[str, str]]) -> str:
    out = segs[0][0]
    for text, sep in segs[1:]:
        out += ("," if sep == "," else " ") + text
    return squash(out).strip(" ,;.")


def squash(text: str) -> str:
    """One line: line breaks (and the spaces around them) become one space."""
    return re.sub(r"[ \t]*\n\s*", " ", text).strip()


_NUMBER = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$|^\d+$")


def parse_amount(text: str) -> int | None:
    """'709.465.000' → 709465000; '10' → 10; anything else None."""
    s = text.strip().replace("\u202f", " ")
    if s.lower().endswith(("đ", "vnđ", "vnd", "đồng")):
        s = re.sub(r"\s*(vnđ|vnd|đồng|đ)$", "", s, flags=re.I)
    if not _NUMBER.match(s):
        return None
    return int(re.sub(r"\D", "", s))


DIRECTIONS = {"out": "out", "in": "in", "doan ra": "out", "ra": "out", "doan vao": "in", "vao": "in"}
LEVELS = {
    "province": "province",
    "department": "department",
    "cap tinh": "province",
    "tinh": "province",
    "cap so": "department",
    "so": "department",
    "cap so nganh": "department",
    "so nganh": "department",
    "cap so ban nganh": "department",
    "so ban nganh": "department",
    "cap so ban nganh dia phuong": "department",
}


def direction_from_text(text: str) -> str | None:
    key = fold(text)
    out = "doan ra" in key or "nuoc di" in key or "tai nuoc ngoai" in key
    inn = "doan vao" in key
    if out != inn:
        return "out" if out else "in"
    return None


def level_from_text(text: str) -> str | None:
    key = fold(text)
    prov = "cap tinh" in key or "lanh dao tinh lam truong doan" in key
    dept = "cap so" in key or "truong cac co quan" in key or "so nganh" in key and "truong doan" in key
    if prov != dept:
        return "province" if prov else "department"
    return None
