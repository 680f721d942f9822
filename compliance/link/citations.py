"""Cited evidence text: what a fact's `{path, heading}` or `{path, lines}` points at.

A citation is resolved through the run's evidence store (the assessed source), never from
disk directly. A missing file, a heading that is no longer there or a line range past the
end is reported on the quote (`problem`), never raised, so documents can say so and `check`
can count it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from compliance.core.errors import InputError
from compliance.link.evidence import EvidenceIndex, EvidenceRecord, EvidenceState
from compliance.models.model_facts import Citation

HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
MAX_QUOTE_CHARS = 2000
"""A longer section is cut here (and says so): the form quotes, it does not reproduce."""


@dataclass(frozen=True)
class Quote:
    """The text a citation points at, or why there is none."""

    path: str
    heading: str | None
    lines: str | None
    text: str
    problem: str | None
    sha256: str | None
    commit: str | None
    first_line: int | None = None
    truncated: bool = False

    @property
    def found(self) -> bool:
        return self.problem is None

    @property
    def locator(self) -> str:
        if self.heading is not None:
            return f"{self.path}, heading {self.heading!r}"
        if self.lines is not None:
            return f"{self.path}, lines {self.lines}"
        return self.path


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, text) of every ATX heading outside fenced code blocks."""
    out = []
    fenced = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        m = HEADING.match(line)
        if m:
            out.append((i, len(m.group(1)), m.group(2).strip()))
    return out


def _wanted(heading: str) -> tuple[int | None, str]:
    """'## Training data' -> (2, 'Training data'); 'Training data' -> (None, ...): any level."""
    m = HEADING.match(heading.strip())
    if m:
        return len(m.group(1)), m.group(2).strip()
    return None, heading.strip()


def heading_section(text: str, heading: str) -> tuple[int, str] | None:
    """(first line number, text) of the section under `heading`, to the next heading of the
    same or a higher level; None when the heading is not in the text."""
    lines = text.splitlines()
    level, title = _wanted(heading)
    heads = _headings(lines)
    for n, (i, lvl, txt) in enumerate(heads):
        if txt.casefold() == title.casefold() and (level is None or lvl == level):
            end = next((j for j, lv, _ in heads[n + 1 :] if lv <= lvl), len(lines))
            return i + 1, "\n".join(lines[i:end]).strip("\n")
    return None


def line_range(text: str, spec: str) -> tuple[int, str] | None:
    """(first line, text) of lines `a-b` (or `a`), 1-based inclusive; None past the end."""
    start, _, end = spec.partition("-")
    a, b = int(start), int(end or start)
    lines = text.splitlines()
    if b > len(lines):
        return None
    return a, "\n".join(lines[a - 1 : b])


def _cut(text: str) -> tuple[str, bool]:
    if len(text) <= MAX_QUOTE_CHARS:
        return text, False
    return text[:MAX_QUOTE_CHARS].rstrip() + "\n…", True


def quote(citation: Citation, record: EvidenceRecord | None, read: Callable[[str], bytes]) -> Quote:
    """Resolve one citation against the evidence index record and the file's bytes."""
    sha = record.sha256 if record else None
    commit = record.last_commit.sha if record and record.last_commit else None

    def fail(problem: str) -> Quote:
        return Quote(citation.path, citation.heading, citation.lines, "", problem, sha, commit)

    if record is not None and record.state in (
        EvidenceState.MISSING,
        EvidenceState.NOT_A_FILE,
        EvidenceState.UNREADABLE,
        EvidenceState.LFS_POINTER,
    ):
        return fail(f"cited file {record.state.value}: {citation.path}")
    try:
        data = read(citation.path)
    except InputError:
        return fail(f"cited file missing: {citation.path}")
    text = data.decode("utf-8", "replace")
    if citation.heading is not None:
        found = heading_section(text, citation.heading)
        if found is None:
            return fail(f"heading not found: {citation.heading!r} in {citation.path}")
    elif citation.lines is not None:
        found = line_range(text, citation.lines)
        if found is None:
            total = len(text.splitlines())
            return fail(
                f"line range {citation.lines} is past the end of {citation.path} ({total} lines)"
            )
    else:
        found = (1, text)
    first, body = found
    body, cut = _cut(body.strip("\n"))
    return Quote(
        citation.path, citation.heading, citation.lines, body, None, sha, commit, first, cut
    )


@dataclass(frozen=True)
class Citations:
    """Every citation of a run, resolved once: (path, heading, lines) -> Quote."""

    quotes: dict[tuple[str, str | None, str | None], Quote]

    def get(self, citation: Citation) -> Quote:
        return self.quotes[_key(citation)]

    def problems(self) -> list[Quote]:
        return [q for q in self.quotes.values() if not q.found]


def _key(c: Citation) -> tuple[str, str | None, str | None]:
    return (c.path, c.heading, c.lines)


def resolve_citations(
    citations: Iterable[Citation], index: EvidenceIndex, read: Callable[[str], bytes]
) -> Citations:
    """Resolve each distinct citation once (its file read through `read`)."""
    out: dict[tuple[str, str | None, str | None], Quote] = {}
    for c in citations:
        key = _key(c)
        if key not in out:
            out[key] = quote(c, index.records.get(c.path), read)
    return Citations(out)


def citations_in(value: object) -> list[Citation]:
    """Every Citation inside a loaded file (model.yaml, training-data.yaml), in file order."""
    from pydantic import BaseModel

    out: list[Citation] = []

    def walk(v: object) -> None:
        if isinstance(v, Citation):
            out.append(v)
        elif isinstance(v, BaseModel):
            for name in type(v).model_fields:
                walk(getattr(v, name))
        elif isinstance(v, list | tuple):
            for item in v:
                walk(item)
        elif isinstance(v, dict):
            for item in v.values():
                walk(item)

    walk(value)
    return out
