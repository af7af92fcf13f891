"""Telegram Desktop channel exports (JSON and HTML) read as one document per message."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from tacitus.clean import clean
from tacitus.model import RawDocument, Reject
from tacitus.read import iter_inputs
from tacitus.read.sniff import sniff_format

FIX = Path(__file__).parent / "fixtures" / "telegram"
RU = FIX / "ministry-ru" / "result.json"
UK = FIX / "airforce-uk" / "result.json"
UK_HTML = FIX / "airforce-uk-html" / "messages.html"


def read(path, **kw):
    items = list(iter_inputs([str(path)], **kw))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, Reject)]


def test_ministry_export_one_document_per_message():
    docs, rejects = read(RU)
    assert [d.url for d in docs] == [f"https://t.me/example_mod/{n}" for n in (101, 103, 105, 107)]
    assert [d.source for d in docs] == [d.url for d in docs]
    name = "Министерство обороны Энской области (учебный канал)"
    assert {d.outlet for d in docs} == {name}
    # the channel is the first-party claimant; a forwarded post's is the channel it came from
    assert [d.channel for d in docs] == [name, name, name, "Губернатор Северной области (учебный канал)"]
    assert [str(r) for r in rejects] == [
        f"{RU}: skipped 4 of 8 messages: 2 service, 1 media without text, 1 empty"]


def test_dates_in_the_channel_time_zone():
    docs, _ = read(RU)
    # message 103 was posted at 23:30 UTC on 20 September: 02:30 on the 21st in Moscow,
    # the zone of a Russian-language channel
    assert [d.published for d in docs] == [date(2025, 9, 20), date(2025, 9, 21), date(2025, 9, 21), date(2025, 9, 21)]
    docs, _ = read(RU, tz="UTC")
    assert docs[1].published == date(2025, 9, 20)


def test_time_zone_from_the_environment(monkeypatch):
    monkeypatch.setenv("TACITUS_TELEGRAM_TZ", "America/New_York")
    docs, _ = read(RU)
    assert docs[1].published == date(2025, 9, 20)


def test_unknown_time_zone_is_rejected():
    docs, rejects = read(RU, tz="Mars/Olympus")
    assert docs == []
    assert [r.reason for r in rejects] == ["unknown time zone 'Mars/Olympus' (an IANA name such as Europe/Kyiv)"]


def test_entities_flattened_and_cleaned():
    docs, _ = read(RU)
    first, second = (clean(d) for d in docs[:2])
    assert first.text == ("В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 27 беспилотных "
                          "летательных аппаратов: 15 — над территорией Северной области, по 6 — над Западной и Южной.")
    assert [(r.text, r.reason) for r in first.removed] == [("@example_mod", "signature")]
    assert second.text.endswith("Подробности — в сводке.")
    assert [(r.text, r.reason) for r in second.removed] == [("https://t.me/example_mod/101", "link"),
                                                            ("#ПВО #сводка", "hashtags")]
    assert first.language == second.language == "ru"
    assert first.to_dict()["channel"] == "Министерство обороны Энской области (учебный канал)"


def test_air_force_export_with_its_username_in_ukrainian():
    docs, rejects = read(UK)
    assert [d.url for d in docs] == ["https://t.me/example_airforce/2", "https://t.me/example_airforce/4"]
    # 21:59 UTC on the 21st is 00:59 on the 22nd in Kyiv
    assert [d.published for d in docs] == [date(2025, 9, 21), date(2025, 9, 22)]
    assert [clean(d).language for d in docs] == ["uk", "uk"]
    assert [r.reason for r in rejects] == ["skipped 2 of 4 messages: 1 service, 1 media without text"]


def test_html_export():
    docs, rejects = read(UK_HTML)
    assert [d.source for d in docs] == [f"{UK_HTML}#2", f"{UK_HTML}#4"]
    assert {d.outlet for d in docs} == {d.channel for d in docs} == {"Повітряні сили (навчальний канал)"}
    assert [d.published for d in docs] == [date(2025, 9, 21), date(2025, 9, 22)]
    doc = clean(docs[0])
    assert doc.text.startswith("У ніч на 21 вересня противник атакував 48 ударними БпЛА")
    assert doc.text.endswith("Докладніше")
    assert [(r.text, r.reason) for r in doc.removed] == [("https://example.org/report", "link"), ("#ППО", "hashtags")]
    assert [r.reason for r in rejects] == ["skipped 3 of 5 messages: 2 service, 1 media without text"]


def test_sniffed_whatever_the_name():
    head = RU.read_bytes()[:8192]
    assert sniff_format("export.json", head) == "telegram"
    assert sniff_format("", head) == "telegram"
    assert sniff_format("", UK_HTML.read_bytes()[:8192]) == "telegram-html"
    assert sniff_format("reports.json", b'[{"text": "x"}]') == "json"
    assert sniff_format("r.jsonl", b'{"text": "x", "type": "public_channel"}\n') == "jsonl"
    items = list(iter_inputs(["-"], stdin=io.BytesIO(RU.read_bytes())))
    assert sum(isinstance(i, RawDocument) for i in items) == 4


@pytest.mark.parametrize("content,reason", [
    ('{"name": "Канал", "type": "public_channel", "id": 1, "messages": [',
     "not a Telegram export (not JSON: Expecting value at line 1)"),
    ('{"name": "Канал", "type": "public_channel", "id": 1, "messages": {}}',
     "not a Telegram export ('messages' is not a list)"),
    ('{"name": "Канал", "type": "public_channel", "id": 1, "messages": []}', "Telegram export has no messages"),
    ('{"name": "Канал", "type": "public_channel", "id": 1}', "not a Telegram export (no 'messages' list)"),
])
def test_bad_exports_rejected_with_one_line(tmp_path, content, reason):
    p = tmp_path / "result.json"
    p.write_text(content, encoding="utf-8")
    docs, rejects = read(p)
    assert docs == [] and [r.reason for r in rejects] == [reason]


def test_full_account_export_reads_its_channels(tmp_path):
    chat = json.loads(UK.read_text(encoding="utf-8"))
    p = tmp_path / "result.json"
    p.write_text(json.dumps({"about": "Here is the data you requested.", "chats": {"about": "", "list": [chat]}},
                            ensure_ascii=False), encoding="utf-8")
    docs, _ = read(p)
    assert [d.url for d in docs] == ["https://t.me/example_airforce/2", "https://t.me/example_airforce/4"]


def test_extraction_runs_on_the_export():
    from tacitus.pipeline import process_all
    results = [r for r in process_all(iter_inputs([str(RU)])) if not isinstance(r, Reject)]
    assert len(results) == 4
    assert all(r.document.channel for r in results)
