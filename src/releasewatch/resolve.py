"""Mentions → one release per model (issue 4, part 5; the pure half — storage calls it).

- ``normalise_name("deepseek-ai/DeepSeek-V3-Base")`` → ``"deepseekv3"``: the key that says two names are the
  same model. Case, separators, the org prefix and variant suffixes (Instruct, Chat, Base, Thinking, FP8,
  BF16, GGUF, AWQ, GPTQ, MLX, Int4, bnb-4bit, dates like -2507) do not count; sizes do ("Qwen3-32B" is not
  "Qwen3-14B"). A hyphen survives only between two digits, so "Llama 3.1 8B" is "llama3.1-8b".
- ``display_name`` drops the variant suffixes but keeps the vendor's styling ("Qwen3-235B-A22B").
- ``family_of("Qwen3-235B-A22B")`` → ``"Qwen3"``: the name up to its size, for "Qwen3 (235B-A22B, 32B, …)".
- ``release_key(vendor, model)``: the identity of a release.
- ``merge(mentions)``: the facts to show. Structured facts beat tables, tables beat prose; counts within 2%
  agree; the values that lost are kept in ``conflicts`` as evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from releasewatch.models import ModelMention

T = TypeVar("T")

_VARIANTS = frozenset(
    [
        "instruct",
        "chat",
        "base",
        "thinking",
        "think",
        "fp8",
        "fp16",
        "bf16",
        "fp32",
        "fp4",
        "nvfp4",
        "mxfp4",
        "int4",
        "int8",
        "w4a16",
        "w8a8",
        "w4a8",
        "w8a16",
        "gguf",
        "awq",
        "gptq",
        "mlx",
        "exl2",
        "onnx",
        "bnb",
        "4bit",
        "8bit",
        "qat",
        "sft",
        "dpo",
    ]
)
_END_ONLY = frozenset({"it", "pt", "hf"})  # Gemma's -it/-pt, Llama 2's -hf: only as the last part
_SEPARATORS = re.compile(r"[\s_\-:]+")
_QUANT_TAIL = re.compile(r"(?:[-_.](?:q\d(?:_[a-z0-9]{1,2})*|iq\d\w*|\d(?:\.\d)?bpw|bnb[-_]\d+bit))+$", re.IGNORECASE)
_DATE_TAIL = re.compile(r"[-_ ](?:\d{4}-\d{2}-\d{2}|\d{2}-\d{4}|\d{8}|\d{6})$")
_FIRST_VERSION = re.compile(r"[-_ ]v(?:0\.1|1|1\.0)$", re.IGNORECASE)
_SIZE_TOKEN = re.compile(r"^(?:\d{1,3}x)?\d+(?:\.\d+)?[bmt](?:-?a\d+(?:\.\d+)?[bm])?$|^a\d+(?:\.\d+)?b$", re.IGNORECASE)
_DATE_TOKEN = re.compile(r"^\d{4}$")
# Not before a size: "gemma_2_9b" is Gemma 2 9B, and Apple's "OpenELM-1_1B" stays as it was keyed.
_VERSION_UNDERSCORE = re.compile(r"(?<=\d)_(?=\d+(?![\d.bmt]))")


@lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """The matching key of a model name: 'Qwen-3.5' = 'Qwen3.5' = 'qwen3.5'; 'deepseek-ai/DeepSeek-V3-Base'
    = 'DeepSeek V3'; 'Qwen3-235B-A22B-Instruct-2507' = 'Qwen3-235B-A22B'; 'Mixtral-8x7B-v0.1' = 'Mixtral 8x7B';
    'MiniCPM-V-2_6' = 'MiniCPM-V 2.6'."""
    # Hub ids spell a version's dot as an underscore ("internlm2_5-7b" is InternLM2.5-7B, "MiniCPM-V-2_6" 2.6).
    tokens = _tokens(_VERSION_UNDERSCORE.sub(".", display_name(name).lower()))
    if len(tokens) > 1 and tokens[0] == "meta" and tokens[1].startswith("llama"):
        tokens = tokens[1:]  # "Meta-Llama-3.1-8B" is how Meta named Llama 3.1 repos
    return _join(tokens)


@lru_cache(maxsize=4096)
def display_name(name: str) -> str:
    """The name without org prefix and variant suffixes, in the vendor's styling ('Qwen3-235B-A22B')."""
    name = name.strip().rsplit("/", 1)[-1].removesuffix("'s").replace("×", "x")
    previous = None
    while previous != name:
        previous = name
        name = _QUANT_TAIL.sub("", name)
        name = _DATE_TAIL.sub("", name)
        name = _FIRST_VERSION.sub("", name)
        name = _drop_variant_parts(name)
    return name.strip(" -_") or previous.strip(" -_")


