"""The Commission's guidelines on the scope of the GPAI obligations, as cited data.

Communication C(2025) 5045 final of 18 July 2025, Annex: "Guidelines on the scope of the
obligations for general-purpose AI models established by Regulation (EU) 2024/1689 (AI
Act)". Non-binding (its paragraph 9); the Commission bases its enforcement on it.

Every rule the tool applies is listed here with the paragraph it rests on and the words it
quotes. `verified` is True only where the quoted words were found in two independent copies
of the text and the paragraph number is confirmed by the guidelines' own cross-references;
otherwise it is False and reports say so. See docs/applicability.md for the sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

GUIDELINES = "Commission guidelines on the scope of the GPAI obligations, C(2025) 5045 final"
GUIDELINES_URL = (
    "https://digital-strategy.ec.europa.eu/en/library/"
    "guidelines-scope-obligations-providers-general-purpose-ai-models-under-ai-act"
)

GPAI_INDICATIVE_FLOP = 1e23
SYSTEMIC_RISK_FLOP = 1e25
"""Art. 51(2): presumed high-impact capabilities above 10^25 FLOP of training compute."""
MODIFICATION_SHARE = 1 / 3
NOTIFICATION_DAYS = 14
CHAPTER_V_APPLIES = date(2025, 8, 2)
LEGACY_DEADLINE = date(2027, 8, 2)
ENFORCEMENT_FROM = date(2026, 8, 2)


@dataclass(frozen=True)
class Rule:
    id: str
    cite: str
    quote: str
    verified: bool


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "gpai-indicative-criterion",
            f"{GUIDELINES}, Section 2.1, paragraph 17",
            "an indicative criterion for a model to be considered a general-purpose AI model "
            "is that its training compute is greater than 10^23 FLOP and it can generate "
            "language (whether in the form of text or audio), text-to-image or text-to-video.",
            True,
        ),
        Rule(
            "gpai-criterion-rebuttal",
            f"{GUIDELINES}, Section 2.1, paragraph 20",
            "If a general-purpose AI model meets the criterion from paragraph 17 but, "
            "exceptionally, does not display significant generality or is not capable of "
            "competently performing a wide range of distinct tasks, it is not a "
            "general-purpose AI model.",
            False,  # wording in one full copy only; the paragraph number is not cross-referenced
        ),
        Rule(
            "systemic-risk-presumption",
            "Regulation (EU) 2024/1689, Article 51(2)",
            "A general-purpose AI model shall be presumed to have high impact capabilities "
            "pursuant to paragraph 1, point (a), when the cumulative amount of computation used "
            "for its training measured in floating point operations is greater than 10^25.",
            True,
        ),
        Rule(
            "notification-two-weeks",
            "Regulation (EU) 2024/1689, Article 52(1); guidelines Section 2.3.2",
            "the relevant provider shall notify the Commission without delay and in any event "
            "within two weeks after that requirement is met or it becomes known that it will "
            "be met.",
            True,
        ),
        Rule(
            "notification-from-application",
            f"{GUIDELINES}, Section 5.3",
            "providers who, on 2 August 2025, have trained, are in the process of training, or "
            "are planning on training a general-purpose AI model with systemic risk with a view "
            "to placing the model on the market after 2 August 2025, are expected to notify the "
            "Commission without delay and in any event within two weeks after 2 August 2025",
            False,  # one full copy; the paragraph number is garbled in it
        ),
        Rule(
            "modification-one-third",
            f"{GUIDELINES}, Section 3.2, paragraph 60",
            "an indicative criterion for when a downstream modifier is considered to be the "
            "provider of a general-purpose AI model is that the training compute used for the "
            "modification is greater than a third of the training compute of the original model",
            True,
        ),
        Rule(
            "modification-fallback",
            f"{GUIDELINES}, Section 3.2, paragraph 61",
            "If the original model is a general-purpose AI model with systemic risk, the "
            "threshold should be replaced with a third of the threshold for a model being "
            "presumed to have high-impact capabilities (i.e. currently 10^25 FLOP, see Article "
            "51(2) AI Act). Otherwise, it should be replaced with a third of the threshold for a "
            "model being presumed to be a general-purpose AI model (i.e. currently 10^23 FLOP, "
            "see Section 2.1).",
            True,
        ),
        Rule(
            "modification-systemic-risk",
            f"{GUIDELINES}, Section 3.2.2",
            "the resulting model is presumed to have high-impact capabilities as well. It is "
            "therefore considered to be a general-purpose AI model with systemic risk based on "
            "Article 51(1), point (a), AI Act.",
            False,  # one full copy
        ),
        Rule(
            "modification-limited",
            f"{GUIDELINES}, Section 3.2.1",
            "the documentation required by Article 53(1), points (a) and (b), AI Act is limited "
            "to information on the modification, while the copyright policy required by Article "
            "53(1), point (c), AI Act and the summary of the content used for training required "
            "by Article 53(1), point (d), AI Act are limited to the data used as part of the "
            "modification.",
            False,  # one full copy
        ),
        Rule(
            "open-source-scope",
            f"Regulation (EU) 2024/1689, Articles 53(2) and 54(6); {GUIDELINES}, Section 4.1",
            "providers of general-purpose AI models that meet the conditions referred to in "
            "Section 4.2 are not exempted from the obligation laid down in Article 53(1), point "
            "(c), AI Act to put in place a policy to comply with Union copyright law.",
            False,  # Act text verified; the guidelines' sentence in one full copy
        ),
        Rule(
            "legacy-models",
            "Regulation (EU) 2024/1689, Article 111(3); guidelines Section 5.3",
            "Providers of general-purpose AI models that have been placed on the market before "
            "2 August 2025 shall take the necessary steps in order to comply with the "
            "obligations laid down in this Regulation by 2 August 2027.",
            False,  # the date is confirmed by several sources; these words in one full copy
        ),
        Rule(
            "enforcement-powers",
            f"{GUIDELINES}, Section 5.2; Regulation (EU) 2024/1689, Article 113, point (b)",
            "impose fines of up to 3% of global annual turnover or EUR 15 million, whichever is "
            "higher (Article 101 AI Act); starting on 2 August 2026.",
            False,  # the date is confirmed by several sources; these words in one full copy
        ),
    )
}
