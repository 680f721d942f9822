"""The filled Model Documentation Form for one audience, as plain data.

The field list, its sections and the audience flags come from the shipped form data
(`frameworks/forms/model-documentation-form.yaml`, via load/forms.py); the values from
model.yaml; the quoted evidence from the run's resolved citations; the version table from
the git history of model.yaml. JSON, Markdown and the PDF are all laid out from this one
dict, so they cannot disagree. Each audience sees exactly its fields; the others are listed
by name as withheld. Required fields left empty are listed as gaps, never left blank.
"""

from __future__ import annotations

import math
from typing import Any

from compliance import __version__
from compliance.assess.documentation import (
    MODEL_FILE,
    ComputeCheck,
    EnergyEstimate,
)
from compliance.core.wording import power_of_ten, scientific
from compliance.link.citations import Quote
from compliance.load.forms import Forms, load_forms
from compliance.models.forms import AUDIENCE_TITLES, Audience, FormField
from compliance.models.model_facts import (
    FOLDED,
    AcceptableUsePolicy,
    Assets,
    BandFact,
    Channels,
    ComputeMethodFact,
    DataPoints,
    DateFact,
    Dependencies,
    EnergyFact,
    FlopFact,
    InferenceMethod,
    Licence,
    Modalities,
    ModalityList,
    ModelFacts,
    ModelName,
    ParameterCount,
    ProvenanceFact,
    TextFact,
    TrainingTime,
    form_field_holder,
)
from compliance.pipeline import Run

SCHEMA = "compliance-docs/model-documentation/1"
COARSE = {"training_compute", "data_points"}
"""Given to national authorities as an order of magnitude, to the AI Office to two or more
significant figures (form data notes: energy-note, placeholder-guide)."""
COARSE_QUOTES = COARSE | {"training_time", "training_compute_method"}
"""Fields whose quoted evidence holds the exact figures: authorities see where it is, not
the text (the AI Office's version quotes it)."""
CHANNEL_LABELS = {
    "enterprise-software-suites": "Enterprise/subscription software suites",
    "public-subscription-api": "Public/subscription API access",
    "ide-device-apps-firmware": "IDE/device-specific apps or firmware",
    "open-source-repositories": "Open-source repositories",
    "other": "Other",
}
PROVENANCE_LABELS = {
    "web-crawling": "Web crawling",
    "private-third-party-datasets": (
        "Private non-publicly available datasets obtained from third parties"
    ),
    "user-data": "User data",
    "publicly-available-datasets": "Publicly available datasets",
    "synthetic-data": (
        "Synthetic data that is not publicly accessible (when created directly by or on "
        "behalf of the provider)"
    ),
    "other": "Other",
}


def magnitude(value: float, unit: str) -> str:
    exp = round(math.log10(value))
    return f"order of magnitude {power_of_ten(exp)} {unit}".strip()


def _modality(m: Any) -> str:
    return str(m.value if hasattr(m, "value") else m).capitalize()


