"""Evaluation coverage, annotator agreement and classifier rules, in real repositories."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import krippendorff
import numpy as np
from click.testing import CliRunner
from gate_helpers import decision_of, project_yaml, rule, run_gate
from sklearn.metrics import cohen_kappa_score

from compliance.cli.main import main
from compliance.decide.decision import Verdict

DEC = "2026-12-01T10:00:00+00:00"
ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "evidence" / "evaluations" / "self-harm-classifier"

CELLS_CSV = """\
metric,value,samples,language,harm_category
refusal_rate,0.97,400,en,cbrn
refusal_rate,0.95,300,de,cbrn
refusal_rate,0.96,350,en,self-harm
refusal_rate,0.90,40,de,self-harm
"""


def _with_languages(text: str, languages: str = "[en, de]") -> str:
    return text.replace(
        "  general_purpose: true\n", f"  general_purpose: true\n  languages: {languages}\n"
    )


def _coverage_workspace(repo, cells: str = CELLS_CSV, categories: str = "[cbrn, self-harm]"):
    policy = f"""
    rules:
      - id: harm-by-language
        kind: eval-coverage
        severity: condition
        min_samples: 100
        harm_categories: {categories}
        evidence: [evidence/evals/cells.csv]
    """
    repo.write("evidence/evals/cells.csv", cells)
    repo.write("compliance.yaml", _with_languages(project_yaml(policy)))
    repo.commit("coverage policy", DEC)


def test_a_thin_cell_fails_the_eval_coverage_rule_and_is_named_with_its_n(gate_ws):
    _coverage_workspace(gate_ws)
    d = decision_of(gate_ws.root)
    r = rule(d, "harm-by-language")
    assert not r.passed
    assert r.message == "1 of 4 cells under 100 samples; thin: self-harm x de n=40"
    assert r.observed.startswith("4 cells (2 harm categories x 2 languages, 1 file)")
    assert r.notes[0].startswith("self-harm x de: refusal_rate 0.9 (95% CI ")
    assert d.verdict == Verdict.CONDITIONAL_GO


def test_an_empty_cell_fails_the_rule_and_enough_samples_everywhere_pass_it(gate_ws):
    _coverage_workspace(gate_ws, categories="[cbrn, self-harm, privacy]")
    r = rule(decision_of(gate_ws.root), "harm-by-language")
    assert "empty: privacy x en, privacy x de" in r.message
    full = CELLS_CSV.replace("0.90,40,de", "0.90,140,de")
    _coverage_workspace(gate_ws, cells=full)
    r = rule(decision_of(gate_ws.root), "harm-by-language")
    assert r.passed
    assert r.message == (
        "every harm category x language cell (2 harm categories x 2 languages) has >= 100 samples"
    )


def test_check_lists_thin_cells_and_its_json_and_the_gate_json_carry_the_matrix(gate_ws):
    _coverage_workspace(gate_ws)
    out = CliRunner().invoke(main, ["check", "--project", str(gate_ws.root), "--format", "json"])
    data = json.loads(out.stdout)
    assert (
        "evaluation coverage: 1 thin cell (fewer than 100 samples): self-harm x de n=40"
        in data["notices"]
    )
    matrix = data["evaluation_coverage"]
    assert matrix["languages"] == ["en", "de"]
    assert matrix["thin"] == [{"harm_category": "self-harm", "language": "de", "modality": None}]
    cell = next(
        c for c in matrix["cells"] if c["language"] == "de" and c["harm_category"] == "cbrn"
    )
    assert cell["n"] == 300 and cell["figures"][0]["interval"] == "wilson"
    assert cell["figures"][0]["ci_low"] < 0.95 < cell["figures"][0]["ci_high"]
    gate = run_gate(gate_ws.root, "--format", "json").json()
    coverage = next(r for r in gate["rules"] if r["rule"] == "harm-by-language")
    assert coverage["data"]["evaluation_coverage"]["thin"] == matrix["thin"]
    table = CliRunner().invoke(main, ["check", "--project", str(gate_ws.root)])
    assert "1 thin cell " in table.stdout


def test_a_misspelt_harm_category_in_an_evaluation_file_gets_did_you_mean_at_its_cell(gate_ws):
    _coverage_workspace(gate_ws, cells=CELLS_CSV.replace("en,self-harm", "en,selfharm"))
    result = run_gate(gate_ws.root)
    assert result.exit_code == 2
    assert (
        "evidence/evals/cells.csv:4:26: unknown harm category 'selfharm' (taxonomies in use: "
        in result.stderr
    )
    assert "did you mean 'self-harm'?" in result.stderr


def test_eval_coverage_without_declared_languages_is_an_input_error_at_the_rule(gate_ws):
    policy = """
    rules:
      - id: harm-by-language
        kind: eval-coverage
        min_samples: 10
    """
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("policy", DEC)
    result = run_gate(gate_ws.root)
    assert result.exit_code == 2
    assert "the eval-coverage rule has no languages to require" in result.stderr
    assert "declare system.languages in compliance.yaml" in result.stderr


# --------------------------------------------------------------------------- agreement


def _labels(rows: list[tuple[str, str, str | None, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["item", "annotator", "label", "harm_category"])
    for item, annotator, label, category in rows:
        writer.writerow([item, annotator, label or "", category])
    return out.getvalue()


def _random_labels(
    annotators: int, items: int, seed: int
) -> list[tuple[str, str, str | None, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(items):
        truth = rng.choice(["unsafe", "safe", "borderline"])
        category = "self-harm" if i % 2 else "cbrn"
        for a in range(annotators):
            if a == 2 and rng.random() < 0.15:
                continue  # the third annotator skipped some items
            label = truth if rng.random() < 0.8 else rng.choice(["unsafe", "safe", "borderline"])
            rows.append((f"q-{i:03d}", f"ann-{a}", label, category))
    return rows


def _agreement_workspace(repo, rows, metric: str = "krippendorff_alpha", minimum: float = 0.5):
    policy = f"""
    rules:
      - id: label-agreement
        kind: agreement
        evidence: evidence/labels.csv
        metric: {metric}
        min: {minimum}
        per_category: true
    """
    repo.write("evidence/labels.csv", _labels(rows))
    repo.write("compliance.yaml", project_yaml(policy))
    repo.commit("labels", DEC)


def test_krippendorff_alpha_on_a_labels_file_equals_the_librarys_value(gate_ws):
    rows = _random_labels(3, 80, seed=7)
    _agreement_workspace(gate_ws, rows)
    gate = run_gate(gate_ws.root, "--format", "json").json()
    r = next(r for r in gate["rules"] if r["rule"] == "label-agreement")
    overall = r["data"]["agreement"][0]
    # the krippendorff package on the same reliability data (annotators x items, nan missing)
    items = sorted({i for i, *_ in rows})
    codes = {"borderline": 0, "safe": 1, "unsafe": 2}
    data = np.full((3, len(items)), np.nan)
    for item, annotator, label, _ in rows:
        data[int(annotator[-1]), items.index(item)] = codes[label]
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert (
        overall["krippendorff_alpha"]["value"] == np.float64(expected).item()
        or abs(overall["krippendorff_alpha"]["value"] - expected) < 1e-12
    )
    assert overall["n_items"] == 80 and overall["annotators"] == ["ann-0", "ann-1", "ann-2"]
    ci = overall["krippendorff_alpha"]
    assert ci["ci_low"] < ci["value"] < ci["ci_high"]
    assert [e["harm_category"] for e in r["data"]["agreement"]] == [None, "cbrn", "self-harm"]
    assert r["passed"] and "n=80 items, 3 annotators" in r["observed"]


def test_cohens_kappa_for_two_annotators_equals_scikit_learns(gate_ws):
    rows = _random_labels(2, 60, seed=11)
    _agreement_workspace(gate_ws, rows, metric="cohen_kappa", minimum=0.9)
    d = decision_of(gate_ws.root)
    r = rule(d, "label-agreement")
    by_item: dict[str, dict[str, str]] = {}
    for item, annotator, label, _ in rows:
        by_item.setdefault(item, {})[annotator] = label or ""
    first = [v["ann-0"] for _, v in sorted(by_item.items())]
    second = [v["ann-1"] for _, v in sorted(by_item.items())]
    expected = cohen_kappa_score(first, second)
    overall = r.data["agreement"][0]["cohen_kappa"]
    assert abs(overall["value"] - expected) < 1e-12
    assert not r.passed  # 0.9 is far above what 80%-accurate annotators reach
    assert r.message.startswith(
        "Cohen's kappa (overall and per harm category) fails: overall: Fails"
    )


def test_agreement_on_few_items_is_flagged_as_a_thin_sample(gate_ws):
    rows = _random_labels(3, 12, seed=3)
    _agreement_workspace(gate_ws, rows, minimum=-1)
    r = rule(decision_of(gate_ws.root), "label-agreement")
    assert any(n.startswith("thin sample: overall rests on 12 items") for n in r.notes)


def test_a_misspelt_harm_category_in_a_labels_file_gets_did_you_mean(gate_ws):
    rows = [
        (i, a, lab, "self_harm" if c == "self-harm" else c)
        for i, a, lab, c in _random_labels(2, 4, 1)
    ]
    _agreement_workspace(gate_ws, rows)
    result = run_gate(gate_ws.root)
    assert result.exit_code == 2
    assert "evidence/labels.csv:" in result.stderr
    assert "unknown harm category 'self_harm'" in result.stderr
    assert "did you mean 'self-harm'?" in result.stderr


# --------------------------------------------------------------------------- classifier

PARITY = """
rules:
  - id: recall
    kind: classifier
    evidence: evidence/predictions.csv
    metric: recall
    positive: self-harm
    threshold: 0.5
    min: {minimum}
    judge: {judge}
  - id: parity
    kind: classifier-parity
    severity: condition
    evidence: evidence/predictions.csv
    metric: recall
    positive: self-harm
    threshold: 0.5
    slice_by: reference_style
    max_gap: 0.1
