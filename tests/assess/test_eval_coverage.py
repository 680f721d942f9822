"""The evaluation coverage matrix: harm category x language (x modality) cells with n."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.assess.agreement import agreement_interval
from compliance.assess.eval_coverage import evaluation_coverage
from compliance.core.errors import InputError
from compliance.link.readers.labels import read_labels
from compliance.link.store import EvidenceStore
from compliance.load.workspace import load_workspace

TWO_FILES = {
    "evidence/a.csv": (
        "metric,value,samples,language,harm_category,slice:modality\n"
        "refusal,0.9,120,en,cbrn,text\n"
        "refusal,0.8,30,en,cbrn,image\n"
        "judge_agreement,0.7,110,en,cbrn,text\n"
        "refusal,0.95,500,en,,\n"
    ),
    "evidence/b.csv": "metric,value,samples,language,harm_category\nrefusal,0.92,50,en,self-harm\n",
}


def _matrix(starter, files: dict[str, str], **kwargs):
    for rel, text in files.items():
        starter.write(rel, text)
    ws = load_workspace(starter.root)
    return evaluation_coverage(ws, EvidenceStore(ws), sorted(files), **kwargs)


def test_cells_are_keyed_by_harm_category_language_and_modality_with_their_n(starter):
    m = _matrix(starter, TWO_FILES, harm_categories=["cbrn", "self-harm"], languages=["en", "sw"])
    labels = [(c.label, c.n) for c in m.cells]
    # within one file the largest n of a cell's figures counts: two metrics, same samples
    assert labels == [("cbrn x en x image", 30), ("cbrn x en x text", 120), ("self-harm x en", 50)]
    assert m.empty() == [("cbrn", "sw"), ("self-harm", "sw")]
    assert [c.label for c in m.thin(100)] == ["cbrn x en x image", "self-harm x en"]
    assert m.files == ("evidence/a.csv", "evidence/b.csv")


def test_a_figure_without_an_interval_gets_a_wilson_interval_from_its_value_and_n(starter):
    m = _matrix(starter, TWO_FILES, harm_categories=["self-harm"], languages=["en"])
    (figure,) = m.cell("self-harm", "en")[0].figures
    assert figure.interval == "wilson"
    assert figure.low == pytest.approx(0.8116, abs=1e-4)  # 46 of 50: Wilson score interval
    assert figure.high == pytest.approx(0.9684, abs=1e-4)


def test_notices_name_the_empty_and_thin_required_cells(starter):
    m = _matrix(
        starter, TWO_FILES, harm_categories=["cbrn", "self-harm"], languages=["en"], minimum=100
    )
    assert m.notices() == [
        "evaluation coverage: 2 thin cells (fewer than 100 samples): cbrn x en x image n=30, "
        "self-harm x en n=50"
    ]


def test_a_misspelt_harm_category_slice_is_an_input_error_at_its_cell(starter):
    files = {"evidence/b.csv": TWO_FILES["evidence/b.csv"].replace("self-harm", "self-harn")}
    with pytest.raises(InputError) as info:
        _matrix(starter, files, harm_categories=["cbrn"], languages=["en"])
    (problem,) = info.value.problems
    assert (problem.path, problem.line, problem.column) == ("evidence/b.csv", 2, 20)
    assert problem.hint.startswith("did you mean 'self-harm'?")


def test_an_unreadable_file_is_left_out_of_the_matrix_with_a_note(starter):
    m = _matrix(
        starter,
        {"evidence/c.csv": "not,a,metrics\nfile,at,all\n"},
        harm_categories=["cbrn"],
        languages=["en"],
    )
    assert m.cells == () and m.files == ()
    assert m.notes[0].startswith("evidence/c.csv is not in the matrix: ")


def test_the_agreement_interval_is_seeded_and_brackets_the_examples_alpha():
    path = "evidence/evaluations/self-harm-classifier/labels.csv"
    data = (Path(__file__).resolve().parents[2] / path).read_bytes()
    labels = read_labels(path, data)
    first = agreement_interval(labels.records, "krippendorff_alpha", resamples=200)
    again = agreement_interval(labels.records, "krippendorff_alpha", resamples=200)
    assert first == again
    assert first is not None and first.low < 0.75 and first.high > 0.6
