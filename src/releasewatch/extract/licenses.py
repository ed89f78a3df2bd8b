"""Licenses as announcements, badges and hub tags write them (issue 4, part 3).

The output is an SPDX id where one exists (``Apache-2.0``, ``MIT``, ``CC-BY-NC-4.0``), else the license's own
name (``Llama 3.1 Community License``, ``Gemma Terms of Use``), else None. ``find_licenses`` reads prose,
``normalise_license`` reads one value (a hub id such as ``llama3.1``, a slug, or a name), and
``license_from_hub`` reads a hub listing's ``license`` / ``license_name`` / ``license:*`` tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from releasewatch.extract.cues import cue_starts


class LicenseMention(NamedTuple):
    """A license named in text, where it stands (immutable; a named tuple because every block may make some)."""

    start: int
    end: int
    license: str


MODEL_LICENSE = "Model License"  # what a vendor calls its own custom license ("subject to the Model License")

# The Hugging Face hub's license tables live here and only here; ``releasewatch.hub_licenses`` wraps them.
# Hugging Face license ids (docs/hub/repositories-licenses.md) that are not simply upper-cased SPDX ids.
# Families without one SPDX id ("bsd", "gpl", "cc") keep a short family name.
_HUB_IDS: dict[str, str] = {
    "apache-2.0": "Apache-2.0",
    "mit": "MIT",
    "bsd": "BSD",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd-3-clause": "BSD-3-Clause",
    "bsd-3-clause-clear": "BSD-3-Clause-Clear",
    "cc": "Creative Commons",
    "gpl": "GPL",
    "lgpl": "LGPL",
    "artistic-2.0": "Artistic-2.0",
    "unlicense": "Unlicense",
    "zlib": "Zlib",
    "postgresql": "PostgreSQL",
    "odbl": "ODbL-1.0",
    "odc-by": "ODC-By-1.0",
    "openrail": "OpenRAIL",
    "openrail++": "OpenRAIL++",
    "creativeml-openrail-m": "CreativeML-OpenRAIL-M",
    "bigscience-openrail-m": "BigScience-OpenRAIL-M",
    "bigcode-openrail-m": "BigCode-OpenRAIL-M",
    "bigscience-bloom-rail-1.0": "BigScience-BLOOM-RAIL-1.0",
    "llama2": "Llama 2 Community License",
    "llama3": "Llama 3 Community License",
    "llama3.1": "Llama 3.1 Community License",
    "llama3.2": "Llama 3.2 Community License",
    "llama3.3": "Llama 3.3 Community License",
    "llama4": "Llama 4 Community License",
    "gemma": "Gemma Terms of Use",
    "apple-ascl": "Apple Sample Code License",
    "apple-amlr": "Apple Machine Learning Research Model License",
    "deepfloyd-if-license": "DeepFloyd IF License",
    "fair-noncommercial-research-license": "FAIR Noncommercial Research License",
    "openmdw-1.0": "OpenMDW-1.0",
    "h-research": "H Research License",
    "intel-research": "Intel Research Use License",
    "c-uda": "C-UDA-1.0",
    "cdla-sharing-1.0": "CDLA-Sharing-1.0",
    "cdla-permissive-1.0": "CDLA-Permissive-1.0",
    "cdla-permissive-2.0": "CDLA-Permissive-2.0",
    "etalab-2.0": "etalab-2.0",  # SPDX spells this one in lower case
    "lppl-1.3c": "LPPL-1.3c",
    "ms-pl": "MS-PL",
    "ofl-1.1": "OFL-1.1",
    "ncsa": "NCSA",
    "pddl": "PDDL-1.0",
    "lgpl-lr": "LGPLLR",
    "gfdl": "GFDL-1.3",
}
HUB_IDS: Mapping[str, str] = MappingProxyType(_HUB_IDS)
# Ids that are an SPDX id once upper-cased (afl-3.0, agpl-3.0, cc-by-nc-4.0, gpl-2.0, isc, mpl-2.0, wtfpl, …).
_HUB_UPPER = re.compile(
    r"^(?:cc0-1\.0|cc-by[\w.-]*|[al]?gpl-[\d.]+|gpl|lgpl|mpl-[\d.]+|epl-[\d.]+|ecl-[\d.]+|eupl-[\d.]+|"
    r"afl-[\d.]+|osl-[\d.]+|bsl-[\d.]+|isc|wtfpl|bsd-\d-clause(?:-clear)?)$"
)
_NOT_A_LICENSE = {"other", "unknown", "none", "n/a", "custom", "proprietary", ""}

# Named licenses whose slug (license_name on the hub, with ``license: other``) does not spell the name.
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
_ACRONYMS = {
    "ai": "AI",
    "nvidia": "NVIDIA",
    "llm": "LLM",
    "mit": "MIT",
    "ibm": "IBM",
    "lg": "LG",
    "tii": "TII",
    "exaone": "EXAONE",
}
HUB_SLUGS: Mapping[str, str] = MappingProxyType(_SLUGS)
SLUG_NAMED = re.compile(r"licen[cs]e|terms|agreement", re.IGNORECASE)  # a slug's words that already name a license

_L = r"licen[cs]e"
_AGREEMENT = r"(?:\s+agreement)?"
_I = re.IGNORECASE
_I_NONE = re.NOFLAG

Namer = Callable[[re.Match[str]], str | None]


def _fixed(name: str) -> Namer:
    return lambda _match: name


def _versioned(template: str) -> Namer:
    return lambda match: template.format(match.group(1))


def _cc(match: re.Match[str]) -> str:
    parts = re.findall(r"nc|sa|nd|non-?commercial|share-?alike|no-?deriv\w*", match.group(1), _I)
    codes = [{"n": "NC", "s": "SA"}.get(part[0].lower(), "ND") for part in parts]
    return "-".join(["CC-BY", *codes, match.group(2)])


def _gpl(match: re.Match[str]) -> str:
    prefix = (match.group(1) or "").upper()
    version = match.group(2) if "." in match.group(2) else f"{match.group(2)}.0"
    return f"{prefix}GPL-{version}"


_PATTERNS: tuple[tuple[str, re.Pattern[str], Namer], ...] = (  # (words one of which must occur, …)
    ("modified", re.compile(rf"\bmodified[\s-]+mit(?:[\s-]+{_L})?", _I), _fixed("Modified MIT License")),
    (
        "llama",
        re.compile(rf"\bllama[\s-]*(\d(?:\.\d)?)\s+(?:community\s+)?{_L}{_AGREEMENT}", _I),
        _versioned("Llama {} Community License"),
    ),
    ("gemma", re.compile(rf"\bgemma\s+(?:terms\s+of\s+use|{_L})", _I), _fixed("Gemma Terms of Use")),
    (
        "tongyi",
        re.compile(rf"\btongyi\s+qianwen\s+research\s+{_L}{_AGREEMENT}", _I),
        _fixed("Tongyi Qianwen Research License"),
    ),
    ("tongyi", re.compile(rf"\btongyi\s+qianwen\s+{_L}{_AGREEMENT}", _I), _fixed("Tongyi Qianwen License")),
    ("qwen", re.compile(rf"\bqwen\s+research\s+{_L}{_AGREEMENT}", _I), _fixed("Qwen Research License")),
    ("qwen", re.compile(rf"\bqwen\s+{_L}{_AGREEMENT}", _I), _fixed("Qwen License")),
    ("deepseek", re.compile(rf"\bdeepseek\s+(?:model\s+)?{_L}{_AGREEMENT}", _I), _fixed("DeepSeek License")),
    ("nvidia", re.compile(rf"\bnvidia\s+open\s+model\s+{_L}{_AGREEMENT}", _I), _fixed("NVIDIA Open Model License")),
    (
        "mistral|mrl",
        re.compile(rf"(?i:\bmistral\s+(?:ai\s+)?research\s+{_L})|\bMRL\b"),
        _fixed("Mistral Research License"),
    ),
    (
        "mistral|mnpl",
        re.compile(rf"\bmistral\s+(?:ai\s+)?non-production\s+{_L}|\bMNPL\b", _I),
        _fixed("Mistral Non-Production License"),
    ),
    (
        "grok",
        re.compile(rf"\bgrok[\s-]*(\d(?:\.\d)?)\s+community\s+{_L}{_AGREEMENT}", _I),
        _versioned("Grok {} Community License"),
    ),
    ("creativeml", re.compile(r"\bcreativeml[\s-]+open\s?rail[\s-]?m\b", _I), _fixed("CreativeML-OpenRAIL-M")),
    (
        "bigscience",
        re.compile(r"\bbigscience[\s-]+(?:bloom[\s-]+)?rail[\s-]*1\.0\b", _I),
        _fixed("BigScience-BLOOM-RAIL-1.0"),
    ),
    ("bigscience", re.compile(r"\bbigscience[\s-]+open\s?rail[\s-]?m\b", _I), _fixed("BigScience-OpenRAIL-M")),
    ("bigcode", re.compile(r"\bbigcode[\s-]+open\s?rail[\s-]?m\b", _I), _fixed("BigCode-OpenRAIL-M")),
    ("rail", re.compile(r"\bopen\s?rail\+\+(?:[\s-]?m\b)?", _I), _fixed("OpenRAIL++")),
    ("rail", re.compile(r"\bopen\s?rail[\s-]m\b", _I), _fixed("OpenRAIL-M")),
    ("rail", re.compile(r"\bopen\s?rail\b", _I), _fixed("OpenRAIL")),
    (
        "apache",
        re.compile(
            rf"\bapache(?:[\s_-]+(?:software\s+)?{_L})?[\s,_-]*(?:v(?:ersion)?\.?\s*)?2(?:\.0)?\b"
            rf"|\bapache[\s_-]+{_L}\b",
            _I,
        ),
        _fixed("Apache-2.0"),
    ),
    (
        "mit",
        re.compile(
            r"(?:(?<=under\s)|(?<=under\sthe\s)|(?<=under\sa\s)|(?<=under\san\s))MIT\b"
            rf"|\bMIT(?=[\s-]*(?:{_L}|licensed|LICENSE|License|Licen[cs]e))"
            # a bare "MIT" between list separators: "MiniMax-M2 (230B-A10B). MIT. Agent-focused", "— MIT, open weights"
            r"|(?:(?<=[.,;(·|:–—]\s)|(?<=[.,;(·|:–—])|^)MIT(?=\s*(?:[.,;)·|]|$))"
            # pointed at, as a post's link lines do: "License 👉 [MIT](…/LICENSE)", "License → MIT"
            # (an arrow's emoji form carries U+FE0F; "👉 MIT CSAIL" is the institute)
            # (the lookbehinds after the literal, so most positions fail on its first letter)
            r"|MIT(?:(?<=[→➡⇒👉]MIT)|(?<=[→➡⇒👉]\sMIT)|(?<=[→➡⇒👉]\ufe0fMIT)|(?<=[→➡⇒👉]\ufe0f\sMIT)"
            r"|(?<=[→➡⇒👉]\s\[MIT))\b(?!\s+[A-Z])",
            _I_NONE,
        ),
        _fixed("MIT"),
    ),
    ("bsd", re.compile(r"\bBSD[\s-]*(\d)[\s-]*clause(?:[\s-]+clear)?\b", _I), _versioned("BSD-{}-Clause")),
    ("cc", re.compile(r"\bCC[\s-]*BY((?:[\s-]*(?:NC|SA|ND)\b)*)[\s-]*(\d\.\d)", _I), _cc),
    (
        "creative",
        re.compile(
            r"\bcreative\s+commons\s+attribution((?:[\s-]+(?:non-?commercial|share-?alike|no-?deriv\w*))*)"
            r"(?:\s+international)?\s*(\d\.\d)",
            _I,
        ),
        _cc,
    ),
    ("cc0", re.compile(r"\bCC0(?:[\s-]*1\.0)?\b", _I), _fixed("CC0-1.0")),
    ("gpl", re.compile(r"\b(A|L)?GPL[\s-]*v?(\d(?:\.\d)?)\b"), _gpl),
    ("mpl", re.compile(r"\bMPL[\s-]*(?:v\s*)?2(?:\.0)?\b"), _fixed("MPL-2.0")),
    # "the Business Source License 1.1 (BUSL-1.1)" (Moondream 3's weights)
    (
        "busl|business",
        re.compile(rf"\b(?:business\s+source\s+{_L}|BUSL)[\s-]*(?:v(?:ersion)?\s*)?1\.1\b", _I),
        _fixed("BUSL-1.1"),
    ),
)

_STOP = {
    "the",
    "this",
    "our",
    "a",
    "an",
    "under",
    "see",
    "its",
    "their",
    "released",
    "licensed",
    "read",
    "view",
    "full",
    "and",
    "or",
    "of",
    "by",
    "with",
    "same",
    "new",
    "custom",
    "permissive",
    "your",
    "any",
}
_GENERIC = {
    "model",
    "models",
    "open",
    "community",
    "software",
    "research",
    "commercial",
    "non-commercial",
    "source",
    "public",
    "use",
    "weights",
    "code",
    "license",
    "licence",
    "ai",
}
_NAMED = re.compile(r"\b(Licen[cs]e|[Tt]erms\s+of\s+[Uu]se)(?:\s+Agreement)?\b")
# "Research and Development Model License": a small word may join two runs of capitalised words inside a name
_JOINERS = frozenset(("and", "of", "for", "&"))
_NAMED_WORDS = 10
_LABEL_AFTER = re.compile(r"\s*[:=]")
# (a bare number is not taken: the labels name "the EXAONE AI Model License 1.1" the EXAONE AI Model License)
_VERSION_AFTER = re.compile(r"\s((?:v|[Vv]ersion\s)\d+(?:\.\d+)*)\b")
_VERSION_OPENS = frozenset("vV")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.+&'-]*|\d+(?:\.\d+)?[BMK]?|AI)$")
# "a permissive Apache 2.0-based license": a license built on another is not that one
_BASED_ON = re.compile(r"-?\s?(?:based|derived|inspired|like|style)\b")
_PREFILTER = cue_starts(  # over lowered text: IGNORECASE is slow
    r"licen[cs]",
    r"terms\s+of\s+use",
    r"apache",
    r"mit\b",
    r"cc[\s-]*by",
    r"cc0",
    r"creative\s+commons",
    r"rail",
    r"openrail",
    r"bigscience",
    r"bigcode",
    r"creativeml",
    r"bsd",
    r"gpl",
    r"agpl",
    r"lgpl",
    r"mpl\b",
    r"mrl\b",
    r"mnpl\b",
    r"modified",
    r"busl",
    r"business\s+source",
    end="",
)
_KEY_VALUE = re.compile(r"\blicen[cs]e\s*[:=]\s*([A-Za-z][\w.+-]*)", _I)


def has_license_words(lowered: str) -> bool:
    """A cheap test on lower-cased text: could it name a license at all?"""
    return _PREFILTER.search(lowered)


def license_word_starts(lowered: str) -> list[int]:
    """Where ``has_license_words`` finds a word that may open a license's name, in order."""
    return [start for start, _end in _PREFILTER.spans(lowered)]


