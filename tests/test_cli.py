"""The ``tacitus`` command: help, ingest (idempotent), events filters, show, export.

Most tests run the CLI in-process with click's CliRunner against a fresh ledger
(the ``cli`` fixture in conftest.py); behaviour that depends on a real process
(exit codes through a pipe, stderr, the console script) runs ``tacitus`` itself.
The reports are the invented wire-style ones in ``tests/fixtures/e2e``.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from tacitus.cli import main
from tacitus.cli.common import reject_kind

CORE_COMMANDS = ("ingest", "extract", "events", "show", "export")


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def ledger(cli, e2e_dir: Path):
    """A ledger holding the three end-to-end reports; returns the ``cli`` runner."""
    res = cli("ingest", str(e2e_dir))
    assert res.exit_code == 0, res.output
    return cli


def _events(cli, *filters: str) -> list[dict]:
    res = cli("events", "--format", "jsonl", "--limit", "0", *filters)
    assert res.exit_code == 0, res.output
    return _jsonl(res.stdout)


# -- help --------------------------------------------------------------------
def test_top_level_help_lists_every_command_with_examples(cli):
    res = cli("--help")
    assert res.exit_code == 0
    for name in CORE_COMMANDS:
        assert name in res.stdout
    assert "Examples:" in res.stdout and "tacitus ingest examples/" in res.stdout


@pytest.mark.parametrize("command", CORE_COMMANDS)
def test_command_help_teaches_with_examples(cli, command):
    res = cli(command, "--help")
    assert res.exit_code == 0
    assert "Examples:" in res.stdout
    # every example line is a real invocation of this very command
    examples = res.stdout.split("Examples:")[1].strip().splitlines()
    assert examples and all(f"tacitus {command}" in line or "tacitus --db" in line or "| tacitus" in line
                            or "TACITUS_DB" in line for line in examples)


def test_every_registered_command_has_working_help(cli):
    for name in main.commands:
        res = cli(name, "--help")
        assert res.exit_code == 0, (name, res.output)
        assert "Usage:" in res.stdout


# -- ingest -------------------------------------------------------------------
def test_ingest_stores_documents_and_summarises(cli, e2e_dir):
    res = cli("ingest", str(e2e_dir))
    assert res.exit_code == 0, res.output
    assert "documents stored" in res.stdout and "events stored" in res.stdout
    with sqlite3.connect(cli.db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 3
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0


def test_ingest_closing_line_counts_in_words_that_agree(cli, tmp_path):
    report = tmp_path / "one.txt"
    report.write_text("date 2025-07-18\nRussian drones struck the city of Sumy overnight, wounding two people, "
                      "the regional administration said.\n")
    res = cli("ingest", str(report))
    assert res.exit_code == 0, res.output
    assert "1 source among 1 document)" in res.stderr, res.stderr
    assert "sources among" not in res.stderr and "1 documents" not in res.stderr


def test_ingest_is_idempotent(cli, e2e_dir):
    assert cli("ingest", str(e2e_dir)).exit_code == 0
    with sqlite3.connect(cli.db) as conn:
        before = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "events", "places", "quantities", "removed_blocks")}
    again = cli("ingest", str(e2e_dir), "--batch", "1")
    assert again.exit_code == 0, again.output
    summary = _summary(again.stdout)
    assert summary["already in the ledger"] == 3 and summary["documents stored"] == 0
    assert summary["events stored"] == 0
    with sqlite3.connect(cli.db) as conn:
        after = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in before}
    assert after == before


def _summary(stdout: str) -> dict[str, int]:
    """The ingest summary table as {label: number}."""
    rows = {}
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.strip("│┃|").split("│") if c.strip()]
        if len(cells) == 2 and cells[1].isdigit():
            rows[cells[0]] = int(cells[1])
    return rows


def test_ingest_same_text_under_two_names_is_stored_once(cli, e2e_dir, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text((e2e_dir / "sudan-shelling.txt").read_text(encoding="utf-8"), encoding="utf-8")
    res = cli("ingest", str(e2e_dir / "sudan-shelling.txt"), str(copy))
    assert res.exit_code == 0
    assert _summary(res.stdout) == {"documents stored": 1, "already in the ledger": 1,
                                    "events stored": _summary(res.stdout)["events stored"], "inputs rejected": 0}


def test_db_option_and_env_choose_the_ledger(cli, e2e_dir, tmp_path):
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "ingest", str(e2e_dir / "sudan-shelling.txt")).exit_code == 0
    assert other.exists()
    assert _events(cli) == []  # the env-chosen ledger is untouched
    res = cli("events", "--format", "jsonl", db_path=str(other))
    assert len(_jsonl(res.stdout)) >= 1


def test_unopenable_ledger_is_one_clear_line(cli, e2e_dir, tmp_path):
    res = cli("--db", str(tmp_path), "events")  # a directory, not a database file
    assert res.exit_code == 1
    assert "cannot open the ledger" in res.stderr and str(tmp_path) in res.stderr
    assert "Traceback" not in res.output and len(res.stderr.strip().splitlines()) == 1


# -- events filters -------------------------------------------------------------
def test_events_filter_by_type(ledger):
    everything = _events(ledger)
    inter = _events(ledger, "--type", "interception")
    assert inter and all(e["type"] == "interception" for e in inter)
    assert len(inter) < len(everything)


def test_events_filter_by_country(ledger):
    sudan = _events(ledger, "--country", "SD")
    assert sudan and {e["source"].rsplit("/", 1)[-1] for e in sudan} == {"sudan-shelling.txt"}
    ru = _events(ledger, "--country", "ru")  # any case
    assert ru and all("sudan" not in e["source"] for e in ru)


def test_events_filter_by_dates(ledger):
    # the Sudan report is dated 2025-08-28, the others October and November
    aug = _events(ledger, "--until", "2025-08-31")
    assert aug and all(e["source"].endswith("sudan-shelling.txt") for e in aug)
    late = _events(ledger, "--since", "2025-11-01")
    assert late and all(e["source"].endswith("strike-kharkiv.txt") for e in late)
    assert _events(ledger, "--since", "2026-01-01") == []


def test_events_filter_by_claimant_and_text(ledger):
    ministry = _events(ledger, "--claimant", "ministry of defence")
    assert ministry and all("ministry of defence" in e["claim"]["claimant"].lower() for e in ministry)
    obeid = _events(ledger, "--text", "el obeid")
    assert obeid and all("El Obeid" in e["evidence"]["text"] for e in obeid)
    assert _events(ledger, "--text", "Vladivostok") == []


def test_events_table_and_limit(ledger):
    res = ledger("events", "--limit", "2")
    assert res.exit_code == 0
    total = len(_events(ledger))
    assert f"events (2 of {total})" in res.stdout


def test_events_bad_date_is_a_usage_error(ledger):
    res = ledger("events", "--since", "last tuesday")
    assert res.exit_code == 2
    assert "Invalid value for '--since'" in res.stderr and "Traceback" not in res.output


# -- show -----------------------------------------------------------------------
def _doc_id(cli, name: str) -> str:
    return next(e["document_id"] for e in _events(cli) if e["source"].endswith(name))


def test_show_marks_text_and_lists_removed_boilerplate(ledger):
    doc_id = _doc_id(ledger, "interception-kursk.txt")
    res = ledger("show", doc_id[:6])  # a unique prefix is enough
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert doc_id in out and "published 2025-10-07" in out and "outlet Reuters" in out
    assert "31 of the drones were shot down over the Kursk Region" in out
    assert "removed boilerplate" in out
    assert "advertisement" in out and "Advertisement" in out
    assert "cross-link" in out and "Grain exports slow" in out


def test_show_keeps_boilerplate_out_of_the_text(ledger):
    doc = _doc_id(ledger, "interception-kursk.txt")
    with sqlite3.connect(ledger.db) as conn:
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()[0]
    assert "Also Read" not in text and "Advertisement" not in text


def test_show_unknown_id_is_one_line_error(ledger):
    res = ledger("show", "ffffffffffff")
    assert res.exit_code == 1
    assert "no document with id 'ffffffffffff'" in res.stderr
    assert "Traceback" not in res.output


# -- export ---------------------------------------------------------------------
def test_export_jsonl_is_the_contract_for_every_document(ledger):
    res = ledger("export")
    lines = _jsonl(res.stdout)
    assert res.exit_code == 0 and len(lines) == 3
    for line in lines:
        assert set(line) == {"document", "events"}
        assert {"id", "source", "published", "title", "outlet", "language"} <= set(line["document"])
    assert sum(len(line["events"]) for line in lines) == len(_events(ledger))


def test_export_csv_one_row_per_event(ledger, tmp_path):
    target = tmp_path / "events.csv"
    res = ledger("export", "--format", "csv", "-o", str(target))
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    events = _events(ledger)
    assert len(rows) == len(events)
    assert f"wrote {len(rows)} rows" in res.stderr
    assert {"type", "claimant", "reported_by", "lat", "lon", "evidence"} <= set(rows[0])
    assert {r["type"] for r in rows} == {e["type"] for e in events}


def test_export_acled_csv(ledger):
    res = ledger("export", "--format", "acled-csv")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and all(r["event_type"] and r["event_date"] for r in rows)
    shelling = [r for r in rows if r["sub_event_type"] == "Shelling/artillery/missile attack"]
    assert {r["country"] for r in shelling} >= {"Sudan", "Ukraine"}


def test_export_with_filters(ledger):
    res = ledger("export", "--format", "jsonl", "--country", "SD")
    lines = _jsonl(res.stdout)
    assert len(lines) == 1 and lines[0]["document"]["source"].endswith("sudan-shelling.txt")


def test_export_of_empty_ledger_is_empty(cli):
    res = cli("export", "--format", "csv")
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0].startswith("document_id,") and len(res.stdout.splitlines()) == 1


# -- extract --------------------------------------------------------------------
def test_extract_table_format(cli, e2e_dir):
    res = cli("extract", "--format", "table", str(e2e_dir / "strike-kharkiv.txt"))
    assert res.exit_code == 0
    assert "Russian missile strike on Kharkiv" in res.stdout and "attack" in res.stdout


def test_extract_from_stdin(cli, e2e_dir):
    text = (e2e_dir / "sudan-shelling.txt").read_bytes()
    res = cli("extract", "-", input=text)
    lines = _jsonl(res.stdout)
    assert res.exit_code == 0 and len(lines) == 1
    assert lines[0]["document"]["source"] == "<stdin>" and lines[0]["document"]["published"] == "2025-08-28"


def test_extract_writes_nothing_to_the_ledger(cli, e2e_dir):
    assert cli("extract", str(e2e_dir)).exit_code == 0
    assert not Path(cli.db).exists()


def test_extract_two_workers_same_output(cli, e2e_dir):
    one = cli("extract", str(e2e_dir), str(e2e_dir))
    two = cli("extract", "-w", "2", str(e2e_dir), str(e2e_dir))
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and len(_jsonl(one.stdout)) == 6


# -- real processes ----------------------------------------------------------------
def test_console_script_extract_and_exit_codes(run_tacitus, e2e_dir, tmp_path):
    ok = run_tacitus("extract", str(e2e_dir / "sudan-shelling.txt"))
    assert ok.returncode == 0 and json.loads(ok.stdout)["document"]["outlet"] == "Al Jazeera"
    missing = run_tacitus("extract", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1
    err = missing.stderr.decode()
    assert "nope.txt: no such file or directory" in err and "no document could be read" in err
    assert "Traceback" not in err and missing.stdout == b""


def test_broken_pipe_exits_quietly(tmp_path, e2e_dir):
    """``tacitus extract ... | head -c 10``: no error message, no traceback."""
    import subprocess

    from conftest import subprocess_env, tacitus_command

    proc = subprocess.Popen(tacitus_command() + ["extract", str(e2e_dir)] + [str(e2e_dir)] * 30,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env())
    proc.stdout.read(10)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in stderr and "Error" not in stderr and "Exception" not in stderr
    assert proc.returncode in (0, 141)


def test_reject_kind_groups_reasons():
    assert reject_kind("line 3: not JSON (Expecting value at column 1)") == "not JSON"
    assert reject_kind("item 2: no 'text' field") == "no 'text' field"
    assert reject_kind("binary file (looks like PNG image)") == "binary file"
    assert reject_kind("date header 'date 2025-13-45' is not a date") == "date header '...' is not a date"


def test_a_missing_optional_package_names_its_extra():
    import click
    from click.testing import CliRunner

    from tacitus.cli import TacitusGroup

    @click.group(cls=TacitusGroup)
    def grp():
        pass

    @grp.command()
    def chart():
        raise ModuleNotFoundError("No module named 'matplotlib'", name="matplotlib")

    res = CliRunner().invoke(grp, ["chart"])
    assert res.exit_code == 1
    assert "tacitus[analysis]" in res.output and "Traceback" not in res.output
