"""Fuzz the read -> clean -> extract -> store path with generated hostile input.

    python benchmarks/fuzz.py --inputs 100000 --seed 1 --workers 2 --json fuzz.json
    python benchmarks/fuzz.py --only 4711 --seed 1 --keep fuzz-out/   # one input again

Kinds of input (each drawn from its own seeded generator, so input ``i`` of a
seed is always the same bytes):

* ``bytes``: random bytes, sometimes behind a format's magic ("WARC/1.0",
  ``<html>``, ``{"``, gzip) so that they reach the parsers;
* ``text``: random Unicode with lone surrogates, control and invisible
  characters, combining marks, characters that change length when lower-cased;
* ``report``: a seed report (``examples/``, ``tests/fixtures``, invented wire
  copy from ``benchmarks/synth.py``) mutated: bytes flipped, slices cut or
  repeated, sentence breaks removed, figures of 11 to 5,000 digits, "10^30",
  dates from year 0 to 9999, surrogates and control characters put in, a word
  of 20,000 letters;
* ``jsonl``: good and broken lines: truncated JSON, 5,000-digit integers,
  arrays nested 100,000 deep, ``\\ud83d`` escapes in text, title, outlet and
  id, wrong types, dates out of range, bytes that are not UTF-8;
* ``html``, ``feed`` (RSS and Atom), ``warc``: seeds mutated, and generated
  pages, feeds and archives that lie (nesting thousands deep, thousands of
  paragraphs and captions, bad dates, entities, record lengths that are wrong,
  gzip cut short);
* ``telegram``: Telegram Desktop exports, ``result.json`` (messages whose text
  is a string, an entity list, a number or an object; ids of 5,000 digits;
  dates in year 0 or 9999; nesting 100,000 deep) and ``messages.html`` pages
  (text nested thousands deep, time stamps with impossible offsets), from the
  fixtures in ``tests/fixtures/telegram`` mutated and generated.

Every input goes through the library as ``tacitus ingest`` takes it: the
readers (``tacitus.read.read_stream``, format sniffed from a file name and the
bytes), the cleaner and the extractor under the per-document time budget
(``tacitus.pipeline.process_one``), and into an SQLite ledger in batches
(``Store.write_batch``). Each batch also carries two *canaries*, good reports
of their own text: a batch is *lost* when a canary, or any document extracted
with it, is neither stored nor listed as refused.

Reported: inputs, records, documents stored, rejects by reason, **crashes**
(an exception out of a stage, a reader's exception caught as "reader failed",
or an output that breaks the contract: JSON that
does not encode as UTF-8, a quantity outside 0..10^9, evidence that is not the
text at its offsets, a reject that is not one line), **hangs** (a document that
took more CPU time than the budget and still came back, or a read that took
more than the budget) and **lost batches**. Times are CPU seconds, as the
budget counts them, so a busy machine does not make hangs. The input of each crash and hang is saved under
``--keep`` to be replayed with ``--only``.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import multiprocessing as mp
import random
import re
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter
from contextlib import redirect_stderr
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

KINDS = ("bytes", "text", "report", "jsonl", "html", "feed", "warc", "telegram")
WEIGHTS = (8, 8, 28, 20, 13, 9, 7, 7)
MAX_BYTES = 2 * 2**20   # the fuzz reader's document limit (the CLI's is 10 MB)
MAX_COUNT = 10**9

# -------------------------------------------------------------------------- seeds


def _seed_texts() -> dict[str, list[bytes]]:
    """Seed inputs of each kind from the repository (invented reports only)."""
    seeds: dict[str, list[bytes]] = {"report": [], "html": [], "feed": [], "jsonl": [], "telegram": [],
                                     "telegram-html": []}
    seeds["telegram"] = [p.read_bytes() for p in sorted((ROOT / "tests/fixtures/telegram").glob("*/result.json"))]
    seeds["telegram-html"] = [p.read_bytes() for p in sorted((ROOT / "tests/fixtures/telegram").glob("*/*.html"))]
    for path in sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests/fixtures/e2e").glob("*.txt")):
        seeds["report"].append(path.read_bytes())
    for path in sorted((ROOT / "examples").glob("*.html")) + sorted((ROOT / "tests/fixtures/read").glob("*.html")):
        seeds["html"].append(path.read_bytes())
    for pattern in ("*.rss", "*.atom"):
        seeds["feed"] += [p.read_bytes() for p in sorted((ROOT / "tests/fixtures/read").glob(pattern))]
    for path in sorted((ROOT / "examples").glob("*.jsonl")) + sorted((ROOT / "tests/fixtures/read").glob("*.jsonl")):
        seeds["jsonl"] += [line for line in path.read_bytes().splitlines() if line.strip()]
    try:
        from synth import generate
        for rec in generate(60, seed=11, words=250):
            head = f"date {rec['published']}\noutlet: {rec['outlet']}\n\n"
            seeds["report"].append((head + rec["text"]).encode("utf-8"))
            seeds["jsonl"].append(json.dumps({k: rec[k] for k in ("id", "title", "outlet", "published", "text")},
                                             ensure_ascii=False).encode("utf-8"))
    except ImportError:  # pragma: no cover - synth.py sits beside this file
        pass
    return seeds


_SEEDS: dict[str, list[bytes]] | None = None


def seeds() -> dict[str, list[bytes]]:
    global _SEEDS
    if _SEEDS is None:
        _SEEDS = _seed_texts()
    return _SEEDS


# -------------------------------------------------------------------------- hostile pieces
NASTY_CHARS = ["\ud800", "\udfff", "\ud83d", "\ude00", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f",
               "\u200b", "\u200e", "\u202e", "\u2028", "\ufeff", "\ufffe", "\uffff", "\u0130", "\u1e9e",
               "\u0301" * 30, "\U0001f4a5", "\r", "\t", "\x0c", "ﬃ", "İstanbul", "Σ"]
WORDS = ("drones", "missiles", "people", "civilians", "shells", "soldiers", "rockets", "troops")


def big_number(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.3:
        return "10^" + str(rng.randint(10, 400))
    if pick < 0.5:
        return str(rng.randint(2, 999)) + " " + rng.choice(["billion", "trillion", "million million"])
    digits = rng.choice([11, 19, 20, 40, 400, 4301, 5000])
    return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(digits - 1))


def bad_date(rng: random.Random) -> str:
    return rng.choice(["0001-01-01", "0000-00-00", "9999-12-31", "1899-12-31", "2101-01-01", "2025-02-30",
                       "10000-01-01", "2025-13-45", "-001-01-01", "2025-07-18T25:61:00Z"])


def nasty_text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.15:
            out.append(rng.choice(NASTY_CHARS))
        elif r < 0.25:
            out.append(chr(rng.randint(0, 0x10FFFF)))
        elif r < 0.35:
            out.append(f" {big_number(rng)} {rng.choice(WORDS)} ")
        else:
            out.append(rng.choice(["Russian ", "drones ", "struck ", "Kyiv ", "overnight", ", ", ". ", "said ",
                                   "Ukraine's air force ", "killed ", "at least ", "\n\n", "Kharkiv ", "shelling "]))
    return "".join(out)


def encode(text: str) -> bytes:
    """UTF-8 that keeps lone surrogates as their (invalid) three bytes."""
    return text.encode("utf-8", "surrogatepass")


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not data:
            data += bytes(rng.randrange(256) for _ in range(16))
        op = rng.random()
        at = rng.randrange(len(data))
        if op < 0.3:
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op < 0.5:
            del data[at:at + rng.randint(1, max(1, len(data) // 4))]
        elif op < 0.7:
            piece = data[at:at + rng.randint(1, 200)]
            data[at:at] = piece * rng.randint(2, 50)
        elif op < 0.85:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        else:
            del data[rng.randint(1, len(data)):]
    return bytes(data)


def mutate_text(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(10)
        at = rng.randrange(len(text) + 1)
        if op == 0:    # no sentence breaks at all, and one paragraph
            text = text.replace(". ", ", ").replace("\n", " ")
        elif op == 1:  # a figure no ledger can hold
            text = text[:at] + f" {big_number(rng)} {rng.choice(WORDS)} " + text[at:]
        elif op == 2:  # a date header out of range, or a nonsense one
            text = f"date {bad_date(rng)}\n" + text.split("\n", 1)[-1]
        elif op == 3:
            text = text[:at] + "".join(rng.choice(NASTY_CHARS) for _ in range(rng.randint(1, 12))) + text[at:]
        elif op == 4:  # one sentence said a thousand times
            sent = text[at:at + rng.randint(20, 300)]
            text = text[:at] + sent * (rng.randint(200, 1500) if rng.random() < 0.05 else rng.randint(5, 100)) \
                + text[at:]
        elif op == 5:
            text = text[:at] + "x" * rng.choice([1000, 5000, 5000, 20000, 20000, 100000]) + text[at:]
        elif op == 6:  # many weapons and sides in one endless sentence
            text += " ".join(rng.choice(["Russian drones", "Ukrainian missiles", "Kyiv", "Moscow", "said",
                                         "launched", "shot down", "the governor", "Hamas", "Israeli"])
                             for _ in range(rng.randint(2000, 5000) if rng.random() < 0.1 else rng.randint(100, 800)))
        elif op == 7:
            text = text[:at] + rng.choice(["5000 years ago", "99999999999 days ago", "the night of December 31",
                                           "in 0001", "last year", "1,000,000,000,000 weeks ago"]) + text[at:]
        elif op == 8:
            text = text[:at] + nasty_text(rng, rng.randint(5, 200)) + text[at:]
        else:
            text = text[:at]
    return text


# -------------------------------------------------------------------------- generators


def gen_bytes(rng: random.Random) -> tuple[str, bytes]:
    data = bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 7, 100, 1000, 5000])))
    prefix = rng.choice([b"", b"", b"WARC/1.0\r\n", b"<html><body><p>", b'{"text": "', b"\x1f\x8b", b"<rss>",
                         b"\xef\xbb\xbf", b"\xff\xfe", b"date 2025-01-01\n"])
    name = rng.choice(["x.txt", "x.bin", "x.jsonl", "x.html", "x.rss", "x.warc", "x.gz", "x.json", "x"])
    return name, prefix + data


def gen_text(rng: random.Random) -> tuple[str, bytes]:
    text = nasty_text(rng, rng.randint(1, 400))
    if rng.random() < 0.3:
        text = f"date {rng.choice(['2025-03-04', bad_date(rng)])}\n" + text
    return rng.choice(["t.txt", "t", "t.md"]), encode(text)


def gen_report(rng: random.Random) -> tuple[str, bytes]:
    seed = rng.choice(seeds()["report"])
    if rng.random() < 0.25:
        return "r.txt", mutate_bytes(rng, seed)
    text = mutate_text(rng, seed.decode("utf-8", "replace"))
    return "r.txt", encode(text)


def _surrogate_escape(rng: random.Random) -> str:
    return rng.choice(["\\ud800", "\\ud83d", "\\ude00", "\\udfff", "\\ud83d\\ude00", "\\u0000", "\\u001b"])


def gen_jsonl(rng: random.Random) -> tuple[str, bytes]:
    lines: list[bytes] = []
    for _ in range(rng.randint(1, 6)):
        seed = rng.choice(seeds()["jsonl"])
        op = rng.randrange(12)
        if op == 0:
            lines.append(seed)
            continue
        try:
            rec = json.loads(seed)
        except ValueError:
            rec = {"text": seed.decode("utf-8", "replace")}
        if op == 1:
            lines.append(seed[:rng.randrange(len(seed) + 1)])          # cut short
        elif op == 2:
            field = rng.choice(["text", "title", "outlet", "id", "url", "language", "source"])
            raw = json.dumps(rec, ensure_ascii=True)
            value = json.dumps(str(rec.get(field, "x")))[1:-1]
            at = rng.randrange(len(value) + 1)
            bad = value[:at] + _surrogate_escape(rng) + value[at:]
            rec[field] = "@@"
            lines.append(json.dumps(rec).replace('"@@"', f'"{bad}"').encode("ascii"))
            del raw
        elif op == 3:
            rec[rng.choice(["id", "published", "title"])] = "@@"
            lines.append(json.dumps(rec).replace('"@@"', "9" * rng.choice([100, 4301, 5000, 20000])).encode())
        elif op == 4:
            depth = rng.choice([100, 1000, 100000])
            lines.append(b'{"text": "Drones hit Kyiv.", "x": ' + b"[" * depth + b"]" * depth + b"}")
        elif op == 5:
            lines.append(b"[" * 200000)
        elif op == 6:
            rec["published"] = rng.choice([bad_date(rng), 20250101, {"d": 1}, [1, 2], True, None, ""])
            lines.append(json.dumps(rec).encode())
        elif op == 7:
            rec["text"] = rng.choice([12, None, ["a"], {"t": "x"}, "", "   ", True])
            lines.append(json.dumps(rec).encode())
        elif op == 8:
            rec["text"] = mutate_text(rng, str(rec.get("text", "")))
            lines.append(json.dumps(rec, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass"))
        elif op == 9:
            lines.append(mutate_bytes(rng, seed))
        elif op == 10:
            lines.append(json.dumps(rec).encode("utf-16") if rng.random() < 0.5 else b"\xff\xfe\x00{")
        else:
            rec["id"] = rng.choice([{"a": [1]}, [], 1.5e308, float("inf") if rng.random() < 0.5 else -0.0, ""])
            lines.append(json.dumps(rec).encode())
    sep = rng.choice([b"\n", b"\r\n", b"\n\n"])
    return rng.choice(["f.jsonl", "f.ndjson", "f.json", "f"]), sep.join(lines) + sep


def gen_html(rng: random.Random) -> tuple[str, bytes]:
    op = rng.randrange(6)
    if op == 0:
        return "p.html", mutate_bytes(rng, rng.choice(seeds()["html"]))
    if op == 1:
        text = mutate_text(rng, rng.choice(seeds()["html"]).decode("utf-8", "replace"))
        return "p.html", encode(text)
    if op == 2:
        depth = rng.choice([500, 5000, 50000])
        body = "<div>" * depth + "<p>Drones struck Kharkiv overnight, the governor said.</p>" + "</div>" * depth
        return "p.html", f"<html><body>{body}</body></html>".encode()
    if op == 3:   # thousands of paragraphs and captions: the caption and unmerge steps
        n = rng.choice([50, 200, 200, 500, 2000, 8000] if rng.random() < 0.1 else [20, 50, 200])
        parts = [f"<p>Shelling hit the village number {i} on Monday, officials said.</p>"
                 + (f"<figure><figcaption>Smoke over the village {i}. Photo: AP</figcaption></figure>"
                    if i % 3 == 0 else "") for i in range(n)]
        return "p.html", ("<html><head><title>t</title></head><body><article>" + "".join(parts)
                          + "</article></body></html>").encode()
    if op == 4:
        attr = "a" * rng.choice([1000, 100000])
        return "p.htm", (f'<html><body><p class="{attr}">Missiles hit Odesa &amp;&#0;&#xD800;&#99999999; '
                         f'&nbsp; {nasty_text(rng, 50)}</p><script>{"x" * 10000}</script></body>').encode(
            "utf-8", "surrogatepass")
    return "p.html", encode("<html><body><p>" + nasty_text(rng, rng.randint(10, 300)) + "</p></body></html>")


def gen_feed(rng: random.Random) -> tuple[str, bytes]:
    op = rng.randrange(5)
    if op == 0 and seeds()["feed"]:
        return rng.choice(["f.rss", "f.atom", "f.xml"]), mutate_bytes(rng, rng.choice(seeds()["feed"]))
    if op == 1 and seeds()["feed"]:
        return "f.rss", encode(mutate_text(rng, rng.choice(seeds()["feed"]).decode("utf-8", "replace")))
    items = []
    for i in range(rng.choice([1, 3, 10, 50, 500] if rng.random() < 0.1 else [1, 3, 10])):
        date_ = rng.choice(["Mon, 01 Jan 0001 00:00:00 GMT", "Tue, 18 Jul 2025 08:00:00 GMT", "not a date",
                            "Fri, 31 Dec 9999 23:59:59 +2400", "2025-02-30T00:00:00Z", ""])
        body = rng.choice([f"<p>{nasty_text(rng, 20)}</p>", "<![CDATA[<p>Drones hit Sumy.</p>]]>",
                           "&lt;p&gt;Shelling killed " + big_number(rng) + " people&lt;/p&gt;", ""])
        items.append(f"<item><title>{nasty_text(rng, 3)}</title><link>http://x/{i}</link>"
                     f"<pubDate>{date_}</pubDate><description>{body}</description></item>")
    lang = rng.choice(["en", "", "x" * 300, "\x00", "ru-RU"])
    feed = f'<?xml version="1.0"?><rss><channel><title>{nasty_text(rng, 2)}</title><language>{lang}</language>' \
           + "".join(items) + ("</channel></rss>" if rng.random() < 0.7 else "")
    if op == 4:
        feed = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
                '<!ENTITY c "&b;&b;&b;&b;&b;&b;">]>' + feed.split("?>", 1)[1].replace("<title>", "<title>&c;", 1))
    return rng.choice(["f.rss", "f.atom", "f.xml", "f"]), encode(feed)


def _warc_record(uri: str, body: bytes, ctype: str, lie: int) -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)) % 10**12}>\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) + lie}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def gen_warc(rng: random.Random) -> tuple[str, bytes]:
    records = []
    for i in range(rng.randint(1, 4)):
        body = rng.choice(seeds()["html"]) if rng.random() < 0.7 else encode(nasty_text(rng, 100))
        if rng.random() < 0.3:
            body = mutate_bytes(rng, body)
        ctype = rng.choice(["text/html; charset=utf-8", "text/html; charset=bogus-9", "text/html; charset=utf-16",
                            "image/png", "text/html"])
        lie = rng.choice([0, 0, 0, -10, 25, 10**6])
        records.append(_warc_record(f"http://x/{i}", body, ctype, lie))
    data = b"".join(records)
    if rng.random() < 0.3:
        data = gzip.compress(data)
        if rng.random() < 0.5:
            data = data[:rng.randrange(len(data))]
        return "a.warc.gz", data
    if rng.random() < 0.3:
        data = mutate_bytes(rng, data)
    return "a.warc", data


def _telegram_message(rng: random.Random, i: int) -> dict:
    text = rng.choice([nasty_text(rng, rng.randint(1, 60)), mutate_text(rng, "У ніч на 21 вересня противник "
                       "атакував 48 ударними БпЛА. Збито 39. Russian drones struck Kharkiv overnight."), ""])
    msg = {"id": i, "type": rng.choice(["message"] * 8 + ["service", "sticker", 7]),
           "date": rng.choice(["2025-09-21T07:55:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "x"]),
           "date_unixtime": rng.choice(["1758434100", "-62135596800", "253402300799", "9" * 30, [1], None, ""]),
           "text": text}
    r = rng.random()
    if r < 0.3:
        msg["text_entities"] = [{"type": rng.choice(["plain", "bold", "text_link", "hashtag"]), "text": text[:40],
                                 "href": rng.choice(["https://t.me/x/1", None, 5])}, {"type": "plain", "text": 7}]
    elif r < 0.4:
        msg["text"] = rng.choice([12, None, {"a": 1}, [[["deep"]]], 1.5e308, True])
    elif r < 0.5:
        msg["forwarded_from"] = rng.choice(["Канал \ud83d", {"name": "x"}, ["a"], 3, ""])
    return msg


def gen_telegram(rng: random.Random) -> tuple[str, bytes]:
    op = rng.randrange(6)
    if op == 0 and seeds()["telegram"]:
        return "result.json", mutate_bytes(rng, rng.choice(seeds()["telegram"]))
    if op == 1 and seeds()["telegram-html"]:
        page = rng.choice(seeds()["telegram-html"]).decode("utf-8", "replace")
        if rng.random() < 0.5:
            deep = rng.choice([100, 3000, 30000])
            page = page.replace('<div class="text">', '<div class="text">' + "<span>" * deep + "Дрони " * 3
                                + "</span>" * deep, 1)
        page = page.replace("UTC+03:00", rng.choice(["UTC+99:99", "UTC+03:00", "UTC-23:59"]))
        return "messages.html", encode(mutate_text(rng, page) if rng.random() < 0.5 else page)
    chat: dict = {"name": rng.choice(["Повітряні сили", nasty_text(rng, 3), "x" * 5000]),
                  "type": "public_channel", "id": rng.choice([1000000002, int("9" * 60)]),
                  "messages": [_telegram_message(rng, i) for i in range(rng.choice([1, 3, 20, 200]))]}
    if rng.random() < 0.3:
        chat["username"] = rng.choice(["example_airforce", "", "a b", nasty_text(rng, 2)])
    raw = json.dumps(chat, ensure_ascii=rng.random() < 0.5)
    if op == 2:
        raw = raw.replace('"messages": [', '"messages": [' + "[" * 100000 + "]" * 100000 + ", ", 1)
    elif op == 3:
        raw = raw.replace('"id": 1,', '"id": ' + "1" * 5000 + ",", 1)
    elif op == 4:
        raw = raw[:rng.randrange(len(raw) + 1)]
    return "result.json", raw.replace("\\ud83d", "\\ud83d").encode("utf-8", "surrogatepass")


GENERATORS = {"bytes": gen_bytes, "text": gen_text, "report": gen_report, "jsonl": gen_jsonl,
              "html": gen_html, "feed": gen_feed, "warc": gen_warc, "telegram": gen_telegram}


def generate(seed: int, i: int) -> tuple[str, str, bytes]:
    """Input ``i`` of ``seed``: (kind, file name, bytes)."""
    rng = random.Random(f"{seed}:{i}")
    kind = rng.choices(KINDS, WEIGHTS)[0]
    name, data = GENERATORS[kind](rng)
    if rng.random() < 0.05:
        data, name = gzip.compress(data), name + ".gz"
    return kind, name, data


# -------------------------------------------------------------------------- checks


def contract_problems(result) -> list[str]:
    """What is wrong with one extracted document's output (empty: nothing)."""
    from tacitus.store.rows import rows_of
    problems = []
    try:
        json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError) as exc:
        problems.append(f"output does not encode: {type(exc).__name__}")
    text = result.document.text
    for ev in result.events:
        e = ev.evidence
        if not (0 <= e.start <= e.end <= len(text)) or text[e.start:e.end] != e.text:
            problems.append("evidence is not the text at its offsets")
        for q in ev.quantities:
            if not (isinstance(q.value, int) and 0 <= q.low <= q.value <= MAX_COUNT
                    and (q.high is None or q.value <= q.high <= MAX_COUNT)):
                problems.append(f"quantity out of range: {q.low}..{q.value}..{q.high}")
    try:
        rows_of(result)
    except Exception as exc:  # noqa: BLE001
        problems.append(f"rows_of failed: {type(exc).__name__}")
    return problems


