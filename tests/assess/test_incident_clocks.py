"""Serious-incident deadlines by Measure 9.3 of the Code of Practice and Art. 73 AI Act."""

from __future__ import annotations

from datetime import date

import pytest

from compliance.assess.incident_clocks import DUE, LATE, ON_TIME, OVERDUE, incident_clocks
from compliance.link.readers.incidents import read_incidents
from compliance.load.figures import figures

HEADER = (
    "id,severity,status,opened,description,closed,category,aware,resolved,reports,"
    "high_risk_ai_system\n"
)


def clocks(rows: str, on: date = date(2026, 3, 1)):  # type: ignore[no-untyped-def]
    return incident_clocks("log.csv", read_incidents("log.csv", (HEADER + rows).encode()), on)


@pytest.mark.parametrize(
    ("category", "days", "point"),
    [
        ("critical-infrastructure", 2, "point (1)"),
        ("cybersecurity-breach", 5, "point (2)"),
        ("death", 10, "point (3)"),
        ("other-serious-harm", 15, "point (4)"),
    ],
)
def test_each_category_gets_its_initial_report_deadline_from_measure_9_3(
    category: str, days: int, point: str
) -> None:
    found = clocks(f"INC-1,serious,open,2026-01-01,Harm,,{category},2026-01-10,,,\n")
    initial = next(c for c in found.clocks if c.kind == "initial")
    assert initial.due == date(2026, 1, 10 + days)
    assert "Measure 9.3" in initial.citation and point in initial.citation
    assert initial.figure.verified is False and "(wording not verified)" in initial.citation


@pytest.mark.parametrize(
    ("category", "days", "article"),
    [
        ("critical-infrastructure", 2, "Article 73(3)"),
        ("death", 10, "Article 73(4)"),
        ("other-serious-harm", 15, "Article 73(2)"),
        ("cybersecurity-breach", 15, "Article 73(2)"),
    ],
)
def test_a_high_risk_ai_system_also_gets_the_art_73_deadline(
    category: str, days: int, article: str
) -> None:
    found = clocks(f"INC-1,serious,open,2026-01-01,Harm,,{category},2026-01-10,,,true\n")
    art73 = next(c for c in found.clocks if c.regime == "AI Act, Art. 73")
    assert art73.due == date(2026, 1, 10 + days) and article in art73.citation
    assert art73.figure.verified


def test_a_report_on_the_last_day_is_on_time_and_a_day_later_is_late() -> None:
    on_time = clocks("INC-1,serious,open,2026-01-01,H,,death,2026-01-10,,initial:2026-01-20,\n")
    late = clocks("INC-1,serious,open,2026-01-01,H,,death,2026-01-10,,initial:2026-01-21,\n")
    assert on_time.clocks[0].status == ON_TIME and late.clocks[0].status == LATE


def test_an_unfiled_report_is_overdue_after_its_deadline_and_upcoming_before() -> None:
    row = "INC-1,serious,open,2026-01-01,Harm,,death,2026-01-10,,,\n"
    assert clocks(row, date(2026, 1, 21)).clocks[0].status == OVERDUE
    upcoming = clocks(row, date(2026, 1, 18)).clocks[0]
    assert upcoming.status == DUE and upcoming.days == 2


def test_an_unresolved_incident_owes_an_intermediate_report_every_four_weeks() -> None:
    row = (
        "INC-1,serious,open,2026-01-01,Harm,,death,2026-01-10,,"
        "initial:2026-01-15; intermediate:2026-02-10,\n"
    )
    found = clocks(row, date(2026, 3, 20))
    inter = [c for c in found.clocks if c.kind == "intermediate"]
    assert [(c.due, c.status) for c in inter] == [
        (date(2026, 2, 12), ON_TIME),
        (date(2026, 3, 10), OVERDUE),
    ]


def test_the_final_report_is_due_60_days_after_resolution_and_waits_for_it() -> None:
    open_ = clocks("INC-1,serious,open,2026-01-01,H,,death,2026-01-10,,initial:2026-01-12,\n")
    assert next(c for c in open_.clocks if c.kind == "final").due is None
    row = "INC-1,serious,closed,2026-01-01,H,2026-02-01,death,2026-01-10,,initial:2026-01-12,\n"
    resolved = clocks(row, date(2026, 3, 1))
    final = next(c for c in resolved.clocks if c.kind == "final")
    assert final.due == date(2026, 4, 2) and final.status == DUE
    # resolved before the first intermediate report fell due: none is owed
    assert not [c for c in resolved.clocks if c.kind == "intermediate"]


def test_incidents_below_serious_have_no_clock_and_uncategorised_ones_are_named() -> None:
    found = clocks(
        "INC-1,high,open,2026-01-01,Harm,,,,,,\nINC-2,serious,open,2026-01-02,Harm,,,,,,\n"
    )
    assert found.clocks == () and found.uncategorised == (("INC-2", 3),)


def test_every_deadline_comes_from_a_shipped_figure_with_its_source() -> None:
    shipped = figures()
    found = clocks("INC-1,serious,closed,2026-01-01,H,2026-01-20,death,2026-01-10,,,true\n")
    for c in found.clocks:
        assert shipped[c.figure.id] == c.figure and c.figure.source
