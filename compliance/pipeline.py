"""The one place the stages are wired: load → link → assess → decide, into one frozen Run.

Every command takes what it needs from a Run; nothing else opens the repository, builds
the evidence index or parses an evaluation log. Emit (formats, reports, OSCAL, packets)
reads only what the Run holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compliance.assess.coverage import Assessment, assess
from compliance.assess.documentation import check_documentation
from compliance.assess.systemic_risk import systemic_paths
from compliance.core.collector import collector_paused
from compliance.core.dates import OutputDate, output_date
from compliance.core.errors import InputError
from compliance.decide.decision import Decision, not_decided
from compliance.decide.gate import decide, gate_paths
from compliance.decide.release_diff import ReleaseDiff, Side, diff_releases
from compliance.decide.signoffs import ApprovalCheck, review_approvals
from compliance.link.citations import Citations, citations_in, resolve_citations
from compliance.link.evidence import CommitInfo, EvidenceIndex, build_index, build_index_at
from compliance.link.evidence_cache import EvidenceCache
from compliance.link.evidence_dates import Parsed
from compliance.link.history import FileHistory, Histories
from compliance.link.red_team import LoadedFindings, read_red_team
from compliance.link.store import EvidenceStore
from compliance.link.worktree import uncommitted_inputs
from compliance.load.inputs import WorkspaceInputs, workspace_inputs
from compliance.load.sources import FileSource, GitTreeSource
from compliance.load.workspace import Workspace, load_workspace
from compliance.models.model_facts import Citation

COMMITTED = "HEAD"
"""The revision release outputs assess by default (gate, build, export, packets)."""


@dataclass(frozen=True)
class Run:
    """Everything one command knows about the workspace at the assessed commit."""

    workspace: Workspace
    index: EvidenceIndex
    assessment: Assessment
    decision: Decision
    """NOT DECIDED when the workspace has no gate policy (or the gate was not asked)."""
    gate_error: InputError | None
    """The gate's input problems, kept when the caller asked to see coverage anyway."""
    evidence: EvidenceStore
    output_date: OutputDate
    citations: Citations
    """Every citation of model.yaml and training-data.yaml, resolved through `evidence`."""
    histories: Histories
    """Git histories of workspace files (the version table), read on first use."""
    inputs: WorkspaceInputs
    """What counts as an input of this workspace (compliance.load.inputs)."""
    worktree: bool
    """True when the working tree was read, False for a committed tree."""
    modified_inputs: tuple[str, ...]
    """Inputs whose working tree differs from HEAD. In a working-tree run these were
    assessed (the run is a DRAFT); in a run of HEAD they were not (the outputs are exact
    for HEAD, and commands may say what was left out). Empty for other revisions."""
    approvals: tuple[ApprovalCheck, ...] = ()
    """Every approval record with whether it holds for the assessed commit, and why."""
    red_team: tuple[LoadedFindings, ...] = ()
    """Every linked red-team findings file, parsed and checked (compliance.link.red_team)."""

    def history(self, path: str) -> FileHistory:
        """Commits that changed `path` up to the assessed commit, newest first."""
        return self.histories.of(path)

    @property
    def commit(self) -> CommitInfo | None:
        """The assessed commit (None before the first commit)."""
        return self.index.repo.head

    @property
    def draft(self) -> bool:
        """True when what was assessed is not what the named commit holds: every output of
        a draft says DRAFT and lists `modified_inputs`."""
        return self.worktree and bool(self.modified_inputs or self.commit is None)


def evidence_paths(ws: Workspace) -> list[str]:
    """Every file the assessment and the gate read: control evidence, the gate's inputs and
    the files model.yaml and training-data.yaml cite."""
    paths = {link.path for lc in ws.controls for link in lc.control.evidence}
    paths |= set(systemic_paths(ws))
    return sorted(paths | set(gate_paths(ws)) | {c.path for c in cited(ws)})


def cited(ws: Workspace) -> list[Citation]:
    """Every citation in the workspace's documentation files, and every control evidence
    link that names a heading or a line range."""
    links = [
        Citation(path=link.path, heading=link.heading, lines=link.lines)
        for lc in ws.controls
        for link in lc.control.evidence
        if link.cites_section
    ]
    return citations_in(ws.model_facts) + citations_in(ws.training_data) + links


