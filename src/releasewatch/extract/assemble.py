"""Candidates → the models a document announces, each with its best-supported facts.

A candidate is kept when its points reach ``THRESHOLD``; a brand ("Gemini") or a family ("Qwen3") gives way
to the sized or versioned names released under it; counts are ranked table > stated > name > bare > estimate,
and a prose count that contradicts the name's own size by more than a quarter is taken as misattributed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from releasewatch.extract.collect import LATER, Candidate, Collector, Count, carries_size, name_key
from releasewatch.extract.licenses import MODEL_LICENSE
from releasewatch.extract.names import DESCRIPTORS
from releasewatch.extract.params import Strength, size_in_name
from releasewatch.extract.tables import SPEC_ROW
from releasewatch.extract.vendors import Vendor, VendorRegistry
from releasewatch.models import ModelMention
from releasewatch.resolve import best_value, counts_agree, display_name, family_of, normalise_name

THRESHOLD = 3.0
HINT_MATCH = 1.0
HINT_MISMATCH = -2.5  # the source is the vendor's own: another vendor's model is rarely its release
TITLE_MISMATCH = -1.0  # the title names another vendor's model
BASE_MODEL = -4.0
# A document this long is an article, not a feed item's one piece of news: its layout must be framed as releases
# (see ``_unframed_layout``); a short item's "Lab: Model (size), license" row is the news itself.
ARTICLE_LENGTH = 1000


def assemble(collector: Collector, hint: str | None) -> list[ModelMention]:
    registry = collector.registry
    candidates = _merge_vendor_prefixed([c for c in collector.candidates.values() if c.names])
    primary = hint or _title_vendor(candidates)
    if primary is not None and not any(_own(c, primary, hint) and c.score >= THRESHOLD for c in candidates):
        primary = None  # the source announces other vendors' models (a hub's or a host's blog)
    _table_yardsticks(collector.spec_tables, collector.candidates)
    if hint is None:
        _unframed_tables(collector.unframed_tables, collector.candidates)
        if not (collector.framed or collector.news) and collector.length >= ARTICLE_LENGTH:
            _unframed_layout(candidates, collector.framed_sections)
    for candidate in candidates:
        # "X opened the month with QwQ-32B … LG says its 32B is competitive with QwQ-32B": a model a sentence
        # releases stays released when a later one measures another against it
        candidate.score -= candidate.yardstick if candidate.cued else 0.0
        candidate.score += _hint_points(candidate, primary, explicit=hint is not None)
        candidate.score += BASE_MODEL if candidate.base else 0.0
        if 0.0 < candidate.score < THRESHOLD and carries_size(_display(candidate)):
            _sized_member_of_release(candidate, collector.candidates)
    kept = [c for c in candidates if c.score >= THRESHOLD and (not c.bare or _says_something(c))]
    kept = _without_checkpoints(kept, registry)
    _fold_generic(candidates, kept)
    if not collector.siblings_released:
        kept = _without_family_context(kept, collector.prose_sizes)
    kept = _without_shadowed(kept, candidates)
    kept = _without_lineup_names(kept)
    vendors = {id(c): _vendor(c, registry, hint) for c in kept}
    single_vendor = len(set(vendors.values())) == 1
    mentions = []
    for candidate in sorted(kept, key=lambda c: c.order):
        vendor = vendors[id(candidate)]
        shared = single_vendor or (hint is not None and vendor == hint)
        siblings = [c for c in kept if vendors[id(c)] == vendor and c is not candidate] if shared else []
        siblings = _same_line(candidate, siblings, registry)
        mentions.append(_mention(candidate, vendor, registry, _Shared.of(collector, siblings) if shared else None))
    return mentions


class _Shared:
    """What a single-vendor document says of all its models: licenses and weights cues not tied to one
    model, and what it says of the models released alongside (a family shares its license)."""

    def __init__(self, licenses: list[tuple[str, float]], weights: list[tuple[bool, float]]) -> None:
        self.licenses = licenses
        self.weights = weights

    @classmethod
    def of(cls, collector: Collector, siblings: list[Candidate]) -> _Shared:
        licenses = collector.doc_licenses + [(lic, w * 0.5) for c in siblings for lic, w in c.licenses]
        weights = collector.doc_weights + [(v, w * 0.25) for c in siblings for v, w in c.weights]
        return cls(licenses, weights)


def _table_yardsticks(tables: list[list[Candidate]], candidates: dict[str, Candidate]) -> None:
    """A table of several labs' models in which the text announces some ("Where the new ones sit": this issue's
    releases beside older and rival models) places the others as yardsticks: their rows earn no points. (A row
    whose family the text announces is a release: "Qwen2.5 is the flagship …" over a "| Qwen2.5-72B |" row.)"""
    for rows in tables:
        if len({row.vendor for row in rows if row.vendor is not None}) < 2:
            continue
        announced = [row for row in rows if _announced(row, candidates)]
        if not announced:
            continue
        for row in dict.fromkeys(rows):
            if row not in announced:
                row.score -= SPEC_ROW


def _unframed_tables(tables: list[list[Candidate]], candidates: dict[str, Candidate]) -> None:
    """A spec table that no release frames — not the title, not its section, not the lead before it, none of
    its rows announced elsewhere — in a document no vendor's own feed carries: a catalogue, a talk's slide, a
    review's line-up ("The current catalogue is:", "| Model | Total | Active | Experts |"). Its rows earn nothing."""
    for rows in tables:
        if any(_announced(row, candidates) for row in rows):
            continue
        for row in dict.fromkeys(rows):
            row.score -= SPEC_ROW


