"""Cited evidence: a heading's section or a line range, and a citation that no longer
resolves is reported, never raised."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from compliance.link.citations import heading_section, line_range
from compliance.pipeline import run
from tests.emit.documents.docs_helpers import example_workspace
from tests.gitrepo import GitRepo

DOC = """---
title: x
---
# Card

## Training data

Web 61%.

### Detail

Curated.

## Licence

Proprietary.

```
## Not a heading
```
"""


def test_a_heading_section_runs_to_the_next_heading_of_its_level() -> None:
    first, text = heading_section(DOC, "## Training data") or (0, "")
    assert first == 6
    assert text.startswith("## Training data") and "Curated." in text
    assert "Proprietary" not in text


def test_a_heading_without_hashes_matches_any_level() -> None:
    assert heading_section(DOC, "Detail") is not None


def test_a_heading_inside_a_code_fence_is_not_a_heading() -> None:
    assert heading_section(DOC, "## Not a heading") is None


def test_a_line_range_past_the_end_is_none() -> None:
    assert line_range(DOC, "2-3") == (2, "title: x\n---")
    assert line_range(DOC, "200") is None


@given(st.text(max_size=200), st.text(min_size=1, max_size=30))
def test_any_text_and_heading_give_a_section_or_none_never_an_error(
    text: str, heading: str
) -> None:
    found = heading_section(text, heading)
    assert found is None or found[0] >= 1


def test_a_cited_heading_removed_in_a_later_commit_is_reported(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = example_workspace(git_repo())
    card = (repo.root / "evidence/model-card.md").read_text("utf-8")
    repo.write("evidence/model-card.md", card.replace("## Licence", "## Terms"))
    repo.commit("rename the licence heading", date="2026-11-05T10:00:00+00:00")
    result = run(repo.root)
    problems = [q for q in result.citations.problems()]
    assert [(q.path, q.heading) for q in problems] == [("evidence/model-card.md", "## Licence")]
    assert problems[0].problem == "heading not found: '## Licence' in evidence/model-card.md"
    notes = result.assessment.notices
    assert any(
        "licence cites evidence/model-card.md" in n and "heading not found" in n for n in notes
    )
    assert result.assessment.has_findings
