"""`compliance verify PACKET`: is this packet exactly what was built and assessed?"""

from __future__ import annotations

from pathlib import Path

import click

from compliance.cli.common import guarded
from compliance.core.errors import InputError
from compliance.core.exit_codes import ExitCode


@click.command("verify")
@click.argument("packet", type=click.Path(path_type=Path))
@click.option(
    "--repo",
    "repo",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Also check each evidence copy against the named commit in this git repository.",
)
@guarded
def command(packet: Path, repo: Path | None) -> ExitCode:
    """Check a packet's files, hashes and PDFs; exit 0 intact, 1 tampered, 2 unreadable.

    Every file is checked against SHA256SUMS and manifest.json, every report PDF against
    the manifest embedded in it (which pins the commit, the evidence and the other inputs),
    and with --repo every copy against the commit in git. Without --repo the verdict says
    it checked internal consistency only.

    Example: compliance verify build/example-packet.zip --repo .
    """
    from compliance.emit.export.verify import PacketUnreadable, verify_packet

    try:
        result = verify_packet(packet, repo)
    except PacketUnreadable as exc:
        raise InputError.single(str(packet), str(exc)) from None
    for finding in result.findings:
        click.echo(str(finding))
    click.echo(result.verdict(), err=True)
    return ExitCode.OK if result.intact else ExitCode.FINDINGS
