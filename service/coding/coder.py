"""The coder pipeline in one place.

    clean -> language -> sentences -> actors -> verb patterns -> events
          -> negation/modality -> location/date -> dedup

``Coder.load()`` is heavy (codebook, spaCy pipelines, gazetteer) and done once per process;
``Coder.code()`` is pure and thread-compatible for reading. Each stage lives in its own
module with its own rules file under ``codebooks/``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..codebook.loader import Codebook, load_codebook
from . import clean as clean_stage
from . import dates as dates_stage
from . import language as language_stage
from .actors import ActorMatcher, Mention, resolve_anaphors
from .aliases import ArticleAliases
from .dedup import dedup_sentence
from .events import PARTNER_PREP, Candidate, EventAssembler, speaks_for_state
from .locate import Locator
from .modality import ModalityScorer
from .nlp import NER_ID_PATH, LanguagePipeline, Sentence, load_english, load_indonesian
from .patterns import PatternMatcher
from .places import Gazetteer
from .summary import summarize
from .types import ActorRef, CleanText, CodedEvent, CodingResult, Place, UnknownActor

log = logging.getLogger(__name__)
SUPPORTED = ("en", "id")
ROOT_EVENT_SENTENCES = 3   # GDELT's IsRootEvent: found in the lead (headline + first sentences)
NER_LABELS = {"PER", "ORG", "NORP", "LOC"}


@dataclass
class _LangTools:
    pipeline: LanguagePipeline
    actors: ActorMatcher
    patterns: PatternMatcher
    modality: ModalityScorer
    assembler: EventAssembler


class Coder:
    """Turns one raw article into CAMEO events. Build with :meth:`load`."""

    def __init__(self, codebook: Codebook, tools: dict[str, _LangTools], gazetteer: Gazetteer,
                 use_ner: bool = True) -> None:
        self.codebook = codebook
        self.tools = tools
        self.gazetteer = gazetteer
        self.use_ner = use_ner
        self._cleaner = clean_stage.BoilerplateCleaner(codebook.boilerplate)
        # words of role nouns ("Foreign Ministry", "Deputy Minister"): capitalised, but no name NER could add
        self._role_words = {lang: {w.lower() for a in codebook.agents if a.lang == lang for n in a.names
                                   for w in n.split()} for lang in SUPPORTED}
        self.locator = Locator(gazetteer, codebook)

    @property
    def version(self) -> str:
        return self.codebook.version

    @classmethod
    def load(cls, codebook_path: Path | str | None = None, *, languages: tuple[str, ...] = SUPPORTED,
             ner_id_path: Path | None = NER_ID_PATH, use_ner: bool = True) -> "Coder":
        codebook = load_codebook(codebook_path)
        tools: dict[str, _LangTools] = {}
        for lang in languages:
            pipe = load_english() if lang == "en" else load_indonesian(ner_id_path if use_ner else None)
            tools[lang] = _LangTools(pipe, ActorMatcher(codebook, lang, pipe.nlp), PatternMatcher(codebook, lang),
                                     ModalityScorer(codebook, lang), EventAssembler(lang))
        return cls(codebook, tools, Gazetteer(codebook.places), use_ner=use_ner)

    def clean(self, text: str) -> CleanText:
        """Stage 1 alone (boilerplate, dateline); used by benchmarks and the API's cleaned text."""
        return self._cleaner.clean(text)

    # ------------------------------------------------------------------ pipeline
    def code(self, text: str, lang: str | None = None, published: date | None = None,
             title: str | None = None, doc: str | None = None) -> CodingResult:
        """Code one article. ``lang`` None/"auto" detects; offsets index into ``text``
        (or into ``title + "\\n\\n" + text`` when a title not contained in the text is given)."""
        if title and title.strip() and title.strip() not in (text or "")[:2000]:
            text = f"{title.strip()}\n\n{text or ''}"
        if not text or not text.strip():
            return CodingResult(None, "empty", [], self.version, message="no text to code")
        cleaned = self._cleaner.clean(text)
        if lang in (None, "", "auto"):
            lang, _conf = language_stage.detect(cleaned.text or text, SUPPORTED)
        if lang not in self.tools:
            return CodingResult(lang, "unsupported_language", [], self.version, cleaned_text=cleaned.text,
                                dateline=cleaned.dateline,
                                message=f"language {lang or 'unknown'} is not supported (supported: "
                                        f"{', '.join(sorted(self.tools))})")
        tools = self.tools[lang]
        fallback_place = self.locator.dateline(cleaned)
        home = self.locator.state_of(fallback_place)
        events: list[CodedEvent] = []
        previous: tuple[list[Mention], list[Mention]] = ([], [])   # sources, participants
        recent: dict[str, Mention] = {}   # role code -> last actor with that role ("pasukan tersebut")
        aliases = ArticleAliases()        # "Juru bicara ... AS, Matthew Miller" ... "Miller menambahkan"
        troops: dict[str, list[Place]] = {}   # country key -> places its forces are reported in
        to_ner: list[tuple[Sentence, list[Mention]]] = []
        for sent in tools.pipeline.sentences(cleaned.text):
            try:
                found, previous, unresolved = self._code_sentence(sent, tools, lang, cleaned, published,
                                                                  fallback_place, previous, home, recent,
                                                                  aliases, troops)
            except Exception:  # one bad sentence must not lose the article's other events
                log.exception("coding failed on sentence %d of %s", sent.index, doc or "article")
                continue
            events.extend(found)
            if unresolved is not None:
                to_ner.append((sent, unresolved))
        self.locator.place_deployments(events, troops, fallback_place)
        unknown = self._unknown_actors(tools, to_ner) if self.use_ner else []
        self.locator.place_from_ner(events, unknown)
        return CodingResult(lang, "coded", events, self.version, cleaned_text=cleaned.text,
                            dateline=cleaned.dateline, unknown_actors=unknown)

    def _code_sentence(self, sent: Sentence, tools: _LangTools, lang: str, cleaned: CleanText,
                       published: date | None, fallback_place: Place | None,
                       previous: tuple[list[Mention], list[Mention]], home: tuple[str, str] | None = None,
                       recent: dict[str, Mention] | None = None, aliases: ArticleAliases | None = None,
                       troops: dict[str, list[Place]] | None = None
                       ) -> tuple[list[CodedEvent], tuple[list[Mention], list[Mention]], list[Mention] | None]:
        """Events of one sentence, the sources to carry to the next, and the sentence's mentions
        when statistical NER should look for actors the codebook lacks (else None)."""
        words = [t.lower_ for t in sent.span]
        mentions = resolve_anaphors(tools.actors.find(sent, published or date.today(), home),
                                    recent if recent is not None else {})
        mentions = self.locator.localise(sent, lang, mentions)
        if aliases is not None:
            mentions = aliases.apply(sent, mentions)
        if troops is not None:
            self.locator.troop_places(sent, lang, mentions, troops)
        triggers = tools.patterns.find(sent, frozenset(i for m in mentions for i in range(m.start, m.end)))
        actors = [m for m in mentions if not m.locative]
        if not triggers:
            return [], (actors[:1] or previous[0], _pair(actors, previous[1])), None
        candidates = tools.assembler.assign(words, mentions, triggers, previous[0], sent.keys, previous[1],
                                            [t.tag_ for t in sent.span])
        resolved = {c.trigger.index for c in candidates}
        open_triggers = [t.index for t in triggers if t.index not in resolved and t.pattern.code != "010"]
        roles = self._role_words[lang]
        unresolved = mentions if open_triggers and _uncovered_names(
            sent, mentions, open_triggers, lambda w: w.lower() in roles or self.gazetteer.is_place(w)) else None
        events: list[CodedEvent] = []
        near_places: dict[int, Place | None] = {}   # trigger index -> nearest locative place
        event_date: date | None = None
        date_done = False
        for cand in candidates:
            verdict = tools.modality.judge(words, cand.trigger.index, _base_code(cand, lang),
                                           settled=cand.trigger.reduced_relative)
            if verdict.code is None:
                continue
            if not date_done:
                event_date = dates_stage.resolve(sent.text, lang, published) or published
                date_done = True
            t = cand.trigger.index
            if t not in near_places:
                near_places[t] = self.locator.sentence_place(sent.text, lang, sent.span[t].idx - sent.span.start_char,
                                                             verdict.code)
            place = self.locator.event_place(cand, lang, near_places[t], fallback_place)
            events.append(self._event(cand, verdict.code, verdict.modality, sent, cleaned, lang, place, event_date))
        sources = [c.source for c in candidates] or actors[:1] or previous[0]
        return dedup_sentence(events), (sources, _pair(_participants(candidates) or actors, previous[1])), unresolved

    # ------------------------------------------------------------------ pieces
    def _event(self, cand: Candidate, code: str, modality: str | None, sent: Sentence, cleaned: CleanText,
               lang: str, place: Place | None, event_date: date | None) -> CodedEvent:
        ec = self.codebook.event(code)
        src = ActorRef(cand.source.code, cand.source.name, cand.source.entry_id)
        tgt = ActorRef(cand.target.code, cand.target.name, cand.target.entry_id) if cand.target else None
        tok = sent.span[cand.trigger.index]
        t_start = sent.start + tok.idx - sent.span.start_char
        return CodedEvent(
            source=src, target=tgt, event_code=code, event_name=ec.name, base_code=code[:3], root_code=code[:2],
            goldstein=ec.goldstein, quad_class=ec.quad_class, sentence=sent.text, sentence_index=sent.index,
            span=cleaned.to_original(sent.start, sent.start + len(sent.text)),
            trigger=cleaned.to_original(t_start, t_start + len(tok.text)),
            rule=cand.trigger.pattern.id, codebook_version=self.version, lang=lang,
            summary=summarize(src.name, ec.name, tgt.name if tgt else None, place.name if place else None),
            date=event_date, location=place, is_root_event=sent.index < ROOT_EVENT_SENTENCES,
            modality=modality)

    def _unknown_actors(self, tools: _LangTools, todo: list[tuple[Sentence, list[Mention]]]) -> list[UnknownActor]:
        """Names statistical NER finds in sentences whose events lacked an actor (batched)."""
        out = []
        for (sent, mentions), ents in zip(todo, tools.pipeline.entities([s for s, _ in todo]), strict=True):
            covered = {i for m in mentions for i in range(m.start, m.end)}
            for s, e, label in ents:
                if label in NER_LABELS and not any(i in covered for i in range(s, e)):
                    out.append(UnknownActor(sent.span[s:e].text, label, sent.text, sent.index))
        return out


