"""The systemic risk acceptance determination: which tier each systemic risk has reached.

For every risk with a `systemic:` block (compliance.models.systemic_risk) and every tier:

- each indicating evaluation's figure with its n and 95% interval (compliance.assess.estimates);
- **reached** when the interval's bound on the trigger's side comes within the safety margin
  of the trigger: for direction `>=` when `upper bound >= trigger - margin`, for `<=` when
  `lower bound <= trigger + margin`. A figure without a sample count has no interval and is
  judged on its point estimate (said so). A tier is reached when any indicator reaches it;
  unknown when an indicator cannot be read and none reaches it;
- the required mitigations, each with whether its control is covered (implemented, with
  usable, fresh evidence: compliance.assess.coverage.ControlFinding.ok);
- **pre-registration** proven from git: the lines that set the criterion (trigger, direction,
  safety margin, the indicator's metric and slice) were last changed in a commit made before
  the evaluation ran (its own run time: the Inspect log header's `created`, a metrics JSON's
  `created`), or, when the file states no run time, in a commit before the one that
  committed the results.

The values are plain frozen dataclasses, read by the gate (decide/rules/systemic_risk.py)
and the reports; `as_dict` gives their JSON shape (docs/systemic-risk.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from compliance.assess.estimates import estimate_dict, estimate_of
from compliance.assess.statistics import Estimate
from compliance.core.errors import InputError, Problem, ProblemCollector
from compliance.core.wording import count
from compliance.link.evidence import EvidenceIndex, unusable_reason
from compliance.link.history import Blames, LineOrigin
from compliance.link.readers import EvaluationResult, Metric
from compliance.link.store import EvidenceStore
from compliance.load.workspace import LoadedRisk, Workspace
from compliance.models.systemic_risk import CapabilityTier, TierIndicator

CODE_MEASURE = "Code of Practice, Safety and Security chapter, Measure 4.1"


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when is not None else None


@dataclass(frozen=True)
class IndicatorResult:
    """One evaluation figure judged against a tier's trigger."""

    evidence: str
    metric: str
    slice: Mapping[str, str]
    value: float | None
    """The point estimate; None when the evaluation could not be read."""
    estimate: Estimate | None
    """n and the 95% interval; None without a sample count."""
    judged_on: str
    """'upper bound', 'lower bound', or 'point (no interval)'."""
    judged_value: float | None
    reached: bool | None
    """None: the evaluation is not usable evidence (see `problem`)."""
    point_reached: bool | None
    """Whether the point estimate alone would reach the tier."""
    run_at: datetime | None
    run_basis: str
    """'run time' (the file's own), or 'results commit' (the file states no run time)."""
    problem: str | None = None

    @property
    def interval_decides(self) -> bool:
        """The interval reaches the tier where the point estimate would not."""
        return bool(self.reached) and self.point_reached is False


@dataclass(frozen=True)
class PreRegistration:
    """Whether a tier's criterion was committed before one evaluation that judges it ran."""

    tier: str
    evidence: str
    criterion_at: str
    """risks/x.yaml:LINE of the criterion line changed last."""
    commit: str | None
    """The commit that last changed the criterion (None: not committed)."""
    committed: datetime | None
    run_at: datetime | None
    run_basis: str
    results_commit: str | None
    registered: bool
    message: str


@dataclass(frozen=True)
class MitigationStatus:
    control: str
    covered: bool
    why: str
    """Why it is not covered (empty when covered)."""


@dataclass(frozen=True)
class TierDetermination:
    id: str
    description: str
    trigger: float
    direction: str
    safety_margin: float
    reach_at: float
    """trigger - margin (direction >=) or trigger + margin (<=): where 'reached' starts."""
    reached: bool | None
    indicators: tuple[IndicatorResult, ...]
    mitigations: tuple[MitigationStatus, ...]
    preregistration: tuple[PreRegistration, ...]
    location: str

    @property
    def missing_mitigations(self) -> tuple[MitigationStatus, ...]:
        return tuple(m for m in self.mitigations if not m.covered)

    @property
    def interval_decides(self) -> bool:
        return (
            bool(self.reached)
            and all(i.point_reached is not True for i in self.indicators)
            and any(i.interval_decides for i in self.indicators)
        )


