"""Stage 7: negation, modality, denial and questions (ConText-style cues from the codebook).

Each cue scopes over a trigger when it ends within ``window`` tokens before it (or
anywhere in the sentence for ``direction: sentence``). The verdict for one trigger:

* question, hypothetical, denial, report (allegation) -> no event
* negation -> no event, unless combined with intent ("will not", "tidak akan"): refusal 12x
* condition -> no plain event; with intent or threat cues the event becomes a threat/intent
* intent -> cooperative roots become 03x intents, conflictual roots 13x threats (IntentMap)
* threat -> 13x threat

A perfect-tense marker between a hypothetical/report cue and the trigger ("diperkirakan
telah mengirimkan", "is believed to have sent") means the act is reported as done.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..codebook.loader import Codebook
from ..codebook.schema import IntentMap, ModalityCue

PERFECT = {"id": {"telah", "sudah", "sempat"}, "en": {"has", "have", "had"}}
CLAUSE_BREAK = {";", "bahwa", "that", "but", "namun", "tetapi", "tapi", "sedangkan", "while", "whereas"}
CROSSES_CLAUSE = {"denial", "report", "question"}
CONFLICT_ROOTS = {f"{r:02d}" for r in range(9, 21)}


@dataclass(frozen=True)
class Verdict:
    code: str | None      # the (possibly re-coded) CAMEO code, None = no event
    modality: str | None  # None = asserted; else "intent" | "threat" | "refusal"
    reason: str | None = None  # id of the cue that decided it


class ModalityScorer:
    def __init__(self, codebook: Codebook, lang: str) -> None:
        self.lang = lang
        self.imap: IntentMap = codebook.intent_map
        self._by_first: dict[str, list[tuple[ModalityCue, tuple[str, ...]]]] = {}
        for cue in codebook.modality:
            if cue.lang != lang:
                continue
            for phrase in cue.cues:
                toks = tuple(_split(phrase.lower()))
                if toks:
                    self._by_first.setdefault(toks[0], []).append((cue, toks))

    def _active(self, words: list[str], trig: int) -> list[tuple[ModalityCue, int]]:
        """Cues in scope of the trigger at index ``trig``, with the cue's end index."""
        found = []
        pseudo: set[int] = set()   # token positions inside "not only", "tidak hanya" ...
        for s, word in enumerate(words):
            for cue, toks in self._by_first.get(word, ()):
                if cue.kind == "pseudo" and tuple(words[s:s + len(toks)]) == toks:
                    pseudo.update(range(s, s + len(toks)))
        for s, word in enumerate(words):
            for cue, toks in self._by_first.get(word, ()):
                n = len(toks)
                if cue.kind == "pseudo" or tuple(words[s:s + n]) != toks:
                    continue
                if cue.kind == "negation" and s in pseudo:
                    continue
                e = s + n
                if cue.direction == "sentence":
                    # a condition or question scopes over its own clause ("..., tetapi jika ...")
                    lo, hi = (e, trig) if e <= trig else (trig, s)
                    if not any(w in CLAUSE_BREAK for w in words[lo:hi]):
                        found.append((cue, e))
                elif cue.direction == "before" and e <= trig and trig - e < cue.window:
                    # a denial or allegation scopes over its complement clause ("denied that ...")
                    if cue.kind in CROSSES_CLAUSE and _coordinated_away(words, e, trig):
                        continue   # "membantah tuduhan ..., dan menyalahkan AS": a new verb of the subject
                    if cue.kind in CROSSES_CLAUSE or not any(w in CLAUSE_BREAK for w in words[e:trig]):
                        found.append((cue, e))
                elif cue.direction == "after" and s > trig and s - trig <= cue.window:
                    found.append((cue, e))
        return found

    def judge(self, words: list[str], trig: int, code: str, settled: bool = False) -> Verdict:
        """``settled``: the trigger reports a done act whatever frames the clause around it (a
        reduced relative, "a ceasefire brokered by Egypt"): intent, condition and hypothesis cues
        of the main clause do not reach it."""
        active = self._active(words, trig)
        if settled:
            active = [(cue, end) for cue, end in active if cue.kind not in {"intent", "hypothetical", "condition"}]
        if not active:
            return Verdict(code, None)
        perfect = PERFECT.get(self.lang, set())
        kinds: dict[str, str] = {}
        for cue, end in active:
            if cue.kind in ("hypothetical", "report") and any(w in perfect for w in words[end:trig]):
                continue
            kinds.setdefault(cue.kind, cue.id)
        for blocking in ("question", "denial", "hypothetical", "report"):
            if blocking == "denial" and code[:3] == "016":
                continue   # "denied as baseless reports ...": the denial is the event itself
            if blocking in kinds:
                return Verdict(None, None, kinds[blocking])
        intentish = "intent" in kinds or "threat" in kinds
        if "negation" in kinds:
            if "intent" in kinds:
                refused = self._lookup(self.imap.refusal, code)
                return Verdict(refused, "refusal" if refused else None, kinds["negation"])
            return Verdict(None, None, kinds["negation"])
        root = code[:2]
        if "condition" in kinds and not intentish and root != "13":
            return Verdict(None, None, kinds["condition"])   # a threat is conditional by nature
        if root in {"03", "13"}:   # already an intent or a threat
            return Verdict(code, None)
        if "threat" in kinds or (intentish and root in CONFLICT_ROOTS):
            new = self._lookup(self.imap.threat, code)
            return Verdict(new, "threat" if new else None, kinds.get("threat") or kinds.get("intent"))
        if "intent" in kinds:
            new = self._lookup(self.imap.intent, code)
            return Verdict(new, "intent" if new else None, kinds["intent"])
        return Verdict(code, None)

    @staticmethod
    def _lookup(table: dict[str, str], code: str) -> str | None:
        """Full code first, then the 3-digit base, then the root."""
        for k in (code, code[:3], code[:2]):
            if k in table:
                return table[k]
        return None


COORDINATION = {"dan", "and", "serta", "but", "tetapi", "namun", "lalu", "kemudian", "then"}


def _coordinated_away(words: list[str], start: int, trig: int) -> bool:
    """Is there a ", and" / ", dan" between a cue and the trigger? Then the trigger belongs to a
    coordinated main clause, not to the clause the denial or allegation scopes over."""
    return any(words[k] == "," and words[k + 1] in COORDINATION for k in range(start, trig - 1))


def _split(phrase: str) -> list[str]:
    """Split a cue like "didn't" or "tidak akan" the way the tokenizers do (n't, ?)."""
    out: list[str] = []
    for w in phrase.split():
        if w.endswith("n't") and len(w) > 3:
            out += [w[:-3], "n't"]
        else:
            out.append(w)
    return out