HOST_PREPS = {"id": {"ke", "di", ","}, "en": {"to", "in", "into", ","}}


def _base_code(cand: Candidate, lang: str) -> str:
    """The pattern's code, or its host code when the target is the state the action goes into."""
    p = cand.trigger.pattern
    if p.host_code and cand.target is not None and cand.target.prep in HOST_PREPS[lang]:
        return p.host_code
    if p.partner_code and cand.target is not None and cand.target.prep in PARTNER_PREP:
        return p.partner_code
    if p.state_code and speaks_for_state(cand.source):
        return p.state_code
    return p.code


def _participants(candidates: list[Candidate]) -> list[Mention]:
    """The sentence's two sides: a pair of targets or of sources when there is one ("the UK
    welcomed the decision by India and Pakistan" -> India, Pakistan), else every actor involved."""
    targets = [c.target for c in candidates if c.target is not None]
    sources = [c.source for c in candidates]
    for side in (targets, sources):
        if len({m.key for m in side}) == 2:
            return side
    return sources + targets


def _pair(current: list[Mention], earlier: list[Mention]) -> list[Mention]:
    """The participants "kedua negara" / "both countries" can refer back to: this sentence's when
    it names two actors or more, else the last sentence that did ("India and Pakistan agreed ...
    Mr Straw said ... after a meeting of ministers of both countries")."""
    return current if len({m.key for m in current}) >= 2 else earlier


