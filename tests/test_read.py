"""Readers: every format, encoding and bad input gives a RawDocument or a Reject."""
from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from tacitus.model import RawDocument, Reject
from tacitus.read import iter_inputs

FIX = Path(__file__).parent / "fixtures" / "read"

RUSSIAN = ("Ночью беспилотники атаковали Белгород, сообщил губернатор области. "
           "Пострадали два человека, повреждены жилые дома и линия электропередачи.")


def read_all(*paths, **kw) -> list[RawDocument | Reject]:
    return list(iter_inputs([str(p) for p in paths], **kw))


def one(path, **kw) -> RawDocument | Reject:
    items = read_all(path, **kw)
    assert len(items) == 1, items
    return items[0]


# --- plain text ---------------------------------------------------------------

def test_date_header_with_text_on_same_line(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(" date 2024-08-06 Ukrainian troops crossed into the Kursk region on Tuesday.\n\n"
                 "Moscow called it a provocation.\n", encoding="utf-8")
    doc = one(p)
    assert isinstance(doc, RawDocument)
    assert doc.published == date(2024, 8, 6)
    assert doc.text.startswith("Ukrainian troops crossed")
    assert doc.text.endswith("provocation.")
    assert doc.source == str(p)


def test_key_value_headers(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("title: Port of Izmail hit again\noutlet: Danube Daily\nurl: https://danube.example/izmail\n"
                 "date: 2023-08-16\nlanguage: EN\n\nDrones struck grain silos in Izmail overnight.\n",
                 encoding="utf-8")
    doc = one(p)
    assert (doc.title, doc.outlet, doc.url) == ("Port of Izmail hit again", "Danube Daily",
                                                "https://danube.example/izmail")
    assert doc.published == date(2023, 8, 16) and doc.language == "en"
    assert doc.text == "Drones struck grain silos in Izmail overnight."


def test_first_line_that_is_not_a_header_stays_text(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("Dates of the truce talks remain unclear, a mediator said.\n", encoding="utf-8")
    doc = one(p)
    assert doc.published is None and doc.text.startswith("Dates of the truce")


def test_bad_date_header_rejected(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("date 2025-13-45 Something happened.\n", encoding="utf-8")
    rej = one(p)
    assert isinstance(rej, Reject)
    assert rej.reason == "date header 'date 2025-13-45' is not a date"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_file_rejected(tmp_path, content):
    p = tmp_path / "e.txt"
    p.write_bytes(content)
    assert one(p).reason == "empty file"


def test_missing_path_rejected(tmp_path):
    rej = one(tmp_path / "nope.txt")
    assert isinstance(rej, Reject) and rej.reason == "no such file or directory"


# --- binary and encodings ------------------------------------------------------

def test_png_rejected_by_magic(tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert one(p).reason == "binary file (looks like PNG image)"


def test_nul_bytes_rejected(tmp_path):
    p = tmp_path / "blob.dat"
    p.write_bytes(b"abc\x00\x01\x02def" * 50)
    assert one(p).reason.startswith("binary file")


def test_undecodable_rejected(tmp_path):
    p = tmp_path / "junk.txt"
    p.write_bytes((bytes(range(1, 9)) + b"\x81\x8d\x8f\x90\x9d") * 200)
    assert one(p).reason == "cannot decode text as UTF-8, cp1251, koi8-r or latin-1"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-8", "utf-8-sig", "utf-16"])
def test_russian_in_each_encoding(tmp_path, encoding):
    p = tmp_path / f"ru-{encoding}.txt"
    p.write_bytes(("date 2024-06-01 " + RUSSIAN).encode(encoding))
    doc = one(p)
    assert isinstance(doc, RawDocument), doc
    assert doc.text == RUSSIAN
    assert doc.published == date(2024, 6, 1)


def test_latin1_text(tmp_path):
    text = "Le président a déclaré que des frappes ont touché Marioupol à l'aube."
    p = tmp_path / "fr.txt"
    p.write_bytes(text.encode("latin-1"))
    assert one(p).text == text


def test_cp1252_curly_quotes(tmp_path):
    text = "\u201cWe shot down 12 drones,\u201d the army said \u2013 officials confirmed."
    p = tmp_path / "win.txt"
    p.write_bytes(text.encode("cp1252"))
    assert one(p).text == text


def test_oversized_document_rejected_without_blowing_up(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        chunk = b"Shelling continued along the front line. " * 1000
        while fh.tell() < 20 * 2**20:
            fh.write(chunk)
        fh.truncate(20 * 2**20)
    assert one(p).reason == "document is 20.0 MB, over the 10 MB limit"


def test_size_limit_is_a_parameter(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("A convoy was ambushed near Gao on Monday. " * 100, encoding="utf-8")
    assert isinstance(one(p), RawDocument)
    assert "over the" in one(p, max_bytes=1000).reason


# --- JSON Lines -----------------------------------------------------------------

def test_jsonl_records_and_bad_lines():
    items = read_all(FIX / "batch.jsonl")
    src = str(FIX / "batch.jsonl")
    first = items[0]
    assert isinstance(first, RawDocument) and first.source == "wire-001"
    assert (first.title, first.outlet, first.url) == ("Rockets hit Goma market", "Lake Post",
                                                      "https://lake-post.example/goma")
    assert first.published == date(2024, 2, 11)
    assert items[1].published == date(2024, 5, 14)  # ISO datetime -> its date
    assert str(items[2]) == f"{src}:3: line 3: not JSON (Expecting value at column 1)"
    assert items[3].reason == "line 5: no 'text' field"  # the blank line 4 is skipped
    assert items[4].reason == "line 6: 'published' value '2023-02-30' is not a date"
    last = items[5]
    assert isinstance(last, RawDocument) and last.source == f"{src}:7" and last.published is None
    assert len(items) == 6


def test_jsonl_gz_and_oversized_line(tmp_path):
    p = tmp_path / "feed.jsonl.gz"
    big = {"id": "big", "text": "x " * 5000}
    small = {"id": "ok", "text": "Two soldiers were killed in a drone strike near Avdiivka."}
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(big) + "\n" + json.dumps(small) + "\n")
    items = read_all(p, max_bytes=2000)
    assert isinstance(items[0], Reject) and "over the" in items[0].reason
    assert isinstance(items[1], RawDocument) and items[1].source == "ok"


def test_json_array(tmp_path):
    p = tmp_path / "items.json"
    p.write_text(json.dumps([{"id": "a", "text": "Clashes broke out in Tripoli."}, {"id": "b"}]))
    items = read_all(p)
    assert items[0].source == "a" and items[1].reason == "item 2: no 'text' field"


# --- HTML, feeds, WARC -------------------------------------------------------------

def test_html_keeps_caption_in_reading_order():
    doc = one(FIX / "kharkiv.html")
    assert isinstance(doc, RawDocument) and doc.kind == "html"
    kinds = [k for k, _ in doc.blocks]
    assert kinds == ["title", "paragraph", "caption", "paragraph", "heading", "paragraph"]
    assert doc.blocks[2][1].startswith("Emergency workers clear debris")
    assert doc.blocks[2][1].endswith("REUTERS/Oleksandr Hrytsenko")
    assert doc.title == "Glide bombs hit Kharkiv suburbs"
    assert doc.outlet == "Northern Ledger"
    assert doc.published == date(2024, 3, 2)
    assert "Copyright" not in doc.text


def test_rss_items():
    items = read_all(FIX / "wire.rss")
    assert [i.source for i in items] == ["https://harbour-wire.example/world/kherson-shelling",
                                         "https://harbour-wire.example/world/jeddah-talks"]
    first, second = items
    assert first.text == ("Russian artillery shelled Kherson on Monday evening, cutting power to 3,000 "
                          "homes, the city administration said.\n\nNo casualties were reported.")
    assert first.published == date(2024, 5, 14) and first.outlet == "Harbour Wire - World"
    assert first.title == "Shelling cuts power in Kherson"
    assert "&" in second.text and "<" not in second.text
    assert second.published == date(2024, 5, 15)


def test_atom_entry():
    doc = one(FIX / "desk.atom")
    assert doc.url == "https://frontline-desk.example/2023/11/belgorod-drone"
    assert doc.published == date(2023, 11, 20)
    assert doc.text.startswith("Air defences destroyed a drone over the Belgorod region")


def _warc(path: Path, html: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        req = writer.create_warc_record("https://news.example/a", "request",
                                        payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n"))
        writer.write_record(req)
        for uri, ctype, body in (("https://news.example/a", "text/html; charset=utf-8", html.encode()),
                                 ("https://news.example/a.png", "image/png", b"\x89PNG\r\n\x1a\n")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_warc_html_records(tmp_path):
    p = tmp_path / "crawl.warc.gz"
    _warc(p, (FIX / "kharkiv.html").read_text(encoding="utf-8"))
    doc = one(p)
    assert isinstance(doc, RawDocument)
    assert doc.source == "https://news.example/a" and doc.url == "https://news.example/a"
    assert any(k == "caption" for k, _ in doc.blocks)


def test_warc_without_html(tmp_path):
    p = tmp_path / "empty.warc.gz"
    from warcio.warcwriter import WARCWriter
    with open(p, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warc_record("https://x.example/", "request", payload=io.BytesIO(b"GET /")))
    assert one(p).reason == "WARC archive has no HTML response records"


# --- directories and stdin -----------------------------------------------------------

def test_directory_is_sorted_recursive_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second report about Sumy.")
    (tmp_path / "a.txt").write_text("First report about Kupiansk.")
    (tmp_path / ".hidden.txt").write_text("Should not be read.")
    (tmp_path / "c.bin").write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 64)
    items = read_all(tmp_path)
    assert [i.source.replace(str(tmp_path), "") for i in items] == ["/a.txt", "/b/2.txt", "/c.bin"]
    assert isinstance(items[2], Reject) and items[2].reason == "binary file (looks like ELF executable)"


@pytest.mark.parametrize("payload,kind", [
    (b" date 2024-01-02 Missiles hit Kyiv at dawn.\n", "text"),
    ((FIX / "kharkiv.html").read_bytes(), "html"),
])
def test_stdin_sniffed(payload, kind):
    doc = one("-", stdin=io.BytesIO(payload))
    assert isinstance(doc, RawDocument) and doc.kind == kind and doc.source == "<stdin>"


def test_stdin_jsonl_sniffed():
    data = b'{"id": "s1", "text": "A bomb exploded in Quetta."}\n{"id": "s2", "text": "Troops withdrew."}\n'
    assert [d.source for d in read_all("-", stdin=io.BytesIO(data))] == ["s1", "s2"]


def test_iter_inputs_is_lazy(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Heavy fighting in Pokrovsk.")
    it = iter_inputs([str(p), str(tmp_path / "missing")])
    assert isinstance(next(it), RawDocument)
    assert isinstance(next(it), Reject)


def test_short_html_page_keeps_elements_apart(tmp_path):
    p = tmp_path / "short.htm"
    p.write_text("<html><body><h1>Blast in Quetta</h1><p>A bomb exploded at a railway station in Quetta "
                 "on Saturday, killing at least 24 people, police said.</p><figure><figcaption>Police at "
                 "the scene in Quetta. Photo: AFP</figcaption></figure></body></html>", encoding="utf-8")
    doc = one(p)
    assert [k for k, _ in doc.blocks] == ["title", "paragraph", "caption"]
    assert doc.text.count("Police at the scene") == 1


def test_html_without_text_rejected(tmp_path):
    p = tmp_path / "blank.html"
    p.write_text("<html><head><title></title></head><body><nav></nav></body></html>", encoding="utf-8")
    assert one(p).reason == "HTML page has no article text"
