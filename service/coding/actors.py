"""Stage 4: actors from the codebook (dictionary matching + agent composition).

Names, adjectives and capitals of codebook actors, and agent nouns, are compiled into
spaCy PhraseMatchers once per language (EntityRuler-style: the rules are data, the entry
id travels with the match). A sentence's matches are then composed:
``tentara Korea Utara`` / ``North Korean troops`` / ``Russia's foreign minister`` ->
country code + agent code (PRKMIL, RUSGOV). Persons take the code valid on the article
date (date-ranged roles). Mentions right after a locative preposition ("di Ukraina",
"in Gaza") are places, not actors.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from ..codebook.loader import Codebook
from ..codebook.schema import Actor, Agent
from .nlp import Sentence

LOCATIVE = {
    "id": {"di", "dekat"},
    "en": {"in", "at", "near", "inside", "outside", "across", "throughout"},
}
LOCATIVE_ALL = LOCATIVE["id"] | LOCATIVE["en"]
PLACE_NOUNS = {"depan", "gedung", "kantor", "markas", "sekitar", "luar", "dalam", "wilayah", "kawasan", "kota",
               "provinsi", "perbatasan", "kedutaan", "istana", "ibu", "ibukota", "front", "of", "the", "embassy",
               "headquarters", "city", "capital", "building", "border", "province", "region", "outskirts"}
# "ke"/"to" stay actors: "berkunjung ke Pyongyang" makes Pyongyang (the government) the target.
POSSESSIVE = {"'s", "’s", "'"}
OF = {"of", "from"}   # "the government of Japan", "prosecutors from Equatorial Guinea"
AGENT_LINK_ID = {"asal"}
# State agents that, written bare, mean the dateline country's own ("Pemerintah", "the ministry")
HOME_AGENTS = {"GOV", "COP", "JUD", "LEG"}


@dataclass(frozen=True)
class Mention:
    """An actor in a sentence: tokens [start, end) relative to the sentence."""

    start: int
    end: int
    code: str
    name: str
    entry_id: str | None
    kind: str            # "actor" | "capital" | "composed"
    locative: bool = False
    prep: str | None = None   # lower-cased word right before the mention
    surface: str = ""         # the mention as written ("Moskow", "tentara Korea Utara")

    @property
    def key(self) -> str:
        """The gold/GDELT country-or-organisation key: PRKMIL -> PRK, IGOUNO -> UNO."""
        if self.code.startswith(("IGO", "NGO", "IMG")) and len(self.code) >= 6:
            return self.code[3:6] if self.code.startswith(("NGO", "IMG")) else self.code[-3:]
        return self.code[:3]


# Words between a preposition and its noun: "on an Egyptian patrol", "kepada para pejabat Rusia"
DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "two", "three", "several", "some",
               "all", "both", "other", "para", "sejumlah", "pihak", "seluruh", "semua", "kedua", "negara"}


# A capital inside a name is not its government: "Konvensi Wina", "Vienna Convention",
# "Washington Post", "Protokol Kyoto", "Perjanjian Minsk"
NAME_HEADS = {"konvensi", "deklarasi", "perjanjian", "protokol", "kesepakatan", "format", "proses", "koran",
              "harian", "universitas", "bandara", "stasiun", "klub"}
NAME_TAILS = {"convention", "conventions", "declaration", "protocol", "accord", "accords", "agreement",
              "agreements", "post", "times", "process", "format", "university", "airport", "club", "consensus"}


def _possessed(words: list[str], s: int, e: int) -> bool:
    """"menteri luar negerinya", "its foreign minister": the agent belongs to someone named earlier."""
    return any(w.endswith("nya") for w in words[e - 1:e + 2]) or (
        s > 0 and words[s - 1] in {"its", "their", "his", "her"})


def _names_a_thing(words: list[str], start: int, end: int) -> bool:
    return (start > 0 and words[start - 1] in NAME_HEADS) or (end < len(words) and words[end] in NAME_TAILS)


def _governor(words: list[str], start: int) -> str | None:
    """The word governing a mention: the nearest word before it that is not a determiner/number,
    or the locative preposition of a place phrase ("di depan gedung DPR", "outside the embassy of")."""
    j = start - 1
    if j >= 1 and words[j] == "-" and words[j - 1] in {"anti", "pro"}:
        return words[j - 1]   # "demonstrasi anti-AS", "anti-American protests": the target
    while j >= 0 and (words[j] in DETERMINERS or words[j].isdigit()) and start - j <= 3:
        j -= 1
    k = j
    while k >= 0 and words[k] in PLACE_NOUNS and start - k <= 4:
        k -= 1
    if k != j and k >= 0 and words[k] in LOCATIVE_ALL:
        return words[k]
    return words[j] if j >= 0 else None


def _is_cased(form: str) -> bool:
    """Forms matched case-sensitively.

    All-caps short forms (AS, US, RI, PBB, UN) and single-word names: a one-word proper name
    is written with a capital, while its lower-case twin is often an ordinary word
    ("Antara"/antara, "Lima"/lima, "Chad"/chad). Multi-word names match in any case.
    """
    letters = [c for c in form if c.isalpha()]
    if not letters:
        return False
    if len(letters) <= 5 and all(c.isupper() for c in letters):
        return True
    return " " not in form.strip() and form[:1].isupper()


def _cased_variants(form: str) -> list[str]:
    """A single-word name as written, in Title case (headlines) and in CAPITALS (datelines)."""
    if all(c.isupper() for c in form if c.isalpha()):
        return [form]
    return list(dict.fromkeys([form, form[:1].upper() + form[1:], form.upper()]))


class ActorMatcher:
    """Find actor mentions in sentences of one language."""

    def __init__(self, codebook: Codebook, lang: str, nlp: Language) -> None:
        self.lang = lang
        self.actors: list[Actor] = list(codebook.actors)
        self.agents: list[Agent] = [a for a in codebook.agents if a.lang == lang]
        self._by_id: dict[str, Actor] = {a.id: a for a in self.actors}
        self._ci = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._cs = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._labels: dict[int, tuple[str, int]] = {}
        for i, actor in enumerate(self.actors):
            self._add(nlp, f"a:{i}", ("name", i), actor.names.for_lang(lang))
            self._add(nlp, f"j:{i}", ("adj", i), actor.adjectives.for_lang(lang))
            self._add(nlp, f"c:{i}", ("cap", i), actor.capitals.for_lang(lang))
        for i, agent in enumerate(self.agents):
            self._add(nlp, f"g:{i}", ("agent", i), agent.names)

    def _add(self, nlp: Language, label: str, value: tuple[str, int], forms: list[str]) -> None:
        ci = [f for f in forms if f.strip() and not _is_cased(f)]
        cs = [v for f in forms if f.strip() and _is_cased(f) for v in _cased_variants(f)]
        key = nlp.vocab.strings.add(label)
        self._labels[key] = value
        if ci:
            self._ci.add(label, list(nlp.tokenizer.pipe(ci)))
        if cs:
            self._cs.add(label, list(nlp.tokenizer.pipe(cs)))

    # ------------------------------------------------------------------ matching
    def find(self, sent: Sentence, day: date | None, home: tuple[str, str] | None = None) -> list[Mention]:
        """Actor mentions of one sentence. ``home`` (code, name) is the article's dateline country:
        a bare state agent ("Pemerintah", "the Ministry", "police") is taken to be its own."""
        span = sent.span
        raw = [(self._labels[k], s - span.start, e - span.start) for k, s, e in
               self._ci(span) + self._cs(span)]
        actors = _longest([(s, e, v) for v, s, e in raw if v[0] != "agent"])
        agents = _longest([(s, e, v) for v, s, e in raw if v[0] == "agent"])
        words = [t.lower_ for t in span]
        mentions = [self._mention(s, e, v, day, words) for s, e, v in actors
                    if not (v[0] == "cap" and _names_a_thing(words, s, e))]
        mentions = self._compose(mentions, agents, words, home)
        return sorted((replace(m, surface=span[m.start:m.end].text) for m in mentions), key=lambda m: m.start)

    def _mention(self, s: int, e: int, v: tuple[str, int], day: date | None, words: list[str]) -> Mention:
        form, i = v
        actor = self.actors[i]
        prep = _governor(words, s)
        kind = "capital" if form == "cap" else "actor"
        # "at a Philippine vessel", "into Israeli territory": an adjective names whose the noun
        # is, not where something happens
        locative = prep in LOCATIVE.get(self.lang, set()) and form != "adj"
        return Mention(s, e, actor.code_on(day), actor.name, actor.id, kind, locative=locative, prep=prep)

    def _demonstrative(self, words: list[str], s: int, e: int) -> bool:
        """"pasukan tersebut", "the ministry": one earlier actor. Not "ketiga negara tersebut" or
        "both governments": a plural anaphor, which the event stage resolves to a group."""
        if s > 0 and words[s - 1] in PLURAL_DETERMINERS:
            return False
        if self.lang == "id":
            return e < len(words) and words[e] in DEMONSTRATIVES["id"]
        return s > 0 and words[s - 1] in DEMONSTRATIVES["en"]

    def _compose(self, mentions: list[Mention], agents: list[tuple[int, int, tuple[str, int]]],
                 words: list[str], home: tuple[str, str] | None = None) -> list[Mention]:
        """Attach agent nouns to the country next to them; drop mentions they absorb."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        by_start = {m.start: m for m in mentions}
        by_end = {m.end: m for m in mentions}
        out = {id(m): m for m in mentions}
        for s, e, (_, i) in agents:
            agent = self.agents[i]
            host: Mention | None = None
            span_start, span_end = s, e
            person = by_start.get(e) if self.lang == "id" or by_end.get(s) is None else None
            if person is not None and id(person) in out and person.kind == "actor" and \
                    getattr(self._by_id.get(person.entry_id or ""), "type", None) == "person":
                # a title before a person ("President Bush", "Presiden Donald Trump") belongs to it
                prep = _governor(words, s)
                titled = replace(person, start=s, prep=prep, locative=prep in LOCATIVE.get(self.lang, set()))
                del out[id(person)]
                out[id(titled)] = titled
                taken.update(range(s, e))
                continue
            if self.lang == "id":
                nxt = e + 1 if e < len(words) and words[e] in AGENT_LINK_ID else e
                host = by_start.get(nxt)
                if host is not None:
                    span_end = host.end
            else:
                host = by_end.get(s)
                if host is None and s >= 2 and words[s - 1] in POSSESSIVE:
                    host = by_end.get(s - 1)
                if host is not None:
                    span_start = host.start
                elif e + 1 < len(words) and words[e] in OF:
                    nxt = e + 2 if words[e + 1] == "the" else e + 1
                    host = by_start.get(nxt)
                    if host is not None:
                        span_end = host.end
            if host is None and home is not None and agent.code[:3] in HOME_AGENTS \
                    and not any(i in taken for i in range(s, e)) and not _possessed(words, s, e) \
                    and not any(m.start < s and len(m.code) >= 3 and m.code[:3] != home[0] for m in mentions):
                # ... unless another state came first: "Kuwait ... setelah pengadilan tertinggi ..." 
                prep = _governor(words, s)
                bare = Mention(s, e, f"{home[0]}{agent.code}", f"{home[1]} {agent.name}", None, "composed",
                               locative=prep in LOCATIVE.get(self.lang, set()), prep=prep)
                out[id(bare)] = bare
                continue
            if host is None and not any(i in taken for i in range(s, e)) and agent.code[:3] in LOCAL_AGENTS:
                # "gunmen", "pengunjuk rasa": the coder gives them the country where they act
                prep = _governor(words, s)
                bare = Mention(s, e, f"{LOCAL}{agent.code}", agent.name, None, "local",
                               locative=prep in LOCATIVE.get(self.lang, set()), prep=prep)
                out[id(bare)] = bare
                continue
            if host is None and not any(i in taken for i in range(s, e)) and self._demonstrative(words, s, e):
                # "pasukan tersebut", "those troops": resolved by the coder to the last such actor
                end = e + 1 if self.lang == "id" else e
                prep = _governor(words, s)
                ref = Mention(s, end, f"{ANAPHOR}{agent.code}", agent.name, None, "anaphor",
                              locative=prep in LOCATIVE.get(self.lang, set()), prep=prep)
                out[id(ref)] = ref
                continue
            if host is None or host.kind == "composed" or id(host) not in out:
                continue
            actor = self._by_id.get(host.entry_id or "")
            if actor is not None and actor.type == "person":
                continue  # "Presiden Vladimir Putin": the person's own code is more precise
            code = _compose_code(host.code, agent.code, actor)
            del out[id(host)]
            composed = replace(host, start=span_start, end=span_end, code=code, kind="composed",
                               name=f"{host.name} {agent.name}".strip())
            if span_start != host.start:
                prep = _governor(words, span_start)
                composed = replace(composed, prep=prep, locative=prep in LOCATIVE.get(self.lang, set()))
            out[id(composed)] = composed
        return list(out.values())


