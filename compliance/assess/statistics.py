"""Statistics on evaluation evidence: intervals, threshold verdicts, paired tests, agreement.

Pure functions over plain numbers; every result is a frozen dataclass. No formula is written
here by hand: intervals and tests come from statsmodels, Krippendorff's alpha from the
`krippendorff` package, the bootstrap from scipy. This module only checks inputs (refusing
n = 0, negative or non-finite numbers with a ValueError that says what was wrong), picks the
method, and words the result.

Conventions:
- `confidence` is the two-sided confidence level (0.95 means a 95% interval).
- A proportion's interval is Wilson's score interval unless the caller asks for
  Clopper-Pearson ("beta", also accepted as "clopper-pearson").
- A sample is *thin* below THIN_SAMPLE_MINIMUM: numbers from it are shown but flagged.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

# numpy, scipy, statsmodels and krippendorff are imported by the functions that use them:
# together about 2 s of CPU at start-up on the benchmark machine, paid by every command
# that merely names a type from here (benchmarks/README.md).
from compliance.core.wording import scientific

if TYPE_CHECKING:
    import numpy as np

THIN_SAMPLE_MINIMUM = 30
"""Below this many items (or pairs, or units), a statistic is flagged as resting on a thin
sample. 30 is the usual rule of thumb under which normal approximations and chance-corrected
agreement coefficients swing widely; it is a warning, never a verdict by itself."""

MCNEMAR_EXACT_BELOW = 25
"""McNemar uses the exact binomial test while the discordant pairs (b + c) are fewer than
this, and the chi-square test with continuity correction from there on."""

BOOTSTRAP_SEED = 20240601
"""Fixed seed for the F1 bootstrap, so the same predictions always give the same interval."""

BOOTSTRAP_RESAMPLES = 2000

ProportionMethod = Literal["wilson", "beta", "clopper-pearson"]
Direction = Literal[">=", "<="]
JudgeOn = Literal["point", "lower-bound", "upper-bound"]
Level = Literal["nominal", "ordinal", "interval", "ratio"]

_METHOD_NAMES = {
    "wilson": "wilson",
    "beta": "clopper-pearson",
    "clopper-pearson": "clopper-pearson",
}


# --------------------------------------------------------------------------- estimates


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate with its sample size and a two-sided confidence interval."""

    value: float
    n: int
    low: float
    high: float
    method: str
    confidence: float = 0.95

    @property
    def thin_sample(self) -> bool:
        """Whether the estimate rests on fewer than THIN_SAMPLE_MINIMUM observations."""
        return thin_sample(self.n)

    def describe(self) -> str:
        """E.g. '0.9533, 95% wilson interval 0.9375 to 0.9653, n=900'."""
        return (
            f"{scientific(self.value, digits=4)}, {self.confidence:.0%} {self.method} interval "
            f"{scientific(self.low, digits=4)} to {scientific(self.high, digits=4)}, n={self.n}"
        )


def thin_sample(n: int, minimum: int = THIN_SAMPLE_MINIMUM) -> bool:
    """Whether `n` observations are too few to lean on (fewer than `minimum`)."""
    _check_count("n", n)
    return n < minimum


def proportion(
    successes: int,
    n: int,
    method: ProportionMethod = "wilson",
    confidence: float = 0.95,
) -> Estimate:
    """successes / n with a Wilson (default) or Clopper-Pearson ("beta") interval."""
    _check_count("successes", successes)
    _check_count("n", n, positive=True)
    if successes > n:
        raise ValueError(f"successes ({successes}) cannot exceed n ({n})")
    _check_confidence(confidence)
    if method not in _METHOD_NAMES:
        raise ValueError(
            f"unknown interval method {method!r}; expected one of {', '.join(_METHOD_NAMES)}"
        )
    from statsmodels.stats.proportion import proportion_confint

    sm_method = "wilson" if method == "wilson" else "beta"
    low, high = proportion_confint(successes, n, alpha=1 - confidence, method=sm_method)
    return Estimate(
        value=successes / n,
        n=n,
        low=float(low),
        high=float(high),
        method=_METHOD_NAMES[method],
        confidence=confidence,
    )


