import pytest

from kehoach.agencies import Agency, Registry, agency_key
from kehoach.errors import UsageError
from kehoach.text import fold, nfc


def test_fold_is_accent_case_and_punctuation_insensitive():
    assert fold("Sở Kế hoạch - Đầu tư") == fold("so ke hoach-dau tu") == "so ke hoach dau tu"
    assert fold("ĐỒNG NAI") == "dong nai"


def test_nfc_composes_decomposed_text():
    decomposed = "So\u031b\u0309 Ngoa\u0323i vu\u0323"
    assert nfc(decomposed) == "Sở Ngoại vụ"


@pytest.mark.parametrize(
    "a, b",
    [
        ("Sở Kế hoạch và Đầu tư", "Sở Kế hoạch - Đầu tư"),
        ("Sở Kế hoạch và Đầu tư", "Sở Kế hoạch-Đầu tư"),
        ("UBND thành phố Vũng Tàu", "Ủy ban nhân dân thành phố Vũng Tàu"),
        ("UBND TP. Vũng Tàu", "UBND thành phố Vũng Tàu"),
    ],
)
def test_agency_key_equates_spellings(a, b):
    assert agency_key(a) == agency_key(b)


@pytest.fixture
def registry():
    return Registry(
        [
            Agency("Sở Ngoại vụ", short="SNgV"),
            Agency("Sở Kế hoạch và Đầu tư", short="Sở KH&ĐT", aliases=("Sở Kế hoạch - Đầu tư",)),
            Agency("UBND thành phố Vũng Tàu", province="Bà Rịa – Vũng Tàu"),
            Agency("Sở Công Thương"),
        ]
    )


@pytest.mark.parametrize("query", ["so ngoai vu", "SNgV", "sngv", "Sở Ngoại vụ", "SO NGOAI VU"])
def test_find_sngv(registry, query):
    assert [a.name for a in registry.find(query)] == ["Sở Ngoại vụ"]


@pytest.mark.parametrize("query", ["ke hoach dau tu", "Sở KH&ĐT", "so ke hoach va dau tu", "Sở Kế hoạch-Đầu tư"])
def test_find_khdt(registry, query):
    assert [a.name for a in registry.find(query)] == ["Sở Kế hoạch và Đầu tư"]


def test_unknown_agency_lists_closest(registry):
    with pytest.raises(UsageError) as info:
        registry.find("Sở Ngoại giao")
    assert "Sở Ngoại vụ" in info.value.hint


def test_resolve_prefers_the_plan_province(registry):
    assert registry.resolve("Ủy ban nhân dân thành phố Vũng Tàu", "Bà Rịa – Vũng Tàu").name == "UBND thành phố Vũng Tàu"
    assert registry.resolve("Sở Ngoại vụ tỉnh Lào Cai") is None


def test_line_col_counts_characters_in_text_and_bytes_in_bytes():
    from kehoach.text import line_col

    assert line_col("ab\ncd", 0) == (1, 1)
    assert line_col("ab\ncd", 4) == (2, 2)
    assert line_col("ab\n", 3) == (2, 1)
    assert line_col("Sở\nđ", 4) == (2, 2)
    assert line_col("Sở\nđ".encode(), 5) == (2, 1)  # "ở" is three bytes
    assert line_col("Sở\nđ".encode(), 7) == (2, 3)  # "đ" two
