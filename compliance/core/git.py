"""The one git helper: opening the repository, where a workspace sits in it, blob ids."""

from __future__ import annotations

import hashlib
from pathlib import Path

import git

from compliance.core.errors import InputError


def open_repo(workspace: Path) -> git.Repo:
    """The git repository holding the workspace, or a clear error."""
    try:
        return git.Repo(workspace, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise InputError.single(
            str(workspace),
            "not inside a git repository",
            "evidence is tracked in git: run `git init` and commit the workspace",
        ) from None


def repo_root(repo: git.Repo, workspace: Path) -> Path:
    """The repository's top folder, resolved."""
    return Path(repo.working_tree_dir or workspace).resolve()


def workspace_prefix(repo: git.Repo, workspace: Path) -> str:
    """The workspace's folder inside the repository, `a/b` ("" at the top), no slash."""
    root = repo_root(repo, workspace)
    resolved = workspace.resolve()
    return "" if resolved == root else resolved.relative_to(root).as_posix()


def blob_hasher(size: int) -> hashlib._Hash:
    """A sha1 fed with git's blob header: update it with `size` bytes of content."""
    blob = hashlib.sha1(usedforsecurity=False)
    blob.update(b"blob %d\0" % size)
    return blob


def blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob (`git hash-object`)."""
    blob = blob_hasher(len(data))
    blob.update(data)
    return blob.hexdigest()
