"""Evidence content for the stages after link: file bytes through the source that loaded
the workspace, and each evaluation or incident log parsed once per run."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from compliance.core.errors import InputError
from compliance.core.paths import UnsafePath, safe_relative
from compliance.link.evidence_dates import Parsed
from compliance.link.readers import EvaluationResult, read_evaluation
from compliance.link.readers.incidents import Incident, read_incidents
from compliance.load.workspace import Workspace


@dataclass
class EvidenceStore:
    """Reads evidence for one run: the working tree, or a git tree at the assessed revision.

    Renderers, rules and the packet read through here and never from disk themselves, so
    what they show is what was assessed. Parsed evaluations (and their errors) are kept,
    so a log is parsed once per command however many rules and reports use it.
    """

    workspace: Workspace
    _evaluations: dict[str, EvaluationResult | InputError] = field(default_factory=dict)
    parses: Counter[str] = field(default_factory=Counter)
    """How often each log was parsed: always 1 per path (tests hold this)."""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _incidents: dict[str, list[Incident] | InputError] = field(default_factory=dict)
    seeded: Parsed = field(default_factory=dict)
    """Logs the evidence index already parsed for their run date (evidence_dates.Parsed):
    taken over when the bytes read here are the same, else parsed again."""

    def read(self, path: str, max_bytes: int | None = None) -> bytes:
        """The bytes of an evidence file as the assessed source holds them.

        `max_bytes` raises the YAML-sized default limit, for the packet's byte-for-byte copies.
        """
        try:
            safe_relative(self.workspace.root, path)
            return self.workspace.source.read(path, max_bytes)
        except (UnsafePath, OSError) as exc:
            raise InputError.single(path, f"cannot read: {exc}") from None

    @property
    def committed(self) -> bool:
        """True when the evidence is read from a commit (git objects), not from disk."""
        return getattr(self.workspace.source, "commit", None) is not None

    def exists(self, path: str) -> bool:
        """Whether the assessed source holds a file at `path`."""
        try:
            safe_relative(self.workspace.root, path)
        except UnsafePath:
            return False
        return self.workspace.source.exists(path)

    def evaluation(self, path: str) -> EvaluationResult:
        """The evaluation in `path`, parsed on first use; its input error is raised each time."""
        with self._lock:
            cached = self._evaluations.get(path)
            if cached is None:
                self.parses[path] += 1
                try:
                    data = self.read(path)
                    seed = self.seeded.pop(path, None)
                    if seed is not None and seed[0] == data:
                        assert isinstance(seed[1], EvaluationResult | InputError)
                        cached = seed[1]
                    else:
                        cached = read_evaluation(path, data)
                except InputError as exc:
                    cached = exc
                self._evaluations[path] = cached
        if isinstance(cached, InputError):
            raise cached
        return cached

    def incidents(self, path: str) -> list[Incident]:
        """The incident log in `path`, parsed on first use; its input error raised each time."""
        with self._lock:
            cached = self._incidents.get(path)
            if cached is None:
                self.parses[path] += 1
                try:
                    cached = read_incidents(path, self.read(path))
                except InputError as exc:
                    cached = exc
                self._incidents[path] = cached
        if isinstance(cached, InputError):
            raise cached
        return cached
