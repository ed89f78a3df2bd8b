"""Where names, counts and cues stand in a sentence, and what that makes of them (issue 4): the nearest name
a count belongs to, the clauses a cue speaks for, a size list and the family it sizes, a name that is a kind of
model ("a 70B Llama") rather than a release. Functions over a sentence and the names placed in it, pure but
for ``list_peers``, which records the peers on the candidates; the ``Collector`` (``collect``) decides what to
credit.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from releasewatch.extract.names import NameMatch
from releasewatch.extract.params import ParamClaim, Strength

if TYPE_CHECKING:
    from releasewatch.extract.collect import Candidate, Placed

LIST_GAP = re.compile(r"\s*(?:,|/|&)?\s*(?:and|or)?\s*$")
_SIZE_GAP = re.compile(r"[\s-]*(?:param(?:eter)?s?)?[\s-]*$", re.I)
_PAREN_GAP = re.compile(r"\s*\(\s*~?\s*$")
HEAD_JOIN = re.compile(r"\s*(?:,|&|/|and|or)\s*(?:and\s+)?")


# "can train a 1.8-trillion-parameter GPT-MoE", "runs a 70B Llama on a laptop": a name after "a"/"an" (and a
# size at most) is a kind of model, not the release of one (a release is "Qwen3, a 235B model" or "our 14B Phi-4");
# ``generic_instance`` also takes an API identifier for the model it names (``_ALIAS``) as no release of its own.
_INSTANCE = re.compile(
    r"(?<![\w-])an?\s+(?:[\d.,]+[\s-]*(?:[bmt]|billion|trillion|million)(?:[\s-]*param(?:eter)?s?)?[\s-]*)?$"
)


# "the API (model name qwen-max-2025-01-25)": the identifier a model is served under, not another model
_ALIAS = re.compile(r"(?:model|api)[\s_-]+(?:name|id|identifier|string)\s*[:=]?\s*[`'\"]?$")


def generic_instance(low: str, start: int) -> bool:
    """The name at ``start`` of the lower-cased sentence names a kind of model or an API identifier, not a release."""
    if start < 2 or low[start - 1] not in " -:`'\"":
        return False
    before = low[max(0, start - 40) : start]  # (the patterns are searched only where their words occur: cheaper)
    article = ("a " in before or "an " in before) and _INSTANCE.search(before) is not None
    return article or (("model" in before or "api" in before) and _ALIAS.search(before) is not None)


def nearest(placed: list[Placed], claim: ParamClaim) -> Candidate | None:
    """The model a count belongs to: the nearest name before it, else the first after it. A bare count
    ("(397B)") must sit right next to its name."""
    before = [p for p in placed if p.match.end <= claim.start]
    if before:
        item = before[-1]
        gap = claim.start - item.match.end
    else:
        after = [p for p in placed if p.match.start >= claim.end and not p.compared]  # not "… 2.6B, beating GPT-3.5"
        if not after:
            return None
        item = after[0]
        gap = item.match.start - claim.end
    if claim.strength <= Strength.BARE and gap > 30:
        return None
    return item.candidate


def api_id_after(text: str, named: NameMatch, match: NameMatch) -> bool:
    """``match`` is a lower-case identifier in parentheses right after the name ``named``."""
    if not match.name.islower() or named.name.islower():
        return False
    return _PAREN_GAP.fullmatch(text, named.end, match.start) is not None


def yardstick_size(placed: list[Placed], claim: ParamClaim) -> bool:
    """The count is the size of the compared model right after it: "can train a 1.8-trillion-parameter GPT-MoE"."""
    after = next((p for p in placed if p.match.start >= claim.end), None)
    return after is not None and after.compared and after.match.start - claim.end <= 30


# A model built on another shares its size: "X and Y are trained based on Z and share its architecture: 671B …"
DERIVED = re.compile(
    r"\b(?:based\s+on|built\s+(?:up)?on|shares?\s+(?:its|the\s+same|their)\s+architecture|same\s+architecture\s+as|"
    r"consistent\s+with)\b",
    re.IGNORECASE,
)


def heirs(placed: list[Placed], target: Candidate) -> list[Candidate]:
    """The models a sentence releases when the count it states is their base model's (a comparison)."""
    if not any(p.candidate is target and p.compared for p in placed):
        return []
    return list(dict.fromkeys(p.candidate for p in placed if not p.compared and p.candidate is not target))


