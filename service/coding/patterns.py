"""Stage 5: action triggers from the verb/noun pattern codebook.

Patterns are indexed by trigger key (English lemma, Indonesian stem) once. At a token,
every pattern whose trigger matches and whose companion words (``with``) occur within its
window is a candidate; the most specific wins (companions first, then more companions,
then codebook order). Morphology tells voice and nominalisation: Indonesian ``di-`` verbs
are passive, ``pe-/-an`` derivations are nominal; English VBN after a form of *be* is
passive, NOUN-tagged triggers are nominal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..codebook.loader import Codebook
from ..codebook.schema import VerbPattern
from .nlp import Sentence

BE_FORMS = {"be", "is", "are", "was", "were", "been", "being", "get", "got", "gets"}
EN_VERB_POS = {"VERB", "AUX"}
EN_NOUN_POS = {"NOUN", "PROPN"}
ID_VERBAL_PREFIXES = ("me", "di", "ber", "ter", "mem", "men", "meng", "meny")


@dataclass(frozen=True)
class Trigger:
    index: int          # trigger token index within the sentence
    end: int            # one past the last token the pattern used (trigger or companion)
    pattern: VerbPattern
    nominal: bool
    passive: bool
    # a participle + "by" inside a noun phrase ("a ceasefire brokered by Egypt", "..., captured by
    # Iran"): a done act, outside the main clause's intent or condition (English only)
    reduced_relative: bool = False


class PatternMatcher:
    def __init__(self, codebook: Codebook, lang: str) -> None:
        self.lang = lang
        self._verbs: dict[str, list[VerbPattern]] = defaultdict(list)
        self._nouns: dict[str, list[VerbPattern]] = defaultdict(list)
        for p in codebook.verbs:
            if p.lang != lang:
                continue
            for v in p.verbs:
                self._verbs[v.lower()].append(p)
            for n in p.nouns:
                self._nouns[n.lower()].append(p)

    def find(self, sent: Sentence, covered: frozenset[int] = frozenset()) -> list[Trigger]:
        """Triggers of one sentence; ``covered`` are token indices inside actor mentions, which
        are never headline verbs ("United States" is not "state")."""
        toks = list(sent.span)
        words = [t.lower_ for t in toks]
        keys = sent.keys
        out: list[Trigger] = []
        skip_until = -1
        for i, tok in enumerate(toks):
            if i < skip_until or not tok.is_alpha:
                continue
            nominal = self._is_nominal(tok, keys[i])
            cands, headline_verb = self._candidates(tok, keys[i], words[i], nominal, i not in covered)
            if headline_verb:
                nominal = False
            best: tuple[VerbPattern, int] | None = None
            best_rank: tuple[int, int] = (0, 0)
            for p in cands:
                end = _companion_end(p, i, keys, words)
                if end is None:
                    continue
                # companions first, then the longer companion list (the codebook relies on it)
                rank = (1 if p.with_ else 0, len(p.with_))
                if best is None or rank > best_rank:
                    best, best_rank = (p, end), rank
            if best is None:
                continue
            pattern, end = best
            out.append(Trigger(i, end, pattern, nominal, self._is_passive(toks, i, keys[i], nominal),
                               self.lang == "en" and not nominal and _reduced_relative(toks, i)))
            if pattern.with_:
                skip_until = end  # companions are part of this trigger, not new triggers
        return out

    def _candidates(self, tok, key: str, word: str, nominal: bool, free: bool = True
                    ) -> tuple[list[VerbPattern], bool]:
        """Patterns whose trigger matches the token, and whether it is a headline verb the tagger
        took for a noun or name ("Japan Condemns North Korea")."""
        if self.lang == "en":
            pos = tok.pos_
            verbal = pos in EN_VERB_POS or tok.tag_.startswith("VB")
            cands = list(self._verbs.get(key, [])) if verbal or pos not in EN_NOUN_POS else []
            if pos in EN_NOUN_POS or not verbal:
                cands += self._nouns.get(key, []) + self._nouns.get(word, [])
            if not cands and free and pos in EN_NOUN_POS and word.endswith("s") and (
                    tok.text[:1].isupper() or _after_subject_head(tok)):
                # headline verbs tagged as nouns or names: "Japan Condemns", "Russia Expels"
                for base in _headline_bases(word):
                    cands = list(self._verbs.get(base, []))
                    if cands:
                        return cands, True
            return cands, False
        cands = list(self._verbs.get(key, [])) + list(self._nouns.get(key, [])) + (
            list(self._nouns.get(word, [])) if word != key else [])
        # a judgement is the listed word itself: "salah" (wrong), not "menyalahkan" (to blame)
        return [p for p in cands if p.frame != "evaluation" or word in p.verbs or word in p.nouns], False

    def _is_nominal(self, tok, key: str) -> bool:
        if self.lang == "en":
            return tok.pos_ in EN_NOUN_POS and not tok.tag_.startswith("VB")
        w = tok.lower_
        if w == key or w.startswith(ID_VERBAL_PREFIXES):
            return False
        # pe-/per-/peN- derivations (pengiriman, pertemuan), ke-...-an (kunjungan is -an),
        # and stem + -an (pasokan, serangan, kecaman; but not mengirimkan/kirimkan)
        return w.startswith(("pe", "ke")) or (w.endswith("an") and w[:-2].endswith(key))

    def _is_passive(self, toks, i: int, key: str, nominal: bool) -> bool:
        if nominal:
            return False
        if self.lang == "id":
            w = toks[i].lower_
            return w.startswith("di") and w != key and not key.startswith("di")
        if toks[i].tag_ != "VBN":
            return False
        if _participle_by(toks, i) and not (i > 0 and toks[i - 1].lower_ in {"has", "have", "had", "'s", "'ve", "'d"}):
            return True   # reduced relative: "boats seized by Iran", "..., captured by Iran last year"
        for j in range(i - 1, max(-1, i - 4), -1):
            if toks[j].lower_ in BE_FORMS:
                return True
            if toks[j].pos_ not in {"ADV", "PART"}:
                return False
        return False


def _participle_by(toks, i: int) -> bool:
    """An English past participle followed by "by" ("brokered by", "captured by")."""
    return toks[i].tag_ == "VBN" and i + 1 < len(toks) and toks[i + 1].lower_ == "by"


def _reduced_relative(toks, i: int) -> bool:
    """A participle + "by" right after a noun or a comma: it describes a done act inside a noun
    phrase ("a ceasefire brokered by Egypt", "..., captured by Iran")."""
    return _participle_by(toks, i) and i > 0 and (toks[i - 1].tag_.startswith("NN") or toks[i - 1].text == ",")


def _after_subject_head(tok) -> bool:
    """A lower-case "-s" word the tagger took for a noun is a verb only right after a noun or
    pronoun ("the Thai fishing ban contravenes"); after "the" or a verb it is a noun ("the arms
    sale", "covered arms control")."""
    if tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    return prev.tag_ in {"NN", "NNS", "NNP", "NNPS", "PRP"}


def _headline_bases(word: str) -> list[str]:
    """Base forms of a third-person verb the tagger took for a noun: condemns, imposes, urges."""
    out = [word, word[:-1]]
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    return out


def _companion_end(p: VerbPattern, i: int, keys: list[str], words: list[str]) -> int | None:
    """Index after the last companion found, i+1 without companions, None when they are missing."""
    if not p.with_:
        return i + 1
    want = {w.lower() for w in p.with_}
    for j in range(i + 1, min(len(keys), i + 1 + p.window)):
        if keys[j] in want or words[j] in want:
            return j + 1
    return None
