"""Parameter counts as announcements write them (issue 4, part 2).

``parse_count`` reads one count ("397B", "1.6 trillion", "1,000B"); ``size_in_name`` reads the size a model
name carries ("Qwen3-235B-A22B", "Mixtral-8x7B", "Llama-4-Scout-17B-16E"); ``find_params`` finds the counts a
sentence states and rejects the numbers that only look like them: context lengths, training tokens, money,
GPU hours, users and downloads. Pure functions over strings; every regex is compiled once at import.
"""

from __future__ import annotations

import re
from enum import IntEnum
from functools import lru_cache
from typing import NamedTuple


class Strength(IntEnum):
    """How much a count is worth when sources disagree (higher wins; issue 4, part 5)."""

    ESTIMATE = 0  # derived, e.g. 8x7B → 56B
    BARE = 1  # "397B" with nothing saying it counts parameters
    NAME = 2  # the size a model's name carries ("Qwen3-32B")
    STATED = 3  # "671B total parameters", "Parameters: 32.8B"
    TABLE = 4  # a "#Total Params" table cell
    FACTS = 5  # a hub's structured count


class ParamClaim(NamedTuple):
    """One count found in text: total and/or active parameters, with where and how it was written. (A named
    tuple rather than a frozen dataclass: as immutable, and much cheaper to build in the per-sentence loop.)"""

    start: int
    end: int
    total: int | None
    active: int | None
    notation: str
    strength: Strength


# Where a count may start: a number and a unit, the unit letter ending the word ("7B", "1.6T") or a unit word
# ("7 billion", "7-billion") — not "2 models" or "10 times", which the sentences of a document are full of.
_DIGIT = re.compile(r"\d[\d.,]*(?:[KMBTkmbt](?![A-Za-z0-9])|\s?-?\s?(?:[Tt]housand|[Mm]illion|[Bb]illion|[Tt]rillion))")
_UNITS = {"k": 10**3, "m": 10**6, "b": 10**9, "t": 10**12}
_WORD_UNITS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_COUNT_TEXT = re.compile(
    rf"^\s*(?P<num>{_NUM})\s*(?:(?P<unit>[KMBT])|-?(?P<word>thousand|million|billion|trillion))?\s*$",
    re.IGNORECASE,
)


def parse_count(text: str) -> int | None:
    """'397B' → 397_000_000_000; '1.6 trillion' → 1_600_000_000_000; '500M'; '1,000B'; None if not a count."""
    match = _COUNT_TEXT.match(text)
    if not match:
        return None
    unit = match.group("unit")
    word = match.group("word")
    scale = _UNITS[unit.lower()] if unit else _WORD_UNITS[word.lower()] if word else 1
    return _scaled(match.group("num"), scale)


_SPELLED = re.compile(r"^(?P<num>[\d.,]+)\s?-?\s?(?P<word>thousand|million|billion|trillion)$", re.IGNORECASE)


def compact(notation: str) -> str:
    """A spelled-out count as model names write it: "9 billion" → "9B", "1.5 trillion" → "1.5T"."""
    match = _SPELLED.match(notation)
    if match is None:
        return notation
    return match.group("num").replace(",", "") + match.group("word")[0].upper()


def _scaled(number: str, scale: int) -> int:
    return round(float(number.replace(",", "")) * scale)


# --- sizes inside model names ------------------------------------------------------------------------------

_UNDERSCORE_DECIMAL = re.compile(r"(?<=[-_])(\d+)_(\d)(?=[BbMm](?![a-z]))")
_ACTIVE_TOTAL = re.compile(r"(?<![A-Za-z0-9.])(\d+(?:\.\d+)?)([BbMm])-(\d+(?:\.\d+)?)([BbTt])(?![A-Za-z0-9])")
_NAME_SIZE = re.compile(
    r"(?<![A-Za-z0-9.])"
    r"(?:(?P<experts>\d{1,3})\s?[x×]\s?(?P<expert>\d+(?:\.\d+)?)(?P<eunit>[BbMm])"
    r"|(?P<total>\d+(?:\.\d+)?)(?P<tunit>[BbMmTt])(?:[-_ ]?[Aa](?P<active>\d+(?:\.\d+)?)(?P<aunit>[BbMm]))?"
    r"(?:[-_](?P<nexperts>\d{1,3})[Ee])?"
    r"|[Aa](?P<aonly>\d+(?:\.\d+)?)(?P<aounit>[BbMm]))"
    r"(?![A-Za-z0-9])"
)


