"""`compliance build`: the registry of build targets and the loop that runs them.

A target is a name and a function from a BuildContext to the paths it wrote. The reports
register themselves here; other outputs (the auditor packet) add theirs with
`register_target`, and targets run in registration order, so a later target can use the
files an earlier one wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from compliance.assess.coverage import Assessment
from compliance.core.atomic import atomic_write
from compliance.core.errors import InputError
from compliance.decide.decision import Decision
from compliance.pipeline import Run

Progress = Callable[[str], None]


@dataclass
class BuildContext:
    """What every target receives: one pipeline run, where to write, how."""

    run: Run
    out: Path
    page_size: str | None = None
    html: bool = False
    audience: str = "auditor"
    """Who the packet is for: auditor (everything), regulator, downstream."""
    form_audience: str | None = None
    """`build --audience` as given: which Model Documentation Form versions to build
    (None: all three; see emit/documents.py FORM_AUDIENCES)."""
    progress: Progress = field(default=lambda _msg: None)
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, list[Path]] = field(default_factory=dict)
    """Paths written so far, by target name."""
    incident_ids: list[str] = field(default_factory=list)
    """`build incident-report ID...`: the incidents to report on."""
    reports: dict[str, tuple[str, Path]] = field(default_factory=dict)
    """Reports rendered so far: kind -> (HTML, path of the PDF), so the packet need not
    render them again."""

    @property
    def assessment(self) -> Assessment:
        return self.run.assessment

    @property
    def decision(self) -> Decision:
        return self.run.decision


TargetFn = Callable[[BuildContext], list[Path]]


@dataclass(frozen=True)
class Target:
    name: str
    description: str
    run: TargetFn
    precheck: Callable[[BuildContext], None] | None = None
    """Raises InputError before any target writes a file (a refusal leaves nothing half-built)."""
    by_default: Callable[[Run], bool] | None = None
    """Whether a build that names no target includes this one (None: always)."""


TARGETS: dict[str, Target] = {}


def register_target(
    name: str,
    description: str,
    run: TargetFn,
    precheck: Callable[[BuildContext], None] | None = None,
    by_default: Callable[[Run], bool] | None = None,
) -> None:
    """Add (or replace) a build target."""
    TARGETS[name] = Target(name, description, run, precheck, by_default)


def _report_target(kind: str) -> TargetFn:
    def run(ctx: BuildContext) -> list[Path]:
        from compliance.emit.render import render_report

        rendered = render_report(
            ctx.run,
            kind,
            page_size=ctx.page_size,
            progress=ctx.progress,
            out=ctx.out,
        )
        written = []
        if ctx.html:
            html_path = ctx.out / f"{kind}.html"
            atomic_write(html_path, rendered.html)
            written.append(html_path)
        pdf_path = ctx.out / f"{kind}.pdf"
        if not rendered.reused:  # a reused PDF is already there, byte for byte
            atomic_write(pdf_path, rendered.pdf)
        written.append(pdf_path)
        ctx.reports[kind] = (rendered.html, pdf_path)
        ctx.warnings.extend(f"{kind}: {w}" for w in rendered.warnings)
        return written

    return run


register_target(
    "risk-assessment",
    "the long-form pre-release risk assessment (PDF/A-3a)",
    _report_target("risk-assessment"),
)
register_target(
    "go-no-go",
    "the short go/no-go release decision report (PDF/A-3a)",
    _report_target("go-no-go"),
)


def _model_documentation(ctx: BuildContext) -> list[Path]:
    from compliance.emit.documents import model_documentation_target

    return model_documentation_target(ctx)


def _training_summary(ctx: BuildContext) -> list[Path]:
    from compliance.emit.documents import training_summary_target

    return training_summary_target(ctx)


register_target(
    "model-documentation",
    "the Model Documentation Form per audience (PDF/A-3a, JSON, Markdown)",
    _model_documentation,
    by_default=lambda run: run.workspace.model_facts is not None,
)


def _training_summary_precheck(ctx: BuildContext) -> None:
    from compliance.emit.documents import training_summary_precheck

    training_summary_precheck(ctx)


register_target(
    "training-summary",
    "the public summary of training content, Art. 53(1)(d) (PDF/A-3a, JSON, Markdown)",
    _training_summary,
    _training_summary_precheck,
    by_default=lambda run: run.workspace.training_data is not None,
)


def _model_report(ctx: BuildContext) -> list[Path]:
    from compliance.emit.model_report import model_report_target

    return model_report_target(ctx)


register_target(
    "model-report",
    "the Safety and Security Model Report, Code of Practice Commitment 7 (PDF/A-3b, JSON)",
    _model_report,
    by_default=lambda run: run.assessment.classification.systemic_risk,
)


def _incident_report(ctx: BuildContext) -> list[Path]:
    from compliance.emit.incident_report import incident_report_target

    return incident_report_target(ctx)


def _incident_report_precheck(ctx: BuildContext) -> None:
    from compliance.emit.incident_report import check_incident

    if not ctx.incident_ids:
        raise InputError.single(
            "TARGET", "incident-report needs an incident id", "compliance build incident-report ID"
        )
    for incident_id in ctx.incident_ids:
        check_incident(ctx.run, incident_id)


register_target(
    "incident-report",
    "one serious incident's report, Measure 9.2/9.3 and Art. 73 (PDF/A-3b, JSON): "
    "incident-report ID",
    _incident_report,
    _incident_report_precheck,
    by_default=lambda run: False,
)


def _packet(ctx: BuildContext) -> list[Path]:
    from compliance.emit.export.packet import packet_target

    return packet_target(ctx)


register_target(
    "packet",
    "the auditor packet: reports, evidence copies, OSCAL, manifest (zip and folder)",
    _packet,
)


def check_targets(names: list[str]) -> None:
    """Raise InputError for a target name that is not registered."""
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        from compliance.core.suggest import suggest

        hint = suggest(unknown[0], TARGETS)
        raise InputError.single(
            "TARGET",
            f"unknown build target {unknown[0]!r}",
            f"{hint} targets: {', '.join(TARGETS)}".strip(),
        )


def build(ctx: BuildContext, names: list[str] | None = None) -> list[Path]:
    """Run the named targets (all, in registration order, when none are named; then a
    document whose source file the workspace lacks, such as model.yaml, is left out)."""
    wanted = names or [
        n for n, t in TARGETS.items() if t.by_default is None or t.by_default(ctx.run)
    ]
    check_targets(wanted)
    # Run in registration order whatever order they were named in, each once.
    ordered = [n for n in TARGETS if n in wanted]
    for name in ordered:
        check = TARGETS[name].precheck
        if check is not None:
            check(ctx)
    written: list[Path] = []
    for name in ordered:
        ctx.progress(f"building {name}")
        paths = TARGETS[name].run(ctx)
        ctx.outputs[name] = paths
        written.extend(paths)
    return written
