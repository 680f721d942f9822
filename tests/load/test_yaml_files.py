"""The YAML loader: every error located at file:line:column with what was expected."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.load.yaml_files import load_model, parse_yaml
from compliance.models.project import ControlsFile, ProjectFile, RisksFile

GOOD_CONTROLS = b"""schema_version: 1
controls:
  - id: CTL-1
    title: A control
    owner: Safety Lead
    satisfies: [eu-ai-act-annex-xi:XI.1.1(a)]
"""


def problems(model, data: bytes, label: str = "controls/x.yaml") -> list[str]:
    with pytest.raises(InputError) as info:
        load_model(model, label, data)
    return [str(p) for p in info.value.problems]


def test_valid_controls_file_loads_with_positions():
    model, parsed = load_model(ControlsFile, "controls/x.yaml", GOOD_CONTROLS)
    assert model.controls[0].id == "CTL-1"
    assert parsed.where(("controls", 0, "satisfies", 0)) == (6, 17)


def test_malformed_yaml_names_line_and_column():
    (msg,) = problems(ControlsFile, b"schema_version: 1\ncontrols: [\n  - id: x\n")
    assert msg.startswith("controls/x.yaml:3:")
    assert "malformed YAML" in msg


def test_duplicate_key_is_refused_with_both_lines():
    data = GOOD_CONTROLS + b"    title: Again\n"
    (msg,) = problems(ControlsFile, data)
    assert msg == (
        "controls/x.yaml:7:5: duplicate key 'title'; it is already set on line 4; keep one"
    )


def test_duplicate_key_at_top_level_is_refused():
    (msg,) = problems(ControlsFile, GOOD_CONTROLS + b"schema_version: 1\n")
    assert "controls/x.yaml:7:1: duplicate key 'schema_version'" in msg


def test_unknown_field_suggests_closest_and_lists_expected():
    data = GOOD_CONTROLS.replace(b"    owner:", b"    ownr:")
    msgs = problems(ControlsFile, data)
    unknown = next(m for m in msgs if "unknown field" in m)
    assert unknown.startswith("controls/x.yaml:5:5: unknown field 'controls.0.ownr'")
    assert "did you mean 'owner'?" in unknown
    assert "expected one of: id, title" in unknown
    assert any("missing required field 'controls.0.owner'" in m for m in msgs)


def test_wrong_type_names_the_value_and_expectation():
    data = b"""schema_version: 1
risks:
  - id: R-1
    title: t
    harm_category: x
    likelihood: nine
    severity: 3
    owner: Safety Lead
"""
    (msg,) = problems(RisksFile, data, "risks/r.yaml")
    assert msg.startswith("risks/r.yaml:6:17: invalid value for 'risks.0.likelihood' ('nine')")
    assert "integer" in msg


def test_score_out_of_range_is_refused():
    data = b"""schema_version: 1
risks:
  - {id: R-1, title: t, harm_category: x, likelihood: 6, severity: 99999999999999999999, owner: A}
"""
    msgs = problems(RisksFile, data, "risks/r.yaml")
    assert any("likelihood" in m and "less than or equal to 5" in m for m in msgs)
    assert any("severity" in m for m in msgs)


@pytest.mark.parametrize("data", [b"", b"   \n", b"# only a comment\n"])
def test_empty_file_is_refused(data: bytes):
    (msg,) = problems(ControlsFile, data)
    assert msg == "controls/x.yaml:1:1: file is empty; expected a YAML mapping"


def test_non_utf8_file_names_the_byte_position():
    (msg,) = problems(ControlsFile, b"schema_version: 1\ntitle: caf\xe9\n")
    assert msg == "controls/x.yaml:2:11: not valid UTF-8 (byte 0xe9); save the file as UTF-8"


def test_utf8_bom_is_tolerated():
    model, _ = load_model(ControlsFile, "c.yaml", b"\xef\xbb\xbf" + GOOD_CONTROLS)
    assert model.controls[0].id == "CTL-1"


def test_tab_indentation_gets_a_hint():
    (msg,) = problems(ControlsFile, b"schema_version: 1\ncontrols:\n\t- id: x\n")
    assert "tabs" in msg


def test_billion_laughs_is_refused_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    (msg,) = problems(ControlsFile, "\n".join(lines).encode())
    assert "expands to more than" in msg


def test_recursive_alias_is_refused():
    msgs = problems(ControlsFile, b"a: &x [*x]\n")
    assert msgs and all("controls/x.yaml" in m for m in msgs)


def test_deeply_nested_document_is_refused_not_crashing():
    data = b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n"
    (msg,) = problems(ControlsFile, data)
    assert "controls/x.yaml" in msg


def test_newer_schema_version_is_refused_with_upgrade_hint():
    (msg,) = problems(
        ControlsFile, GOOD_CONTROLS.replace(b"schema_version: 1", b"schema_version: 7")
    )
    assert msg.startswith("controls/x.yaml:1:17: schema_version 7 is newer")


def test_top_level_list_is_refused():
    (msg,) = problems(ControlsFile, b"- a\n- b\n")
    assert "the top level must be a mapping" in msg


def test_all_errors_in_a_file_are_reported_at_once():
    data = b"""schema_version: 1
controls:
  - id: CTL-1
    titel: x
    owner: A
    satisfies: []
  - id: "bad id"
    title: y
    owner: B
    satisfies: [a:b]
"""
    msgs = problems(ControlsFile, data)
    assert len(msgs) >= 4


def test_project_file_missing_sections_are_named():
    msgs = problems(ProjectFile, b"schema_version: 1\n", "compliance.yaml")
    names = " ".join(msgs)
    for field in ("organisation", "system", "release", "frameworks"):
        assert f"missing required field '{field}'" in names


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_either_loads_or_raises_our_error(text: str):
    for model in (ControlsFile, RisksFile, ProjectFile):
        try:
            load_model(model, "fuzz.yaml", text.encode("utf-8", "surrogatepass"))
        except InputError as exc:
            assert exc.problems and all(p.path == "fuzz.yaml" for p in exc.problems)


yaml_scalars = st.one_of(
    st.integers(), st.text(max_size=20), st.booleans(), st.none(), st.floats(allow_nan=False)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["schema_version", "controls", "risks", "x", "id"]), yaml_values, max_size=4
    )
)
def test_arbitrary_structures_either_load_or_raise_our_error(data: dict):
    import yaml

    raw = yaml.safe_dump(data).encode()
    for model in (ControlsFile, RisksFile):
        try:
            load_model(model, "fuzz.yaml", raw)
        except InputError as exc:
            assert all(p.path == "fuzz.yaml" for p in exc.problems)


def test_parse_yaml_keeps_plain_values():
    parsed = parse_yaml("x.yaml", b"a: 1\nb: [x, y]\nc: 2026-01-02\n")
    assert parsed.data["a"] == 1 and parsed.data["b"] == ["x", "y"]
    assert str(parsed.data["c"]) == "2026-01-02"