def _unframed_layout(candidates: list[Candidate], framed: set[int]) -> None:
    """In a document no vendor's feed carries, whose title releases nothing and whose head names no news genre, a
    model's layout — a list row, "Name (size)", a licensed item, a size list — counts only in a section where a
    heading or a paragraph says something is released: a listicle's "Qwen2.5 7B Instruct (7.6B) — best overall", an
    engine's "Model support: DeepSeek-V2 (236B total, 21B active)", a podcast's chapter list release nothing. A
    model a sentence releases keeps all its points."""
    for candidate in candidates:
        if not candidate.cued:
            candidate.score -= sum(points for section, points in candidate.loose if section not in framed)


def _announced(row: Candidate, candidates: dict[str, Candidate]) -> bool:
    if row.announced or row.listed:
        return True
    family = candidates.get(name_key(family_of(_display(row))))
    return family is not None and family is not row and family.announced


def _line(candidate: Candidate, registry: VendorRegistry) -> str:
    """The product line a model belongs to, its family prefix ("Qwen", "Devstral", "Voxtral"): models of one
    line released together share a license; a changelog's Devstral and Voxtral entries do not."""
    match = registry.family_match(_display(candidate))
    return match.prefix.lower() if match else _LINE.split(candidate.key, 1)[0]


_LINE = re.compile(r"\d")


def _same_line(candidate: Candidate, others: list[Candidate], registry: VendorRegistry) -> list[Candidate]:
    """The others of the candidate's line, or of a line named after it ("ShieldGemma 2" beside "Gemma 3")."""
    line = _line(candidate, registry) if others else ""
    return [other for other in others if line in other.key or _line(other, registry) in line]