def first_named(placed: list[Placed]) -> Candidate | None:
    fresh = [p for p in placed if not p.compared]
    return fresh[0].candidate if fresh else None


def right_after_name(text: str, placed: list[Placed], claim: ParamClaim) -> bool:
    """The count opens a parenthesis right after a model's name: "Model (397B)"."""
    return any(p.match.end <= claim.start and _PAREN_GAP.match(text, p.match.end, claim.start) for p in placed)


def after_compared_name(text: str, placed: list[Placed], claim: ParamClaim) -> bool:
    """The count opens a parenthesis right after a compared model's name: "its predecessor, X (1.3B and 7B)"."""
    return any(
        p.compared and p.match.end <= claim.start and _PAREN_GAP.match(text, p.match.end, claim.start) for p in placed
    )


def size_lists(text: str, claims: list[ParamClaim]) -> list[list[ParamClaim]]:
    """Runs of two or more bare sizes joined by commas, "and" or "or" ("1B, 4B, 12B and 27B")."""
    runs: list[list[ParamClaim]] = []
    run: list[ParamClaim] = []
    for claim in claims:
        # "1B, 4B, 12B and 27B"; "8B and 70B parameter Llama 3 models" (the last one says "parameter")
        bare = claim.strength in (Strength.BARE, Strength.STATED) and claim.total is not None and claim.active is None
        if bare and run and LIST_GAP.match(text, run[-1].end, claim.start):
            run.append(claim)
            continue
        if len(run) > 1:
            runs.append(run)
        run = [claim] if bare else []
    return [*runs, run] if len(run) > 1 else runs


def family_before(placed: list[Placed], position: int) -> Candidate | None:
    """The model a size list belongs to: the nearest name before it that is not a comparison."""
    before = [p for p in placed if p.match.end <= position and not p.compared]
    return before[-1].candidate if before else None


def family_after(text: str, placed: list[Placed], position: int) -> Candidate | None:
    """ "Our new 8B and 70B parameter Llama 3 models": the family named right after the sizes."""
    after = [p for p in placed if p.match.start >= position and not p.compared]
    if not after or not _SIZE_GAP.match(text, position, after[0].match.start):
        return None
    return after[0].candidate


# (", and release the API of X": a comma and a conjunction open a clause of its own)
_CONJUNCTION_CUT = re.compile(r",\s+(?:and|but|while|whereas)\s")
_CLAUSE_CUT = re.compile(r";|\s·\s|" + _CONJUNCTION_CUT.pattern)


def has_clauses(text: str, start: int = 0, end: int | None = None) -> bool:
    """The sentence ``text[start:end]`` has more than one clause (see ``clauses``)."""
    end = len(text) if end is None else end
    # (most sentences have no cut at all: plain substring tests first, the pattern only where one may stand)
    if text.find(";", start, end) >= 0 or text.find("·", start, end) >= 0:
        return True
    comma = text.find(", ", start, end)
    return comma >= 0 and _CONJUNCTION_CUT.search(text, comma, end) is not None


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence's clauses, split at semicolons, at a comma and a conjunction and at the dots of an inline list
    ("Magistral Small (24B) — Apache 2.0 · Magistral Medium — API only"), in absolute positions; the sentence
    itself when it has none."""
    if not has_clauses(text, start, end):
        return [(start, end)]
    spans, left = [], start
    for cut in _CLAUSE_CUT.finditer(text, start, end):
        spans.append((left, cut.start()))
        left = cut.end()
    return [*spans, (left, end)]


def within(placed: list[Placed], start: int, end: int) -> list[Placed]:
    return [p for p in placed if start <= p.match.start < end]


_LABEL = re.compile(r"^\s*[^\s:][^:]{0,40}:")
_SEPARATORS = re.compile(r"[\s,&/:–—-]*(?:(?:and|or)[\s,&/:–—-]*)?")


def names_only(text: str, left: int, right: int, here: list[Placed], offset: int) -> bool:
    """The clause ``text[left:right]`` holds nothing but its models' names, after a "Vendor:" label."""
    parts, position = [], left
    for item in here:
        parts.append(text[position : item.match.start + offset])
        position = item.match.end + offset
    parts.append(text[position:right])
    rest = _LABEL.sub("", parts[0]) + " " + " ".join(parts[1:])
    return _SEPARATORS.fullmatch(rest) is not None


