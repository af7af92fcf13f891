"""Small things an analyst meets at the command line: a URL typed where a file
goes, the same input typed relative and absolute, a broken JSON line."""
from __future__ import annotations

from click.testing import CliRunner

from tacitus.cli import main
from tacitus.store import open_store


def _ingest(db, *paths):
    return CliRunner().invoke(main, ["--db", str(db), "ingest", *map(str, paths)])


def test_a_url_given_as_a_path_gets_a_hint(tmp_path):
    res = _ingest(tmp_path / "l.db", "https://news.example/2025/09/strike.html")
    assert res.exit_code == 1 and "Traceback" not in res.output
    said = " ".join(res.output.split())
    assert "no such file or directory (a URL? tacitus reads files and never fetches" in said
    assert "curl -o page.html URL" in said


def test_a_missing_file_gets_no_url_hint(tmp_path):
    res = _ingest(tmp_path / "l.db", tmp_path / "missing.txt")
    assert "no such file or directory" in res.output and "URL" not in res.output


def test_rejects_are_recorded_once_whether_typed_relative_or_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl").write_text('{"text": "Shelling hit the town, officials said."}\nnot json\n')
    db = tmp_path / "l.db"
    for paths in (["empty.txt", "bad.jsonl", "gone.txt"],
                  [tmp_path / "empty.txt", tmp_path / "bad.jsonl", tmp_path / "gone.txt"]):
        _ingest(db, *paths)
    with open_store(db, read_only=True) as store:
        rejects = store.rejects()
    assert sorted(r["source"] for r in rejects) == sorted(
        [str(tmp_path / "bad.jsonl") + ":2", str(tmp_path / "empty.txt"), str(tmp_path / "gone.txt")])


def test_a_broken_json_line_reads_once_at_column(tmp_path):
    (tmp_path / "cut.jsonl").write_text('{"text": "Drones hit Odesa overnight')   # cut short
    (tmp_path / "ctl.jsonl").write_text('{"text": "Drones hit\tOdesa"}')           # a raw tab
    res = _ingest(tmp_path / "l.db", tmp_path / "cut.jsonl", tmp_path / "ctl.jsonl")
    said = " ".join(res.output.split())  # as one line, however the console wrapped it
    assert "not JSON (Unterminated string starting at column 10)" in said
    assert "not JSON (Invalid control character at column 21)" in said
    assert "at at" not in said