def _merge_vendor_prefixed(candidates: list[Candidate]) -> list[Candidate]:
    """ "Arctic-Base" and "Arctic-Instruct" are "Snowflake Arctic": a name and the same name after its vendor's are
    one model, shown with the vendor's name when the document uses it — but not in a repository's spelling: the
    link "snowflake-arctic-embed-l-v2.0" is the prose's "Arctic Embed L 2.0" (a "v" before a version aside)."""
    by_key = {_unversioned(c.key): c for c in candidates}
    merged: set[int] = set()
    for short in candidates:
        if short.vendor is None:
            continue
        for prefix in _vendor_keys(short.vendor):
            long = by_key.get(_unversioned(prefix + short.key))
            if long is not None and long is not short and long.vendor is short.vendor and id(long) not in merged:
                into, other = (short, long) if _slug(_display(long)) and not _slug(_display(short)) else (long, short)
                _absorb(into, other)
                merged.add(id(other))
                break
    return [c for c in candidates if id(c) not in merged]


_VERSION_V = re.compile(r"(?<=[a-z])v(?=\d)")


def _unversioned(key: str) -> str:
    return _VERSION_V.sub("", key) if "v" in key else key


def _slug(name: str) -> bool:
    return name.islower() and "-" in name


@lru_cache(maxsize=512)
def _vendor_keys(vendor: Vendor) -> frozenset[str]:
    return frozenset(normalise_name(name) for name in (vendor.name, *vendor.aliases))


def _without_checkpoints(kept: list[Candidate], registry: VendorRegistry) -> list[Candidate]:
    """ "Tencent open-sources Hunyuan-Large … Three checkpoints are published: Hunyuan-A52B-Pretrain,
    Hunyuan-A52B-Instruct": checkpoints of the titled model's line with no total size of their own are that model."""
    titled = [c for c in kept if c.titled and not c.checkpoint]
    if len(titled) != 1:
        return kept
    model = titled[0]
    line = _line(model, registry)
    result = []
    for candidate in kept:
        if candidate.checkpoint and candidate is not model and _line(candidate, registry) == line:
            size = size_in_name(_display(candidate))
            if size is None or size.total is None:
                _absorb(model, candidate)
                continue
        result.append(candidate)
    return result


def _absorb(into: Candidate, other: Candidate) -> None:
    into.score += other.score
    into.totals += other.totals
    into.actives += other.actives
    into.licenses += other.licenses
    into.weights += other.weights
    into.bare = into.bare and other.bare
    into.listed = into.listed or other.listed
    into.titled = into.titled or other.titled
    into.announced = into.announced or other.announced
    into.peers |= other.peers
    into.base = into.base or other.base
    into.order = min(into.order, other.order)
    if other.evidence_points > into.evidence_points:
        into.evidence, into.evidence_points = other.evidence, other.evidence_points


def _says_something(candidate: Candidate) -> bool:
    """A bare family word ("DeepSeek", "Gemini") is a brand unless the text gives it a size ("DBRX (132B)")."""
    return any(c.strength >= Strength.BARE for c in candidate.totals)


def _own(candidate: Candidate, vendor: str, hint: str | None) -> bool:
    """The model is the vendor's (an unknown family counts as the hinted source's own)."""
    return candidate.vendor.name == vendor if candidate.vendor is not None else hint is not None


def _title_vendor(candidates: list[Candidate]) -> str | None:
    """Without a hint, the vendor of the models the title names (when they agree) is the document's own."""
    vendors = {c.vendor.name for c in candidates if c.titled and c.vendor is not None}
    return vendors.pop() if len(vendors) == 1 else None


def _hint_points(candidate: Candidate, primary: str | None, *, explicit: bool) -> float:
    if primary is None or candidate.vendor is None:
        return 0.0
    if candidate.vendor.name == primary:
        return HINT_MATCH
    if explicit:
        return HINT_MISMATCH
    return 0.0 if candidate.listed else TITLE_MISMATCH  # a list of releases names many vendors


def _vendor(candidate: Candidate, registry: VendorRegistry, hint: str | None) -> str:
    """The family's vendor, else the vendor the text names, else the source's hint, else what it was called."""
    if candidate.vendor is not None:
        return candidate.vendor.name
    named = registry.get(candidate.vendor_named)
    if named is not None:
        return named.name
    return hint or candidate.vendor_named or "unknown"