def _drop_variant_parts(name: str) -> str:
    parts = re.split(r"([\s_\-:]+)", name)
    words = parts[0::2]
    keep = [index for index, word in enumerate(words) if not _is_variant(word, index, words)]
    if not keep:
        return name
    out = words[keep[0]]
    for index in keep[1:]:
        out += parts[2 * index - 1] + words[index]
    return out


def _is_variant(word: str, index: int, words: list[str]) -> bool:
    lowered = word.lower()
    if index == 0:
        return False
    last = index == len(words) - 1
    if lowered in _VARIANTS:
        return last or not _names_a_checkpoint(lowered, index, words)
    if last:
        return lowered in _END_ONLY or bool(_DATE_TOKEN.match(lowered))
    # A release stamp before the size, as Ai2 names checkpoints ("OLMo-2-0425-1B" is OLMo 2 1B, April 2025).
    return bool(_DATE_TOKEN.match(lowered)) and bool(_SIZE_TOKEN.match(words[index + 1]))


_CHECKPOINT_WORDS = frozenset(("instruct", "chat", "base", "thinking", "think"))
_CONTEXT_TOKEN = re.compile(r"^\d+(?:\.\d+)?[km]$", re.IGNORECASE)


def _names_a_checkpoint(lowered: str, index: int, words: list[str]) -> bool:
    """A checkpoint word inside a sized name and before a context length ("InternLM2.5-7B-Chat-1M",
    "Qwen2.5-7B-Instruct-1M") is part of a distinct checkpoint's name: no suffix, so it does not fold away (the
    1M-context model is another model than the chat one). Before a size it is a suffix moved forward
    ("InternLM2-Chat-7B" is InternLM2-7B)."""
    return (
        lowered in _CHECKPOINT_WORDS
        and bool(_CONTEXT_TOKEN.match(words[index + 1]))
        and any(_SIZE_TOKEN.match(word) for word in words[1:index])
    )


def _tokens(name: str) -> list[str]:
    return [token for token in _SEPARATORS.split(name) if token]


