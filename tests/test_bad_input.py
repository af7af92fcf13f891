"""Bad input through ``tacitus ingest`` / ``tacitus extract``.

Each bad input (empty, binary, undecodable, JSON Lines lines that are not JSON
or lack ``text``, a 20 MB document, a date header that is not a date) must give
ONE line on stderr naming the input and the reason, be recorded in the
``rejects`` table, and leave the rest of the batch stored. The exit status is
non-zero only when nothing could be read; no traceback ever reaches the user.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

GOOD_1 = ("date 2025-03-04\n"
          "Artillery fire hit the village of Vovchansk on Monday, killing two people, "
          "the regional governor said.\n")
GOOD_2 = ("outlet: Kyiv Post\ndate 2025-03-05\n"
          "Russian forces launched 18 drones at Odesa overnight, and air defences shot down 15 of them, "
          "the Ukrainian air force said on Wednesday.\n")

# name -> (file bytes, words the one stderr line must carry)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"   \n\n\t\n", "empty file"),
    "photo.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file"),
    "blob.bin": (b"\x00\x01\x02\x03" * 500, "binary file"),
    "archive.txt": (b"PK\x03\x04" + b"\x00" * 200, "binary file"),
    # bytes that are not UTF-8 and decode only to C1 control characters in latin-1
    "garbled.txt": (bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d]) * 300, "cannot decode"),
    "bad-date.txt": (b"date 2025-13-45\nShelling hit the town of Kupiansk.\n", "is not a date"),
    "bad-date-key.txt": (b"published: 2025-02-30\n\nDrones hit Sumy overnight.\n", "is not a date"),
}

JSONL_LINES = [
    json.dumps({"id": "wire-1", "text": "Two drones struck a depot near Kherson on Friday, officials said.",
                "published": "2025-04-04"}),
    "this line is not json {",
    json.dumps({"id": "wire-3", "title": "a record without its text"}),
    json.dumps({"id": "wire-4", "text": "Gunmen attacked a police post in Kidal.", "published": "last spring"}),
    json.dumps(["not", "an", "object"]),
    "",
    json.dumps({"id": "wire-7", "text": "Shelling killed three civilians in Kherson on Sunday.",
                "published": "2025-04-06"}),
]
JSONL_REASONS = {2: "not JSON", 3: "no 'text' field", 4: "is not a date", 5: "not a JSON object"}

BIG = 20 * 2**20


def _write_bad_corpus(folder: Path) -> list[Path]:
    """The bad files, a mixed JSONL file, a 20 MB text, a 20 MB JSONL line and two good reports."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "mixed.jsonl").write_text("\n".join(JSONL_LINES) + "\n", encoding="utf-8")
    sentence = "Artillery shelled the outskirts of the town on Tuesday, the governor said. "
    (folder / "huge.txt").write_text("date 2025-03-03\n" + sentence * (BIG // len(sentence) + 1), encoding="utf-8")
    (folder / "huge.jsonl").write_text(json.dumps({"id": "huge-line", "text": sentence * (BIG // len(sentence))})
                                       + "\n", encoding="utf-8")
    (folder / "good-1.txt").write_text(GOOD_1, encoding="utf-8")
    (folder / "good-2.txt").write_text(GOOD_2, encoding="utf-8")
    return sorted(folder.iterdir())


def _skipped_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("skipped ")]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """One real ``tacitus ingest`` over the whole bad corpus (a subprocess: real stderr, exit status)."""
    import subprocess

    from conftest import subprocess_env, tacitus_command

    root = tmp_path_factory.mktemp("bad")
    corpus = root / "in"
    _write_bad_corpus(corpus)
    db = root / "ledger.db"
    proc = subprocess.run(tacitus_command() + ["--db", str(db), "ingest", "--batch", "3", str(corpus)],
                          capture_output=True, timeout=180, env=subprocess_env())
    return proc, corpus, db


def test_bad_inputs_do_not_stop_the_batch(bad_run):
    proc, corpus, db = bad_run
    assert proc.returncode == 0, proc.stderr.decode()
    with sqlite3.connect(db) as conn:
        sources = {r[0] for r in conn.execute("SELECT source FROM documents")}
    assert sources == {str(corpus / "good-1.txt"), str(corpus / "good-2.txt"), "wire-1", "wire-7"}


def test_no_traceback_reaches_the_user(bad_run):
    proc, _, _ = bad_run
    out = proc.stdout.decode() + proc.stderr.decode()
    assert "Traceback" not in out and "Error" not in out


@pytest.mark.parametrize("name", sorted(BAD_FILES) + ["huge.txt"])
def test_each_bad_file_gives_one_line_naming_it_and_why(bad_run, name):
    proc, corpus, _ = bad_run
    reason = BAD_FILES[name][1] if name in BAD_FILES else "over the 10 MB limit"
    lines = [line for line in _skipped_lines(proc.stderr.decode()) if f"{corpus / name}:" in line]
    assert len(lines) == 1, lines
    assert reason in lines[0]


def test_each_bad_jsonl_line_gives_one_line(bad_run):
    proc, corpus, _ = bad_run
    skipped = _skipped_lines(proc.stderr.decode())
    for n, reason in JSONL_REASONS.items():
        lines = [line for line in skipped if f"{corpus / 'mixed.jsonl'}:{n}:" in line]
        assert len(lines) == 1 and f"line {n}" in lines[0] and reason in lines[0], (n, lines)
    huge = [line for line in skipped if str(corpus / "huge.jsonl") in line]
    assert len(huge) == 1 and "over the 10 MB limit" in huge[0]


def test_every_stderr_line_is_a_skip_line(bad_run):
    """Nothing else on stderr but the linking note: one line per bad input, nothing multi-line."""
    proc, _, _ = bad_run
    lines = [line for line in proc.stderr.decode().splitlines()
             if line.strip() and not line.startswith("linked ")]
    assert lines and lines == _skipped_lines(proc.stderr.decode())
    assert len(lines) == len(BAD_FILES) + 1 + len(JSONL_REASONS) + 1


def test_rejects_are_recorded(bad_run):
    proc, corpus, db = bad_run
    with sqlite3.connect(db) as conn:
        rejects = dict(conn.execute("SELECT source, reason FROM rejects"))
    for name, (_, reason) in BAD_FILES.items():
        assert reason in rejects[str(corpus / name)]
    assert "over the 10 MB limit" in rejects[str(corpus / "huge.txt")]
    for n, reason in JSONL_REASONS.items():
        assert reason in rejects[f"{corpus / 'mixed.jsonl'}:{n}"]


def test_summary_counts_the_rejected(bad_run):
    proc, _, _ = bad_run
    out = proc.stdout.decode()
    assert "rejected inputs" in out and "binary file" in out and "not JSON" in out
    n_bad = len(BAD_FILES) + 1 + len(JSONL_REASONS) + 1
    assert any("inputs rejected" in line and str(n_bad) in line for line in out.splitlines())


# -- exit status ----------------------------------------------------------------
def test_nothing_readable_exits_non_zero(tmp_path, run_tacitus):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(b"\x00" * 100)
    res = run_tacitus("--db", str(tmp_path / "l.db"), "ingest", str(tmp_path / "empty.txt"),
                      str(tmp_path / "blob.bin"))
    err = res.stderr.decode()
    assert res.returncode == 1
    assert "no document could be read" in err and "Traceback" not in err
    with sqlite3.connect(tmp_path / "l.db") as conn:  # the rejects are recorded all the same
        assert conn.execute("SELECT COUNT(*) FROM rejects").fetchone()[0] == 2


def test_one_good_file_among_bad_exits_zero(cli, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(GOOD_1, encoding="utf-8")
    res = cli("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "good.txt"))
    assert res.exit_code == 0
    lines = [line for line in res.stderr.splitlines() if line.strip() and not line.startswith("linked ")]
    assert lines == [f"skipped {tmp_path / 'empty.txt'}: empty file"]


def test_missing_path_is_a_reject_not_a_crash(cli, tmp_path):
    (tmp_path / "good.txt").write_text(GOOD_2, encoding="utf-8")
    res = cli("ingest", str(tmp_path / "absent.txt"), str(tmp_path / "good.txt"))
    assert res.exit_code == 0
    assert f"skipped {tmp_path / 'absent.txt'}: no such file or directory" in res.stderr


def test_file_name_with_brackets_is_shown_as_is(cli, tmp_path):
    odd = tmp_path / "report[bold]2.txt"
    odd.write_bytes(b"")
    (tmp_path / "good.txt").write_text(GOOD_1, encoding="utf-8")
    res = cli("ingest", str(odd), str(tmp_path / "good.txt"))
    assert f"skipped {odd}: empty file" in res.stderr


def test_extract_reports_bad_input_the_same_way(cli, tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"id": 1}\n{"text": "Drones hit Kharkiv overnight."}\n', encoding="utf-8")
    res = cli("extract", str(tmp_path / "bad.jsonl"))
    assert res.exit_code == 0
    assert res.stderr.strip() == f"skipped {tmp_path / 'bad.jsonl'}:1: line 1: no 'text' field"
    assert len(res.stdout.splitlines()) == 1


def test_rerun_of_bad_corpus_records_no_duplicate_rejects(cli, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("empty.txt", "blob.bin", "bad-date.txt"):
        (corpus / name).write_bytes(BAD_FILES[name][0])
    (corpus / "good.txt").write_text(GOOD_1, encoding="utf-8")
    assert cli("ingest", str(corpus)).exit_code == 0
    assert cli("ingest", str(corpus)).exit_code == 0
    with sqlite3.connect(cli.db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM rejects").fetchone()[0] == 3
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


# -- known bugs in the readers (tacitus.read), not in the CLI --------------------
def test_control_character_file_is_rejected(cli, tmp_path):
    (tmp_path / "ctrl.txt").write_bytes(b"date 2025-01-01\n" + bytes(range(1, 9)) * 400)
    (tmp_path / "good.txt").write_text(GOOD_1, encoding="utf-8")
    res = cli("ingest", str(tmp_path / "ctrl.txt"), str(tmp_path / "good.txt"))
    assert "ctrl.txt: cannot decode" in res.stderr


def test_key_lines_after_the_date_line_are_header(cli, tmp_path):
    (tmp_path / "r.txt").write_text("date 2025-03-04\ntitle: Strike on Vovchansk\noutlet: Kyiv Post\n\n"
                                    + GOOD_1.split("\n", 1)[1], encoding="utf-8")
    doc = json.loads(cli("extract", str(tmp_path / "r.txt")).stdout)["document"]
    assert doc["title"] == "Strike on Vovchansk" and doc["outlet"] == "Kyiv Post"
