"""schemathesis against the app's own OpenAPI spec: no input gives a server error.

Runs in-process over ASGI on a ledger built by the real pipeline
(``test_web_api.build_ledger``), with ingest enabled and the token supplied so
that the POST route is exercised too.
"""
from __future__ import annotations

import atexit
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
app = create_app(build_ledger(_TMP / "ledger.db"), token=TOKEN)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])