DEMONSTRATIVES = {"id": {"tersebut", "itu", "ini"}, "en": {"these", "those"}}
ANAPHOR = "???"
PLURAL_DETERMINERS = {"kedua", "ketiga", "keempat", "kelima", "para", "both", "two", "three", "four", "all"}
LOCAL = "@@@"
# Non-state actors that, unnamed, take the country where they act (gold conventions)
LOCAL_AGENTS = {"REB", "INS", "SEP", "OPP", "CRM"}


def _compose_code(host_code: str, agent_code: str, actor: Actor | None) -> str:
    """Country + role (PRK + MIL); IGOs and groups keep their own code."""
    if actor is not None and actor.type not in ("country", "region"):
        return host_code
    if host_code.endswith(agent_code):
        return host_code
    return f"{host_code[:3]}{agent_code}"


def _longest(matches: list[tuple[int, int, tuple[str, int]]]) -> list[tuple[int, int, tuple[str, int]]]:
    """Keep the longest non-overlapping matches (as spacy.util.filter_spans)."""
    taken: set[int] = set()
    out = []
    for s, e, v in sorted(matches, key=lambda m: (-(m[1] - m[0]), m[0])):
        if any(t in taken for t in range(s, e)):
            continue
        taken.update(range(s, e))
        out.append((s, e, v))
    return sorted(out)


def resolve_anaphors(mentions: list[Mention], recent: dict[str, Mention]) -> list[Mention]:
    """Replace "pasukan tersebut" by the last actor with that role in the article (``recent``,
    updated here with this sentence's roles); an anaphor with no antecedent is dropped."""
    out = []
    for m in mentions:
        if m.kind == "anaphor":
            ref = recent.get(m.code[len(ANAPHOR):])
            if ref is None:
                continue
            m = replace(m, code=ref.code, name=ref.name, entry_id=ref.entry_id, kind="composed")
        out.append(m)
    for m in out:
        if m.kind == "composed" and len(m.code) > 3:
            recent[m.code[3:]] = m
    return out
