"""Regression tests for each class of hostile input found by fuzzing (issue 13):
nothing a report can contain stops the ledger.

* figures too large for an integer column ("10^30 drones", a 400-digit figure):
  the event is kept, the figure flagged, never stored as a number;
* lone UTF-16 surrogates (``\\ud800``, half an emoji ``\\ud83d``) in text, title,
  outlet and id, and control characters: replaced where they enter, the change
  recorded on the document, the rest of the batch stored, ``tacitus extract``
  writes its JSON;
* a report with no sentence breaks: split into bounded sentences, extracted;
* JSON numbers of 5,000 digits and arrays nested 100,000 deep: read or
  rejected with a reason, never a crash;
* dates out of range ("date 0001-01-01" with "overnight", year 9999,
  "5000 years ago"): rejected or ignored, never an OverflowError;
* a document over the time budget: the reject "extraction exceeded N s",
  the others go on (in process, in the process pool and on Dask);
* a file name that is not UTF-8: one readable reject line.
"""
from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import subprocess_env, tacitus_command
from tacitus.model import RawDocument, Reject

GOOD = ("date 2025-03-05\noutlet: Kyiv Post\n\nRussian forces launched 18 drones at Odesa overnight, and air "
        "defences shot down 15 of them, the Ukrainian air force said on Wednesday.\n")
BIG_FIGURE = ("date 2025-03-06\n\nRussia launched 10^30 drones at Kharkiv overnight, the regional governor said. "
              "Shelling killed " + "7" * 400 + " people in Kupiansk on Thursday, officials said. "
              "Artillery fire killed three people in Izium on Thursday, the governor said.\n")
NO_BREAKS = "date 2025-03-07\n\n" + ", ".join(
    f"Russian drones struck Kharkiv and Ukrainian missiles hit Belgorod overnight killing {i % 9 + 2} people "
    f"the governor said" for i in range(3000)) + "\n"
YEAR_ZERO = "date 0001-01-01\n\nDrones struck Kharkiv overnight, the governor said.\n"
SURROGATE_LINES = [
    '{"id": "sur-text", "published": "2025-03-08", "text": "Half an emoji \\ud83d here: drones struck Sumy '
    'overnight, killing two people, the governor said."}',
    '{"id": "sur-title", "published": "2025-03-08", "title": "Strike \\ud800 on Sumy", "outlet": "Sumy \\udfff Post",'
    ' "text": "Missiles hit a school in Sumy on Saturday, killing four people, officials said."}',
    '{"id": "sur-\\ud83d-id", "published": "2025-03-08", "text": "Shelling hit Nikopol on Saturday, injuring '
    'five people, the regional governor said."}',
    '{"id": "ctrl", "published": "2025-03-08", "title": "Bell\\u0007 and\\nnew line", "text": "Artillery '
    'shelled\\u0000 Kherson\\u001b on Saturday, killing one man, the governor said."}',
    '{"id": "huge-int", "published": "2025-03-08", "n": ' + "9" * 5000 + ', "text": "Drones hit Dnipro on '
    'Saturday, injuring three people, the governor said."}',
    '{"id": "deep", "text": "x", "x": ' + "[" * 100000 + "]" * 100000 + "}",
    '{"id": "year-0", "published": "0000-01-01", "text": "Drones hit Poltava."}',
    '{"id": "published-list", "published": [2025, 3, 8], "text": "Drones hit Poltava."}',
]


def _write_corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "big-figure.txt").write_text(BIG_FIGURE, encoding="utf-8")
    (folder / "no-breaks.txt").write_text(NO_BREAKS, encoding="utf-8")
    (folder / "year-zero.txt").write_text(YEAR_ZERO, encoding="utf-8")
    (folder / "surrogates.jsonl").write_text("\n".join(SURROGATE_LINES) + "\n", encoding="utf-8")
    (folder / "deep.json").write_bytes(b"[" * 200000)
    # a control character and an invalid UTF-8 byte in a file name (Linux allows both)
    (folder / os.fsdecode(b"bad-\xff-name.txt")).write_bytes(b"")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One real ``tacitus ingest`` (a subprocess: real stdout, stderr and exit status)."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "in"
    _write_corpus(corpus)
    db = root / "ledger.db"
    proc = subprocess.run(tacitus_command() + ["--db", str(db), "ingest", "--batch", "3", str(corpus)],
                          capture_output=True, timeout=300, env=subprocess_env())
    return proc, corpus, db