_CLOSED_HINT = re.compile(
    r"api[- ]only|(?:the|an?|its|our|via)\s+api\b|only\s+(?:via|through|in)\s+(?:the\s+)?api|closed|proprietary|"
    r"no\s+weights"
)


def same_clause(low: str, targets: list[Placed], position: int) -> list[Placed]:
    """The targets, less those in another clause of the sentence that says their weights are closed."""
    spans = clauses(low, 0, len(low))
    own = next(((left, right) for left, right in spans if left <= position <= right), (0, len(low)))
    kept = []
    for target in targets:
        if own[0] <= target.match.start < own[1]:
            kept.append(target)
            continue
        left, right = next(((a, b) for a, b in spans if a <= target.match.start <= b), (0, len(low)))
        if not _CLOSED_HINT.search(low, left, right):
            kept.append(target)
    return kept


def for_license(targets: list[Placed], position: int) -> list[Placed]:
    before = [p for p in targets if p.match.end <= position]
    return before[-1:] or targets[:1]


def list_peers(text: str, placed: list[Placed]) -> None:
    """Names one after another in a list ("GPT-4.1, GPT-4.1 mini and GPT-4.1 nano") are peers."""
    for left, right in pairwise(placed):
        if not (left.compared or right.compared) and HEAD_JOIN.fullmatch(text, left.match.end, right.match.start):
            left.candidate.peers.add(right.candidate.key)
            right.candidate.peers.add(left.candidate.key)


# "The 2B model matches …", "- A 7B instruction-tuned variant for chat", "We are releasing an 8-billion-parameter
# version": a size that stands for a model of the family the text is about (read in the lower-cased sentence)
_MEMBER_OPENING = re.compile(r"^\W*(?:a|an|the)\s+$")
# (the object of the release verb: "we are releasing an 8B version", not "describes it as …: a 7B model")
_MEMBER_ARTICLE = re.compile(
    r"\b(?:releas|launch|introduc|publish|open-sourc|add|ship)[a-z]*\s+(?:also\s+|today\s+)?(?:a|an)\s+$"
)
_MEMBER_NOUN = re.compile(
    r"[\s-]*(?:param(?:eter)?s?[\s-]+)?(?:[a-z][\w-]*\s+){0,2}?(?:model|variant|version|flavou?r|checkpoint|member)\b"
)


def member_size(text: str, claims: list[ParamClaim], placed: list[Placed], release: bool) -> ParamClaim | None:
    """The size that names a member of a family by itself: it opens the sentence with an article and a model
    noun ("The 2B model", "A 7B pretrained variant"), or is the object of a release verb ("we are releasing an
    8-billion-parameter version"); no model is named before it. None if no size stands so."""
    for claim in claims:
        if claim.total is None or claim.active is not None or claim.strength > Strength.STATED:
            continue
        if any(p.match.end <= claim.start and not p.compared for p in placed):
            return None
        # (only the few characters around the size are read, lower-cased: this runs for every sentence with a size)
        before = text[max(0, claim.start - 48) : claim.start].lower()
        opening = (claim.start <= 8 and _MEMBER_OPENING.match(text[: claim.start].lower())) or (
            release and _MEMBER_ARTICLE.search(before)
        )
        if opening and _MEMBER_NOUN.match(text[claim.end : claim.end + 60].lower()):
            return claim
    return None