def from_stderr(value: float, stderr: float, n: int, confidence: float = 0.95) -> Estimate:
    """A normal-approximation interval, value ± z·stderr, from a log's own standard error."""
    _check_finite("value", value)
    _check_finite("stderr", stderr)
    if stderr < 0:
        raise ValueError(f"stderr must be >= 0, got {stderr}")
    _check_count("n", n, positive=True)
    _check_confidence(confidence)
    from scipy import stats as scipy_stats

    low, high = scipy_stats.norm.interval(confidence, loc=value, scale=stderr)
    return Estimate(
        value=float(value),
        n=n,
        low=float(low),
        high=float(high),
        method="normal (reported stderr)",
        confidence=confidence,
    )


@dataclass(frozen=True, slots=True)
class Difference:
    """a − b for two independent proportions, with Newcombe's hybrid score interval."""

    a: Estimate
    b: Estimate
    value: float
    low: float
    high: float
    method: str
    confidence: float
    clear: bool
    """Whether the interval excludes 0, i.e. the two proportions are clearly different."""


def difference(
    a_successes: int,
    a_n: int,
    b_successes: int,
    b_n: int,
    confidence: float = 0.95,
) -> Difference:
    """The difference a − b of two proportions; Newcombe (1998) method 10 interval."""
    a = proportion(a_successes, a_n, confidence=confidence)
    b = proportion(b_successes, b_n, confidence=confidence)
    from statsmodels.stats.proportion import confint_proportions_2indep

    low, high = confint_proportions_2indep(
        a_successes, a_n, b_successes, b_n, method="newcomb", compare="diff", alpha=1 - confidence
    )
    low, high = float(low), float(high)
    return Difference(
        a=a,
        b=b,
        value=a.value - b.value,
        low=low,
        high=high,
        method="newcombe",
        confidence=confidence,
        clear=low > 0 or high < 0,
    )


# --------------------------------------------------------------------------- verdicts


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an estimate meets a threshold, judged on its point or one of its bounds."""

    passes: bool
    borderline: bool
    """The point estimate passes but the interval reaches across the threshold."""
    judged_value: float
    threshold: float
    direction: Direction
    judge: JudgeOn
    explanation: str


def judge(
    estimate: Estimate,
    threshold: float,
    direction: Direction = ">=",
    judge: JudgeOn = "point",
) -> Verdict:
    """Test `estimate` against `threshold`; say in one sentence why it passes or fails."""
    _check_finite("threshold", threshold)
    for name in ("value", "low", "high"):
        _check_finite(f"estimate.{name}", getattr(estimate, name))
    if direction not in (">=", "<="):
        raise ValueError(f"direction must be '>=' or '<=', got {direction!r}")
    chosen = {"point": estimate.value, "lower-bound": estimate.low, "upper-bound": estimate.high}
    if judge not in chosen:
        raise ValueError(f"judge must be one of {', '.join(chosen)}, got {judge!r}")
    judged = chosen[judge]

    def meets(x: float) -> bool:
        return x >= threshold if direction == ">=" else x <= threshold

    passes = meets(judged)
    # the far side of the interval, the one that could still miss the threshold
    far = estimate.low if direction == ">=" else estimate.high
    borderline = meets(estimate.value) and not meets(far)
    what = {"point": "the point estimate", "lower-bound": "the lower bound"}.get(
        judge, "the upper bound"
    )
    relation = (
        ("at or above" if passes else "below")
        if direction == ">="
        else ("at or below" if passes else "above")
    )
    sentence = (
        f"{'Passes' if passes else 'Fails'}: {what} {scientific(judged, digits=4)} is "
        f"{relation} the threshold "
        f"{scientific(threshold, digits=4)} ({estimate.describe()})"
    )
    if borderline:
        sentence += (
            "; borderline, as the point estimate meets the threshold but the interval crosses it"
        )
    return Verdict(
        passes=passes,
        borderline=borderline,
        judged_value=judged,
        threshold=threshold,
        direction=direction,
        judge=judge,
        explanation=sentence + ".",
    )


# --------------------------------------------------------------------------- paired test


@dataclass(frozen=True, slots=True)
class McNemarResult:
    """McNemar's test on the items two runs share: did the pass rate change?"""

    n_shared: int
    n_unpaired: int
    """Items present in only one of the two runs; they take no part in the test."""
    both_pass: int
    b: int
    """Passed before, fail after (regressions)."""
    c: int
    """Failed before, pass after (improvements)."""
    both_fail: int
    statistic: float
    p_value: float
    exact: bool


