"""Load and validate the codebook folder; its content hash is the codebook version.

Layout (see codebooks/README.md):
    cameo/event_codes.tsv        CAMEO table (codes, names, Goldstein, QuadClass)
    actors/*.jsonl               Actor, one JSON object a line
    agents/*.yaml                list of Agent
    verbs/*.yaml                 list of VerbPattern
    modality/*.yaml              list of ModalityCue; modality/intent_map.yaml is the IntentMap
    boilerplate.yaml             list of BoilerplateRule
    places/*.yaml                list of Place
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .schema import Actor, Agent, BoilerplateRule, EventCode, IntentMap, ModalityCue, Place, VerbPattern

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "codebooks"
M = TypeVar("M", bound=BaseModel)


class CodebookError(ValueError):
    """A codebook entry failed validation; carries file, line and reason."""

    def __init__(self, file: Path | str, line: int | None, reason: str) -> None:
        self.file, self.line, self.reason = str(file), line, reason
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Codebook:
    """Everything the coder needs, validated. ``version`` is a content hash of the folder."""

    version: str
    path: Path
    event_codes: dict[str, EventCode]
    actors: list[Actor]
    agents: list[Agent]
    verbs: list[VerbPattern]
    modality: list[ModalityCue]
    intent_map: IntentMap
    boilerplate: list[BoilerplateRule]
    places: list[Place] = field(default_factory=list)

    def languages(self) -> list[str]:
        return sorted({v.lang for v in self.verbs})

    def event(self, code: str) -> EventCode:
        return self.event_codes[code]


def _fmt(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"]) or "entry"
        parts.append(f"{loc}: {e['msg']}")
    return "; ".join(parts)


def _entry_id(raw: Any) -> str:
    return f" (id {raw.get('id')!r})" if isinstance(raw, dict) and raw.get("id") else ""


def _yaml_items(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield (line, item) for a YAML file holding one list of mappings."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CodebookError(path, mark.line + 1 if mark else None, f"invalid YAML: {exc}") from exc
    if data is None:
        return
    if not isinstance(data, list) or node is None or not isinstance(node, yaml.SequenceNode):
        raise CodebookError(path, 1, "expected a YAML list of entries")
    for item_node, item in zip(node.value, data, strict=True):
        yield item_node.start_mark.line + 1, item


def _jsonl_items(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as exc:
                raise CodebookError(path, n, f"invalid JSON: {exc.msg}") from exc


def _validate(model: type[M], path: Path, items: Iterator[tuple[int, Any]]) -> list[M]:
    out: list[M] = []
    for line, raw in items:
        try:
            out.append(model.model_validate(raw))
        except ValidationError as exc:
            raise CodebookError(path, line, f"{model.__name__}{_entry_id(raw)}: {_fmt(exc)}") from exc
    return out


def _load_many(model: type[M], folder: Path, pattern: str, skip: set[str] = frozenset()) -> list[M]:
    out: list[M] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob(pattern)):
        if path.name in skip:
            continue
        items = _jsonl_items(path) if path.suffix == ".jsonl" else _yaml_items(path)
        out.extend(_validate(model, path, items))
    return out


def _load_event_codes(path: Path) -> dict[str, EventCode]:
    if not path.exists():
        raise CodebookError(path, None, "CAMEO event code table is missing")
    codes: dict[str, EventCode] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), 2):
            try:
                ec = EventCode(code=row["code"], name=row["name"], goldstein=float(row["goldstein"]),
                               quad_class=int(row["quad_class"]), root=row["root"])
            except (KeyError, ValueError, ValidationError) as exc:
                raise CodebookError(path, n, f"bad CAMEO row: {exc}") from exc
            codes[ec.code] = ec
    return codes


def content_hash(root: Path) -> str:
    """sha256 over (relative path, bytes) of every data file: the codebook version."""
    h = hashlib.sha256()
    for p in sorted(x for x in root.rglob("*") if x.is_file() and x.suffix in {".yaml", ".yml", ".jsonl", ".tsv"}):
        h.update(p.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:12]


def _check_unique(items: list[Any], kind: str, root: Path) -> None:
    seen: set[str] = set()
    for it in items:
        if it.id in seen:
            raise CodebookError(root, None, f"duplicate {kind} id {it.id!r}")
        seen.add(it.id)


def load_codebook(path: Path | str | None = None) -> Codebook:
    """Read and validate a codebook folder. Raises CodebookError with file/line/reason."""
    root = Path(path) if path else DEFAULT_PATH
    if not root.is_dir():
        raise CodebookError(root, None, "codebook folder does not exist")
    event_codes = _load_event_codes(root / "cameo" / "event_codes.tsv")
    actors = _load_many(Actor, root / "actors", "*.jsonl")
    agents = _load_many(Agent, root / "agents", "*.yaml")
    verbs = _load_many(VerbPattern, root / "verbs", "*.yaml")
    modality = _load_many(ModalityCue, root / "modality", "*.yaml", skip={"intent_map.yaml"})
    boiler_path = root / "boilerplate.yaml"
    boilerplate = _validate(BoilerplateRule, boiler_path, _yaml_items(boiler_path)) if boiler_path.exists() else []
    places = _load_many(Place, root / "places", "*.yaml")
    imap_path = root / "modality" / "intent_map.yaml"
    if imap_path.exists():
        try:
            intent_map = IntentMap.model_validate(yaml.safe_load(imap_path.read_text(encoding="utf-8")))
        except ValidationError as exc:
            raise CodebookError(imap_path, None, f"IntentMap: {_fmt(exc)}") from exc
    else:
        intent_map = IntentMap(intent={}, threat={})

    for kind, items in (("actor", actors), ("agent", agents), ("verb pattern", verbs), ("modality cue", modality)):
        _check_unique(items, kind, root)
    for v in verbs:
        for code in (v.code, v.host_code, v.partner_code, v.state_code):
            if code is not None and code not in event_codes:
                raise CodebookError(root / "verbs", None, f"pattern {v.id!r} uses unknown CAMEO code {code!r}")
    for table in (intent_map.intent, intent_map.threat, intent_map.refusal):
        for code in table.values():
            if code not in event_codes:
                raise CodebookError(imap_path, None, f"intent map uses unknown CAMEO code {code!r}")

    return Codebook(version=content_hash(root), path=root, event_codes=event_codes, actors=actors,
                    agents=agents, verbs=verbs, modality=modality, intent_map=intent_map,
                    boilerplate=boilerplate, places=places)
