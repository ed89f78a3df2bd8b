"""What an extraction worker process runs: the entry as one document, and a batch of them through ``extract``.

Kept apart from ``ingest`` so that a spawned worker imports only the pure core, not storage (SQLAlchemy and
Alembic cost a worker ≈ 0.5 s of CPU to import, on every poll that starts a pool).
"""

from __future__ import annotations

import logging

from releasewatch import extract as extraction  # its pipeline is imported on first use (see extract/__init__)
from releasewatch.extract import VendorRegistry
from releasewatch.models import Facts, ModelMention

Job = tuple[str, str, Facts | None, str | None]  # title, text, facts, vendor hint

log = logging.getLogger("releasewatch.extract")


def document(title: str, text: str) -> str:
    # The title often carries the model's name and size ("Qwen3-235B-A22B is here"); the body the rest.
    return f"{title}\n\n{text}" if title else text


_registry: VendorRegistry | None = None


def start_worker(registry: VendorRegistry) -> None:
    global _registry
    _registry = registry


def mentions_in(
    title: str, text: str, facts: Facts | None, hint: str | None, registry: VendorRegistry
) -> list[ModelMention]:
    """What one entry announces; nothing, said in the log, when extraction fails on it — one entry's text must not
    keep the rest of its batch from their releases (the entry stays stored: ``reprocess`` tries it again)."""
    try:
        return extraction.extract(document(title, text), facts=facts, vendor_hint=hint, registry=registry)
    except Exception as exc:
        reason = (str(exc).splitlines() or [""])[0][:200]
        log.warning("extraction failed on the entry %r: %s: %s", title[:80], type(exc).__name__, reason)
        return []


def extract_batch(jobs: list[Job]) -> list[list[ModelMention]]:
    assert _registry is not None, "start_worker runs first (the pool's initializer)"
    return [mentions_in(title, text, facts, hint, _registry) for title, text, facts, hint in jobs]
