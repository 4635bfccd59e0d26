"""Header vocabulary: the words a table's headers use, mapped to plan fields (``header_field``), whether a
table is a task or a delegation table (``table_kind``), and the user's own ``--map 'Header=field'``."""

from __future__ import annotations

from kehoach.errors import UsageError
from kehoach.model import DELEGATION, TASK
from kehoach.spec import KEY_ORDER
from kehoach.text import fold

# -- header vocabulary ------------------------------------------------------------------------------------
# field -> folded header spellings. A header maps to a field when its folded text equals a spelling or
# starts with it followed by more words ("Cơ quan chủ trì tham mưu/thực hiện" → "co quan chu tri"); the
# longest spelling wins. Failing that, a spelling of two words or more found inside the header counts.
# Pseudo-fields: "tt" (the numbering column), "section" (a --section-column), "funding_or_budget".
_COMMON = {
    "tt": ("tt", "stt", "so tt", "so thu tu", "thu tu"),
    "id": ("ma", "ma so", "id", "ma nhiem vu", "ma doan"),
    "lead": (
        "co quan chu tri",
        "don vi chu tri",
        "chu tri",
        "co quan thuc hien",
        "don vi thuc hien",
        "co quan tham muu",
        "don vi tham muu",
        "co quan don vi chu tri",
        "co quan dau moi",
        "don vi dau moi",
        # "Phân công (nhiệm vụ / thực hiện)": cells "Chủ trì: …. Phối hợp: …." (tables/cells.split_roles)
        "phan cong",
        "phan cong nhiem vu",
        "phan cong thuc hien",
    ),
    "support": ("co quan phoi hop", "don vi phoi hop", "phoi hop", "co quan don vi phoi hop"),
    "when": (
        "han",
        "thoi gian thuc hien",
        "thoi gian",
        "thoi han",
        "thoi han hoan thanh",
        "han hoan thanh",
        "tien do",
        "thoi gian hoan thanh",
        "thoi diem",
        "lo trinh",
        "lo trinh thuc hien",
        "moc thoi gian",
    ),
    "due": ("han cu the", "ngay den han", "han chot"),
    "remind": ("nhac truoc",),
    "status": ("trang thai", "tinh trang"),
    "done_on": ("ngay hoan thanh",),
    "progress": ("nhat ky tien do",),
    "notes": ("ghi chu",),
    "result": ("ket qua", "ket qua thuc hien"),
    # columns a kehoach workbook computes (the deadline, days left or late): never read back
    "computed": ("con tre ngay", "con tre", "so ngay con lai", "han tinh"),
}
TASK_HEADERS: dict[str, tuple[str, ...]] = {
    **_COMMON,
    "task": (
        "nhiem vu",
        "nhiem vu cu the",
        "noi dung nhiem vu",
        "noi dung",
        "ten nhiem vu",
        "noi dung cong viec",
        "cong viec",
        "nhiem vu giai phap",
    ),
    "partner": ("doi tac", "doi tac lam viec"),
    "country": ("quoc gia", "nuoc"),
    "basis": ("can cu", "can cu phap ly"),
    # what a task delivers ("Sản phẩm", "Sản phẩm đầu ra", "Kết quả dự kiến"): not the result reported so far
    "output": (
        "san pham",
        "san pham dau ra",
        "san pham du kien",
        "san pham chu yeu",
        "ket qua san pham",
        "ket qua dau ra",
        "ket qua du kien",
        "ket qua dat duoc du kien",
    ),
    "funding": ("nguon kinh phi", "kinh phi", "kinh phi thuc hien", "nguon von", "nguon luc"),
}
DELEGATION_HEADERS: dict[str, tuple[str, ...]] = {
    **_COMMON,
    "direction": ("doan ra vao", "doan ra doan vao", "loai doan"),
    "level": ("cap", "cap doan"),
    "group": ("nhom", "nhom doan"),
    "composition": ("ten doan", "thanh phan doan", "thanh phan doan di", "thanh phan"),
    "leader": ("truong doan",),
    "destination": ("noi den", "nuoc di", "nuoc den", "dia diem"),
    "origin": ("den tu nuoc", "den tu", "nuoc cu doan"),
    "country": ("quoc gia",),
    "partner": ("doi tac lam viec", "doi tac"),
    "field": ("linh vuc",),
    "purpose": ("noi dung hoat dong", "muc dich", "noi dung", "muc dich noi dung", "noi dung lam viec"),
    "members": ("so nguoi", "so luong", "so thanh vien", "so luong thanh vien"),
    "days": ("so ngay",),
    "budget": ("kinh phi", "du toan kinh phi", "kinh phi du kien", "du toan"),
    "funding_or_budget": ("nguon kinh phi",),
}
# Headers that only a delegation table has: one of them makes the table a delegation table.
_DELEGATION_MARKERS = (
    "ten doan",
    "truong doan",
    "nuoc di",
    "noi den",
    "den tu",
    "so nguoi",
    "so ngay",
    "thanh phan doan",
    "doan ra vao",
    "doan ra doan vao",
    "linh vuc",
    "muc dich",
    "noi dung hoat dong",
)


def header_field(header: str, kind: str, extra: dict[str, str] | None = None, loose: bool = True) -> str | None:
    """The plan field a header names in a table of ``kind`` (None when it is not recognised).

    ``loose=False`` accepts only a header that is or starts with a known spelling (used to find header rows).
    """
    key = fold(header)
    if not key:
        return None
    if extra and key in extra:
        return extra[key]
    table = DELEGATION_HEADERS if kind == DELEGATION else TASK_HEADERS
    best, best_len = None, -1
    for name, spellings in table.items():
        for sp in spellings:
            if (key == sp or key.startswith(sp + " ")) and len(sp) > best_len:
                best, best_len = name, len(sp)
    if best == "result" and key not in ("ket qua", "ket qua thuc hien"):
        return None  # "Kết quả …" other than the result reported so far: not that result
    if best is not None or not loose:
        return best
    padded = f" {key} "
    for name, spellings in table.items():
        for sp in spellings:
            if " " in sp and f" {sp} " in padded and len(sp) > best_len:
                best, best_len = name, len(sp)
    return best


def table_kind(headers: list[str]) -> str:
    """A delegation table has a header only delegation tables have (Tên đoàn, Trưởng đoàn, Nước đi, …)."""
    for header in headers:
        key = fold(header)
        if any(key == m or key.startswith(m + " ") for m in _DELEGATION_MARKERS):
            return DELEGATION
    return TASK


# -- the whole command -------------------------------------------------------------------------------------
MAPPABLE = sorted({*KEY_ORDER["item"], *KEY_ORDER["delegation"], "tt", "result", "-"})


def parse_column_map(specs: list[str]) -> dict[str, str]:
    """``--map 'Đơn vị thực hiện=lead'`` → {header: field}; the field must be a plan key, tt, id or '-'."""
    out = {}
    for spec in specs:
        header, sep, fld = spec.rpartition("=")
        header, fld = header.strip(), fld.strip()
        if not sep or not header or not fld:
            raise UsageError(f"--map {spec!r}: write HEADER=FIELD, e.g. 'Đơn vị thực hiện=lead'")
        if fld not in MAPPABLE:
            raise UsageError(f"--map {spec!r}: '{fld}' is not a plan field", hint="fields: " + ", ".join(MAPPABLE))
        out[header] = fld
    return out
