"""Schema of every codebook entry.

Codebooks are data (YAML/JSONL under ``codebooks/``); these models are the contract
that data must meet. Every model forbids unknown keys, so a typo in a rule file fails at
load time with the file, line and reason instead of silently changing what is coded.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

Lang = Literal["en", "id"]
CAMEO_CODE_RE = re.compile(r"^\d{2,4}$")
ACTOR_CODE_RE = re.compile(r"^[A-Za-z]{3}([A-Za-z]{3})*$")


def _actor_code(v: str) -> str:
    if not ACTOR_CODE_RE.match(v):
        raise ValueError(f"actor code {v!r} is not a sequence of 3-letter blocks")
    return v.upper()


ActorCode = Annotated[str, AfterValidator(_actor_code)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Names(_Strict):
    """Surface forms per language.

    Matching rule (applied by the actor matcher, documented in codebooks/README.md):
    a form written entirely in upper case with at most five letters ("AS", "US", "RI",
    "PBB", "UN") is matched case-sensitively; every other form case-insensitively.
    """

    en: list[str] = []
    id: list[str] = []

    def for_lang(self, lang: str) -> list[str]:
        return list(getattr(self, lang, []) or [])


class RoleSpan(_Strict):
    """A date-ranged actor code, as in PETRARCH2's ``[USAGOV 210120-250120]``.

    ``start``/``end`` are inclusive; a missing bound is open. The article date picks the span.
    """

    code: ActorCode
    start: date | None = None
    end: date | None = None


class Actor(_Strict):
    """A named actor: country, IGO, NGO, armed group, organisation or person."""

    id: str
    code: ActorCode
    type: Literal["country", "igo", "ngo", "group", "person", "org", "region"]
    name: str = Field(description="English display name used in summary lines")
    names: Names
    adjectives: Names = Names()
    capitals: Names = Names()
    country: str | None = None
    roles: list[RoleSpan] = []
    note: str | None = None

    @model_validator(mode="after")
    def _has_names(self) -> "Actor":
        if not (self.names.en or self.names.id):
            raise ValueError(f"actor {self.id!r} has no names")
        return self

    def code_on(self, day: date | None) -> str:
        """The actor code valid on ``day`` (role spans first, else the default code)."""
        if day is not None:
            for span in self.roles:
                if (span.start is None or span.start <= day) and (span.end is None or day <= span.end):
                    return span.code
        return self.code


class Agent(_Strict):
    """A role noun ("pasukan", "foreign minister") that composes with a country: PRK + MIL."""

    id: str
    lang: Lang
    code: ActorCode = Field(description="role code(s) appended to the country code, e.g. MIL or GOVMIL")
    name: str = Field(description="English label for summaries, e.g. 'troops'")
    names: list[str]


class VerbPattern(_Strict):
    """One action pattern: trigger lemma/stem (+ optional companion words) -> CAMEO code.

    English triggers are spaCy lemmas, Indonesian triggers are PySastrawi stems, so
    "kirim" matches kirim/mengirim/mengirimkan/dikirim/pengiriman. ``with`` words must occur
    within ``window`` tokens after the trigger; a pattern with companions is more specific
    and beats one without at the same trigger.
    """

    id: str
    lang: Lang
    code: str
    verbs: list[str] = []
    nouns: list[str] = []
    with_: list[str] = Field(default=[], alias="with")
    window: int = Field(default=4, ge=1, le=12)
    reverse: bool = Field(default=False, description="grammatical subject is the TARGET (receive from, dijatuhi)")
    host_code: str | None = Field(default=None, description=(
        "code when the target is the state the action goes into ('dikerahkan ke/di ... Rusia', "
        "'deployed to Russia'): deploying troops alone is a posture, into another state it is aid"))
    partner_code: str | None = Field(default=None, description=(
        "code when the target is a partner after 'dengan'/'with' ('membahas krisis Ukraina dengan Rusia' "
        "is a meeting; 'membahas krisis Ukraina' alone is not one with Ukraine)"))
    state_code: str | None = Field(default=None, description=(
        "code when the source is a capital or a government/leader rather than people ('Seoul protests "
        "Tokyo's claim', 'the foreign ministry protested' = 114; 'thousands protested' = 141)"))
    frame: Literal["action", "evaluation"] = Field(default="action", description=(
        "'evaluation': the trigger is a judgement inside reported speech ('said the war was illegal', "
        "'menyebut komentar Erdogan salah'): the speaker is the source, the actor judged the target; "
        "with no speech verb it is the writer's judgement and codes nothing"))
    example: str
    note: str | None = None

    @field_validator("code", "host_code", "partner_code", "state_code")
    @classmethod
    def _code(cls, v: str | None) -> str | None:
        if v is not None and not CAMEO_CODE_RE.match(v):
            raise ValueError(f"CAMEO code {v!r} must be 2-4 digits as a string")
        return v

    @model_validator(mode="after")
    def _has_trigger(self) -> "VerbPattern":
        if not (self.verbs or self.nouns):
            raise ValueError(f"pattern {self.id!r} needs at least one verb or noun trigger")
        return self


ModalityKind = Literal["negation", "hypothetical", "intent", "condition", "denial", "question", "threat", "report",
                       "pseudo"]


class ModalityCue(_Strict):
    """A context cue (medspaCy ConText style) that changes or blocks the event it scopes over.

    The cue applies when it occurs within ``window`` tokens before the trigger in the same
    clause (``direction: before``), or anywhere in the sentence (``sentence``). A ``pseudo`` cue
    ("not only", "tidak hanya", "will not hesitate") cancels the negation words inside it.
    """

    id: str
    lang: Lang
    kind: ModalityKind
    cues: list[str]
    window: int = Field(default=4, ge=1, le=30)
    direction: Literal["before", "after", "sentence"] = "before"
    note: str | None = None


class IntentMap(_Strict):
    """How a planned/threatened action re-codes: realised root -> intent (03x) or threat (13x) code."""

    intent: dict[str, str]
    threat: dict[str, str]
    refusal: dict[str, str] = {}


class BoilerplateRule(_Strict):
    """Scraped-page junk to drop, or the dateline to strip and remember."""

    id: str
    kind: Literal["line_exact", "line_prefix", "line_regex", "fragment_regex", "dateline_regex"]
    pattern: str
    lang: Literal["en", "id", "*"] = "*"
    note: str | None = None

    @model_validator(mode="after")
    def _regex_compiles(self) -> "BoilerplateRule":
        if self.kind.endswith("regex"):
            try:
                re.compile(self.pattern)
            except re.error as exc:  # pragma: no cover - message path tested via loader
                raise ValueError(f"bad regex {self.pattern!r}: {exc}") from exc
        return self


class Place(_Strict):
    """A gazetteer entry our libraries lack (or name differently in Indonesian)."""

    name: str
    names: list[str] = []
    country: str = Field(description="ISO alpha-2")
    lat: float
    lon: float
    note: str | None = None


class EventCode(_Strict):
    code: str
    name: str
    goldstein: float
    quad_class: int
    root: str
