"""The packet's browsable site, read as files: complete, linked, hashed, honest per audience.

tests/emit/export/test_packet_site_browser.py drives the same site in Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from site_helpers import PAGES, example_packet, ids_of, page_links, resolve

from compliance.emit.export.manifest import parse_sums, sha256_hex
from compliance.emit.export.verify import verify_packet

ASSETS = ("site/filter.js", "site/site.css")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_packet(tmp_path_factory)


@pytest.fixture(scope="module")
def downstream(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_packet(tmp_path_factory, "downstream")


def _text(folder: Path, page: str) -> str:
    return (folder / page).read_text("utf-8")


def test_every_page_and_asset_is_in_the_manifest_and_sums_with_its_hash(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {f["path"]: f for f in manifest["files"]}
    sums = parse_sums((folder / "SHA256SUMS").read_bytes())
    for path in (*PAGES, *ASSETS):
        data = (folder / path).read_bytes()
        assert listed[path]["sha256"] == sums[path] == sha256_hex(data)
        assert listed[path]["role"] in ("index", "site")
    assert verify_packet(folder, None).intact


def test_every_link_of_every_page_resolves_to_a_file_in_the_packet(folder: Path) -> None:
    checked = 0
    for page in PAGES:
        links, _ids = page_links(_text(folder, page))
        assert links, page
        for link in links:
            target, fragment = resolve(folder, page, link)
            assert target.is_file(), f"{page}: {link}"
            assert target.is_relative_to(folder.resolve()), f"{page}: {link}"
            if fragment:
                assert fragment in ids_of(target), f"{page}: {link}"
            checked += 1
    assert checked > 200


def test_the_site_needs_nothing_from_outside_the_packet(folder: Path) -> None:
    for page in PAGES:
        html = _text(folder, page)
        assert "Content-Security-Policy" in html and "default-src 'none'" in html
        assert not re.search(r"""(?:src|href)=["'](?:[a-z]+:|//)""", html), page
        assert "<style" not in html and " style=" not in html, page  # the CSP forbids them
        assert re.search(r'<script src="(?:\.\./)?site/filter\.js" defer></script>', html)
    for asset in ASSETS:
        assert not re.search(r"https?:|@import|url\(|fetch\(|XMLHttpRequest", _text(folder, asset))


def test_the_landing_page_is_the_decision_record(folder: Path) -> None:
    html = _text(folder, "index.html")
    assert '<p class="verdict verdict-no-go">Release decision: <strong>NO-GO</strong></p>' in html
    # the reason, in the words of the go/no-go's page 1 (record.verdict_reason)
    assert (
        '<p class="reason">Awaiting sign-off: every other rule would allow a conditional '
        "release, but the required approvals of this commit are missing.</p>"
    ) in html
    assert "20 gate rules: 14 passed, 1 waived, 1 blocking failure, 4 conditions open." in html
    for condition in ("evidence-fresh", "refusal-language-parity", "release-sign-off"):
        assert f'href="site/gate.html#rule-{condition}">{condition}</a>' in html
    assert "nist-rmf-coverage" in html and "Head of AI Governance" in html  # the waiver
    assert "0 of 2 roles approved" in html  # the sign-off rule
    assert re.search(r'status-void">void</span> void: approves', html)  # the record, and why
    assert "sha256sum -c SHA256SUMS" in html and "git hash-object" in html


def _row(html: str, rule: str) -> list[str]:
    """The cells of the decision record's row for `rule` (after the rule's own header)."""
    row = re.search(rf'<tr><th scope="row"><a [^>]*>{re.escape(rule)}</a></th>(.*?)</tr>', html)
    assert row, rule
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_each_condition_and_blocking_failure_shows_its_owner_due_date_and_binding(
    folder: Path,
) -> None:
    html = _text(folder, "index.html")
    html = html[html.index('id="decision"') : html.index("<h3>Waivers</h3>")]
    # owner, due, binds: the last three cells, as compliance.yaml sets them
    assert _row(html, "evidence-fresh")[-3:] == [
        "Head of Pretraining",
        "2026-12-14",
        "after release",
    ]
    assert _row(html, "self-harm-classifier-parity")[-3:] == [
        "Trust and Safety Operations Lead",
        "2026-12-11",
        "before release",
    ]
    # the blocking sign-off rule has no due date: said so, never blank
    assert _row(html, "release-sign-off")[-3:] == [
        "Head of AI Governance",
        "no due date set",
        "before release",
    ]
    assert '<td class="nowrap unset">no due date set</td>' in html
    assert "<td></td>" not in html


def test_an_unowned_failed_rule_says_what_is_not_set(folder: Path, tmp_path: Path) -> None:
    from compliance.emit.export.index_page import site_files

    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["gate"] = {"verdict": "CONDITIONAL GO"}
    rule = {
        "rule": "docs-reviewed",
        "kind": "freshness",
        "severity": "condition",
        "outcome": "failed",
        "message": "1 stale",
        "observed": "1 stale",
        "threshold": "0 stale",
        "evidence": [],
        "location": None,
        "waiver": None,
        "owner": None,
        "due": None,
        "binds": None,
        "notes": [],
    }
    gate = {
        "verdict": "CONDITIONAL GO",
        "notes": [],
        "summary": {"blocking_failures": [], "conditions": ["docs-reviewed"]},
        "rules": [rule],
        "waivers": [],
    }
    pages = site_files(manifest, {}, "p", tmp_path, gate=gate, signoffs=[])
    index = pages["index.html"][1].decode()
    assert '<p class="reason">Release allowed with 1 condition stated below.</p>' in index
    assert _row(index, "docs-reviewed")[-3:] == ["no owner set", "no due date set", "not stated"]
    assert "1 gate rule: 0 passed, 0 waived, 0 blocking failures, 1 condition open." in index
    gate_page = pages["site/gate.html"][1].decode()
    assert 'Owner: <span class="unset">no owner set</span>' in gate_page
    assert 'Due: <span class="unset">no due date set</span>' in gate_page
    assert "<caption>1 rule of the release gate" in gate_page


