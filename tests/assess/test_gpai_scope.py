"""Applicability as the Commission's GPAI scope guidelines read it, each rule cited."""

from __future__ import annotations

from datetime import date
from typing import Any

from click.testing import CliRunner

from compliance.assess.applicability import classify
from compliance.assess.coverage import Status
from compliance.assess.gpai_scope import RULES
from compliance.cli.main import main
from compliance.models.project import System
from compliance.pipeline import run


def system(**fields: Any) -> System:
    return System.model_validate({"name": "m", "version": "1", **fields})


def test_a_text_model_trained_with_5e23_flop_is_gpai_by_the_indicative_criterion() -> None:
    cls = classify(system(training_compute_flop=5e23, generates=["text"]))
    assert cls.gpai
    assert cls.gpai_basis == (
        "indicative criterion of the Commission guidelines (para. 17) met: training compute "
        "5.0 × 10^23 FLOP exceeds 10^23 FLOP; generates text; rebuttable (para. 20) with "
        "system.gpai_rebuttal"
    )
    assert "gpai-indicative-criterion" in cls.rules
    assert "paragraph 17" in RULES["gpai-indicative-criterion"].cite


def test_the_same_model_with_a_declared_rebuttal_is_not_gpai_and_the_rebuttal_is_shown() -> None:
    rebuttal = {
        "justification": "Trained only to transcribe speech; performs no other task.",
        "approver_role": "Head of AI Governance",
        "date": "2026-01-10",
    }
    cls = classify(system(training_compute_flop=5e23, generates=["text"], gpai_rebuttal=rebuttal))
    assert not cls.gpai
    assert "rebutted by Head of AI Governance on 2026-01-10" in cls.gpai_basis
    assert "Trained only to transcribe speech" in cls.gpai_basis
    assert "gpai-criterion-rebuttal" in cls.rules


def test_a_model_below_1e23_flop_or_without_a_listed_modality_does_not_meet_the_criterion() -> None:
    assert not classify(system(training_compute_flop=1e22, generates=["text"])).gpai
    assert not classify(system(training_compute_flop=1e24, generates=["other"])).gpai


def test_a_fine_tune_using_40_percent_of_the_originals_compute_makes_a_new_provider() -> None:
    mod = {
        "model": "base-7b",
        "original_training_compute_flop": 1e24,
        "modification_compute_flop": 4e23,
    }
    cls = classify(system(modification_of=mod))
    assert cls.gpai
    assert "(40% of the original) exceeds one third" in cls.modification_basis
    assert "the modifier is the provider of a new general-purpose AI model" in (
        cls.modification_basis
    )
    assert "modification-one-third" in cls.rules


def test_a_fine_tune_below_a_third_leaves_the_original_provider_responsible() -> None:
    mod = {
        "model": "base-7b",
        "original_training_compute_flop": 1e24,
        "modification_compute_flop": 1e23,
    }
    cls = classify(system(modification_of=mod))
    assert not cls.gpai
    assert "does not become the provider" in cls.modification_basis


def test_with_the_original_compute_unknown_the_guidelines_fallback_thresholds_apply() -> None:
    small = classify(system(modification_of={"model": "x", "modification_compute_flop": 4e22}))
    assert small.gpai and "one third of 10^23 FLOP" in small.modification_basis
    assert "modification-fallback" in small.rules
    systemic = {"model": "x", "original_systemic_risk": True, "modification_compute_flop": 4e22}
    cls = classify(system(modification_of=systemic))
    assert not cls.gpai and "one third of 10^25 FLOP" in cls.modification_basis
    big = {"model": "x", "original_systemic_risk": True, "modification_compute_flop": 4e24}
    cls = classify(system(modification_of=big))
    assert cls.gpai and cls.systemic_risk
    assert "Section 3.2.2" in cls.systemic_risk_basis


def test_an_open_weights_model_without_systemic_risk_is_exempt_from_53_1_a_b_only(
    git_repo,
) -> None:
    repo = git_repo()
    repo.write(
        "compliance.yaml",
        "schema_version: 1\norganisation: {name: O}\n"
        "system: {name: m, version: '1', general_purpose: true, training_compute_flop: 1e+24,\n"
        "  open_source: {licence: Apache-2.0, public_weights: true}}\n"
        "release: {id: r}\nframeworks: [eu-ai-act-gpai]\n",
    )
    repo.commit("ws")
    a = run(repo.root, gate=False).assessment
    status = {r.id: r.status for r in a.results()}
    assert status["Art.53(1)(a)"] == status["Art.53(1)(b)"] == Status.NOT_APPLICABLE
    assert status["Art.53(1)(c)"] == status["Art.53(1)(d)"] == Status.GAP
    reason = a.result("eu-ai-act-gpai:Art.53(1)(a)").not_applicable
    assert (
        "the copyright policy (53(1)(c)) and the training-content summary (53(1)(d)) still "
        "apply" in reason
    )


