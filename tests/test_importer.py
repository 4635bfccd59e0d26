"""kehoach.tables (import): headers, numbering, agency cells, amounts, the YAML it writes."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.agencies import Agency, Registry
from kehoach.model import DELEGATION, TASK
from kehoach.tables.build import ImportOptions
from kehoach.tables.cells import parse_amount, split_agencies
from kehoach.tables.importing import import_table
from kehoach.tables.numbering import TT, parse_tt
from kehoach.tables.vocabulary import header_field, table_kind
from kehoach.yamlwrite import dump_plan

REGISTRY = Registry(
    [
        Agency("Sở Ngoại vụ", short="SNgV"),
        Agency("Sở Du lịch"),
        Agency(
            "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
            aliases=("Trung tâm xúc tiến đầu tư, thương mại du lịch tỉnh",),
        ),
        Agency(
            "Ủy ban nhân dân các huyện, thị xã, thành phố", aliases=("UBND các huyện, thị xã, thành phố",), kind="group"
        ),
    ]
)


@pytest.mark.parametrize(
    "header, kind, field",
    [
        ("TT", TASK, "tt"),
        ("STT", TASK, "tt"),
        ("Nhiệm vụ cụ thể", TASK, "task"),
        ("NHIEM VU", TASK, "task"),
        ("Nội dung nhiệm vụ", TASK, "task"),
        ("Cơ quan chủ trì tham mưu", TASK, "lead"),
        ("Cơ quan chủ trì\ntham mưu/thực hiện", TASK, "lead"),
        ("Cơ quan chủ trì (tham mưu)", TASK, "lead"),
        ("Cơ quan, đơn vị chủ trì", TASK, "lead"),
        ("Đơn vị phối hợp", TASK, "support"),
        ("Thời gian thực hiện", TASK, "when"),
        ("thoi gian thuc hien (du kien)", TASK, "when"),
        ("Hạn cụ thể", TASK, "due"),
        ("Căn cứ", TASK, "basis"),
        ("Nguồn kinh phí", TASK, "funding"),
        ("Kết quả", TASK, "result"),
        ("Kết quả dự kiến", TASK, "output"),  # what the task delivers, not the result reported so far
        ("Sản phẩm", TASK, "output"),
        ("Phân công nhiệm vụ", TASK, "lead"),
        ("Lộ trình thực hiện", TASK, "when"),
        ("Mốc thời gian", TASK, "when"),
        ("Nguồn vốn", TASK, "funding"),  # its cells name both roles: "Chủ trì: …. Phối hợp: …."
        ("Sản phẩm đầu ra", TASK, "output"),
        ("Kết quả/sản phẩm", TASK, "output"),
        ("Còn / trễ (ngày)", TASK, "computed"),
        ("Tên đoàn", DELEGATION, "composition"),
        ("Trưởng đoàn", DELEGATION, "leader"),
        ("Nước đi", DELEGATION, "destination"),
        ("Đến từ nước", DELEGATION, "origin"),
        ("Đối tác làm việc", DELEGATION, "partner"),
        ("Nội dung hoạt động", DELEGATION, "purpose"),
        ("Mục đích", DELEGATION, "purpose"),
        ("Số người", DELEGATION, "members"),
        ("Số ngày (không bao gồm thời gian đi, về)", DELEGATION, "days"),
        ("Kinh phí", DELEGATION, "budget"),
        ("Nguồn kinh phí", DELEGATION, "funding_or_budget"),
        ("Đoàn ra/vào", DELEGATION, "direction"),
    ],
)
def test_header_field(header, kind, field):
    assert header_field(header, kind) == field


def test_header_field_with_a_map_and_the_table_kind():
    assert header_field("Người phụ trách", TASK, {"nguoi phu trach": "lead"}) == "lead"
    assert table_kind(["TT", "Nhiệm vụ cụ thể", "Cơ quan chủ trì"]) == TASK
    assert table_kind(["TT", "Tên đoàn", "Trưởng đoàn", "Nước đi"]) == DELEGATION
    assert table_kind(["TT", "Nơi đến", "Thời gian"]) == DELEGATION


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", TT("empty")),
        ("-", TT("bullet")),
        ("I", TT("roman", "I")),
        ("IV.", TT("roman", "IV")),
        ("II.I", TT("full", "II.1")),
        ("II.IV", TT("full", "II.4")),
        ("II.1", TT("full", "II.1")),
        ("II.1.3", TT("full", "II.1.3")),
        ("A", TT("letter", "A")),
        ("5", TT("number", "5")),
        ("5.1", TT("number", "5.1")),
        ("1.", TT("number", "1")),
        ("05", TT("number", "5")),
        ("III. Đoàn sử dụng nguồn kinh phí khác", TT("roman", "III", "Đoàn sử dụng nguồn kinh phí khác")),
        ("DR.S.3", TT("full", "DR.S.3")),
        ("** Chưa bao gồm", TT("bad", "** Chưa bao gồm")),
        ("a)", TT("bad", "a)")),
    ],
)
def test_parse_tt(text, expected):
    assert parse_tt(text) == expected


@pytest.mark.parametrize(
    "cell, names",
    [
        ("Sở Ngoại vụ", ["Sở Ngoại vụ"]),
        (
            "Sở Tài nguyên và Môi trường, Sở Khoa học và Công nghệ,",
            ["Sở Tài nguyên và Môi trường", "Sở Khoa học và Công nghệ"],
        ),
        (
            "Sở Du lịch; Trung tâm xúc tiến đầu tư, thương mại du lịch tỉnh",
            ["Sở Du lịch", "Trung tâm xúc tiến đầu tư, thương mại du lịch tỉnh"],
        ),
        (
            "Sở Lao động, Thương binh và Xã hội, các cơ quan liên quan",
            ["Sở Lao động, Thương binh và Xã hội", "các cơ quan liên quan"],
        ),
        (
            "Công an tỉnh, các sở, ban, ngành, UBND các huyện, thị xã, thành phố",
            ["Công an tỉnh", "các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"],
        ),
        ("Sở Ngoại vụ\nSở Du lịch", ["Sở Ngoại vụ", "Sở Du lịch"]),
        ("Sở Kế\nhoạch và Đầu tư", ["Sở Kế hoạch và Đầu tư"]),
        ("Liên hiệp các tổ chức hữu nghị\ntỉnh", ["Liên hiệp các tổ chức hữu nghị tỉnh"]),
        ("Văn phòng Đoàn ĐBQH và HĐND tỉnh, Sở Ngoại vụ", ["Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Sở Ngoại vụ"]),
        (
            "các cơ quan liên quan được giao nhiệm vụ theo Kế hoạch số 250/KH-UBND.",
            ["các cơ quan liên quan được giao nhiệm vụ theo Kế hoạch số 250/KH-UBND"],
        ),
        # the bodies of 2025 (Thuế tỉnh, Thống kê tỉnh) and the parties a 2025-2026 table names beside them
        (
            "Sở Tư pháp, Thuế tỉnh, Thống kê tỉnh, UBND các xã, phường, doanh nghiệp.",
            ["Sở Tư pháp", "Thuế tỉnh", "Thống kê tỉnh", "UBND các xã, phường", "doanh nghiệp"],
        ),
    ],
)
def test_split_agencies_keeps_names_as_written(cell, names):
    assert split_agencies(cell, REGISTRY) == names


def test_split_agencies_without_a_registry_uses_the_words_that_start_a_name():
    assert split_agencies("Sở Du lịch, Trung tâm xúc tiến đầu tư, thương mại du lịch tỉnh") == [
        "Sở Du lịch",
        "Trung tâm xúc tiến đầu tư, thương mại du lịch tỉnh",
    ]
    assert split_agencies("UBND các huyện, thị xã, thành phố") == ["UBND các huyện, thị xã, thành phố"]


@pytest.mark.parametrize(
    "text, value",
    [
        ("709.465.000", 709465000),
        ("3.500.000.000", 3500000000),
        ("1,900,000,000", 1900000000),
        ("10", 10),
        ("709465000", 709465000),
        ("500.000.000 đ", 500000000),
        ("Ngân sách tỉnh", None),
        ("1.5", None),
        ("theo quy định của Bộ Quốc phòng", None),
    ],
)
def test_parse_amount(text, value):
    assert parse_amount(text) == value


def test_dump_plan_writes_the_shipped_plans_layout():
    data = {
        "kehoach": 1,
        "plan": {
            "id": "x-2024",
            "number": None,
            "title": "Kế hoạch: thử",
            "issued": dt.date(2024, 3, 11),
            "years": [2022, 2023],
            "continues": True,
        },
        "sections": [
            {
                "id": "II",
                "title": "Mục",
                "items": [
                    {"id": "II.1", "task": "a" * 300, "lead": ["Sở Ngoại vụ"], "when": "2024"},
                    {"id": "II.2", "task": "yes", "lead": ["Sở Du lịch"], "when": "Quý II"},
                ],
            }
        ],
    }
    assert dump_plan(data) == (
        "# yaml-language-server: $schema=../../docs/plan.schema.json\n"
        "kehoach: 1\n"
        "plan:\n"
        "  id: x-2024\n"
        "  number: null\n"
        '  title: "Kế hoạch: thử"\n'
        "  issued: 2024-03-11\n"
        "  years: [2022, 2023]\n"
        "  continues: true\n"
        "sections:\n"
        "  - id: II\n"
        "    title: Mục\n"
        "    items:\n"
        "      - id: II.1\n"
        f"        task: {'a' * 300}\n"
        "        lead:\n"
        "          - Sở Ngoại vụ\n"
        '        when: "2024"\n'
        "      - id: II.2\n"
        '        task: "yes"\n'
        "        lead:\n"
        "          - Sở Du lịch\n"
        "        when: Quý II\n"
    )


def test_a_table_without_headings_keeps_its_numbers_as_ids(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(
        "TT,Nhiệm vụ,Cơ quan chủ trì,Thời gian\n"
        "1,Phối hợp triển khai,,\n1.1,Việc một,Sở Ngoại vụ,Quý I\n1.2,Việc hai,Sở Du lịch,Quý II\n"
        "2,Việc ba,Sở Ngoại vụ,Quý III\n",
        encoding="utf-8",
    )
    result = import_table(table, ImportOptions(years=(2024,)), REGISTRY)
    assert result.ok, result.diagnostics
    sections = result.data["sections"]
    assert [(s["id"], s["title"], [i["id"] for i in s.get("items", [])]) for s in sections] == [
        ("I", "Nhiệm vụ", ["2"]),
        ("1", "Phối hợp triển khai", ["1.1", "1.2"]),
    ]


def test_a_sub_number_under_a_task_is_an_error(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(
        "TT,Nhiệm vụ,Cơ quan chủ trì,Thời gian\nI,Mục,,\n1,Việc một,Sở Ngoại vụ,Quý I\n1.1,Việc con,Sở Du lịch,Quý II\n"
        "3.1,Việc lạc,Sở Du lịch,Quý II\n",
        encoding="utf-8",
    )
    result = import_table(table, ImportOptions(years=(2024,)), REGISTRY)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("KH623", 4, 1), ("KH623", 5, 1)]
    assert "which is a task" in result.diagnostics[0].message
    assert "has no row 3 above it in section I" in result.diagnostics[1].message
