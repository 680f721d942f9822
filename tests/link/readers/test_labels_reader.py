"""Annotator label files: CSV and JSON Lines, every problem at path:line:col."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.link.readers.labels import read_labels

CSV_PATH = "evidence/labels/round1.csv"
JSONL_PATH = "evidence/labels/round1.jsonl"


def located(caught: pytest.ExceptionInfo[InputError]) -> list[str]:
    """Each problem as 'path:line:col: message', in order."""
    return [str(p) for p in sorted(caught.value.problems)]


def test_csv_labels_are_read_with_extra_columns_and_missing_labels() -> None:
    labels = read_labels(
        CSV_PATH,
        b"item,annotator,label,harm_category\n"
        b"q-1,ann-a,unsafe,self-harm\n"
        b"q-1,ann-b,,self-harm\n"
        b'"q,2",ann-a,safe,weapons\n',
    )
    assert labels.format == "csv"
    assert labels.extra_columns == ("harm_category",)
    assert labels.annotators == ("ann-a", "ann-b") and labels.items == ("q-1", "q,2")
    first, second, third = labels.records
    assert (first.item, first.annotator, first.label, first.line) == ("q-1", "ann-a", "unsafe", 2)
    assert second.label is None
    assert third.item == "q,2" and third.extra == {"harm_category": "weapons"}


def test_jsonl_labels_are_read_like_csv() -> None:
    labels = read_labels(
        JSONL_PATH,
        b'{"item": "q-1", "annotator": "a", "label": "unsafe", "harm_category": "cyber"}\n'
        b"\n"
        b'{"item": "q-1", "annotator": "b", "label": null, "harm_category": "cyber"}\n',
    )
    assert labels.format == "jsonl"
    assert [(r.annotator, r.label, r.line) for r in labels.records] == [
        ("a", "unsafe", 1),
        ("b", None, 3),
    ]


def test_a_duplicate_item_and_annotator_is_refused_at_its_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        read_labels(CSV_PATH, b"item,annotator,label\nq-1,ann-a,safe\nq-1,ann-a,unsafe\n")
    assert located(caught) == [
        f"{CSV_PATH}:3:5: item 'q-1' is labelled twice by annotator 'ann-a' (first on line 2); "
        "each (item, annotator) pair may appear once"
    ]


def test_a_duplicate_in_json_lines_points_at_the_annotator_key() -> None:
    with pytest.raises(InputError) as caught:
        read_labels(
            JSONL_PATH,
            b'{"item": "q", "annotator": "a", "label": "x"}\n'
            b'{"item": "q",  "annotator": "a", "label": "y"}\n',
        )
    [message] = located(caught)
    assert message.startswith(f"{JSONL_PATH}:2:16: item 'q' is labelled twice")


def test_a_missing_column_is_refused_at_the_header() -> None:
    with pytest.raises(InputError) as caught:
        read_labels(CSV_PATH, b"\nitem,label\nq-1,safe\n")
    [message] = located(caught)
    assert message.startswith(f"{CSV_PATH}:2:1: missing column 'annotator'")


def test_a_missing_key_in_json_lines_is_refused_at_its_line() -> None:
    with pytest.raises(InputError) as caught:
        read_labels(JSONL_PATH, b'{"item": "q", "label": "x"}\n')
    [message] = located(caught)
    assert message.startswith(f"{JSONL_PATH}:1:1: missing key 'annotator'")


def test_every_bad_row_is_reported_at_once() -> None:
    with pytest.raises(InputError) as caught:
        read_labels(
            CSV_PATH,
            b"item,annotator,label,harm_category\n"
            b",ann-a,safe,x\n"
            b"q-2,ann-a,safe\n"
            b"q-3,ann-a,safe,x\n"
            b"q-3,ann-b,safe,y\n",
        )
    assert located(caught) == [
        f"{CSV_PATH}:2:1: item is empty; expected the item's id",
        f"{CSV_PATH}:3:1: row has 3 fields, the header has 4; quote values that contain commas",
        f"{CSV_PATH}:5:16: item 'q-3' has harm_category 'y' here but 'x' on line 4; "
        "harm_category belongs to the item: give it the same value on every row",
    ]


def test_json_lines_values_must_be_text() -> None:
    with pytest.raises(InputError) as caught:
        read_labels(
            JSONL_PATH,
            b'{"item": "q", "annotator": "a", "label": 0.5}\n'
            b'{"item": "r", "annotator": "a", "label": ["x"]}\n'
            b'{"item": "s", "annotator": "a", "annotator": "b", "label": "x"}\n'
            b"not json\n",
        )
    assert [m.split(": ", 1)[0] for m in located(caught)] == [
        f"{JSONL_PATH}:1:33",
        f"{JSONL_PATH}:2:33",
        f"{JSONL_PATH}:3:1",
        f"{JSONL_PATH}:4:1",
    ]
    assert "key 'annotator' appears twice" in located(caught)[2]


def test_an_unknown_extension_and_an_empty_file_are_refused() -> None:
    with pytest.raises(InputError, match="unknown file type"):
        read_labels("evidence/labels.txt", b"item,annotator,label\n")
    with pytest.raises(InputError, match="the file is empty"):
        read_labels(CSV_PATH, b"\n\n")
    with pytest.raises(InputError, match="no data rows"):
        read_labels(CSV_PATH, b"item,annotator,label\n")


# ----------------------------------------------------------------- round-trip property

_ID_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    [",", '"', "'", " ", "\n"]
)
_ids = st.text(_ID_CHARS, min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def label_rows(draw: st.DrawFn) -> list[dict[str, str | None]]:
    """Valid rows: unique (item, annotator), one harm category per item, some labels empty."""
    items = draw(st.lists(_ids, min_size=1, max_size=6, unique=True))
    annotators = draw(st.lists(_ids, min_size=1, max_size=4, unique=True))
    category = {item: draw(st.sampled_from(["cyber", "self-harm", "bio"])) for item in items}
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(items), st.sampled_from(annotators)),
            min_size=1,
            max_size=15,
            unique=True,
        )
    )
    return [
        {
            "item": item,
            "annotator": annotator,
            "label": draw(st.none() | _ids),
            "harm_category": category[item],
        }
        for item, annotator in pairs
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=label_rows(), as_csv=st.booleans())
def test_any_valid_label_rows_round_trip(rows: list[dict[str, str | None]], as_csv: bool) -> None:
    if as_csv:
        out = io.StringIO()
        writer = csv.DictWriter(out, ["item", "annotator", "label", "harm_category"])
        writer.writeheader()
        writer.writerows({k: v or "" for k, v in row.items()} for row in rows)
        labels = read_labels(CSV_PATH, out.getvalue().encode())
    else:
        text = "".join(json.dumps(row) + "\n" for row in rows)
        labels = read_labels(JSONL_PATH, text.encode())
        assert [r.line for r in labels.records] == list(range(1, len(rows) + 1))
    assert [
        {
            "item": r.item,
            "annotator": r.annotator,
            "label": r.label,
            "harm_category": r.extra["harm_category"],
        }
        for r in labels.records
    ] == rows
