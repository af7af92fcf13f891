"""The REST API over a real SQLite ledger built by the real pipeline from reports written for these tests."""
from __future__ import annotations

import csv
import io
import json
import threading
import time
from datetime import date
from pathlib import Path

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from tacitus.model import RawDocument  # noqa: E402
from tacitus.store import open_store  # noqa: E402
from tacitus.web import create_app  # noqa: E402

XSS_TITLE = '<img src=x onerror="window.__xss=1">Drone raid <script>window.__xss=2</script>'
XSS_MARK = "Zlatoustivka"  # an invented village name that only the hostile report mentions

# Short reports written for these tests in the style of wire copy (invented, not real articles).
REPORTS: list[dict] = [
    dict(source="t/kharkiv.txt", outlet="Reuters", published=date(2025, 9, 12), title="Drones hit Kharkiv overnight",
         text="KHARKIV, Ukraine, Sept 12 (Reuters) - Russia launched 46 drones at Ukraine overnight, "
              "Ukraine's air force said on Friday, adding that 38 were shot down. Drones struck two "
              "warehouses in Kharkiv, regional governor Oleh Syniehubov said. Three people were injured.\n\n"
              "Also Read | Kharkiv residents queue for water after overnight strikes\n\n"
              "Share this article on social media"),
    dict(source="t/kharkiv-ap.txt", outlet="Associated Press", published=date(2025, 9, 12),
         title="Ukraine says it downed most drones",
         text="KYIV (AP) - Ukraine's air force said Russia fired 46 Shahed-type drones overnight and that air "
              "defences destroyed 38 of them. A drone attack on Kharkiv set two warehouses ablaze, "
              "officials said."),
    dict(source="t/belgorod.txt", outlet="TASS", published=date(2025, 9, 13), title="Air defences repel raid",
         text="MOSCOW, September 13. /TASS/ - Air defence systems destroyed 27 Ukrainian drones over the "
              "Belgorod Region overnight, the Russian Defence Ministry said on Saturday."),
    dict(source="t/belgorod-mt.txt", outlet="The Moscow Times", published=date(2025, 9, 13),
         title="Belgorod governor reports damage",
         text="Ukrainian drones attacked Belgorod overnight, damaging a power substation, governor "
              "Vyacheslav Gladkov said on Saturday. The Defence Ministry claimed that around 30 drones "
              "were intercepted over the region."),
    dict(source="t/odesa.txt", outlet="Ukrainska Pravda", published=date(2025, 9, 14), title="Missile strike on Odesa port",
         text="ODESA, Sept 14 - Russian forces struck the port of Odesa with ballistic missiles on Sunday, "
              "killing two people and injuring nine, regional governor Oleh Kiper said."),
    dict(source="t/el-fasher.txt", outlet="Sudan Tribune", published=date(2025, 8, 12), title="Shelling in El Fasher",
         text="EL FASHER, Aug 12 - Rapid Support Forces shelled a market in El Fasher on Tuesday, killing "
              "at least 11 civilians, a local resistance committee said."),
    dict(source="t/hostile.txt", outlet="<b>Evil Outlet</b>", published=date(2025, 9, 15), title=XSS_TITLE,
         url="javascript:alert(document.cookie)",
         text=f"<script>window.__xss=3</script> Drones struck the village of {XSS_MARK} near Sumy overnight, "
              "Ukraine's air force said <img src=x onerror=\"window.__xss=4\">. "
              "<a href=\"javascript:window.__xss=5\">Read more</a> Two people were injured in Sumy, "
              "regional officials said on Monday."),
]


def build_ledger(path: Path) -> Path:
    """Run the real pipeline over :data:`REPORTS` and store the results in a SQLite ledger at ``path``."""
    from tacitus.pipeline import process

    results = [process(RawDocument(kind="text", **r)) for r in REPORTS]
    with open_store(path) as store:
        store.write_batch(results, [])
        store.ensure_linked()  # as `tacitus ingest` does: the server's reads never link
    return path


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("web") / "ledger.db")


@pytest.fixture(scope="module")
def client(ledger_path) -> TestClient:
    return TestClient(create_app(ledger_path, token=None, cors_origins=[]))


def test_documents_list_pages_in_ingest_order(client):
    first = client.get("/documents", params={"limit": 3}).json()
    assert first["total"] == len(REPORTS)
    assert [d["source"] for d in first["items"]] == [r["source"] for r in REPORTS[:3]]
    assert first["next"] and "offset=3" in first["next"]
    rest = client.get("/documents", params={"limit": 50, "offset": 3}).json()
    assert [d["source"] for d in rest["items"]] == [r["source"] for r in REPORTS[3:]]
    assert rest["next"] is None


