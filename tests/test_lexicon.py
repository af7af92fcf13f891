"""Tests of the generic phrase matcher (tacitus.nlp.lexicon)."""

from tacitus.nlp.lexicon import Lexicon, is_acronym, normalise_key

ENTRIES = [
    {"name": "The Wall Street Journal", "aliases": ["Wall Street Journal", "WSJ"], "kind": "paper"},
    {"name": "Associated Press", "aliases": ["AP", "The Associated Press"], "kind": "wire"},
    {"name": "Ministry of Defence", "aliases": ["Defense Ministry", "Defence Ministry", "MoD"]},
    {"name": "Russia", "aliases": ["Russian"]},
    {"name": "Russian army", "aliases": ["Russian armed forces"]},
    {"name": "Mint", "match_name": False, "exact": ["Mint"]},
    {"name": "al-Shabaab", "aliases": ["al Shabaab"]},
    {"name": "U.S.", "aliases": ["US"]},
]


def lex() -> Lexicon:
    return Lexicon.from_entries(ENTRIES, "test")


def names(text: str) -> list[str]:
    return [m.value["name"] for m in lex().find(text)]


def test_longest_match_wins_and_spans_are_exact():
    text = "The Russian armed forces said the Russian army advanced."
    found = lex().find(text)
    assert [(m.text, m.value["name"]) for m in found] == [
        ("Russian armed forces", "Russian army"), ("Russian army", "Russian army")]
    assert text[found[0].start:found[0].end] == "Russian armed forces"
    assert found[0].label == "test"


def test_shorter_match_when_longer_does_not_complete():
    # "Russian arm" is not a pattern end: back off to "Russian"
    assert names("Russian armoured units moved") == ["Russia"]


def test_acronyms_are_case_sensitive_phrases_are_not():
    assert names("the ap reported; the AP reported") == ["Associated Press"]
    assert names("the wall street journal and the WSJ") == ["The Wall Street Journal"] * 2
    assert names("a wsj story") == []
    assert names("Russian MoD, and the mod scene") == ["Russia", "Ministry of Defence"]


def test_exact_aliases():
    assert names("according to Mint, the mint produced coins") == ["Mint"]


def test_word_boundaries():
    assert names("Russians and Prussia and APs") == []
    assert names("Tapped AP.") == ["Associated Press"]


def test_curly_apostrophes_whitespace_and_hyphens():
    lx = Lexicon.from_entries([{"name": "Ukraine's armed forces"}])
    assert [m.text for m in lx.find("Ukraine\u2019s  armed\nforces struck")] == ["Ukraine\u2019s  armed\nforces"]
    assert names("al\u2011Shabaab and al Shabaab fighters") == ["al-Shabaab", "al-Shabaab"]


def test_dotted_acronym_and_possessive_neighbour():
    assert names("U.S. officials and Russia's army") == ["U.S.", "Russia"]


def test_get_uses_same_rules():
    lx = lex()
    assert lx.get("wall street  journal")["name"] == "The Wall Street Journal"
    assert lx.get("WSJ")["kind"] == "paper"
    assert lx.get("wsj") is None


def test_acronym_rule_and_key():
    assert is_acronym("AFP") and is_acronym("MoD") and is_acronym("RFE/RL")
    assert not is_acronym("Reuters") and not is_acronym("Associated Press") and not is_acronym("dpa")
    assert normalise_key("Russia\u2019s  Defence\u2013Ministry") == "russia's defence-ministry"


def test_yaml_vocabularies_load():
    outlets = Lexicon.from_yaml("outlets")
    assert Lexicon.from_yaml("outlets") is outlets  # cached
    assert outlets.get("WSJ")["name"] == "The Wall Street Journal"
    verbs = Lexicon.from_yaml("verbs")
    assert verbs.get("boasted")["modality"] == "claimed"
    assert verbs.get("could not be independently verified")["modality"] == "unconfirmed"


def test_thousands_of_patterns_in_a_long_text():
    entries = [{"name": f"Place{i} Oblast", "aliases": [f"Place{i}", f"Placeville {i}"]} for i in range(3000)]
    lx = Lexicon.from_entries(entries)
    text = ("Drones struck Place17 overnight and Placeville 2999 was shelled, officials in the "
            "region said on Tuesday, adding that Place2500 Oblast lost power. ") * 200
    found = lx.find(text)
    assert len(found) == 600
    assert {m.value["name"] for m in found} == {"Place17 Oblast", "Place2999 Oblast", "Place2500 Oblast"}


def test_text_whose_lower_case_changes_length():
    # "İ" lower-cases to two characters: offsets must still point into the original text
    text = "İstanbul: the Associated Press reported"
    found = lex().find(text)
    assert [(m.text, text[m.start:m.end]) for m in found] == [("the Associated Press", "the Associated Press")]
