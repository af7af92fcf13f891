"""Linking big ledgers: bounded link input, paged event reads, small chunks of
big documents, a queue of link orders, signatures decoded once per store.

Each of these saves memory or time only; the ledger must not change. The
corpus is the dense invented one of ``test_link_incremental.py``.
"""
from __future__ import annotations

import json

import pytest
from test_link_incremental import _corpus, _snapshot

from tacitus.link import link_events
from tacitus.link.common import link_fields
from tacitus.link.reconciliation import claim_blocks
from tacitus.store import linking, open_store
from tacitus.store.incidents import _display


@pytest.fixture(scope="module")
def corpus():
    return _corpus(160, seed=11)


def _ledger(path, results, batch=40):
    with open_store(path) as store:
        for i in range(0, len(results), batch):
            store.write_batch(results[i:i + batch], [])
            store.ensure_linked()
        return _snapshot(store)


def test_link_input_carries_only_what_linking_reads(corpus, tmp_path):
    with open_store(tmp_path / "l.db") as store:
        store.write_batch(corpus, [])
        ids = [r.document.id for r in corpus]
        events = linking.Linker(store)._events_of(ids)
        full = [json.loads(r[0]) for r in store._query("SELECT data FROM events ORDER BY document_id, seq")]
    assert len(events) == len(full) == len(corpus)
    for ev in events:
        # no evidence sentence, ACLED label, trigger, quantity text or outlet chain
        assert not {"evidence", "acled", "trigger"} & set(ev), sorted(ev)
        assert set(ev["claim"]) <= {"claimant", "modality"}
        assert all("text" not in q and "evidence" not in q for q in ev["quantities"])
        assert set(ev["attacker"]) <= {"name", "country"}
    assert sum(len(json.dumps(link_fields(e))) for e in full) < 0.8 * sum(len(json.dumps(e)) for e in full)


def test_link_fields_give_the_same_incidents_claims_and_rows(corpus):
    events = []
    for r in corpus:
        for ev in r.events:
            d = ev.to_dict() if hasattr(ev, "to_dict") else dict(ev)
            d.update(document_id=r.document.id, published=r.document.published.isoformat(),
                     family_id=r.document.id)
            events.append(d)
    slim = [{**link_fields(e), "document_id": e["document_id"], "published": e["published"],
             "family_id": e["family_id"]} for e in events]
    a, b = link_events(events), link_events(slim)
    assert [i.to_dict() for i in a] == [i.to_dict() for i in b]
    by_key = dict(zip((f"{e['document_id']}:{e['id']}" for e in events), zip(events, slim)))
    for inc in a:
        full_ev = [by_key[k][0] for k in inc.members]
        slim_ev = [by_key[k][1] for k in inc.members]
        assert claim_blocks(full_ev) == claim_blocks(slim_ev)
        assert _display(inc, full_ev) == _display(inc, slim_ev)


def test_pages_chunks_and_caches_leave_the_ledger_unchanged(corpus, tmp_path, monkeypatch):
    plain = _ledger(tmp_path / "plain.db", corpus)
    # events read three rows at a time, a chunk cut after every document of
    # text, a signature cache of two: the same ledger, incremental and full
    monkeypatch.setattr(linking, "EVENT_PAGE", 3)
    monkeypatch.setattr(linking, "CHUNK_CHARS", 1)
    monkeypatch.setattr(linking, "SIGNATURE_CACHE", 2)
    assert _ledger(tmp_path / "small.db", corpus) == plain
    with open_store(tmp_path / "small.db") as store:
        runs = [h["detail"] for h in store.history(limit=None) if h["action"] == "link" and not h["detail"].get("full")]
        assert runs and max(d["documents"] for d in runs) == 1  # one document per chunk
        store.relink(full=True)
        assert _snapshot(store) == plain


def test_signatures_are_read_once_per_store(corpus, tmp_path):
    with open_store(tmp_path / "s.db") as store:
        store.write_batch(corpus[:80], [])
        store.ensure_linked()
        reads = []
        real = linking.Linker._in

        def counting(self, sql, values, extra=()):
            if "signature FROM document_families" in sql:
                reads.extend(values)
            return real(self, sql, values, extra)

        linking.Linker._in = counting
        try:
            for i in range(80, 160, 10):
                store.write_batch(corpus[i:i + 10], [])
                store.ensure_linked()
        finally:
            linking.Linker._in = real
    assert reads, "the copies among the new reports have stored candidates"
    assert len(reads) == len(set(reads))  # each stored signature decoded once, not once per chunk