def reject_problem(reject) -> str | None:
    line = f"{reject.source}: {reject.reason}"
    if "\n" in line or "\r" in line:
        return "reject is not one line"
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return "reject is not valid text"
    if len(reject.reason) > 500 or "Traceback" in line:
        return "reject reason is not a short line"
    return None


def reason_kind(reason: str) -> str:
    from tacitus.cli.common import reject_kind
    kind = reject_kind(reason)
    kind = kind.split(": ", 1)[0] if kind.startswith(("extraction failed", "not stored", "reader failed")) else kind
    return re.sub(r"\d+", "N", kind)[:90]


# -------------------------------------------------------------------------- the run


class Stats:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.crashes: list[dict] = []
        self.hangs: list[dict] = []
        self.lost: list[dict] = []
        self.slowest: list[tuple[float, int, str]] = []

    def merge(self, other: "Stats") -> None:
        self.counts.update(other.counts)
        self.kinds.update(other.kinds)
        self.reasons.update(other.reasons)
        self.crashes += other.crashes
        self.hangs += other.hangs
        self.lost += other.lost
        self.slowest = sorted(self.slowest + other.slowest, reverse=True)[:10]

    def to_dict(self) -> dict:
        return {"counts": dict(self.counts), "kinds": dict(self.kinds), "rejects": dict(self.reasons.most_common()),
                "crashes": self.crashes, "hangs": self.hangs, "lost_batches": self.lost,
                "slowest": [{"seconds": round(s, 2), "input": i, "kind": k} for s, i, k in self.slowest]}


