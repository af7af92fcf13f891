"""The document scan (tacitus.nlp.scan): anchors are necessary, and every matcher
finds in a scanned sentence exactly what it finds without the scan."""
import json
import re
from pathlib import Path

import pytest

from tacitus.clean import clean
from tacitus.extract.classify import classify
from tacitus.nlp import scan
from tacitus.nlp.segment import split_sentences
from tacitus.nlp.weapons import PatternIndex, find_weapons
from tacitus.pipeline import get_pipeline
from tacitus.read import iter_inputs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("pattern, flags, anchors", [
    (r"(?<![\w-])(?:shot\s+down|intercept(?:ed|s)?|downed)(?![\w-])", re.I, {"shot", "intercept", "downed"}),
    (r"\bkill\w*", re.I, {"kill"}),
    (r"(?:hand |stun )?grenades?", re.I, {"grenade"}),
    (r"(?-i:AP)\b", 0, None),                     # too short to be worth scanning for
    (r"Ministry of (?:Defen[cs]e)", 0, {"ministry of defen"}),
    (r"\d+\s+drones", 0, {"drones"}),
    (r"(?:a|an)?\s*attack", re.I, {"attack"}),
    (r"foo|", 0, None),                           # the empty alternative needs nothing
    (r"(?:ab|cd)x{0,2}", 0, None),
    (r"U\.S\. forces", 0, {"u s  forces"}),       # separators are spaces in the scanned text
])
def test_required_literals(pattern, flags, anchors):
    got = scan.required(pattern, flags)
    assert (set(got) if got is not None else None) == anchors


def test_ignorecase_equivalents_fold_together():
    # re.IGNORECASE takes "ſ" for "s": the anchor of a pattern spelt with either is one
    assert scan.fold("ſtrike") == scan.fold("strike") == "strike"
    assert scan.required("ſhelling", re.I) == scan.required("shelling", re.I)


TRICKY = [
    "Russia's Shahed-136 drones and Kh-101 missiles struck Odesa overnight, officials said.",
    "(Reuters) Two Iskander-M missiles — and a 'Kinzhal' — were shot down over Kyiv.",
    "Gunmen with AK-47s attacked the village; al-Shabaab claimed the roadside bomb.",
    "The drone-strike hit a fuel depot; no-one was hurt.",
    "Kılıçdaroğlu said the ſtrike was not reported.",        # characters that fold oddly: no scan
    "İstanbul police fired tear gas at protesters.",            # lower() changes the length: no scan
]


def _all_sentences():
    texts = []
    for raw in iter_inputs([str(EXAMPLES)]):
        doc = clean(raw)
        texts.append((doc.text, [(s.start, s.end) for s in split_sentences(doc.text, doc.blocks, doc.language)]))
    joined = " ".join(TRICKY)
    texts.append((joined, [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", joined)]))
    # a sentence that starts right after a letter is not taken from the scan
    texts.append(("abcShahed drones. Kh-101 missiles.", [(3, 17), (18, 34)]))
    return texts


def test_indexes_find_the_same_with_the_scan():
    for text, spans in _all_sentences():
        pieces = [text[a:b] for a, b in spans] + [text]
        plain = [(find_weapons(p), classify(p)) for p in pieces]
        with scan.scanning(text, spans) as s:
            scanned = [(find_weapons(p), classify(p)) for p in pieces]
            if s.usable:   # the sentences are read from the scan
                assert all(scan.current_span(text[a:b]) is not None for a, b in spans
                           if a == 0 or text[a - 1].isspace())
        assert scanned == plain


def test_index_built_after_the_automaton_matches_the_old_way():
    text = "The zorblax launcher fired twice."
    with scan.scanning(text, [(0, len(text))]):
        late = PatternIndex([(r"zorbla\w+", "new")])
        assert late.finditer(text) == [(4, 11, "new")]
    # the next document's automaton holds it
    with scan.scanning(text, [(0, len(text))]) as s:
        assert list(scan.current_span(text).candidates(late._scan_id)) == [(4, "zorbl")]
        assert late.finditer(text) == [(4, 11, "new")]
        assert s.usable


def test_unusable_documents_are_not_scanned():
    with scan.scanning("Kılıçdaroğlu spoke.", [(0, 19)]) as s:
        assert not s.usable and scan.current_span("Kılıçdaroğlu spoke.") is None


def test_pipeline_output_is_the_same_without_the_scan():
    pipe = get_pipeline()
    for raw in iter_inputs([str(EXAMPLES)]):
        doc = clean(raw)
        with_scan = [e.to_dict() for e in pipe.extract(doc)]
        sentences = split_sentences(doc.text, doc.blocks, doc.language)
        without = [e.to_dict() for e in pipe._extract(doc, sentences)]
        assert json.dumps(with_scan, sort_keys=True) == json.dumps(without, sort_keys=True)


def test_a_gated_regex_pickles_as_its_regex_gated_anew():
    import pickle
    g = scan.gated(re.compile(r"shelled the (?:port|depot)"))
    assert isinstance(g, scan.Gated) and g.ids.top == max(g.ids)
    back = pickle.loads(pickle.dumps(g))
    assert isinstance(back, scan.Gated) and back.regex == g.regex and back.ids == g.ids
    text = "Artillery shelled the depot at dawn."
    with scan.scanning(text, [(0, len(text))]):
        assert back.search(text) and not back.search("Artillery fired at dawn.")
    with scan.scanning("Artillery fired at dawn.", [(0, 24)]):
        assert back.search("Artillery fired at dawn.") is None


def test_lexicon_tables_gated_apart_find_what_they_find_unscanned():
    from tacitus.nlp.lexicon import Lexicon
    lx = Lexicon.from_entries([
        {"name": "State Border Guard Service", "aliases": ["border guards"]},
        {"name": "Security Service of Ukraine", "exact": ["SBU"]},
        {"name": "United Nations", "exact": ["UN"]},
        {"name": "Kherson garrison", "aliases": ["Kh-garrison"]},
    ], "test")
    texts = ["Border guards said the SBU detained two men.",
             "The UN mission left; border guards stayed.",
             "The Kh-garrison fired and the SBU answered.",
             "Nobody here is named at all.",
             "The sbu and the un in lower case are no acronyms."]
    doc = " ".join(texts)
    spans, pos = [], 0
    for t in texts:
        spans.append((pos, pos + len(t)))
        pos += len(t) + 1
    plain = [[(m.start, m.end, m.value["name"]) for m in lx.find(t)] for t in texts]
    with scan.scanning(doc, spans) as s:
        assert s.usable and all(scan.current_span(t) is not None for t in texts)
        scanned = [[(m.start, m.end, m.value["name"]) for m in lx.find(t)] for t in texts]
    assert scanned == plain
    assert [len(p) for p in plain] == [2, 2, 2, 0, 0]