def test_systemic_risk_removes_the_open_source_exemption() -> None:
    cls = classify(
        system(
            general_purpose=True,
            training_compute_flop=2e25,
            open_source={"licence": "MIT", "public_weights": True},
        )
    )
    assert cls.systemic_risk and not cls.open_source_exempt


def test_a_model_placed_on_the_market_in_march_2025_is_due_on_2_august_2027() -> None:
    cls = classify(system(general_purpose=True, placed_on_market="2025-03-14"))
    dates = {d.label: d.on for d in cls.dates}
    assert dates["compliance due for a model placed on the market on 2025-03-14"] == date(
        2027, 8, 2
    )
    assert dates["Commission enforcement powers (fines) apply"] == date(2026, 8, 2)
    assert "legacy-models" in cls.rules


def test_a_model_placed_after_2_august_2025_must_comply_when_placed() -> None:
    cls = classify(system(general_purpose=True, placed_on_market="2025-10-01"))
    assert {d.label: d.on for d in cls.dates}["compliance due when placed on the market"] == date(
        2025, 10, 1
    )


def test_art_52_1_notification_on_time_late_missing_and_pending() -> None:
    base = {
        "general_purpose": True,
        "training_compute_flop": 3e25,
        "threshold_met_on": "2026-03-01",
    }
    assert classify(system(**base, notified_on="2026-03-10")).notification.status == "on-time"
    late = classify(system(**base, notified_on="2026-03-20")).notification
    assert late.status == "late" and late.due == date(2026, 3, 15) and late.is_finding
    assert "5 days after it was due on 2026-03-15" in late.message
    missing = classify(system(**base), date(2026, 4, 1)).notification
    assert missing.status == "missing" and "17 days overdue" in missing.message
    assert classify(system(**base), date(2026, 3, 5)).notification.status == "pending"
    unknown = classify(system(general_purpose=True, training_compute_flop=3e25)).notification
    assert unknown.status == "not-assessed" and not unknown.is_finding


def test_a_threshold_met_before_chapter_v_applied_runs_the_two_weeks_from_2_august_2025() -> None:
    n = classify(
        system(
            general_purpose=True,
            training_compute_flop=3e25,
            threshold_met_on="2025-05-01",
            notified_on="2025-08-10",
        )
    ).notification
    assert n.status == "on-time" and n.due == date(2025, 8, 16)


def test_a_late_notification_is_a_finding_in_check_json_and_sets_the_exit_code(git_repo) -> None:
    repo = git_repo()
    repo.write(
        "compliance.yaml",
        "schema_version: 1\norganisation: {name: O}\n"
        "system: {name: m, version: '1', general_purpose: true, training_compute_flop: 3e+25,\n"
        "  threshold_met_on: 2026-03-01, notified_on: 2026-03-20}\n"
        "release: {id: r}\nframeworks: [eu-ai-act-gpai]\n"
        "not_applicable:\n"
        + "".join(
            f"  - {{requirement: 'eu-ai-act-gpai:{rid}', justification: covered elsewhere in "
            "the test, approver_role: Lead, date: 2026-01-01}\n"
            for rid in [
                "Art.53(1)(a)",
                "Art.53(1)(b)",
                "Art.53(1)(c)",
                "Art.53(1)(d)",
                "Art.55(1)(a)",
                "Art.55(1)(b)",
                "Art.55(1)(c)",
                "Art.55(1)(d)",
            ]
        ),
    )
    repo.commit("ws")
    import json

    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--no-cache", "--project", str(repo.root)]
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["obligation_findings"] == [
        "Art. 52(1) notification late: sent 2026-03-20, 5 days after it was due on 2026-03-15 "
        "(threshold met (or foreseen) on 2026-03-01)"
    ]
    assert data["classification"]["notification"]["status"] == "late"
    assert all(f["summary"]["counts"]["gap"] == 0 for f in data["frameworks"])


def test_a_rebuttal_with_general_purpose_true_is_refused() -> None:
    import pydantic
    import pytest

    with pytest.raises(pydantic.ValidationError, match="gpai_rebuttal"):
        system(
            general_purpose=True,
            gpai_rebuttal={
                "justification": "narrow task only, really",
                "approver_role": "Lead",
                "date": "2026-01-01",
            },
        )