def find_licenses(text: str, *, checked: bool = False) -> list[LicenseMention]:
    """Every license named in ``text``, in order, without overlaps (the first, longest match wins).
    ``checked``: the caller already knows ``has_license_words`` is true."""
    if not checked and not has_license_words(text.lower()):
        return []
    kept = _without_overlaps([*_known(text), *(_key_values(text) if ":" in text or "=" in text else [])])
    named = [m for m in _named(text) if not any(m.start < k.end and m.end > k.start for k in kept)]
    return sorted([*kept, *_without_overlaps(named)], key=lambda mention: mention.start)


_GATED = tuple((frozenset(words.split("|")), pattern, namer) for words, pattern, namer in _PATTERNS)
_GATE_WORDS = re.compile("|".join(sorted({word for words, _, _ in _GATED for word in words}, key=len, reverse=True)))


# For each gate word, the patterns it opens (by their place in ``_GATED``).
_GATED_BY_WORD = {
    word: [index for index, (words, _, _) in enumerate(_GATED) if word in words]
    for words, _, _ in _GATED
    for word in words
}


# Every pattern's match opens at most this many characters before one of its words ("open rail", "AGPL"):
# in ASCII text (where lower-casing keeps positions and no other character folds to an ASCII letter) a
# pattern is searched from there, not from the start of a long license section.
_LEAD = 8


