"""Real git repositories in temporary folders, and a small plan, for the review command tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

PLAN_PATH = "plans/test/mini-2024.yaml"

PLAN = """\
# yaml-language-server: $schema=../../docs/plan.schema.json
kehoach: 1
plan:
  id: mini-2024
  number: 1/KH-UBND
  title: Kế hoạch thử nghiệm năm 2024
  year: 2024
reporting:
  - id: bc-6-thang
    kind: six-month
    title: Báo cáo kết quả 6 tháng
    day: 10/5
    from:
      - Sở Du lịch
    to:
      - Sở Ngoại vụ
sections:
  - id: I
    title: Hợp tác quốc tế
    items:
      - id: I.1
        task: Tổ chức hội nghị xúc tiến đầu tư tại Nhật Bản
        lead:
          - Sở Ngoại vụ
        support:
          - Sở Du lịch
        when: Quý II
      # the next task is ongoing
      - id: I.2
        task: Theo dõi tình hình đoàn vào
        lead:
          - Sở Ngoại vụ
        when: thường xuyên
      - id: I.3
        task: Xây dựng kế hoạch quảng bá du lịch
        lead:
          - Sở Du lịch
        when: Tháng 11/2024

  - id: II
    title: Thông tin đối ngoại
    items:
      - id: II.1
        task: Cập nhật trang thông tin điện tử
        lead:
          - Sở Thông tin và Truyền thông
        when: Quý III
delegations:
  - id: DR.1
    direction: out
    destination: Hàn Quốc
    when: Quý II
    purpose: Xúc tiến du lịch
    lead:
      - Sở Du lịch
    budget: 709465000
"""


class GitRepo:
    """A git repository in a temporary folder; commits get fixed authors and dates."""

    def __init__(self, root: Path):
        self.root = root
        self.env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": str(root.parent / "gitconfig")}
        (root.parent / "gitconfig").write_text("")
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, **env: str) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=self.root, env={**self.env, **env}, capture_output=True, text=True, check=True
        )
        return proc.stdout

    def write(self, text: str, path: str = PLAN_PATH) -> Path:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        return file

    def read(self, path: str = PLAN_PATH) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def edit(self, old: str, new: str, path: str = PLAN_PATH) -> None:
        text = self.read(path)
        assert old in text, old
        self.write(text.replace(old, new, 1), path)

    def commit(self, message: str, author: str = "Nguyễn Văn An", date: str = "2024-05-02T09:00:00+07:00") -> str:
        self.git("add", "-A")
        self.git(
            "-c",
            f"user.name={author}",
            "-c",
            "user.email=an@example.vn",
            "commit",
            "-q",
            "-m",
            message,
            GIT_AUTHOR_DATE=date,
            GIT_COMMITTER_DATE=date,
        )
        return self.git("rev-parse", "HEAD").strip()


def make_repo(tmp_path, monkeypatch) -> GitRepo:
    """A repository holding the small plan in one commit; the working directory is its root."""
    root = tmp_path / "repo"
    root.mkdir()
    repo = GitRepo(root)
    for key in ("GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL"):
        monkeypatch.setenv(key, repo.env[key])
    repo.write(PLAN)
    repo.commit("Thêm kế hoạch 1/KH-UBND", date="2024-04-01T08:00:00+07:00")
    monkeypatch.chdir(root)
    return repo


def change_plan(repo: GitRepo) -> None:
    """The review scenario: a later `when`, one task added, one removed, one id renamed, one status."""
    repo.edit("        when: Quý II\n      # the next", "        when: Quý III\n      # the next")
    repo.edit(
        """      - id: I.2
        task: Theo dõi tình hình đoàn vào
        lead:
          - Sở Ngoại vụ
        when: thường xuyên
""",
        "",
    )
    repo.edit("      - id: I.3\n", "      - id: I.3a\n")
    repo.edit(
        "        when: Quý III\ndelegations:",
        "        when: Quý III\n        status: hoàn thành\n"
        "        done_on: 2024-08-20\n      - id: II.2\n        task: Tổ chức tọa đàm báo chí nước ngoài\n"
        "        lead:\n          - Sở Ngoại vụ\n        when: Quý IV\ndelegations:",
    )
