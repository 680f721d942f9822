"""A risk's harm_category is checked against the harm taxonomies compliance.yaml names."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.cli.main import main
from compliance.core.errors import InputError
from compliance.load.workspace import load_workspace

RISKS = "risks/register.yaml"


def _errors(root) -> list[str]:
    with pytest.raises(InputError) as info:
        load_workspace(root)
    return [str(p) for p in info.value.problems]


def _set_category(starter, value: str) -> None:
    path = starter.root / RISKS
    path.write_text(path.read_text().replace("harm_category: cbrn", f"harm_category: {value}"))


def _set_taxonomies(starter, line: str) -> None:
    path = starter.root / "compliance.yaml"
    path.write_text(path.read_text().replace("frameworks:", f"{line}\nframeworks:", 1))


def test_by_default_every_shipped_taxonomy_is_in_use(starter):
    ws = load_workspace(starter.root)
    assert set(ws.taxonomies.taxonomies) == {
        "gpai-cop-systemic-risks",
        "mlcommons-ailuminate-1.0",
        "platform-trust-safety",
    }


def test_a_misspelt_harm_category_gets_did_you_mean_at_its_line_and_column(starter):
    _set_category(starter, "self_harm")
    (message,) = _errors(starter.root)
    assert message.startswith(
        f"{RISKS}:5:20: unknown harm category 'self_harm' (taxonomies in use: "
        "gpai-cop-systemic-risks, mlcommons-ailuminate-1.0, platform-trust-safety); "
        "did you mean 'self-harm'?"
    )


def test_a_category_of_a_taxonomy_not_in_use_is_refused(starter):
    _set_taxonomies(starter, "taxonomies: [platform-trust-safety]")
    (message,) = _errors(starter.root)  # cbrn is a Code of Practice systemic risk
    assert "unknown harm category 'cbrn' (taxonomies in use: platform-trust-safety)" in message
    assert "or add its taxonomy to 'taxonomies' in compliance.yaml" in message
    _set_category(starter, "self-harm")
    assert load_workspace(starter.root).risks[0].risk.harm_category == "self-harm"


def test_a_taxonomy_written_as_taxonomy_colon_id_resolves(starter):
    _set_category(starter, "gpai-cop-systemic-risks:cbrn")
    load_workspace(starter.root)


def test_an_unknown_taxonomy_in_compliance_yaml_gets_did_you_mean(starter):
    _set_taxonomies(starter, "taxonomies: [platform-trust-safty]")
    lines = (starter.root / "compliance.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("taxonomies:"))
    (message,) = _errors(starter.root)
    assert message.startswith(
        f"compliance.yaml:{line}:14: unknown taxonomy 'platform-trust-safty'; "
        "did you mean 'platform-trust-safety'?"
    )


def test_check_exits_2_on_a_misspelt_harm_category(starter):
    _set_category(starter, "cyber-ofence")
    result = CliRunner().invoke(main, ["check", "--project", str(starter.root)])
    assert result.exit_code == 2
    assert "did you mean 'cyber-offence'?" in result.stderr


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_ ", min_size=1, max_size=20))
def test_any_harm_category_is_either_known_or_refused_with_a_located_problem(
    tmp_path_factory, value
):
    from compliance.emit.scaffold import FILES

    root = tmp_path_factory.mktemp("ws")
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    value = value.strip() or "x"
    (root / RISKS).write_text(
        FILES[RISKS].replace("harm_category: cbrn", f"harm_category: '{value}'")
    )
    try:
        ws = load_workspace(root)
    except InputError as exc:
        (problem,) = exc.problems
        assert (problem.path, problem.line, problem.column) == (RISKS, 5, 20)
        assert problem.message.startswith(f"unknown harm category {value!r}")
    else:
        assert ws.taxonomies.resolve(value)
