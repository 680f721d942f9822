"""Declared evidence dates: a malformed or misspelt date is invalid input, never ignored."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.cli.main import main
from compliance.core.exit_codes import ExitCode
from compliance.emit.scaffold import FILES
from compliance.link.evidence import build_index
from compliance.link.evidence_dates import DATE_KEYS, front_matter, read_front_matter_date

MALFORMED = ["01/15/2024", "15.01.2024", "2024-1-5", "January 2024", "2024-13-45", "2024"]


def _doc(*lines: str) -> bytes:
    return ("---\ntitle: Card\n" + "\n".join(lines) + "\n---\n# Card\n").encode()


@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_as_of_is_a_problem_at_its_line_and_column(value: str) -> None:
    declared = read_front_matter_date("e/card.md", _doc(f"as_of: {value}"))
    assert declared.day is None
    problem = declared.problem
    assert problem is not None
    assert (problem.path, problem.line, problem.column) == ("e/card.md", 3, 8)
    assert value in problem.message
    assert "YYYY-MM-DD" in problem.message + problem.hint


def test_a_short_iso_date_is_told_its_padded_form() -> None:
    problem = read_front_matter_date("e/card.md", _doc("as_of: 2024-1-5")).problem
    assert problem is not None and problem.hint == "write as_of: 2024-01-05"


def test_an_impossible_day_is_not_a_real_date() -> None:
    problem = read_front_matter_date("e/card.md", _doc("date: 2024-13-45")).problem
    assert problem is not None and "not a real date" in problem.message


def test_an_empty_date_key_declares_nothing_and_says_so() -> None:
    problem = read_front_matter_date("e/card.md", _doc("last_reviewed:")).problem
    assert problem is not None and "declares no date" in problem.message


@pytest.mark.parametrize(
    ("key", "meant"),
    [
        ("as-of", "as_of"),
        ("asof", "as_of"),
        ("As_Of", "as_of"),
        ("AS OF", "as_of"),
        ("date_as_of", "as_of"),
        ("as_of_date", "as_of"),
        ("Date", "date"),
        ("last-reviewed", "last_reviewed"),
        ("effective-date", "effective_date"),
        ("last_reveiwed", "last_reviewed"),
    ],
)
def test_a_key_that_looks_like_a_date_key_gets_a_did_you_mean(key: str, meant: str) -> None:
    problem = read_front_matter_date("e/card.md", _doc(f"{key}: 2024-01-15")).problem
    assert problem is not None
    assert problem.line == 3 and problem.column == 1
    assert f"did you mean '{meant}'?" in problem.hint


@pytest.mark.parametrize("key", ["title", "owner", "update", "review_owner", "version", "dated_by"])
def test_ordinary_keys_are_not_mistaken_for_date_keys(key: str) -> None:
    assert read_front_matter_date("e/card.md", _doc(f"{key}: x", "as_of: 2024-01-15")) == (
        read_front_matter_date("e/card.md", _doc("as_of: 2024-01-15"))
    )


@pytest.mark.parametrize(
    "line",
    [
        "as_of: 2024-01-15",
        "as_of: '2024-01-15'",
        'as_of: "2024-01-15"',
        "as_of: 2024-01-15  # reviewed by legal",
        "as_of: 2024-01-15T10:30:00Z",
        "as_of: 2024-01-15 10:30:00+02:00",
    ],
)
def test_the_accepted_forms_give_the_day(line: str) -> None:
    declared = read_front_matter_date("e/card.md", _doc(line))
    assert (declared.day, declared.problem) == (date(2024, 1, 15), None)


def test_a_date_key_given_twice_is_a_problem() -> None:
    head = _doc("as_of: 2024-01-15", "as_of: 2024-02-01")
    problem = read_front_matter_date("e/c.md", head).problem
    assert problem is not None and problem.line == 4 and "twice" in problem.message


def test_nested_and_block_text_is_not_read_as_a_date_key() -> None:
    head = _doc("notes: |", "  as_of: someday", "meta:", "  asof: whenever")
    assert read_front_matter_date("e/c.md", head).problem is None


VALUES = st.one_of(
    st.sampled_from(["2026-01-05", "2026-02-30", *MALFORMED, "", "~", "'2025-01-01'", "x # y"]),
    st.dates(min_value=date(1000, 1, 1)).map(date.isoformat),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
)
KEYS = st.sampled_from([*DATE_KEYS, "title", "as-of", "asof", "owner", "v"])
LINES = st.tuples(KEYS, VALUES).map(lambda kv: f"{kv[0]}: {kv[1]}")


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=5))
def test_the_front_matter_date_parser_never_fails_and_agrees_with_yaml(lines: list[str]) -> None:
    """A day or a located problem, never both, never an exception; a day read without a
    problem is the day YAML reads (when YAML can read the front matter at all)."""
    head = ("---\n" + "\n".join(lines) + "\n---\n# Doc\n").encode()
    declared = read_front_matter_date("e/doc.md", head)
    assert declared.day is None or declared.problem is None
    if declared.problem is not None:
        assert declared.problem.path == "e/doc.md"
        assert 2 <= (declared.problem.line or 0) <= len(lines) + 1
        return
    meta = front_matter(head)
    if not meta:
        return  # YAML refuses the whole front matter (a tab, a stray quote, ...)
    yaml_day = next((meta[k] for k in DATE_KEYS if meta.get(k) is not None), None)
    if declared.day is not None and yaml_day is not None:
        text_day = yaml_day if isinstance(yaml_day, date) else date.fromisoformat(str(yaml_day))
        assert text_day == declared.day or str(yaml_day).startswith(declared.day.isoformat())


@given(st.dates(min_value=date(1000, 1, 1)), st.sampled_from(DATE_KEYS))
def test_every_real_day_in_the_accepted_form_round_trips(day: date, key: str) -> None:
    declared = read_front_matter_date("e/doc.md", _doc(f"{key}: {day.isoformat()}"))
    assert declared == type(declared)(day, None)


def test_the_index_records_the_date_problem_and_keeps_it_through_its_cache(git_repo) -> None:
    from compliance.link.evidence_cache import EvidenceCache

    repo = git_repo()
    repo.write("e/card.md", "---\nas-of: 2024-01-15\n---\n# Card\n")
    repo.commit("card")
    import os
    import time

    old = time.time() - 60
    os.utime(repo.root / "e/card.md", (old, old))
    first = EvidenceCache(repo.root)
    record = build_index(repo.root, ["e/card.md"], cache=first).get("e/card.md")
    first.save()
    second = build_index(repo.root, ["e/card.md"], cache=EvidenceCache(repo.root))
    assert record.date_problem is not None and record.declared is None
    assert second.get("e/card.md").date_problem == record.date_problem


@pytest.mark.parametrize("command", ["check", "gate", "build"])
@pytest.mark.parametrize(("line", "column"), [("as_of: 01/15/2024", 8), ("as-of: 2025-12-01", 1)])
def test_check_gate_and_build_refuse_a_malformed_evidence_date(
    starter, command: str, line: str, column: int
) -> None:
    """The starter's stale-looking card would otherwise be dated by its commit: covered."""
    policy = (
        "gate:\n  rules:\n"
        "    - {id: cov, kind: coverage, framework: eu-ai-act-annex-xi, min_percent: 0}\n"
    )
    starter.write("compliance.yaml", FILES["compliance.yaml"] + policy)
    starter.write("evidence/model-card.md", f"---\n{line}\n---\n# Model card\n")
    starter.commit("misdated card", date="2026-02-02T09:00:00+00:00")
    args = (command, "--out", str(starter.root / "out")) if command == "build" else (command,)
    result = CliRunner().invoke(main, [*args, "--project", str(starter.root)])
    assert result.exit_code == ExitCode.INVALID_INPUT, result.output
    assert f"error: evidence/model-card.md:2:{column}:" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (starter.root / "out").exists()
