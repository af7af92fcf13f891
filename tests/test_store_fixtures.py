"""Hand-written Results shared by the store and export tests, and a throwaway
PostgreSQL cluster for running the store tests on PostgreSQL too (no tests here).

The reports are invented, in the style of wire copy; none comes from a real article.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import date

from tacitus.model import (Actor, Block, Claim, Document, Event, Evidence, Place, Quantity, Reject,
                           RemovedBlock, Result, TimeSpan, document_id)

_TEXT_A = ("Russia's defence ministry said air defences shot down around 122 Ukrainian drones overnight, "
           "including 28 over the Bryansk region. Ukraine's air force said more than 100 drones were launched "
           "at Kharkiv, where two people were killed and 9 injured.")
_TEXT_B = ("Sudanese paramilitary fighters clashed with army troops near El Fasher on Monday, "
           "local monitors told Reuters, with at least 14 fighters killed.")
_TEXT_C = "Talks between the two delegations resumed in Istanbul, officials said. Photo: AFP/Staff"
_TEXT_D = "Police in Dhaka arrested 37 protesters after a rally turned violent, a spokesman said."


def _span(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


def sample_results() -> list[Result]:
    """Four documents: two with events (places, quantities, claims), one with a
    single talks event and a removed block, one undated without events."""
    doc_a = Document(id=document_id(_TEXT_A), source="feeds/wire-0717.xml", text=_TEXT_A,
                     published=date(2025, 7, 17), title="Drones downed overnight", outlet="Example Wire",
                     url="https://news.example/a1", blocks=[Block("paragraph", 0, len(_TEXT_A))],
                     removed=[RemovedBlock("Also Read | Markets slide", "cross-link")])
    s1 = _TEXT_A.split(". ")[0] + "."
    s2 = _TEXT_A[len(s1) + 1:]
    ru_mod = Claim("Russian Ministry of Defence", "RU", ["Example Wire"], "claimed", "said")
    ev_a1 = Event(
        id="e1", type="interception", evidence=_span(_TEXT_A, s1), weapons=["drone"],
        attacker=Actor("Ukraine", "UA", "state"), target=Actor("Russia", "RU", "state"),
        time=TimeSpan(date(2025, 7, 16), date(2025, 7, 17), "night", "overnight"),
        places=[Place("Russia", "Russia", "RU", None, 61.5, 105.3, "country", "geonames:2017370")],
        quantities=[Quantity("intercepted", 122, 122, 122, "approx", "drone", "around 122 Ukrainian drones")],
        claim=ru_mod, acled={"event_type": "Strategic developments", "sub_event_type": "Disrupted weapons use"},
        trigger="shot down")
    ev_a2 = Event(
        id="e2", type="interception", evidence=_span(_TEXT_A, s1), weapons=["drone"],
        attacker=Actor("Ukraine", "UA", "state"), target=Actor("Russia", "RU", "state"),
        time=TimeSpan(date(2025, 7, 16), date(2025, 7, 17), "night", "overnight"),
        places=[Place("the Bryansk region", "Bryansk Oblast", "RU", "Bryansk Oblast", 53.0, 33.0, "admin1")],
        quantities=[Quantity("intercepted", 28, 28, 28, "exact", "drone", "28")],
        claim=ru_mod, acled={"event_type": "Strategic developments", "sub_event_type": "Disrupted weapons use"})
    ev_a3 = Event(
        id="e3", type="attack", evidence=_span(_TEXT_A, s2), weapons=["drone"],
        attacker=Actor("Russia", "RU", "state"), target=Actor("Ukraine", "UA", "state"),
        time=TimeSpan(date(2025, 7, 16), date(2025, 7, 17), "night", "overnight"),
        places=[Place("Kharkiv", "Kharkiv", "UA", "Kharkivska oblast", 49.98081, 36.25272, "city",
                      "geonames:706483")],
        quantities=[Quantity("launched", 100, 100, None, "at_least", "drone", "more than 100 drones"),
                    Quantity("killed", 2, 2, 2, "exact", "person", "two people"),
                    Quantity("injured", 9, 9, 9, "exact", "person", "9")],
        claim=Claim("Ukrainian Air Force", "UA", [], "asserted", "said"),
        acled={"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"})

    doc_b = Document(id=document_id(_TEXT_B), source="inbox/sudan_0602.html", text=_TEXT_B,
                     published=date(2025, 6, 2), title="Fighting near El Fasher", outlet="Desert Dispatch",
                     language="en", blocks=[Block("paragraph", 0, len(_TEXT_B))])
    ev_b1 = Event(
        id="e1", type="clash", evidence=_span(_TEXT_B, _TEXT_B), weapons=["firearm"],
        attacker=Actor("Rapid Support Forces", "SD", "group"), target=Actor("Sudanese Armed Forces", "SD",
                                                                            "military"),
        time=TimeSpan(date(2025, 6, 2), date(2025, 6, 2), "day", "on Monday"),
        places=[Place("El Fasher", "El Fasher", "SD", "North Darfur", 13.62793, 25.34936, "city",
                      "geonames:379555")],
        quantities=[Quantity("killed", 14, 14, None, "at_least", "person", "at least 14 fighters")],
        claim=Claim("local monitors", None, ["Reuters"], "asserted", "told"),
        acled={"event_type": "Battles", "sub_event_type": "Armed clash"})

    doc_c = Document(id=document_id(_TEXT_C), source="notes/talks.txt", text=_TEXT_C[:_TEXT_C.index(" Photo")],
                     published=date(2025, 5, 20), title=None, outlet=None,
                     removed=[RemovedBlock("Photo: AFP/Staff", "photo-credit")])
    s_c = doc_c.text
    ev_c1 = Event(id="e1", type="talks", evidence=Evidence(s_c, 0, len(s_c)),
                  places=[Place("Istanbul", "Istanbul", "TR", "Istanbul", 41.01384, 28.94966, "city")],
                  claim=Claim("officials", None, [], "asserted", "said"), acled=None)

    doc_d = Document(id=document_id(_TEXT_D), source="-", text=_TEXT_D, published=None, title="Dhaka rally",
                     outlet="Bay Herald", language="en")
    return [Result(doc_a, [ev_a1, ev_a2, ev_a3]), Result(doc_b, [ev_b1]), Result(doc_c, [ev_c1]),
            Result(doc_d, [])]


def sample_rejects() -> list[Reject]:
    """Two rejects, one of them repeated."""
    return [Reject("broken.html", "no text after cleaning"), Reject("scan.pdf", "unsupported format"),
            Reject("broken.html", "no text after cleaning")]


def no_postgres(reason: str = "no PostgreSQL server could be started") -> None:
    """Skip a PostgreSQL test here; FAIL it when ``$CI`` is set, where the
    server is installed (Debian ``postgresql``) and must be tested."""
    import pytest
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI is set: the PostgreSQL tests must run there", pytrace=False)
    pytest.skip(f"{reason} (install the PostgreSQL server binaries, e.g. Debian 'postgresql', to run them)")


def _pg_bindir() -> str | None:
    """Where the PostgreSQL server binaries are, if installed."""
    import glob
    import shutil
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(os.path.realpath(found))
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(candidates[-1]) if candidates else None


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str | None]:
    """A throwaway PostgreSQL cluster on a free local port; yields its base URL
    (``postgresql://postgres@127.0.0.1:PORT``) or None when none can be started."""
    bindir = _pg_bindir()
    if bindir is None:
        yield None
        return
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        as_postgres = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="tacitus-pg-")
    data = os.path.join(tmp, "data")
    started = False
    try:
        if as_postgres:
            shutil.chown(tmp, "postgres")
        subprocess.run(as_postgres + [f"{bindir}/initdb", "-D", data, "-U", "postgres", "--auth=trust",
                                      "-E", "UTF8"], check=True, capture_output=True, cwd=tmp, timeout=60)
        subprocess.run(as_postgres + [f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(tmp, "log"), "-w",
                                      "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off",
                                      "start"], check=True, capture_output=True, cwd=tmp, timeout=60)
        started = True
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}" if started else None
    finally:
        if started:
            subprocess.run(as_postgres + [f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
                           capture_output=True, cwd=tmp, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)
