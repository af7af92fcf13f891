"""schemathesis against the app's own OpenAPI spec: no input gives a server error.

Runs in-process over ASGI on a ledger built by the real pipeline
(``test_web_api.build_ledger``), with ingest enabled and the token supplied so
that the POST route is exercised too.
"""
from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from test_web_api import build_ledger  # noqa: E402

from tacitus.web import create_app  # noqa: E402

TOKEN = "schema-test-token"


_TMP = Path(tempfile.mkdtemp(prefix="tacitus-schema-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
# built at collection: schemathesis generates the tests from the live app's spec
app = create_app(build_ledger(_TMP / "ledger.db"), token=TOKEN, ingest_wait=120)  # POSTs answered when done
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])


# -- bodies and query values at and past their limits: 4xx (or 2xx), never 5xx ---------------
from fastapi.testclient import TestClient  # noqa: E402

_client = TestClient(app, raise_server_exceptions=False)
_AUTH = {"Authorization": f"Bearer {TOKEN}"}

QUERIES = [
    "/events?limit=500", "/events?limit=501", "/events?limit=0", "/events?limit=-1", "/events?limit=" + "9" * 400,
    "/events?offset=10000000", "/events?offset=10000001", "/events?offset=" + "9" * 5000,
    "/events?since=0001-01-01", "/events?until=9999-12-31", "/events?since=2025-02-30", "/events?since=%00",
    "/events?country=ZZ", "/events?country=Z", "/events?country=%C5%BD%C5%BD", "/events?country=ZZZ",
    "/events?type=" + "a" * 40, "/events?type=" + "a" * 41, "/events?text=" + "x" * 200, "/events?text=" + "x" * 201,
    "/events?claimant=%ED%A0%80", "/events?text=%ff%fe", "/events?text=%F0%9F%92%A5", "/events?text=%00%1b",
    "/events?near=90,180,20000", "/events?near=91,0,1", "/events?near=0,181,1", "/events?near=0,0,0",
    "/events?near=...,.,.", "/events?near=1e400,0,1", "/events?near=" + "9" * 99 + ",0,1",
    "/incidents?limit=500&offset=10000000", "/claims?since=1900-01-01&until=2100-12-31",
    "/timeline?near=50.4,30.5,100000", "/export/csv?country=UA&limit=1", "/export/nope",
    "/documents/" + "a" * 64, "/documents/" + "a" * 65, "/documents/%ED%A0%80%ED%A0%80", "/documents/%00%00%00%00",
    "/incidents/" + "i" * 80, "/incidents/" + "i" * 81, "/incidents/%ff",
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2f..%2fapp.py", "/static//etc/passwd",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/dashboard.js%00.png", "/view/document/%ff",
]


@pytest.mark.parametrize("url", QUERIES)
def test_query_values_at_and_past_their_limits(url):
    r = _client.get(url)
    assert r.status_code < 500, (url, r.status_code, r.text[:300])
    if url.startswith("/static/") and "dashboard.js%00" not in url:
        assert r.status_code == 404, (url, r.status_code)  # never a file outside static/
    if r.status_code >= 400:
        assert r.headers.get("content-security-policy"), url


def _post(body: bytes, ctype: str = "application/json"):
    return _client.post("/documents", content=body, headers={**_AUTH, "Content-Type": ctype})


BODIES = [
    (b'{"text": "' + b"x" * 500_000 + b'"}', 201), (b'{"text": "' + b"x" * 500_001 + b'"}', 422),
    (b"x" * 1_000_001, 413), (b'{"text": ""}', 422), (b"{}", 422), (b"[]", 422), (b"null", 422),
    # the API's strings must be valid Unicode (a batch file is mended instead: test_hostile_input)
    (b'{"text": "Drones hit Sumy \\ud83d overnight.", "title": "\\ud800", "source": "\\udfff"}', 422),
    (b'{"text": "Drones hit\\u0000 Sumy\\u001b overnight.", "title": "a\\u0007b"}', 201),
    (b'{"text": "Drones hit Sumy.", "published": "0001-01-01"}', 201),
    (b'{"text": "Drones hit Sumy.", "published": 99999999999999999999}', 422),
    (b'{"text": "Drones hit Sumy.", "title": ' + b"9" * 5000 + b"}", 422),
    (b'{"text": "x", "t": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 422),
    (b'{"text": "Shelling killed 10^30 people in Kherson on Monday."}', 201),
    (b'{"text": "Drones hit \x00\x07 Sumy."}', 422), (b"\xff\xfe\xfd", 422),
]


@pytest.mark.parametrize("body,status", BODIES, ids=[f"body{i}" for i in range(len(BODIES))])
def test_bodies_at_and_past_their_limits(body, status):
    r = _post(body)
    assert r.status_code == status, (body[:80], r.status_code, r.text[:300])
    if status == 201:
        doc = _client.get(f"/documents/{r.json()['id']}").json()
        json.dumps(doc).encode("utf-8")  # what was stored is valid text


@pytest.mark.parametrize("body", [b"\xff\xfe not utf-8", "Drones hit \ud800 Sumy.".encode("utf-8", "surrogatepass"),
                                  b"\x00" * 1000])
def test_plain_text_bodies_never_500(body):
    r = _post(body, "text/plain")
    assert r.status_code in (201, 422), (r.status_code, r.text[:200])


def test_a_figure_too_large_is_flagged_not_stored_through_the_api():
    r = _post(b'{"text": "Russia launched 10^30 drones at Kharkiv overnight, the governor said.",'
              b' "published": "2025-03-04"}')
    assert r.status_code == 201, r.text
    events = _client.get(f"/documents/{r.json()['id']}").json()["events"]
    assert events and all(q["value"] <= 10**9 for e in events for q in e["quantities"])
    assert any("10^30" in f for e in events for f in e.get("flags", []))
