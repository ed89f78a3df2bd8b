"""The block-level scans of a document's prose, each run once over all of it (issue 4, throughput).

Every prose block needs its model names, its cues and whether it may name a license. Scanned block by block, a
document pays a few microseconds of call and set-up overhead per scan and block, even for the many blocks that
hold nothing ("Introduction", a date line); that was about a tenth of extraction. Here the blocks are joined
with a separator no pattern crosses, each scan runs once, and every block gets its share of the hits.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from releasewatch.extract import cues
from releasewatch.extract.licenses import license_word_starts
from releasewatch.extract.names import NameFinder, NameMatch

# Not white space, not a word character, not punctuation any name or cue pattern reads: nothing spans it.
SEPARATOR = "\x00"


class BlockScan(NamedTuple):
    """One block's share: its lower-cased text, names and cues (positions within the block)."""

    low: str
    names: list[NameMatch]
    events: list[tuple[int, str]]
    license_words: bool  # ``has_license_words(low)``


def scan_blocks(texts: list[str], finder: NameFinder) -> list[BlockScan]:
    """Each text's scan, as ``finder.find``, ``cues.scan`` and ``has_license_words`` would give it alone."""
    joined = SEPARATOR.join(texts)
    # (lower-cased block by block: how a character lower-cases can depend on the rest of the text — a final "Σ",
    # an "İ" anywhere — and each block must get what lower-casing it alone gives)
    low = SEPARATOR.join(cues.lowered(text) for text in texts)
    names = finder.find(joined, low)
    events = cues.scan(low)
    licenses = license_word_starts(low)
    name_starts = [m.start for m in names]
    event_starts = [position for position, _kind in events]
    scans, offset = [], 0
    for text in texts:
        end = offset + len(text)
        here = names[bisect_left(name_starts, offset) : bisect_left(name_starts, end)]
        cued = events[bisect_left(event_starts, offset) : bisect_left(event_starts, end)]
        first = bisect_left(licenses, offset)
        scans.append(
            BlockScan(
                low[offset:end],
                [_shifted(m, offset) for m in here] if offset else here,
                [(position - offset, kind) for position, kind in cued] if offset else cued,
                first < len(licenses) and licenses[first] < end,
            )
        )
        offset = end + len(SEPARATOR)
    return scans


def _shifted(m: NameMatch, offset: int) -> NameMatch:
    # (built directly: ``NamedTuple._replace`` is several times slower)
    return NameMatch(m.start - offset, m.end - offset, m.name, m.org, m.vendor, m.known, m.bare)