def _canary(batch: int, n: int):
    from datetime import date

    from tacitus.model import RawDocument
    text = (f"Russian drones struck a fuel depot in Kharkiv overnight, killing {n + 2} people, "
            f"the regional governor said in report {batch}-{n}. Air defences shot down {n + 10} drones.")
    return RawDocument(f"canary/{batch}/{n}", text, published=date(2025, 3, 4))


def run_slice(args: argparse.Namespace, indices: list[int], db: str, keep: Path | None) -> Stats:
    """Inputs ``indices`` through read -> clean -> extract -> store; the figures."""
    from tacitus.budget import BudgetExceeded, time_budget
    from tacitus.model import Reject
    from tacitus.pipeline import get_pipeline, process_one
    from tacitus.read import read_stream
    from tacitus.store import open_store

    pipe = get_pipeline()
    stats = Stats()
    hang_after = args.budget * 1.5 + 1.0
    store = open_store(db)
    batch: list = []
    batch_inputs: list[int] = []
    batch_no = [0]

    def save(i: int, name: str, data: bytes, what: str) -> None:
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{what}-{args.seed}-{i}-{name}").write_bytes(data)

    def crash(i: int, kind: str, stage: str, exc: BaseException | str, name: str, data: bytes) -> None:
        detail = exc if isinstance(exc, str) else f"{type(exc).__name__}: {str(exc)[:200]}"
        where = "" if isinstance(exc, str) else traceback.format_exception(exc)[-2].strip()[:300]
        stats.crashes.append({"input": i, "kind": kind, "stage": stage, "error": detail, "where": where})
        save(i, name, data, "crash")

    def flush() -> None:
        if not batch:
            return
        batch_no[0] += 1
        canaries = [process_one(pipe, _canary(batch_no[0], n), None) for n in range(2)]
        results = [r for r in batch if not isinstance(r, Reject)] + canaries
        rejects = [r for r in batch if isinstance(r, Reject)]
        try:
            written = store.write_batch(results, rejects)
        except Exception as exc:  # noqa: BLE001 - a crash of the store: the whole batch is lost
            stats.crashes.append({"input": batch_inputs[:], "kind": "batch", "stage": "store",
                                  "error": f"{type(exc).__name__}: {str(exc)[:200]}"})
            stats.lost.append({"inputs": batch_inputs[:], "why": "write_batch raised"})
        else:
            failed = {r.source for r in written.failed}
            stats.counts["stored"] += written.documents
            stats.counts["refused by the store"] += len(written.failed)
            for r in written.failed:
                stats.reasons[reason_kind(r.reason)] += 1
            ids = {r.document.id for r in results}
            have = store.has_documents(ids)
            missing = [r.document.source for r in results if r.document.id not in have
                       and r.document.source not in failed]
            if missing or any(c.document.id not in have for c in canaries):
                stats.lost.append({"inputs": batch_inputs[:], "why": f"not stored: {missing[:3]}"})
        stats.counts["batches"] += 1
        batch.clear()
        batch_inputs.clear()

    for i in indices:
        kind, name, data = generate(args.seed, i)
        stats.kinds[kind] += 1
        stats.counts["inputs"] += 1
        stats.counts["input bytes"] += len(data)
        t0 = time.thread_time()   # CPU time, as the budget counts: a busy machine is no hang
        items: list = []
        noise = io.StringIO()
        try:
            with time_budget(args.budget * 4), redirect_stderr(noise):   # the fuzzer's own watchdog
                items = list(read_stream(f"fuzz/{i}", name, io.BytesIO(data), size=len(data), max_bytes=MAX_BYTES))
        except BudgetExceeded:
            stats.hangs.append({"input": i, "kind": kind, "stage": "read", "seconds": round(time.thread_time() - t0, 1)})
            save(i, name, data, "hang")
            continue
        except Exception as exc:  # noqa: BLE001
            crash(i, kind, "read", exc, name, data)
            continue
        if noise.getvalue():
            crash(i, kind, "read", f"wrote to stderr: {noise.getvalue()[:120]!r}", name, data)
            noise = io.StringIO()
        read_s = time.thread_time() - t0
        if read_s > hang_after:
            stats.hangs.append({"input": i, "kind": kind, "stage": "read", "seconds": round(read_s, 1)})
            save(i, name, data, "hang")
        for item in items:
            stats.counts["records"] += 1
            if isinstance(item, Reject):
                problem = reject_problem(item)
                if problem:
                    crash(i, kind, "read", f"{problem}: {ascii(str(item))[:200]}", name, data)
                stats.reasons[reason_kind(item.reason)] += 1
                if item.reason.startswith("reader failed"):   # caught, but a reader's bug all the same
                    crash(i, kind, "read", item.reason[:300], name, data)
                batch.append(item)
                continue
            t1 = time.thread_time()
            with redirect_stderr(noise):
                out = process_one(pipe, item, args.budget)
            took = time.thread_time() - t1
            if noise.getvalue():
                crash(i, kind, "extract", f"wrote to stderr: {noise.getvalue()[:120]!r}", name, data)
                noise = io.StringIO()
            stats.slowest = sorted(stats.slowest + [(took, i, kind)], reverse=True)[:10]
            if isinstance(out, Reject):
                problem = reject_problem(out)
                if problem:
                    crash(i, kind, "extract", f"{problem}: {ascii(str(out))[:200]}", name, data)
                stats.reasons[reason_kind(out.reason)] += 1
                if out.reason.startswith("extraction failed"):
                    crash(i, kind, "extract", out.reason[:300], name, data)
                batch.append(out)
                continue
            if took > hang_after:
                stats.hangs.append({"input": i, "kind": kind, "stage": "extract", "seconds": round(took, 1)})
                save(i, name, data, "hang")
            problems = contract_problems(out)
            if problems:
                crash(i, kind, "output", "; ".join(sorted(set(problems)))[:300], name, data)
                continue
            stats.counts["documents"] += 1
            stats.counts["events"] += len(out.events)
            batch.append(out)
        batch_inputs.append(i)
        if len(batch) >= args.batch:
            flush()
        if args.progress and stats.counts["inputs"] % args.progress == 0:
            print(f"[{time.strftime('%H:%M:%S')}] {stats.counts['inputs']:,} inputs, {len(stats.crashes)} crashes, "
                  f"{len(stats.hangs)} hangs, {len(stats.lost)} lost batches", file=sys.stderr, flush=True)
    flush()
    store.close()
    stats.counts["max RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return stats


def _worker(job: tuple) -> dict:
    args, indices, db, keep = job
    s = run_slice(args, indices, db, keep)
    return {"stats": s.to_dict(), "slowest": s.slowest}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=int, default=1000, help="how many inputs to generate (default 1000)")
    ap.add_argument("--start", type=int, default=0, help="first input index (default 0)")
    ap.add_argument("--only", type=int, nargs="*", help="run just these input indices")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--budget", type=float, default=10.0, help="per-document time budget, seconds (default 10)")
    ap.add_argument("--batch", type=int, default=25, help="records per store batch (default 25)")
    ap.add_argument("--workers", type=int, default=1, help="processes (each with its own ledger)")
    ap.add_argument("--db", help="ledger directory (default: a temporary one)")
    ap.add_argument("--keep", type=Path, help="save the inputs that crash or hang here")
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--progress", type=int, default=0, help="a line on stderr every N inputs (per worker)")
    args = ap.parse_args(argv)

    indices = args.only if args.only else list(range(args.start, args.start + args.inputs))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(args.db or tmp)
        where.mkdir(parents=True, exist_ok=True)
        n = max(1, args.workers)
        slices = [indices[k::n] for k in range(n)]
        jobs = [(args, s, str(where / f"fuzz-{k}.db"), args.keep) for k, s in enumerate(slices)]
        total = Stats()
        if n == 1:
            total = run_slice(args, slices[0], jobs[0][2], args.keep)
        else:
            with mp.get_context("fork").Pool(n) as pool:
                for part in pool.imap_unordered(_worker, jobs):
                    s = Stats()
                    d = part["stats"]
                    s.counts.update(d["counts"])
                    s.kinds.update(d["kinds"])
                    s.reasons.update(d["rejects"])
                    s.crashes, s.hangs, s.lost = d["crashes"], d["hangs"], d["lost_batches"]
                    s.slowest = [tuple(x) for x in part["slowest"]]
                    rss = s.counts.pop("max RSS MB", 0)
                    total.merge(s)
                    total.counts["max RSS MB"] = max(total.counts["max RSS MB"], rss)
    elapsed = time.perf_counter() - started
    report = total.to_dict()
    report.update(seconds=round(elapsed, 1), seed=args.seed, budget=args.budget, inputs=len(indices),
                  workers=args.workers, command=" ".join(["benchmarks/fuzz.py"] + (argv if argv is not None else sys.argv[1:])))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=True) + "\n")
    if not args.quiet:
        c = total.counts
        print(f"inputs {c['inputs']:,} ({c['input bytes'] / 2**20:.1f} MB) in {elapsed:.0f} s; records {c['records']:,}; "
              f"documents extracted {c['documents']:,} ({c['events']:,} events), stored {c['stored']:,} "
              f"in {c['batches']:,} batches; max RSS {c['max RSS MB']} MB")
        print("by kind:", ", ".join(f"{k} {v:,}" for k, v in sorted(total.kinds.items())))
        print(f"crashes {len(total.crashes)}, hangs {len(total.hangs)}, lost batches {len(total.lost)}")
        for what, items in (("crash", total.crashes), ("hang", total.hangs), ("lost", total.lost)):
            for item in items[:10]:
                print(f"  {what}: {json.dumps(item, ensure_ascii=True)[:400]}")
        print("rejects by reason:")
        for reason, n in total.reasons.most_common(40):
            print(f"  {n:8,}  {ascii(reason)[1:-1]}")
        print("slowest documents:", ", ".join(f"#{i} {k} {s:.2f} s" for s, i, k in total.slowest[:5]))
    return 1 if total.crashes or total.hangs or total.lost else 0


if __name__ == "__main__":
    sys.exit(main())