@lru_cache(maxsize=4096)
def size_in_name(name: str) -> ParamClaim | None:
    """The size a name states: '235B-A22B' (total, active), '8x7B' (an estimate), 'A3B', '17B-16E' (active),
    'OLMoE-1B-7B' (active, then total), 'OpenELM-1_1B' (1.1B)."""
    name = _UNDERSCORE_DECIMAL.sub(r"\1.\2", name)
    pair = _ACTIVE_TOTAL.search(name)
    if pair:
        active, total = (_scaled(pair.group(n), _UNITS[pair.group(n + 1).lower()]) for n in (1, 3))
        if active < total:
            return ParamClaim(pair.start(), pair.end(), total, active, pair.group(0), Strength.NAME)
    for match in _NAME_SIZE.finditer(name):
        claim = _name_claim(match)
        if claim is not None:
            return claim
    return None


def _name_claim(match: re.Match[str]) -> ParamClaim | None:
    groups = match.groupdict()
    if groups["experts"]:
        total = int(groups["experts"]) * _scaled(groups["expert"], _UNITS[groups["eunit"].lower()])
        return _at(match, total, None, Strength.ESTIMATE)
    if groups["aonly"]:
        return _at(match, None, _scaled(groups["aonly"], _UNITS[groups["aounit"].lower()]), Strength.NAME)
    count = _scaled(groups["total"], _UNITS[groups["tunit"].lower()])
    if groups["nexperts"] and not groups["active"]:
        # Llama 4 style "17B-16E": the size is the active count, the suffix the number of experts.
        return _at(match, None, count, Strength.NAME)
    active = _scaled(groups["active"], _UNITS[groups["aunit"].lower()]) if groups["active"] else None
    if count < 10**7 or (groups["tunit"] in "mM" and count < 10**8 and active is None and count % 10**6):
        return None
    return _at(match, count, active, Strength.NAME)


def _at(match: re.Match[str], total: int | None, active: int | None, strength: Strength) -> ParamClaim:
    return ParamClaim(match.start(), match.end(), total, active, match.group(0), strength)


# --- counts in sentences ------------------------------------------------------------------------------------

# Each pattern starts with a digit and only then looks behind it ("\d(?<![\w.]\d)" rather than
# "(?<![\w.])\d"): a leading digit lets the regex engine skip ahead to the next digit, several times faster.
_LEAD_NUM = r"\d(?<![\w.,$€£¥-]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"
_LEAD_DEC = r"\d(?<![\w.]\d)\d*(?:\.\d+)?"
_COUNT = re.compile(
    rf"(?P<num>{_LEAD_NUM})"
    r"(?:(?P<unit>[KMBTkmbt])(?![A-Za-z0-9])|\s?-?\s?(?P<word>[Tt]housand|[Mm]illion|[Bb]illion|[Tt]rillion)\b)"
)
_PAIR = re.compile(
    rf"(?P<total>{_LEAD_DEC})(?P<tunit>[BTbt])[-_ ]A(?P<active>\d+(?:\.\d+)?)(?P<aunit>[BMbm])(?![A-Za-z0-9])"
)
_SLASH = re.compile(
    rf"(?P<total>{_LEAD_NUM})(?P<tunit>[BTbt])\s?/\s?(?P<active>{_NUM})(?P<aunit>[BMbm])(?![A-Za-z0-9])"
)
_MOE = re.compile(
    r"(?P<experts>\d(?<![\w.]\d)\d{0,2})\s?[x×]\s?(?P<expert>\d+(?:\.\d+)?)(?P<unit>[BbMm])(?![A-Za-z0-9])"
)

