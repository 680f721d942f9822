"""The signatory view: for a provider that signed the General-Purpose AI Code of Practice,
the Code measures that implement each Art. 53 and Art. 55 obligation of `eu-ai-act-gpai`,
with coverage rolled up both ways (docs/signatory.md).

The links come from the shipped crosswalks `gpai-cop-<chapter>--eu-ai-act-gpai`. A mapping
from a Commitment stands for each of its Measures; a mapping to a paragraph (a group such as
Art. 55(1)) is shown as a row of its own, "the paragraph as a whole", rather than spread over
its points, which would claim more than the crosswalk says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from compliance.core.ids import format_ref
from compliance.load.catalogs import CatalogSet, LoadedCatalog
from compliance.models.catalog import Requirement
from compliance.models.project import CodeOfPractice, CopChapter

ACT = "eu-ai-act-gpai"
OBLIGATION_ARTICLES = ("Art.53", "Art.55")
NOT_ASSESSED = "not-assessed"
"""Status of an item whose catalog is not in scope (not in compliance.yaml frameworks)."""
ROLLUP_ORDER = ("covered", "partial", "gap", "not-applicable", NOT_ASSESSED)


@dataclass(frozen=True)
class Link:
    """One end of an obligation-measure link, with the mapping that makes it."""

    ref: str
    title: str
    status: str
    relation: str
    via: str
    """The crosswalk entry mapped: the Commitment for a measure reached through it."""
    rationale: str


def _counts(statuses: list[str]) -> dict[str, int]:
    out = {s: 0 for s in ROLLUP_ORDER}
    for s in statuses:
        out[s] += 1
    return out


def _percent(counts: Mapping[str, int]) -> float | None:
    """Covered share of the applicable, assessed items, in percent (None if there are none)."""
    applicable = sum(n for s, n in counts.items() if s not in ("not-applicable", NOT_ASSESSED))
    if not applicable:
        return None
    return round(100.0 * counts["covered"] / applicable, 1)


@dataclass(frozen=True)
class ObligationRow:
    """An Art. 53/55 obligation (or a paragraph as a whole) and the measures implementing it."""

    ref: str
    title: str
    status: str
    """Its own coverage; for a paragraph, the roll-up of its points (docs/signatory.md)."""
    paragraph: bool
    measures: tuple[Link, ...]

    @property
    def counts(self) -> dict[str, int]:
        return _counts([m.status for m in self.measures])

    @property
    def percent(self) -> float | None:
        return _percent(self.counts)


@dataclass(frozen=True)
class MeasureRow:
    """A measure of a signed chapter and the obligations it serves."""

    ref: str
    title: str
    chapter: str
    status: str
    obligations: tuple[Link, ...]

    @property
    def counts(self) -> dict[str, int]:
        return _counts([o.status for o in self.obligations])

    @property
    def percent(self) -> float | None:
        return _percent(self.counts)


@dataclass(frozen=True)
class SignatoryView:
    chapters: tuple[str, ...]
    signed_on: date | None
    obligations: tuple[ObligationRow, ...]
    measures: tuple[MeasureRow, ...]
    notices: tuple[str, ...] = field(default=())

    @property
    def has_findings(self) -> bool:
        """A gap or partial among the obligations or the signed chapters' measures."""
        rows = [o.status for o in self.obligations] + [m.status for m in self.measures]
        return any(s in ("gap", "partial") for s in rows)


def _paragraph_status(statuses: list[str]) -> str:
    """A paragraph's status from its points': covered only if every applicable point is."""
    assessed = [s for s in statuses if s != NOT_ASSESSED]
    if not assessed:
        return NOT_ASSESSED
    applicable = [s for s in assessed if s != "not-applicable"]
    if not applicable:
        return "not-applicable"
    if all(s == "covered" for s in applicable):
        return "covered"
    if all(s == "gap" for s in applicable):
        return "gap"
    return "partial"


def _measures_under(loaded: LoadedCatalog, req: Requirement) -> list[Requirement]:
    """The assessable entries a mapping from `req` stands for: itself, or its descendants."""
    if loaded.is_assessable(req):
        return [req]
    out: list[Requirement] = []
    for child in loaded.children.get(req.id, []):
        out += _measures_under(loaded, child)
    return out


def _obligations(act: LoadedCatalog) -> list[Requirement]:
    return [
        r
        for r in act.catalog.requirements
        if r.id.startswith(OBLIGATION_ARTICLES) and act.is_assessable(r)
    ]