def test_requirements_show_controls_and_link_the_evidence_copies(folder: Path) -> None:
    html = _text(folder, "site/requirements.html")
    coverage = json.loads((folder / "coverage.json").read_text())
    total = sum(len(fw["requirements"]) for fw in coverage["frameworks"])
    assert html.count('<tr data-status="') == total
    assert f"{total} of {total} requirements shown." in html
    assert "CTL-DOC-01" in html
    assert '<a href="../repo/evidence/model-card.md">evidence/model-card.md</a>' in html
    for label in ('for="filter-status"', 'for="filter-framework"'):
        assert label in html


def test_gate_rules_link_their_inputs_and_where_the_policy_writes_them(folder: Path) -> None:
    html = _text(folder, "site/gate.html")
    assert 'href="../repo/evidence/evaluations/refusal-by-language.csv"' in html
    assert re.search(r'<a href="\.\./repo/compliance\.yaml">compliance\.yaml:\d+</a>', html)


def test_the_gate_page_lists_each_rules_owner_due_date_and_binding(folder: Path) -> None:
    html = _text(folder, "site/gate.html")
    assert '<th scope="col">Owner, due, binds</th>' in html
    rows = dict(re.findall(r'<tr id="rule-([^"]+)">(.*?)</tr>', html, re.S))
    assert len(rows) == 20
    waived = rows["nist-rmf-coverage"]
    assert "Owner: <span>Head of AI Governance</span>" in waived
    assert (
        "Due: <span>2027-03-31</span>" in waived and "Binds: <span>after release</span>" in waived
    )
    unowned = rows["must-have-safety"]
    assert 'Owner: <span class="unset">no owner set</span>' in unowned
    assert 'Due: <span class="unset">no due date set</span>' in unowned
    assert 'Binds: <span class="unset">not stated</span>' in unowned


def test_each_oscal_file_is_described_in_words_of_its_own(folder: Path) -> None:
    html = _text(folder, "site/files.html")
    html = html[html.index('id="oscal"') : html.index('id="evidence"')]
    rows = re.findall(r'<a href="\.\./(oscal/[^"]+)">[^<]+</a></th><td>([^<]+)</td>', html)
    on_disk = sorted(p.relative_to(folder).as_posix() for p in (folder / "oscal").iterdir())
    assert [path for path, _ in rows] == on_disk
    descriptions = [d for _, d in rows]
    assert len(set(descriptions)) == len(descriptions)
    assert any("14 requirements" in d and "Annex XI:" in d for d in descriptions)


def test_a_downstream_site_shows_what_the_audience_is_given_and_lists_the_rest(
    downstream: Path,
) -> None:
    index = _text(downstream, "index.html")
    assert "Release decision withheld" in index and "CONDITIONAL GO" not in index
    assert "NO-GO" not in index and "Awaiting sign-off" not in index and "Owner" not in index
    assert "Withheld from this audience" in index
    requirements = _text(downstream, "site/requirements.html")
    assert 'data-framework="eu-ai-act-annex-xii"' in requirements
    assert "nist-ai-rmf-1.0" not in requirements and "CTL-DOC-01" not in requirements
    assert "release-sign-off" not in _text(downstream, "site/gate.html")
    files = _text(downstream, "site/files.html")
    manifest = json.loads((downstream / "manifest.json").read_text())
    for item in manifest["withheld"]:
        assert item["sha256"] in files
    for page in PAGES:
        for link in page_links(_text(downstream, page))[0]:
            assert resolve(downstream, page, link)[0].is_file(), f"{page}: {link}"


HOSTILE = """evidence/x"><img src=x onerror=alert(1)> & 'q'.md"""


def test_a_hostile_evidence_name_stays_text_and_its_link_still_opens_the_copy(
    git_repo, tmp_path: Path
) -> None:
    from export_workspace import CONTROLS, populate
    from packet_helpers import make_packet

    repo = git_repo("hostile")
    populate(repo)
    quoted = HOSTILE.replace("'", "''")
    repo.write("controls/controls.yaml", CONTROLS.replace("evidence/policy.md", f"'{quoted}'"))
    repo.write(HOSTILE, "# Policy\n")
    repo.commit("a hostile evidence name", date="2026-03-01T10:00:00+01:00")
    _zip, folder = make_packet(repo.root, tmp_path / "out")
    assert (folder / "repo" / HOSTILE).is_file()
    for page in PAGES:
        html = _text(folder, page)
        assert "<img" not in html and "onerror=alert(1)>" not in html, page
        for link in page_links(html)[0]:
            assert resolve(folder, page, link)[0].is_file(), f"{page}: {link}"
    assert "x&#34;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39;.md" in _text(
        folder, "site/requirements.html"
    )