def _known(text: str) -> list[LicenseMention]:
    found = []
    lowered = text.lower()
    present = set(_GATE_WORDS.findall(lowered))  # one pass finds which patterns can match at all
    ascii_text = text.isascii()
    # the patterns those words open, in their order in ``_PATTERNS``
    for index in sorted({i for word in present for i in _GATED_BY_WORD[word]}):
        words, pattern, namer = _GATED[index]
        start = max(0, min(lowered.find(word) for word in words if word in present) - _LEAD) if ascii_text else 0
        for match in pattern.finditer(text, start):
            name = namer(match)
            if name and not _BASED_ON.match(text, match.end()):
                found.append(LicenseMention(match.start(), match.end(), name))
    return found


def _key_values(text: str) -> list[LicenseMention]:
    found = []
    for match in _KEY_VALUE.finditer(text):
        name = hub_id_license(match.group(1))
        if name:
            found.append(LicenseMention(match.start(1), match.end(1), name))
    return found


def _named(text: str) -> list[LicenseMention]:
    """ "the Tencent Hunyuan Community License Agreement": up to six capitalised words before "License"."""
    found: list[LicenseMention] = []
    if "Licen" not in text and "Terms" not in text and "terms of use" not in text:
        return found  # (``_NAMED`` is case-sensitive: the cheap test first)
    for match in _NAMED.finditer(text):
        if _LABEL_AFTER.match(text, match.end()):
            continue  # "Inference Endpoints License: cc-by-nc-4.0": a label (after a hub's tags), the value follows
        words = _name_words(text[max(0, match.start() - 120) : match.start()].split()[-_NAMED_WORDS:])
        if match.group(1)[0] == "t" and len(words) < 2:
            continue  # "our terms of use": the lower-case phrase is a name only after a run of capitalised words
        name = _clean_name(words, match.group(1))
        if name:
            start = text.rfind(words[0], 0, match.start()) if words else match.start()
            end = match.end()
            version = _VERSION_AFTER.match(text, end) if text[end + 1 : end + 2] in _VERSION_OPENS else None
            if version and not name.endswith("Terms of Use"):  # "the LFM Open License v1.0": that version's name
                name, end = f"{name} {version.group(1)}", version.end()
            found.append(LicenseMention(start, end, name))
    return found