def mcnemar_paired(
    before: Mapping[Hashable, bool], after: Mapping[Hashable, bool]
) -> McNemarResult:
    """McNemar's test on the ids both runs scored; exact while b + c < MCNEMAR_EXACT_BELOW."""
    for name, outcomes in (("before", before), ("after", after)):
        for key, value in outcomes.items():
            if not (isinstance(value, bool) or _numpy_scalar(value, "bool_")):
                raise ValueError(f"{name}[{key!r}] must be true or false, got {value!r}")
    shared = before.keys() & after.keys()
    if not shared:
        raise ValueError("the two runs share no item ids; McNemar needs paired outcomes")
    counts = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}
    for key in shared:
        counts[(bool(before[key]), bool(after[key]))] += 1
    b, c = counts[(True, False)], counts[(False, True)]
    table = [[counts[(True, True)], b], [c, counts[(False, False)]]]
    exact = b + c < MCNEMAR_EXACT_BELOW
    from statsmodels.stats.contingency_tables import mcnemar as _sm_mcnemar

    result = _sm_mcnemar(table, exact=exact, correction=True)
    return McNemarResult(
        n_shared=len(shared),
        n_unpaired=len(before.keys() ^ after.keys()),
        both_pass=counts[(True, True)],
        b=b,
        c=c,
        both_fail=counts[(False, False)],
        statistic=float(result.statistic),
        p_value=float(result.pvalue),
        exact=exact,
    )


# --------------------------------------------------------------------------- agreement


@dataclass(frozen=True, slots=True)
class Agreement:
    """A chance-corrected agreement coefficient over `n_items` items and `n_annotators`."""

    value: float
    n_items: int
    n_annotators: int
    method: str

    @property
    def thin_sample(self) -> bool:
        """Whether fewer than THIN_SAMPLE_MINIMUM items carry the coefficient."""
        return thin_sample(self.n_items)


def cohens_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> Agreement:
    """Cohen's kappa for two annotators; `pairs` holds (first's label, second's label)."""
    import numpy as np

    if not pairs:
        raise ValueError("no labelled pairs: Cohen's kappa needs at least one item")
    for index, pair in enumerate(pairs):
        if len(pair) != 2 or any(label is None for label in pair):
            raise ValueError(f"pairs[{index}] must hold two labels, got {pair!r}")
        _check_label(f"pairs[{index}]", pair[0])
        _check_label(f"pairs[{index}]", pair[1])
    categories = sorted({label for pair in pairs for label in pair}, key=repr)
    index_of = {label: i for i, label in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    for first, second in pairs:
        table[index_of[first], index_of[second]] += 1
    if len(categories) < 2:
        raise ValueError(
            "Cohen's kappa is undefined when every label is the same category "
            f"({categories[0]!r}): chance agreement is already perfect"
        )
    from statsmodels.stats.inter_rater import cohens_kappa as _sm_cohens_kappa

    with np.errstate(invalid="ignore", divide="ignore"):
        value = float(_sm_cohens_kappa(table, return_results=False))
    if not math.isfinite(value):
        raise ValueError("Cohen's kappa is undefined for these labels (chance agreement is 1)")
    return Agreement(value=value, n_items=len(pairs), n_annotators=2, method="cohen-kappa")


def fleiss_kappa(table: Sequence[Sequence[int]]) -> Agreement:
    """Fleiss' kappa from an items × categories table of counts, equal raters per item."""
    import numpy as np

    array = np.asarray(table)
    if array.ndim != 2 or array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError("the table must be a non-empty items × categories grid of counts")
    if array.dtype.kind not in "iu" and not (
        array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.round(array))
    ):
        raise ValueError("the table must hold whole-number counts")
    if np.any(array < 0):
        raise ValueError("the table's counts must be >= 0")
    per_item = array.sum(axis=1)
    if np.any(per_item != per_item[0]):
        raise ValueError(
            "every item must have the same number of ratings for Fleiss' kappa; "
            "use Krippendorff's alpha when some labels are missing"
        )
    raters = int(per_item[0])
    if raters < 2:
        raise ValueError("Fleiss' kappa needs at least two ratings per item")
    from statsmodels.stats.inter_rater import fleiss_kappa as _sm_fleiss_kappa

    with np.errstate(invalid="ignore", divide="ignore"):
        value = float(_sm_fleiss_kappa(array, method="fleiss"))
    if not math.isfinite(value):
        raise ValueError(
            "Fleiss' kappa is undefined when every rating is the same category "
            "(chance agreement is 1)"
        )
    return Agreement(
        value=value, n_items=int(array.shape[0]), n_annotators=raters, method="fleiss-kappa"
    )


