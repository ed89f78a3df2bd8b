"""Candidates → the models a document announces, each with its best-supported facts.

A candidate is kept when its points reach ``THRESHOLD``; a brand ("Gemini") or a family ("Qwen3") gives way
to the sized or versioned names released under it; counts are ranked table > stated > name > bare > estimate,
and a prose count that contradicts the name's own size by more than a quarter is taken as misattributed.
"""

from __future__ import annotations

from collections import defaultdict

from releasewatch.extract.collect import Candidate, Collector, Count
from releasewatch.extract.licenses import MODEL_LICENSE
from releasewatch.extract.params import Strength
from releasewatch.extract.vendors import VendorRegistry
from releasewatch.models import ModelMention
from releasewatch.resolve import best_value, counts_agree, display_name, family_of, has_size, normalise_name

THRESHOLD = 3.0
HINT_MATCH = 1.0
HINT_MISMATCH = -2.5  # the source is the vendor's own: another vendor's model is rarely its release
TITLE_MISMATCH = -1.0  # the title names another vendor's model
BASE_MODEL = -4.0


def assemble(collector: Collector, hint: str | None) -> list[ModelMention]:
    registry = collector.registry
    candidates = [c for c in collector.candidates.values() if c.names]
    primary = hint or _title_vendor(candidates)
    if primary is not None and not any(_own(c, primary, hint) and c.score >= THRESHOLD for c in candidates):
        primary = None  # the source announces other vendors' models (a hub's or a host's blog)
    for candidate in candidates:
        candidate.score += _hint_points(candidate, primary, explicit=hint is not None)
        candidate.score += BASE_MODEL if candidate.base else 0.0
    kept = [c for c in candidates if c.score >= THRESHOLD and (not c.bare or _says_something(c))]
    _fold_generic(candidates, kept)
    kept = _without_shadowed(kept)
    vendors = {id(c): _vendor(c, registry, hint) for c in kept}
    single_vendor = len(set(vendors.values())) == 1
    mentions = []
    for candidate in sorted(kept, key=lambda c: c.order):
        vendor = vendors[id(candidate)]
        shared = single_vendor or (hint is not None and vendor == hint)
        siblings = [c for c in kept if vendors[id(c)] == vendor and c is not candidate] if shared else []
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
        candidate.shown = display_name(max(candidate.names, key=lambda name: candidate.names[name]))
    return candidate.shown


def _fold_generic(candidates: list[Candidate], kept: list[Candidate]) -> None:
    """ "Mixtral has 46.7B total parameters" speaks of Mixtral 8x7B when that is the only Mixtral released:
    a brand or family mention's counts go to its one specific member; its licenses and weights cues go to
    every member ("Gemma 3 … open models" covers Gemma 3 1B to 27B)."""
    for generic in candidates:
        if not (generic.bare or not has_size(_display(generic))):
            continue
        members = [c for c in kept if c is not generic and c.key.startswith(generic.key) and _member(generic, c)]
        for member in members:
            member.licenses += generic.licenses
            member.weights += generic.weights
        if len(members) == 1:
            members[0].totals += [c for c in generic.totals if c.strength >= Strength.STATED]
            members[0].actives += [c for c in generic.actives if c.strength >= Strength.STATED]


def _member(generic: Candidate, specific: Candidate) -> bool:
    name = _display(specific)
    return generic.bare or (has_size(name) and normalise_name(family_of(name)) == generic.key)


def _without_shadowed(kept: list[Candidate]) -> list[Candidate]:
    """Drops a brand when a versioned name of it is kept ("Gemini" for "Gemini 2.5 Pro"), and a family when
    its sized members are ("Qwen3" for "Qwen3-32B"): the labelling of issue 4 lists each size."""
    sized_families = defaultdict(list)
    for candidate in kept:
        name = _display(candidate)
        if has_size(name):
            sized_families[normalise_name(family_of(name))].append(candidate)
    result = []
    for candidate in kept:
        brand = (candidate.bare or candidate.generic) and any(
            o is not candidate and o.key.startswith(candidate.key) and o.vendor is candidate.vendor for o in kept
        )  # "Llama 4" with nothing of its own, beside "Llama 4 Scout" and "Llama 4 Maverick"
        family = candidate.key in sized_families and not has_size(_display(candidate))
        if not brand and not family:
            result.append(candidate)
    return result


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
    named = [c for c in counts if c.strength in (Strength.NAME, Strength.ESTIMATE)]
    reference = named[0].value if named else None
    usable = [
        c
        for c in counts
        if reference is None
        or c.strength >= Strength.TABLE
        or c in named
        or abs(c.value - reference) <= 0.25 * reference
    ]
    # "8x7B" alone is not a total (corpus rule 3); it stays as the notation.
    usable = [c for c in usable if c.strength != Strength.ESTIMATE]
    value = best_value([(c.value, _rank(c, reference)) for c in usable], counts_agree)
    if value is None:
        return None, named[0].notation if named else None
    notation = named[0].notation if named else next(c.notation for c in usable if counts_agree(c.value, value))
    return value, notation


def _rank(count: Count, reference: int | None) -> float:
    """A precise figure near the name's size ("Llama 3.2 1B … 1.23B") outranks the name's round number."""
    if count.strength == Strength.BARE and reference and abs(count.value - reference) <= 0.25 * reference:
        return Strength.NAME + 0.5
    return float(count.strength)


def _license(candidate: Candidate, vendor: str, doc: _Shared | None) -> str | None:
    claims = candidate.licenses or (doc.licenses if doc else [])
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
    votes = list(candidate.weights) + (list(doc.weights) if doc else [])
    if license:
        votes.append((True, 1.5))
    score = sum(weight if value else -weight for value, weight in votes)
    return None if not votes or score == 0 else score > 0
