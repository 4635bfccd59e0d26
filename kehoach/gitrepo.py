"""Read-only access to git: revisions, file contents at a revision, and the history of one file.

Every call runs ``git`` with an argument list (never a shell) in the repository's top-level folder.
Revisions come from users, so they are checked not to start with ``-`` before they reach git.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.errors import GitError, UsageError

WORKTREE = None  # a "revision" meaning: the files on disk
_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
_ZERO = "0" * 40


def check_rev(rev: str) -> str:
    """A revision as typed by the user; refuses anything git could read as an option."""
    if not rev or rev.startswith("-") or "\0" in rev or "\n" in rev:
        raise UsageError(
            f"{rev!r} is not a revision", hint="revisions look like HEAD, main, v1.0, a1b2c3d, main...feature"
        )
    return rev


def _git(cwd: Path, *args: str, input: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, **_ENV}
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=cwd, input=input, capture_output=True, env=env, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else f'exit {proc.returncode}'}")
    return proc


@dataclass
class FileCommit:
    """One commit that touched a file: who, when, why, and the file's blobs before and after."""

    sha: str
    date: str  # author date, ISO 8601
    author: str
    email: str
    subject: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None  # None: the file did not exist before this commit
    new_blob: str | None  # None: the commit deleted the file


@dataclass
class Git:
    """A git working tree, addressed through its top-level folder."""

    root: Path
    _blob_cache: dict[str, bytes] = field(default_factory=dict, repr=False)

    @classmethod
    def discover(cls, start: Path | None = None) -> Git:
        start = Path(start or Path.cwd())
        if not start.is_dir():
            start = start.parent
        proc = _git(start, "rev-parse", "--show-toplevel", check=False)
        if proc.returncode != 0:
            raise GitError(
                f"{start} is not inside a git repository", hint="run the command in a clone of the plan repository"
            )
        return cls(Path(proc.stdout.decode("utf-8").strip()))

    def run(self, *args: str, input: bytes | None = None) -> bytes:
        return _git(self.root, *args, input=input).stdout

    # -- revisions -----------------------------------------------------------------------------
    def resolve(self, rev: str) -> str:
        """The commit id of ``rev``; GitError when git does not know it."""
        check_rev(rev)
        proc = _git(self.root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        if proc.returncode != 0:
            raise GitError(f"unknown revision '{rev}'", hint="see 'git log --oneline' or 'git branch -a'")
        return proc.stdout.decode().strip()

    def is_rev(self, rev: str) -> bool:
        """True when ``rev`` names a commit (or a range ``A..B`` / ``A...B`` of commits)."""
        if not rev or rev.startswith("-"):
            return False
        for sep in ("...", ".."):
            if sep in rev:
                return all(self.is_rev(part or "HEAD") for part in rev.split(sep, 1))
        proc = _git(self.root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        return proc.returncode == 0

    def merge_base(self, a: str, b: str) -> str:
        proc = _git(self.root, "merge-base", self.resolve(a), self.resolve(b), check=False)
        if proc.returncode != 0:
            raise GitError(f"'{a}' and '{b}' have no common ancestor")
        return proc.stdout.decode().strip()

    def has_commits(self) -> bool:
        return _git(self.root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).returncode == 0

    # -- files -----------------------------------------------------------------------------------
    def relative(self, path: Path | str, cwd: Path | None = None) -> str:
        """``path`` (relative to ``cwd``) as a path relative to the repository root, with '/'."""
        full = (Path(cwd or Path.cwd()) / path).resolve()
        try:
            return full.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{path} is outside the git repository {self.root}") from None

    def ls_tree(self, rev: str, paths: list[str]) -> dict[str, str]:
        """path → blob id of every file below ``paths`` at ``rev`` (a commit id)."""
        out = self.run("ls-tree", "-r", "-z", "--full-tree", rev, "--", *(paths or ["."]))
        files: dict[str, str] = {}
        for entry in out.decode("utf-8", "surrogateescape").split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            _mode, kind, blob = meta.split()
            if kind == "blob":
                files[path] = blob
        return files

    def ls_worktree(self, paths: list[str]) -> list[str]:
        """Files in the working tree below ``paths``: tracked ones that still exist, and untracked ones not ignored."""
        out = self.run("ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *(paths or ["."]))
        names = [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]
        return sorted({p for p in names if (self.root / p).is_file()})

    def read_worktree(self, path: str) -> bytes:
        """The file's bytes, at most one byte over the plan size limit (the reader then refuses it)."""
        from kehoach.limits import MAX_PLAN_BYTES

        with open(self.root / path, "rb") as fh:
            return fh.read(MAX_PLAN_BYTES + 1)

    def show(self, rev: str, path: str) -> bytes:
        """The bytes of ``path`` at ``rev`` (``git show REV:path``, never through a textconv filter)."""
        check_rev(rev)
        proc = _git(self.root, "show", "--no-textconv", f"{rev}:{path}", check=False)
        if proc.returncode != 0:
            raise GitError(f"'{path}' does not exist at revision '{rev}'")
        return proc.stdout

    def blobs(self, ids: list[str]) -> dict[str, bytes]:
        """The contents of many blobs in one ``git cat-file --batch`` call (cached)."""
        wanted = [i for i in dict.fromkeys(ids) if i and i != _ZERO and i not in self._blob_cache]
        if wanted:
            out = self.run("cat-file", "--batch", input="".join(i + "\n" for i in wanted).encode())
            pos = 0
            for blob_id in wanted:
                end = out.index(b"\n", pos)
                header = out[pos:end].decode().split()
                if len(header) < 3 or header[1] != "blob":
                    raise GitError(f"git object {blob_id} is not a file")
                size = int(header[2])
                self._blob_cache[blob_id] = out[end + 1 : end + 1 + size]
                pos = end + 1 + size + 1
        return {i: self._blob_cache[i] for i in ids if i in self._blob_cache}

    # -- history ---------------------------------------------------------------------------------
    def file_history(self, path: str) -> list[FileCommit]:
        """Every commit that changed ``path`` (following renames), newest first, with blob ids before and after."""
        sep, end = "\x1f", "\x1e"
        fmt = f"{end}%H{sep}%aI{sep}%an{sep}%ae{sep}%s"
        out = self.run("log", "--follow", "--raw", "--no-abbrev", "-z", "--no-color", f"--format={fmt}", "--", path)
        text = out.decode("utf-8", "surrogateescape")
        commits: list[FileCommit] = []
        for record in text.split(end):
            if not record.strip("\0\n"):
                continue
            head, _, raw = record.partition("\n")
            fields = head.strip("\0").split(sep)
            if len(fields) < 5:
                continue
            sha, date, author, email, subject = fields[:5]
            for change in _raw_entries(raw):
                commits.append(FileCommit(sha, date, author, email, subject, *change))
                break
        return commits


def _raw_entries(raw: str) -> list[tuple]:
    """Parse ``--raw -z`` output: (old_path, new_path, old_blob, new_blob) per entry."""
    parts = raw.split("\0")
    out = []
    i = 0
    while i < len(parts):
        meta = parts[i].strip("\n")
        if not meta.startswith(":"):
            i += 1
            continue
        fields = meta[1:].split()
        old_blob, new_blob, status = fields[2], fields[3], fields[4]
        if status[0] in "RC":
            old_path, new_path = parts[i + 1], parts[i + 2]
            i += 3
        else:
            old_path = new_path = parts[i + 1]
            i += 2
        out.append(
            (
                None if old_blob == _ZERO else old_path,
                None if new_blob == _ZERO else new_path,
                None if old_blob == _ZERO else old_blob,
                None if new_blob == _ZERO else new_blob,
            )
        )
    return out
