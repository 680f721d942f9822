"""What a person reads says "1 waiver" / "2 waivers", never "waiver(s)", and writes large
numbers as 3.8 × 10^25 (a superscript in PDFs), never as Python's float repr (3.8e+25)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from compliance.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
FLOAT_REPR = re.compile(r"\d(?:\.\d+)?e[+-]\d{2,}")
"""'3.8e+25', '1e-05': Python's repr always signs the exponent (commit ids never do)."""


def _official_words() -> set[str]:
    """Words with "(s)" in official texts the tool quotes exactly (the forms' and catalogs'
    wording, e.g. the Model Documentation Form's "model name(s)"): quoted, not ours."""
    words: set[str] = set()
    for path in (ROOT / "frameworks").rglob("*.yaml"):
        words |= set(re.findall(r"\w+\(e?s\)", path.read_text("utf-8")))
    return words


OFFICIAL = _official_words()


def _bad(text: str) -> list[str]:
    plurals = [
        m.group(0)
        for m in re.finditer(r"\w+\(e?s\)", text)
        if not _is_http(text, m.start() + len(m.group(0)) - 4) and m.group(0) not in OFFICIAL
    ]
    return plurals + [m.group(0) for m in FLOAT_REPR.finditer(text)]


def _is_http(text: str, at: int) -> bool:
    return text[max(0, at - 3) : at + 4] == "http(s)"


def test_official_wording_is_quoted_as_published() -> None:
    # the exclusion is narrow: the form's own words, never a message of ours
    assert "name(s)" in OFFICIAL
    assert "gap(s)" not in OFFICIAL and "waiver(s)" not in OFFICIAL


def test_the_patterns_catch_what_they_are_for() -> None:
    assert _bad("3 gap(s) and 1 waiver(s)") == ["gap(s)", "waiver(s)"]
    assert _bad("training compute 3.8e+25 FLOP") == ["3.8e+25"]
    assert _bad("1e-05") == ["1e-05"]
    assert _bad("commit 8eaa053d9067, colour #5e1134") == []
    assert _bad("3.8 × 10^25 FLOP, 2 gaps, 1 waiver, http(s) links") == []


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--project", str(ROOT)])
    assert result.exit_code in (0, 1, 3), result.output
    return result.output


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--no-cache"),
        ("check", "--no-cache", "--format", "markdown"),
        ("gate",),
        ("gate", "--format", "sarif"),
        ("gate", "--format", "json"),
        ("gaps", "--format", "markdown"),
    ],
    ids=lambda a: " ".join(a),
)
def test_the_example_terminal_and_markdown_outputs(args: tuple[str, ...]) -> None:
    out = _cli(*args)
    assert out.strip()
    assert not _bad(out), _bad(out)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = CliRunner().invoke(
        main, ["build", "--project", str(ROOT), "--out", str(out), "--html", "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_example_pdfs_read_back_without_plural_s_or_float_repr(built: Path) -> None:
    pdfs = sorted(built.glob("*.pdf"))
    assert len(pdfs) >= 3
    for pdf in pdfs:
        text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
        assert not _bad(text), (pdf.name, _bad(text))


def test_the_example_markdown_and_html_outputs_too(built: Path) -> None:
    files = sorted([*built.glob("*.md"), *built.glob("*.html")])
    assert files
    for path in files:
        text = path.read_text("utf-8")
        text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)  # CSS is not read
        text = re.sub(r"<[^>]+>", " ", text)  # nor are tags and attributes
        assert not _bad(text), (path.name, _bad(text))


def test_large_figures_are_a_superscript_in_html_and_caret_free(built: Path) -> None:
    html = (built / "model-documentation-ai-office.html").read_text("utf-8")
    assert "× 10<sup>24</sup>" in html
    assert "× 10^" not in html  # (the form's own text may quote "7.3*10^10")
