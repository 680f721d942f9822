"""Labelled classifier predictions: CSV and JSON Lines, every problem at path:line:col."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.link.readers.predictions import read_predictions

CSV_PATH = "evidence/classifier/predictions.csv"
JSONL_PATH = "evidence/classifier/predictions.jsonl"


def located(caught: pytest.ExceptionInfo[InputError]) -> list[str]:
    """Each problem as 'path:line:col: message', in order."""
    return [str(p) for p in sorted(caught.value.problems)]


def test_csv_predictions_with_slices_are_read() -> None:
    result = read_predictions(
        CSV_PATH,
        b"item,gold,predicted,harm_category,language,reference_style\n"
        b"q-1,unsafe,unsafe,self-harm,en,direct\n"
        b"q-2,safe,unsafe,self-harm,,indirect\n",
    )
    assert result.kind == "predicted"
    assert result.slice_columns == ("harm_category", "language", "reference_style")
    first, second = result.records
    assert (first.item, first.gold, first.predicted, first.score) == (
        "q-1",
        "unsafe",
        "unsafe",
        None,
    )
    assert second.slices == {"harm_category": "self-harm", "reference_style": "indirect"}
    assert second.line == 3


def test_jsonl_scores_are_read() -> None:
    result = read_predictions(
        JSONL_PATH,
        b'{"item": "q-1", "gold": "unsafe", "score": 0.93, "language": "sw"}\n'
        b'{"item": 2, "gold": "safe", "score": 1}\n',
    )
    assert result.kind == "score"
    assert [(r.item, r.score) for r in result.records] == [("q-1", 0.93), ("2", 1.0)]
    assert result.records[0].slices == {"language": "sw"}


@pytest.mark.parametrize("bad", ["nan", "inf", "-Infinity", "high"])
def test_a_non_finite_or_non_numeric_csv_score_is_refused_at_its_cell(bad: str) -> None:
    with pytest.raises(InputError) as caught:
        read_predictions(CSV_PATH, f"item,gold,score\nq-1,safe,0.1\nq-2,unsafe,{bad}\n".encode())
    assert located(caught) == [
        f"{CSV_PATH}:3:12: score {bad!r} is not a finite number; "
        "expected a number such as 0.93; NaN and infinity are refused"
    ]


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "true", '"0.5"', "1e999"])
def test_a_non_finite_or_non_numeric_json_score_is_refused_at_its_key(bad: str) -> None:
    with pytest.raises(InputError) as caught:
        read_predictions(JSONL_PATH, f'{{"item": "q", "gold": "x", "score": {bad}}}\n'.encode())
    [message] = located(caught)
    assert message.startswith(f"{JSONL_PATH}:1:28: score ")
    assert "is not a finite number" in message


def test_a_repeated_item_is_refused_at_its_line() -> None:
    with pytest.raises(InputError) as caught:
        read_predictions(CSV_PATH, b"item,gold,predicted\nq-1,safe,safe\n q-1,safe,unsafe\n")
    assert located(caught) == [
        f"{CSV_PATH}:3:1: item 'q-1' repeats line 2; each item may appear once"
    ]


def test_missing_columns_are_refused_at_the_header() -> None:
    with pytest.raises(InputError) as caught:
        read_predictions(CSV_PATH, b"item,predicted\nq-1,safe\n")
    [message] = located(caught)
    assert message.startswith(f"{CSV_PATH}:1:1: missing column 'gold'")
    with pytest.raises(InputError) as caught:
        read_predictions(CSV_PATH, b"item,gold\nq-1,safe\n")
    [message] = located(caught)
    assert message.startswith(f"{CSV_PATH}:1:1: the file has neither predicted nor score")


def test_a_file_with_both_predicted_and_score_columns_is_refused() -> None:
    with pytest.raises(InputError, match="both predicted and score"):
        read_predictions(CSV_PATH, b"item,gold,predicted,score\nq-1,safe,safe,0.2\n")


def test_a_json_lines_row_that_switches_output_kind_is_refused_at_its_key() -> None:
    with pytest.raises(InputError) as caught:
        read_predictions(
            JSONL_PATH,
            b'{"item": "a", "gold": "x", "score": 0.2}\n'
            b'{"item": "b", "gold": "x", "predicted": "x"}\n',
        )
    messages = located(caught)
    assert f"{JSONL_PATH}:2:1: missing key 'score'" in messages[0]
    assert messages[1].startswith(
        f"{JSONL_PATH}:2:28: this row gives predicted, but the file gives score"
    )


def test_an_unknown_reference_style_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_predictions(CSV_PATH, b"item,gold,predicted,reference_style\nq,x,x,oblique\n")
    assert located(caught) == [
        f"{CSV_PATH}:2:7: reference_style 'oblique' is not one of direct, indirect"
    ]


# ----------------------------------------------------------------- round-trip property

_ID_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    [",", '"', " ", "\n"]
)
_texts = st.text(_ID_CHARS, min_size=1, max_size=10).map(str.strip).filter(bool)


@st.composite
def prediction_rows(draw: st.DrawFn) -> tuple[str, list[dict[str, object]]]:
    """Valid rows of one kind, unique items, optional slices."""
    kind = draw(st.sampled_from(["predicted", "score"]))
    items = draw(st.lists(_texts, min_size=1, max_size=10, unique=True))
    output = (
        st.sampled_from(["safe", "unsafe"])
        if kind == "predicted"
        else st.floats(allow_nan=False, allow_infinity=False)
    )
    rows = [
        {
            "item": item,
            "gold": draw(st.sampled_from(["safe", "unsafe"])),
            kind: draw(output),
            "language": draw(st.none() | _texts),
            "reference_style": draw(st.sampled_from([None, "direct", "indirect"])),
        }
        for item in items
    ]
    return kind, rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=prediction_rows(), as_csv=st.booleans())
def test_any_valid_prediction_rows_round_trip(
    drawn: tuple[str, list[dict[str, object]]], as_csv: bool
) -> None:
    kind, rows = drawn
    if as_csv:
        out = io.StringIO()
        writer = csv.DictWriter(out, ["item", "gold", kind, "language", "reference_style"])
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
        result = read_predictions(CSV_PATH, out.getvalue().encode())
    else:
        text = "".join(json.dumps(row) + "\n" for row in rows)
        result = read_predictions(JSONL_PATH, text.encode())
    assert result.kind == kind
    read_back = [
        {
            "item": r.item,
            "gold": r.gold,
            kind: r.predicted if kind == "predicted" else r.score,
            "language": r.slices.get("language"),
            "reference_style": r.slices.get("reference_style"),
        }
        for r in result.records
    ]
    assert read_back == rows