def _name_words(words: list[str]) -> list[str]:
    """The run of name words that ends before "License": capitalised words, possibly joined by "and"/"of"."""
    end = len(words)
    start = end
    while start > 0:
        word = words[start - 1]
        if not (_NAME_WORD.match(word) or (word in _JOINERS and _joinable(words, start, end))):
            break
        start -= 1
    while start < end and words[start] in _JOINERS:
        start += 1
    return words[start:end]


def _joinable(words: list[str], after: int, end: int) -> bool:
    """ "Research and Development Model": two capitalised words on each side; "MIT and Apache" is two licenses."""
    return end - after >= 2 and after >= 3 and all(_NAME_WORD.match(word) for word in words[after - 3 : after - 1])


def _clean_name(words: list[str], kind: str) -> str | None:
    while words and words[0].lower() in _STOP:
        words = words[1:]
    if [word.lower() for word in words] == ["model"]:
        return MODEL_LICENSE  # "the Model License": the vendor's own; the caller knows the vendor
    if not words or all(word.lower() in _GENERIC for word in words):
        return None
    suffix = "Terms of Use" if kind.lower().startswith("terms") else "License"
    return " ".join([*words, suffix])


def _without_overlaps(found: list[LicenseMention]) -> list[LicenseMention]:
    kept: list[LicenseMention] = []
    for mention in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def normalise_license(value: str | None) -> str | None:
    """One license value → SPDX id or name: 'apache-2.0' → 'Apache-2.0', 'llama3.1' → 'Llama 3.1 Community
    License', 'Apache License 2.0' → 'Apache-2.0', 'modified-mit' → 'Modified MIT License'; 'other' → None."""
    if value is None or value.strip().lower() in _NOT_A_LICENSE:
        return None
    text = value.strip()
    hub = hub_id_license(text) or _SLUGS.get(text.lower())
    if hub:
        return hub
    found = find_licenses(text)
    if found:
        return found[0].license
    return _from_slug(text) if re.fullmatch(r"[\w.+-]+", text) else text


