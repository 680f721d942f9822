"""Which requirements apply to the system under assessment, and why (AI Act Art. 2, 51-55,
111(3), read with the Commission's guidelines on the scope of the GPAI obligations)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from compliance.assess.gpai_scope import (
    CHAPTER_V_APPLIES,
    ENFORCEMENT_FROM,
    GPAI_INDICATIVE_FLOP,
    LEGACY_DEADLINE,
    MODIFICATION_SHARE,
    NOTIFICATION_DAYS,
    RULES,
    SYSTEMIC_RISK_FLOP,
    Rule,
)
from compliance.core.wording import scientific
from compliance.models.catalog import Applicability
from compliance.models.project import Modality, System

__all__ = ["SYSTEMIC_RISK_FLOP", "Classification", "classify", "not_applicable_reason"]

CRITERION_MODALITIES = {
    Modality.TEXT,
    Modality.AUDIO,
    Modality.TEXT_TO_IMAGE,
    Modality.TEXT_TO_VIDEO,
}


@dataclass(frozen=True)
class KeyDate:
    """A date that applies to this model, with what it means and where it comes from."""

    label: str
    on: date
    rule: str


@dataclass(frozen=True)
class Notification:
    """The Art. 52(1) notification: when it was due, when it was sent, and the verdict."""

    status: str
    """on-time, late, missing (overdue, not sent), pending (not yet due), not-assessed."""
    due: date | None
    notified_on: date | None
    message: str

    @property
    def is_finding(self) -> bool:
        return self.status in ("late", "missing")


@dataclass(frozen=True)
class Classification:
    """The system's regulatory classification with the basis for each determination."""

    gpai: bool
    gpai_basis: str
    systemic_risk: bool
    systemic_risk_basis: str
    open_source_exempt: bool
    open_source_basis: str
    eu_market: bool
    modification_basis: str = ""
    notification: Notification | None = None
    dates: tuple[KeyDate, ...] = ()
    rules: tuple[str, ...] = field(default=())
    """Ids of the cited rules (gpai_scope.RULES) this classification rests on."""

    def cited(self) -> list[Rule]:
        return [RULES[r] for r in self.rules]


def _flop(x: float) -> str:
    return scientific(x)


def _modification(system: System, used: list[str]) -> tuple[bool | None, bool, str]:
    """(new provider?, original has systemic risk?, basis) for a downstream modification."""
    mod = system.modification_of
    if mod is None:
        return None, False, ""
    orig = mod.original_training_compute_flop
    orig_systemic = mod.original_systemic_risk or (orig is not None and orig > SYSTEMIC_RISK_FLOP)
    used.append("modification-one-third")
    if orig is not None:
        threshold = orig * MODIFICATION_SHARE
        how = f"one third of {mod.model}'s training compute {_flop(orig)} FLOP"
    else:
        used.append("modification-fallback")
        base = SYSTEMIC_RISK_FLOP if orig_systemic else GPAI_INDICATIVE_FLOP
        threshold = base * MODIFICATION_SHARE
        how = (
            f"{mod.model}'s training compute is not stated, so the guidelines' fallback "
            f"(para. 61) applies: one third of {'10^25' if orig_systemic else '10^23'} FLOP"
        )
    share = f" ({100 * mod.modification_compute_flop / orig:.0f}% of the original)" if orig else ""
    new = mod.modification_compute_flop > threshold
    verdict = "exceeds" if new else "does not exceed"
    basis = (
        f"modification of {mod.model}: {_flop(mod.modification_compute_flop)} FLOP{share} "
        f"{verdict} {how} ({_flop(threshold)} FLOP): "
    )
    if new:
        used.append("modification-limited")
        basis += (
            "the modifier is the provider of a new general-purpose AI model (guidelines "
            "para. 60); documentation, copyright policy and training summary are limited to "
            "the modification"
        )
    else:
        basis += (
            "the modifier does not become the provider of the model (guidelines para. 60); "
            "the original provider's obligations are unchanged"
        )
    return new, orig_systemic, basis