def _rows(db: Path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def test_ingest_survives_and_says_one_line_per_bad_input(run):
    proc, corpus, db = run
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, err
    assert "Traceback" not in err + proc.stdout.decode("utf-8", "replace")
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("linked ")]
    assert lines and all(line.startswith("skipped ") for line in lines), lines


def test_every_good_record_of_a_batch_with_bad_ones_is_stored(run):
    _, corpus, db = run
    sources = {r[0] for r in _rows(db, "SELECT source FROM documents")}
    assert {str(corpus / "good.txt"), str(corpus / "big-figure.txt"), str(corpus / "no-breaks.txt"),
            "sur-text", "sur-title", "sur-\ufffd-id", "ctrl", "huge-int"} == sources


def test_figure_too_large_is_flagged_not_stored(run):
    _, corpus, db = run
    (doc_id,) = _rows(db, "SELECT id FROM documents WHERE source = ?", str(corpus / "big-figure.txt"))[0]
    assert _rows(db, "SELECT MAX(value) FROM quantities")[0][0] <= 10**9
    events = [json.loads(d) for (d,) in _rows(db, "SELECT data FROM events WHERE document_id = ?", doc_id)]
    flags = [f for e in events for f in e.get("flags", [])]
    assert any("10^30" in f for f in flags) and any("7777" in f for f in flags), flags
    assert any(e["evidence"]["text"].startswith("Russia launched 10^30 drones") for e in events)
    # the figure of the third sentence is an ordinary one
    assert any(q["value"] == 3 and q["role"] == "killed" for e in events for q in e["quantities"])


def test_surrogates_and_control_characters_are_replaced_and_recorded(run):
    _, _, db = run
    docs = {r[0]: r[1:] for r in _rows(db, "SELECT source, title, outlet, text, id FROM documents")}
    assert docs["sur-title"][0] == "Strike \ufffd on Sumy" and docs["sur-title"][1] == "Sumy \ufffd Post"
    assert "Half an emoji \ufffd here" in docs["sur-text"][2]
    assert docs["ctrl"][0] == "Bell and new line" and "\x00" not in docs["ctrl"][2]
    reasons = {(src, reason) for src, reason in _rows(
        db, "SELECT d.source, r.reason FROM removed_blocks r JOIN documents d ON d.id = r.document_id")}
    assert {("sur-text", "invalid-unicode"), ("sur-title", "invalid-unicode"), ("sur-\ufffd-id", "invalid-unicode"),
            ("ctrl", "control-characters")} <= reasons


def test_json_and_date_rejects_have_reasons(run):
    _, corpus, db = run
    rejects = dict(_rows(db, "SELECT source, reason FROM rejects"))
    assert "nested too deeply" in rejects[str(corpus / "surrogates.jsonl") + ":6"]
    assert "is not a date" in rejects[str(corpus / "surrogates.jsonl") + ":7"]  # there is no year 0
    assert "not a date" in rejects[str(corpus / "surrogates.jsonl") + ":8"]
    assert "outside the years 1900-2100" in rejects[str(corpus / "year-zero.txt")]
    assert "JSON" in rejects[str(corpus / "deep.json")]
    bad_name = [s for s in rejects if "bad-" in s and s.endswith("-name.txt")]
    assert len(bad_name) == 1 and rejects[bad_name[0]] == "empty file"


def test_no_break_report_is_extracted_in_bounded_sentences(run):
    _, corpus, db = run
    (doc_id,) = _rows(db, "SELECT id FROM documents WHERE source = ?", str(corpus / "no-breaks.txt"))[0]
    spans = _rows(db, "SELECT evidence_start, evidence_end FROM events WHERE document_id = ?", doc_id)
    assert len(spans) > 100 and max(e - s for s, e in spans) <= 2 * 1000


def test_extract_writes_json_for_surrogates(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(SURROGATE_LINES[:4]) + "\n", encoding="utf-8")
    proc = subprocess.run(tacitus_command() + ["extract", str(path)], capture_output=True, timeout=120,
                          env=subprocess_env(PYTHONIOENCODING="utf-8"))
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode("utf-8").splitlines()  # strict: valid UTF-8
    docs = [json.loads(line)["document"] for line in lines]
    assert [d["source"] for d in docs] == ["sur-text", "sur-title", "sur-\ufffd-id", "ctrl"]