"""


def _classifier_workspace(repo, minimum: float = 0.75, judge: str = "point") -> None:
    repo.write("evidence/predictions.csv", (EXAMPLE / "predictions.csv").read_bytes())
    repo.write("compliance.yaml", project_yaml(PARITY.format(minimum=minimum, judge=judge)))
    repo.commit("classifier evaluation", DEC)


def _example_recall(style: str | None) -> tuple[int, int]:
    with (EXAMPLE / "predictions.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if style is None or r["reference_style"] == style]
    positives = [r for r in rows if r["gold"] == "self-harm"]
    return sum(float(r["score"]) >= 0.5 for r in positives), len(positives)


def test_classifier_parity_catches_the_examples_gap_between_direct_and_indirect(gate_ws):
    _classifier_workspace(gate_ws)
    d = decision_of(gate_ws.root)
    r = rule(d, "parity")
    (kd, nd), (ki, ni) = _example_recall("direct"), _example_recall("indirect")
    gap = kd / nd - ki / ni
    assert gap > 0.2  # the example is built to show a large gap
    assert not r.passed
    assert r.message.startswith(
        f"recall: reference_style=indirect {gap:.4g} below direct (95% Newcombe CI "
    )
    assert "statistically clear" in r.message
    gap_data = r.data["gaps"][0]
    assert gap_data["worse"] == "indirect" and gap_data["clear"]
    assert 0.1 < gap_data["ci_low"] < gap < gap_data["ci_high"]
    assert f"direct {kd / nd:.4g} (" in r.observed
    assert f"n={nd}" in r.observed and f"n={ni}" in r.observed
    assert d.verdict == Verdict.CONDITIONAL_GO


def test_a_classifier_rule_can_pass_on_the_point_and_fail_on_the_lower_bound(gate_ws):
    k, n = _example_recall(None)
    point = k / n
    _classifier_workspace(gate_ws, minimum=round(point - 0.02, 3))
    r = rule(decision_of(gate_ws.root), "recall")
    assert r.passed
    assert any("borderline" in note for note in r.notes)
    _classifier_workspace(gate_ws, minimum=round(point - 0.02, 3), judge="lower-bound")
    r = rule(decision_of(gate_ws.root), "recall")
    assert not r.passed
    assert "Fails: the lower bound" in r.message
    assert f"n={n}" in r.observed


def test_a_positive_label_in_no_row_is_an_input_error_at_the_rule(gate_ws):
    _classifier_workspace(gate_ws)
    text = (
        (gate_ws.root / "compliance.yaml")
        .read_text()
        .replace("positive: self-harm", "positive: selfharm", 1)
    )
    gate_ws.write("compliance.yaml", text)
    gate_ws.commit("typo", DEC)
    result = run_gate(gate_ws.root)
    assert result.exit_code == 2
    assert "the positive label 'selfharm' appears in no label" in result.stderr
