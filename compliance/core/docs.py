"""The user guides shipped with the tool (docs/*.md), by topic: `compliance docs TOPIC`."""

from __future__ import annotations

from compliance.core.errors import InputError
from compliance.core.package import shipped_dir
from compliance.core.suggest import suggest


def topics() -> list[tuple[str, str]]:
    """(topic, title) of every shipped guide, sorted by topic."""
    out = []
    for path in sorted(shipped_dir("docs").glob("*.md")):
        first = next(
            (ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("# ")),
            "",
        )
        out.append((path.stem, first[2:].strip()))
    return out


def read_topic(topic: str) -> str:
    """The markdown of one guide; an unknown topic is an input error with a suggestion."""
    names = [name for name, _ in topics()]
    if topic not in names:
        hint = suggest(topic, names)
        raise InputError.single(
            "TOPIC", f"no guide named {topic!r}", f"{hint} topics: {', '.join(names)}".strip()
        )
    return (shipped_dir("docs") / f"{topic}.md").read_text(encoding="utf-8")
