"""The dashboard in a real browser: playwright (PyPI) driving Debian's chromium.

A uvicorn server on a free loopback port serves a ledger built by the real
pipeline (``test_web_api.build_ledger``). Screenshots go to artifacts/web/.
Skipped when playwright or chromium is missing (CI installs both).
"""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from test_web_api import XSS_MARK, build_ledger  # noqa: E402

from tacitus.web import create_app  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Debian chromium is not installed (apt-get install chromium)")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "web"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = build_ledger(tmp_path_factory.mktemp("browser") / "ledger.db")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records page errors, dialogs and every request leaving loopback."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 950})
    pg = ctx.new_page()
    pg.errors, pg.dialogs, pg.external = [], [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: None if r.url.startswith(base_url) else pg.external.append(r.url))
    yield pg
    ctx.close()


def _ready(pg) -> None:
    pg.wait_for_selector("body[data-ready='1']", timeout=15000)


def _wait(condition, timeout: float = 10.0) -> None:
    """Poll ``condition`` (the page's CSP forbids the eval that wait_for_function needs)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def _shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_map_renders_incidents_offline(page, base_url):
    page.goto(base_url + "/")
    _ready(page)
    markers = page.locator("path.incident-marker")
    assert markers.count() >= 3
    assert page.locator("path.occupied").count() == 1, "Crimea is drawn with the occupied hatch"
    assert "under Russian occupation" in page.locator("#legend").inner_text()
    assert "GeoNames" in page.locator("footer").inner_text()
    assert page.locator("#timeline rect").count() > 0
    assert page.locator("#claimant-table tbody tr").count() > 0
    _shot(page, "dashboard")
    assert page.external == [] and page.errors == []


def test_filter_changes_what_is_shown(page, base_url):
    page.goto(base_url + "/")
    _ready(page)
    before = page.locator("#incident-list li").count()
    page.select_option("#f-country", "SD")
    _wait(lambda: page.locator("#incident-list li").count() < before)
    after = page.locator("#incident-list li")
    assert 0 < after.count() < before
    assert "El Fasher" in page.locator("#incident-list").inner_text()
    assert "country=SD" in page.url
    _shot(page, "dashboard-filtered")


def test_radius_filter_from_the_url_and_from_a_click_on_the_map(page, base_url):
    page.goto(base_url + "/?near=15.5,25.0,400")  # El Fasher lies ~210 km away
    _ready(page)
    _wait(lambda: page.locator("path.near-circle").count() == 1)
    listed = page.locator("#incident-list").inner_text()
    assert "El Fasher" in listed and "Kharkiv" not in listed
    assert page.locator("#f-km").input_value() == "400" and "400 km" in page.locator("#near-hint").inner_text()
    _shot(page, "dashboard-near")
    page.select_option("#f-km", "")  # any distance: the circle goes, every incident comes back
    _wait(lambda: page.locator("path.near-circle").count() == 0 and "near=" not in page.url)
    _wait(lambda: "Kharkiv" in page.locator("#incident-list").inner_text())
    page.select_option("#f-km", "250")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] - 60, box["y"] + box["height"] / 2)  # right edge: no marker, no legend
    _wait(lambda: page.locator("#f-near").input_value().endswith(",250")
          and page.locator("path.near-circle").count() == 1)
    assert "within 250 km" in page.locator("#near-hint").inner_text()
    page.reload()  # the filter lives in the URL (page.url may lag a replaceState; a reload does not)
    _ready(page)
    assert page.locator("#f-near").input_value().endswith(",250") and page.locator("path.near-circle").count() == 1
    assert page.errors == [] and page.external == []


def test_click_through_to_incident_claims_and_document(page, base_url):
    page.goto(base_url + "/?country=UA")
    _ready(page)
    page.locator("#incident-list li", has_text="Kharkiv").first.locator("a.inc-link").click()
    page.wait_for_url("**/view/incident/**")
    _ready(page)
    assert page.locator(".claim").count() >= 1
    text = page.locator("#claims").inner_text()
    # the dateline (KHARKIV) is where the story was filed: the air force's 46 drones are a
    # country-wide figure, so the Kharkiv incident holds the governor's claim
    assert "Syniehubov" in text and "injured" in text
    assert page.locator(".claim mark.hl").count() >= 1, "the figure is highlighted in its evidence sentence"
    assert page.locator("#events li").count() >= 2
    _shot(page, "incident")
    page.locator("a.doc-link").first.click()
    page.wait_for_url("**/view/document/**")
    _ready(page)
    assert page.locator("#text mark.ev").count() >= 1
    assert "Also Read" in page.locator("#removed").inner_text(), "removed boilerplate is listed (greyed)"
    _shot(page, "document")
    assert page.errors == []


def test_hostile_report_stays_inert(page, base_url):
    page.goto(base_url + "/?country=UA")
    _ready(page)
    page.goto(base_url + "/")
    _ready(page)
    doc_id = page.evaluate("fetch('/documents?limit=100').then(r => r.json())"
                           ".then(b => b.items.find(d => d.source === 't/hostile.txt').id)")
    page.goto(base_url + f"/view/document/{doc_id}")
    _ready(page)
    assert "<script>window.__xss=3</script>" in page.locator("#text").inner_text(), "markup shown as text"
    assert "<img src=x" in page.locator("#title").inner_text()
    assert page.locator("#text script, #text img, #title img, #title script, a[href^='javascript']").count() == 0
    incidents = page.evaluate("fetch('/incidents?limit=500').then(r => r.json()).then(b => b.items"
                              ".filter(i => i.members.some(m => m.startsWith('%s'))).map(i => i.id))" % doc_id)
    for inc in incidents:
        page.goto(base_url + f"/view/incident/{inc}")
        _ready(page)
    _shot(page, "hostile")
    assert page.evaluate("window.__xss === undefined")
    assert page.dialogs == [] and page.errors == []
    assert XSS_MARK in page.content() or incidents == []


def test_api_docs_render_offline_under_the_csp(page, base_url):
    """The interactive API reference comes from this server's own files: nothing
    leaves loopback, no inline script is needed, and the CSP blocks nothing."""
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base_url + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "tacitus" in page.locator(".swagger-ui .info .title").inner_text()
    _wait(lambda: page.locator(".opblock").count() >= 6)
    assert "/documents/jobs/{job_id}" in page.locator(".swagger-ui").inner_text()
    _shot(page, "api-docs")
    assert page.external == [] and page.errors == [] and violations == []