def _display(candidate: Candidate) -> str:
    """The spelling the document used most (weighted by where it stood), without variant suffixes."""
    if candidate.shown is None:
        candidate.shown = display_name(candidate.spelling())
    return candidate.shown


_ENDS_IN_SIZE = re.compile(r"[-_ ](?:\d+(?:\.\d+)?[BMTbmt](?:-[Aa]\d+(?:\.\d+)?[BMbm])?)$")


def _sized_member_of_release(candidate: Candidate, by_key: dict[str, Candidate]) -> None:
    """ "Today we are releasing Granite 3.2 … Granite 3.2 8B Instruct and Granite 3.2 2B Instruct add reasoning":
    the sizes named in prose of the family a sentence releases are the release (one row a size, labelling rule
    2), though no sentence cues them; not a size only compared. (The family comes first in the text, so its
    score is final here.)"""
    name = _display(candidate)
    if not _ENDS_IN_SIZE.search(name):
        return  # (not "MiMo-7B-RL": a variant of a size, a model of its own)
    family = by_key.get(name_key(family_of(name)))
    if family is None or not family.cued or family.score < THRESHOLD or candidate.base:
        return
    if not any(c.strength > Strength.NAME for c in family.totals):
        candidate.score = THRESHOLD


def _fold_generic(candidates: list[Candidate], kept: list[Candidate]) -> None:
    """ "Mixtral has 46.7B total parameters" speaks of Mixtral 8x7B when that is the only Mixtral released:
    a brand or family mention's counts go to its one specific member; its licenses and weights cues go to
    every member ("Gemma 3 … open models" covers Gemma 3 1B to 27B)."""
    keys = _keys(kept)
    for generic in candidates:
        if keys.count("\n" + generic.key) <= (generic in kept):
            continue  # (no other kept model's key starts with this one's: no member; the cheap test first)
        if not (generic.bare or not carries_size(_display(generic))):
            continue
        members = [c for c in kept if c is not generic and c.key.startswith(generic.key) and _member(generic, c)]
        for member in members:
            if member.weights_lean() >= 0:  # (not to a member said to be closed: "Magistral Medium … API")
                member.licenses += generic.licenses
                member.weights += generic.weights
        if generic.actives and not generic.bare:
            _fold_by_active(generic, kept)
        members = [c for c in members if _member(generic, c, variants=False)]
        if len(members) == 1 and (generic.bare or generic not in kept):
            members[0].totals += [c for c in generic.totals if c.strength >= Strength.STATED]
            members[0].actives += [c for c in generic.actives if c.strength >= Strength.STATED]


def _keys(models: list[Candidate]) -> str:
    """The models' keys, each after a line break: ``keys.count("\n" + key)`` counts those that start with ``key``."""
    return "".join(["\n" + model.key for model in models])


def _fold_by_active(generic: Candidate, kept: list[Candidate]) -> None:
    """ "Wan2.2 … 27B parameters in total, 14B active" beside "Wan2.2-T2V-A14B" and "Wan2.2-I2V-A14B": the
    family's stated total belongs to the members whose names carry that active size and no total; the family
    is then theirs, no size of its own."""
    stated = [c for c in generic.actives if c.strength >= Strength.STATED]
    totals = [c for c in generic.totals if c.strength >= Strength.STATED]
    if not stated or not totals:
        return
    active = stated[0].value
    takers = [
        member
        for member in kept
        if member.actives
        and member.key.startswith(generic.key)
        and member is not generic
        and not any(c.strength == Strength.NAME for c in member.totals)
        and any(c.strength == Strength.NAME and counts_agree(c.value, active) for c in member.actives)
    ]
    if not takers:
        return
    members = [c for c in kept if c is not generic and c.key.startswith(generic.key)]
    for member in takers:
        member.totals += totals
    # (what is left of the family's figures that is the active count again — "two full 14B experts" — goes too)
    generic.totals = [c for c in generic.totals if c not in totals and not counts_agree(c.value, active)]
    generic.actives = [c for c in generic.actives if c not in stated]
    generic.generic = True  # (the family of its members: see ``_without_shadowed``)
    for member in members:  # ("All Apache 2.0": the family's cues are its members')
        if member.weights_lean() >= 0 and not member.licenses:
            member.licenses += generic.licenses
            member.weights += generic.weights


