"""The built-in example's go/no-go report: the short form stays within three pages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from compliance.cli.main import main

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_example_go_no_go_is_conditional_and_at_most_three_pages(tmp_path):
    result = CliRunner().invoke(
        main, ["build", "go-no-go", "--project", str(REPO_ROOT), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(tmp_path / "go-no-go.pdf")
    assert 1 <= len(reader.pages) <= 3
    text = "".join(page.extract_text() for page in reader.pages)
    assert "CONDITIONAL GO" in text
    for rule in ("evidence-fresh", "refusal-language-parity", "release-sign-off"):
        assert rule in text
