"""A small real workspace with the example's model.yaml, training-data.yaml and the
evidence they cite, committed in a throwaway git repository."""

from __future__ import annotations

import shutil
from pathlib import Path

from compliance.emit.build import BuildContext, build
from compliance.pipeline import Run, run
from tests.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[3]
PROJECT = """\
schema_version: 1
organisation:
  name: Northwind Labs Ltd (fictional)
system:
  name: Halcyon-2
  version: 2.0.0
  general_purpose: true
  training_compute_flop: 6.0e+24
release:
  id: halcyon-2.0.0
frameworks:
  - eu-ai-act-annex-xi
"""


def example_workspace(repo: GitRepo, model_yaml: str | None = None) -> GitRepo:
    """The example's documentation files, committed."""
    repo.write("compliance.yaml", PROJECT)
    repo.write(
        "model.yaml",
        model_yaml if model_yaml is not None else (ROOT / "model.yaml").read_text("utf-8"),
    )
    repo.write("training-data.yaml", (ROOT / "training-data.yaml").read_text("utf-8"))
    shutil.copytree(ROOT / "evidence", repo.root / "evidence")
    repo.commit("example documentation", date="2026-11-01T10:00:00+00:00")
    return repo


def pipeline(repo: GitRepo) -> Run:
    return run(repo.root)


def build_docs(repo: GitRepo, out: Path, *names: str, audience: str | None = None) -> list[Path]:
    result = run(repo.root)
    ctx = BuildContext(run=result, out=out, form_audience=audience)
    out.mkdir(parents=True, exist_ok=True)
    return build(ctx, list(names))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def first_page_text(path: Path) -> str:
    from pypdf import PdfReader

    return PdfReader(path).pages[0].extract_text() or ""
