"""Identity of feed entries: canonical links and entry keys. Pure functions, no I/O.

The same article reached through a newsletter (``?utm_source=…``), a fragment link or an explicit default port
must get one key, so the poller does not announce it twice (issue 5).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from urllib.parse import SplitResult, unquote_plus, urlsplit, urlunsplit

# Parameters that only say where a click came from, never which document it is.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref", "ref_src", "mc_cid", "mc_eid", "_hsenc", "_hsmi"}
)
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """RFC 3986 §6.2.2–6.2.3 normalisation plus tracking parameters removed.

    Scheme and host are case-insensitive, the default port and an empty path mean nothing, the fragment never
    reaches the server; path and the kept query parameters are left byte for byte (they are case-sensitive).
    A string that is not a URL comes back stripped, unchanged otherwise.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # e.g. a non-numeric port or a broken IPv6 literal
        return url
    if not parts.scheme or not parts.netloc:
        return url
    scheme = parts.scheme.lower()
    path = parts.path or ("/" if scheme in DEFAULT_PORTS else "")
    return urlunsplit((scheme, _netloc(parts, scheme, port), path, _clean_query(parts.query), ""))


def _netloc(parts: SplitResult, scheme: str, port: int | None) -> str:
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # IPv6 literal: urlsplit drops the brackets
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    return netloc


def _clean_query(query: str) -> str:
    # Split by hand rather than parse_qsl + urlencode, so kept parameters keep their exact encoding and order.
    kept = [pair for pair in query.split("&") if pair and not _is_tracking(pair.partition("=")[0])]
    return "&".join(kept)


def _is_tracking(name: str) -> bool:
    name = unquote_plus(name).lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def entry_key(
    guid: str | None, link: str | None, title: str | None, published: datetime | None, *, text: str = ""
) -> str:
    """An entry's identity within its feed: GUID/id, else canonical link, else a hash of title and date.

    The GUID is opaque (RSS 2.0: "a string that uniquely identifies the item"), so it is kept as written.
    ``text`` only counts when there is no title and no date either, so untitled, undated entries don't all collapse
    into one key.
    """
    if guid and guid.strip():
        return guid.strip()
    if link and link.strip():
        return canonical_url(link)
    basis = [title or "", published.isoformat() if published else ""]
    if not any(basis):
        basis.append(text)
    return "sha256:" + hashlib.sha256(json.dumps(basis).encode()).hexdigest()
