"""Stage 8 (places): where an event happened, and which state a place belongs to.

Order of evidence for an event's place: a city/region named as the target ("menyerang Jalur
Gaza") or a visit's destination, the locative place nearest the trigger, where the article puts
the source's forces (for deployments and fights), and the dateline when it lies in the source's
or target's state. The same gazetteer lets unnamed militants take the state where they act.
"""

from __future__ import annotations

from dataclasses import replace

from ..codebook.loader import Codebook
from .actors import LOCAL, Mention
from .events import Candidate
from .nlp import Sentence
from .places import Gazetteer
from .summary import summarize
from .types import CleanText, CodedEvent, Place, UnknownActor

DEPLOYMENT_ROOTS = {"07", "15", "19"}
PLACE_BEFORE_PENALTY = 20   # characters: a place just before the trigger still beats one far after
DESTINATION = {"id": {"ke"}, "en": {"to"}}
# acts that happen at the target: a visit to Pyongyang, aid to Kyiv, strikes on Kyiv; a warning to
# Manila or a demand on Washington is made wherever the speaker is
PLACE_OF_TARGET_ROOTS = {"04", "07", "08", "14", "15", "17", "18", "19", "20"}
ORIGIN_PLACE_CODES = {"087", "174"}   # withdrawing forces, expelling ships: the place left is where it happens
ORIGIN_PLACE_PREPS = {"id": frozenset({"dari"}), "en": frozenset({"from"})}


def home_countries(codebook: Codebook) -> dict[str, tuple[str, str]]:
    """ISO alpha-2 -> (CAMEO country code, English name), from the codebook's country table."""
    names = {a.code: a.name for a in codebook.actors if a.type == "country"}
    out: dict[str, tuple[str, str]] = {}
    path = codebook.path / "cameo" / "countries.tsv"
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            iso, code = row.get("iso_alpha2", ""), row.get("code", "")
            if iso and code in names and iso not in out:
                out[iso] = (code, names[code])
    return out