def _uncovered_names(sent: Sentence, mentions: list[Mention], triggers: list[int],
                     known: Callable[[str], bool] = lambda _w: False) -> bool:
    """Is there a capitalised word outside every mention in an actor position of an action
    that found no actor (up to 8 words before it, 12 after)? Only then can NER find an actor the
    codebook lacks, so only then is it worth running."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    near = {i for t in triggers for i in range(max(0, t - 8), t + 13)}
    words = [t for t in sent.span if t.is_alpha]
    if len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.7 * len(words):
        return False   # a Title Case headline: every word is capitalised, NER reads it poorly anyway
    return any((i > 0 or tok.pos_ == "PROPN") and i in near and i not in covered and tok.is_alpha
               and tok.text[:1].isupper() and not tok.is_stop and tok.lower_ not in CALENDAR_WORDS
               and not known(tok.text)   # a place the gazetteer knows or a role word, not a name
               and tok.tag_ not in ADJECTIVE_TAGS   # "European", "Islamic": not a name NER could add
               for i, tok in enumerate(sent.span))


ADJECTIVE_TAGS = {"JJ", "JJR", "JJS"}   # English tags; Indonesian tokens carry none


CALENDAR_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december",
    "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "januari", "februari", "maret", "mei",
    "juni", "juli", "agustus", "oktober", "desember", "pekan", "tahun", "bulan",
}
