"""Reading real Inspect AI logs (made by tests/data/inspect/make_logs.py)."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import zipfile
from datetime import UTC

import pytest
from evaluation_helpers import (
    LOG_NAMES,
    archive_entries,
    declare_size,
    inspect_log,
    rebuild_archive,
)

from compliance.core.errors import InputError
from compliance.link.readers import EvaluationResult, read_evaluation
from compliance.link.readers.inspect_log import (
    MAX_ENTRY_BYTES,
    InspectEvalReader,
    InspectJsonReader,
    inspect_ai_installed,
)

ZIP_ZSTANDARD = 93


def builtin(name: str) -> InspectEvalReader | InspectJsonReader:
    """The reader for a log, forced to use the built-in parser rather than inspect_ai."""
    if name.endswith(".eval"):
        return InspectEvalReader(use_inspect_ai=False)
    return InspectJsonReader(use_inspect_ai=False)


def read(name: str, data: bytes | None = None) -> EvaluationResult:
    """A committed log read with the built-in parser."""
    return builtin(name).read(name, inspect_log(name) if data is None else data)


def comparable(result: EvaluationResult) -> dict[str, object]:
    """The result minus what legitimately differs between two files (path, format, run time),
    and minus what only a log written with its samples can know (the samples themselves, and
    the per-slice counts and successes counted from them; safety_qa.json has no samples).

    NaN is replaced by a marker, since NaN never equals NaN.
    """
    fields = dataclasses.asdict(result)
    for key in ("path", "format", "created", "samples"):
        fields.pop(key)
    for metric in fields["metrics"]:
        if math.isnan(metric["value"]):
            metric["value"] = "nan"
        metric.pop("successes")
        if metric["slice"]:
            metric.pop("samples")
    return fields


def test_json_and_eval_logs_of_the_same_task_give_the_same_metrics() -> None:
    from_json = read("safety_qa.json")
    from_eval = read("safety_qa.eval")
    assert comparable(from_json) == comparable(from_eval)
    assert from_json.format == "inspect-json"
    assert from_eval.format == "inspect-eval"


def test_eval_archive_with_zstd_entries_is_read(safety_eval: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(safety_eval)) as archive:
        methods = {info.compress_type for info in archive.infolist()}
    assert methods == {ZIP_ZSTANDARD}, "the fixture should exercise Inspect's default zstd"
    result = read("safety_qa.eval", safety_eval)
    assert [m.value for m in result.find("includes/accuracy", {})] == [0.5]
    assert result.warnings == []


def test_run_facts_are_taken_from_the_log() -> None:
    result = read("safety_qa.eval")
    assert result.task == "safety_qa"
    assert result.task_version == "2"
    assert result.model == "mockllm/model"
    assert result.status == "success"
    assert result.dataset == "safety_qa_mini"
    assert (result.samples_total, result.samples_completed) == (6, 6)
    assert result.invalidated is False
    assert result.usable
    assert result.created is not None
    assert result.created.utcoffset() == UTC.utcoffset(None)


def test_every_scorer_reports_overall_and_per_language_accuracy() -> None:
    result = read("safety_qa.json")
    for scorer in ("includes", "match"):
        by_slice = {tuple(m.slice.items()): m.value for m in result.find(f"{scorer}/accuracy")}
        assert by_slice == {
            (): 0.5,
            (("language", "en"),): 1.0,
            (("language", "sw"),): 0.5,
            (("language", "fr"),): 0.0,
        }
        overall = result.find(f"{scorer}/accuracy", {})[0]
        assert overall.samples == 6
        assert overall.scorer == scorer
    assert result.find("match/accuracy", {"language": "sw"})[0].value == 0.5


def test_plain_metric_name_resolves_when_only_one_scorer_reports_it() -> None:
    result = read("nan_metric.json")
    assert [m.name for m in result.find("accuracy")] == ["always_right/accuracy"]


def test_plain_metric_name_reported_by_two_scorers_is_ambiguous() -> None:
    result = read("safety_qa.json")
    with pytest.raises(InputError) as caught:
        result.find("accuracy")
    text = str(caught.value)
    assert "safety_qa.json" in text
    assert "includes/accuracy" in text and "match/accuracy" in text


def test_unknown_metric_name_finds_nothing() -> None:
    assert read("safety_qa.json").find("toxicity") == []


def test_nan_metric_is_kept_with_a_warning() -> None:
    result = read("nan_metric.json")
    [metric] = result.find("always_right/undefined_rate")
    assert math.isnan(metric.value)
    assert any("undefined_rate" in w and "nan" in w for w in result.warnings)
    assert result.find("always_right/accuracy")[0].value == 1.0


def test_run_with_status_error_is_flagged_unusable() -> None:
    result = read("crashing.eval")
    assert result.status == "error"
    assert not result.usable
    assert result.metrics == []
    assert any("'error'" in w and "simulated solver failure" in w for w in result.warnings)


def test_invalidated_run_is_flagged_unusable() -> None:
    result = read("invalidated.eval")
    assert result.status == "success"
    assert result.invalidated
    assert not result.usable
    assert any("invalidated" in w for w in result.warnings)


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_truncated_eval_archive_raises_input_error_naming_the_file(
    safety_eval: bytes, keep: float
) -> None:
    cut = safety_eval[: int(len(safety_eval) * keep)]
    with pytest.raises(InputError) as caught:
        read_evaluation("evidence/evals/safety_qa.eval", cut)
    assert str(caught.value).startswith("evidence/evals/safety_qa.eval:")


def test_corrupted_compressed_header_raises_input_error(safety_eval: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(safety_eval)) as archive:
        info = archive.getinfo("header.json")
    data = bytearray(safety_eval)
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle] ^= 0xFF
    with pytest.raises(InputError, match=r"header\.json"):
        read("safety_qa.eval", bytes(data))


def test_entry_bigger_than_the_bound_is_refused(safety_eval: bytes) -> None:
    with pytest.raises(InputError, match="over the limit of 1024"):
        InspectEvalReader(use_inspect_ai=False, max_entry_bytes=1024).read("a.eval", safety_eval)


def test_entry_declaring_more_than_256_mib_is_refused_before_decompression(
    safety_eval: bytes,
) -> None:
    bomb = declare_size(safety_eval, "header.json", MAX_ENTRY_BYTES + 1)
    with pytest.raises(InputError, match="possible zip bomb"):
        read("bomb.eval", bomb)


def test_entry_expanding_beyond_its_declared_size_is_refused() -> None:
    entries = archive_entries(inspect_log("safety_qa.eval"))
    entries["header.json"] += b" " * 200_000  # still valid JSON, compresses to almost nothing
    lying = declare_size(rebuild_archive(entries), "header.json", 4000)
    with pytest.raises(InputError, match="not the 4000 declared"):
        read("lying.eval", lying)


def test_deflate_compressed_archive_is_read_like_the_zstd_one(safety_eval: bytes) -> None:
    deflated = rebuild_archive(archive_entries(safety_eval))
    assert comparable(read("d.eval", deflated)) == comparable(read("safety_qa.eval"))


def test_archive_without_header_is_read_from_its_journal_as_an_unfinished_run(
    safety_eval: bytes,
) -> None:
    entries = archive_entries(safety_eval)
    del entries["header.json"]
    result = read("running.eval", rebuild_archive(entries))
    assert result.status == "started"
    assert result.task == "safety_qa"
    assert result.metrics == []
    assert not result.usable


def test_archive_without_any_header_names_what_is_missing(safety_eval: bytes) -> None:
    entries = archive_entries(safety_eval)
    del entries["header.json"], entries["_journal/start.json"]
    with pytest.raises(InputError, match=r"neither header\.json nor _journal/start\.json"):
        read("empty.eval", rebuild_archive(entries))


def test_json_log_with_a_non_numeric_metric_value_names_the_field(safety_json: bytes) -> None:
    log = json.loads(safety_json)
    log["results"]["scores"][1]["metrics"]["accuracy"]["value"] = "high"
    with pytest.raises(InputError, match=r"results\.scores\[1\]\.metrics\.accuracy\.value"):
        read("bad.json", json.dumps(log).encode())


def test_json_log_that_is_not_json_gives_the_line(safety_json: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read("bad.json", safety_json[:200])
    [problem] = caught.value.problems
    assert problem.path == "bad.json"
    assert problem.line is not None


def test_log_without_a_timezone_on_its_run_time_warns_and_has_no_created(
    safety_json: bytes,
) -> None:
    log = json.loads(safety_json)
    log["eval"]["created"] = "2025-01-31T12:00:00"
    result = read("naive.json", json.dumps(log).encode())
    assert result.created is None
    assert any("eval.created" in w for w in result.warnings)


needs_inspect_ai = pytest.mark.skipif(
    not inspect_ai_installed(), reason="the optional inspect_ai package is not installed"
)


@needs_inspect_ai
@pytest.mark.parametrize("name", LOG_NAMES)
def test_inspect_ai_reading_gives_the_same_result_as_the_builtin_reader(name: str) -> None:
    reader_type = InspectEvalReader if name.endswith(".eval") else InspectJsonReader
    data = inspect_log(name)
    by_inspect_ai = reader_type(use_inspect_ai=True).read(name, data)
    by_builtin = reader_type(use_inspect_ai=False).read(name, data)
    assert comparable(by_inspect_ai) == comparable(by_builtin)
    assert by_inspect_ai.created == by_builtin.created


@needs_inspect_ai
def test_inspect_ai_reading_refuses_an_oversized_entry_too(safety_eval: bytes) -> None:
    reader = InspectEvalReader(use_inspect_ai=True, max_entry_bytes=1024)
    with pytest.raises(InputError, match="over the limit"):
        reader.read("a.eval", safety_eval)


@needs_inspect_ai
def test_inspect_ai_reading_turns_a_truncated_archive_into_input_error(
    safety_eval: bytes,
) -> None:
    with pytest.raises(InputError, match=r"cut\.eval"):
        InspectEvalReader(use_inspect_ai=True).read("cut.eval", safety_eval[:-100])
