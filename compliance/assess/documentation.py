"""What the documentation files say, checked: model.yaml against the Model Documentation Form,
training-data.yaml against the public-summary template, and facts that must agree.

- A required form field left empty is a gap (a finding), listed by name.
- A citation whose file, heading or line range is gone is a finding ("heading not found").
- Stated training compute is compared with 6·N·D; more than a factor of 2 apart is a finding
  that names the assumption.
- When training energy is unknown, an estimate from compute, hardware and utilisation is
  offered (Annex XI 2(e) allows an estimate from the computational resources used), with
  its formula and every assumption; it is never presented as measured.
- training-data.yaml: every template section answered or "not applicable" with a reason, and
  nothing marked confidential in a part the public summary publishes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from compliance.core.wording import count, scientific
from compliance.link.citations import Citations, citations_in
from compliance.load.forms import Forms, load_forms
from compliance.load.workspace import Workspace
from compliance.load.yaml_files import Parsed
from compliance.models.model_facts import FOLDED, EnergyFact, ModelFacts, form_field_holder
from compliance.models.training_data import Note, Section, TrainingDataFile

MODEL_FILE = "model.yaml"
TRAINING_FILE = "training-data.yaml"
DISAGREEMENT_FACTOR = 2.0
SIX_N_D = (
    "6·N·D: about 6 floating-point operations per parameter per training token (forward "
    "and backward pass of a dense transformer), N = total parameters (total_model_size), "
    "D = training tokens (data_points); it ignores attention FLOP, sparsity or mixture of "
    "experts, and compute spent on discarded runs"
)


@dataclass(frozen=True)
class DocProblem:
    """One thing wrong with a documentation file, located."""

    document: str
    field: str
    label: str
    kind: str
    """empty | citation | disagreement | section | confidential"""
    message: str
    line: int | None = None

    @property
    def text(self) -> str:
        where = f"{self.document}:{self.line}" if self.line else self.document
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ComputeCheck:
    """Stated training compute against 6·N·D."""

    stated: float
    parameters: float
    tokens: float
    estimate: float
    ratio: float
    agrees: bool
    assumption: str = SIX_N_D

    @property
    def text(self) -> str:
        verdict = (
            "agrees"
            if self.agrees
            else f"disagrees by more than a factor of {scientific(DISAGREEMENT_FACTOR)}"
        )
        return (
            f"stated training compute {scientific(self.stated, 'FLOP')} {verdict} with 6·N·D = "
            f"6 × {scientific(self.parameters)} × {scientific(self.tokens)} = "
            f"{scientific(self.estimate, 'FLOP')} "
            f"(stated / estimate = {self.ratio:.2f}); assumption: {self.assumption}"
        )


@dataclass(frozen=True)
class EnergyEstimate:
    """Training energy estimated from compute; every input is printed beside the figure."""

    mwh: float
    compute: float
    compute_basis: str
    accelerator: str
    peak_flop_per_second: float
    utilisation: float
    power_kw: float
    pue: float
    accelerator_hours: float

    formula = "E [MWh] = C / (P_peak × U) / 3600 s/h × P_avg [kW] × PUE / 1000"

    @property
    def assumptions(self) -> list[str]:
        return [
            f"C = {scientific(self.compute, 'FLOP')} ({self.compute_basis})",
            f"P_peak = {scientific(self.peak_flop_per_second, 'FLOP/s')} per accelerator "
            f"({self.accelerator})",
            f"U = {self.utilisation:.0%} model FLOP utilisation",
            f"P_avg = {scientific(self.power_kw, digits=6)} kW average per accelerator, "
            "host share included",
            f"PUE = {scientific(self.pue, digits=6)} (facility overhead)",
            f"giving {scientific(self.accelerator_hours)} accelerator-hours",
        ]

    @property
    def summary(self) -> str:
        """One line for notices; the formula and assumptions go with the figure itself."""
        return (
            f"training energy is not stated; ESTIMATE (not measured) from compute: "
            f"{scientific(float(f'{self.mwh:.2g}'), 'MWh')} (formula and assumptions in the Model "
            "Documentation Form)"
        )

    @property
    def text(self) -> str:
        return (
            f"training energy is not stated; ESTIMATE (not measured) from compute: "
            f"{scientific(float(f'{self.mwh:.2g}'), 'MWh')}, {self.formula}, with "
            + "; ".join(self.assumptions)
        )


@dataclass
class Documentation:
    """The documentation files' checks, for `check`, the gate's notices and the documents."""

    model_facts: bool = False
    training_data: bool = False
    problems: list[DocProblem] = field(default_factory=list)
    compute: ComputeCheck | None = None
    energy: EnergyEstimate | None = None
    energy_note: str | None = None

    def of(self, document: str) -> list[DocProblem]:
        return [p for p in self.problems if p.document == document]

    @property
    def notices(self) -> list[str]:
        out = [p.text for p in self.problems]
        if self.energy is not None:
            out.append(f"{MODEL_FILE}: {self.energy.summary}")
        if self.energy_note:
            out.append(f"{MODEL_FILE}: {self.energy_note}")
        return out

    @property
    def findings(self) -> list[str]:
        out = []
        for document, what in (
            (MODEL_FILE, "the Model Documentation Form"),
            (TRAINING_FILE, "the public summary of training content"),
        ):
            problems = self.of(document)
            if problems:
                kinds = sorted({p.kind for p in problems})
                out.append(
                    f"{document}: {count(len(problems), 'problem')} in {what} "
                    f"({', '.join(kinds)}); see the notes above"
                )
        return out


# --- model.yaml ----------------------------------------------------------------------------


def _empty(value: Any) -> bool:
    if value is None:
        return True
    inner = getattr(value, "value", value)
    return bool(isinstance(inner, list) and not inner and type(value).__name__ != "Dependencies")


def required_gaps(facts: ModelFacts, forms: Forms) -> list[tuple[str, str]]:
    """(field id, label) of every required form field with no value, in form order."""
    out = []
    for f in forms.model_documentation.fields:
        if not f.required or f.id in FOLDED:
            continue  # folded fields are answered inside their holder (N/A allowed)
        if _empty(getattr(facts, form_field_holder(f.id))):
            out.append((f.id, f.label))
    return out


def compute_check(facts: ModelFacts) -> ComputeCheck | None:
    """Stated compute against 6·N·D, when parameters, tokens and compute are all given."""
    n, d, c = facts.total_model_size, facts.data_points, facts.training_compute
    if n is None or d is None or c is None or d.unit.strip().lower() != "tokens":
        return None
    estimate = facts.six_n_d()
    if estimate is None or estimate <= 0:
        return None
    ratio = c.value / estimate
    agrees = 1 / DISAGREEMENT_FACTOR <= ratio <= DISAGREEMENT_FACTOR
    return ComputeCheck(c.value, n.value, d.value, estimate, ratio, agrees)


def energy_unknown(facts: ModelFacts) -> bool:
    e: EnergyFact | None = facts.training_energy
    return e is None or e.value is None


def energy_estimate(facts: ModelFacts) -> tuple[EnergyEstimate | None, str | None]:
    """The estimate (when energy is unknown and the inputs are stated), or why there is none."""
    if not energy_unknown(facts):
        return None, None
    inputs = facts.energy_estimate
    if facts.training_compute is not None:
        compute, basis = facts.training_compute.value, "stated training compute"
    elif facts.six_n_d() is not None:
        compute, basis = float(facts.six_n_d() or 0), "6·N·D, no compute stated"
    else:
        return None, (
            "training energy is unknown and no training compute is stated: "
            "no estimate can be offered"
        )
    if inputs is None:
        return None, (
            "training energy is unknown; Annex XI 2(e) allows an estimate from the "
            "computational resources used: add 'energy_estimate' (accelerator, "
            "peak_flop_per_second, utilisation, power_kw, pue) to model.yaml to get one"
        )
    seconds = compute / (inputs.peak_flop_per_second * inputs.utilisation)
    hours = seconds / 3600
    mwh = hours * inputs.power_kw * inputs.pue / 1000
    if not math.isfinite(mwh):
        return None, "the energy estimate overflowed; check the energy_estimate inputs"
    return (
        EnergyEstimate(
            mwh,
            compute,
            basis,
            inputs.accelerator,
            inputs.peak_flop_per_second,
            inputs.utilisation,
            inputs.power_kw,
            inputs.pue,
            hours,
        ),
        None,
    )


def _line(parsed: Parsed | None, loc: tuple[str | int, ...]) -> int | None:
    return parsed.where(loc)[0] if parsed is not None else None


def _model_problems(
    facts: ModelFacts, parsed: Parsed | None, forms: Forms, citations: Citations
) -> list[DocProblem]:
    labels = {f.id: f.label for f in forms.model_documentation.fields}
    out = [
        DocProblem(MODEL_FILE, fid, label, "empty", f"required field {fid} ({label}) is empty")
        for fid, label in required_gaps(facts, forms)
    ]
    for name in type(facts).model_fields:
        for c in citations_in(getattr(facts, name)):
            q = citations.get(c)
            if not q.found:
                out.append(
                    DocProblem(
                        MODEL_FILE,
                        name,
                        labels.get(name, name),
                        "citation",
                        f"{name} cites {q.locator}: {q.problem}",
                        _line(parsed, (name, "evidence")),
                    )
                )
    check = compute_check(facts)
    if check is not None and not check.agrees:
        out.append(
            DocProblem(
                MODEL_FILE,
                "training_compute",
                labels["training_compute"],
                "disagreement",
                check.text,
                _line(parsed, ("training_compute", "value")),
            )
        )
    return out


# --- training-data.yaml --------------------------------------------------------------------

Loc = tuple[str | int, ...]

SOURCE_SECTIONS: list[tuple[Loc, str]] = [
    (("sources", "public_datasets"), "2.1 Publicly available datasets"),
    (("sources", "private_datasets", "licensed"), "2.2.1 Commercially licensed datasets"),
    (("sources", "private_datasets", "other"), "2.2.2 Private datasets from other third parties"),
    (("sources", "crawled_data"), "2.3 Data crawled and scraped from online sources"),
    (("sources", "user_data"), "2.4 User data"),
    (("sources", "synthetic_data"), "2.5 Synthetic data"),
    (("sources", "other_sources"), "2.6 Other sources of data"),
]
NOT_PUBLISHED = {("sources", "private_datasets", "licensed", "licensors")}
"""Kept in training-data.yaml for the AI Office; the template does not ask for them."""


def _get(root: Any, loc: Loc) -> Any:
    value = root
    for part in loc:
        value = value[part] if isinstance(part, int) else getattr(value, part)
    return value


def published_confidential(data: TrainingDataFile) -> Iterator[tuple[Loc, str]]:
    """(location, what) of each value marked confidential that the public summary publishes."""

    def walk(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
        if loc in NOT_PUBLISHED:
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, (*loc, i))
            return
        if not hasattr(type(value), "model_fields"):
            return
        if getattr(value, "confidential", False):
            what = getattr(value, "name", None) or getattr(value, "model", None)
            if isinstance(value, Note):
                what = value.text[:60]
            yield loc, str(what)
        for name in type(value).model_fields:
            if name != "evidence":
                yield from walk(getattr(value, name), (*loc, name))

    yield from walk(data, ())


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _training_problems(data: TrainingDataFile, parsed: Parsed | None) -> list[DocProblem]:
    out = []
    for loc, title in SOURCE_SECTIONS:
        section: Section = _get(data, loc)
        answered = section.not_applicable is not None or any(
            getattr(section, n) not in (None, [], False)
            for n in type(section).model_fields
            if n not in ("not_applicable", "evidence")
        )
        if not answered:
            out.append(
                DocProblem(
                    TRAINING_FILE,
                    dotted(loc),
                    title,
                    "section",
                    f"section {title} is neither answered nor marked not_applicable with a reason",
                    _line(parsed, loc),
                )
            )
    for loc, what in published_confidential(data):
        out.append(
            DocProblem(
                TRAINING_FILE,
                dotted(loc),
                what,
                "confidential",
                f"{dotted(loc)} ({what}) is marked confidential, but the public summary "
                "publishes it: remove it from training-data.yaml's public parts or clear the flag",
                _line(parsed, loc),
            )
        )
    return out


def check_documentation(
    ws: Workspace, citations: Citations, forms: Forms | None = None
) -> Documentation:
    """Check model.yaml and training-data.yaml (each only when the workspace has it)."""
    forms = forms or load_forms()
    doc = Documentation(ws.model_facts is not None, ws.training_data is not None)
    if ws.model_facts is not None:
        facts = ws.model_facts
        doc.problems += _model_problems(facts, ws.model_facts_parsed, forms, citations)
        doc.compute = compute_check(facts)
        doc.energy, doc.energy_note = energy_estimate(facts)
    if ws.training_data is not None:
        doc.problems += _training_problems(ws.training_data, ws.training_data_parsed)
        for c in citations_in(ws.training_data):
            q = citations.get(c)
            if not q.found:
                doc.problems.append(
                    DocProblem(
                        TRAINING_FILE, c.path, c.path, "citation", f"cites {q.locator}: {q.problem}"
                    )
                )
    return doc
