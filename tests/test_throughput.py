"""Speed-only changes keep behaviour, and the throughput benchmark's helpers work."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from tacitus.model import Place
from tacitus.pipeline import Pipeline

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "throughput.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("throughput_bench", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _CountingGeocoder:
    """Answers geocode() from a table and counts the calls."""

    def __init__(self, table: dict[str, str]):
        self.table = table
        self.calls: list[str] = []

    def geocode(self, name: str) -> list[Place]:
        self.calls.append(name)
        cc = self.table.get(name)
        if cc is None:
            return []
        return [Place(text=name, name=name, country=cc, admin1=None, lat=0.0, lon=0.0,
                      precision="city", gazetteer_id=f"test:{name}")]


def test_place_country_geocodes_each_name_once():
    geo = _CountingGeocoder({"Dnipro": "UA", "Kursk": "RU"})
    pipe = Pipeline(geocoder=geo)
    answers = [pipe.place_country(n) for n in ("Dnipro", "Kursk", "Dnipro", "Atlantis", "Atlantis", "Kursk")]
    assert answers == ["UA", "RU", "UA", None, None, "RU"]
    assert geo.calls == ["Dnipro", "Kursk", "Atlantis"]


def test_place_country_caches_are_per_pipeline():
    a = Pipeline(geocoder=_CountingGeocoder({"Sumy": "UA"}))
    b = Pipeline(geocoder=_CountingGeocoder({"Sumy": "XX"}))
    assert a.place_country("Sumy") == "UA"
    assert b.place_country("Sumy") == "XX"


def test_floor_counts_documents_and_words(tmp_path):
    bench = _bench_module()
    corpus = tmp_path / "c.jsonl"
    recs = [{"id": "a", "text": "Two drones were downed over Poltava overnight."},
            {"id": "b", "text": "Shelling hit  Kherson\non Tuesday, the governor said."}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    got = bench.floor(corpus)
    assert got["docs"] == 2
    assert got["words"] == 7 + 8
    stats = bench.corpus_stats(corpus)
    assert stats["docs"] == 2 and stats["words_per_doc"] == 7.5


def test_stage_clock_charges_exclusive_time():
    bench = _bench_module()
    now = [0.0]  # a clock the test moves by hand: no sleeping, no timing noise
    clock = bench.StageClock(clock=lambda: now[0])

    def advance(seconds):
        now[0] += seconds

    inner = clock.wrap("inner", lambda: advance(5.0))

    def outer_body():
        advance(2.0)
        inner()
        advance(1.0)

    clock.wrap("outer", outer_body)()
    assert clock.calls == {"outer": 1, "inner": 1}
    assert clock.totals == {"inner": 5.0, "outer": 3.0}  # the inner stage's time is not charged to outer


def test_summary_ratios_against_same_run_floor():
    bench = _bench_module()
    run = {"floor": {"seconds": 0.5, "cpu_s": 0.5}, "floor_after": {"seconds": 0.25, "cpu_s": 0.25},
           "lib": {"seconds": 10.0, "cpu_s": 8.0, "rss_mb": 90.0, "import_s": 0.5, "open_s": 0.1,
                   "startup_cpu_s": 0.5},
           "cli_startup": {"seconds": 2.0, "cpu_s": 1.0, "rss_mb": 60.0},
           "cli": {"seconds": 12.0, "cpu_s": 10.0, "rss_mb": 95.0},
           "ingest": {"seconds": 15.0, "cpu_s": 12.0, "rss_mb": 99.0}}
    s = bench.summarise([run], {"docs": 1000, "bytes": 4 * bench.MB})
    lib = s["extract, library (after start-up)"]
    assert lib["docs_per_s"] == 100.0 and lib["mb_per_s"] == 0.4
    assert lib["x_floor"] == 40.0          # against the faster floor reading (0.25 s)
    assert lib["docs_per_cpu_s"] == 125.0 and lib["peak_rss_mb"] == 90.0
    assert s["extract, CLI (net of start-up)"]["docs_per_s"] == 100.0


def test_find_actors_reuses_hits_only_for_the_same_text():
    from tacitus.nlp import actors

    first = "Ukraine's defence ministry said Russian forces shelled the border town overnight."
    second = "The Sudanese army said the RSF had withdrawn from two villages near the city."
    expected = {t: [(m.start, m.end, m.value) for m in actors.find_actors(t)] for t in (first, second)}
    for text in (first, first, second, first, second, second):
        got = actors.find_actors(text)
        assert [(m.start, m.end, m.value) for m in got] == expected[text]
        got.clear()  # callers may change what they get without touching the next answer
    assert actors.find_actors("") == []


def test_vocabularies_load_the_same_with_the_fast_yaml_parser():
    import yaml
    from importlib import resources

    from tacitus.nlp.lexicon import load_data

    for name in ("actors", "outlets", "verbs"):
        text = (resources.files("tacitus") / "data" / f"{name}.yml").read_text(encoding="utf-8")
        assert load_data(name) == yaml.safe_load(text), name


# --------------------------------------------------------------------------
# The real-text corpus mode (benchmarks/realtext.py and throughput.py --real).
# The texts below are written for these tests, modelled on short news posts.
# --------------------------------------------------------------------------

REALTEXT = Path(__file__).resolve().parent.parent / "benchmarks" / "realtext.py"


def _realtext_module():
    spec = importlib.util.spec_from_file_location("realtext_bench", REALTEXT)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def _fake_sources(tmp_path):
    """A shared/ folder with a CASE-like and a MoD-like file, excerpts and a manifest."""
    shared = tmp_path / "shared"
    (shared / "eval" / "case2021").mkdir(parents=True)
    case = [{"id": "case2021-0001", "text": "Militants attacked a checkpoint near Gao, killing three soldiers.",
             "published": None},
            {"id": "case2021-0002", "text": "Police dispersed a rally in the capital with tear gas on Friday.",
             "published": None},
            {"id": "case2021-0003", "text": "Militants  attacked a checkpoint near Gao, killing three soldiers.",
             "published": None}]  # the first again, spaced differently: a duplicate
    (shared / "eval" / "case2021" / "dev.docs.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in case), encoding="utf-8")
    realsets = tmp_path / "realsets"
    realsets.mkdir()
    (realsets / "en-0001.txt").write_text("Air defences downed 14 drones over the region overnight, "
                                          "the governor said.", encoding="utf-8")
    (realsets / "en-0002.txt").write_text("A held-out excerpt that must never be used.", encoding="utf-8")
    (realsets / "en-0003.txt").write_text("An excerpt no manifest names yet.", encoding="utf-8")
    (realsets / "ru-0001.txt").write_text("Над территорией области сбиты три беспилотника.", encoding="utf-8")
    manifests = tmp_path / "manifests"
    manifests.mkdir()
    rows = [{"id": "en-0001", "split": "dev", "language": "en", "published": "2025-03-02"},
            {"id": "en-0002", "split": "heldout", "language": "en", "published": "2025-03-03"},
            {"id": "ru-0001", "split": "dev", "language": "ru", "published": "2025-04-01"}]
    (manifests / "en.manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return shared, realsets, manifests


def test_real_sets_read_what_exists_and_leave_out_held_out_excerpts(tmp_path):
    rt = _realtext_module()
    shared, realsets, manifests = _fake_sources(tmp_path)
    en = rt.load_pool("en", shared=shared, realsets=realsets, manifests=manifests)
    assert sorted(t.id for t in en.texts) == ["case2021-0001", "case2021-0002", "en-0001", "en-0003"]
    assert {t.id: t.published for t in en.texts}["en-0001"] == "2025-03-02"
    notes = " | ".join(en.notes)
    assert "1 held-out" in notes and "1 excerpts that no manifest" in notes and "1 duplicate" in notes
    ru = rt.load_pool("ru", shared=shared, realsets=realsets, manifests=manifests)
    assert [t.id for t in ru.texts] == ["ru-0001"] and ru.texts[0].language == "ru"
    assert any("rumod" in n and "not found" in n for n in ru.notes)
    lines = rt.describe(en)
    assert lines[0].startswith("set en: 4 texts")
    assert any(line.strip().startswith("case2021") and "2 texts" in line for line in lines)
    empty = rt.load_pool("excerpts-en", shared=shared, realsets=tmp_path / "nowhere", manifests=manifests)
    assert not empty.texts and any("no folder" in n for n in empty.notes)


def test_built_documents_have_exact_lengths_and_follow_the_seed(tmp_path):
    rt = _realtext_module()
    shared, realsets, manifests = _fake_sources(tmp_path)
    pool = rt.load_pool("en", shared=shared, realsets=realsets, manifests=manifests)
    docs = rt.build_docs(pool, 7, 25, seed=3)
    assert [len(d["text"].split()) for d in docs] == [25] * 7
    assert len({d["id"] for d in docs}) == 7
    assert rt.build_docs(pool, 7, 25, seed=3) == docs
    assert rt.build_docs(pool, 7, 25, seed=4) != docs
    # the documents are the shuffled texts laid end to end: every word comes from a text
    vocabulary = {w for t in pool.texts for w in t.text.split()}
    assert all(w in vocabulary for d in docs for w in d["text"].split())
    # a long document repeats the pool; a one-word document is one word
    assert len(rt.build_docs(pool, 1, 500, seed=0)[0]["text"].split()) == 500
    assert len(rt.build_docs(pool, 3, 1, seed=0)[2]["text"].split()) == 1
    posts = rt.as_is(pool, seed=0)
    assert sorted(p["id"] for p in posts) == sorted(t.id for t in pool.texts)
    assert len(rt.as_is(pool, 2, seed=0)) == 2


def test_real_floors_count_tokens(tmp_path):
    bench = _bench_module()
    corpus = tmp_path / "c.jsonl"
    recs = [{"id": "a", "text": "Two drones were downed over Poltava, officials said."},
            {"id": "b", "text": "Сбиты три беспилотника."}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    regex = bench.floor_regex(corpus)
    assert regex["docs"] == 2 and regex["tokens"] == 10 + 4
    spacy_floor = bench.floor_spacy(corpus, bench.spacy_blank("en"))
    assert spacy_floor["docs"] == 2 and spacy_floor["tokens"] == 10 + 4


def test_real_summary_ratios_to_both_floors():
    bench = _bench_module()
    floors = {"regex": {"seconds": 0.02, "cpu_s": 0.02}, "spacy": {"seconds": 0.5, "cpu_s": 0.4}}
    slower = {"regex": {"seconds": 0.04, "cpu_s": 0.04}, "spacy": {"seconds": 1.0, "cpu_s": 0.8}}
    run = {"floors_before": floors, "floors_after": slower,
           "lib": {"seconds": 10.0, "cpu_s": 8.0, "rss_mb": 120.0},
           "ingest": {"seconds": 14.0, "cpu_s": 12.0, "rss_mb": 230.0}}
    startup = {"ingest": {"seconds": 2.0, "cpu_s": 1.0}}
    s = bench.summarise_real([run], [startup], {"docs": 1000, "words_per_doc": 500})
    lib = s["extract, library (after start-up)"]
    assert lib["docs_per_s"] == 100.0 and lib["us_per_word"] == 20.0 and lib["us_per_word_cpu"] == 16.0
    assert lib["x_regex"] == 500.0 and lib["x_spacy"] == 20.0 and lib["x_spacy_cpu"] == 20.0
    assert lib["x_regex_cpu"] == 400.0 and lib["docs_per_cpu_s"] == 125.0
    assert lib["peak_rss_mb"] == 120.0
    net = s["ingest, net of a one-report ingest"]
    assert net["docs_per_s"] == 1000 / 12.0 and net["x_spacy"] == 24.0
    assert s['floor: spacy.blank("en") tokenizer']["x_regex"] == 25.0
    # length-scaling runs have no ingest: no ingest rows, no error
    del run["ingest"]
    assert "ingest, net of a one-report ingest" not in bench.summarise_real([run], [{}], {"docs": 1, "words_per_doc": 1})


def test_stage_profile_adds_up_and_leaves_the_pipeline_as_it_was(tmp_path):
    bench = _bench_module()
    from tacitus import pipeline as pl
    from tacitus.extract import classify as classify_mod

    corpus = tmp_path / "c.jsonl"
    recs = [{"id": f"r{i}", "published": "2025-05-0{}".format(i + 1),
             "text": f"Russia launched {20 + i} drones at Ukraine overnight, the air force said. "
                     f"Air defences shot down {15 + i} of them over the Kharkiv and Sumy regions. "
                     "Two people were injured in Kharkiv, the regional governor said on Telegram."}
            for i in range(4)]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    before = (pl.classify, pl.find_numbers, classify_mod.find_weapons, pl.get_pipeline().geocoder.find_document)
    prof = bench.profile(corpus, 4)
    assert prof["docs"] == 4 and prof["sentences"] == 12 and not prof["missing"]
    stages = prof["stages"]
    for name in ("places", "classify", "numbers", "claims", "frames (rest of extract)", "clean", "segment"):
        assert stages[name]["seconds"] > 0, name
    assert stages["classify"]["calls"] == 12 and stages["weapons"]["calls"] >= 12  # classify's scan counted
    covered = sum(st["seconds"] for st in stages.values())
    assert 0.9 * prof["cpu_s"] <= covered <= 1.01 * prof["cpu_s"]
    after = (pl.classify, pl.find_numbers, classify_mod.find_weapons, pl.get_pipeline().geocoder.find_document)
    assert after == before
