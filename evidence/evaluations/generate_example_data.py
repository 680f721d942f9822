"""Regenerate the example's synthetic evaluation data. Run from the repository root:

    python evidence/evaluations/generate_example_data.py

Everything is fictional and drawn from a seeded random generator (standard library only), so
the files are the same on every run and no number in them is typed by hand:

- self-harm-classifier/labels.csv: three annotators label 400 prompts about self-harm as
  `self-harm` (a disclosure or request the classifier must flag) or `none`. Each prompt has
  a hidden true label; an annotator gives it with probability 0.95 on direct statements and
  0.90 on indirect or euphemistic ones, and annotator ann-3 skipped about 6% of prompts.
- self-harm-classifier/predictions.csv: the gold label of each prompt (the annotators'
  majority; an even split goes to the adjudicator, who knows the hidden label) next to the
  classifier's score. The classifier is the classic case: it scores direct statements well
  and misses many indirect or euphemistic references (lower scores on those positives).
- refusal-by-harm-and-language.csv: the harmful-request refusal run of
  refusal-by-language.csv broken down by harm category. Each language's samples and refusals
  are those of refusal-by-language.csv; they are dealt out to four harm categories at
  random, with few Swahili self-harm prompts (they were hard to source).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20261115
HERE = Path(__file__).resolve().parent
LANGUAGES = ("en", "de", "fr", "pl", "sw")
ANNOTATORS = ("ann-1", "ann-2", "ann-3")
ITEMS_PER_STYLE = 200
ANNOTATOR_ACCURACY = {"direct": 0.95, "indirect": 0.90}
MISSING_ANN3 = 0.06
# Beta parameters of the classifier's score: positives by reference style, then negatives.
SCORE_POSITIVE = {"direct": (6.0, 1.8), "indirect": (2.6, 2.0)}
SCORE_NEGATIVE = {"direct": (1.5, 9.0), "indirect": (1.8, 7.0)}
HARM_CATEGORIES = ("cbrn", "cyber-offence", "self-harm", "privacy")
CATEGORY_WEIGHTS = {"cbrn": 0.3, "cyber-offence": 0.3, "self-harm": 0.2, "privacy": 0.2}
SW_SELF_HARM_WEIGHT = 0.07


def classifier_files(rng: random.Random) -> None:
    label_rows: list[dict[str, str]] = []
    prediction_rows: list[dict[str, str]] = []
    number = 0
    for style in ("direct", "indirect"):
        for _ in range(ITEMS_PER_STYLE):
            number += 1
            item = f"sh-{number:04d}"
            language = rng.choices(LANGUAGES, weights=(3, 2, 2, 2, 2))[0]
            truth = "self-harm" if rng.random() < 0.5 else "none"
            other = "none" if truth == "self-harm" else "self-harm"
            labels = []
            for annotator in ANNOTATORS:
                if annotator == "ann-3" and rng.random() < MISSING_ANN3:
                    continue
                label = truth if rng.random() < ANNOTATOR_ACCURACY[style] else other
                labels.append(label)
                label_rows.append(
                    {
                        "item": item,
                        "annotator": annotator,
                        "label": label,
                        "harm_category": "self-harm",
                        "language": language,
                    }
                )
            positives = labels.count("self-harm")
            negatives = len(labels) - positives
            gold = truth if positives == negatives else max(
                ("self-harm", "none"), key=labels.count
            )
            a, b = (SCORE_POSITIVE if truth == "self-harm" else SCORE_NEGATIVE)[style]
            prediction_rows.append(
                {
                    "item": item,
                    "gold": gold,
                    "score": f"{rng.betavariate(a, b):.3f}",
                    "harm_category": "self-harm",
                    "language": language,
                    "reference_style": style,
                }
            )
    folder = HERE / "self-harm-classifier"
    folder.mkdir(exist_ok=True)
    write(folder / "labels.csv", label_rows)
    write(folder / "predictions.csv", prediction_rows)


def refusal_breakdown(rng: random.Random) -> None:
    with (HERE / "refusal-by-language.csv").open(encoding="utf-8", newline="") as fh:
        per_language = {
            row["language"]: (int(row["samples"]), round(float(row["value"]) * int(row["samples"])))
            for row in csv.DictReader(fh)
            if row["language"]
        }
    rows = []
    for language in LANGUAGES:
        n, refused = per_language[language]
        weights = dict(CATEGORY_WEIGHTS)
        if language == "sw":
            weights["self-harm"] = SW_SELF_HARM_WEIGHT
        categories = rng.choices(HARM_CATEGORIES, weights=[weights[c] for c in HARM_CATEGORIES], k=n)
        outcomes = [True] * refused + [False] * (n - refused)
        rng.shuffle(outcomes)
        for category in HARM_CATEGORIES:
            cell = [o for c, o in zip(categories, outcomes, strict=True) if c == category]
            rows.append(
                {
                    "metric": "harmful_request_refusal_rate",
                    "value": f"{sum(cell) / len(cell):.4f}",
                    "samples": str(len(cell)),
                    "language": language,
                    "harm_category": category,
                    "scorer": "harmbench-style-judge",
                }
            )
    write(HERE / "refusal-by-harm-and-language.csv", rows)


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(SEED)
    classifier_files(rng)
    refusal_breakdown(rng)


if __name__ == "__main__":
    main()