def signatory_view(
    code: CodeOfPractice | None,
    catalogs: CatalogSet,
    in_scope: set[str],
    statuses: Mapping[str, str],
    systemic_risk: bool,
) -> SignatoryView | None:
    """The view for a signatory (None when compliance.yaml declares no signature).

    `in_scope` are the framework ids of compliance.yaml; `statuses` the coverage status of
    every assessed requirement, by reference."""
    if code is None:
        return None
    act = catalogs.get(ACT)
    signed = [c for c in CopChapter if c in code.chapters]
    notices: list[str] = []
    if systemic_risk and CopChapter.SAFETY_SECURITY not in signed:
        notices.append(
            "the model has systemic risk but the Safety and Security chapter is not signed: "
            "the Art. 55 obligations are to be shown by other adequate means (Art. 55(2) AI "
            "Act), not by the Code"
        )
    if not systemic_risk and CopChapter.SAFETY_SECURITY in signed:
        notices.append(
            "the Safety and Security chapter is signed, but it is relevant only to providers "
            "of general-purpose AI models with systemic risk, which this model is not "
            "classified as: its measures are not applicable"
        )
    for chapter in signed:
        if chapter.catalog not in in_scope:
            notices.append(
                f"chapter {chapter.value} is signed but {chapter.catalog} is not in "
                "compliance.yaml frameworks: its measures are listed, not assessed"
            )
    if ACT not in in_scope:
        notices.append(
            f"{ACT} is not in compliance.yaml frameworks: its obligations are listed, not assessed"
        )
    if act is None:  # pragma: no cover - a shipped catalog
        return SignatoryView(tuple(c.value for c in signed), code.signed_on, (), (), tuple(notices))

    def status(ref: str) -> str:
        return statuses.get(ref, NOT_ASSESSED)

    # (code catalog id, measure) -> [(act id, relation, via, rationale)]
    links: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
    chapters = {c.catalog: c for c in signed}
    for lx in catalogs.crosswalks:
        cw = lx.crosswalk
        if cw.target != ACT or cw.source not in chapters:
            continue
        loaded = catalogs.get(cw.source)
        if loaded is None:
            continue
        for m in cw.mappings:
            if not m.target.startswith(OBLIGATION_ARTICLES) or m.source not in loaded.by_id:
                continue
            for measure in _measures_under(loaded, loaded.by_id[m.source]):
                found = links.setdefault((cw.source, measure.id), [])
                same = [i for i, x in enumerate(found) if x[0] == m.target]
                entry = (m.target, m.relation.value, m.source, m.rationale)
                if not same:
                    found.append(entry)
                elif m.source == measure.id:  # the measure's own mapping beats its commitment's
                    found[same[0]] = entry

    obligations = _obligations(act)
    point_status = {r.id: status(format_ref(ACT, r.id)) for r in obligations}
    targets = {t for v in links.values() for t, *_ in v}
    rows: list[tuple[Requirement, bool]] = []
    for req in act.catalog.requirements:
        if req.id in point_status:
            rows.append((req, False))
        elif req.id in targets and req.id.startswith(OBLIGATION_ARTICLES):
            rows.append((req, True))  # a paragraph mapped as a whole
    measures_by_act: dict[str, list[Link]] = {}
    measure_rows: list[MeasureRow] = []
    for catalog_id, chapter in chapters.items():
        loaded = catalogs.get(catalog_id)
        if loaded is None:
            continue
        for req in loaded.assessable():
            ref = format_ref(catalog_id, req.id)
            m_status = status(ref)
            served: list[Link] = []
            for target, relation, via, rationale in links.get((catalog_id, req.id), []):
                target_req = act.by_id[target]
                measures_by_act.setdefault(target, []).append(
                    Link(ref, req.title, m_status, relation, via, rationale)
                )
                served.append(
                    Link(
                        format_ref(ACT, target),
                        target_req.title,
                        _row_status(act, target_req, point_status),
                        relation,
                        via,
                        rationale,
                    )
                )
            measure_rows.append(MeasureRow(ref, req.title, chapter.value, m_status, tuple(served)))
    obligation_rows = tuple(
        ObligationRow(
            format_ref(ACT, req.id),
            req.title,
            _row_status(act, req, point_status),
            paragraph,
            tuple(measures_by_act.get(req.id, [])),
        )
        for req, paragraph in rows
    )
    return SignatoryView(
        tuple(c.value for c in signed),
        code.signed_on,
        obligation_rows,
        tuple(measure_rows),
        tuple(notices),
    )


def _row_status(act: LoadedCatalog, req: Requirement, point_status: dict[str, str]) -> str:
    if req.id in point_status:
        return point_status[req.id]
    points = [s for rid, s in point_status.items() if req in act.ancestors(act.by_id[rid])]
    return _paragraph_status(points)