def hub_id_license(value: str) -> str | None:
    """A hub license id → SPDX id or name ('llama3.1' → 'Llama 3.1 Community License'); None if the hub does not
    list it (nor the upper-cased SPDX form)."""
    lowered = value.lower()
    if lowered in _HUB_IDS:
        return _HUB_IDS[lowered]
    if _HUB_UPPER.match(lowered):
        return lowered.upper().replace("-CLAUSE", "-Clause").replace("-CLEAR", "-Clear")
    return None


def _from_slug(slug: str) -> str:
    """'bigco-community-license' → 'Bigco Community License' (a name is better than nothing)."""
    text = slug_words(slug)
    found = find_licenses(text)
    if found:
        return found[0].license
    if not SLUG_NAMED.search(text):
        text += " License"
    return re.sub(r"\s+Agreement$", "", text)


def slug_words(slug: str) -> str:
    """A slug's words, capitalised: 'bigco-nvidia-model' → 'Bigco NVIDIA Model'."""
    return " ".join(_ACRONYMS.get(word, word.capitalize()) for word in re.split(r"[-_\s]+", slug.lower()) if word)


def license_from_hub(
    license: str | Iterable[str] | None = None, license_name: str | None = None, tags: Iterable[str] = ()
) -> str | None:
    """A hub listing's license: ``cardData.license`` (a string or a list), then ``license_name`` when that is
    'other', then the ``license:*`` tag (hub-api notes, section 3)."""
    values = [license] if isinstance(license, str) or license is None else list(license)
    values += [tag.split(":", 1)[1] for tag in tags if tag.startswith("license:")]
    for value in values:
        name = normalise_license(value)
        if name:
            return name
    return normalise_license(license_name) if license_name else None