def krippendorff_alpha(
    reliability_data: Sequence[Sequence[Hashable | None]], level: Level = "nominal"
) -> Agreement:
    """Krippendorff's alpha; one row per annotator, one column per item, None for missing.

    `n_items` counts the items labelled by at least two annotators (the pairable ones);
    only they carry information about agreement.
    """
    import numpy as np

    rows = [list(row) for row in reliability_data]
    if not rows:
        raise ValueError("no annotators: reliability data needs one row per annotator")
    width = len(rows[0])
    if width == 0 or any(len(row) != width for row in rows):
        raise ValueError("every annotator's row must have one entry per item (None if missing)")
    if level not in ("nominal", "ordinal", "interval", "ratio"):
        raise ValueError(f"unknown level of measurement {level!r}")
    present = {label for row in rows for label in row if label is not None}
    for label in present:
        _check_label("reliability_data", label)
    numeric = all(_is_number(label) for label in present)
    if level != "nominal" and not numeric:
        raise ValueError(f"{level} alpha needs numeric labels; use level='nominal' for categories")
    domain = sorted(present) if numeric else sorted(present, key=repr)
    if len(domain) < 2:
        raise ValueError(
            "Krippendorff's alpha is undefined when every label is the same value "
            "(there is no disagreement to expect)"
        )
    index_of = {label: i for i, label in enumerate(domain)}
    counts = np.zeros((width, len(domain)))
    for row in rows:
        for unit, label in enumerate(row):
            if label is not None:
                counts[unit, index_of[label]] += 1
    pairable = int(np.sum(counts.sum(axis=1) >= 2))
    if pairable == 0:
        raise ValueError("no item was labelled by two or more annotators")
    import krippendorff

    value_domain = np.asarray(domain, dtype=float) if numeric else np.arange(len(domain))
    value = float(
        krippendorff.alpha(
            value_counts=counts, value_domain=value_domain, level_of_measurement=level
        )
    )
    if not math.isfinite(value):
        raise ValueError("Krippendorff's alpha is undefined for these labels")
    return Agreement(
        value=value,
        n_items=pairable,
        n_annotators=len(rows),
        method=f"krippendorff-alpha ({level})",
    )


# --------------------------------------------------------------------------- classifiers


@dataclass(frozen=True, slots=True)
class ClassifierMetrics:
    """Confusion counts and the metrics derived from them.

    precision, recall and false_positive_rate are proportions with Wilson intervals; each is
    None when its denominator is 0 (no predicted positives, no actual positives, no actual
    negatives). F1 has a percentile bootstrap interval over items with a fixed seed
    (BOOTSTRAP_SEED, BOOTSTRAP_RESAMPLES), so it is reproducible; `f1` is None when there
    is no positive at all, in gold or predicted.
    """

    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    precision: Estimate | None
    recall: Estimate | None
    false_positive_rate: Estimate | None
    f1: Estimate | None

    @property
    def n(self) -> int:
        """Number of items scored."""
        return (
            self.true_positives + self.false_positives + self.false_negatives + self.true_negatives
        )


def predictions_from_scores(scores: Sequence[float], threshold: float) -> list[bool]:
    """Positive predictions: a score at or above the threshold counts as positive."""
    _check_finite("threshold", threshold)
    for index, score in enumerate(scores):
        _check_finite(f"scores[{index}]", score)
    return [score >= threshold for score in scores]


