"""Which requirements apply to the system under assessment, and why (AI Act Art. 2, 51, 53)."""

from __future__ import annotations

from dataclasses import dataclass

from compliance.models.catalog import Applicability
from compliance.models.project import System

SYSTEMIC_RISK_FLOP = 1e25
"""Art. 51(2): presumed high-impact capabilities above 10^25 FLOP of training compute."""


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


def classify(system: System) -> Classification:
    """Determine GPAI status, systemic risk (declared or presumed) and the open-source exemption."""
    gpai = system.general_purpose
    gpai_basis = (
        "declared a general-purpose AI model (Art. 3(63)) in compliance.yaml"
        if gpai
        else "declared not to be a general-purpose AI model in compliance.yaml"
    )
    flop = system.training_compute_flop
    if not gpai:
        systemic, basis = False, "not a general-purpose AI model"
    elif system.systemic_risk_declared:
        systemic, basis = True, "declared a GPAI model with systemic risk (Art. 51(1))"
    elif flop is not None and flop > SYSTEMIC_RISK_FLOP:
        systemic = True
        basis = f"presumed (Art. 51(2)): training compute {flop:.3g} FLOP exceeds 10^25 FLOP"
    elif flop is not None:
        systemic = False
        basis = f"not declared; training compute {flop:.3g} FLOP does not exceed 10^25 FLOP"
    else:
        systemic = False
        basis = "not declared, and no training compute stated (Art. 51(2) not assessed)"
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
        exempt = True
        oss_basis = (
            f"licence {oss.licence} with public weights and no systemic risk: "
            "exempt under Art. 53(2)"
        )
    return Classification(
        gpai, gpai_basis, systemic, basis, exempt, oss_basis, system.placed_on_eu_market
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