def test_document_by_prefix_has_text_and_events(client):
    doc_id = client.get("/documents").json()["items"][0]["id"]
    doc = client.get(f"/documents/{doc_id[:6]}").json()
    assert doc["id"] == doc_id
    assert "46 drones" in doc["text"] and doc["events"]
    assert any(r["text"].startswith("Also Read") for r in doc["removed"])
    assert "Also Read" not in doc["text"]
    assert client.get("/documents/ffffffffffffffff").status_code == 404
    assert client.get("/documents/x'--").status_code == 404


def test_events_filters_match_the_store(client, ledger_path):
    with open_store(ledger_path) as store:
        for filters in ({"type": "interception"}, {"country": "RU"}, {"country": "sd"},
                        {"since": "2025-09-13"}, {"until": "2025-09-01"}, {"claimant": "air force"},
                        {"text": "warehouses"}):
            body = client.get("/events", params=filters).json()
            expected = store.count_events(**filters)
            assert body["total"] == expected, filters
            assert len(body["items"]) == min(expected, 50)
    attacks = client.get("/events", params={"type": "interception"}).json()["items"]
    assert attacks and all(e["type"] == "interception" for e in attacks)


def test_events_pagination_is_stable_and_complete(client):
    whole = client.get("/events", params={"limit": 500}).json()
    keys = [(e["document_id"], e["id"]) for e in whole["items"]]
    paged = []
    for offset in range(0, whole["total"], 2):
        paged += [(e["document_id"], e["id"]) for e in
                  client.get("/events", params={"limit": 2, "offset": offset}).json()["items"]]
    assert paged == keys and len(set(keys)) == whole["total"] > 4


def test_bad_parameters_are_422_not_500(client):
    assert client.get("/events", params={"since": "yesterday"}).status_code == 422
    assert client.get("/events", params={"limit": 0}).status_code == 422
    assert client.get("/events", params={"limit": 100000}).status_code == 422
    assert client.get("/events", params={"country": "R'; DROP TABLE events;--"}).status_code == 422
    assert client.get("/events", params={"claimant": "x' OR '1'='1"}).json()["total"] == 0
    assert client.get("/export/xml").status_code == 404


def test_incidents_link_reports_and_show_claims(client):
    body = client.get("/incidents", params={"limit": 500}).json()
    assert body["total"] == len(body["items"]) > 0
    multi = [i for i in body["items"] if i["documents"] >= 2]
    assert multi, "the two Kharkiv reports should be linked into one incident"
    located = [i for i in body["items"] if i["lat"] is not None]
    assert located and all(-90 <= i["lat"] <= 90 and -180 <= i["lon"] <= 180 for i in located)
    inc = client.get(f"/incidents/{multi[0]['id']}").json()
    assert len({e["document_id"] for e in inc["member_events"]}) >= 2
    assert inc["claims"]["roles"], "an incident with figures lists its claims by role"
    assert client.get("/incidents/inc-0000000000000000").status_code == 404


def test_incident_filters(client):
    everything = client.get("/incidents", params={"limit": 500}).json()["total"]
    sudan = client.get("/incidents", params={"country": "SD"}).json()
    assert 0 < sudan["total"] < everything
    late = client.get("/incidents", params={"since": "2025-09-14"}).json()["items"]
    assert late and all(i["end"] >= "2025-09-14" for i in late)


def test_claims_carry_claimant_outlets_and_evidence(client):
    rows = client.get("/claims", params={"claimant": "air force"}).json()["items"]
    assert rows and all("air force" in r["claimant"].lower() for r in rows)
    assert all(r["evidence"]["text"] for r in rows)


def test_timeline_and_facets(client):
    tl = client.get("/timeline").json()
    assert [d["date"] for d in tl["days"]] == sorted(d["date"] for d in tl["days"])
    assert sum(d["total"] for d in tl["days"]) == client.get("/events").json()["total"]
    air_force = [c for c in tl["claimants"] if "Air Force" in c["claimant"]]
    assert air_force and air_force[0]["launched"] >= 46
    # two reports repeating the air force's 46 for one night count once
    assert air_force[0]["launched"] < 2 * 46
    facets = client.get("/facets").json()
    assert "RU" in facets["countries"] and "interception" in facets["types"]
    assert facets["first_day"] <= facets["last_day"]


