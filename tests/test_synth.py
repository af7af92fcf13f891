"""Tests for the synthetic benchmark corpus generator (benchmarks/synth.py)."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "synth.py"
_spec = importlib.util.spec_from_file_location("tacitus_bench_synth", _PATH)
synth = importlib.util.module_from_spec(_spec)
assert _spec.loader is not None
sys.modules[_spec.name] = synth  # dataclasses look their module up here
_spec.loader.exec_module(synth)

KEYS = {"id", "title", "outlet", "published", "text", "incident"}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return list(synth.generate(120, seed=7))


def test_same_seed_same_records(records):
    assert list(synth.generate(120, seed=7)) == records


def test_other_seed_differs(records):
    other = list(synth.generate(120, seed=8))
    assert [r["text"] for r in other] != [r["text"] for r in records]


def test_shorter_run_is_prefix(records):
    assert list(synth.generate(30, seed=7)) == records[:30]


def test_count_and_valid_records(records):
    assert len(records) == 120
    assert len({r["id"] for r in records}) == 120
    for r in records:
        assert set(r) == KEYS
        assert all(isinstance(v, str) and v for v in r.values())
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["published"])
        assert "{" not in r["text"] and "}" not in r["text"], "unfilled template field"
        json.loads(json.dumps(r))


@pytest.mark.parametrize("target", [600, 300, 1000])
def test_word_count_near_target(target):
    counts = [len(r["text"].split()) for r in synth.generate(40, seed=1, words=target)]
    assert all(0.85 * target <= c <= 1.15 * target for c in counts), counts
    assert abs(sum(counts) / len(counts) - target) < 0.08 * target


def test_incidents_shared_by_several_reports(records):
    sizes = Counter(r["incident"] for r in records)
    assert len(sizes) >= 15
    full = list(sizes.values())[:-1]  # the last incident may be cut short by n
    assert all(2 <= k <= 6 for k in full)
    # reports of one incident come from varied outlets and share the same date window
    by_inc: dict[str, list[dict]] = {}
    for r in records:
        by_inc.setdefault(r["incident"], []).append(r)
    multi_outlet = sum(len({r["outlet"] for r in rs}) > 1 for rs in by_inc.values())
    assert multi_outlet >= len(by_inc) // 2
    for rs in by_inc.values():
        dates = sorted(date.fromisoformat(r["published"]) for r in rs)
        assert (dates[-1] - dates[0]).days <= 1


def test_reports_look_like_news(records):
    text = "\n".join(r["text"] for r in records)
    for needle in ("said", "killed", "drones", "Advertisement", "could not", "overnight"):
        assert needle in text
    assert re.search(r"\b(at least|more than|about|around) \w+", text)
    # reports within one incident are not copies of each other
    first = [r for r in records if r["incident"] == records[0]["incident"]]
    assert len({r["text"] for r in first}) == len(first)
    # no sentence template repeated verbatim within a report (beyond rare pool refills)
    sentences = re.split(r"(?<=[.!?])\s+", records[0]["text"])
    assert max(Counter(sentences).values()) <= 2


def test_cli_jsonl_and_txt_dir(tmp_path):
    out = tmp_path / "s.jsonl"
    assert synth.main(["5", "--out", str(out), "--seed", "3", "--words", "200"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == list(synth.generate(5, seed=3, words=200))
    folder = tmp_path / "txt"
    assert synth.main(["4", "--out", str(folder), "--format", "txt-dir"]) == 0
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 4
    head = files[0].read_text(encoding="utf-8").splitlines()
    assert head[0].startswith("title: ") and head[1].startswith("outlet: ")
    assert re.fullmatch(r"date \d{4}-\d{2}-\d{2}", head[2])
