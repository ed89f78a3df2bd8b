"""Parsing of the small units feeds.yaml uses: durations (30m), byte sizes (10MB), parameter counts (10B).

Pure functions, no business logic; each raises ValueError with a message a newcomer can act on.
"""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$")
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}

_BYTES = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?\s*$", re.IGNORECASE)
_BYTE_UNITS = {
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}

_COUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMBT])?\s*$", re.IGNORECASE)
_COUNT_UNITS = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "t": 10**12}


def parse_duration(value: object) -> timedelta:
    """'30m' → 30 minutes. Bare numbers are refused: '30' could mean seconds or minutes."""
    if isinstance(value, timedelta):
        return value
    match = _DURATION.match(str(value)) if isinstance(value, str) else None
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{value!r} is not a duration like 30m (units: s, m, h, d, w)")
    return timedelta(seconds=float(match.group(1)) * _DURATION_UNITS[match.group(2)])


def parse_bytes(value: object) -> int:
    """'10MB' → 10_000_000; a bare integer is a byte count."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _BYTES.match(value) if isinstance(value, str) else None
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{value!r} is not a size like 10MB (units: B, KB, MB, GB, KiB, MiB, GiB)")
    return int(float(match.group(1)) * _BYTE_UNITS[(match.group(2) or "b").lower()])


def parse_param_count(value: object) -> int:
    """'10B' → 10_000_000_000, '1.5T' → 1_500_000_000_000; a bare integer is a count."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    match = _COUNT.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"{value!r} is not a parameter count like 10B (units: K, M, B, T)")
    return int(float(match.group(1)) * _COUNT_UNITS[(match.group(2) or "").lower()])


def format_param_count(count: int | None) -> str:
    """397_000_000_000 → '397B', 1_600_000_000_000 → '1.6T', 600_000_000 → '0.6B'."""
    if count is None:
        return "undisclosed"
    if count >= 10**12:
        return f"{_trim(count / 10**12)}T"
    if count >= 10**8:
        return f"{_trim(count / 10**9)}B"
    if count >= 10**6:
        return f"{_trim(count / 10**6)}M"
    return str(count)


def format_size(total: int | None, active: int | None) -> str:
    """'235B-A22B' for a mixture of experts, '397B' for a dense model, 'undisclosed' when unknown."""
    if total is None:
        return "undisclosed"
    if active is not None and active < total:
        return f"{format_param_count(total)}-A{format_param_count(active)}"
    return format_param_count(total)


def _trim(number: float) -> str:
    text = f"{number:.1f}" if number < 100 else f"{number:.0f}"
    return text[:-2] if text.endswith(".0") else text
