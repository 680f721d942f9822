"""The public summary of training content (Art. 53(1)(d)) in the Commission template's
structure, as plain data, from training-data.yaml.

Section titles and row labels come from the shipped template data
(`frameworks/forms/training-content-summary.yaml`). The summary is public: a value marked
`confidential` in a part the summary publishes makes the build refuse, naming the field and
its line (assess/documentation.py `published_confidential`). Licensor names, which the
template does not ask for, stay in training-data.yaml and are never printed.
"""

from __future__ import annotations

import json
from typing import Any

from compliance import __version__
from compliance.assess.documentation import TRAINING_FILE, dotted, published_confidential
from compliance.core.errors import InputError, Problem
from compliance.core.wording import scientific
from compliance.load.forms import Forms, load_forms
from compliance.models.training_data import (
    Dataset,
    Note,
    Period,
    Section,
    TrainingDataFile,
)
from compliance.pipeline import Run

SCHEMA = "compliance-docs/training-summary/1"


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _period(p: Period | None) -> str:
    return f"{p.start:%m/%Y} to {p.end:%m/%Y}" if p else ""


def _note(n: Note | None) -> list[str]:
    return [n.text] if n is not None else []


def _mods(values: list[Any]) -> str:
    return ", ".join(str(getattr(v, "value", v)) for v in values)


def _dataset(d: Dataset) -> str:
    parts = [d.name]
    if d.link:
        parts.append(d.link)
    if d.description:
        parts.append(d.description)
    if d.modalities:
        parts.append(f"modalities: {_mods(d.modalities)}")
    if d.period:
        parts.append(f"collected {_period(d.period)}")
    return "; ".join(parts)


class _Rows:
    """Rows of one section: (label from the template data, answer lines)."""

    def __init__(self, forms: Forms) -> None:
        self.labels = {f.id: f for f in forms.training_summary.fields}
        self.rows: list[dict[str, Any]] = []

    def add(self, field_id: str | None, lines: list[str], label: str | None = None) -> None:
        f = self.labels.get(field_id or "")
        self.rows.append(
            {
                "field": field_id,
                "number": f.number if f else None,
                "label": label or (f.label if f else field_id),
                "answer": [x for x in lines if x],
                "verified": f.verified if f else None,
            }
        )


def _section_rows(section: Section, forms: Forms, fill: Any) -> dict[str, Any]:
    rows = _Rows(forms)
    if section.not_applicable is not None:
        return {"not_applicable": section.not_applicable, "rows": []}
    fill(rows)
    return {"not_applicable": None, "rows": rows.rows}


def refuse_confidential(data: TrainingDataFile, run: Run) -> None:
    """Raise InputError naming each published value that is marked confidential."""
    parsed = run.workspace.training_data_parsed
    problems = []
    for loc, what in published_confidential(data):
        line, col = parsed.where(loc) if parsed is not None else (None, None)
        problems.append(
            Problem(
                TRAINING_FILE,
                line,
                col,
                f"{dotted(loc)} ({what}) is marked confidential, but the training-content "
                "summary is public and publishes it",
                "the summary is not built: remove the entry from the public parts or set "
                "confidential: false",
            )
        )
    if problems:
        raise InputError(problems)


def require_training_data(run: Run) -> TrainingDataFile:
    data = run.workspace.training_data
    if data is None:
        raise InputError.single(
            TRAINING_FILE,
            "missing: the training-content summary is built from training-data.yaml",
            "write it (see docs/model-documentation.md) or leave out the training-summary target",
        )
    return data


