"""What changed between two releases: statuses, evidence, metrics, risks and the decision.

Both sides are run by the pipeline from git objects (`GitTreeSource`), never by checking
a ref out, so the working tree is untouched and a dirty tree does not leak into either side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.assess.coverage import Assessment
from compliance.decide.decision import Decision
from compliance.link.evidence import EvidenceRecord
from compliance.load.workspace import Workspace


@dataclass
class Side:
    """One release as the pipeline assessed and decided it at a revision."""

    rev: str
    commit: str
    assessment: Assessment
    decision: Decision


@dataclass
class ReleaseDiff:
    a: Side
    b: Side
    statuses: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    risks: list[dict[str, Any]] = field(default_factory=list)

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


def _metric_rows(d: Decision) -> dict[str, tuple[str, str, bool]]:
    return {
        r.rule: (r.observed, r.threshold, r.passed)
        for r in d.rules
        if r.kind in ("metric", "slice-parity")
    }


def _metric_changes(a: Decision, b: Decision) -> list[dict[str, Any]]:
    old, new = _metric_rows(a), _metric_rows(b)
    out = []
    for rule in sorted(old.keys() | new.keys()):
        oa, ob = old.get(rule), new.get(rule)
        if oa == ob:
            continue
        out.append(
            {
                "rule": rule,
                "observed_before": oa[0] if oa else None,
                "observed_after": ob[0] if ob else None,
                "threshold_before": oa[1] if oa else None,
                "threshold_after": ob[1] if ob else None,
                "passed_before": oa[2] if oa else None,
                "passed_after": ob[2] if ob else None,
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
    )
