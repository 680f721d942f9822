"""Hostile YAML: every file is refused with its name and line, quickly, and never crashes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_helpers import assert_input_error, cli, cli_peak_rss

from compliance.core.errors import InputError
from compliance.emit.scaffold import FILES
from compliance.load.yaml_files import MAX_BYTES, load_model
from compliance.models.project import ControlsFile, ProjectFile, RisksFile

RISK = """\
schema_version: 1
risks:
  - id: RISK-001
    title: Model produces harmful instructions
    harm_category: dangerous-content
    likelihood: {likelihood}
    severity: 4
    mitigations: [{mitigation}]
    owner: Safety Lead
    status: accepted
    acceptance:
      approver_role: Head of Safety
      date: {date}
      rationale: residual risk is within appetite
"""


def risk(likelihood: str = "3", date: str = "2026-01-10", mitigation: str = "CTL-DOC-01") -> str:
    return RISK.format(likelihood=likelihood, date=date, mitigation=mitigation)


def refused(model: type, label: str, data: bytes) -> InputError:
    with pytest.raises(InputError) as info:
        load_model(model, label, data)
    assert info.value.problems and all(p.path == label for p in info.value.problems)
    return info.value


def test_billion_laughs_aliases_are_refused_quickly_at_their_line() -> None:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*lol{i - 1}"] * 10)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    start = time.monotonic()
    error = refused(ControlsFile, "controls/laughs.yaml", "\n".join(lines).encode())
    assert time.monotonic() - start < 10
    (problem,) = error.problems
    assert "expands to more than" in problem.message and problem.line is not None


def test_a_self_referencing_alias_is_refused() -> None:
    error = refused(ControlsFile, "controls/loop.yaml", b"a: &a [1, *a]\n")
    assert error.problems[0].line == 1


def test_a_100_mb_yaml_file_is_refused_by_size_before_any_parsing(tmp_path: Path) -> None:
    data = b"# padding\n" * (10 * 1024 * 1024)
    assert len(data) > MAX_BYTES
    start = time.monotonic()
    error = refused(ControlsFile, "controls/huge.yaml", data)
    assert time.monotonic() - start < 1
    assert "over the" in error.problems[0].message


def test_the_cli_refuses_a_100_mb_controls_file_without_reading_it(starter) -> None:
    _code, _err, baseline = cli_peak_rss(starter.root, "check")
    huge = starter.root / "controls" / "huge.yaml"
    with huge.open("wb") as fh:
        # Real YAML text, not a sparse hole: reading it would cost 100 MB of memory.
        fh.write(b"schema_version: 1\n")
        for _ in range(100):
            fh.write(b"# padding line of a very large file\n" * 30_000)
    assert huge.stat().st_size > 100 * 1024 * 1024
    start = time.monotonic()
    code, stderr, rss = cli_peak_rss(starter.root, "check")
    assert time.monotonic() - start < 20
    assert code == 2 and "Traceback" not in stderr
    assert "error: controls/huge.yaml: file is" in stderr and "over the" in stderr
    assert rss - baseline < 40 * 1024, f"peak RSS grew by {(rss - baseline) // 1024} MiB"


@pytest.mark.parametrize(
    "text",
    [
        "x: " + "[" * 5000 + "]" * 5000,
        "x: " + "{a: " * 5000 + "}" * 5000,
        "".join(" " * i + "a:\n" for i in range(2000)),
    ],
    ids=["flow-lists", "flow-mappings", "block-mappings"],
)
def test_deeply_nested_structures_are_refused_not_a_stack_overflow(text: str) -> None:
    error = refused(ControlsFile, "controls/deep.yaml", text.encode())
    assert "too deep" in str(error) or "malformed" in str(error)


def test_tabs_for_indentation_are_refused_with_line_and_a_hint(starter) -> None:
    (starter.root / "controls" / "documentation.yaml").write_text(
        FILES["controls/documentation.yaml"].replace("  - id: CTL-DOC-01", "\t- id: CTL-DOC-01")
    )
    result = cli(starter.root, "check")
    stderr = assert_input_error(
        result.exit_code, result.stdout, result.stderr, "controls/documentation.yaml", 3
    )
    assert "tabs" in stderr


def test_a_byte_order_mark_is_tolerated_everywhere(starter) -> None:
    for rel in ("compliance.yaml", "controls/documentation.yaml", "risks/register.yaml"):
        path = starter.root / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = cli(starter.root, "check", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    assert '"schema": "compliance-docs/coverage/1"' in result.stdout


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (
            FILES["risks/register.yaml"].replace("Safety Lead", "S\xe9curit\xe9").encode("latin-1"),
            10,
        ),
        (FILES["risks/register.yaml"].encode("utf-16"), 1),
        (FILES["risks/register.yaml"].encode() + b"\n# \xff\xfe\n", 13),
    ],
    ids=["latin-1", "utf-16", "stray-bytes"],
)
def test_non_utf8_files_are_refused_at_the_first_bad_byte(starter, data: bytes, line: int) -> None:
    (starter.root / "risks" / "register.yaml").write_bytes(data)
    result = cli(starter.root, "check")
    stderr = assert_input_error(
        result.exit_code, result.stdout, result.stderr, "risks/register.yaml", line
    )
    assert "UTF-8" in stderr


@pytest.mark.parametrize(
    ("rel", "old", "new", "line"),
    [
        ("compliance.yaml", "organisation:", "schema_version: 1\norganisation:", 2),
        ("compliance.yaml", "  version: 0.1.0\n", "  version: 0.1.0\n  name: other\n", 7),
        ("controls/documentation.yaml", "    owner:", "    title: Again\n    owner:", 5),
        (
            "risks/register.yaml",
            "residual: {likelihood: 2,",
            "residual: {likelihood: 2, likelihood: 1,",
            9,
        ),
    ],
    ids=["top-level", "nested-mapping", "inside-a-list-item", "inside-a-flow-mapping"],
)
def test_duplicate_keys_are_refused_at_every_level(
    starter,
    rel: str,
    old: str,
    new: str,
    line: int,
) -> None:
    path = starter.root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    result = cli(starter.root, "check")
    stderr = assert_input_error(result.exit_code, result.stdout, result.stderr, rel, line)
    assert "duplicate key" in stderr and "already set on line" in stderr


@pytest.mark.parametrize(
    ("likelihood", "expect"),
    [
        ("99999999999999999999999999999999999999", "less than or equal to 5"),
        ("9" * 5000, "too large to read"),
        ("1.0e+400", "finite"),
        (".nan", "finite"),
        ("-9223372036854775809", "greater than or equal to 1"),
        ("0x7fffffffffffffff", "less than or equal to 5"),
    ],
    ids=["38-digits", "5000-digits", "float-overflow", "nan", "below-int64", "hex"],
)
def test_integer_overflow_in_scores_is_refused_at_the_line(likelihood: str, expect: str) -> None:
    error = refused(RisksFile, "risks/r.yaml", risk(likelihood=likelihood).encode())
    (problem,) = error.problems
    assert problem.line == 6 and expect in str(problem), str(problem)


@pytest.mark.parametrize(
    "date",
    [
        "2026-13-45",
        '"yesterday"',
        "20260101",
        "0",
        "1767225600",
        "2026-02-30",
        "0000-01-01",
        "2026-1-1",
        "2026-01-01T25:00:00",
        "[2026, 1, 1]",
        "1.5e9",
    ],
)
def test_dates_in_odd_formats_are_refused_not_guessed(date: str) -> None:
    error = refused(RisksFile, "risks/r.yaml", risk(date=date).encode())
    (problem,) = error.problems
    assert problem.line == 13, str(problem)
    assert "YYYY-MM-DD" in str(problem) or "valid date" in str(problem), str(problem)


def test_an_odd_release_date_is_refused_through_the_cli(starter) -> None:
    path = starter.root / "compliance.yaml"
    path.write_text(
        path.read_text().replace("  git_ref: HEAD\n", "  git_ref: HEAD\n  date: 2026-13-45\n")
    )
    result = cli(starter.root, "check")
    stderr = assert_input_error(
        result.exit_code, result.stdout, result.stderr, "compliance.yaml", 15
    )
    assert "not a real date" in stderr


def test_odd_dates_in_evidence_front_matter_are_refused_without_a_crash(starter) -> None:
    # Issue 11 item 2: an unreadable declared date is invalid input, no longer ignored.
    starter.write("evidence/model-card.md", "---\nas_of: 2026-13-45\n---\n# Card\n")
    starter.commit("bad front matter", date="2026-02-02T09:00:00+00:00")
    result = cli(starter.root, "check")
    stderr = assert_input_error(
        result.exit_code, result.stdout, result.stderr, "evidence/model-card.md", 2
    )
    assert "not a real date" in stderr


def test_a_control_id_with_a_cyrillic_lookalike_is_refused_naming_the_character() -> None:
    text = FILES["controls/documentation.yaml"].replace("CTL-DOC-01", "\u0421TL-DOC-01")
    error = refused(ControlsFile, "controls/documentation.yaml", text.encode())
    (problem,) = error.problems
    assert problem.line == 3
    assert "did you mean 'CTL-DOC-01'?" in problem.hint
    assert "U+0421 CYRILLIC CAPITAL LETTER ES" in problem.hint


def test_a_mitigation_naming_a_lookalike_is_an_unknown_control_with_the_ascii_suggested(
    starter,
) -> None:
    path = starter.root / "risks" / "register.yaml"
    path.write_text(path.read_text().replace("[CTL-DOC-01]", "[\u0421TL-DOC-01]"))
    result = cli(starter.root, "check")
    stderr = assert_input_error(
        result.exit_code, result.stdout, result.stderr, "risks/register.yaml", 3
    )
    assert "names unknown control '\u0421TL-DOC-01'" in stderr
    assert "did you mean 'CTL-DOC-01'?" in stderr and "U+0421" in stderr


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  - eu-ai-act-annex-xi", "  - eu-ai-\u0430ct-annex-xi"),
        ("version: 0.1.0", "version: 0.1.0\n  kind: general\u2010purpose-ai-model"),
    ],
    ids=["framework-id", "enum-value"],
)
def test_lookalike_ids_in_the_project_never_silently_match(starter, old: str, new: str) -> None:
    path = starter.root / "compliance.yaml"
    text = path.read_text()
    if "kind" in new:
        text = text.replace("  kind: general-purpose-ai-model\n", "")
    path.write_text(text.replace(old, new, 1))
    result = cli(starter.root, "check")
    assert_input_error(result.exit_code, result.stdout, result.stderr, "compliance.yaml")


def test_a_requirement_reference_with_a_lookalike_is_unknown_not_matched(starter) -> None:
    path = starter.root / "controls" / "documentation.yaml"
    path.write_text(path.read_text().replace("XI.1.1(a)", "X\u0406.1.1(a)"))
    result = cli(starter.root, "check")
    stderr = assert_input_error(
        result.exit_code, result.stdout, result.stderr, "controls/documentation.yaml", 7
    )
    assert "unknown requirement" in stderr and "'eu-ai-act-annex-xi:XI.1.1(a)'" in stderr


def test_a_broken_controls_file_does_not_also_report_every_mitigation_as_unknown(
    starter,
) -> None:
    (starter.root / "controls" / "documentation.yaml").write_text(
        "schema_version: 1\ncontrols: [\n"
    )
    result = cli(starter.root, "check")
    stderr = assert_input_error(
        result.exit_code, result.stdout, result.stderr, "controls/documentation.yaml"
    )
    assert "unknown control" not in stderr


def test_a_yaml_file_that_is_a_directory_or_a_dangling_link_is_refused(starter) -> None:
    (starter.root / "controls" / "dangling.yaml").symlink_to("missing.yaml")
    result = cli(starter.root, "check")
    stderr = assert_input_error(
        result.exit_code, result.stdout, result.stderr, "controls/dangling.yaml"
    )
    assert "cannot read" in stderr


def test_a_controls_file_symlinked_out_of_the_workspace_is_not_read(starter, tmp_path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("schema_version: 1\ncontrols:\n  - id: TOP-SECRET-VALUE\n")
    (starter.root / "controls" / "leak.yaml").symlink_to(secret)
    result = cli(starter.root, "check")
    stderr = assert_input_error(
        result.exit_code, result.stdout, result.stderr, "controls/leak.yaml"
    )
    assert "outside the workspace" in stderr and "TOP-SECRET-VALUE" not in stderr


def test_the_project_model_refuses_a_document_that_is_not_a_mapping() -> None:
    for text in ("- a\n- b\n", "just a string\n", "42\n", "~\n"):
        refused(ProjectFile, "compliance.yaml", text.encode())


def test_unicode_line_separators_do_not_shift_the_reported_line() -> None:
    # PyYAML counts U+0085 and U+2028 as line breaks; editors count only '\n'.
    text = "schema_version: 1\ncontrols:\n  - id: 'a\u0085b\u2028c'\n    title: t\n    ownr: x\n"
    error = refused(ControlsFile, "controls/nel.yaml", text.encode())
    unknown = next(p for p in error.problems if "unknown field" in p.message)
    assert (unknown.line, unknown.column) == (5, 5)