_PARAM_WORD = re.compile(r"^(?:[\s-]*(?:total|activated|active|dense|sparse|model|moe|mixture-of-experts))*[\s-]*param")
_AFTER_ACTIVE = re.compile(r"^[\s-]*(?:\w+[\s-]+){0,1}(?:activated|active|activating)\b")
_ROLE_AFTER = re.compile(r"^[\s-]*(?:(?:are|is)\s+)?(?:total|activated|active)\b(?![\s-]*(?:tokens?|context|users))")
_AFTER_TOTAL = re.compile(r"^[\s-]*total\b")
_AFTER_NON_EMBEDDING = re.compile(r"^[\s-]*(?:\(?\s*non-?embedding|non-?embedding)")
_REJECT_AFTER = re.compile(
    r"^[\s-]*(?:[\w-]+[\s-]+){0,2}?(?:tokens?|context|ctx|window|words|characters|images|pairs|samples|examples|"
    r"instructions|hours|gpus?|h100s?|h800s?|h20s?|a100s?|chips|users|people|downloads|dollars|usd|yuan|rmb|euros?|"
    r"queries|requests|calls|steps|flops|bytes|times|rows|pages|lines|documents|videos|clips|frames|"
    r"views|stars|followers|subscribers|customers|developers|monthly|weekly|daily|valuation|revenue|funding|"
    r"round|investment|budget|deal|contract|seconds|minutes|ms|dataset|trajectories|problems|tasks|prompts|"
    r"conversations|utterances|languages|sentences|vocab|vocabulary|gb|mb|tb)\b"
)  # (matched against lower-cased text: an IGNORECASE alternation this long is several times slower)
_MONEY_SIGNS = ("$", "€", "£", "¥")
_REJECT_BEFORE_PHRASES = frozenset(
    phrase.replace("-", " ")
    for phrase in [
        "usd",
        "us$",
        "rmb",
        "cny",
        "eur",
        "raised",
        "raising",
        "worth",
        "spent",
        "spend",
        "cost",
        "costs",
        "costing",
        "invested",
        "investing",
        "trained-on",
        "pretrained-on",
        "pre-trained-on",
        "training-on",
        "corpus-of",
        "context",
        "context-of",
        "context-length",
        "context-length-of",
        "context-window",
        "context-window-of",
        "context-size",
        "window-of",
        "valued-at",
        "valuation-of",
        "revenue-of",
        "budget-of",
        "investment-of",
    ]
)
_BEFORE_ACTIVE = re.compile(
    r"(?:activat\w*\s+(?:only\s+)?(?:about\s+|approximately\s+|~)?|activ\w*\s+param\w*\s*(?:[:=]|of|is)?\s*)$",
    re.IGNORECASE,
)
_BEFORE_PARAM = re.compile(
    r"(?:param(?:eter)?s?|param(?:eter)?\s+count|size)\s*(?:\((?P<paren>[^)]{0,40})\)\s*)?(?:[:=]|of|is|are|out\s+of)\s*$",
    re.IGNORECASE,
)
_BEFORE_TOTAL = re.compile(r"total(?:\s+of)?\s*$|total\s+param(?:eter)?s?\s*(?:[:=]|of|is)?\s*$", re.IGNORECASE)


def find_params(text: str, skip: tuple[tuple[int, int], ...] = ()) -> list[ParamClaim]:
    """Every parameter count stated in ``text`` outside the ``skip`` spans (model names, whose size is read
    by ``size_in_name``), in order. Numbers that are context, tokens, money or the like are left out."""
    first = _first_number(text, skip)
    if first is None:
        return _written_out(text, skip)
    claims = [*_pairs(text, skip, first), *_moe(text, skip)]
    taken = tuple((claim.start, claim.end) for claim in claims) + skip
    for match in _COUNT.finditer(text, first):
        if _inside(match.start(), match.end(), taken):
            continue
        claim = _count_claim(text, match)
        if claim is not None:
            claims.append(claim)
    claims += _written_out(text, taken)
    return sorted(claims, key=_start) if len(claims) > 1 else claims


