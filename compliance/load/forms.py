"""Load the shipped form data: `frameworks/forms/*.yaml` -> models, with file:line:col errors.

Also the one rule for who sees a Model Documentation Form field (`audiences_of`): the flags
the form prints where a consulted copy showed them; otherwise derived from
`requirement-fields.yaml`: every field is part of the technical documentation kept for the
AI Office and national competent authorities (Art. 53(1)(a)), and downstream providers get
the fields mapped to Art. 53(1)(b) (Annex XII).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from compliance.core.package import shipped_dir
from compliance.load.yaml_files import load_model
from compliance.models.forms import Audience, FormField, FormFile, RequirementFieldsFile

FOLDER = "forms"
"""Under `frameworks/`."""
MODEL_DOCUMENTATION = "model-documentation-form.yaml"
TRAINING_SUMMARY = "training-content-summary.yaml"
REQUIREMENT_FIELDS = "requirement-fields.yaml"
TECHNICAL_DOCUMENTATION = "eu-ai-act-gpai:Art.53(1)(a)"
DOWNSTREAM_INFORMATION = "eu-ai-act-gpai:Art.53(1)(b)"


@dataclass(frozen=True)
class FieldAudiences:
    audiences: tuple[Audience, ...]
    confirmed: bool
    """True: the form's own flags (as shipped); False: derived from the Art. 53 mapping."""
    basis: str


@dataclass(frozen=True)
class Forms:
    model_documentation: FormFile
    training_summary: FormFile
    requirement_fields: RequirementFieldsFile

    def audiences_of(self, field: FormField) -> FieldAudiences:
        """Who sees `field` in the Model Documentation Form, and on what basis."""
        if field.audiences:
            ordered = tuple(a for a in Audience if a in field.audiences)
            return FieldAudiences(ordered, True, "flags of the form")
        mapping = self.requirement_fields
        out = []
        if field.id in mapping.fields_of(TECHNICAL_DOCUMENTATION):
            out += [Audience.AI_OFFICE, Audience.AUTHORITIES]
        if field.id in mapping.fields_of(DOWNSTREAM_INFORMATION):
            out.append(Audience.DOWNSTREAM)
        return FieldAudiences(
            tuple(out),
            False,
            "flags not confirmed; derived from requirement-fields.yaml "
            "(Art. 53(1)(a): AI Office and authorities; Art. 53(1)(b): downstream)",
        )

    def sees(self, field: FormField, audience: Audience) -> bool:
        return audience in self.audiences_of(field).audiences


def forms_dir() -> Path:
    return shipped_dir("frameworks") / FOLDER


def load_forms_from(folder: Path) -> Forms:
    """Read and validate the three form files in `folder` (errors name file, line, column)."""

    def read(name: str) -> bytes:
        return (folder / name).read_bytes()

    label = f"frameworks/{FOLDER}/"
    md, _ = load_model(FormFile, label + MODEL_DOCUMENTATION, read(MODEL_DOCUMENTATION))
    ts, _ = load_model(FormFile, label + TRAINING_SUMMARY, read(TRAINING_SUMMARY))
    rf, _ = load_model(RequirementFieldsFile, label + REQUIREMENT_FIELDS, read(REQUIREMENT_FIELDS))
    return Forms(md, ts, rf)


@lru_cache(maxsize=1)
def load_forms() -> Forms:
    """The shipped forms (read once per process)."""
    return load_forms_from(forms_dir())
