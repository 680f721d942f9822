"""One helper for a count and its noun, one formatter for large numbers, used everywhere."""

from __future__ import annotations

import io
import math
import re
import tokenize
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from compliance.core.wording import (
    count,
    plural,
    power_of_ten,
    scientific,
    scientific_markup,
    signed,
)
from compliance.emit.render.environment import make_environment

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (1, "waiver", "1 waiver"),
        (2, "waiver", "2 waivers"),
        (0, "open incident", "0 open incidents"),
        (1, "open incident", "1 open incident"),
        (3, "category", "3 categories"),
        (2, "day", "2 days"),
        (2, "match", "2 matches"),
        (12000, "sample", "12,000 samples"),
    ],
)
def test_count_says_the_number_and_the_right_form_of_the_noun(n, noun, expected) -> None:
    assert count(n, noun) == expected


def test_irregular_forms_are_given() -> None:
    assert plural(1, "was", "were") == "was"
    assert plural(2, "was", "were") == "were"
    assert count(2, "criterion", "criteria") == "2 criteria"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (3.8e25, "FLOP", "3.8 × 10^25 FLOP"),
        (6.0e24, "FLOP", "6.0 × 10^24 FLOP"),
        (7.04e10, "", "7.04 × 10^10"),
        (1.42e13, "tokens", "1.42 × 10^13 tokens"),
        (9.999e24, "", "1.0 × 10^25"),  # rounding carries into the next power
        (1.2e-5, "", "1.2 × 10^-5"),
        (512, "MWh", "512 MWh"),
        (0.953, "", "0.953"),
        (0, "", "0"),
    ],
)
def test_scientific_is_plain_text_with_a_caret(value, unit, expected) -> None:
    assert scientific(value, unit) == expected


def test_the_markup_form_is_a_real_superscript_and_escapes_the_unit() -> None:
    assert scientific_markup(3.8e25, "FLOP") == Markup("3.8 × 10<sup>25</sup> FLOP")
    assert scientific_markup(0.5, "<b>") == Markup("0.5 &lt;b&gt;")
    assert power_of_ten(25) == "10^25"
    assert signed(-0.035) == "-0.035" and signed(0.021) == "+0.021"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_no_number_is_ever_written_as_a_float_repr(value: float) -> None:
    text = scientific(value)
    assert not re.search(r"\de[+-]?\d", text), text
    if "× 10^" in text:
        mantissa, exp = text.split(" × 10^")
        assert math.isclose(float(f"{mantissa}e{exp}"), value, rel_tol=0.01)


def test_templates_get_the_filters_and_every_printed_power_as_a_superscript() -> None:
    env = make_environment((ROOT / "templates",))
    template = env.from_string(
        '{{ 3|counted("gap") }}; {{ 1|counted("waiver") }}; {{ x|sci("FLOP") }}; {{ note }}'
    )
    html = template.render(x=3.8e25, note="6 × 10^24 FLOP <i>")
    assert html == (
        "3 gaps; 1 waiver; 3.8 × 10<sup>25</sup> FLOP; 6 × 10<sup>24</sup> FLOP &lt;i&gt;"
    )


def _sources() -> list[Path]:
    return [
        *(ROOT / "compliance").rglob("*.py"),
        *(ROOT / "templates").rglob("*.html"),
    ]


def _official_words() -> set[str]:
    """Words with "(s)" in the official texts the tool quotes exactly (the forms' labels)."""
    words: set[str] = set()
    for path in (ROOT / "frameworks").rglob("*.yaml"):
        words |= set(re.findall(r"\w+\(e?s\)", path.read_text("utf-8")))
    return words


def _prose(path: Path) -> list[tuple[int, str]]:
    """(line, text) of what may reach a reader: string literals of Python code, and
    template text outside Jinja tags."""
    source = path.read_text("utf-8")
    if path.suffix == ".py":
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        wanted = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
        return [(t.start[0], t.string) for t in tokens if t.type in wanted]
    out = []
    for n, line in enumerate(source.splitlines(), 1):
        out.append((n, re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", line)))
    return out


def test_no_parenthesised_plural_is_left_in_the_code_or_the_templates() -> None:
    official = _official_words()
    found = []
    for path in _sources():
        for n, text in _prose(path):
            for m in re.finditer(r"\w+\(e?s\)", text):
                if m.group(0) in official or text[max(0, m.end() - 7) : m.end()] == "http(s)":
                    continue
                found.append(f"{path.relative_to(ROOT)}:{n}: {m.group(0)}")
    assert not found, "\n".join(found)


def test_no_template_formats_a_figure_with_an_exponent_format() -> None:
    # "%.2g"|format(6e24) prints '6e+24'; templates use the `sci` filter instead
    pattern = re.compile(r"[\"']%[+\-#0]*\d*(?:\.\d+)?[gGeE][\"']\s*\|\s*format")
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "templates").glob("*.html"))
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, "\n".join(found)


def test_no_float_format_that_can_print_an_exponent_formats_a_figure() -> None:
    # ':g', ':.3g', ':e' turn 3.8e25 into '3.8e+25'; figures go through core/wording.py
    found = []
    pattern = re.compile(r"\{[^{}]*?:[+\-, #0]*\d*(?:\.\d+)?[gGeE]\}")
    for path in (ROOT / "compliance").rglob("*.py"):
        if path.name == "wording.py":
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            # float(f"{x:.2g}") rounds a number; it prints nothing
            if pattern.search(line) and "float(f" not in line:
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)