class Locator:
    def __init__(self, gazetteer: Gazetteer, codebook: Codebook) -> None:
        self.gazetteer = gazetteer
        self.home = home_countries(codebook)                       # ISO2 -> (CAMEO, name)
        self.iso = {code: iso for iso, (code, _n) in self.home.items()}   # CAMEO -> ISO2

    def dateline(self, cleaned: CleanText) -> Place | None:
        return self.gazetteer.lookup(cleaned.dateline) if cleaned.dateline else None

    def state_of(self, place: Place | None) -> tuple[str, str] | None:
        return self.home.get(place.country or "") if place else None

    def event_place(self, cand: Candidate, lang: str, near_place: Place | None,
                    dateline: Place | None) -> Place | None:
        """``near_place`` is :meth:`sentence_place` for the candidate's trigger (one lookup per
        trigger, shared by the events of a compound subject)."""
        place = self._target_place(cand, lang) or near_place or self._dateline_for(cand, dateline)
        if (place is not None and dateline is not None and place.feature == "country"
                and dateline.feature == "city" and dateline.country == place.country):
            return dateline   # "a visit to Spain" datelined MADRID: the city is more precise
        return place

    def sentence_place(self, sentence: str, lang: str, near: int, code: str = "") -> Place | None:
        """The locative place closest to the trigger; one after it wins a near tie, since in
        both languages the place of an event usually follows its verb ("bertemu di Beijing").
        A withdrawal happens where the forces leave: "from"/"dari" is locative for it."""
        extra = ORIGIN_PLACE_PREPS[lang] if code[:3] in ORIGIN_PLACE_CODES else frozenset()
        hits = self.gazetteer.find(sentence, lang, extra)
        if not hits:
            return None

        def distance(hit: tuple[int, int, Place]) -> int:
            start, end, _ = hit
            return start - near if start >= near else (near - end) + PLACE_BEFORE_PENALTY

        return min(hits, key=distance)[2]

    def _target_place(self, cand: Candidate, lang: str) -> Place | None:
        """A capital named as the target ("berkunjung ke Pyongyang") is also the place, and so is
        the destination of a visit ("kunjungan ke Singapura") or an attacked city or region."""
        tgt = cand.target
        if tgt is None:
            return None
        root = cand.trigger.pattern.code[:2]
        if (tgt.kind == "capital" and root in PLACE_OF_TARGET_ROOTS) or (root == "04" and tgt.prep in DESTINATION[lang]):
            return self.gazetteer.lookup(tgt.surface)
        if tgt.kind == "actor" and len(tgt.code) == 3:
            place = self.gazetteer.lookup(tgt.surface)   # "menyerang Jalur Gaza", "shelled Kyiv"
            if place is not None and place.feature != "country":
                return place
        return None

    def _dateline_for(self, cand: Candidate, dateline: Place | None) -> Place | None:
        """The dateline is the event's place only when it lies in the source's or target's state:
        "Jakarta, CNN Indonesia -- Kuwait mengusir diplomat Iran" did not happen in Jakarta."""
        if dateline is None:
            return None
        states = {self.iso.get(m.code[:3]) for m in (cand.source, cand.target) if m is not None}
        return dateline if dateline.country in states else None

    # ------------------------------------------------------------------ actors placed by geography
    def localise(self, sent: Sentence, lang: str, mentions: list[Mention]) -> list[Mention]:
        """Unnamed militants, kidnappers or protesters take the country of the sentence's place
        ("Gunmen kidnapped five engineers in Nigeria" -> NGAREB), or of the one state acting on
        them ("Militer Myanmar menahan aktivis"); with neither they are dropped."""
        if not any(m.kind == "local" for m in mentions):
            return mentions
        hits = self.gazetteer.find(sent.text, lang)
        state = self.state_of(hits[0][2]) if hits else None
        first_local = min(m.start for m in mentions if m.kind == "local")
        if state is None:
            states = {m.code[:3] for m in mentions if m.kind in ("actor", "composed") and not m.locative
                      and m.code[:3] in self.iso and m.end <= first_local}
            if len(states) == 1:
                state = self.home.get(self.iso[states.pop()])
        out = []
        for m in mentions:
            if m.kind == "local":
                if state is None:
                    continue
                m = replace(m, code=f"{state[0]}{m.code[len(LOCAL):]}", name=f"{state[1]} {m.name}",
                            kind="composed")
            out.append(m)
        return out

    def troop_places(self, sent: Sentence, lang: str, mentions: list[Mention],
                     troops: dict[str, list[Place]]) -> None:
        """Remember where a state's forces are said to be ("tentara Korea Utara ... di wilayah Kursk")."""
        for m in mentions:
            if m.code.endswith("MIL") and len(m.code) == 6:
                near = sent.span[m.end - 1].idx - sent.span.start_char if m.end > 0 else 0
                hit = self.gazetteer.locative_place(sent.text, lang, near=near)
                if hit and hit[2].feature != "country":
                    troops.setdefault(m.key, []).append(hit[2])

    def place_deployments(self, events: list[CodedEvent], troops: dict[str, list[Place]],
                          dateline: Place | None) -> None:
        """A deployment or fight with no place of its own happens where the article puts the
        source's forces inside the target's country (GDELT's ActionGeo for troop movements)."""
        if not troops:
            return
        for ev in events:
            if ev.root_code not in DEPLOYMENT_ROOTS or ev.target is None or ev.location not in (None, dateline):
                continue
            iso = self.iso.get(ev.target.code[:3])
            for place in troops.get(ev.source.code[:3], []):
                if iso and place.country == iso:
                    ev.location = place
                    ev.summary = summarize(ev.source.name, ev.event_name, ev.target.name, place.name)
                    break

    def place_from_ner(self, events: list[CodedEvent], unknown: list[UnknownActor]) -> None:
        """A place the statistical NER found in an event's sentence, and the gazetteer knows,
        locates an event that found no place of its own."""
        places: dict[int, Place] = {}
        for u in unknown:
            if u.label == "LOC" and u.sentence_index not in places:
                place = self.gazetteer.lookup(u.name)
                if place is not None and place.feature != "country":
                    places[u.sentence_index] = place
        for ev in events:
            place = places.get(ev.sentence_index)
            if ev.location is None and place is not None:
                ev.location = place
                ev.summary = summarize(ev.source.name, ev.event_name, ev.target.name if ev.target else None,
                                       place.name)
