"""Choosing a reader by file name and content."""

from __future__ import annotations

import re

import pytest
from evaluation_helpers import LOG_NAMES, inspect_log
from hypothesis import given
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.link.readers import READERS, read_evaluation
from compliance.link.readers.base import EvaluationReader
from compliance.link.readers.inspect_log import InspectJsonReader


@pytest.mark.parametrize("name", LOG_NAMES)
def test_each_inspect_log_is_routed_to_the_inspect_reader(name: str) -> None:
    result = read_evaluation(f"evidence/{name}", inspect_log(name))
    expected = "inspect-eval" if name.endswith(".eval") else "inspect-json"
    assert result.format == expected
    assert result.path == f"evidence/{name}"


def test_plain_metrics_json_is_not_mistaken_for_an_inspect_log() -> None:
    result = read_evaluation("m.json", b'{"task": "t", "metrics": [{"metric": "a", "value": 1}]}')
    assert result.format == "metrics-json"


@pytest.mark.parametrize("path", ["report.pdf", "notes.md", "metrics.xlsx", "no_extension"])
def test_unknown_format_is_an_input_error_listing_the_formats(path: str) -> None:
    with pytest.raises(InputError) as caught:
        read_evaluation(path, b"metric,value\na,1\n")
    text = str(caught.value)
    assert text.startswith(f"{path}: not a recognised evaluation format")
    assert ".eval" in text and ".csv" in text


def test_extensions_are_matched_regardless_of_case() -> None:
    assert read_evaluation("M.CSV", b"metric,value\na,1\n").format == "metrics-csv"


def test_every_reader_implements_the_one_interface_for_its_own_format() -> None:
    assert all(isinstance(reader, EvaluationReader) for reader in READERS)
    formats = [reader.format for reader in READERS]
    assert sorted(formats) == sorted(set(formats))
    assert set(formats) == {"inspect-json", "inspect-eval", "metrics-json", "metrics-csv"}


_HEAD_PIECES = st.sampled_from(
    [b"{", b"}", b" ", b"\n", b'"version"', b'"eval"', b":", b"2", b"{}", b'"x"', b",", b"\t"]
)


@given(st.lists(_HEAD_PIECES, max_size=14).map(b"".join))
def test_an_inspect_json_log_is_recognised_exactly_as_by_one_pattern(head):
    """The reader's quick test says what the documented pattern says, for any opening."""
    pattern = re.compile(rb'^\s*\{\s*"version"\s*:\s*\d|"eval"\s*:\s*\{')
    expected = bool(pattern.search(head.lstrip()))
    assert InspectJsonReader().can_read("run.json", head) is expected
