"""Every exit code the CLI can return, in one place: scripts and CI depend on them."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of `compliance`."""

    OK = 0
    """Clean: no gaps (check), GO (gate), packet intact (verify)."""
    FINDINGS = 1
    """Gaps or failures found (check/gaps), NO-GO (gate), tampered or incomplete (verify)."""
    INVALID_INPUT = 2
    """Invalid input or usage: bad YAML, unknown ids, unreadable packet, bad flags."""
    CONDITIONAL = 3
    """CONDITIONAL GO (gate): may ship once the stated conditions are met."""
    INTERNAL_ERROR = 70
    """A bug in compliance-docs itself (EX_SOFTWARE); set COMPLIANCE_DEBUG=1 for a traceback."""
    BROKEN_PIPE = 141
    """The reader of stdout went away (`compliance ... | head`): a quiet exit, no message,
    with the status a shell gives a tool ended by SIGPIPE (128 + 13)."""