def _gpai(system: System, new_provider: bool | None, used: list[str]) -> tuple[bool, str]:
    flop = system.training_compute_flop
    gen = sorted(m.value for m in system.generates if m in CRITERION_MODALITIES)
    met = flop is not None and flop > GPAI_INDICATIVE_FLOP and bool(gen)
    if flop is None:
        criterion = "no training compute stated"
    elif not gen:
        criterion = (
            f"training compute {_flop(flop)} FLOP, but no language, text-to-image or "
            "text-to-video generation declared (system.generates)"
        )
    else:
        cmp = "exceeds" if flop > GPAI_INDICATIVE_FLOP else "does not exceed"
        criterion = (
            f"training compute {_flop(flop)} FLOP {cmp} 10^23 FLOP; generates {', '.join(gen)}"
        )
    rebuttal = system.gpai_rebuttal
    if system.general_purpose is not None or new_provider is False:
        if new_provider is False:
            return False, "not the provider of a general-purpose AI model (see modification)"
        if system.general_purpose:
            return True, "declared a general-purpose AI model (Art. 3(63)) in compliance.yaml"
        if rebuttal is not None:
            used += ["gpai-indicative-criterion", "gpai-criterion-rebuttal"]
            return False, (
                f"declared not general-purpose; indicative criterion: {criterion}; rebutted by "
                f"{rebuttal.approver_role} on {rebuttal.date.isoformat()}: "
                f"{rebuttal.justification}"
            )
        extra = (
            " although the guidelines' indicative criterion is met ("
            + criterion
            + "); record why in system.gpai_rebuttal"
            if met
            else ""
        )
        if met:
            used.append("gpai-indicative-criterion")
        return False, "declared not to be a general-purpose AI model in compliance.yaml" + extra
    if new_provider:
        return True, "provider of a modified general-purpose AI model (guidelines para. 60)"
    used.append("gpai-indicative-criterion")
    if met and rebuttal is not None:
        used.append("gpai-criterion-rebuttal")
        return False, (
            f"indicative criterion met ({criterion}) but rebutted by {rebuttal.approver_role} "
            f"on {rebuttal.date.isoformat()}: {rebuttal.justification}"
        )
    if met:
        return True, (
            f"indicative criterion of the Commission guidelines (para. 17) met: {criterion}; "
            "rebuttable (para. 20) with system.gpai_rebuttal"
        )
    return (
        False,
        f"indicative criterion of the Commission guidelines (para. 17) not met: {criterion}",
    )


def _notification(
    system: System, systemic: bool, by_threshold: bool, on: date | None, used: list[str]
) -> Notification | None:
    # Art. 52(1) binds a model meeting the condition of Art. 51(1)(a): presumed above the
    # Art. 51(2) threshold, or declared on its capabilities. A declaration without a date may
    # be a designation by the Commission (Art. 51(1)(b)), which needs no notification.
    declared_on_capabilities = systemic and system.threshold_met_on is not None
    if not (systemic and (by_threshold or declared_on_capabilities)):
        return None
    used.append("notification-two-weeks")
    met = system.threshold_met_on
    if met is None:
        return Notification(
            "not-assessed",
            None,
            system.notified_on,
            "Art. 52(1) notification deadline not checked: record system.threshold_met_on "
            "(and system.notified_on once notified)",
        )
    start = met
    what = "threshold" if by_threshold else "condition of Art. 51(1)(a)"
    why = f"{what} met (or foreseen) on {met.isoformat()}"
    if met < CHAPTER_V_APPLIES:
        used.append("notification-from-application")
        start = CHAPTER_V_APPLIES
        why += "; Chapter V applies from 2025-08-02, so the two weeks run from then"
    due = start + timedelta(days=NOTIFICATION_DAYS)
    sent = system.notified_on
    if sent is not None:
        if sent <= due:
            return Notification(
                "on-time",
                due,
                sent,
                f"Art. 52(1) notification sent {sent.isoformat()}, "
                f"within two weeks (due {due.isoformat()}; {why})",
            )
        return Notification(
            "late",
            due,
            sent,
            f"Art. 52(1) notification late: sent {sent.isoformat()}, "
            f"{(sent - due).days} days after it was due on {due.isoformat()} ({why})",
        )
    if on is not None and on > due:
        return Notification(
            "missing",
            due,
            None,
            f"Art. 52(1) notification missing: due {due.isoformat()} "
            f"({why}), {(on - due).days} days overdue on {on.isoformat()}; record "
            "system.notified_on if it was sent",
        )
    return Notification(
        "pending", due, None, f"Art. 52(1) notification due by {due.isoformat()} ({why})"
    )