def test_export_streams_every_format(client):
    lines = client.get("/export/jsonl").text.splitlines()
    assert len(lines) == len(REPORTS) and all("document" in json.loads(x) for x in lines)
    rows = list(csv.DictReader(io.StringIO(client.get("/export/csv", params={"country": "UA"}).text)))
    assert rows and len(rows) == client.get("/events", params={"country": "UA"}).json()["total"]
    acled = client.get("/export/acled-csv")
    assert acled.headers["content-type"].startswith("text/csv") and "event_id_cnty" in acled.text.splitlines()[0]


def test_report_text_comes_back_verbatim_as_data(client):
    docs = client.get("/documents").json()["items"]
    hostile = next(d for d in docs if d["source"] == "t/hostile.txt")
    assert hostile["title"] == XSS_TITLE  # stored and served as data; the dashboard renders it inert
    doc = client.get(f"/documents/{hostile['id']}")
    assert doc.headers["content-type"].startswith("application/json")
    assert "<script>" in doc.json()["text"]


def test_security_headers_and_no_cors_by_default(client):
    r = client.get("/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_cors_only_for_configured_origins(ledger_path):
    c = TestClient(create_app(ledger_path, cors_origins=["https://desk.example"]))
    ok = c.get("/events", headers={"Origin": "https://desk.example"})
    assert ok.headers["access-control-allow-origin"] == "https://desk.example"
    assert "access-control-allow-origin" not in c.get("/events", headers={"Origin": "https://evil.example"}).headers


def test_ingest_disabled_without_a_token(client):
    r = client.post("/documents", json={"text": "Drones hit Kherson overnight, officials said."})
    assert r.status_code == 403


REPORT = ("KHERSON, Sept 16 - Russian forces shelled Kherson overnight, injuring four people, "
          "regional governor Oleksandr Prokudin said on Tuesday.")


def _finished(c, r, headers):
    """A POST's answer once its job is done: the 201 itself, or the job polled after a 202."""
    deadline = time.monotonic() + 60
    while r.status_code == 202:
        assert time.monotonic() < deadline, "the ingest job did not finish"
        time.sleep(0.1)
        r = c.get(r.headers["location"], headers=headers)
        if r.json()["status"] not in ("done", "failed"):
            r.status_code = 202
    return r


def test_ingest_needs_the_right_token_and_stores(tmp_path):
    c = TestClient(create_app(tmp_path / "ingest.db", token="s3cret-token", ingest_wait=30))
    assert c.post("/documents", json={"text": REPORT}).status_code == 401
    assert c.post("/documents", json={"text": REPORT}, headers={"Authorization": "Bearer nope"}).status_code == 401
    r = c.post("/documents", json={"text": REPORT, "outlet": "Kyiv Post", "published": "2025-09-16"},
               headers={"Authorization": "Bearer s3cret-token"})
    assert r.status_code == 201 and r.json()["stored"] is True
    assert r.headers["location"] == f"/documents/{r.json()['id']}"
    again = c.post("/documents", content=REPORT, headers={"X-Tacitus-Token": "s3cret-token",
                                                            "Content-Type": "text/plain"})
    assert again.status_code == 201 and again.json() == {**r.json(), "stored": False}
    assert c.get("/documents").json()["total"] == 1
    assert c.get("/events").json()["total"] == r.json()["events"]
    bad = c.post("/documents", content=b"{}", headers={"Authorization": "Bearer s3cret-token",
                                                      "Content-Type": "application/json"})
    assert bad.status_code == 422
    assert c.post("/documents", content=b"x", headers={"Authorization": "Bearer s3cret-token",
                                                      "Content-Type": "image/png"}).status_code == 415


def test_request_size_limit(tmp_path):
    c = TestClient(create_app(tmp_path / "big.db", token="t0ken", max_body=2000))
    r = c.post("/documents", content="x" * 5000, headers={"Authorization": "Bearer t0ken", "Content-Type": "text/plain"})
    assert r.status_code == 413
    assert c.get("/documents").json()["total"] == 0


def test_dashboard_pages_and_vendored_assets_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "GeoNames" in page.text and "Natural Earth" in page.text
    assert "http://" not in page.text and "https://" not in page.text.replace("https://www.geonames.org", "") \
        .replace("https://www.naturalearthdata.com", "")
    for asset in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/world-atlas/countries-50m.json",
                  "/static/vendor/topojson-client/topojson-client.min.js", "/static/app.js"):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/view/incident/inc-1").status_code == 200
    assert client.get("/view/document/abcd").status_code == 200


