"""A dictionary-driven stand-in for spaCy's ``attribute_ruler`` (English coder only).

The English model maps its fine tags to coarse POS and morphology with an ``AttributeRuler``:
179 token patterns run through spaCy's general ``Matcher`` on every token, which costs about a
quarter of the whole English pipeline (tok2vec + tagger included). Almost all of those patterns
look at one token's ``TAG`` and/or ``LOWER``, so they can be looked up in a dict instead.

:class:`FastAttributeRuler` takes the loaded ruler's own patterns and applies them with the same
semantics (every matching pattern, in pattern order, later ones overriding earlier ones; the
pattern's ``index`` picks the token inside a multi-token match). Patterns that need the parser
(``DEP``) are kept and evaluated too: without a parser ``dep_`` is empty, exactly what the
Matcher sees with ``allow_missing=True``. ``tests/test_tagmap.py`` checks that POS, morphology
and lemmas come out identical to the stock pipeline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Span
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

TokenTest = Callable[[Any], bool]

_ATTR_GETTERS: dict[str, Callable[[Any], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
    "ORTH": lambda t: t.text,
    "POS": lambda t: t.pos_,
}


def _value_test(getter: Callable[[Any], Any], spec: Any) -> TokenTest:
    if isinstance(spec, dict):
        tests: list[TokenTest] = []
        for op, arg in spec.items():
            if op == "IN":
                allowed = set(arg)
                tests.append(lambda t, g=getter, a=allowed: g(t) in a)
            elif op == "NOT_IN":
                banned = set(arg)
                tests.append(lambda t, g=getter, b=banned: g(t) not in b)
            elif op == "REGEX":
                rx = re.compile(arg)
                tests.append(lambda t, g=getter, r=rx: bool(r.search(g(t))))
            else:
                raise ValueError(f"unsupported attribute_ruler operator {op!r} in {spec!r}")
        return lambda t: all(test(t) for test in tests)
    return lambda t, g=getter, v=spec: g(t) == v


def _first_lowers(token_spec: dict[str, Any]) -> frozenset[str] | None:
    """The lower-case forms a pattern's first token can have, when its spec fixes them."""
    spec = token_spec.get("LOWER")
    if isinstance(spec, str):
        return frozenset({spec})
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return frozenset(spec["IN"])
    return None


def _token_test(token_spec: dict[str, Any]) -> TokenTest:
    tests = []
    for attr, spec in token_spec.items():
        if attr not in _ATTR_GETTERS:
            raise ValueError(f"unsupported attribute_ruler attribute {attr!r}")
        tests.append(_value_test(_ATTR_GETTERS[attr], spec))
    return lambda t: all(test(t) for test in tests)


class FastAttributeRuler:
    """Apply an ``AttributeRuler``'s patterns by dictionary lookup (see module docstring).

    A one-token pattern only reads the token's own attributes, so the merged result of all
    one-token patterns is cached per (tag, lower, dep, is_space); the few multi-token patterns
    ("gon na", "let 's") are tested at each token and merged in pattern order."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self._single: list[tuple[int, TokenTest, dict]] = []       # (order, test, attrs)
        # (order, tests, index, attrs, possible lower-case first words or None = any)
        self._multi: list[tuple[int, list[TokenTest], int, dict, frozenset[str] | None]] = []
        order = 0
        for pattern in ruler.patterns:
            attrs = normalize_token_attrs(ruler.vocab, pattern["attrs"])
            for seq in pattern["patterns"]:
                tests = [_token_test(tok) for tok in seq]
                if len(tests) == 1:
                    self._single.append((order, tests[0], attrs))
                else:
                    self._multi.append((order, tests, pattern.get("index", 0), attrs, _first_lowers(seq[0])))
                order += 1
        self._cache: dict[tuple, tuple[list[tuple[int, dict]], dict]] = {}

    def _singles(self, tok) -> tuple[list[tuple[int, dict]], dict]:
        """The one-token patterns matching ``tok`` (in order) and their merged attributes."""
        key = (tok.tag_, tok.lower_, tok.dep_, tok.is_space, tok.text)
        hit = self._cache.get(key)
        if hit is None:
            found = [(order, attrs) for order, test, attrs in self._single if test(tok)]
            merged: dict = {}
            for _order, attrs in found:
                merged.update(attrs)
            hit = (found, merged)
            if len(self._cache) < 500_000:
                self._cache[key] = hit
        return hit

    def __call__(self, doc: Doc) -> Doc:
        toks = list(doc)
        n = len(toks)
        lowers = [t.lower_ for t in toks]
        extra: dict[int, list[tuple[int, dict]]] = defaultdict(list)   # token -> multi-token matches
        for order, tests, index, attrs, firsts in self._multi:
            for i in range(n - len(tests) + 1):
                if firsts is not None and lowers[i] not in firsts:
                    continue
                if all(test(toks[i + j]) for j, test in enumerate(tests)):
                    extra[Span(doc, i, i + len(tests))[index].i].append((order, attrs))
        for tok in toks:
            found, merged = self._singles(tok)
            if tok.i in extra:
                merged = {}
                for _order, attrs in sorted(found + extra[tok.i], key=lambda m: m[0]):
                    merged.update(attrs)
            if merged:
                set_token_attrs(tok, merged)
        return doc


class CachedLemmatizer:
    """spaCy's rule lemmatizer with a complete cache.

    Its own cache keeps only lemmas that went through the suffix rules; base forms and proper
    nouns are recomputed for every token. A lemma depends on nothing but the token's text, POS
    and morphology, so one dict keyed on those gives the same lemmas for a fraction of the cost."""

    def __init__(self, lemmatizer) -> None:
        self._lemmatizer = lemmatizer
        self._cache: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc: Doc) -> Doc:
        overwrite = getattr(self._lemmatizer, "overwrite", False)
        for tok in doc:
            if overwrite or tok.lemma == 0:   # a lemma set by the tag map ("gon" -> "go") stays
                key = (tok.orth, tok.pos, tok.morph.key)
                lemma = self._cache.get(key)
                if lemma is None:
                    lemma = self._lemmatizer.lemmatize(tok)[0]
                    if len(self._cache) < 500_000:
                        self._cache[key] = lemma
                tok.lemma_ = lemma
        return doc
