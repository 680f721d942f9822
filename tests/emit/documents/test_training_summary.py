"""The public summary of training content: the template's structure, and a refusal to
publish anything marked confidential."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.core.errors import InputError
from tests.emit.documents.docs_helpers import build_docs, example_workspace, pdf_text
from tests.gitrepo import GitRepo


def test_the_summary_follows_the_template_and_prints_crawlers_periods_and_domains(
    git_repo: Callable[..., GitRepo], tmp_path: Path
) -> None:
    repo = example_workspace(git_repo())
    build_docs(repo, tmp_path, "training-summary")
    data = json.loads((tmp_path / "training-summary.json").read_text("utf-8"))
    numbers = [s["number"] for s in data["sections"]]
    assert numbers[:3] == ["1", "1.1", "1.2"] and "2.3" in numbers and numbers[-1] == "3.3"
    text = pdf_text(tmp_path / "training-summary.pdf")
    for expected in ("NorthwindBot", "01/2019 to 06/2025", "news.example.com", "Halcyon-1"):
        assert expected in text
    assert "Not applicable: No data from users" in text  # 2.4 answered by its reason
    assert (tmp_path / "training-summary.md").read_text("utf-8").startswith("# Public summary")


def test_licensor_names_which_the_template_does_not_ask_for_are_never_printed(
    git_repo: Callable[..., GitRepo], tmp_path: Path
) -> None:
    build_docs(example_workspace(git_repo()), tmp_path, "training-summary")
    assert "publishers' archive licence" not in pdf_text(tmp_path / "training-summary.pdf")


def test_the_summary_refuses_a_confidential_field_and_names_it(
    git_repo: Callable[..., GitRepo], tmp_path: Path
) -> None:
    repo = example_workspace(git_repo())
    text = (repo.root / "training-data.yaml").read_text("utf-8")
    marked = text.replace(
        "        respects_robots_txt: true",
        "        respects_robots_txt: true\n        confidential: true",
    )
    assert marked != text
    repo.write("training-data.yaml", marked)
    repo.commit("mark the crawler confidential", date="2026-11-02T10:00:00+00:00")
    out = tmp_path / "out"
    with pytest.raises(InputError) as err:
        build_docs(repo, out, "model-documentation", "training-summary")
    message = str(err.value)
    assert "training-data.yaml:" in message
    assert "sources.crawled_data.crawlers[0] (NorthwindBot) is marked confidential" in message
    assert not any(out.iterdir())  # refused before any target wrote a file