def value_lines(field_id: str, fact: Any, audience: Audience) -> list[str]:
    """The field's answer as lines of text for this audience (empty list: no answer)."""
    if fact is None:
        return []
    if isinstance(fact, Modalities):
        return _modality_lines(field_id, fact)
    if isinstance(fact, ModelName):
        versions = f" (versions covered: {', '.join(fact.versions)})" if fact.versions else ""
        return [fact.value + versions]
    if isinstance(fact, Dependencies):
        return list(fact.value) or ["N/A (not a modification or fine-tuning of another model)"]
    if isinstance(fact, TextFact):
        return [fact.value]
    if isinstance(fact, DateFact):
        return [fact.value.isoformat()]
    if isinstance(fact, ParameterCount):
        return [f"{scientific(fact.value)} parameters"]
    if isinstance(fact, BandFact):
        return [f"{fact.value.value} parameters"]
    if isinstance(fact, Channels):
        return [
            CHANNEL_LABELS[c.channel.value] + (f": {c.description}" if c.description else "")
            for c in fact.value
        ]
    if isinstance(fact, Licence):
        out = [fact.name]
        if fact.category:
            out.append(f"Category: {fact.category}")
        if fact.link:
            out.append(f"Link: {fact.link}")
        return out
    if isinstance(fact, Assets):
        return [
            a.name
            + "".join(f"; {x}" for x in (a.access, a.licence and f"licence {a.licence}") if x)
            for a in fact.value
        ] or ["None"]
    if isinstance(fact, AcceptableUsePolicy):
        return [fact.link] if fact.link else ["No acceptable use policy exists."]
    if isinstance(fact, ModalityList):
        return [", ".join(_modality(m) for m in fact.value)]
    if isinstance(fact, ProvenanceFact):
        return [PROVENANCE_LABELS[p.value] for p in fact.value]
    if isinstance(fact, DataPoints):
        if audience == Audience.AUTHORITIES:
            return [magnitude(fact.value, fact.unit)]
        return [scientific(fact.value, fact.unit)]
    if isinstance(fact, TrainingTime):
        out = [f"Range: {fact.range.value}"]
        if audience == Audience.AI_OFFICE:
            if fact.wall_clock_days is not None:
                out.append(f"Wall-clock time: {scientific(fact.wall_clock_days, digits=6)} days")
            if fact.hardware_days is not None:
                out.append(f"Hardware time: {fact.hardware_days:,.0f} accelerator-days")
            if fact.hardware:
                out.append(f"Hardware: {fact.hardware}")
        return out
    if isinstance(fact, FlopFact):
        if field_id in COARSE and audience == Audience.AUTHORITIES:
            return [magnitude(fact.value, "FLOP")]
        return [scientific(fact.value, "FLOP")]
    if isinstance(fact, ComputeMethodFact):
        return [f"{fact.method.value}: {fact.description}"]
    if isinstance(fact, EnergyFact):
        if fact.value is not None:
            return [scientific(fact.value, "MWh")]
        return [f"Not available: {fact.not_available}"]
    if isinstance(fact, InferenceMethod):
        return [f"Task: {fact.task}", f"Hardware: {fact.hardware}"]
    return [str(getattr(fact, "value", fact))]


def _modality_lines(field_id: str, fact: Modalities) -> list[str]:
    if field_id.endswith("_other"):
        return [e.specify for e in fact.value if e.specify] or ["N/A (no other modality)"]
    if field_id.endswith("_max_size"):
        out = []
        for e in fact.value:
            name = e.specify if e.specify else _modality(e.modality)
            size = (
                f"{e.max_size.value:,.0f} {e.max_size.unit}" if e.max_size else "N/A (not defined)"
            )
            out.append(f"{name}: {size}")
        return out
    return [", ".join(_modality(e.modality) for e in fact.value)]


def _answered(field_id: str, fact: Any) -> bool:
    """Whether the field has an answer (a folded field is answered with its holder)."""
    if fact is None:
        return False
    if field_id in FOLDED:
        return True
    inner = getattr(fact, "value", fact)
    return not (isinstance(inner, list) and not inner and not isinstance(fact, Dependencies))


def _quote_dict(q: Quote, withhold: bool = False) -> dict[str, Any]:
    if withhold and q.found:
        return {**_quote_dict(q), "text": "", "withheld": WITHHELD_QUOTE}
    return {
        "path": q.path,
        "heading": q.heading,
        "lines": q.lines,
        "first_line": q.first_line,
        "sha256": q.sha256,
        "commit": q.commit,
        "found": q.found,
        "problem": q.problem,
        "text": q.text,
        "truncated": q.truncated,
        "withheld": None,
    }


WITHHELD_QUOTE = (
    "quoted text not shown: it gives the exact figures, which this audience receives as an "
    "order of magnitude or a range; the AI Office's version quotes it"
)


def _field_dict(
    f: FormField, facts: ModelFacts | None, forms: Forms, run: Run, audience: Audience
) -> dict[str, Any]:
    fact = getattr(facts, form_field_holder(f.id)) if facts is not None else None
    aud = forms.audiences_of(f)
    evidence = [] if fact is None or f.id in FOLDED else list(fact.evidence)
    return {
        "id": f.id,
        "number": f.number,
        "label": f.label,
        "description": f.description,
        "required": f.required,
        "verified": f.verified,
        "audiences": [a.value for a in aud.audiences],
        "audiences_confirmed": aud.confirmed,
        "unit": f.unit,
        "answered": _answered(f.id, fact),
        "value": value_lines(f.id, fact, audience) if _answered(f.id, fact) else [],
        "evidence": [
            _quote_dict(
                run.citations.get(c),
                withhold=audience == Audience.AUTHORITIES and f.id in COARSE_QUOTES,
            )
            for c in evidence
        ],
    }


