"""The fast YAML path (shallow positions, the rest on demand) agrees with the full walk."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.load.yaml_files import SHALLOW_DEPTH, _parse_text, decode_text

REPO = Path(__file__).resolve().parents[2]
FILES = sorted(
    p
    for p in REPO.rglob("*.y*ml")
    if p.suffix in (".yaml", ".yml") and ".venv" not in p.parts and ".git" not in p.parts
)[:400]

DEEP = """\
controls:
  - id: C-1
    evidence:
      - path: a.md
        kind: document
        extra:
          nested: [1, 2, {k: v}]
"""


def _both(text: str):
    return _parse_text("f.yaml", text, fast=True), _parse_text("f.yaml", text, fast=False)


@pytest.mark.parametrize("text", [DEEP, "a: 1\nb:\n  - x\n  - y: 2\n"])
def test_every_position_is_the_full_walks(text: str) -> None:
    fast, full = _both(text)
    assert fast.data == full.data
    locs = set(full.values) | set(full.keys) | {(*k, "nope") for k in full.values}
    shallow_first = sorted(locs, key=len)
    for loc in shallow_first:
        assert fast.where(loc) == full.where(loc), loc
        assert fast.where(loc, key=True) == full.where(loc, key=True), loc
    assert fast.values == full.values
    assert fast.keys == full.keys


def test_shallow_questions_do_not_need_the_full_walk() -> None:
    fast, full = _both(DEEP)
    assert fast.where(("controls", 0, "evidence", 0)) == full.where(("controls", 0, "evidence", 0))
    assert fast._source is not None  # still shallow
    fast.where(("controls", 0, "evidence", 0, "extra", "nested", 2))
    assert fast._source is None


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_repository_yaml_agrees(path: Path) -> None:
    try:
        text = decode_text(str(path), path.read_bytes())
        full = _parse_text(str(path), text, fast=False)
    except Exception:  # hostile fixtures: only files that parse are compared
        pytest.skip("does not parse")
    fast = _parse_text(str(path), text, fast=True)
    assert fast.data == full.data
    for loc in full.values:
        if len(loc) <= SHALLOW_DEPTH:
            assert fast.where(loc) == full.where(loc)
    assert fast.values == full.values and fast.keys == full.keys
