"""What changed between two releases: statuses, evidence, metrics, risks and the decision.

Both sides are run by the pipeline from git objects (`GitTreeSource`), never by checking
a ref out, so the working tree is untouched and a dirty tree does not leak into either side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.assess.coverage import Assessment
from compliance.assess.estimates import compare_proportions, difference_dict, estimate_dict
from compliance.assess.statistics import mcnemar_paired
from compliance.core.errors import InputError
from compliance.decide.decision import Decision, RuleResult
from compliance.link.evidence import EvidenceRecord
from compliance.link.readers import EvaluationResult, Metric
from compliance.link.store import EvidenceStore
from compliance.load.workspace import Workspace


@dataclass
class Side:
    """One release as the pipeline assessed and decided it at a revision."""

    rev: str
    commit: str
    assessment: Assessment
    decision: Decision
    evidence: EvidenceStore | None = None
    """The side's parsed evaluation logs (for per-sample pairing); None skips pairing."""


@dataclass
class ReleaseDiff:
    a: Side
    b: Side
    statuses: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    risks: list[dict[str, Any]] = field(default_factory=list)
    paired: list[dict[str, Any]] = field(default_factory=list)
    """McNemar tests on the per-sample verdicts of logs both sides share sample ids in."""

    @property
    def changed(self) -> bool:
        return bool(self.statuses or self.evidence or self.metrics or self.risks) or (
            self.a.decision.verdict != self.b.decision.verdict
        )


def _status_changes(a: Assessment, b: Assessment) -> list[dict[str, Any]]:
    old = {r.ref: r for r in a.results()}
    new = {r.ref: r for r in b.results()}
    out = []
    for ref in sorted(old.keys() | new.keys()):
        ra, rb = old.get(ref), new.get(ref)
        sa = ra.status.value if ra else "absent"
        sb = rb.status.value if rb else "absent"
        if sa != sb:
            out.append(
                {"ref": ref, "before": sa, "after": sb, "reasons": list(rb.reasons) if rb else []}
            )
    return out


def _content_id(record: EvidenceRecord | None) -> str | None:
    """What identifies the evidence's content: its sha256, or the oid an LFS pointer claims."""
    if record is None:
        return None
    if record.lfs is not None:
        return f"lfs:{record.lfs.oid}"
    return record.sha256


def _evidence_changes(a: Assessment, b: Assessment) -> list[dict[str, Any]]:
    old, new = a.index.records, b.index.records
    out = []
    for path in sorted(old.keys() | new.keys()):
        ea, eb = old.get(path), new.get(path)
        ha, hb = _content_id(ea), _content_id(eb)
        if ha == hb:
            continue
        change = "added" if ha is None else "removed" if hb is None else "changed"
        out.append(
            {
                "path": path,
                "change": change,
                "sha256_before": ha,
                "sha256_after": hb,
                "commit_after": eb.last_commit.sha if eb and eb.last_commit else None,
            }
        )
    return out


def _metric_rows(d: Decision) -> dict[str, RuleResult]:
    return {r.rule: r for r in d.rules if r.kind in ("metric", "slice-parity")}


def _as_metric(r: RuleResult) -> Metric | None:
    """The rule's judged figure as a Metric, for a difference of proportions."""
    e = r.estimate
    if e is None:
        return None
    return Metric(name=r.rule, value=e.value, samples=e.n)


def _metric_changes(a: Decision, b: Decision) -> list[dict[str, Any]]:
    old, new = _metric_rows(a), _metric_rows(b)
    out = []
    for rule in sorted(old.keys() | new.keys()):
        ra, rb = old.get(rule), new.get(rule)
        key_a = (ra.observed, ra.threshold, ra.passed) if ra else None
        key_b = (rb.observed, rb.threshold, rb.passed) if rb else None
        if key_a == key_b:
            continue
        ma = _as_metric(ra) if ra else None
        mb = _as_metric(rb) if rb else None
        change = compare_proportions(mb, None, ma, None) if ma and mb else None
        out.append(
            {
                "rule": rule,
                "observed_before": ra.observed if ra else None,
                "observed_after": rb.observed if rb else None,
                "threshold_before": ra.threshold if ra else None,
                "threshold_after": rb.threshold if rb else None,
                "passed_before": ra.passed if ra else None,
                "passed_after": rb.passed if rb else None,
                "estimate_before": estimate_dict(ra.estimate) if ra else None,
                "estimate_after": estimate_dict(rb.estimate) if rb else None,
                # after - before, as two independent samples (Newcombe); see `paired` for
                # the test on the verdicts of samples both runs share
                "change": difference_dict(change),
            }
        )
    return out