def summary_data(run: Run, forms: Forms | None = None) -> dict[str, Any]:
    """The summary as data; refuses a confidential value in a published field."""
    forms = forms or load_forms()
    data = require_training_data(run)
    refuse_confidential(data, run)
    template = forms.training_summary
    g, src, proc = data.general, data.sources, data.processing
    sections: dict[str, dict[str, Any]] = {}

    r = _Rows(forms)
    r.add("provider_name_contact", [g.provider_name_contact])
    r.add("authorised_representative", [g.authorised_representative or "Not applicable"])
    sections["provider-identification"] = {"not_applicable": None, "rows": r.rows}
    r = _Rows(forms)
    r.add("versioned_model_names", list(g.versioned_model_names))
    r.add("model_dependencies", list(g.model_dependencies) or ["None"])
    r.add("union_market_date", [g.union_market_date.strftime("%d/%m/%Y")])
    sections["model-identification"] = {"not_applicable": None, "rows": r.rows}
    r = _Rows(forms)
    r.add("modalities", [_mods([m.modality for m in g.modalities])])
    for m in g.modalities:
        size = m.size_band
        if m.approximate_size is not None:
            size += f" (approximately {scientific(m.approximate_size, m.unit or '')})"
        name = m.specify or str(m.modality.value)
        r.add("training_data_size", [f"{name}: {size}"])
        r.add("types_of_content", [f"{name}: {m.types_of_content.text}"])
    r.add("latest_data_collection_date", [g.latest_data_collection_date.strftime("%m/%Y")])
    r.add("continuous_training", [_yes(g.continuous_training)])
    r.add("linguistic_characteristics", _note(g.linguistic_characteristics))
    r.add("other_characteristics", _note(g.other_characteristics))
    r.add("general_additional_comments", _note(g.general_additional_comments))
    sections["modalities-size-characteristics"] = {
        "not_applicable": None,
        "rows": [row for row in r.rows if row["answer"]],
    }

    pub = src.public_datasets

    def public(rows: _Rows) -> None:
        rows.add("public_datasets_used", ["Yes"])
        mods = sorted({m.value for d in pub.public_datasets_large for m in d.modalities})
        rows.add("public_datasets_modalities", [", ".join(mods)])
        rows.add("public_datasets_large", [_dataset(d) for d in pub.public_datasets_large])
        rows.add("public_datasets_other", _note(pub.public_datasets_other))
        rows.add("public_datasets_comments", _note(pub.public_datasets_comments))

    sections["public-datasets"] = _section_rows(pub, forms, public)
    lic = src.private_datasets.licensed

    def licensed(rows: _Rows) -> None:
        rows.add("licensed_agreements", ["Yes"])
        rows.add("licensed_modalities", [_mods(lic.licensed_modalities)])
        rows.add(None, _note(lic.description), label="Additional comments")

    sections["licensed-datasets"] = _section_rows(lic, forms, licensed)
    oth = src.private_datasets.other

    def other_private(rows: _Rows) -> None:
        rows.add("other_private_obtained", ["Yes"])
        rows.add("other_private_modalities", [_mods(oth.other_private_modalities)])
        rows.add("other_private_known", [_dataset(d) for d in oth.other_private_known])
        rows.add("other_private_description", _note(oth.other_private_description))
        rows.add("other_private_comments", _note(oth.other_private_comments))

    sections["other-private-datasets"] = _section_rows(oth, forms, other_private)
    crawl = src.crawled_data

    def crawled(rows: _Rows) -> None:
        rows.add("crawlers_used", [_yes(bool(crawl.crawlers))])
        rows.add(
            "crawler_names",
            [
                c.name + (f" (user agent: {c.user_agent})" if c.user_agent else "")
                for c in crawl.crawlers
            ],
        )
        rows.add("crawler_purposes", [f"{c.name}: {c.purposes.text}" for c in crawl.crawlers])
        rows.add(
            "crawler_behaviour",
            [
                f"{c.name}: {c.behaviour.text} "
                f"Respects robots.txt: {_yes(c.respects_robots_txt).lower()}."
                for c in crawl.crawlers
            ],
        )
        rows.add("crawl_period", [_period(crawl.crawl_period)])
        rows.add("crawl_content_description", _note(crawl.crawl_content_description))
        rows.add("crawl_modalities", [_mods(crawl.crawl_modalities)])
        domains = list(crawl.crawl_top_domains)
        if crawl.crawl_top_domains_file is not None:
            f = crawl.crawl_top_domains_file
            domains.append(f"Full list: {f.path}" + (f", {f.heading}" if f.heading else ""))
        rows.add("crawl_top_domains", domains)
        rows.add("crawl_comments", _note(crawl.crawl_comments))

    sections["crawled-data"] = _section_rows(crawl, forms, crawled)
    user = src.user_data

    def user_rows(rows: _Rows) -> None:
        rows.add("user_data_model_interactions", [_yes(user.user_data_model_interactions)])
        rows.add("user_data_other_services", [_yes(user.user_data_other_services)])
        rows.add("user_data_services_description", _note(user.user_data_services_description))
        rows.add("user_data_modalities", [_mods(user.user_data_modalities)])
        rows.add("user_data_comments", _note(user.user_data_comments))

    sections["user-data"] = _section_rows(user, forms, user_rows)
    syn = src.synthetic_data

    def synthetic(rows: _Rows) -> None:
        rows.add("synthetic_used", ["Yes"])
        rows.add("synthetic_modalities", [_mods(syn.synthetic_modalities)])
        rows.add(
            "synthetic_market_models",
            [
                x.model + (f" ({x.provider})" if x.provider else "")
                for x in syn.generators
                if x.on_market
            ],
        )
        own = [
            x.model + (f" ({x.provider})" if x.provider else "")
            for x in syn.generators
            if not x.on_market
        ]
        rows.add("synthetic_other_models", own + _note(syn.synthetic_other_models))
        rows.add("synthetic_comments", _note(syn.synthetic_comments))

    sections["synthetic-data"] = _section_rows(syn, forms, synthetic)
    other = src.other_sources

    def other_rows(rows: _Rows) -> None:
        rows.add("other_sources_used", ["Yes"])
        rows.add("other_sources_description", _note(other.other_sources_description))
        rows.add("other_sources_comments", _note(other.other_sources_comments))

    sections["other-sources"] = _section_rows(other, forms, other_rows)
    tdm = proc.tdm_reservations
    r = _Rows(forms)
    r.add("tdm_cop_signatory", [_yes(tdm.tdm_cop_signatory)])
    r.add(None, list(tdm.opt_out_protocols), label="Opt-out protocols honoured")
    r.add("tdm_measures", [n.text for n in tdm.tdm_measures])
    r.add("tdm_comments", _note(tdm.tdm_comments))
    sections["tdm-reservations"] = {"not_applicable": None, "rows": r.rows}
    r = _Rows(forms)
    r.add(
        "illegal_content_measures", [n.text for n in proc.illegal_content.illegal_content_measures]
    )
    sections["illegal-content"] = {"not_applicable": None, "rows": r.rows}
    r = _Rows(forms)
    r.add("other_information", _note(proc.other_information) or ["None"])
    sections["other-information"] = {"not_applicable": None, "rows": r.rows}

    for s in sections.values():  # optional rows left empty are not printed
        s["rows"] = [row for row in s["rows"] if row["answer"]]
    numbers = {s.id: s.number for s in template.sections}
    for sid, s in sections.items():
        for row in s["rows"]:
            if row["number"] == numbers.get(sid):
                row["number"] = None  # a row numbered like its section: the number once
    ordered = []
    for s in template.sections:
        body = sections.get(s.id, {"not_applicable": None, "rows": []})
        ordered.append(
            {
                "id": s.id,
                "number": s.number,
                "title": s.title,
                "level": 1
                if s.parent is None
                else (2 if s.number and s.number.count(".") == 1 else 3),
                "verified": s.verified,
                **body,
            }
        )
    head = run.index.repo.head
    history = run.history(TRAINING_FILE)
    return {
        "schema": SCHEMA,
        "document_id": (
            f"TCS-{run.workspace.project.release.id}-{head.sha[:8] if head else 'uncommitted'}"
        ),
        "template": {
            "id": template.id,
            "title": template.title,
            "publisher": template.publisher,
            "published": template.published.isoformat(),
            "source_url": template.source_url,
        },
        "summary_version": data.summary_version,
        "last_update": data.last_update.isoformat(),
        "provider": g.provider_name_contact,
        "models": list(g.versioned_model_names),
        "commit": head.sha if head else None,
        "date": run.output_date.when.date().isoformat(),
        "tool_version": __version__,
        "sections": ordered,
        "versions": [
            {"commit": v.sha, "date": v.author_date.date().isoformat(), "summary": v.summary}
            for v in history.versions
        ],
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_markdown(data: dict[str, Any]) -> str:
    out = [
        f"# Public summary of training content: {', '.join(data['models'])}",
        "",
        f"Provider: {data['provider']} · summary version {data['summary_version']}, "
        f"last updated {data['last_update']}",
        "",
        f"Structure: {data['template']['title']} ({data['template']['publisher']}, "
        f"{data['template']['published']}).",
        "",
    ]
    for s in data["sections"]:
        hashes = "#" * (s["level"] + 1)
        out += [f"{hashes} {s['number'] or ''} {s['title']}".replace("  ", " "), ""]
        if s["not_applicable"]:
            out += [f"Not applicable: {s['not_applicable']}", ""]
            continue
        for row in s["rows"]:
            out.append(f"**{row['label']}**")
            out.append("")
            out += [f"- {a}" for a in row["answer"]]
            out.append("")
    return "\n".join(out)
