"""Hostile-input suite: a time-bounded hypothesis profile and a starter workspace per test."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# "ci" bounds the fuzz tests so the whole hostile suite stays within about a minute;
# select it for every hypothesis test with --hypothesis-profile=ci.
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