def _evaluation(side: Side, path: str) -> EvaluationResult | None:
    if side.evidence is None or path not in side.assessment.index.records:
        return None
    try:
        return side.evidence.evaluation(path)
    except InputError:
        return None  # the side's own gate run reports a bad log


def _binary(scores: dict[str, float]) -> dict[str, bool] | None:
    """Per-sample pass/fail verdicts, when every score is 0 or 1."""
    if not scores or any(v not in (0.0, 1.0) for v in scores.values()):
        return None
    return {k: v == 1.0 for k, v in scores.items()}


def _paired_tests(a: Side, b: Side) -> list[dict[str, Any]]:
    """McNemar on each scorer of each log both sides' rules read and whose samples share ids."""
    paths = sorted(
        {
            e.path
            for side in (a, b)
            for r in side.decision.rules
            if r.kind in ("metric", "slice-parity")
            for e in r.evidence
        }
    )
    out = []
    for path in paths:
        ea, eb = _evaluation(a, path), _evaluation(b, path)
        if ea is None or eb is None or not ea.samples or not eb.samples:
            continue
        scorers = sorted(
            {k for s in ea.samples for k in s.scores} & {k for s in eb.samples for k in s.scores}
        )
        for scorer in scorers:
            before, after = _binary(ea.scores_of(scorer)), _binary(eb.scores_of(scorer))
            if before is None or after is None or not before.keys() & after.keys():
                continue
            test = mcnemar_paired(before, after)
            out.append(
                {
                    "evidence": path,
                    "scorer": scorer,
                    "shared_samples": test.n_shared,
                    "unpaired_samples": test.n_unpaired,
                    "both_pass": test.both_pass,
                    "regressed": test.b,
                    "improved": test.c,
                    "both_fail": test.both_fail,
                    "statistic": test.statistic,
                    "p_value": test.p_value,
                    "method": "mcnemar exact (binomial)"
                    if test.exact
                    else ("mcnemar chi-square with continuity correction"),
                    "changed": [
                        {"id": k, "before": before[k], "after": after[k]}
                        for k in sorted(before.keys() & after.keys())
                        if before[k] != after[k]
                    ],
                }
            )
    return out


def _risk_changes(a: Workspace, b: Workspace) -> list[dict[str, Any]]:
    old = {lr.risk.id: lr.risk for lr in a.risks}
    new = {lr.risk.id: lr.risk for lr in b.risks}
    out = []
    for rid in sorted(old.keys() | new.keys()):
        ra, rb = old.get(rid), new.get(rid)
        before = (ra.inherent_score, ra.residual_score, ra.status.value) if ra else None
        after = (rb.inherent_score, rb.residual_score, rb.status.value) if rb else None
        if before == after:
            continue
        out.append(
            {
                "risk": rid,
                "title": (rb or ra).title,  # type: ignore[union-attr]
                "inherent_before": before[0] if before else None,
                "inherent_after": after[0] if after else None,
                "residual_before": before[1] if before else None,
                "residual_after": after[1] if after else None,
                "status_before": before[2] if before else None,
                "status_after": after[2] if after else None,
            }
        )
    return out


def diff_releases(a: Side, b: Side) -> ReleaseDiff:
    """Compare the workspace at two git revisions (each run by compliance.pipeline)."""
    return ReleaseDiff(
        a,
        b,
        statuses=_status_changes(a.assessment, b.assessment),
        evidence=_evidence_changes(a.assessment, b.assessment),
        metrics=_metric_changes(a.decision, b.decision),
        risks=_risk_changes(a.assessment.workspace, b.assessment.workspace),
        paired=_paired_tests(a, b),
    )