def classifier_metrics(
    gold: Sequence[bool], predicted: Sequence[bool], confidence: float = 0.95
) -> ClassifierMetrics:
    """Precision, recall, F1 and false-positive rate of `predicted` against `gold`."""
    import numpy as np

    if len(gold) != len(predicted):
        raise ValueError(
            f"gold has {len(gold)} labels but predicted has {len(predicted)}; "
            "they must be paired item by item"
        )
    if not gold:
        raise ValueError("no items: classifier metrics need at least one labelled prediction")
    for name, values in (("gold", gold), ("predicted", predicted)):
        for index, value in enumerate(values):
            if not (isinstance(value, bool) or _numpy_scalar(value, "bool_")):
                raise ValueError(f"{name}[{index}] must be true or false, got {value!r}")
    _check_confidence(confidence)
    g = np.asarray(gold, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tp = int(np.sum(g & p))
    fp = int(np.sum(~g & p))
    fn = int(np.sum(g & ~p))
    tn = int(np.sum(~g & ~p))

    def share(k: int, n: int) -> Estimate | None:
        return proportion(k, n, confidence=confidence) if n else None

    return ClassifierMetrics(
        true_positives=tp,
        false_positives=fp,
        false_negatives=fn,
        true_negatives=tn,
        precision=share(tp, tp + fp),
        recall=share(tp, tp + fn),
        false_positive_rate=share(fp, fp + tn),
        f1=_f1_estimate(g, p, tp, fp, fn, confidence),
    )


def _f1_estimate(
    g: np.ndarray, p: np.ndarray, tp: int, fp: int, fn: int, confidence: float
) -> Estimate | None:
    """F1 with a seeded percentile bootstrap interval (None if F1 is undefined)."""
    import numpy as np

    if 2 * tp + fp + fn == 0:
        return None
    value = 2 * tp / (2 * tp + fp + fn)
    low = high = value
    if len(g) > 1 and len(set(zip(g.tolist(), p.tolist(), strict=True))) > 1:

        def f1(gold: np.ndarray, pred: np.ndarray, axis: int = -1) -> np.ndarray:
            t = np.sum(gold & pred, axis=axis)
            denominator = 2 * t + np.sum(gold ^ pred, axis=axis)
            # a resample without any positive has F1 0 by convention (nothing found)
            return np.where(denominator > 0, 2 * t / np.maximum(denominator, 1), 0.0)

        from scipy import stats as scipy_stats

        result = scipy_stats.bootstrap(
            (g, p),
            f1,
            paired=True,
            vectorized=True,
            n_resamples=BOOTSTRAP_RESAMPLES,
            confidence_level=confidence,
            method="percentile",
            rng=np.random.default_rng(BOOTSTRAP_SEED),
        )
        low = float(result.confidence_interval.low)
        high = float(result.confidence_interval.high)
    return Estimate(
        value=value,
        n=len(g),
        low=low,
        high=high,
        method=f"percentile bootstrap ({BOOTSTRAP_RESAMPLES} resamples, seed {BOOTSTRAP_SEED})",
        confidence=confidence,
    )


# --------------------------------------------------------------------------- input checks


def _check_count(name: str, value: object, *, positive: bool = False) -> None:
    """A whole number >= 0 (> 0 when `positive`); bool and float are refused."""
    if isinstance(value, bool) or not (isinstance(value, int) or _numpy_scalar(value, "integer")):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < 0 or (positive and value == 0):
        raise ValueError(f"{name} must be {'> 0' if positive else '>= 0'}, got {value}")


def _check_finite(name: str, value: object) -> None:
    """A finite real number; bool is refused."""
    if isinstance(value, bool) or not (isinstance(value, int | float) or _numpy_number(value)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(float(value)):
        raise ValueError(f"{name} must be finite, got {value!r}")


def _check_confidence(confidence: float) -> None:
    """A confidence level strictly between 0 and 1."""
    _check_finite("confidence", confidence)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")


def _check_label(where: str, label: object) -> None:
    """A label is text or a finite number; NaN would silently never match itself."""
    floating = isinstance(label, float) or _numpy_scalar(label, "floating")
    if floating and not math.isfinite(float(label)):  # type: ignore[arg-type]
        raise ValueError(f"{where}: label {label!r} is not finite")


def _is_number(label: object) -> bool:
    return (isinstance(label, int | float) or _numpy_number(label)) and not isinstance(label, bool)


def _numpy_scalar(value: object, kind: str) -> bool:
    """Whether `value` is a numpy scalar of `kind` (bool_, integer, floating).

    numpy is imported by the functions that compute with it (it costs every command about
    0.1 s at start-up): until then no value can be a numpy scalar, so none is looked for.
    """
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, getattr(numpy, kind))


def _numpy_number(value: object) -> bool:
    return _numpy_scalar(value, "integer") or _numpy_scalar(value, "floating")
