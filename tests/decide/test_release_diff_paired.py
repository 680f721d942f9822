"""`compliance diff` between two commits of an Inspect log whose samples share ids: metric
changes with intervals, and McNemar's test on the per-sample verdicts that changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from statsmodels.stats.contingency_tables import mcnemar

from compliance.cli.main import main
from compliance.emit.scaffold import FILES
from compliance.pipeline import compare

DATA = Path(__file__).resolve().parents[1] / "data" / "inspect"
LOG = "evidence/evals/harmful.eval"
POLICY = f"""gate:
  rules:
    - id: refusal
      kind: metric
      evidence: {LOG}
      metric: planted_refusal/accuracy
      threshold: 0.85
"""

inspect_log = pytest.importorskip("inspect_ai.log")


def two_runs(starter):
    starter.write("compliance.yaml", FILES["compliance.yaml"] + POLICY)
    starter.write(LOG, (DATA / "sliced_refusals.eval").read_bytes())
    starter.commit("first run", date="2026-12-03T00:00:00+00:00")
    starter.git("tag", "v1")
    starter.write(LOG, (DATA / "sliced_refusals_next.eval").read_bytes())
    starter.commit("next run", date="2026-12-04T00:00:00+00:00")
    starter.git("tag", "v2")
    return starter


def verdicts(name: str) -> dict[str, bool]:
    log = inspect_log.read_eval_log(str(DATA / name))
    return {str(s.id): s.scores["planted_refusal"].value == "C" for s in log.samples or []}


def test_the_paired_test_counts_the_changed_verdicts_as_inspect_ai_reads_them(starter):
    repo = two_runs(starter)
    d = compare(repo.root, "v1", "v2")
    before, after = verdicts("sliced_refusals.eval"), verdicts("sliced_refusals_next.eval")
    regressed = sorted(k for k in before if before[k] and not after[k])
    improved = sorted(k for k in before if not before[k] and after[k])
    (p,) = d.paired
    assert (p["evidence"], p["scorer"]) == (LOG, "planted_refusal")
    assert p["shared_samples"] == 240 and p["unpaired_samples"] == 0
    assert (p["regressed"], p["improved"]) == (len(regressed), len(improved))
    assert [c["id"] for c in p["changed"]] == sorted(regressed + improved)
    both_pass = sum(1 for k in before if before[k] and after[k])
    both_fail = 240 - both_pass - len(regressed) - len(improved)
    table = [[both_pass, len(regressed)], [len(improved), both_fail]]
    reference = mcnemar(table, exact=len(regressed) + len(improved) < 25, correction=True)
    assert p["p_value"] == pytest.approx(reference.pvalue)


def test_the_metric_change_carries_both_estimates_and_an_interval(starter):
    repo = two_runs(starter)
    d = compare(repo.root, "v1", "v2")
    (m,) = d.metrics
    assert m["rule"] == "refusal"
    assert m["estimate_before"]["n"] == m["estimate_after"]["n"] == 240
    change = m["change"]
    assert change["method"] == "newcombe"
    assert change["low"] <= change["value"] <= change["high"]
    assert change["value"] == pytest.approx(
        m["estimate_after"]["value"] - m["estimate_before"]["value"]
    )


def test_diff_json_table_and_markdown_show_the_paired_test(starter):
    repo = two_runs(starter)
    runner = CliRunner()
    out = runner.invoke(main, ["diff", "v1", "v2", "--project", str(repo.root), "--format", "json"])
    data = json.loads(out.stdout)
    assert data["paired"][0]["shared_samples"] == 240
    table = runner.invoke(main, ["diff", "v1", "v2", "--project", str(repo.root)]).stdout
    assert "paired per-sample tests: 1" in table and "240 shared samples" in table
    md = runner.invoke(
        main, ["diff", "v1", "v2", "--project", str(repo.root), "--format", "markdown"]
    ).stdout
    assert "### Paired per-sample tests (McNemar)" in md