# "an instructed model with 7,285,403,648 parameters": a card's exact count, every digit written out
_WRITTEN_OUT = re.compile(r"\d(?<![\w.,$€£¥-]\d)\d{0,2}(?:,\d{3}){2,}(?=\s*(?:total\s+)?[Pp]aram)")


def _written_out(text: str, taken: tuple[tuple[int, int], ...]) -> list[ParamClaim]:
    if "aram" not in text or "," not in text:
        return []
    return [
        ParamClaim(m.start(), m.end(), count, None, m.group(0), Strength.STATED)
        for m in _WRITTEN_OUT.finditer(text)
        if not _inside(m.start(), m.end(), taken) and (count := int(m.group(0).replace(",", ""))) >= 10**7
    ]


def _start(claim: ParamClaim) -> int:
    return claim.start


def _first_number(text: str, skip: tuple[tuple[int, int], ...]) -> int | None:
    """Where the first count outside ``skip`` could start, or None when none can. Every count and pair opens
    with a number and a unit, as ``_DIGIT`` does, so none starts before the first place ``_DIGIT`` matches
    outside the names (a count that starts inside a name is the name's). "8x7B" does not open so, but its "7B"
    does: ``_moe`` still reads the whole text, and only when this finds a place."""
    position = 0
    while (number := _DIGIT.search(text, position)) is not None:
        start = number.start()
        name_end = _name_end(start, skip)
        if name_end is None:
            return start
        position = name_end
    return None


def _name_end(position: int, skip: tuple[tuple[int, int], ...]) -> int | None:
    """The end of the ``skip`` span ``position`` lies in, if any."""
    for begin, end in skip:
        if begin <= position < end:
            return end
    return None


def _inside(start: int, end: int, spans: tuple[tuple[int, int], ...]) -> bool:
    # (a loop, not ``any`` over a generator: called for every count and pair, usually with a span or two)
    for span_start, span_end in spans:  # noqa: SIM110
        if start < span_end and end > span_start:
            return True
    return False


def _pairs(text: str, skip: tuple[tuple[int, int], ...], start: int = 0) -> list[ParamClaim]:
    """ "235B-A22B" and "1T/32B": a total and an active count in one span (none starts before ``start``)."""
    claims = []
    for pattern, mark in ((_PAIR, "A"), (_SLASH, "/")):
        if mark not in text:
            continue
        for match in pattern.finditer(text, start):
            if _inside(match.start(), match.end(), skip):
                continue
            total = _scaled(match.group("total"), _UNITS[match.group("tunit").lower()])
            active = _scaled(match.group("active"), _UNITS[match.group("aunit").lower()])
            if active < total:
                claims.append(ParamClaim(match.start(), match.end(), total, active, match.group(0), Strength.STATED))
    return claims


def _moe(text: str, skip: tuple[tuple[int, int], ...]) -> list[ParamClaim]:
    claims: list[ParamClaim] = []
    if "x" not in text and "×" not in text:
        return claims
    for match in _MOE.finditer(text):
        if _inside(match.start(), match.end(), skip):
            continue
        expert = _scaled(match.group("expert"), _UNITS[match.group("unit").lower()])
        total = int(match.group("experts")) * expert
        claims.append(ParamClaim(match.start(), match.end(), total, None, match.group(0), Strength.ESTIMATE))
    return claims


