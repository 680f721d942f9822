"""The risk scale in compliance.yaml: contiguous bands covering 1-25, or a clear error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.emit.scaffold import FILES
from compliance.load.yaml_files import load_model
from compliance.models.project import ProjectFile
from compliance.models.risk_scale import default_risk_scale


def _project(scale: str) -> bytes:
    return (FILES["compliance.yaml"] + scale).encode()


def _load(scale: str) -> ProjectFile:
    return load_model(ProjectFile, "compliance.yaml", _project(scale))[0]


def _scale_yaml(bands: list[tuple[str, int, int]]) -> str:
    rows = "".join(f"    - {{name: {n}, min: {lo}, max: {hi}}}\n" for n, lo, hi in bands)
    return "risk_scale:\n  bands:\n" + rows


def test_without_a_risk_scale_the_documented_default_is_used() -> None:
    scale = _load("").risk_scale
    assert scale == default_risk_scale()
    assert scale.describe() == "low 1-4, medium 5-9, high 10-16, critical 17-25"
    assert [scale.band(s).name for s in (4, 5, 9, 10, 16, 17, 25)] == [
        "low", "medium", "medium", "high", "high", "critical", "critical",
    ]  # fmt: skip


def test_a_custom_scale_names_its_own_bands_and_colours() -> None:
    scale = _load(
        "risk_scale:\n  bands:\n"
        "    - {name: acceptable, min: 1, max: 6, colour: '#AAFFAA'}\n"
        "    - {name: tolerable, min: 7, max: 12}\n"
        "    - {name: intolerable, min: 13, max: 25}\n"
    ).risk_scale
    assert scale.band(12).name == "tolerable"
    assert scale.colour(scale.bands[0]) == "#aaffaa"
    # unset colours come from the palette, lowest band green, highest red
    assert scale.colour(scale.bands[2]) == "#f6b0ab"


@pytest.mark.parametrize(
    ("bands", "words"),
    [
        ([("low", 1, 4), ("high", 6, 25)], "leaves a gap after band 'low'"),
        ([("low", 1, 5), ("high", 5, 25)], "overlaps band 'low'"),
        ([("low", 2, 4), ("high", 5, 25)], "must start at 1"),
        ([("low", 1, 4), ("high", 5, 20)], "must end at 25"),
        ([("low", 1, 4), ("low", 5, 25)], "used twice"),
        ([("low", 1, 4), ("high", 25, 5)], "min 25 above max 5"),
    ],
)
def test_bands_with_a_gap_an_overlap_or_short_of_1_to_25_are_refused_at_their_line(
    bands: list[tuple[str, int, int]], words: str
) -> None:
    with pytest.raises(InputError) as exc:
        _load(_scale_yaml(bands))
    (problem,) = exc.value.problems
    assert problem.path == "compliance.yaml"
    assert problem.line is not None and problem.line > FILES["compliance.yaml"].count("\n")
    assert words in str(problem)


@st.composite
def partitions(draw: st.DrawFn) -> list[tuple[str, int, int]]:
    cuts = sorted(draw(st.sets(st.integers(min_value=2, max_value=25), max_size=6)))
    starts = [1, *cuts]
    ends = [c - 1 for c in cuts] + [25]
    return [(f"band-{i}", lo, hi) for i, (lo, hi) in enumerate(zip(starts, ends, strict=True))]


@given(partitions())
def test_every_contiguous_partition_of_1_to_25_loads_and_puts_each_score_in_one_band(
    bands: list[tuple[str, int, int]],
) -> None:
    scale = _load(_scale_yaml(bands)).risk_scale
    for score in range(1, 26):
        holders = [b.name for b in scale.bands if b.min <= score <= b.max]
        assert holders == [scale.band(score).name]
