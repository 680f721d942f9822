"""Facts that must agree (6·N·D), the energy estimate, required fields, and `check`."""

from __future__ import annotations

import re
from collections.abc import Callable

from click.testing import CliRunner

from compliance.assess.documentation import compute_check, energy_estimate
from compliance.cli.main import main
from compliance.load.yaml_files import load_model
from compliance.models.model_facts import ModelFacts
from tests.emit.documents.docs_helpers import ROOT, example_workspace
from tests.gitrepo import GitRepo

BASE = """schema_version: 1
total_model_size: {value: 7.0e+10}
data_points: {value: 1.4e+13, unit: tokens}
"""


def _facts(extra: str) -> ModelFacts:
    return load_model(ModelFacts, "model.yaml", (BASE + extra).encode())[0]


def test_compute_within_a_factor_of_two_of_six_n_d_agrees() -> None:
    check = compute_check(_facts("training_compute: {value: 9.0e+24}\n"))
    assert check is not None and check.agrees


def test_a_six_n_d_disagreement_is_flagged_and_names_the_assumption() -> None:
    check = compute_check(_facts("training_compute: {value: 3.8e+25}\n"))
    assert check is not None and not check.agrees
    assert "more than a factor of 2" in check.text
    assert "6 floating-point operations per parameter per training token" in check.text


def test_no_compute_check_when_data_points_are_not_tokens() -> None:
    facts = load_model(
        ModelFacts,
        "model.yaml",
        b"schema_version: 1\ntotal_model_size: {value: 1.0e+9}\n"
        b"data_points: {value: 1.0e+6, unit: images}\ntraining_compute: {value: 1.0e+30}\n",
    )[0]
    assert compute_check(facts) is None


def test_unknown_energy_is_estimated_with_its_formula_and_every_assumption() -> None:
    facts = _facts(
        "training_compute: {value: 6.0e+24}\n"
        "training_energy: {not_available: provider withholds metering}\n"
        "energy_estimate: {accelerator: test chip, peak_flop_per_second: 1.0e+15,"
        " utilisation: 0.5, power_kw: 1.0, pue: 1.2}\n"
    )
    estimate, note = energy_estimate(facts)
    assert note is None and estimate is not None
    # 6e24 / (1e15 * 0.5) s = 1.2e10 s = 3.33e6 h; x 1 kW x 1.2 / 1000 = 4,000 MWh
    assert round(estimate.mwh) == 4000
    assert "ESTIMATE (not measured)" in estimate.text
    assert "U = 50%" in estimate.text and "PUE = 1.2" in estimate.text


def test_known_energy_is_never_replaced_by_an_estimate() -> None:
    assert energy_estimate(_facts("training_energy: {value: 10}\n")) == (None, None)


def test_unknown_energy_without_inputs_says_how_to_get_an_estimate() -> None:
    estimate, note = energy_estimate(_facts("training_compute: {value: 6.0e+24}\n"))
    assert estimate is None and note is not None and "energy_estimate" in note


def test_check_reports_an_empty_required_field_and_a_six_n_d_disagreement(
    git_repo: Callable[..., GitRepo],
) -> None:
    text = (ROOT / "model.yaml").read_text("utf-8")
    text = re.sub(r"\nintended_uses:\n(  .*\n)+", "\n", text)
    text = text.replace(
        "training_compute:\n  value: 6.0e+24", "training_compute:\n  value: 3.8e+25"
    )
    repo = example_workspace(git_repo(), model_yaml=text)
    result = CliRunner().invoke(main, ["check", "--project", str(repo.root), "--no-cache"])
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert "required field intended_uses (Intended uses) is empty" in flat
    assert "disagrees by more than a factor of 2" in flat
    assert "FINDING: model.yaml: 2 problems in the Model Documentation Form" in flat


def test_check_is_quiet_about_the_coherent_example(git_repo: Callable[..., GitRepo]) -> None:
    repo = example_workspace(git_repo())
    result = CliRunner().invoke(main, ["check", "--project", str(repo.root), "--no-cache"])
    assert "FINDING: model.yaml" not in result.output
    assert "FINDING: training-data.yaml" not in result.output