def _count_claim(text: str, match: re.Match[str]) -> ParamClaim | None:
    unit, word = match.group("unit"), match.group("word")
    scale = _UNITS[unit.lower()] if unit else _WORD_UNITS[word.lower()]
    count = _scaled(match.group("num"), scale)
    if count < 10**7:
        return None  # "128K", "2M": no model that small is announced (and cheap to rule out first)
    after = text[match.end() : match.end() + 48]
    before = text[max(0, match.start() - 40) : match.start()]
    lowered = after.lower()
    param = _PARAM_WORD.match(lowered)
    stripped = before.rstrip()
    words = stripped.lower().replace("(", " ").split()[-3:]  # the last words before the count
    if _bounded(stripped, words):
        return None
    if not param and _rejected_before(stripped, words):
        return None
    # (in one expression: a count followed by "parameters", most of them, needs neither the role nor the list read)
    stated = (
        param is not None
        or bool(_says_role(lowered) and _ROLE_AFTER.match(lowered))
        or (word is not None and _LISTED_BEFORE_PARAM.match(lowered) is not None)  # "9 billion and 27 billion param…"
        or _stated_before(before)
    )
    if stated is None:
        return None
    if not stated and (word or unit in ("K", "k", "t", "m") or _REJECT_AFTER.match(lowered)):
        return None
    if _says_component(before) and _COMPONENT_BEFORE.search(before, max(0, len(before) - 24)):
        return None  # a part's size: "One ViT of ~675M params"
    if param and _COMPONENT_AFTER.match(lowered):
        return None
    if "(" in before[-10:] and _COMPONENT_NAMED.search(before):
        return None
    return _claim_from(match, count, lowered, before, stated)


def _says_role(lowered: str) -> bool:
    """Whether the lower-cased text after a count has a word ``_ROLE_AFTER``, ``_AFTER_TOTAL``, ``_ACTIVE_NOW`` or
    ``_AFTER_ACTIVE`` needs (those patterns are case-sensitive, so a substring test rules them out exactly)."""
    return "activ" in lowered or "total" in lowered


# "two sizes, 9 billion and 27 billion parameters": the word "parameters" after the last of a list of spelled-out
# counts speaks for each of them (read in the lower-cased text after a count)
_LISTED_BEFORE_PARAM = re.compile(
    r"(?:\s*(?:,|/|&)?\s*(?:and|or)?\s*(?:\*\*)?\d[\d.,]*\s?-?\s?(?:thousand|million|billion|trillion)(?:\*\*)?)+"
    r"[\s-]*param"
)
# "One ViT of ~675M params is shared across all sizes", "a vision encoder with 400M parameters": a part's size
_COMPONENT_BEFORE = re.compile(
    r"\b(?:vit|encoder|tower|adapter|projector|embeddings?|draft\s+model)\s+(?:(?:of|with|has|is|at|adds)\s+)?"
    r"(?:about\s+|roughly\s+|only\s+|~\s?)?$",
    re.IGNORECASE,
)
# "a 303-million-parameter Vision Transformer", "a 400M-parameter vision encoder": the part named after the count
_COMPONENT_AFTER = re.compile(
    r"[\s-]*param(?:eter)?s?[\s-]+(?:[\w-]+\s+)?(?:vit|vision\s+transformer|encoder|tower|adapter|projector|"
    r"draft\s+model)\b"
)
# "its visual encoder, MoonViT (about 400M parameters)": the part's name, then its size in brackets
_COMPONENT_NAMED = re.compile(
    r"\b(?:vit|encoder|tower|adapter|projector)\b[^.;()]{0,30}\(\s*(?:about\s+|roughly\s+|~\s?)?$", re.IGNORECASE
)
_COMPONENT_WORDS = ("vit", "encoder", "tower", "adapter", "projector", "embedding", "draft")


def _says_component(before: str) -> bool:
    """Whether ``_COMPONENT_BEFORE`` could match in the last 24 characters of ``before``: one of its part words
    is there (a cheap test first: most counts follow no part's name)."""
    return _may_say(before[-24:], *_COMPONENT_WORDS)


_BOUNDS = frozenset(("under", "below", "than", "up to", "at most", "at least"))
_BETWEEN = re.compile(r"\bbetween\s+(?:~?[\d.,]+\s*[kmbt]?\s+and)?$")


