"""The example's machine outputs are pinned: a refactor must not change a byte of them.

`tests/data/golden/workspace/` is a frozen copy of the example workspace; the expected
`check` and `gate` JSON beside it were produced by the tool before the pipeline move.
Regenerate them on purpose only: `python tests/test_golden_outputs.py`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from compliance.cli.main import main

GOLDEN = Path(__file__).parent / "data" / "golden"
COMMANDS = {
    "check.json": (["check", "--format", "json", "--no-cache"], 1),
    "gate.json": (["gate", "--format", "json"], 3),
}


def build_golden_repo(root: Path) -> Path:
    """The frozen example committed once at a fixed date by a fixed author."""
    from tests.conftest import GitRepo

    shutil.copytree(GOLDEN / "workspace", root)
    repo = GitRepo(root)
    repo.commit("Halcyon-2 release workspace", date="2026-11-20T10:00:00+00:00")
    return root


def run_command(root: Path, args: list[str], exit_code: int) -> bytes:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, [*args, "--project", str(root)])
    assert result.exit_code == exit_code, result.output
    return result.stdout_bytes


def test_check_and_gate_json_are_byte_identical_to_the_pinned_outputs(tmp_path: Path) -> None:
    root = build_golden_repo(tmp_path / "ws")
    for name, (args, code) in COMMANDS.items():
        assert run_command(root, args, code) == (GOLDEN / name).read_bytes(), name


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent.parent))
    with tempfile.TemporaryDirectory() as tmp:
        root = build_golden_repo(Path(tmp) / "ws")
        for name, (args, code) in COMMANDS.items():
            (GOLDEN / name).write_bytes(run_command(root, args, code))
            print(f"wrote {GOLDEN / name}")
    subprocess.run(["git", "status", "--short", str(GOLDEN)], check=False)
