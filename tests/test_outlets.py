"""The outlets that carried a document (tacitus.extract.outlets), on reports written for these tests."""
from tacitus.extract.claims import ClaimContext, attribute
from tacitus.extract.outlets import canonical_outlet, credited_outlets, outlet_of, outlet_of_url
from tacitus.model import Document


def test_outlet_of_url_uses_the_domain_table():
    assert outlet_of_url("https://www.reuters.com/world/europe/some-story-2025-01-01/") == "Reuters"
    assert outlet_of_url("https://english.alarabiya.net/News/gulf/2024/05/09/x") == "Al Arabiya"
    assert outlet_of_url("https://www.pravda.com.ua/eng/news/2025/01/24/1/") == "Ukrainska Pravda"
    assert outlet_of_url("https://abcnews.go.com/International/story?id=1") == "ABC News"
    assert outlet_of_url("https://www.anews.com.tr/europe/2025/02/13/x") == "A News"


def test_unknown_sites_are_named_by_their_host():
    assert outlet_of_url("https://www.kharkiv-evening-gazette.example/news/1") == "kharkiv-evening-gazette.example"
    assert outlet_of_url("https://regional.herald-tribune.example/a") == "regional.herald-tribune.example"
    assert outlet_of_url("http://10.0.0.7/2025/08/14/story") is None   # no site to name
    assert outlet_of_url("not a url") is None
    assert outlet_of_url(None) is None


def test_the_outlet_field_wins_over_the_url():
    assert outlet_of("WSJ", "https://www.reuters.com/x") == "The Wall Street Journal"
    assert outlet_of(None, "https://www.wsj.com/x") == "The Wall Street Journal"
    assert canonical_outlet("https://www.theguardian.com/world/x") == "The Guardian"
    assert canonical_outlet("Some Local Gazette") == "Some Local Gazette"


def test_dateline_and_closing_credits():
    text = ("ODESA, Ukraine (AP) — Drones struck a grain terminal overnight, the regional head said.\n"
            "More text follows here.")
    assert credited_outlets(text) == ["Associated Press"]
    assert credited_outlets("date 2025-03-02 (MENAFN- UkrinForm) Shelling hit Kherson.") == ["MENAFN", "Ukrinform"]
    assert credited_outlets("BELGOROD, May 2. /TASS/. A drone hit a truck.") == ["TASS"]
    assert credited_outlets("Casualties rose to 12/15 in the city, and/or more.") == []
    text = "Shelling continued along the border on Sunday.\nCasualties were not reported. (dpa/NAN)"
    assert credited_outlets(text) == ["dpa"]


def test_credit_lines_and_reporters_words():
    assert credited_outlets("Source: AFP\nA drone hit a market in Sumy.") == ["Agence France-Presse"]
    assert credited_outlets("Reuters | Beirut | Updated: 02-02-2025\nA strike hit Tyre.") == ["Reuters"]
    assert credited_outlets("A shop owner told AFP that the blast shattered windows.") == ["Agence France-Presse"]
    assert credited_outlets("Violence continued, per the AP, in the north.") == ["Associated Press"]
    text = "The army said it killed 30 fighters. Reuters could not independently verify the figure."
    assert credited_outlets(text) == ["Reuters"]


def test_photo_credits_and_mere_mentions_are_not_credits():
    text = "(Photo by Jan Novak / AFP via Getty Images) Rescuers work at the site."
    assert credited_outlets(text) == []
    assert credited_outlets("Kyiv residents sheltered in the metro. Earlier, the BBC aired a film.") == []
    assert credited_outlets("He posted the video on Telegram.") == []


def test_document_context_puts_credited_agencies_before_the_own_outlet():
    doc = Document(id="d1", source="d1", text="KHARTOUM (Reuters) - Drones hit Port Sudan, the army said.",
                   url="https://www.sudan-daily-mirror.example/2025/05/06/drones")
    ctx = ClaimContext.for_document(doc)
    claim = attribute("Drones hit Port Sudan, the army said.", context=ctx)
    assert claim.reported_by == ["Reuters", "sudan-daily-mirror.example"]
    claim = attribute("Al Jazeera reported that fuel depots were burning.", context=ctx)
    assert claim.reported_by == ["Al Jazeera", "Reuters", "sudan-daily-mirror.example"]