def _bounded(stripped: str, words: list[str]) -> bool:
    """A bound or a range, not a count: "the first model under 10B parameters", "more than 70B", "sub-10B",
    "activates between 18.6B and 31.3B parameters per token", "from 0.3B to 424B". ``stripped`` is the text
    before the count without trailing space, ``words`` its last words, lower-cased."""
    if not words:
        return False
    if words[-1] in _BOUNDS or " ".join(words[-2:]) in _BOUNDS or words[-1].endswith("sub-"):
        return True
    if words[-1] == "from" or (words[-1] == "to" and "from " in stripped.lower()):
        return True  # "ten models from 0.3B dense to 424B MoE"
    if "between" in words[-1]:
        return True
    return len(words) > 2 and "between" in words[-3] and _BETWEEN.search(" ".join(words)) is not None


def _rejected_before(stripped: str, words: list[str]) -> bool:
    """Money ("$600 billion", "raised 2B"), training data ("trained on 15T") or context ("context of 1M")."""
    if stripped.endswith(_MONEY_SIGNS):
        return True
    return any(" ".join(words[-n:]) in _REJECT_BEFORE_PHRASES for n in range(1, len(words) + 1))


def _stated_before(before: str) -> bool | None:
    """True when the text before says "parameters:"; None when it says non-embedding (not the total)."""
    if not _may_say(before, "param", "size"):
        return False
    param = _BEFORE_PARAM.search(before)
    if param is None:
        return False
    paren = (param.group("paren") or "").lower()
    return None if "non-embedding" in paren or "non embedding" in paren else True


def _claim_from(match: re.Match[str], count: int, lowered: str, before: str, stated: bool) -> ParamClaim | None:
    """``lowered`` is the lower-cased text after the count."""
    if "embedding" in lowered and _AFTER_NON_EMBEDDING.match(lowered):
        return None
    strength = Strength.STATED if stated else Strength.BARE
    if _is_active(lowered, before):
        return ParamClaim(match.start(), match.end(), None, count, match.group(0), strength)
    return ParamClaim(match.start(), match.end(), count, None, match.group(0), strength)


_PARAM_NOUN = re.compile(r"^[\s-]*(?:total\s+)?param(?:eter)?s?\b")
# "37B activated", "of which 21B are activated for each token"
_ACTIVE_NOW = re.compile(r"^[\s-]*(?:(?:are|is|get|gets|being)\s+)?(?:activated|active)\b")
_PER_TOKEN = re.compile(r"^[\s-]*(?:are\s+)?(?:used\s+|activated\s+)?(?:per|for\s+each|each)\s+(?:token|forward)")


def _is_active(lowered: str, before: str) -> bool:
    """ "37B activated", "activating 32B", "Activated Parameters: 32B"; "671B total" is not active. ``lowered``
    is the lower-cased text after the count."""
    # (the patterns after the count are case-sensitive and each needs one of these words: most counts, "8B
    # parameters", have none, and skip four regex calls)
    if _says_role(lowered) or "token" in lowered or "forward" in lowered:
        if _AFTER_TOTAL.match(lowered):
            return False
        param = _PARAM_NOUN.match(lowered)
        rest = lowered[param.end() :] if param else lowered
        if _ACTIVE_NOW.match(lowered) or (param and (_AFTER_ACTIVE.match(rest) or _PER_TOKEN.match(rest))):
            return True
    if _may_say(before, "total") and _BEFORE_TOTAL.search(before):
        return False
    return _may_say(before, "activ") and _BEFORE_ACTIVE.search(before) is not None


def _may_say(text: str, *words: str) -> bool:
    """Whether a case-insensitive pattern that needs one of ``words`` could match ``text``: a cheap test before
    searching it. (Only ASCII text is ruled out: under IGNORECASE "ſ" is an "s", "ı" an "i", "K" a "k".)"""
    if not text.isascii():
        return True
    lowered = text.lower()
    # (a loop, not ``any`` over a generator: this runs for nearly every count)
    for word in words:  # noqa: SIM110
        if word in lowered:
            return True
    return False
