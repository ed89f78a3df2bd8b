"""The models a document announces (issue 4): pure, text in, data out.

    extract(text, fmt=None, facts=None, vendor_hint=None, registry=None) -> list[ModelMention]

``text`` is plain text, Markdown or HTML (``fmt=None`` sniffs which). ``facts`` are a hub's structured facts
about the one model an item is (they outrank anything read from prose); ``vendor_hint`` is the vendor the
source belongs to (feeds.yaml ``vendor:``); ``registry`` defaults to the packaged vendor registry — pass
``with_vendors(config.vendors)`` to include the operator's additions.

Modules: ``document`` (blocks and sentences), ``names`` (model names), ``params`` (parameter counts),
``licenses``, ``vendors`` (+ ``vendors.yaml``), ``cues`` (release vs comparison phrasing), ``prescan`` (those
scans, once per document), ``collect`` (one document's evidence per model), ``placement`` (where names, counts
and cues stand in a sentence), ``tables``, ``assemble`` (the models kept and their best facts), ``pipeline``
(``extract`` itself). The pipeline is imported on first use of one of its names, not with the package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from releasewatch.extract.vendors import Vendor, VendorRegistry, default_registry, with_vendors

if TYPE_CHECKING:
    from releasewatch.extract.licenses import license_from_hub, normalise_license
    from releasewatch.extract.params import parse_count
    from releasewatch.extract.pipeline import extract, facts_mention

__all__ = [
    "Vendor",
    "VendorRegistry",
    "default_registry",
    "extract",
    "facts_mention",
    "license_from_hub",
    "normalise_license",
    "parse_count",
    "with_vendors",
]

_LAZY = {
    "extract": "pipeline",
    "facts_mention": "pipeline",
    "license_from_hub": "licenses",
    "normalise_license": "licenses",
    "parse_count": "params",
}


def __getattr__(name: str) -> Any:
    """The pipeline's names, imported when first asked for (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value
