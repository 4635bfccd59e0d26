"""kehoach textconv: a stable rendering for git's diff driver, and git using it."""

from __future__ import annotations

import sys

import pytest
from review_support import PLAN, PLAN_PATH, make_repo

RENDERED = """\
# 1/KH-UBND — Kế hoạch thử nghiệm năm 2024

plan.id: mini-2024
plan.number: 1/KH-UBND
plan.title: Kế hoạch thử nghiệm năm 2024
plan.year: 2024

## Chế độ báo cáo (reporting)

[bc-6-thang] Báo cáo kết quả 6 tháng
  kind: six-month
  day: 10/5
  from: Sở Du lịch
  to: Sở Ngoại vụ
  hạn 2024: 2024-05-10

## I. Hợp tác quốc tế

[I.1] Tổ chức hội nghị xúc tiến đầu tư tại Nhật Bản
  lead: Sở Ngoại vụ
  support: Sở Du lịch
  when: Quý II  (hạn 2024-06-30)
  status: planned

[I.2] Theo dõi tình hình đoàn vào
  lead: Sở Ngoại vụ
  when: thường xuyên  (ongoing)
  status: planned

[I.3] Xây dựng kế hoạch quảng bá du lịch
  lead: Sở Du lịch
  when: Tháng 11/2024  (hạn 2024-11-30)
  status: planned

## II. Thông tin đối ngoại

[II.1] Cập nhật trang thông tin điện tử
  lead: Sở Thông tin và Truyền thông
  when: Quý III  (hạn 2024-09-30)
  status: planned

## Đoàn ra, đoàn vào (delegations)

[DR.1] Đoàn ra Hàn Quốc: Xúc tiến du lịch
  direction: out
  destination: Hàn Quốc
  when: Quý II  (hạn 2024-06-30)
  purpose: Xúc tiến du lịch
  lead: Sở Du lịch
  budget: 709465000
  status: planned
"""


def test_rendering_is_one_field_per_line(tmp_path, invoke):
    file = tmp_path / "plan.yaml"
    file.write_text(PLAN, encoding="utf-8")
    result = invoke("textconv", str(file))
    assert result.exit_code == 0
    assert result.output == RENDERED


def test_formatting_does_not_change_the_rendering(tmp_path, invoke):
    file = tmp_path / "plan.yaml"
    file.write_text(
        PLAN.replace(
            "        lead:\n          - Sở Ngoại vụ\n        support", "        lead: [Sở Ngoại vụ]\n        support"
        ).replace("# yaml-language-server", "# hello\n# yaml-language-server"),
        encoding="utf-8",
    )
    assert invoke("textconv", str(file)).output == RENDERED


@pytest.mark.parametrize("content", [b"kehoach: 1\nplan: [broken\n", b"\xff\xfe not utf-8", b"- a list\n"])
def test_anything_else_passes_through_unchanged(tmp_path, invoke, content):
    file = tmp_path / "x.yaml"
    file.write_bytes(content)
    result = invoke("textconv", str(file))
    assert result.exit_code == 0
    assert result.stdout_bytes == content


def test_git_diff_uses_it_through_gitattributes(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("plans/**/*.yaml diff=kehoach\n", ".gitattributes")
    repo.git("config", "diff.kehoach.textconv", f"{sys.executable} -m kehoach textconv")
    repo.git("config", "diff.kehoach.xfuncname", r"^(\[.*\].*|## .*)$")
    repo.edit("        when: Tháng 11/2024\n", "        when: Tháng 12/2024\n")
    out = repo.git("diff", "-U1", "--", PLAN_PATH)
    assert "-  when: Tháng 11/2024  (hạn 2024-11-30)\n+  when: Tháng 12/2024  (hạn 2024-12-31)\n" in out
    assert "@@ [I.3] Xây dựng kế hoạch quảng bá du lịch" in out
    assert repo.git("show", "HEAD:" + PLAN_PATH) == PLAN  # plain `git show` of a blob stays raw
