"""Location stage: where an event happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.coding.coder import Coder
from service.coding.types import UnknownActor

MINI = Path(__file__).parent / "fixtures" / "codebook_mini"


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.load(MINI, use_ner=False, languages=("en",))


def test_a_place_found_by_ner_locates_an_event_without_one(coder):
    (ev,) = coder.code("Russia attacked Ukraine.", lang="en").events
    assert ev.location is None
    coder.locator.place_from_ner([ev], [UnknownActor("Kharkiv", "LOC", ev.sentence, ev.sentence_index),
                                        UnknownActor("Ihor Terekhov", "PER", ev.sentence, ev.sentence_index)])
    assert ev.location is not None and ev.location.name == "Kharkiv" and ev.location.country == "UA"
    assert ev.summary.endswith("(Kharkiv)")


def test_ner_place_in_another_sentence_or_unknown_to_the_gazetteer_is_ignored(coder):
    (ev,) = coder.code("Russia attacked Ukraine.", lang="en").events
    coder.locator.place_from_ner([ev], [UnknownActor("Kharkiv", "LOC", "other", ev.sentence_index + 1),
                                        UnknownActor("Xyzzyville", "LOC", ev.sentence, ev.sentence_index)])
    assert ev.location is None


def test_the_nearest_locative_place_wins(coder):
    (ev,) = coder.code("After talks in Tokyo, Russia attacked Ukraine in Kharkiv.", lang="en").events
    assert ev.location.name == "Kharkiv"


def test_a_place_behind_a_possessive_state_is_the_location(coder):
    g = coder.gazetteer
    (hit,) = g.find("Fighting raged in Syria's Idlib province on Monday.", "en")
    assert hit[2].name == "Idlib" and hit[2].country == "SY"
    assert g.find("Fighting raged in Russia's war.", "en") == []