def test_openapi_lists_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/documents", "/documents/{doc_id}", "/events", "/incidents", "/incidents/{incident_id}",
              "/claims", "/export/{fmt}"):
        assert p in paths
    assert "post" in paths["/documents"]


# -- ingest off the event loop ---------------------------------------------------
TOKEN = {"Authorization": "Bearer t0ken"}
LONG_REPORT = " ".join([REPORT] * 400)  # ~55,000 characters: seconds of extraction


def test_a_slow_post_answers_202_and_the_job_can_be_polled(tmp_path):
    c = TestClient(create_app(tmp_path / "jobs.db", token="t0ken", ingest_wait=0))
    r = c.post("/documents", json={"text": REPORT, "published": "2025-09-16"}, headers=TOKEN)
    assert r.status_code == 202 and r.headers["location"].startswith("/documents/jobs/")
    assert r.json()["status"] in ("queued", "running")
    assert c.get(r.headers["location"]).status_code == 401  # the job is the token holder's
    done = _finished(c, r, TOKEN)
    assert done.json()["status"] == "done" and done.json()["stored"] is True
    assert c.get(done.json()["document"]).json()["id"] == done.json()["id"]
    assert c.get("/documents/jobs/0123abcd", headers=TOKEN).status_code == 404


def test_gets_are_answered_while_a_post_extracts(tmp_path):
    db = build_ledger(tmp_path / "busy.db")
    c = TestClient(create_app(db, token="t0ken", ingest_wait=0))
    r = c.post("/documents", content=LONG_REPORT, headers={**TOKEN, "Content-Type": "text/plain"})
    assert r.status_code == 202
    served, slowest = 0, 0.0
    while c.get(r.headers["location"], headers=TOKEN).json()["status"] != "done":
        t0 = time.monotonic()
        assert c.get("/events", params={"limit": 5}).status_code == 200
        slowest = max(slowest, time.monotonic() - t0)
        served += 1
    assert served >= 3, "the POST's extraction should have taken longer than a few GETs"
    assert slowest < 2.0, f"a GET waited {slowest:.1f} s behind the ingest"


def test_a_full_queue_answers_503_with_retry_after(tmp_path):
    c = TestClient(create_app(tmp_path / "full.db", token="t0ken", ingest_wait=0, ingest_queue=1))
    first = c.post("/documents", content=LONG_REPORT, headers={**TOKEN, "Content-Type": "text/plain"})
    assert first.status_code == 202
    busy = c.post("/documents", json={"text": REPORT}, headers=TOKEN)
    assert busy.status_code == 503 and int(busy.headers["retry-after"]) >= 1
    assert "content-security-policy" in busy.headers
    assert _finished(c, first, TOKEN).json()["status"] == "done"
    assert _finished(c, c.post("/documents", json={"text": REPORT}, headers=TOKEN), TOKEN).status_code in (200, 201)


def test_error_responses_carry_the_security_headers(tmp_path):
    app = create_app(tmp_path / "err.db")

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    c = TestClient(app, raise_server_exceptions=False)
    for path, status in (("/boom", 500), ("/nope", 404), ("/events?limit=-5", 422), ("/documents", 200)):
        r = c.get(path)
        assert r.status_code == status, path
        assert "default-src 'none'" in r.headers["content-security-policy"], path
        assert r.headers["x-content-type-options"] == "nosniff", path


def test_the_servers_own_400_carries_the_security_headers(tmp_path):
    import socket

    import uvicorn

    from tacitus.web.server import GuardedH11, http_protocol
    app = create_app(tmp_path / "raw.db")
    for protocol in (http_protocol(), GuardedH11):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", http=protocol))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
                conn.sendall(b"NOT HTTP AT ALL\r\n\r\n")
                answer = b""
                while chunk := conn.recv(4096):
                    answer += chunk
            assert answer.startswith(b"HTTP/1.1 400"), answer[:40]
            assert b"content-security-policy: default-src 'none'" in answer.lower()
            assert b"x-content-type-options: nosniff" in answer.lower()
        finally:
            server.should_exit = True
            thread.join(timeout=5)


def test_api_docs_are_served_without_a_cdn(client):
    page = client.get("/api/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "http://" not in page.text and "https://" not in page.text and "<script>" not in page.text
    for asset in ("/api/docs-assets/swagger-ui-bundle.js", "/api/docs-assets/swagger-ui.css", "/static/api-docs.js"):
        assert client.get(asset).status_code == 200, asset