def _join(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        if out and out[-1].isdigit() and token[0].isdigit():
            out += "-"
        out += token
    return out


@lru_cache(maxsize=4096)
def family_of(name: str) -> str:
    """The family a name belongs to: the name up to its size ('Qwen3-235B-A22B' → 'Qwen3', 'Llama 3.1 405B' →
    'Llama 3.1', 'gpt-oss-120b' → 'gpt-oss'); a name without a size is its own family ('DeepSeek-V3')."""
    shown = display_name(name)
    parts = re.split(r"([\s_\-:]+)", shown)
    for index in range(0, len(parts), 2):
        if index and _SIZE_TOKEN.match(parts[index]):
            return "".join(parts[: index - 1]).strip(" -_") or shown
    return shown


def has_size(name: str) -> bool:
    """Whether the name carries a size part ('Qwen3-32B' yes, 'Qwen3' and 'DeepSeek-V3' no)."""
    return family_of(name) != display_name(name)


def release_key(vendor: str, model: str) -> tuple[str, str]:
    """The identity of a release: (case-folded vendor, normalised model name)."""
    return vendor.strip().casefold(), normalise_name(model)


# --- merging ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A value that lost: kept so a reader can see that sources disagreed, and where."""

    field: str  # "params_total", "params_active", "license" or "open_weights"
    value: object
    evidence: str
    structured: bool


@dataclass(frozen=True)
class ResolvedFacts:
    vendor: str
    model: str
    family: str | None
    params_total: int | None
    params_active: int | None
    license: str | None
    open_weights: bool | None
    region: str | None
    notation: str | None
    conflicts: tuple[Conflict, ...] = ()


def rank(mention: ModelMention) -> int:
    """Structured facts (2) beat a table cell (1) beat prose (0). Table evidence is a '| a | b |' row."""
    if mention.structured:
        return 2
    return 1 if mention.evidence.lstrip().startswith("|") else 0


def counts_agree(a: int, b: int) -> bool:
    """Two parameter counts within 2% are the same claim ('32.8B' and '33B')."""
    return abs(a - b) <= 0.02 * max(a, b)


def best_value(claims: Sequence[tuple[T, float]], same: Callable[[T, T], bool] = lambda a, b: a == b) -> T | None:
    """The best-supported value: group agreeing values; the group with the highest rank wins, then the
    group with most claims, then the earliest; the group's highest-ranked value represents it."""
    groups: list[list[tuple[T, float]]] = []
    for value, weight in claims:
        group = next((g for g in groups if same(g[0][0], value)), None)
        group.append((value, weight)) if group is not None else groups.append([(value, weight)])
    if not groups:
        return None
    best = max(groups, key=lambda g: (max(w for _, w in g), len(g), -groups.index(g)))
    return max(best, key=lambda claim: (claim[1], _precision(claim[0])))[0]


def _precision(value: object) -> int:
    """Among agreeing counts of equal rank, the exact one (120432152576) beats the rounded one (120B)."""
    if not isinstance(value, int) or isinstance(value, bool) or value == 0:
        return 0
    digits = str(value)
    return len(digits.rstrip("0")) - len(digits)  # fewer trailing zeros: more precise


def merge(mentions: Sequence[ModelMention]) -> ResolvedFacts:
    """One model's facts from every mention of it (all with the same ``release_key``)."""
    if not mentions:
        raise ValueError("merge() needs at least one mention")
    ordered = sorted(mentions, key=rank, reverse=True)
    total = best_value([(m.params_total, rank(m)) for m in ordered if m.params_total], counts_agree)
    active = best_value([(m.params_active, rank(m)) for m in ordered if m.params_active], counts_agree)
    license = best_value([(m.license, rank(m)) for m in ordered if m.license])
    open_weights = best_value([(m.open_weights, rank(m)) for m in ordered if m.open_weights is not None])
    model = _model_name(ordered)
    return ResolvedFacts(
        vendor=_vendor(ordered),
        model=model,
        family=next((m.family for m in ordered if m.family), None) or family_of(model),
        params_total=total,
        params_active=active if active is None or total is None or active < total else None,
        license=license,
        open_weights=open_weights,
        region=next((m.region for m in ordered if m.region), None),
        notation=next((m.notation for m in ordered if m.notation), None),
        conflicts=_conflicts(ordered, total, active, license, open_weights),
    )


def _vendor(mentions: Sequence[ModelMention]) -> str:
    known = [m.vendor for m in mentions if m.vendor and m.vendor != "unknown"]
    return Counter(known).most_common(1)[0][0] if known else "unknown"


def _model_name(mentions: Sequence[ModelMention]) -> str:
    """The vendor's styling: the most common display form, preferring prose (it is how the vendor wrote it)."""
    prose = [display_name(m.model) for m in mentions if not m.structured] or [display_name(m.model) for m in mentions]
    return Counter(prose).most_common(1)[0][0]


def _conflicts(
    mentions: Sequence[ModelMention],
    total: int | None,
    active: int | None,
    license: str | None,
    open_weights: bool | None,
) -> tuple[Conflict, ...]:
    found: list[Conflict] = []
    for m in mentions:
        if m.params_total and total and not counts_agree(m.params_total, total):
            found.append(Conflict("params_total", m.params_total, m.evidence, m.structured))
        if m.params_active and active and not counts_agree(m.params_active, active):
            found.append(Conflict("params_active", m.params_active, m.evidence, m.structured))
        if m.license and license and m.license != license:
            found.append(Conflict("license", m.license, m.evidence, m.structured))
        if m.open_weights is not None and open_weights is not None and m.open_weights != open_weights:
            found.append(Conflict("open_weights", m.open_weights, m.evidence, m.structured))
    return tuple(found)
