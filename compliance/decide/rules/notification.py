"""Notification rule: the Art. 52(1) notification was sent within two weeks of the condition
of Art. 51(1)(a) being met or foreseen (docs/gate.md, docs/applicability.md)."""

from __future__ import annotations

from compliance.assess.gpai_scope import RULES
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, result_of
from compliance.models.gate import NotificationRule

PASSING = ("on-time", "pending")


def check_notification(rule: NotificationRule, ctx: GateContext, index: int) -> RuleResult:
    """Passes when the notification was sent by its due date, or is not yet due; fails when
    it was late, is overdue, or the dates it is judged by are not recorded."""
    where = ctx.location("rules", index, "kind")
    evidence = (ctx.ref(rule.evidence),) if rule.evidence else ()
    cite = RULES["notification-two-weeks"]
    threshold = f"notified within two weeks ({cite.cite})"
    base = {"threshold": threshold, "evidence": evidence, "location": where}
    if rule.evidence:
        problem = ctx.evidence_problem(rule.evidence)
        if problem is not None:
            return result_of(rule, False, problem, **base)
    cls = ctx.assessment.classification
    n = cls.notification
    if n is None:
        if cls.systemic_risk:
            # Declared with systemic risk, no date recorded: the rule cannot tell whether the
            # provider had to notify (Art. 51(1)(a)) or the Commission designated the model.
            message = (
                "Art. 52(1) notification not checked: the model is declared with systemic risk "
                "but system.threshold_met_on is not recorded; record when the condition of "
                "Art. 51(1)(a) was met or foreseen, and system.notified_on"
            )
            return result_of(rule, False, message, observed="no dates", **base)
        message = (
            "no Art. 52(1) notification due: not a general-purpose AI model with systemic risk "
            f"({cls.systemic_risk_basis})"
        )
        return result_of(rule, True, message, observed="n/a", **base)
    observed = n.status
    if n.notified_on is not None:
        observed += f", sent {n.notified_on.isoformat()}"
    if n.due is not None:
        observed += f", due {n.due.isoformat()}"
    passed = n.status in PASSING
    return result_of(
        rule,
        passed,
        n.message,
        observed=observed,
        **base,
    )
