"""Agency matching as the library does it: abbreviations, words, group phrases, hints, provinces, succession.

The registries here are small and made up for each test; the shipped plans/agencies.yaml is not used, so
these tests do not change when the national registry grows. Which body succeeded which in a registry below
is an example of the mechanism; the real successions, with their legal sources, are in plans/agencies.yaml.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.agencies import Agency, Province, Registry, agency_key, compatible, is_group_phrase, registry_from_data
from kehoach.errors import UsageError

# -- abbreviations -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, full",
    [
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở KHCN", "Sở Khoa học và Công nghệ"),
        ("sở kh&cn", "Sở Khoa học và Công nghệ"),  # typed in lower case
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở KHĐT", "Sở Kế hoạch và Đầu tư"),
        ("So KH&DT", "Sở Kế hoạch và Đầu tư"),
        ("Sở TC", "Sở Tài chính"),
        ("Sở NN&MT", "Sở Nông nghiệp và Môi trường"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở VH, TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở VHTT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐTBXH", "Sở Lao động, Thương binh và Xã hội"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("BCHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
        ("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
        ("BĐBP tỉnh", "Bộ đội Biên phòng tỉnh"),
        ("BQL các KCN", "Ban Quản lý các khu công nghiệp"),
        ("BQL KKT", "Ban Quản lý Khu kinh tế"),
        ("UBMTTQ tỉnh", "Ủy ban Mặt trận Tổ quốc tỉnh"),
        ("LHCTCHN tỉnh", "Liên hiệp các tổ chức hữu nghị tỉnh"),
        ("Văn phòng TU", "Văn phòng Tỉnh ủy"),
        ("CA tỉnh", "Công an tỉnh"),
        ("Sở XD", "Sở Xây dựng"),
        ("Sở NV", "Sở Nội vụ"),
        ("Sở YT", "Sở Y tế"),
        ("Sở TP", "Sở Tư pháp"),
        ("UBND TP. Vũng Tàu", "Ủy ban nhân dân thành phố Vũng Tàu"),
        ("UBND Tp Vũng Tàu", "Ủy ban nhân dân thành phố Vũng Tàu"),
        ("UBND TX Phú Mỹ", "Ủy ban nhân dân thị xã Phú Mỹ"),
    ],
)
def test_abbreviations_are_expanded_before_matching(written, full):
    assert agency_key(written) == agency_key(full)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Sở KH&CN", "Sở KH&ĐT"),
        ("Sở Tư pháp", "Văn phòng Tỉnh ủy pháp"),  # "Tư" is a syllable, not the abbreviation TU
        ("TP. Vũng Tàu", "Sở TP"),  # TP is thành phố, except after "Sở"
        ("Ban TC Tỉnh ủy", "Ban Tài chính Tỉnh ủy"),  # TC is tài chính only after "Sở"
        ("ca sĩ", "công an sĩ"),  # CA only in capitals
    ],
)
def test_abbreviations_only_where_they_mean_it(a, b):
    assert agency_key(a) != agency_key(b)


# -- finding what a query means ------------------------------------------------------------------------


@pytest.fixture
def registry():
    return Registry(
        [
            Agency("Sở Khoa học và Công nghệ"),
            Agency("Sở Kế hoạch và Đầu tư", short="Sở KH&ĐT"),
            Agency("Sở Tài chính"),
            Agency("Ủy ban nhân dân thị xã Phú Mỹ", province="Bà Rịa – Vũng Tàu"),
            Agency("Sở Ngoại vụ"),
        ]
    )


@pytest.mark.parametrize("query", ["Sở KH&CN", "Sở Khoa học và Công nghệ", "khoa hoc cong nghe", "KHCN"])
def test_kh_cn_by_every_spelling(registry, query):
    assert [a.name for a in registry.find(query)] == ["Sở Khoa học và Công nghệ"]


def test_a_commune_is_never_a_town(registry):
    """'xã' (commune) is not the 'xã' of 'thị xã' (town); 'các …' names many bodies, never one."""
    for query in ("UBND các xã, phường", "UBND các xã, phường, đặc khu", "Ủy ban nhân dân cấp xã", "UBND xã"):
        assert registry.lookup(query) == [], query
        with pytest.raises(UsageError) as info:
            registry.find(query)
        assert "Phú Mỹ" not in (info.value.hint or ""), query
    assert [a.name for a in registry.find("thị xã Phú Mỹ")] == ["Ủy ban nhân dân thị xã Phú Mỹ"]
    assert [a.name for a in registry.find("UBND TX Phú Mỹ")] == ["Ủy ban nhân dân thị xã Phú Mỹ"]


def test_a_department_is_never_an_establishment():
    """'sở' (a department) is not the 'sở' of 'cơ sở' (an establishment): 'Sở Ngoại giao', a name no registry
    knows, once matched 'các cơ sở giáo dục nghề nghiệp trong và ngoài tỉnh' word by word."""
    reg = Registry(
        [
            Agency("Sở Ngoại vụ"),
            Agency("các cơ sở giáo dục nghề nghiệp trong và ngoài tỉnh", kind="group"),
            Agency("Sở Giáo dục và Đào tạo"),
        ]
    )
    assert reg.lookup("Sở Ngoại giao") == []
    assert [a.name for a in reg.lookup("cơ sở giáo dục nghề nghiệp")] == [
        "các cơ sở giáo dục nghề nghiệp trong và ngoài tỉnh"
    ]
    assert [a.name for a in reg.lookup("Sở Giáo dục")] == ["Sở Giáo dục và Đào tạo"]


def test_group_phrases():
    assert is_group_phrase("UBND các xã, phường")
    assert is_group_phrase("Ủy ban nhân dân cấp xã")
    assert not is_group_phrase("Ủy ban nhân dân thị xã Phú Mỹ")
    groups = Registry(
        [
            Agency(
                "Ủy ban nhân dân cấp xã",
                kind="group",
                level="commune",
                aliases=("UBND các xã, phường", "UBND các xã, phường, đặc khu"),
            ),
            Agency("Ủy ban nhân dân thị xã Phú Mỹ"),
        ]
    )
    for query in ("UBND các xã, phường", "UBND các xã, phường, đặc khu", "UBND cấp xã"):
        assert [a.name for a in groups.find(query)] == ["Ủy ban nhân dân cấp xã"], query


def test_a_hint_never_contradicts_the_abbreviation_typed(registry):
    """Typed 'Sở KH&CN' with no such body: Sở Kế hoạch và Đầu tư (KH&ĐT) is a different body, never offered."""
    no_kh_cn = Registry([a for a in registry.agencies if a.name != "Sở Khoa học và Công nghệ"])
    for query in ("Sở KH&CN", "Sở Khoa học và Công nghệ", "Sở KHCN"):
        with pytest.raises(UsageError) as info:
            no_kh_cn.find(query)
        assert "Kế hoạch" not in (info.value.hint or ""), query
        assert no_kh_cn.suggest(query) == "", query
    assert not compatible("Sở KH&CN", agency_key("Sở Kế hoạch và Đầu tư"))
    assert compatible("Sở KH&CN", agency_key("Sở Khoa học và Công nghệ"))


def test_a_hint_still_helps_with_a_misspelling(registry):
    with pytest.raises(UsageError) as info:
        registry.find("Sở Ngoại giao")
    assert info.value.hint == "closest: Sở Ngoại vụ"
    assert registry.suggest("Sở Tai chinhh") == "Sở Tài chính"


# -- provinces -------------------------------------------------------------------------------------------

MERGED = "Nghị quyết số 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"


@pytest.fixture
def national():
    return registry_from_data(
        {
            "kehoach": 1,
            "agencies": [
                {"name": "Sở Ngoại vụ", "province": "Thành phố Hồ Chí Minh"},
                {"name": "Sở Ngoại vụ", "province": "Đồng Nai"},
                {"name": "Sở Tài chính", "from": "2025-03-01"},
                {"name": "Sở Kế hoạch và Đầu tư", "until": dt.date(2025, 2, 28), "successors": ["Sở Tài chính"]},
            ],
            "provinces": [
                {"name": "Thành phố Hồ Chí Minh", "kind": "thành phố", "aliases": ["TP. Hồ Chí Minh", "TP.HCM"]},
                {
                    "name": "Bà Rịa – Vũng Tàu",
                    "kind": "tỉnh",
                    "until": "2025-06-30",
                    "successors": ["Thành phố Hồ Chí Minh"],
                    "source": MERGED,
                },
                {"name": "Đồng Nai", "kind": "tỉnh"},
            ],
        }
    )


def test_the_registry_reads_the_new_keys(national):
    old = national.resolve("Sở KH&ĐT")
    assert (old.until, old.successors, old.start) == (dt.date(2025, 2, 28), ("Sở Tài chính",), None)
    assert national.resolve("Sở Tài chính").start == dt.date(2025, 3, 1)
    assert national.province("tỉnh Bà Rịa - Vũng Tàu") == Province(
        "Bà Rịa – Vũng Tàu",
        kind="tỉnh",
        until=dt.date(2025, 6, 30),
        successors=("Thành phố Hồ Chí Minh",),
        source=MERGED,
    )
    assert [p.name for p in national.province_lineage("TP.HCM")] == ["Thành phố Hồ Chí Minh", "Bà Rịa – Vũng Tàu"]


def test_same_named_departments_stay_apart_by_province(national):
    hcm = national.resolve("Sở Ngoại vụ", "Thành phố Hồ Chí Minh")
    dn = national.resolve("Sở Ngoại vụ", "Đồng Nai")
    assert (hcm.province, dn.province) == ("Thành phố Hồ Chí Minh", "Đồng Nai")
    # a plan of Bà Rịa – Vũng Tàu (merged into the city) names the city's department, under its old name
    assert national.resolve("Sở Ngoại vụ", "Bà Rịa – Vũng Tàu") is hcm
    # a province with no such department of its own gets neither
    assert national.resolve("Sở Ngoại vụ", "Lào Cai") is None
    # a body of every province (no `province`) is found from any
    assert national.resolve("Sở Tài chính", "Lào Cai").name == "Sở Tài chính"


def test_a_province_covers_the_units_merged_into_it(national):
    assert national.province_covers("Thành phố Hồ Chí Minh", "Bà Rịa – Vũng Tàu") == "Bà Rịa – Vũng Tàu"
    assert national.province_covers("TP.HCM", "Bà Rịa – Vũng Tàu") == "Bà Rịa – Vũng Tàu"
    assert national.province_covers("Thành phố Hồ Chí Minh", "Bà Rịa – Vũng Tàu", successors=False) is None
    assert national.province_covers("Vũng Tàu", "Bà Rịa – Vũng Tàu") == ""  # a part of the name, as before
    assert national.province_covers("Bà Rịa – Vũng Tàu", "Thành phố Hồ Chí Minh") is None  # never backwards
    assert national.province_covers("Đồng Nai", "Bà Rịa – Vũng Tàu") is None


def test_predecessors_are_derived_from_successors(national):
    new = national.resolve("Sở Tài chính")
    old = national.resolve("Sở Kế hoạch và Đầu tư")
    assert national.lineage(new) == [old]
    assert national.lineage(old) == []
    assert national.successors_of(old) == [new]
    assert national.handover(old, new) == dt.date(2025, 3, 1)


def test_a_misspelling_keeps_its_first_letter_and_a_short_word_is_not_one():
    """'khong co ai' is nobody: 'khong' is not 'thong' (another initial), 'ai' is not 'nai' (too short to be a
    misspelling), so no body is offered; a real misspelling still finds its body."""
    from conftest import PLANS

    from kehoach.repo import load_repo

    registry = load_repo(PLANS).registry
    with pytest.raises(UsageError) as exc:
        registry.find("khong co ai")
    assert "closest" not in (exc.value.hint or "")
    assert [a.name for a in registry.near("so ke hoach dau tuu", 1)] == ["Sở Kế hoạch và Đầu tư"]
