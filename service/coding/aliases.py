"""In-article aliases: people the codebook lacks, introduced by their role.

News introduces an official once with role and country and then uses the name alone:
"Juru bicara Kementerian Luar Negeri AS, Matthew Miller, mengatakan ..." ... "Miller
menambahkan ...", "U.S. envoy Robert Wood said ... Wood added". The composed role mention
(USAGOV) is known; the name after it (apposition, or directly after the role in English) is
remembered for the rest of the article, in full and by surname, with the role's code.
"""

from __future__ import annotations

from dataclasses import replace

from .actors import Mention
from .nlp import Sentence

MAX_NAME_TOKENS = 4
POSTING = {"untuk", "di", "for", "to", "at"}


def _name_at(toks, start: int, taken: set[int]) -> tuple[int, int] | None:
    """A run of 2-4 capitalised words starting at ``start`` that no mention covers."""
    end = start
    while end < len(toks) and end - start < MAX_NAME_TOKENS and end not in taken:
        text = toks[end].text
        if not (text[:1].isupper() and text.replace("-", "").replace(".", "").isalpha()):
            break
        end += 1
    return (start, end) if end - start >= 2 else None


class ArticleAliases:
    """Names learnt in one article, mapped to the role mention that introduced them."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, ...], Mention] = {}

    def apply(self, sent: Sentence, mentions: list[Mention]) -> list[Mention]:
        """Add mentions for known aliases, then learn new ones from this sentence."""
        toks = list(sent.span)
        texts = [t.text for t in toks]
        taken = {i for m in mentions for i in range(m.start, m.end)}
        found: list[Mention] = []
        if self._names:
            i = 0
            while i < len(toks):
                hit = None
                if not texts[i][:1].isupper():   # every learnt name starts with a capital
                    i += 1
                    continue
                for n in range(MAX_NAME_TOKENS, 0, -1):
                    key = tuple(texts[i:i + n])
                    if len(key) == n and key in self._names and not any(j in taken for j in range(i, i + n)):
                        hit = (n, self._names[key])
                        break
                if hit is None:
                    i += 1
                    continue
                n, ref = hit
                prep = toks[i - 1].lower_ if i > 0 else None
                found.append(replace(ref, start=i, end=i + n, kind="actor", prep=prep, locative=False,
                                     surface=" ".join(t.text for t in toks[i:i + n])))
                taken.update(range(i, i + n))
                i += n
        out = sorted(mentions + found, key=lambda m: m.start)
        self._learn(toks, out, taken)
        return out

    def _learn(self, toks, mentions: list[Mention], taken: set[int]) -> None:
        for m in mentions:
            if m.kind == "actor" and (m.entry_id or "").startswith("person.") and m.end - m.start >= 2:
                # a known person named in full: later "Kim" / "Blinken" alone is the same person
                self._register(tuple(t.text for t in toks[m.start:m.end] if t.text[:1].isupper()), m)
                continue
            if m.kind != "composed" or len(m.code) <= 3:
                continue
            start = m.end
            if start < len(toks) and toks[start].lower_ in POSTING:
                # "Duta Besar Korea Utara untuk PBB, Kim Song": skip the posting up to the comma
                commas = [k for k in range(start, min(len(toks), start + 5)) if toks[k].text == ","]
                start = commas[0] if commas else start
            if start < len(toks) and toks[start].text == ",":
                start += 1
            span = _name_at(toks, start, taken)
            if span is None:
                continue
            self._register(tuple(t.text for t in toks[span[0]:span[1]]), m)

    def _register(self, words: tuple[str, ...], m: Mention) -> None:
        if not words:
            return
        self._names.setdefault(words, m)
        if len(words[-1]) >= 4:
            self._names.setdefault((words[-1],), m)
        if len(words) == 2 and len(words[0]) >= 3:
            self._names.setdefault((words[0],), m)   # family name first: "Kim Song" ... "Kim"
