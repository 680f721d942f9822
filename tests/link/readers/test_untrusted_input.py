"""Property: any bytes given to any reader either parse or raise InputError, nothing else."""

from __future__ import annotations

import pytest
from evaluation_helpers import LOG_NAMES, inspect_log
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.link.readers import READERS, EvaluationResult, read_evaluation
from compliance.link.readers.base import EvaluationReader

PATH_FOR = {
    "inspect-eval": "evidence/run.eval",
    "inspect-json": "evidence/run.json",
    "metrics-json": "evidence/metrics.json",
    "metrics-csv": "evidence/metrics.csv",
}
BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = [inspect_log(name) for name in LOG_NAMES] + [
    b"metric,value,language,ci_low,ci_high,samples\nasr,0.1,sw,0.05,0.2,30\n",
    b'{"task": "t", "created": "2025-01-01", "metrics": [{"metric": "a", "value": 1}]}',
]


def parses_or_input_error(reader: EvaluationReader, path: str, data: bytes) -> None:
    """The property itself: a result naming the path, or an InputError naming it."""
    try:
        result = reader.read(path, data)
    except InputError as exc:
        assert exc.problems, "an InputError must carry at least one problem"
        assert all(p.path == path for p in exc.problems)
        return
    assert isinstance(result, EvaluationResult)
    assert result.path == path


@st.composite
def damaged_seed(draw: st.DrawFn) -> bytes:
    """A real log or metrics file, truncated and with a few bytes overwritten."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    del data[cut:]
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        if not data:
            break
        position = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data[position] = draw(st.integers(min_value=0, max_value=255))
    return bytes(data)


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.format)
@BOUNDED
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_parse_or_raise_input_error(reader: EvaluationReader, data: bytes) -> None:
    parses_or_input_error(reader, PATH_FOR[reader.format], data)


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.format)
@BOUNDED
@given(data=damaged_seed())
def test_damaged_real_files_parse_or_raise_input_error(
    reader: EvaluationReader, data: bytes
) -> None:
    parses_or_input_error(reader, PATH_FOR[reader.format], data)


@BOUNDED
@given(
    name=st.sampled_from([*PATH_FOR.values(), "x.txt", "x"]),
    text=st.text(max_size=300),
)
def test_arbitrary_text_under_any_name_parses_or_raises_input_error(name: str, text: str) -> None:
    try:
        read_evaluation(name, text.encode())
    except InputError as exc:
        assert all(p.path == name for p in exc.problems)
