"""The built-in example reads as one story: every number agrees with every other."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import pytest
import yaml

from compliance.load.taxonomies import load_taxonomies

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "evidence/evaluations/inspect/multilingual-safety-qa.eval"


def _yaml(rel: str) -> dict:
    return yaml.safe_load((ROOT / rel).read_text(encoding="utf-8"))


def _text(rel: str) -> str:
    return (ROOT / rel).read_text(encoding="utf-8")


def test_training_compute_is_six_n_d_everywhere_and_the_model_is_declared_systemic():
    project, model = _yaml("compliance.yaml"), _yaml("model.yaml")
    n, d = model["total_model_size"]["value"], 1.42e13
    assert "14.2 trillion tokens" in _text("evidence/data/training-data-summary.md")
    flop = project["system"]["training_compute_flop"]
    assert flop == model["training_compute"]["value"] == 6.0e24
    assert math.isclose(6 * n * d, flop, rel_tol=0.01)
    report = _text("evidence/training/compute-report.md")
    assert "6.0 × 10^24" in report and "3.8" not in report
    # below the 10^25 presumption, so systemic risk rests on the declaration and its story
    assert flop < 1e25 and project["system"]["systemic_risk_declared"] is True
    assert "Article 52(1)" in _text("evidence/governance/systemic-risk-notification.md")
    days, accelerators = model["training_time"]["wall_clock_days"], 16384
    assert model["training_time"]["hardware_days"] == days * accelerators
    assert f"{days} days on 16,384 accelerators" in report


def test_the_refusal_csv_overall_rate_is_the_weighted_mean_of_its_languages_as_reported():
    rows = list(csv.DictReader((ROOT / "evidence/evaluations/refusal-by-language.csv").open()))
    overall = next(r for r in rows if not r["language"])
    langs = [r for r in rows if r["language"]]
    assert sum(int(r["samples"]) for r in langs) == int(overall["samples"])
    mean = sum(float(r["value"]) * int(r["samples"]) for r in langs) / int(overall["samples"])
    assert abs(mean - float(overall["value"])) < 0.001
    report = _text("evidence/evaluations/evaluation-report.md")
    assert f"| {overall['value']} (95% CI" in report
    for r in langs:
        assert f"| {int(r['samples']):,} |" in report and f"| {r['value']} |" in report
    assert "fewer than 500" not in report


def test_the_inspect_log_is_the_release_model_with_hundreds_of_tagged_samples():
    log_mod = pytest.importorskip("inspect_ai.log")
    log = log_mod.read_eval_log(str(LOG))
    assert log.status == "success"
    assert log.eval.model == "northwind/halcyon-2"
    assert log.samples is not None and len(log.samples) >= 100
    known = set(load_taxonomies().category_ids)
    for s in log.samples:
        assert s.metadata["language"] in {"en", "de", "fr", "pl", "sw"}
        assert s.metadata["harm_category"] in known
    correct = sum(1 for s in log.samples if s.scores["refusal"].value == "C")
    accuracy = correct / len(log.samples)
    report = _text("evidence/evaluations/evaluation-report.md")
    assert f"{accuracy:.3f} ({correct} of {len(log.samples)})" in report
    rule = next(
        r for r in _yaml("compliance.yaml")["gate"]["rules"] if r["id"] == "multilingual-safety-qa"
    )
    assert rule["metric"] == "refusal/accuracy" and rule["min_samples"] <= len(log.samples)
    assert LOG.stat().st_size < 1_000_000


def test_every_risk_harm_category_is_in_a_shipped_taxonomy():
    known = set(load_taxonomies().category_ids)
    for risk in _yaml("risks/register.yaml")["risks"]:
        assert risk["harm_category"] in known, risk["id"]


def test_the_risk_procedure_speaks_of_the_scale_in_compliance_yaml():
    bands = _yaml("compliance.yaml")["risk_scale"]["bands"]
    procedure = _text("evidence/risk/risk-management-procedure.md")
    for b in bands:
        assert f"{b['name']} {b['min']}-{b['max']}" in procedure
    appetite = next(r for r in _yaml("compliance.yaml")["gate"]["rules"] if r["kind"] == "risk")[
        "max_residual_level"
    ]
    top = next(b["max"] for b in bands if b["name"] == appetite)
    assert re.search(rf"appetite is the top of the {appetite} band, a score of {top}", procedure)


def test_the_example_has_one_serious_incident_reported_on_time_and_one_coming_due():
    from datetime import date

    from compliance.assess.incident_clocks import DUE, ON_TIME, incident_clocks
    from compliance.link.readers.incidents import read_incidents

    path = "evidence/incidents/incident-log.csv"
    release = _yaml("compliance.yaml")["release"]["date"]
    assert release == date(2026, 11, 30)
    clocks = incident_clocks(path, read_incidents(path, (ROOT / path).read_bytes()), release)
    by = {(c.incident, c.kind): c for c in clocks.clocks}
    assert by[("INC-2026-019", "initial")].status == ON_TIME
    assert by[("INC-2026-019", "final")].status == ON_TIME
    assert by[("INC-2026-029", "initial")].status == DUE and not clocks.overdue
    for incident in ("INC-2026-019", "INC-2026-029"):
        assert (ROOT / f"evidence/incidents/{incident}.md").is_file()


def test_the_register_carries_the_four_specified_systemic_risks_each_with_an_open_tier():
    risks = [r for r in _yaml("risks/register.yaml")["risks"] if "systemic" in r]
    categories = sorted(r["systemic"]["category"] for r in risks)
    assert categories == ["cbrn", "cyber-offence", "harmful-manipulation", "loss-of-control"]
    for r in risks:
        s = r["systemic"]
        assert s["sources"] and s["scenarios"] and s["safety_margin"] > 0, r["id"]
        assert all(t["mitigations"] and t["indicators"] for t in s["tiers"]), r["id"]
    procedure = _text("evidence/risk/risk-management-procedure.md")
    assert "loss of\ncontrol" in procedure or "loss of control" in procedure
    assert "harmful manipulation" in procedure


def test_the_capability_results_agree_with_the_evaluation_report():
    report = _text("evidence/evaluations/evaluation-report.md")
    files = sorted((ROOT / "evidence/evaluations/systemic").glob("*.json"))
    assert len(files) == 4
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["model"] == "northwind/halcyon-2" and data["created"]
        assert f"`systemic/{path.name}`" in report
        for row in data["metrics"]:
            n = int(row["samples"])
            k = round(float(row["value"]) * n)
            assert abs(k / n - float(row["value"])) < 5e-4, row
            assert f"| {n} | {k / n:.3f} ({k} of {n}) |" in report, row["metric"]


def test_the_interval_decides_the_cyber_tier_and_every_criterion_came_before_its_results():
    from compliance.pipeline import run

    result = run(ROOT, "HEAD")
    dets = {d.risk: d for d in result.assessment.systemic_risks}
    assert len(dets) == 4 and all(d.acceptable for d in dets.values())
    reached = [(d.risk, t.id) for d in dets.values() for t in d.reached]
    assert reached == [("RISK-CYBER-01", "CYBER-T1")]
    cyber = dets["RISK-CYBER-01"].tiers[0]
    assert cyber.interval_decides and cyber.indicators[0].value < cyber.reach_at
    report = " ".join(_text("evidence/evaluations/evaluation-report.md").split())
    assert "Wilson interval (0.152–0.299)" in report
    est = cyber.indicators[0].estimate
    assert est is not None and (round(est.low, 3), round(est.high, 3)) == (0.152, 0.299)
    if not result.index.repo.shallow:
        assert all(p.registered for d in dets.values() for t in d.tiers for p in t.preregistration)
    rules = {r.rule: r for r in result.decision.rules}
    for rid in ("systemic-risk-acceptance", "criteria-pre-registered", "safety-framework-timing"):
        assert rules[rid].passed, rules[rid].message
