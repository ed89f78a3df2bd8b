"""Hugging Face Hub license ids → an SPDX id or the license's own name. Pure lookups, no I/O.

A hub repo states its license as a card-data id (``license: llama3.1``, mirrored as the tag ``license:llama3.1``)
from the list in hub-docs ``docs/hub/repositories-licenses.md``; ``license: other`` comes with a free-form
``license_name`` slug (``bigco-community-license``) and a ``license_link``. INTERFACE.md wants an SPDX id where one
exists (``Apache-2.0``) and else the license's name (``Llama 3.1 Community License``), so both are mapped here.
Prose ("released under the Apache 2.0 license") is ``releasewatch.extract.licenses``'s job, not this module's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

# The hub's license ids (hub-docs repositories-licenses.md) whose SPDX id or name is not just the id upper-cased.
# Families without one SPDX id ("bsd", "gpl", "cc") keep a short family name.
_IDS: dict[str, str] = {
    "apache-2.0": "Apache-2.0",
    "mit": "MIT",
    "openrail": "OpenRAIL",
    "openrail++": "OpenRAIL++",
    "bigscience-openrail-m": "BigScience-OpenRAIL-M",
    "creativeml-openrail-m": "CreativeML-OpenRAIL-M",
    "bigscience-bloom-rail-1.0": "BigScience-BLOOM-RAIL-1.0",
    "bigcode-openrail-m": "BigCode-OpenRAIL-M",
    "artistic-2.0": "Artistic-2.0",
    "bsd": "BSD",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd-3-clause": "BSD-3-Clause",
    "bsd-3-clause-clear": "BSD-3-Clause-Clear",
    "c-uda": "C-UDA-1.0",
    "cc": "Creative Commons",
    "cdla-sharing-1.0": "CDLA-Sharing-1.0",
    "cdla-permissive-1.0": "CDLA-Permissive-1.0",
    "cdla-permissive-2.0": "CDLA-Permissive-2.0",
    "etalab-2.0": "etalab-2.0",  # SPDX spells this one in lower case
    "gfdl": "GFDL-1.3",
    "gpl": "GPL",
    "lgpl": "LGPL",
    "lgpl-lr": "LGPLLR",
    "lppl-1.3c": "LPPL-1.3c",
    "ms-pl": "MS-PL",
    "odc-by": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "ofl-1.1": "OFL-1.1",
    "pddl": "PDDL-1.0",
    "postgresql": "PostgreSQL",
    "unlicense": "Unlicense",
    "zlib": "Zlib",
    "deepfloyd-if-license": "DeepFloyd IF License",
    "llama2": "Llama 2 Community License",
    "llama3": "Llama 3 Community License",
    "llama3.1": "Llama 3.1 Community License",
    "llama3.2": "Llama 3.2 Community License",
    "llama3.3": "Llama 3.3 Community License",
    "llama4": "Llama 4 Community License",
    "gemma": "Gemma Terms of Use",
    "apple-ascl": "Apple Sample Code License",
    "apple-amlr": "Apple Machine Learning Research Model License",
    "fair-noncommercial-research-license": "FAIR Noncommercial Research License",
    "openmdw-1.0": "OpenMDW-1.0",
    "h-research": "H Research License",
    "intel-research": "Intel Research Use License",
}
# Ids that are an SPDX id once upper-cased: afl-3.0, agpl-3.0, bsl-1.0, cc0-1.0, cc-by-*, ecl-2.0, epl-*, eupl-1.1,
# gpl-2.0, isc, lgpl-2.1, mpl-2.0, ncsa, osl-3.0, wtfpl.
_UPPER = re.compile(
    r"^(?:afl-[\d.]+|agpl-[\d.]+|bsl-[\d.]+|cc0-1\.0|cc-by(?:-(?:nc|nd|sa))*-[\d.]+|ecl-[\d.]+|epl-[\d.]+|"
    r"eupl-[\d.]+|gpl-[\d.]+|isc|lgpl-[\d.]+|mpl-[\d.]+|ncsa|osl-[\d.]+|wtfpl)$"
)
# "other" points at license_name; "unknown" says nothing.
NOT_A_LICENSE = frozenset({"other", "unknown", ""})

# license_name slugs seen with ``license: other`` whose words do not spell the license's name.
_SLUGS: dict[str, str] = {
    "deepseek": "DeepSeek License",
    "deepseek-license": "DeepSeek License",
    "qwen": "Qwen License",
    "qwen-research": "Qwen Research License",
    "tongyi-qianwen": "Tongyi Qianwen License",
    "tongyi-qianwen-research": "Tongyi Qianwen Research License",
    "modified-mit": "Modified MIT License",
    "mrl": "Mistral Research License",
    "mnpl": "Mistral Non-Production License",
    "nvidia-open-model-license": "NVIDIA Open Model License",
    "nvidia-open-model": "NVIDIA Open Model License",
    "hunyuan-community": "Tencent Hunyuan Community License",
    "tencent-hunyuan-community": "Tencent Hunyuan Community License",
    "exaone": "EXAONE AI Model License",
    "lfm1.0": "LFM Open License v1.0",
    "health-ai-developer-foundations": "Health AI Developer Foundations Terms of Use",
    "flux-1-dev-non-commercial-license": "FLUX.1 [dev] Non-Commercial License",
}
_ACRONYMS = {"ai": "AI", "nvidia": "NVIDIA", "llm": "LLM", "mit": "MIT", "ibm": "IBM", "lg": "LG", "tii": "TII"}
_NAMED = re.compile(r"licen[cs]e|terms|agreement", re.IGNORECASE)

HUB_LICENSES: Mapping[str, str] = MappingProxyType(_IDS)


def hub_license(hub_id: str | None) -> str | None:
    """One hub license id → SPDX id or name ('llama3.1' → 'Llama 3.1 Community License'); None for other/unknown.

    An id the hub does not list is returned as written: it is still the best name we have.
    """
    if hub_id is None:
        return None
    text = hub_id.strip()
    lowered = text.lower()
    if lowered in NOT_A_LICENSE:
        return None
    if lowered in _IDS:
        return _IDS[lowered]
    if _UPPER.match(lowered):
        return lowered.upper()
    return text


def license_name_from_slug(slug: str) -> str | None:
    """A ``license_name`` → the license's name: a hub id, a known slug, or the slug's words ('bigco-community-license'
    → 'Bigco Community License')."""
    text = slug.strip()
    lowered = text.lower()
    if lowered in NOT_A_LICENSE:
        return None
    if lowered in _IDS or _UPPER.match(lowered):
        return hub_license(lowered)
    if lowered in _SLUGS:
        return _SLUGS[lowered]
    if not re.fullmatch(r"[\w.+-]+", text):
        return text  # already a name with spaces ("Acme Model License")
    words = [_ACRONYMS.get(word, word.capitalize()) for word in re.split(r"[-_]+", lowered) if word]
    name = " ".join(words)
    return name if _NAMED.search(name) else f"{name} License"


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
