"""The packet manifest states the Code of Practice's retention periods, with their sources."""

from __future__ import annotations

import json

from packet_helpers import Built

from compliance.load.figures import figure


def test_the_manifest_lists_each_retention_period_with_its_source(built: Built) -> None:
    manifest = json.loads((built.folder / "manifest.json").read_text())
    by_id = {r["id"]: r for r in manifest["retention"]}
    assert set(by_id) == {
        "serious-incident-documentation-retention-years",
        "additional-documentation-retention-years",
    }
    for figure_id, row in by_id.items():
        shipped = figure(figure_id)
        assert row["value"] == shipped.value and row["unit"] == "years"
        assert row["source"] == shipped.source and row["verified"] == shipped.verified
    assert by_id["serious-incident-documentation-retention-years"]["at_least"] == "5 years"
