"""The interval every reported metric carries, chosen from what its evidence knows.

In order of preference:
1. the interval the evidence file states itself (`ci_low`/`ci_high` of a metrics file);
2. the standard error the log reports (Inspect's `stderr` metric): value ± 1.96·stderr;
3. a count of successes (0/1 sample scores of an Inspect log): Wilson's score interval;
4. a value between 0 and 1 with a sample count and nothing else: taken as a proportion,
   successes = round(value · n), Wilson's interval, and the method says it was inferred.
A figure without a sample count, or with a non-finite value, has no interval (None).
The arithmetic is compliance.assess.statistics (statsmodels and scipy underneath).
"""

from __future__ import annotations

import math

from compliance.assess.statistics import (
    Difference,
    Estimate,
    difference,
    from_stderr,
    proportion,
)
from compliance.link.readers import Metric

REPORTED = "reported interval"
INFERRED = "wilson (successes inferred from the rate and n)"


def estimate_of(metric: Metric, n: int | None = None) -> Estimate | None:
    """The metric with its n and 95% interval (see the module docstring), or None."""
    n = metric.samples if metric.samples is not None else n
    if n is None or n <= 0 or not math.isfinite(metric.value):
        return None
    if (
        metric.ci_low is not None
        and metric.ci_high is not None
        and math.isfinite(metric.ci_low)
        and math.isfinite(metric.ci_high)
    ):
        return Estimate(metric.value, n, metric.ci_low, metric.ci_high, REPORTED)
    stderr_usable = (
        metric.stderr is not None and math.isfinite(metric.stderr) and metric.stderr >= 0
    )
    # a stderr of 0 (every sample scored alike) would claim certainty; a count does better
    if stderr_usable and not (metric.stderr == 0 and metric.successes is not None):
        return from_stderr(metric.value, metric.stderr, n)  # type: ignore[arg-type]
    successes = counted_successes(metric, n)
    if successes is None:
        return None
    result = proportion(successes, n)
    if metric.successes is None:
        # keep the stated value as the point; only the interval rests on the inferred count
        return Estimate(metric.value, n, result.low, result.high, INFERRED)
    return result


def counted_successes(metric: Metric, n: int | None = None) -> int | None:
    """Successes behind a proportion: counted from samples, or inferred from a 0-1 rate."""
    n = metric.samples if metric.samples is not None else n
    if n is None or n <= 0:
        return None
    if metric.successes is not None and 0 <= metric.successes <= n:
        return metric.successes
    if math.isfinite(metric.value) and 0 <= metric.value <= 1:
        return min(n, max(0, round(metric.value * n)))
    return None


def compare_proportions(
    a: Metric, a_n: int | None, b: Metric, b_n: int | None
) -> Difference | None:
    """a − b with Newcombe's interval, when both are proportions with known counts."""
    na = a.samples if a.samples is not None else a_n
    nb = b.samples if b.samples is not None else b_n
    sa, sb = counted_successes(a, na), counted_successes(b, nb)
    if sa is None or sb is None or not na or not nb:
        return None
    return difference(sa, na, sb, nb)


def estimate_dict(estimate: Estimate | None) -> dict[str, object] | None:
    """The JSON shape of an estimate: {value, n, low, high, method, confidence}."""
    if estimate is None:
        return None
    return {
        "value": estimate.value,
        "n": estimate.n,
        "low": estimate.low,
        "high": estimate.high,
        "method": estimate.method,
        "confidence": estimate.confidence,
    }


def difference_dict(d: Difference | None) -> dict[str, object] | None:
    """The JSON shape of a difference of proportions."""
    if d is None:
        return None
    return {
        "value": d.value,
        "low": d.low,
        "high": d.high,
        "method": d.method,
        "confidence": d.confidence,
        "clear": d.clear,
    }
