"""kehoach.text: accent- and case-insensitive comparison."""


def test_strip_accents_is_decomposing_and_dropping_combining_marks():
    """Mapped character by character (``str.translate``), the same as decomposing the whole text."""
    import unicodedata

    from kehoach.text import strip_accents

    def reference(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    texts = ["Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu", "ĐẶNG đình Đức", "e\u0301 decomposed", "\u0301 alone",
             "日本語", "क्षि", "ﬁ Å ǅ", "Sở KH&ĐT", ""]  # fmt: skip
    for text in texts:
        assert strip_accents(text) == reference(text), text
    assert strip_accents("Sở Kế hoạch và Đầu tư") == "So Ke hoach va Dau tu"