def _dates(system: System, gpai: bool, used: list[str]) -> tuple[KeyDate, ...]:
    if not gpai:
        return ()
    out = [KeyDate("GPAI obligations (Chapter V) apply", CHAPTER_V_APPLIES, "Art. 113, point (b)")]
    placed = system.placed_on_market
    if placed is not None and placed < CHAPTER_V_APPLIES:
        used.append("legacy-models")
        out.append(
            KeyDate(
                f"compliance due for a model placed on the market on {placed.isoformat()}",
                LEGACY_DEADLINE,
                "Art. 111(3)",
            )
        )
    elif placed is not None:
        out.append(
            KeyDate(
                "compliance due when placed on the market",
                max(placed, CHAPTER_V_APPLIES),
                "Art. 113, point (b)",
            )
        )
    used.append("enforcement-powers")
    out.append(
        KeyDate(
            "Commission enforcement powers (fines) apply", ENFORCEMENT_FROM, "Art. 113; Art. 101"
        )
    )
    return tuple(sorted(out, key=lambda d: (d.on, d.label)))


def classify(system: System, on: date | None = None) -> Classification:
    """GPAI status, systemic risk, the open-source exemption, the Art. 52(1) notification
    and the dates that apply; `on` is the assessment date (for an overdue notification)."""
    used: list[str] = []
    new_provider, orig_systemic, mod_basis = _modification(system, used)
    gpai, gpai_basis = _gpai(system, new_provider, used)
    flop = system.training_compute_flop
    by_threshold = False
    if not gpai:
        systemic, basis = False, "not a general-purpose AI model"
    elif system.systemic_risk_declared:
        systemic, basis = True, "declared a GPAI model with systemic risk (Art. 51(1))"
        by_threshold = flop is not None and flop > SYSTEMIC_RISK_FLOP
    elif new_provider and orig_systemic:
        used.append("modification-systemic-risk")
        systemic, by_threshold = True, True
        basis = (
            "presumed: a modification of a GPAI model with systemic risk whose modifier became "
            "the provider (guidelines Section 3.2.2; Art. 51(1)(a))"
        )
    elif flop is not None and flop > SYSTEMIC_RISK_FLOP:
        used.append("systemic-risk-presumption")
        systemic, by_threshold = True, True
        basis = f"presumed (Art. 51(2)): training compute {_flop(flop)} FLOP exceeds 10^25 FLOP"
    elif flop is not None:
        systemic = False
        basis = f"not declared; training compute {_flop(flop)} FLOP does not exceed 10^25 FLOP"
    else:
        systemic = False
        basis = "not declared, and no training compute stated (Art. 51(2) not assessed)"
    notification = _notification(system, systemic, by_threshold, on, used)
    oss = system.open_source
    if oss is None:
        exempt, oss_basis = False, "not released under a free and open-source licence"
    elif not oss.public_weights:
        exempt = False
        oss_basis = f"licence {oss.licence}, but weights are not public: Art. 53(2) does not apply"
    elif systemic:
        exempt = False
        oss_basis = (
            f"licence {oss.licence} with public weights, but the model has systemic risk: "
            "Art. 53(2) exemption does not apply"
        )
    else:
        used.append("open-source-scope")
        exempt = True
        oss_basis = (
            f"licence {oss.licence} with public weights and no systemic risk: "
            "exempt under Art. 53(2)"
            " from Art. 53(1)(a) and (b) (and Art. 54) only; the copyright policy (53(1)(c)) "
            "and the training-content summary (53(1)(d)) still apply"
        )
    return Classification(
        gpai,
        gpai_basis,
        systemic,
        basis,
        exempt,
        oss_basis,
        system.placed_on_eu_market,
        mod_basis,
        notification,
        _dates(system, gpai, used),
        tuple(dict.fromkeys(used)),
    )


def not_applicable_reason(
    conditions: set[Applicability], jurisdiction: str, cls: Classification
) -> str | None:
    """Why a requirement with these conditions does not apply, or None if it applies."""
    if jurisdiction.upper() == "EU" and not cls.eu_market:
        return "the model is not placed on the EU market (Art. 2(1) AI Act)"
    if Applicability.GPAI in conditions and not cls.gpai:
        return "applies to providers of general-purpose AI models; " + cls.gpai_basis
    if Applicability.SYSTEMIC_RISK in conditions and not cls.systemic_risk:
        return "applies only to GPAI models with systemic risk (Art. 51, 55); " + (
            cls.systemic_risk_basis
        )
    if Applicability.OPEN_SOURCE_EXEMPT in conditions and cls.open_source_exempt:
        return "open-source exemption: " + cls.open_source_basis
    return None
