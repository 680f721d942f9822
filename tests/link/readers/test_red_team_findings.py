"""Red-team findings files: the example's is coherent with its summary; bad input is refused
at its line and column; no text makes the reader raise anything but an input error."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.link.readers.red_team import is_findings_file, read_findings
from compliance.models.red_team import FindingStatus, RetestResult

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "evidence/red-team/findings.yaml"

ONE = """\
schema_version: 1
exercise: test exercise
findings:
  - id: RT-1
    title: a finding
    severity: high
    harm_category: cbrn
    status: {status}
    found: 2026-09-01
    found_by: internal red team
    mitigation: {mitigation}
    retest: {{result: {result}, date: 2026-10-01}}
"""


def test_the_example_lists_the_fourteen_findings_of_its_summary() -> None:
    data = read_findings("evidence/red-team/findings.yaml", EXAMPLE.read_bytes())
    summary = (ROOT / "evidence/red-team/red-team-summary.md").read_text("utf-8")
    assert "14 findings; 11 fixed" in summary and "3 accepted with monitoring" in summary
    assert len(data.findings) == 14
    statuses = [f.status for f in data.findings]
    assert statuses.count(FindingStatus.FIXED) == 11
    accepted = [f for f in data.findings if f.status == FindingStatus.ACCEPTED]
    assert len(accepted) == 3 and {f.risk for f in accepted} == {"RISK-CYBER-01"}
    assert all(f.retest.result == RetestResult.PASSED for f in data.findings if f.status == "fixed")
    assert data.report == "evidence/red-team/red-team-summary.md"


def test_every_finding_names_a_harm_category_and_risk_of_the_example_register() -> None:
    data = read_findings("f.yaml", EXAMPLE.read_bytes())
    register = (ROOT / "risks/register.yaml").read_text("utf-8")
    categories = set(re.findall(r"harm_category: (\S+)", register))
    ids = set(re.findall(r"- id: (RISK-\S+)", register))
    assert {f.harm_category for f in data.findings} <= categories
    assert {f.risk for f in data.findings if f.risk} <= ids


def test_a_fixed_finding_whose_retest_failed_is_refused_at_its_line() -> None:
    text = ONE.format(status="fixed", mitigation="a filter", result="failed")
    with pytest.raises(InputError) as exc:
        read_findings("evidence/red-team/findings.yaml", text.encode())
    problem = exc.value.problems[0]
    assert problem.path == "evidence/red-team/findings.yaml"
    assert problem.line == 4
    assert "is 'fixed' but its retest failed" in problem.message + problem.hint


def test_an_unknown_severity_is_refused_with_line_and_column() -> None:
    text = ONE.format(status="open", mitigation="x", result="not-retested").replace(
        "severity: high", "severity: severe"
    )
    with pytest.raises(InputError) as exc:
        read_findings("f.yaml", text.encode())
    problem = exc.value.problems[0]
    assert (problem.line, problem.column) == (6, 15)
    assert "severity" in problem.message


def test_an_accepted_finding_needs_its_mitigation_and_ids_are_unique() -> None:
    text = ONE.format(status="accepted", mitigation="''", result="failed")
    with pytest.raises(InputError, match="say how in 'mitigation'"):
        read_findings("f.yaml", text.encode())
    good = ONE.format(status="open", mitigation="x", result="failed")
    twice = good + good.split("findings:\n", 1)[1]
    with pytest.raises(InputError, match="listed twice: RT-1"):
        read_findings("f.yaml", twice.encode())


def test_only_yaml_red_team_files_are_read_as_findings() -> None:
    assert is_findings_file("evidence/red-team/findings.yaml")
    assert is_findings_file("x/FINDINGS.YML")
    assert not is_findings_file("evidence/red-team/red-team-summary.md")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_a_findings_file_or_an_input_error(data: bytes) -> None:
    with contextlib.suppress(InputError):
        read_findings("f.yaml", data)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["low", "medium", "high", "critical", "urgent", "", "1"]),
    st.sampled_from(["open", "fixed", "accepted", "closed"]),
    st.sampled_from(["passed", "failed", "not-retested", "maybe"]),
)
def test_field_combinations_either_load_or_fail_with_a_location(
    severity: str, status: str, result: str
) -> None:
    text = ONE.format(status=status, mitigation="m", result=result).replace(
        "severity: high", f"severity: '{severity}'"
    )
    try:
        data = read_findings("f.yaml", text.encode())
    except InputError as exc:
        assert all(p.line is not None for p in exc.problems)
        return
    f = data.findings[0]
    assert f.severity.value == severity and f.status.value == status
    assert not (f.status == FindingStatus.FIXED and f.retest.result != RetestResult.PASSED)