def refuse_unreadable_dates(index: EvidenceIndex) -> None:
    """A malformed or misspelt declared date is invalid input, never a silent fallback.

    The index records the problem (so a cached index keeps it); assessing the file by its
    commit date instead would turn a stale document into covered evidence.
    """
    problems = [r.date_problem for r in index.records.values() if r.date_problem is not None]
    if problems:
        raise InputError(problems)


def _index(
    ws: Workspace, cache: bool, inputs: WorkspaceInputs, parsed: Parsed | None = None
) -> EvidenceIndex:
    if isinstance(ws.source, GitTreeSource):
        return build_index_at(ws.source, sorted(inputs.evidence), inputs)
    store = EvidenceCache(ws.root) if cache else None
    index = build_index(
        ws.root,
        sorted(inputs.evidence),
        cache=store,
        resolver=ws.paths,
        inputs=inputs,
        parsed=parsed,
    )
    if store is not None:
        store.save()
    return index


def run(
    root: Path,
    revision: str | None = None,
    *,
    source: FileSource | None = None,
    cache: bool = False,
    gate: bool = True,
    keep_gate_error: bool = False,
) -> Run:
    """Load, link, assess and decide the workspace at `root`.

    `revision` reads the workspace as committed there (nothing is checked out; release
    commands pass COMMITTED); without it the working tree is read, and the Run is a
    DRAFT when an input differs from HEAD. `source` is another way to read the working
    tree (the build cache's recording source).
    `cache` keeps file and git facts under build/.cache/ (used by `check`).
    `keep_gate_error` returns the gate's input problems in the Run instead of raising
    them, for `check`, which prints coverage before it reports them.
    """
    with collector_paused():  # everything made here stays alive in the Run
        return _run(root, revision, source, cache, gate, keep_gate_error)


def _run(
    root: Path,
    revision: str | None,
    source: FileSource | None,
    cache: bool,
    gate: bool,
    keep_gate_error: bool,
) -> Run:
    if revision == COMMITTED and not _has_commits(root):
        # Before the first commit there is no commit to assess: the working tree is, and
        # every output says DRAFT ("nothing is committed yet").
        revision = None
    if revision is not None:
        source = GitTreeSource(root, revision)
    ws = load_workspace(root, source)
    policy = ws.project.gate
    inputs = workspace_inputs(evidence_paths(ws), policy.approvals_dir if policy else "approvals")
    parsed: Parsed = {}  # evaluation logs the index reads for their dates, for the store
    index = _index(ws, cache, inputs, parsed)
    refuse_unreadable_dates(index)
    worktree = revision is None
    modified: tuple[str, ...] = ()
    if worktree:
        modified = uncommitted_inputs(root, inputs, index)
    elif revision == COMMITTED:
        modified = uncommitted_inputs(root, inputs)
    evidence = EvidenceStore(ws, seeded=parsed)
    red_team = read_red_team(ws, index, evidence)  # a malformed file stops every command
    citations = resolve_citations(cited(ws), index, evidence.read)
    assessment = assess(ws, index, evidence, check_documentation(ws, citations), citations)
    decision, gate_error = not_decided(), None
    approvals: tuple[ApprovalCheck, ...] = ()
    if gate:
        try:
            seen = index.repo.head
            approvals = tuple(review_approvals(ws, inputs, seen.sha if seen else None))
            if policy is not None:
                decision = decide(assessment, evidence, list(approvals))
        except InputError as exc:
            if not keep_gate_error:
                raise
            gate_error = exc
    head = index.repo.head
    when = output_date(head.committer_date if head else None, head.short if head else None)
    return Run(
        ws,
        index,
        assessment,
        decision,
        gate_error,
        evidence,
        when,
        citations,
        Histories(index),
        inputs,
        worktree,
        modified,
        approvals,
        red_team,
    )


def _has_commits(root: Path) -> bool:
    from compliance.core.git import open_repo

    try:
        open_repo(root).head.commit  # noqa: B018 - raises ValueError when there are none
    except ValueError:
        return False
    return True


def compare(root: Path, rev_a: str, rev_b: str) -> ReleaseDiff:
    """Run the pipeline at two revisions (from git objects) and compare the releases."""
    sides = []
    for rev in (rev_a, rev_b):
        at = run(root, rev)
        assert at.commit is not None  # a revision always names a commit
        sides.append(Side(rev, at.commit.sha, at.assessment, at.decision, at.evidence))
    return diff_releases(*sides)
