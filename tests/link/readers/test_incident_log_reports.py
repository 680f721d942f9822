"""The incident log's reporting columns: category, awareness, resolution and reports."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.link.readers.incidents import CATEGORIES, REPORT_KINDS, read_incidents

HEADER = "id,severity,status,opened,description,closed,category,aware,resolved,reports\n"


def test_an_old_log_without_the_new_columns_reads_as_before() -> None:
    old = "id,severity,status,opened,description\nINC-1,serious,open,2026-01-10,Harm\n"
    (one,) = read_incidents("log.csv", old.encode())
    assert one.category is None and one.reports == () and one.aware_on == date(2026, 1, 10)


def test_reports_aware_and_resolved_are_read_in_date_order() -> None:
    row = (
        "INC-1,serious,closed,2026-01-10,Harm,2026-02-01,death,2026-01-11,2026-01-30,"
        "final:2026-03-01; initial:2026-01-15; intermediate:2026-02-10\n"
    )
    (one,) = read_incidents("log.csv", (HEADER + row).encode())
    assert one.category == "death"
    assert one.aware_on == date(2026, 1, 11) and one.resolved_on == date(2026, 1, 30)
    assert [k for k, _ in one.reports] == ["initial", "intermediate", "final"]


def test_resolution_defaults_to_the_closing_date() -> None:
    row = "INC-1,serious,closed,2026-01-10,Harm,2026-02-01,death,,,\n"
    (one,) = read_incidents("log.csv", (HEADER + row).encode())
    assert one.resolved_on == date(2026, 2, 1)


def test_a_json_lines_log_gives_its_reports_as_the_same_text() -> None:
    line = (
        '{"id": "INC-1", "severity": 4, "status": "open", "opened": "2026-01-10", '
        '"description": "Harm", "category": "cybersecurity-breach", '
        '"reports": "initial:2026-01-12", "high_risk_ai_system": true}\n'
    )
    (one,) = read_incidents("log.jsonl", line.encode())
    assert one.reports == (("initial", date(2026, 1, 12)),) and one.high_risk_ai_system


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        ("harm-to-pets,,,", "category 'harm-to-pets' is not one of"),
        ("death,yesterday,,", "aware 'yesterday' is not a date"),
        ("death,,,sent:2026-01-12", "report 'sent:2026-01-12' is not KIND:DATE"),
        ("death,,,initial:12/01/2026", "initial report date '12/01/2026' is not a date"),
    ],
)
def test_a_bad_reporting_cell_is_an_error_at_its_line(cells: str, said: str) -> None:
    row = f"INC-1,serious,open,2026-01-10,Harm,,{cells}\n"
    with pytest.raises(InputError) as caught:
        read_incidents("log.csv", (HEADER + row).encode())
    problem = caught.value.problems[0]
    assert problem.line == 2 and said in problem.message


@given(
    st.sampled_from(CATEGORIES),
    st.lists(
        st.tuples(st.sampled_from(REPORT_KINDS), st.dates(date(2020, 1, 1), date(2030, 1, 1))),
        max_size=5,
    ),
)
def test_any_well_formed_reports_cell_reads_back_sorted(category: str, reports: list) -> None:
    cell = "; ".join(f"{k}:{d.isoformat()}" for k, d in reports)
    row = f"INC-1,serious,open,2026-01-10,Harm,,{category},,,{cell}\n"
    (one,) = read_incidents("log.csv", (HEADER + row).encode())
    assert sorted(one.reports, key=lambda r: (r[1], REPORT_KINDS.index(r[0]))) == list(one.reports)
    assert sorted(one.reports) == sorted(reports)
