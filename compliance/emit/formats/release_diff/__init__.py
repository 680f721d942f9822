"""Changes between two releases (`diff`): one module per format."""

from __future__ import annotations

from compliance.core.wording import scientific, signed


def cell(value: object) -> str:
    return "-" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def outcome(passed: bool | None) -> str:
    """A rule's outcome as a person reads it: pass or fail ("-" when it did not exist)."""
    return "-" if passed is None else ("pass" if passed else "fail")


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def change_text(change: dict[str, object] | None) -> str:
    """E.g. "-0.021 (95% CI -0.035 to -0.007, newcombe, clear)"; "" when there is none."""
    if not change:
        return ""
    clear = "statistically clear" if change["clear"] else "not statistically clear"
    return (
        f"{signed(change['value'])} (95% CI {signed(change['low'])} to {signed(change['high'])}, "
        f"{change['method']}, {clear})"
    )


def paired_text(p: dict[str, object]) -> str:
    """One McNemar test in a sentence."""
    return (
        f"{p['evidence']} [{p['scorer']}]: {p['shared_samples']} shared samples, "
        f"{p['regressed']} regressed, {p['improved']} improved; "
        f"{p['method']} p={scientific(p['p_value'])}"
    )