def _compute_dict(c: ComputeCheck) -> dict[str, Any]:
    return {
        "stated_flop": c.stated,
        "parameters": c.parameters,
        "training_tokens": c.tokens,
        "six_n_d_flop": c.estimate,
        "ratio": round(c.ratio, 4),
        "agrees_within_factor_2": c.agrees,
        "assumption": c.assumption,
        "text": c.text,
    }


def _energy_dict(e: EnergyEstimate, audience: Audience) -> dict[str, Any]:
    assumptions = list(e.assumptions)
    if audience != Audience.AI_OFFICE:  # the compute figure itself goes to the AI Office
        assumptions[0] = (
            f"C = {magnitude(e.compute, 'FLOP')} ({e.compute_basis}; the AI Office's "
            "version gives the figure)"
        )
    return {
        "estimate_mwh": float(f"{e.mwh:.2g}"),
        "measured": False,
        "formula": e.formula,
        "assumptions": assumptions,
        "text": (
            f"training energy is not stated; ESTIMATE (not measured) from compute: "
            f"{scientific(float(f'{e.mwh:.2g}'), 'MWh')}, {e.formula}, with "
            + "; ".join(assumptions)
        ),
    }


def document_id(run: Run, audience: Audience) -> str:
    head = run.index.repo.head
    short = head.sha[:8] if head else "uncommitted"
    release = run.workspace.project.release.id
    return f"MDF-{release}-{short}-{audience.value}"


def form_data(run: Run, audience: Audience, forms: Forms | None = None) -> dict[str, Any]:
    """The form for `audience`: its fields, the withheld ones by name, gaps and checks."""
    forms = forms or load_forms()
    form = forms.model_documentation
    ws = run.workspace
    facts = ws.model_facts
    doc = run.assessment.documentation
    sections: list[dict[str, Any]] = []
    withheld: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []
    visible: set[str] = set()
    for s in form.sections:
        rows = []
        for f in form.fields:
            if f.section != s.id:
                continue
            if not forms.sees(f, audience):
                withheld.append(
                    {"id": f.id, "number": f.number, "label": f.label, "section": s.title}
                )
                continue
            visible.add(f.id)
            row = _field_dict(f, facts, forms, run, audience)
            rows.append(row)
            if f.required and not row["answered"]:
                gaps.append({"id": f.id, "number": f.number, "label": f.label, "section": s.title})
        sections.append(
            {
                "id": s.id,
                "number": s.number,
                "title": s.title,
                "verified": s.verified,
                "fields": rows,
            }
        )
    problems = []
    for p in doc.of(MODEL_FILE):
        if p.kind == "empty" or p.field not in visible:
            continue
        if p.kind == "disagreement" and audience != Audience.AI_OFFICE:
            problems.append(
                "The stated training compute and 6·N·D disagree by more than a factor of 2 "
                "(the AI Office's version gives the figures and the assumption)."
            )
            continue
        problems.append(p.text)
    history = run.history(MODEL_FILE) if facts is not None else None
    head = run.index.repo.head
    return {
        "schema": SCHEMA,
        "document_id": document_id(run, audience),
        "form": {
            "id": form.id,
            "title": form.title,
            "publisher": form.publisher,
            "published": form.published.isoformat(),
            "source_url": form.source_url,
            "verified": form.verified,
        },
        "audience": audience.value,
        "audience_title": AUDIENCE_TITLES[audience],
        "provider": facts.legal_name.value if facts and facts.legal_name else None,
        "model": facts.model_name.value if facts and facts.model_name else None,
        "release": ws.project.release.id,
        "commit": head.sha if head else None,
        "date": run.output_date.when.date().isoformat(),
        "tool_version": __version__,
        "facts_file": {
            "path": MODEL_FILE,
            "present": facts is not None,
            "versions": [
                {
                    "commit": v.sha,
                    "date": v.author_date.date().isoformat(),
                    "author": v.author,
                    "summary": v.summary,
                }
                for v in (history.versions if history else ())
            ],
            "versions_truncated": bool(history and history.truncated),
        },
        "gaps": gaps,
        "problems": problems,
        "checks": {
            "compute": _compute_dict(doc.compute)
            if doc.compute is not None
            and "training_compute" in visible
            and audience == Audience.AI_OFFICE
            else None,
            "energy_estimate": _energy_dict(doc.energy, audience)
            if doc.energy is not None and "training_energy" in visible
            else None,
            "energy_note": doc.energy_note if "training_energy" in visible else None,
        },
        "sections": sections,
        "withheld": withheld,
        "verified_fields": sum(1 for f in form.fields if f.verified),
        "total_fields": len(form.fields),
        "audience_rule": (
            "Fields show the form's own audience flags where a consulted copy printed them; "
            "otherwise the audiences are derived from requirement-fields.yaml (Art. 53(1)(a): "
            "AI Office and national competent authorities; Art. 53(1)(b): downstream providers)."
        ),
    }