def test_extract_on_an_ascii_terminal_escapes_instead_of_crashing(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("date 2025-03-04\n\nДрони атакували Харків уночі, заявив губернатор. "
                    "Drones struck Kharkiv overnight, the governor said.\n", encoding="utf-8")
    proc = subprocess.run(tacitus_command() + ["extract", str(path)], capture_output=True, timeout=120,
                          env=subprocess_env(PYTHONIOENCODING="ascii"))
    assert proc.returncode == 0, proc.stderr.decode()
    (line,) = proc.stdout.decode("ascii").splitlines()
    assert json.loads(line)["document"]["id"]


# -- the library, without the CLI ----------------------------------------------------------
def _read(name: str, data: bytes) -> list:
    from tacitus.read import read_stream
    return list(read_stream("in", name, io.BytesIO(data), size=len(data)))


def test_json_huge_integer_field_is_kept_as_its_digits():
    (doc,) = _read("a.jsonl", b'{"id": ' + b"1" * 5000 + b', "text": "Drones hit Sumy."}\n')
    assert isinstance(doc, RawDocument) and doc.source.startswith("1111") and len(doc.source) <= 2000


@pytest.mark.parametrize("name,data", [("a.jsonl", b"[" * 100000 + b"\n"), ("a.json", b"[" * 100000),
                                       ("a.jsonl", b'{"text": "x", "y": ' + b"[" * 50000 + b"]" * 50000 + b"}")])
def test_json_nested_too_deep_is_a_reject(name, data):
    (reject,) = _read(name, data)
    assert isinstance(reject, Reject) and "nested too deeply" in reject.reason


def test_dates_out_of_range_never_overflow():
    from tacitus.nlp.timex import find_times
    from tacitus.pipeline import process
    for published in (date(1900, 1, 1), date(2100, 12, 31)):
        found = find_times("5000 years ago, 99999999999 days ago, the night of December 31 and overnight",
                           published)
        assert all(m.value.start <= m.value.end for m in found)
    # a RawDocument built by hand with a date the readers would have refused: dropped, noted
    result = process(RawDocument("lib", "Drones struck Kharkiv overnight.", published=date(1, 1, 1)))
    assert result.document.published is None
    assert [r.reason for r in result.document.removed] == ["date-out-of-range"]


def test_budget_rejects_a_slow_document_and_the_rest_go_on(monkeypatch):
    from tacitus import pipeline
    from tacitus.engines.local import run_local
    slow_stage = pipeline.Pipeline.extract

    def extract(self, doc):
        if doc.source == "slow":   # the budget is CPU time: spin, as a runaway regex would
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                pass
        return slow_stage(self, doc)

    monkeypatch.setattr(pipeline.Pipeline, "extract", extract)
    docs = [RawDocument("a", "Drones struck Kharkiv overnight."), RawDocument("slow", "Drones struck Sumy."),
            RawDocument("b", "Missiles hit Odesa on Monday.")]
    for workers in (1, 2):   # in this process, and in the process pool (forked: the slow stage too)
        out = list(run_local(docs, workers=workers, chunk_size=1, budget=0.5))
        assert [type(o).__name__ for o in out] == ["Result", "Reject", "Result"]
        assert out[1].reason == "extraction exceeded 0.5 s"


def test_budget_is_checked_between_sentences_off_the_main_thread():
    """Dask and the web server run documents in worker threads, where no timer signal
    reaches: the pipeline checks the deadline between sentences."""
    from concurrent.futures import ThreadPoolExecutor

    from tacitus.pipeline import get_pipeline, process_one
    long = RawDocument("long", "Drones struck Kharkiv overnight, the governor said. " * 3000)
    get_pipeline()
    with ThreadPoolExecutor(1) as pool:
        out = pool.submit(process_one, get_pipeline(), long, 0.05).result()
    assert isinstance(out, Reject) and out.reason == "extraction exceeded 0.05 s"


@pytest.mark.slow
def test_budget_on_dask():
    from tacitus.engines.dask import run_dask
    docs = [RawDocument("short", "Drones struck Kharkiv overnight."),
            RawDocument("long", "Drones struck Kharkiv overnight, the governor said. " * 3000)]
    out = list(run_dask(docs, workers=1, budget=0.05))
    assert type(out[0]).__name__ == "Result" or out[0].reason == "extraction exceeded 0.05 s"
    assert isinstance(out[1], Reject) and out[1].reason == "extraction exceeded 0.05 s"


def test_fuzz_short_run_finds_no_crash_hang_or_lost_batch(tmp_path):
    """The fuzzer of benchmarks/fuzz.py on a few hundred generated inputs (its long run
    and figures: docs/benchmarks.md)."""
    out = tmp_path / "fuzz.json"
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, str(root / "benchmarks" / "fuzz.py"), "--inputs", "400", "--seed", "13",
                           "--budget", "20", "--json", str(out), "--quiet", "--keep", str(tmp_path / "keep")],
                          capture_output=True, timeout=600, env=subprocess_env())
    report = json.loads(out.read_text())
    assert (report["crashes"], report["hangs"], report["lost_batches"]) == ([], [], []), report
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert report["counts"]["inputs"] == 400 and report["counts"]["stored"] > 100
    assert report["rejects"]  # hostile input is rejected with reasons


