"""``extract`` and ``facts_mention``: the extraction pipeline behind ``releasewatch.extract`` (see its docstring).

Kept apart from the package's ``__init__`` so that importing the package (the vendor registry, a type) does not
compile the extraction patterns: a command that extracts nothing, such as a warm poll or ``status``, skips that
≈ 0.1–0.3 s of start-up.
"""

from __future__ import annotations

import re
from dataclasses import replace

from releasewatch.extract.assemble import assemble
from releasewatch.extract.collect import Collector
from releasewatch.extract.cues import lowered
from releasewatch.extract.document import Fmt, parse
from releasewatch.extract.licenses import license_from_hub
from releasewatch.extract.names import finder_for
from releasewatch.extract.params import size_in_name
from releasewatch.extract.vendors import VendorRegistry, default_registry
from releasewatch.models import Facts, ModelMention
from releasewatch.resolve import display_name, family_of, normalise_name


def extract(
    text: str,
    *,
    fmt: Fmt | None = None,
    facts: Facts | None = None,
    vendor_hint: str | None = None,
    registry: VendorRegistry | None = None,
) -> list[ModelMention]:
    """The models ``text`` announces as released, in order of first mention, one per model.

    With ``facts`` the item is one model: the result is that model, its structured facts completed (never
    overridden) by what the text says about it.
    """
    registry = registry or default_registry()
    hint = registry.canonical(vendor_hint)
    collector = Collector(registry)
    if text.strip() and not _quiet(text, registry):
        collector.read(parse(text, fmt))
    found = assemble(collector, hint)
    if facts is None:
        return found
    return [_with_facts(facts_mention(facts, vendor_hint=hint, registry=registry), found)]


# Words without which a document cannot announce a model the registry does not know: sizes, release verbs,
# hub links. Most items of a real feed (hiring, events, funding) have none of them and name no known family.
# (Each pattern opens with a literal or a digit, so the engine skips ahead to candidates in C.)
_ANNOUNCING = re.compile(
    r"billion|trillion|param|introduc|announc|releas|launch|unveil|open|meet|present|debut|ship|drop|"
    r"publish|welcome|hello|unleash|available|hugging|hf\.co|weights|checkpoint|model"
)
_SIZE = re.compile(r"\d\s?[bmt]\b")


def _quiet(text: str, registry: VendorRegistry) -> bool:
    """A cheap early exit: no announcing word and no known model family anywhere in the text."""
    low = lowered(text)
    return not (_SIZE.search(low) or _ANNOUNCING.search(low) or finder_for(registry).find(text, low))


def facts_mention(
    facts: Facts, *, vendor_hint: str | None = None, registry: VendorRegistry | None = None
) -> ModelMention:
    """A hub's structured facts as a mention (``structured=True``)."""
    registry = registry or default_registry()
    model_id = facts.model_id or ""
    org = model_id.split("/", 1)[0] if "/" in model_id else None
    name = display_name(model_id) or model_id
    vendor = _facts_vendor(facts, name, org, vendor_hint, registry)
    size = size_in_name(name)
    known = registry.get(vendor)
    return ModelMention(
        vendor=vendor,
        model=name,
        params_total=facts.params_total or (size.total if size else None),
        params_active=facts.params_active or (size.active if size else None),
        license=_facts_license(facts),
        open_weights=facts.open_weights,
        evidence=facts.repo_url or model_id,
        structured=True,
        notation=size.notation if size else None,
        family=family_of(name) if name else None,
        region=known.region if known else None,
    )


def _facts_vendor(facts: Facts, name: str, org: str | None, hint: str | None, registry: VendorRegistry) -> str:
    for vendor in (registry.get(facts.vendor), registry.by_org(org), registry.for_model(name), registry.get(hint)):
        if vendor is not None:
            return vendor.name
    # An unknown lab: the hub organisation is the stable identity (a router's display name like "Acme" is not),
    # so the hub repo and the router entry for the same weights resolve to one release. The operator's hint wins.
    return hint or org or facts.vendor or "unknown"


def _facts_license(facts: Facts) -> str | None:
    extra = facts.extra or {}
    card = extra.get("card_data") or extra.get("cardData") or {}
    tags = [tag for tag in extra.get("tags") or () if isinstance(tag, str)]
    license_name = extra.get("license_name") or (card.get("license_name") if isinstance(card, dict) else None)
    return license_from_hub(facts.license, license_name, tags)


def _with_facts(structured: ModelMention, found: list[ModelMention]) -> ModelMention:
    """The facts' model, with what the prose adds where the facts are silent."""
    key = normalise_name(structured.model)
    prose = next((m for m in found if normalise_name(m.model) == key), None)
    if prose is None:
        return structured
    return replace(
        structured,
        params_total=structured.params_total or prose.params_total,
        params_active=structured.params_active or prose.params_active,
        license=structured.license or prose.license,
        open_weights=structured.open_weights if structured.open_weights is not None else prose.open_weights,
        evidence=prose.evidence or structured.evidence,
        model=prose.model if prose.model else structured.model,
    )