def to_json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(data: dict[str, Any]) -> str:
    """The form as Markdown: the same content as the PDF, for review in a merge request."""
    out = [
        f"# Model Documentation Form: {data['model'] or '(model name missing)'}",
        "",
        f"For: **{data['audience_title']}** · provider {data['provider'] or '(missing)'} · "
        f"release {data['release']} · commit `{(data['commit'] or 'none')[:12]}` · {data['date']}",
        "",
        f"Form: {data['form']['title']} "
        f"({data['form']['publisher']}, {data['form']['published']}).",
        "",
    ]
    if data["gaps"]:
        out += ["## Gaps: required fields left empty", ""]
        out += [
            f"- {g['number'] + ' ' if g['number'] else ''}{g['label']} (`{g['id']}`)"
            for g in data["gaps"]
        ]
        out.append("")
    if data["problems"]:
        out += ["## Problems", ""] + [f"- {p}" for p in data["problems"]] + [""]
    for s in data["sections"]:
        if not s["fields"]:
            continue
        out += [f"## {s['number'] + ' ' if s['number'] else ''}{s['title']}", ""]
        for f in s["fields"]:
            num = f"{f['number']} " if f["number"] else ""
            out.append(f"### {num}{f['label']}")
            out.append("")
            if f["answered"]:
                out += [f"- {_md_escape(v)}" for v in f["value"]]
            elif f["required"]:
                out.append("- **GAP: required, not answered in model.yaml**")
            else:
                out.append("- (not answered; optional)")
            for q in f["evidence"]:
                where = q["heading"] or (f"lines {q['lines']}" if q["lines"] else "whole file")
                meta = f"sha256 {(q['sha256'] or '?')[:12]}, commit {(q['commit'] or '?')[:8]}"
                if q["withheld"]:
                    out += ["", f"> Evidence: `{q['path']}`, {where} ({meta}): {q['withheld']}"]
                elif q["found"]:
                    out += ["", f"> Evidence: `{q['path']}`, {where} ({meta})", ">"]
                    out += [f"> {line}" if line else ">" for line in q["text"].splitlines()]
                else:
                    out += ["", f"> Evidence: `{q['path']}`, {where}: **{q['problem']}**"]
            out.append("")
    checks = data["checks"]
    if checks["compute"] or checks["energy_estimate"] or checks["energy_note"]:
        out += ["## Consistency checks", ""]
        if checks["compute"]:
            out += [f"- {checks['compute']['text']}"]
        if checks["energy_estimate"]:
            e = checks["energy_estimate"]
            out += [
                f"- ESTIMATE, not measured: {scientific(e['estimate_mwh'], 'MWh')}; {e['formula']}"
            ]
            out += [f"  - {a}" for a in e["assumptions"]]
        if checks["energy_note"]:
            out += [f"- {checks['energy_note']}"]
        out.append("")
    out += ["## Withheld from this audience", ""]
    if data["withheld"]:
        out += [
            f"- {w['number'] + ' ' if w['number'] else ''}{w['label']} "
            f"(`{w['id']}`, {w['section']})"
            for w in data["withheld"]
        ]
    else:
        out.append("- None: this audience sees every field.")
    out += ["", "## Versions of model.yaml", ""]
    versions = data["facts_file"]["versions"]
    if versions:
        out += ["| Commit | Date | Author | Change |", "|---|---|---|---|"]
        out += [
            f"| `{v['commit'][:12]}` | {v['date']} | {_md_escape(v['author'])} "
            f"| {_md_escape(v['summary'])} |"
            for v in versions
        ]
    else:
        out.append("model.yaml has no committed versions yet.")
    out += ["", data["audience_rule"], ""]
    return "\n".join(out)
