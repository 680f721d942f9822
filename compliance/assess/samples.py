"""Reproducible random samples of an evaluation log, seeded from the log's own sha256.

Each sample is ranked by sha256("<log sha256>:<sample id>#<epoch>") and the k lowest are
taken: two builds of the same log pick the same samples, any change to the log's bytes
picks others, and anyone holding the log can redo the draw without this tool.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from compliance.link.readers.io_samples import IoSample


def rank(log_sha256: str, sample: IoSample) -> str:
    return hashlib.sha256(f"{log_sha256}:{sample.key}".encode()).hexdigest()


def draw(samples: Sequence[IoSample], log_sha256: str, k: int) -> list[IoSample]:
    """k samples (all when there are fewer), in draw order."""
    return sorted(samples, key=lambda s: (rank(log_sha256, s), s.key))[: max(k, 0)]
