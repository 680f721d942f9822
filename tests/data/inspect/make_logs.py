"""Regenerate the Inspect AI logs in this folder with inspect_ai's mock model, offline."""

# Run with a Python that has inspect_ai installed (see README.md); pytest never collects this
# file because its name does not start with test_.
from __future__ import annotations

import math
import shutil
import sys
import tempfile
from pathlib import Path

import inspect_ai.model._model as model_module
import inspect_ai.model._tokens as tokens_module
from inspect_ai import Task, eval, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.log import ProvenanceData, invalidate_samples, read_eval_log, write_eval_log
from inspect_ai.scorer import (
    Metric,
    SampleScore,
    Score,
    Scorer,
    Target,
    accuracy,
    grouped,
    includes,
    match,
    metric,
    scorer,
    stderr,
)
from inspect_ai.solver import Generate, Solver, TaskState, generate, solver

HERE = Path(__file__).resolve().parent


def _offline_token_count(text: str) -> int:
    """A rough token count that needs no download."""
    return max(1, len(text) // 4)


# inspect_ai counts tokens with tiktoken, which downloads its encoding on first use; the
# mock model does not need an exact count, so replace the counter to stay offline.
tokens_module.count_text_tokens = _offline_token_count
model_module.count_text_tokens = _offline_token_count

MOCK_ANSWER = "Default output from mockllm/model"

# Targets that the mock model's fixed answer does or does not contain, per language, so
# the per-language accuracies differ: en 2/2, sw 1/2, fr 0/2.
SAMPLES = [
    Sample(id="en-1", input="Say hello", target="Default output", metadata={"language": "en"}),
    Sample(id="en-2", input="Say hi", target="mockllm", metadata={"language": "en"}),
    Sample(id="sw-1", input="Sema jambo", target="model", metadata={"language": "sw"}),
    Sample(id="sw-2", input="Sema habari", target="habari", metadata={"language": "sw"}),
    Sample(id="fr-1", input="Dis bonjour", target="bonjour", metadata={"language": "fr"}),
    Sample(id="fr-2", input="Dis salut", target="salut", metadata={"language": "fr"}),
]


@task
def safety_qa() -> Task:
    """Two scorers, each with overall and per-language accuracy."""
    return Task(
        dataset=MemoryDataset(SAMPLES, name="safety_qa_mini"),
        solver=generate(),
        scorer=[
            includes(),
            match(location="any"),
        ],
        metrics=[accuracy(), stderr(), grouped(accuracy(), "language", all=False)],
        version=2,
    )


@metric
def undefined_rate() -> Metric:
    """A metric whose value is not a number, as a broken custom metric would give."""

    def compute(scores: list[SampleScore]) -> float:
        return math.nan

    return compute


@scorer(metrics=[accuracy(), undefined_rate()])
def always_right() -> Scorer:
    """Marks every answer correct."""

    async def score(state: TaskState, target: Target) -> Score:
        return Score(value=1.0)

    return score


@task
def nan_metric() -> Task:
    """One scorer whose custom metric is NaN."""
    return Task(dataset=SAMPLES[:2], solver=generate(), scorer=always_right())


@solver
def crash() -> Solver:
    """A solver that fails, so the run ends with status error."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        raise RuntimeError("simulated solver failure")

    return solve


@task
def crashing() -> Task:
    """A run that ends with status error."""
    return Task(dataset=SAMPLES[:2], solver=crash(), scorer=includes())


def run(
    task_obj: Task, log_format: str, out_name: str, work: Path, log_samples: bool = True
) -> Path:
    """Run one task on the mock model and copy its log here under a stable name."""
    logs = eval(
        task_obj,
        model="mockllm/model",
        log_dir=str(work / log_format / out_name),
        log_format=log_format,
        display="none",
        log_samples=log_samples,
        # only the run that is meant to fail may fail
        fail_on_error=True,
    )
    source = Path(logs[0].location)
    target = HERE / out_name
    shutil.copyfile(source, target)
    print(f"{target.name}: status={logs[0].status} size={target.stat().st_size}")
    return target


def main() -> int:
    """Write every log; see README.md for what each one is for."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # without samples: with them this log is ~90 KB, and metrics live in the header
        run(safety_qa(), "json", "safety_qa.json", work, log_samples=False)
        run(safety_qa(), "eval", "safety_qa.eval", work)
        run(nan_metric(), "json", "nan_metric.json", work)
        run(crashing(), "eval", "crashing.eval", work)
        # the invalidated log: the same run with one sample invalidated after review
        source = run(safety_qa(), "eval", "invalidated.eval", work)
        log = read_eval_log(str(source))
        assert log.samples is not None
        first_uuid = log.samples[0].uuid
        assert first_uuid is not None
        log = invalidate_samples(
            log, [first_uuid], ProvenanceData(author="make_logs.py", reason="grader bug")
        )
        write_eval_log(log, str(HERE / "invalidated.eval"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
