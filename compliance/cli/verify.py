"""`compliance verify PACKET`: is this packet exactly what was built and assessed?"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from compliance.cli.common import guarded, project_option
from compliance.core.errors import InputError
from compliance.core.exit_codes import ExitCode

if TYPE_CHECKING:
    from compliance.emit.export.verify import Finding


@click.command("verify")
@click.argument("packet", type=click.Path(path_type=Path))
@click.option(
    "--repo",
    "repo",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Also check each evidence copy against the named commit in this git repository.",
)
@project_option(
    help="The workspace whose git repository the copies are checked against (as --repo)."
)
@guarded
def command(packet: Path, repo: Path | None, project: Path | None) -> ExitCode:
    """Check a packet's files, hashes and PDFs; exit 0 intact, 1 tampered, 2 unreadable.

    Every file is checked against SHA256SUMS and manifest.json, every report PDF against
    the manifest embedded in it (which pins the commit, the evidence and the other inputs),
    and with --repo every copy against the commit in git. Without --repo the verdict says
    it checked internal consistency only. --project names the workspace whose repository
    the copies are checked against (as --repo does, from the workspace's folder).

    Example: compliance verify build/example-packet.zip --repo .
    """
    from compliance.emit.export.verify import PacketUnreadable, verify_packet

    if repo is None and project is not None:
        from compliance.cli.common import project_root

        repo = project_root(project)
    try:
        result = verify_packet(packet, repo)
    except PacketUnreadable as exc:
        raise InputError.single(str(packet), str(exc)) from None
    for line in finding_lines(result.findings):
        click.echo(line)
    if result.draft:
        listed = ", ".join(result.modified_inputs) or "everything (no commit yet)"
        click.echo(
            f"DRAFT packet: built from the working tree with uncommitted changes to {listed}; "
            f"it is not a release packet for commit {result.commit or '(none)'}",
            err=True,
        )
    click.echo(result.verdict(), err=True)
    return ExitCode.OK if result.intact else ExitCode.FINDINGS


def finding_lines(findings: list[Finding]) -> list[str]:
    """One line per file: a path with several findings is named once, its details joined."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    lines = []
    for path, found in by_path.items():
        if len(found) == 1:
            lines.append(str(found[0]))
            continue
        first, *more = found
        details = [first.detail or first.kind]
        details += [f"{f.kind}: {f.detail}" if f.detail else f.kind for f in more]
        lines.append(f"{first.kind}: {path}: {'; '.join(details)}")
    return lines
