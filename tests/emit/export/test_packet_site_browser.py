"""The packet site in a real browser: Debian's headless Chromium driven by Selenium.

Selenium with Debian's `chromium-driver` rather than Playwright: the driver is built from
the same source package as the browser, so their versions always match, and nothing is
downloaded at test time (Playwright is built for its own Chromium builds and ships a
driver of its own). `make system-deps` installs both as root; `make test` installs
axe-core from npm into .cache/axe. Without them these tests skip and say so.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from site_helpers import PAGES, REPO_ROOT, example_packet, ids_of

pytestmark = pytest.mark.browser


def _program(variable: str, name: str) -> Path:
    return Path(os.environ.get(variable) or shutil.which(name) or f"/usr/bin/{name}")


CHROMIUM = _program("COMPLIANCE_CHROMIUM", "chromium")
CHROMEDRIVER = _program("COMPLIANCE_CHROMEDRIVER", "chromedriver")
"""Debian's paths, unless found elsewhere on PATH or named by these variables."""
AXE = REPO_ROOT / ".cache/axe/node_modules/axe-core/axe.min.js"
INSTALL = "install it with `make system-deps` (as root: apt-get install chromium chromium-driver)"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)


def _browser_missing() -> str | None:
    for need in (CHROMIUM, CHROMEDRIVER):
        if not need.is_file():
            return f"no {need}: {INSTALL}"
    return None


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_packet(tmp_path_factory)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    missing = _browser_missing()
    if missing:
        pytest.skip(missing)
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="needs selenium: pip install -e '.[dev]'"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    browser = webdriver.Chrome(options=options, service=service)
    try:
        yield browser
    finally:
        browser.quit()


def _open(driver: object, folder: Path, page: str) -> None:
    driver.get((folder / page).as_uri())  # type: ignore[attr-defined]


def _visible_rows(driver: object) -> int:
    return driver.execute_script(  # type: ignore[attr-defined,no-any-return]
        "return [...document.querySelectorAll('tr[data-status]')]"
        ".filter(r => r.offsetParent !== null).length"
    )


def test_every_link_the_browser_sees_opens_a_file_in_the_packet(driver, folder: Path) -> None:
    root = folder.resolve()
    seen = 0
    for page in PAGES:
        _open(driver, folder, page)
        urls = driver.execute_script(
            "return [...document.querySelectorAll('a[href]')].map(a => a.href)"
            ".concat([...document.querySelectorAll('link[href]')].map(l => l.href))"
            ".concat([...document.querySelectorAll('script[src]')].map(s => s.src))"
        )
        assert urls, page
        for url in urls:
            parts = urlsplit(url)
            assert parts.scheme == "file", f"{page}: {url}"
            target = Path(unquote(parts.path)).resolve()
            assert target.is_file() and target.is_relative_to(root), f"{page}: {url}"
            if parts.fragment:
                assert unquote(parts.fragment) in ids_of(target), f"{page}: {url}"
            seen += 1
    assert seen > 200


def test_the_filter_shows_the_rows_of_the_chosen_status_and_framework(driver, folder: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    coverage = json.loads((folder / "coverage.json").read_text())
    reqs = [r for fw in coverage["frameworks"] for r in fw["requirements"]]
    gaps = [r for r in reqs if r["status"] == "gap"]
    nist_gaps = [r for r in gaps if r["framework"] == "nist-ai-rmf-1.0"]
    assert 0 < len(nist_gaps) < len(gaps) < len(reqs)

    _open(driver, folder, "site/requirements.html")
    assert driver.find_element(By.ID, "filter").is_displayed()
    assert _visible_rows(driver) == len(reqs)
    driver.find_element(By.ID, "filter-status").click()
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("gap")
    assert _visible_rows(driver) == len(gaps)
    Select(driver.find_element(By.ID, "filter-framework")).select_by_value("nist-ai-rmf-1.0")
    assert _visible_rows(driver) == len(nist_gaps)
    status = driver.find_element(By.ID, "filter-count").text
    assert status == f"{len(nist_gaps)} of {len(reqs)} requirements shown."
    hidden = driver.execute_script(
        "return [...document.querySelectorAll('section[data-framework]')]"
        ".filter(s => s.hidden).map(s => s.dataset.framework)"
    )
    assert "nist-ai-rmf-1.0" not in hidden and "eu-ai-act-annex-xi" in hidden
    driver.find_element(By.CSS_SELECTOR, "#filter button[type=reset]").click()
    assert _visible_rows(driver) == len(reqs)


def test_a_coverage_count_on_the_landing_page_opens_the_filtered_requirements(
    driver, folder: Path
) -> None:
    from selenium.webdriver.common.by import By

    coverage = json.loads((folder / "coverage.json").read_text())
    annex = next(fw for fw in coverage["frameworks"] if fw["id"] == "eu-ai-act-annex-xi")
    partial = [r for r in annex["requirements"] if r["status"] == "partial"]
    _open(driver, folder, "index.html")
    driver.find_element(By.CSS_SELECTOR, '[aria-label="2 partial in eu-ai-act-annex-xi"]').click()
    assert driver.current_url.endswith("?framework=eu-ai-act-annex-xi&status=partial")
    assert _visible_rows(driver) == len(partial) == 2


def test_no_page_logs_an_error_to_the_console(driver, folder: Path) -> None:
    driver.get_log("browser")  # drop anything logged before
    for page in PAGES:
        _open(driver, folder, page)
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert errors == [], page


def test_a_screenshot_of_the_landing_page_is_not_blank(
    driver, folder: Path, tmp_path: Path
) -> None:
    Image = pytest.importorskip("PIL.Image", reason="needs Pillow")
    _open(driver, folder, "index.html")
    # COMPLIANCE_SCREENSHOTS=<folder> keeps the picture for a person to look at
    keep = os.environ.get("COMPLIANCE_SCREENSHOTS")
    shot = (Path(keep) if keep else tmp_path) / "landing.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(shot))
    with Image.open(shot) as img:
        rgb = img.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        assert rgb.size[0] >= 1000
    assert len(colours) > 50, "the landing page rendered (almost) one colour"
    white = max(colours)[0] / (rgb.size[0] * rgb.size[1])
    assert white < 0.97, "the landing page is (almost) empty"


def test_axe_core_finds_no_serious_or_critical_accessibility_violation(
    driver, folder: Path
) -> None:
    if not AXE.is_file():
        pytest.skip(f"no axe-core at {AXE}: `make test` installs it (npm, into .cache/axe)")
    script = AXE.read_text("utf-8")
    driver.set_script_timeout(120)
    found = {}
    for page in PAGES:
        _open(driver, folder, page)
        driver.execute_script(script)
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document)"
            ".then(r => done([['passes', r.passes.length > 10 ? 'ran' : 'did not run', 0]]"
            "  .concat(r.violations.map(v => [v.id, v.impact, v.nodes.length]))))"
            ".catch(e => done([['axe-error', 'critical', String(e)]]));"
        )
        assert result[0][1] == "ran", page
        bad = [v for v in result if v[1] in ("serious", "critical")]
        if bad:
            found[page] = bad
    assert found == {}
