"""Run `compliance ARGS...` in this process, timing WeasyPrint's layout and PDF writing.

    python benchmarks/build_probe.py OUT.json build [--out DIR] ...

Writes {"total": s, "weasyprint_render": s, "weasyprint_write_pdf": s, "exit": code} to
OUT.json. The total runs from interpreter start-up, so imports count as time outside
WeasyPrint (a conservative share).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import functools  # noqa: E402 - the clock starts before any import
import json  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

SPENT = {"weasyprint_render": 0.0, "weasyprint_write_pdf": 0.0}


def _timed(owner: Any, name: str, bucket: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[bucket] += time.perf_counter() - start

    setattr(owner, name, wrapper)


def main() -> int:
    out, args = Path(sys.argv[1]), sys.argv[2:]
    import weasyprint
    import weasyprint.document

    _timed(weasyprint.HTML, "render", "weasyprint_render")
    _timed(weasyprint.document.Document, "write_pdf", "weasyprint_write_pdf")
    from compliance.cli.main import main as cli

    code: Any = 0
    try:
        cli(args, prog_name="compliance")
    except SystemExit as exc:
        code = exc.code
    total = time.perf_counter() - STARTED
    out.write_text(json.dumps({"total": total, **SPENT, "exit": code}))
    return int(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