def test_characters_whose_lower_case_is_longer_never_break_a_lookup():
    """'İ' lower-cases to two characters: the lexicon's case-folded match of "İt"
    has no key of its own (a KeyError the fuzzer found in claim attribution)."""
    from tacitus.extract.claims import attribute
    from tacitus.pipeline import process
    assert attribute("İt said drones struck Kyiv, officials said.").verb == "said"
    process(RawDocument("i", "İt struck Kharkiv overnight, İSTANBUL said. Drones hit Kyiv."))


def test_telegram_export_with_hostile_values_is_read_or_rejected():
    from tacitus.read import read_stream
    export = {"name": ["not", "a", "name"], "type": "public_channel", "id": int("9" * 60), "messages": [
        {"id": [1], "type": "message", "date_unixtime": [1], "text": 12},
        {"id": 2, "type": "message", "date_unixtime": "9" * 30, "date": "0001-01-01T00:00:00",
         "text": [{"type": "bold", "text": {"x": 1}}, "Дрони атакували Харків \ud83d уночі."],
         "forwarded_from": {"name": "x"}},
    ]}
    data = json.dumps(export).encode("ascii")
    items = list(read_stream("export", "result.json", io.BytesIO(data), size=len(data)))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert len(docs) == 1 and "\ufffd" in docs[0].text and docs[0].published is None
    assert all(isinstance(i, Reject) and "reader failed" not in i.reason for i in items if i not in docs)
    deep = b'{"name": "c", "type": "public_channel", "messages": [' + b"[" * 100000 + b"]" * 100000 + b"]}"
    (reject,) = list(read_stream("export", "result.json", io.BytesIO(deep), size=len(deep)))
    assert "nested too deeply" in reject.reason


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_digits_that_are_no_decimal_numbers(language):
    """"²" is a digit to str.isdigit but no decimal number (Cyrillic numbers: int('') crashed)."""
    from tacitus.nlp.numbers import find_numbers
    found = find_numbers("Я©╒² 244 дронов, ² ракет, ½ shells and ١٢ drones", language)
    assert [m.value.value for m in found if m.label == "number"][:1] == [244]


@pytest.mark.parametrize("language, text", [
    ("uk", "У ніч на 21 вересня противник атакував 48 ударними БпЛА. Збито 39. "
           "Противник атакував 16165146922476498 ударними БпЛА над Харківщиною."),
    ("ru", "Дежурными средствами ПВО перехвачены и уничтожены 99999999999999 украинских "
           "беспилотных летательных аппаратов над территорией Брянской области."),
    ("ru", "Над Курской и Белгородской областями сбиты по 77777777777 и 5 БПЛА."),
])
def test_cyrillic_figure_too_large_is_flagged_not_a_quantity(language, text):
    """A figure over the ceiling in Russian or Ukrainian text (fuzzing found the
    Cyrillic quantities reading its missing value) is flagged like an English one."""
    from tacitus.nlp.numbers import MAX_COUNT
    from tacitus.pipeline import process
    result = process(RawDocument(source=f"big-{language}", text=text, published=date(2025, 9, 21)))
    assert result.document.language == language
    assert all(q.value <= MAX_COUNT for e in result.events for q in e.quantities)
    assert any(e.flags for e in result.events)


def test_html_page_whose_date_has_an_unknown_time_zone_writes_nothing_on_stderr(capfd, recwarn):
    """dateutil warns on stderr about a time zone it cannot read (fuzzing: a WARC
    page's date mutated to end in 'G'); the page is read and nothing is printed."""
    from tacitus.read.html import read_html
    html = ("<html><head><title>Drones hit Sumy</title>"
            "<meta property='article:published_time' content='2024-03-02 10:15 G'></head><body><article>"
            "<h1>Drones hit Sumy</h1><p>Russian drones struck an energy facility in Sumy overnight, the "
            "regional administration said on Saturday, and two people were wounded in the attack.</p>"
            "<p>Ukraine's air force said it had shot down 14 of 19 drones launched from the Kursk region.</p>"
            "</article></body></html>")
    doc = read_html("page.html", html)
    assert isinstance(doc, RawDocument) and "Sumy" in doc.text
    assert capfd.readouterr().err == ""
    assert [str(w.message) for w in recwarn] == []  # what `tacitus` would print on stderr
