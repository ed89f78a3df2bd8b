"""Hugging Face Hub license ids → an SPDX id or the license's own name. Pure lookups, no I/O.

A hub repo states its license as a card-data id (``license: llama3.1``, mirrored as the tag ``license:llama3.1``)
from the list in hub-docs ``docs/hub/repositories-licenses.md``; ``license: other`` comes with a free-form
``license_name`` slug (``bigco-community-license``) and a ``license_link``. INTERFACE.md wants an SPDX id where one
exists (``Apache-2.0``) and else the license's name (``Llama 3.1 Community License``), so both are mapped here.

The tables (hub ids, slugs, acronyms) are owned by ``releasewatch.extract.licenses``; this module is a thin wrapper
that keeps the source-side rules: an unlisted id is returned as written, and the card's license comes before tags.
Prose ("released under the Apache 2.0 license") is ``releasewatch.extract.licenses``'s job, not this module's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from releasewatch.extract.licenses import HUB_IDS, HUB_SLUGS, SLUG_NAMED, hub_id_license, slug_words

# "other" points at license_name; "unknown" says nothing.
NOT_A_LICENSE = frozenset({"other", "unknown", ""})

HUB_LICENSES: Mapping[str, str] = HUB_IDS


def hub_license(hub_id: str | None) -> str | None:
    """One hub license id → SPDX id or name ('llama3.1' → 'Llama 3.1 Community License'); None for other/unknown.

    An id the hub does not list is returned as written: it is still the best name we have.
    """
    if hub_id is None:
        return None
    text = hub_id.strip()
    if text.lower() in NOT_A_LICENSE:
        return None
    return hub_id_license(text) or text


def license_name_from_slug(slug: str) -> str | None:
    """A ``license_name`` → the license's name: a hub id, a known slug, or the slug's words ('bigco-community-license'
    → 'Bigco Community License')."""
    text = slug.strip()
    lowered = text.lower()
    if lowered in NOT_A_LICENSE:
        return None
    named = hub_id_license(lowered) or HUB_SLUGS.get(lowered)
    if named:
        return named
    if not re.fullmatch(r"[\w.+-]+", text):
        return text  # already a name with spaces ("Acme Model License")
    name = slug_words(lowered)
    return name if SLUG_NAMED.search(name) else f"{name} License"


def repo_license(card_license: str | Iterable[str] | None, license_name: str | None, tags: Iterable[str]) -> str | None:
    """A repo's license from its card data (a string or a list), else its ``license:*`` tag; ``other`` → the
    ``license_name``. The card comes first: the tag is derived from it, so they only differ when the tag is stale."""
    declared = _declared(card_license) or _declared(_tag_values(tags))
    if declared is None:
        return None
    if declared.lower() == "other":
        return license_name_from_slug(license_name) if license_name else None
    return hub_license(declared)


def _declared(value: str | Iterable[str] | None) -> str | None:
    """The first meaningful id among the declared ones ('other' counts: it sends us to license_name)."""
    values = [value] if isinstance(value, str) else list(value or ())
    for candidate in values:
        if isinstance(candidate, str) and candidate.strip().lower() not in ("", "unknown"):
            return candidate.strip()
    return None


def _tag_values(tags: Iterable[str]) -> list[str]:
    return [tag.split(":", 1)[1] for tag in tags if isinstance(tag, str) and tag.startswith("license:")]
