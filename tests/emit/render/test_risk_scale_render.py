"""One risk scale: a custom `risk_scale:` drives the heat maps, the register and the gate."""

from __future__ import annotations

import re
from pathlib import Path

from render_helpers import PROJECT, make_workspace

from compliance.emit.render.context import build_context
from compliance.emit.render.environment import make_environment, template_dirs
from compliance.pipeline import run

SCALE = """\
risk_scale:
  bands:
    - {name: acceptable, min: 1, max: 6, colour: "#aaffaa"}
    - {name: tolerable, min: 7, max: 12, colour: "#ffee00"}
    - {name: intolerable, min: 13, max: 25, colour: "#ff0000"}
gate:
  rules:
    - id: appetite
      kind: risk
      max_residual_level: tolerable
      acceptance_role: Chief Risk Officer
"""

# residual 3x3 = 9 is tolerable; 4x4 = 16 is intolerable and not accepted
RISKS = """\
schema_version: 1
risks:
  - id: RISK-MID
    title: Memorised personal data
    harm_category: privacy
    likelihood: 3
    severity: 3
    owner: Privacy Lead
  - id: RISK-BIG
    title: Harmful instructions
    harm_category: cbrn
    likelihood: 5
    severity: 5
    residual: {likelihood: 4, severity: 4}
    owner: Safety Lead
"""


def _html(root: Path, kind: str, title: str) -> str:
    r = run(root)
    ctx = build_context(r, kind, title, "A4")
    ctx["fonts"] = {}
    return make_environment(template_dirs(root)).get_template(f"{kind}.html").render(ctx)


def test_a_custom_scale_drives_the_heat_map_legend_the_register_and_the_gate(
    tmp_path: Path,
) -> None:
    root = make_workspace(
        tmp_path, {"compliance.yaml": PROJECT + SCALE, "risks/register.yaml": RISKS}
    )
    html = _html(root, "risk-assessment", "Pre-release risk assessment")
    # the legend under each heat map and in the caption: the custom bands, nothing else
    assert html.count("acceptable 1–6") == 2 and html.count("intolerable 13–25") == 2
    assert "1–6 acceptable" in html and "13–25 intolerable" in html
    for old in ("moderate", "elevated", "critical"):
        assert old not in html
    # the cells take the band colours: 1x1 is acceptable, 5x5 intolerable
    heat = html[html.index('aria-label="Residual risk"') :]
    cells = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="52" height="52" fill="(#\w+)"', heat)
    assert len(cells) == 25
    # rows from likelihood 5 down to 1, each from severity 1 to 5
    assert cells[:5] == ["#aaffaa", "#ffee00", "#ff0000", "#ff0000", "#ff0000"]  # 5 10 15 20 25
    assert cells[20:] == ["#aaffaa"] * 5  # likelihood 1: scores 1 to 5
    assert set(cells) == {"#aaffaa", "#ffee00", "#ff0000"}
    # the register's badges name the band
    assert re.search(r'background: #ffee00">9 tolerable<', html)
    assert re.search(r'background: #ff0000">16 intolerable<', html)
    # and the gate judges by the same bands
    rule = next(r for r in run(root).decision.rules if r.rule == "appetite")
    assert not rule.passed
    assert "RISK-BIG" in rule.message and "RISK-MID" not in rule.message
    assert "residual band tolerable or lower, score <= 12" in rule.message
    assert any("RISK-BIG (16, intolerable;" in n for n in rule.notes)


def test_the_go_no_go_report_shows_residual_ratings_on_the_same_scale(tmp_path: Path) -> None:
    root = make_workspace(
        tmp_path, {"compliance.yaml": PROJECT + SCALE, "risks/register.yaml": RISKS}
    )
    html = _html(root, "go-no-go", "Release go/no-go decision")
    assert re.search(r'background: #ff0000">16 intolerable<', html)