def _member(generic: Candidate, specific: Candidate, variants: bool = True) -> bool:
    name = _display(specific)
    return (
        generic.bare
        or (carries_size(name) and name_key(family_of(name)) == generic.key)
        or (variants and _variant_of(generic, specific))  # "All Granite 4.0 models … Apache 2.0": "Granite-4.0-H-Small"
    )


def _without_family_context(kept: list[Candidate], prose_sizes: set[int]) -> list[Candidate]:
    """A card titled with one sized model ("OLMo 2 1B") lists its family's other sizes in tables and links as
    context: those that no sentence announces and whose size the prose never states are not this release (an
    "EXAONE 3.5 … 2.4B, 7.8B and 32B" card releases them all)."""
    titled = [c for c in kept if c.titled and carries_size(_display(c))]
    if len(titled) != 1:
        return kept
    family = name_key(family_of(_display(titled[0])))
    if any(c.key == family and c.cued and c.generic for c in kept):
        return kept  # "The MiniCPM4 series is released": the card announces the family, every size of it
    return [c for c in kept if c is titled[0] or not _family_context(c, family, prose_sizes)]


def _family_context(candidate: Candidate, family: str, prose_sizes: set[int]) -> bool:
    name = _display(candidate)
    if candidate.announced or not carries_size(name) or name_key(family_of(name)) != family:
        return False
    size = size_in_name(name)
    value = size.total if size is not None else None
    return value is None or not any(counts_agree(value, stated) for stated in prose_sizes)


def _without_lineup_names(kept: list[Candidate]) -> list[Candidate]:
    """ "the Granite 4.0 Nano family: Granite-4.0-H-1B, Granite-4.0-H-350M, …": a line-up's name with no size of its
    own is the release of its members, each a row (labelling rule 2), not a model besides them."""
    keys = {c.key for c in kept}
    return [c for c in kept if not (len(c.members & keys) >= 2 and not c.totals and not carries_size(_display(c)))]


def _without_shadowed(kept: list[Candidate], candidates: list[Candidate]) -> list[Candidate]:
    """Drops a brand when a versioned name of it is kept ("Gemini" for "Gemini 2.5 Pro"), and a family when
    its sized members are ("Qwen3" for "Qwen3-32B"): the labelling of issue 4 lists each size."""
    sized_families = defaultdict(list)
    for candidate in kept:
        name = _display(candidate)
        if carries_size(name):
            sized_families[name_key(family_of(name))].append(candidate)
    absorbed = _sole_sizes(kept, sized_families)
    keys = _keys(kept)
    result = []
    for candidate in kept:
        if id(candidate) in absorbed:
            continue
        members = (
            [o for o in kept if o is not candidate and o.key.startswith(candidate.key) and o.vendor is candidate.vendor]
            if keys.count("\n" + candidate.key) > 1  # (itself, and another whose key starts with its: the cheap test)
            else []
        )
        # "Llama 4" with nothing of its own, beside "Llama 4 Scout" and "Llama 4 Maverick"; "Granite 4.0" beside
        # "Granite-4.0-H-Small" and "Granite-4.0-H-Tiny"; "Phi-3, a family of open models" beside "Phi-3-mini".
        # Not "DeepSeek-R1" beside "DeepSeek-R1-Zero" and "DeepSeek-R1-Distill-Qwen-7B": those are other models.
        sized = candidate.key in sized_families
        # (two members besides the series itself: fewer than three models kept cannot hold them)
        if len(kept) > 2 and len(_infix_members(candidate, kept)) > 1 and not _own_size(candidate, []):
            continue  # "Jamba 9.6" beside "Jamba Mini 9.6" and "Jamba Large 9.6": the series, not a model
        if not members and not sized:
            result.append(candidate)
            continue
        variants = [o for o in members if _variant_of(candidate, o)]
        own = _own_size(candidate, [o for o in candidates if o is not candidate and o.key.startswith(candidate.key)])
        # (a name listed as one of its variants' peers is a model too: "GPT-4.1, GPT-4.1 mini and GPT-4.1 nano")
        peer = any(member.key in candidate.peers for member in variants)
        # (and so is a name with a release row of its own: "- OpenAI: GPT-4.1 (undisclosed)" above its mini; not
        # "Google: Gemma 3n … in two sizes: Gemma 3n E2B and Gemma 3n E4B", whose sized variants are the models)
        peer = peer or (
            candidate.listed
            and len(variants) == len(members)
            and all(member.listed and _named_variant(candidate, member) for member in members)
        )
        brand = bool(members) and (
            candidate.bare or (not own and not peer and (candidate.generic or len(variants) > 1))
        )
        # "Qwen3" beside "Qwen3-32B" and "Qwen3-14B" — but "Qwen3 (235B-A22B) — plus Qwen3-30B-A3B" keeps both
        family = (
            sized
            and not carries_size(_display(candidate))
            and not own
            and not any(id(member) in absorbed for member in sized_families[candidate.key])
        )
        if not brand and not family:
            result.append(candidate)
    return result


