"""The Safety and Security Framework's front matter: strict dates, located errors."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.link.safety_framework import read_framework

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


def _doc(confirmed: str, assessments: str = "[]") -> bytes:
    return (
        '---\ntitle: Framework\nversion: "1.0"\nconfirmed: '
        f'{confirmed}\nchangelog:\n  - {{version: "1.0", date: {confirmed}, change: First.}}\n'
        f"assessments: {assessments}\n---\n# Framework\n"
    ).encode()


@given(DATES, st.lists(DATES, max_size=4))
def test_any_iso_dates_read_back_as_written(confirmed, assessments):
    listed = "[" + ", ".join(d.isoformat() for d in assessments) + "]"
    fm = read_framework("f.md", _doc(confirmed.isoformat(), listed))
    assert fm.confirmed == confirmed and fm.assessments == assessments
    assert fm.changelog[0].date == confirmed


@given(st.text(alphabet="0123456789-/. ", min_size=1, max_size=12))
def test_anything_but_a_real_iso_date_is_a_located_error_never_a_crash(text):
    try:
        fm = read_framework("f.md", _doc(repr(text)))
    except InputError as exc:
        assert all(p.path == "f.md" and p.line is not None for p in exc.problems)
    else:  # a quoted string that pydantic accepts must be a real date written YYYY-MM-DD
        assert fm.confirmed.isoformat() == text.strip()


def test_a_misspelt_key_is_an_error_at_its_line_with_a_suggestion():
    with pytest.raises(InputError) as info:
        read_framework("f.md", b"---\nconfirmed: 2026-01-10\nasessments: []\n---\n")
    (p,) = info.value.problems
    assert (p.line, p.column) == (3, 1) and "did you mean 'assessments'?" in str(p)