@dataclass(frozen=True)
class RiskDetermination:
    """The acceptance determination of one systemic risk."""

    risk: str
    title: str
    category: str
    location: str
    sources: tuple[str, ...]
    scenarios: tuple[str, ...]
    safety_margin: float
    tiers: tuple[TierDetermination, ...]

    @property
    def reached(self) -> tuple[TierDetermination, ...]:
        return tuple(t for t in self.tiers if t.reached)

    @property
    def highest_reached(self) -> TierDetermination | None:
        """The last tier (in the register's order) that is reached."""
        reached = self.reached
        return reached[-1] if reached else None

    @property
    def unknown(self) -> tuple[TierDetermination, ...]:
        return tuple(t for t in self.tiers if t.reached is None)

    @property
    def has_unreached_tier(self) -> bool:
        """Measure 4.1(1)(a)(iii): at least one tier not reached by the model."""
        return any(t.reached is False for t in self.tiers)

    @property
    def acceptable(self) -> bool:
        """Every tier determined, one not reached, every reached tier's mitigations covered."""
        return (
            not self.unknown
            and self.has_unreached_tier
            and all(not t.missing_mitigations for t in self.reached)
        )

    @property
    def not_preregistered(self) -> tuple[PreRegistration, ...]:
        return tuple(p for t in self.tiers for p in t.preregistration if not p.registered)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape (docs/systemic-risk.md)."""
        top = self.highest_reached
        return {
            "risk": self.risk,
            "title": self.title,
            "category": self.category,
            "location": self.location,
            "sources": list(self.sources),
            "scenarios": list(self.scenarios),
            "safety_margin": self.safety_margin,
            "highest_reached": top.id if top else None,
            "has_unreached_tier": self.has_unreached_tier,
            "acceptable": self.acceptable,
            "tiers": [_tier_dict(t) for t in self.tiers],
        }


def _tier_dict(t: TierDetermination) -> dict[str, Any]:
    return {
        "id": t.id,
        "description": t.description,
        "trigger": t.trigger,
        "direction": t.direction,
        "safety_margin": t.safety_margin,
        "reach_at": t.reach_at,
        "reached": t.reached,
        "interval_decides": t.interval_decides,
        "location": t.location,
        "indicators": [
            {
                "evidence": i.evidence,
                "metric": i.metric,
                "slice": dict(i.slice),
                "value": i.value,
                "estimate": estimate_dict(i.estimate),
                "judged_on": i.judged_on,
                "judged_value": i.judged_value,
                "reached": i.reached,
                "run_at": _iso(i.run_at),
                "run_basis": i.run_basis,
                "problem": i.problem,
            }
            for i in t.indicators
        ],
        "mitigations": [
            {"control": m.control, "covered": m.covered, "why": m.why} for m in t.mitigations
        ],
        "preregistration": [
            {
                "evidence": p.evidence,
                "criterion_at": p.criterion_at,
                "commit": p.commit,
                "committed": _iso(p.committed),
                "run_at": _iso(p.run_at),
                "run_basis": p.run_basis,
                "results_commit": p.results_commit,
                "registered": p.registered,
            }
            for p in t.preregistration
        ],
    }


def systemic_paths(ws: Workspace) -> list[str]:
    """Evaluation files the tiers name (the evidence index must cover them)."""
    return sorted(
        {
            ind.evidence
            for lr in ws.risks
            if lr.risk.systemic is not None
            for tier in lr.risk.systemic.tiers
            for ind in tier.indicators
        }
    )


def reaches(value: float, tier: CapabilityTier, margin: float) -> bool:
    """Whether `value` lies within `margin` of the trigger or beyond it."""
    if not math.isfinite(value):
        return True  # a figure that is not a number cannot show the tier is not reached
    if tier.direction == ">=":
        return value >= tier.trigger - margin
    return value <= tier.trigger + margin


def _samples(m: Metric, ev: EvaluationResult) -> int | None:
    if m.samples is not None:
        return m.samples
    return ev.samples_completed if not m.slice else None


@dataclass
class _Context:
    ws: Workspace
    index: EvidenceIndex
    evidence: EvidenceStore
    controls_ok: Mapping[str, tuple[bool, str]]
    blames: Blames
    problems: ProblemCollector


def _run_time(ctx: _Context, path: str, ev: EvaluationResult | None) -> tuple[datetime | None, str]:
    if ev is not None and ev.created is not None:
        return ev.created, "run time"
    rec = ctx.index.records.get(path)
    commit = rec.last_commit if rec is not None else None
    return (commit.committer_date if commit else None), "results commit"


def _indicator(
    ctx: _Context, lr: LoadedRisk, t: int, k: int, tier: CapabilityTier, ind: TierIndicator
) -> IndicatorResult:
    margin = lr.risk.systemic.safety_margin if lr.risk.systemic else 0.0
    slice_ = dict(ind.slice or {})
    rec = ctx.index.records.get(ind.evidence)
    reason = (
        unusable_reason(rec, ctx.ws.project.evidence.require_committed)
        if rec is not None
        else f"{ind.evidence} is not in the evidence index"
    )

    def unusable(why: str, ev: EvaluationResult | None = None) -> IndicatorResult:
        when, basis = _run_time(ctx, ind.evidence, ev)
        return IndicatorResult(
            ind.evidence, ind.metric, slice_, None, None, "", None, None, None, when, basis, why
        )

    if reason is not None:
        return unusable(reason)
    try:
        ev = ctx.evidence.evaluation(ind.evidence)
    except InputError as exc:
        ctx.problems.extend(exc)
        return unusable("the evaluation could not be read")
    if not ev.usable:
        return unusable(f"run status is {ev.status!r} or its samples were invalidated", ev)
    try:
        found = ev.find(ind.metric, slice_)
    except InputError as exc:
        ctx.problems.extend(exc)
        return unusable("the metric name is ambiguous", ev)
    if not found:
        at = lr.line_of("systemic", "tiers", t, "indicators", k, "metric")
        names = sorted({m.name for m in ev.metrics})
        have = (
            sorted(
                {
                    ", ".join(f"{a}={b}" for a, b in sorted(m.slice.items())) or "overall"
                    for m in ev.find(ind.metric)
                }
            )
            if ev.find(ind.metric)
            else []
        )
        ctx.problems.add(
            Problem(
                at.path,
                at.line,
                at.column,
                f"tier {tier.id!r}: no metric {ind.metric!r}"
                + (f" in slice {slice_}" if slice_ and have else "")
                + f" in {ind.evidence}",
                ("slices present: " + "; ".join(have))
                if have
                else "available: " + (", ".join(names) or "none"),
            )
        )
        return unusable("the metric is not in the evaluation", ev)
    m = found[0]
    n = _samples(m, ev)
    est = estimate_of(m, n)
    point = reaches(m.value, tier, margin)
    if est is None:
        judged_on, judged = "point (no interval)", m.value
    elif tier.direction == ">=":
        judged_on, judged = "upper bound", est.high
    else:
        judged_on, judged = "lower bound", est.low
    when, basis = _run_time(ctx, ind.evidence, ev)
    return IndicatorResult(
        ind.evidence,
        ind.metric,
        slice_,
        m.value,
        est,
        judged_on,
        judged,
        reaches(judged, tier, margin),
        point,
        when,
        basis,
    )


def _criterion(
    ctx: _Context, lr: LoadedRisk, t: int, k: int, tier: CapabilityTier
) -> tuple[str, LineOrigin]:
    """The criterion line changed last (uncommitted wins) and where it is."""
    locs: list[tuple[str | int, ...]] = [
        ("systemic", "tiers", t, "trigger"),
        ("systemic", "safety_margin"),
        ("systemic", "tiers", t, "indicators", k, "metric"),
    ]
    if "direction" in tier.model_fields_set:
        locs.append(("systemic", "tiers", t, "direction"))
    ind = tier.indicators[k]
    if ind.slice:
        locs.extend(("systemic", "tiers", t, "indicators", k, "slice", key) for key in ind.slice)
    blame = ctx.blames.of(lr.where.path)
    latest: tuple[str, LineOrigin] | None = None
    for loc in locs:
        at = lr.line_of(*loc)
        origin = blame.get(at.line or 0, LineOrigin(None, None))
        label = f"{at.path}:{at.line}"
        if origin.sha is None:
            return label, origin
        if latest is None or (
            origin.committed is not None
            and (latest[1].committed is None or origin.committed > latest[1].committed)
        ):
            latest = (label, origin)
    assert latest is not None
    return latest


def _preregistration(
    ctx: _Context, lr: LoadedRisk, t: int, k: int, tier: CapabilityTier, ind: IndicatorResult
) -> PreRegistration:
    label, origin = _criterion(ctx, lr, t, k, tier)
    rec = ctx.index.records.get(ind.evidence)
    results = rec.last_commit if rec is not None else None
    run_text = (
        f"{ind.evidence} ran on {_iso(ind.run_at)}"
        if ind.run_basis == "run time"
        else f"{ind.evidence} (no run time stated) was committed in "
        f"{results.short if results else '?'} on {_iso(ind.run_at)}"
    )

    def out(ok: bool, message: str) -> PreRegistration:
        return PreRegistration(
            tier.id,
            ind.evidence,
            label,
            origin.sha,
            origin.committed,
            ind.run_at,
            ind.run_basis,
            results.sha if results else None,
            ok,
            message,
        )

    if origin.sha is None:
        return out(False, f"tier {tier.id}: the criterion at {label} is not committed")
    if ind.run_at is None or (ind.run_basis == "results commit" and results is None):
        return out(
            False,
            f"tier {tier.id}: {ind.evidence} states no run time and is not committed, so "
            "nothing shows the criterion came first",
        )
    committed = origin.committed
    assert committed is not None
    same = ind.run_basis == "results commit" and results is not None and results.sha == origin.sha
    if same or committed >= ind.run_at:
        return out(
            False,
            f"tier {tier.id}: the criterion at {label} was committed in {origin.short} on "
            f"{_iso(committed)}, not before the evaluation: {run_text}",
        )
    return out(
        True,
        f"tier {tier.id}: criterion at {label} committed in {origin.short} on {_iso(committed)}, "
        f"before {run_text}",
    )


def _tier(ctx: _Context, lr: LoadedRisk, t: int, tier: CapabilityTier) -> TierDetermination:
    sr = lr.risk.systemic
    assert sr is not None
    indicators = tuple(
        _indicator(ctx, lr, t, k, tier, ind) for k, ind in enumerate(tier.indicators)
    )
    if any(i.reached for i in indicators):
        reached: bool | None = True
    elif any(i.reached is None for i in indicators):
        reached = None
    else:
        reached = False
    mitigations = tuple(
        MitigationStatus(cid, *ctx.controls_ok.get(cid, (False, f"control {cid} is unknown")))
        for cid in tier.mitigations
    )
    prereg = tuple(_preregistration(ctx, lr, t, k, tier, ind) for k, ind in enumerate(indicators))
    margin = sr.safety_margin
    reach_at = tier.trigger - margin if tier.direction == ">=" else tier.trigger + margin
    at = lr.line_of("systemic", "tiers", t)
    return TierDetermination(
        tier.id,
        tier.description,
        tier.trigger,
        tier.direction,
        margin,
        reach_at,
        reached,
        indicators,
        mitigations,
        prereg,
        f"{at.path}:{at.line}",
    )


def determine(
    ws: Workspace,
    index: EvidenceIndex,
    evidence: EvidenceStore,
    controls_ok: Mapping[str, tuple[bool, str]],
    revision: str | None,
) -> tuple[RiskDetermination, ...]:
    """The acceptance determination of every systemic risk; evaluation problems (a metric
    the file does not have) are raised together, each at its line."""
    ctx = _Context(ws, index, evidence, controls_ok, Blames(index, revision), ProblemCollector())
    out = []
    for lr in ws.risks:
        sr = lr.risk.systemic
        if sr is None:
            continue
        tiers = tuple(_tier(ctx, lr, t, tier) for t, tier in enumerate(sr.tiers))
        out.append(
            RiskDetermination(
                lr.risk.id,
                lr.risk.title,
                sr.category,
                f"{lr.where.path}:{lr.where.line}",
                tuple(sr.sources),
                tuple(sr.scenarios),
                sr.safety_margin,
                tiers,
            )
        )
    ctx.problems.raise_if_any()
    return tuple(out)


def findings(determinations: tuple[RiskDetermination, ...]) -> list[str]:
    """`check` findings: a systemic risk whose every tier is reached (Measure 4.1(1)(a)(iii))."""
    return [
        f"systemic risk {d.risk} ({d.location}): every tier is reached; {CODE_MEASURE} asks "
        "for at least one systemic risk tier not yet reached by the model"
        for d in determinations
        if d.tiers and all(t.reached for t in d.tiers)
    ]


def summary(determinations: tuple[RiskDetermination, ...]) -> str | None:
    """One line for `check`: how many systemic risks, which tiers are reached and how."""
    if not determinations:
        return None
    reached = [
        f"{d.risk} {t.id}" + (" (by its 95% interval)" if t.interval_decides else "")
        for d in determinations
        for t in d.reached
    ]
    unknown = [f"{d.risk} {t.id}" for d in determinations for t in d.unknown]
    text = (
        f"systemic risk acceptance: {count(len(determinations), 'systemic risk')}; tiers reached: "
        + (", ".join(reached) or "none")
    )
    if unknown:
        text += "; undetermined: " + ", ".join(unknown)
    return text