def _infix_members(family: Candidate, kept: list[Candidate]) -> list[Candidate]:
    """Models named as the family with words put before its version ("MiniMax-01" → "MiniMax-Text-01", "Jamba
    1.6" → "Jamba Large 1.6"): a series that "includes" them."""
    base = _name_parts(_display(family))
    if len(base) < 2 or not any(char.isdigit() for char in base[-1]) or carries_size(_display(family)):
        return []
    return [
        other
        for other in kept
        if other is not family and other.vendor is family.vendor and _with_infix(base, _name_parts(_display(other)))
    ]


def _with_infix(base: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """``base`` is ``parts`` less some words inside it (first and last parts the same)."""
    if len(parts) <= len(base) or parts[0] != base[0] or parts[-1] != base[-1]:
        return False
    rest = iter(parts)
    return all(part in rest for part in base)  # (a subsequence: ``in`` consumes the iterator)


def _sole_sizes(kept: list[Candidate], sized_families: dict[str, list[Candidate]]) -> set[int]:
    """ "Introducing Mistral Small 3.1 … 24 billion parameters … (Mistral-Small-3.1-24B-Instruct-2503)": a titled
    model released in one size, whose sized name appears only as checkpoint names, is named as the vendor
    styles it; the checkpoints fold into it."""
    absorbed: set[int] = set()
    for family in kept:
        members = sized_families.get(family.key, [])
        # (a family word alone is a model here when the text gives it a size: "Codestral: Hello, World! … At 22B
        # parameters, Codestral …" beside the hub link "mistralai/Codestral-22B-v0.1")
        bare = family.bare and not _says_something(family)
        if len(members) != 1 or bare or not family.titled or members[0].titled or carries_size(_display(family)):
            continue
        member = members[0]
        if any(display_name(name) == name for name in member.names):
            continue  # the text names the sized model itself ("we are releasing Qwen3-Next-80B-A3B")
        stated = [c.value for c in family.totals if c.strength >= Strength.BARE]
        size = size_in_name(_display(member))
        in_name: list[int | None] = [c.value for c in member.totals if c.strength == Strength.NAME]
        named = [value for value in in_name or ([size.total] if size else []) if value]
        if not stated or not named or any(not counts_agree(size, named[0]) for size in stated):
            continue  # no size of its own, or another one: "Qwen3 (235B-A22B) — plus Qwen3-30B-A3B"
        _absorb(family, member)
        absorbed.add(id(member))
    return absorbed


_NAME_PARTS = re.compile(r"[\s_-]+")
_VERSION_PART = re.compile(r"[a-z]?\d+(?:\.\d+)?[bmk]?")
_VARIANT_WORDS = frozenset(DESCRIPTORS.lower().split("|")) | {"moe", "it"}


def _variant_of(family: Candidate, member: Candidate) -> bool:
    """The member is the family plus sizes and descriptor words only ("Llama 4" → "Llama 4 Scout")."""
    if not member.key.startswith(family.key):
        return False
    base = _name_parts(_display(family))
    parts = _name_parts(_display(member))
    if parts[: len(base)] != base or len(parts) == len(base):
        return False
    return all(_variant_part(part) for part in parts[len(base) :])


def _named_variant(family: Candidate, member: Candidate) -> bool:
    """The member adds descriptor words only ("GPT-4.1 mini"), no size ("Gemma 3n E2B")."""
    parts = _name_parts(_display(member))[len(_name_parts(_display(family))) :]
    return bool(parts) and all(part in _VARIANT_WORDS for part in parts)


@lru_cache(maxsize=4096)
def _name_parts(name: str) -> tuple[str, ...]:
    return tuple(_NAME_PARTS.split(name.lower()))


@lru_cache(maxsize=4096)
def _variant_part(part: str) -> bool:
    """A descriptor ("Scout", "Mini"), a size ("32B", "E4B"), a version or a letter ("Granite-4.0-H-Small")."""
    return part in _VARIANT_WORDS or len(part) == 1 or carries_size(part) or bool(_VERSION_PART.fullmatch(part))


def _own_size(candidate: Candidate, members: list[Candidate]) -> bool:
    """The family states a size of its own, one none of its members' names carries (within a quarter: "Llama
    3.2 1B" is 1.23B)."""
    sizes = [m.value for member in members for m in member.totals if m.strength == Strength.NAME]
    return any(
        c.strength >= Strength.BARE
        and c.strength != Strength.NAME
        and not any(abs(c.value - m) <= 0.25 * m for m in sizes)
        for c in candidate.totals
    )


def _mention(candidate: Candidate, vendor: str, registry: VendorRegistry, doc: _Shared | None) -> ModelMention:
    name = _display(candidate)
    total, notation = _pick(candidate.totals)
    active, active_notation = _pick(candidate.actives)
    if total is not None and active is not None and active >= total:
        active = None
    license = _license(candidate, vendor, doc)
    known = registry.get(vendor)
    return ModelMention(
        vendor=vendor,
        model=name,
        params_total=total,
        params_active=active,
        license=license,
        open_weights=_open_weights(candidate, license, doc),
        evidence=candidate.evidence,
        notation=notation or active_notation,
        family=family_of(name),
        region=known.region if known else None,
    )


def _pick(counts: list[Count]) -> tuple[int | None, str | None]:
    """The best-supported count and the notation it was written in (the name's own, when it has one)."""
    if not counts:
        return None, None
    value = counts[0].value
    if all(c.value == value for c in counts):
        return _pick_one(counts, value)
    return _ranked_pick(counts)


def _ranked_pick(counts: list[Count]) -> tuple[int | None, str | None]:
    named = [c for c in counts if c.strength in (Strength.NAME, Strength.ESTIMATE)]
    reference = named[0].value if named else None
    # "8x7B" is only an estimate ("Phi-3.5-MoE has 16x3.8B parameters … 42B total"): a looser reference
    slack = 0.5 if named and named[0].strength == Strength.ESTIMATE else 0.25
    usable = [
        c
        for c in counts
        if reference is None
        or c.strength >= Strength.TABLE
        or c in named
        or abs(c.value - reference) <= slack * reference
        or (_precise(c) and abs(c.value - reference) <= 0.35 * reference)  # "Gemma 2 2B … 2.6B parameters"
        or (c.strength >= Strength.STATED and _precise(c) and _truncated(c.value, reference))
        or _bracketed_precise(c, reference)  # "LFM-1B (1.3B)"
    ]
    # "8x7B" alone is not a total (corpus rule 3); it stays as the notation.
    usable = [c for c in usable if c.strength != Strength.ESTIMATE]
    value = best_value([(c.value, _rank(c, reference)) for c in usable], counts_agree)
    if value is None:
        return None, named[0].notation if named else None
    notation = named[0].notation if named else next(c.notation for c in usable if counts_agree(c.value, value))
    return value, notation


def _truncated(value: int, reference: int) -> bool:
    """The name's whole number is the stated figure cut down: "X-8B-A1B … only 1.5B active per token" (a name
    rounds a small count by more than a quarter)."""
    unit = 10**9 if reference >= 10**9 else 10**6
    return reference % unit == 0 and reference <= value < reference + unit


def _pick_one(counts: list[Count], value: int) -> tuple[int | None, str | None]:
    """``_ranked_pick`` where every count is ``value`` (most models: one count, or the same one said twice): each
    count is then near the reference and all form one group, so the ranking can only come to this (≈ 4 µs less
    a model; ``tests/test_extract_speed_equivalence.py`` checks the two agree)."""
    named = next((c for c in counts if c.strength in (Strength.NAME, Strength.ESTIMATE)), None)
    usable = next((c for c in counts if c.strength != Strength.ESTIMATE), None)
    if usable is None:
        return None, named.notation if named else None
    return value, named.notation if named else usable.notation


def _rank(count: Count, reference: int | None) -> float:
    """A precise figure near the name's size ("Llama 3.2 1B … 1.23B") outranks the name's round number."""
    if count.strength == Strength.BARE and reference and abs(count.value - reference) <= 0.25 * reference:
        return Strength.NAME + 0.5
    if reference and _bracketed_precise(count, reference):
        return Strength.NAME + 0.5
    return float(count.strength)


def _bracketed_precise(count: Count, reference: int) -> bool:
    """A bare figure with decimals whose whole number is the name's ("LFM-1B (1.3B)", "X-3B: 3.4B"): the precise
    count the name rounds down (labelling rule 3)."""
    return count.strength == Strength.BARE and "." in count.notation and _truncated(count.value, reference)


def _precise(count: Count) -> bool:
    """A stated figure with decimals ("2.6B parameters"): a measurement, not a size class."""
    return count.strength >= Strength.STATED and "." in count.notation


def _license(candidate: Candidate, vendor: str, doc: _Shared | None) -> str | None:
    # a model whose own cues say its weights are closed does not share its open siblings' license (Magistral Medium)
    shared = doc.licenses if doc and candidate.weights_lean() >= 0 else []
    claims = candidate.licenses or shared
    totals: dict[str, float] = defaultdict(float)
    for license, weight in claims:
        totals[license] += weight
    if not totals:
        return None
    best = max(totals, key=lambda license: totals[license])
    if best == MODEL_LICENSE:
        return f"{vendor} License" if vendor != "unknown" else None
    return best


def _open_weights(candidate: Candidate, license: str | None, doc: _Shared | None) -> bool | None:
    own = candidate.weights
    if any(weight == LATER for _, weight in own) and not any(weight >= 2.0 for _, weight in own):
        return None  # "on Azure now, on Hugging Face next week": not open yet, and said to be closed nowhere
    # What the document says of its models at large does not overrule a model's own cues that its weights are
    # closed ("Magistral Small is open-weight … Magistral Medium … through the API. Its weights are not released.")
    shared = doc.weights if doc and candidate.weights_lean() >= 0 else []
    votes = list(own) + list(shared)
    if license:
        votes.append((True, 1.5))
    score = sum(weight if value else -weight for value, weight in votes)
    return None if not votes or score == 0 else score > 0
