"""One document's evidence about each model it names: how strongly it announces it, and the counts, licenses
and open-weights cues that go with it.

Every mention earns points from where it stands: a title, a sentence that announces ("we release", "now
available"), a spec table, a Hugging Face link; a comparison ("outperforms X"), a predecessor or a rumour
costs points. ``assemble`` keeps the models whose points pass a threshold.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from releasewatch.extract import cues
from releasewatch.extract.document import Block, Document, sentence_spans
from releasewatch.extract.licenses import LicenseMention, find_licenses, has_license_words, license_from_hub
from releasewatch.extract.names import NameMatch, _candidate, finder_for, unknown_names
from releasewatch.extract.params import ParamClaim, Strength, find_params, size_in_name
from releasewatch.extract.tables import read_table
from releasewatch.extract.vendors import Vendor, VendorRegistry
from releasewatch.resolve import family_of, has_size, normalise_name

TITLE = 3.5
HEADING = 1.5
CUE = 3.0
ROW = 3.0  # "Vendor: Model (params)" in a list of releases
DEFINITION = 2.0
PLAIN = 0.5
PLAIN_CAP = 1.5
COMPARISON = -1.0
PAST = -1.0
RUMOUR = -2.5
LINK = 2.0
CODE = 1.0
STATED_BONUS = 0.5
SPEC_AFTER_NAME = 2.0

_EVIDENCE_LIMIT = 400

# ``normalise_name`` and ``has_size``, kept by name: a document names its models again and again, and a feed
# names the same models in item after item.
name_key = lru_cache(maxsize=8192)(normalise_name)
carries_size = lru_cache(maxsize=8192)(has_size)


class Count(NamedTuple):
    """One count a candidate was given (a named tuple: immutable, and cheap to build in the per-sentence loop)."""

    value: int
    strength: Strength
    notation: str


@dataclass(eq=False, slots=True)
class Candidate:
    """Everything one document says about one model (one ``normalise_name`` key)."""

    key: str
    order: int
    vendor: Vendor | None = None
    vendor_named: str | None = None  # the vendor the text names next to an unknown family
    known: bool = False
    bare: bool = True
    score: float = 0.0
    plain: float = 0.0
    base: bool = False  # the card's base_model: what this release was built from
    titled: bool = False  # named (not compared) in the document's title
    listed: bool = False  # a row of a list of releases ("Vendor: Model (size)", a hub listing)
    shown: str | None = None  # the display name, once assembled
    generic: bool = False  # named as a family somewhere ("the Llama 4 herd", "Phi-3, a family of open models")
    names: dict[str, float] = field(default_factory=dict)  # each spelling, weighted by where it stood
    totals: list[Count] = field(default_factory=list)
    actives: list[Count] = field(default_factory=list)
    licenses: list[tuple[str, float]] = field(default_factory=list)
    weights: list[tuple[bool, float]] = field(default_factory=list)
    evidence: str = ""
    evidence_points: float = -math.inf

    def credit(self, points: float, evidence: str, *, title: bool = False) -> None:
        if points == PLAIN:
            points = max(0.0, min(PLAIN, PLAIN_CAP - self.plain))
            self.plain += points
        self.score += points
        self.titled = self.titled or (title and points > 0)
        # A sentence says more than a title or a link, so it is preferred as evidence.
        rank = points if not title and not evidence.startswith("http") else min(points, 1.0)
        if rank > self.evidence_points:
            self.evidence, self.evidence_points = evidence[:_EVIDENCE_LIMIT], rank

    def count(self, claim: ParamClaim, strength: Strength | None = None) -> None:
        level = strength if strength is not None else claim.strength
        if claim.total:
            self.totals.append(Count(claim.total, level, claim.notation))
        if claim.active:
            self.actives.append(Count(claim.active, level, claim.notation))


@dataclass
class _Placed:
    match: NameMatch
    candidate: Candidate
    compared: bool


class _Flags(NamedTuple):
    release: bool
    past: bool
    rumour: bool


# "the Llama 3.1 Community License", "Gemma Terms of Use": a license's name, not a model.
_LICENSE_AFTER = re.compile(r"\s+(?:community\s+|open\s+model\s+|research\s+|model\s+)?(?:licen[cs]e|terms)", re.I)
# Words that say something of sizes: "param", "activ", "total" or a size ("8b"). (The words are looked for as
# substrings and the sizes by a pattern that opens with a digit: one alternation of both has no first character
# for the engine to skip ahead to.)
_COUNT_WORDS = ("param", "activ", "total")
_SIZE_AFTER_DIGIT = re.compile(r"\d\s*[bm]\b")
_QUIET_BLOCK_CUES = (*_COUNT_WORDS, "meet", ":")
_SIZE_AFTER_DIGIT_BMT = re.compile(r"\d\s*[bmt]\b")


def _says_counts(low: str) -> bool:
    return any(word in low for word in _COUNT_WORDS) or _SIZE_AFTER_DIGIT.search(low) is not None


def _says_anything(low: str) -> bool:
    """Sizes, "meet" or a colon: a paragraph that names no model may still introduce one."""
    return any(word in low for word in _QUIET_BLOCK_CUES) or _SIZE_AFTER_DIGIT_BMT.search(low) is not None


_LIST_GAP = re.compile(r"\s*(?:,|/|&)?\s*(?:and|or)?\s*$")
_SIZE_WORDS = re.compile(r"\b(?:sizes?|variants?|versions?|models?|parameters?|flavou?rs?|checkpoints?)\b")
_HF_MODEL = re.compile(
    r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co|modelscope\.cn/models)/"
    r"(?!(?:datasets|spaces|docs|blog|papers|collections|organizations|models|api|join|login|settings|posts|"
    r"learn|tasks|chat|pricing|enterprise|new|search)/)([\w.-]+)/([\w.+-]+)/?(?:$|[?#]|tree/|blob/)"
)
_CODE_ID = re.compile(r"[\"'`](?P<org>[A-Za-z0-9][\w.-]{1,40})/(?P<name>[A-Za-z0-9][\w.+-]{1,80})[\"'`]")
_FAMILY_NOUN = re.compile(
    r"(?:,\s+(?:a|an|the|our)\s+(?:new\s+|open\s+)?)?\s+(?:family|herd|series|collection|line-?up|models|suite|generation)\b",
    re.I,
)
_SIZE_GAP = re.compile(r"[\s-]*(?:param(?:eter)?s?)?[\s-]*$", re.I)
_PAREN_GAP = re.compile(r"\s*\(\s*~?\s*$")
_ITEM_HEAD = re.compile(r"\s*(?:\(|:\s|[–—·|/]|-\s)|\s{2,}|\t")
_HEAD_JOIN = re.compile(r"\s*(?:,|&|/|and|or)\s*(?:and\s+)?")
_ROW_GATE = re.compile(r"[:–—]")
_ANY_DIGIT = re.compile(r"\d")
_SIZE_AT_END = re.compile(r"\d[BMT]$")
_ROW = re.compile(r"^(?P<vendor>[A-Z][\w.&'× -]{1,40}?)\s*[:–—]\s+(?P<rest>\S.*)$")
_JOINT = re.compile(r"\s*(?:×|&|/|\band\b|\bx\b|\bwith\b)\s*")
_ROW_NAME = re.compile(r"^(?P<name>[A-Z][\w.+]*(?:[-_. ][A-Za-z0-9.]+){0,4}?)\s*(?P<paren>\()")
# "Upstage: SOLAR 10.7B" (a known vendor, a versioned name, nothing after it but a separator)
_ROW_NAME_END = re.compile(r"^(?P<name>[A-Z][\w.+]*(?:[-_. ][A-Za-z0-9.]+){0,4}?)\s*(?:[·|;–—]|\s-\s|\.?$)")
# A tutorial's title ("Run DeepSeek-R1 locally", "Fine-tuning Llama 3.1 8B with QLoRA") is about using a model
# that already exists; its names are not releases.
_USAGE_TITLE = re.compile(
    r"^\W*(?:how\s+(?:to|we|i)\b|run(?:ning)?\s|fine-?tun(?:e|ing)\s|deploy(?:ing)?\s|serv(?:e|ing)\s|"
    r"quantiz(?:e|ing)\s|benchmark(?:ing)?\s|using\s|build(?:ing)?\s+(?:a|an|your)\s|self-host(?:ing)?\s|"
    r"(?:a\s+)?(?:beginner'?s\s+)?(?:guide|tutorial|walkthrough|cookbook)\b|getting\s+started|"
    r"train(?:ing)?\s+(?:a|an|your)\s|distill(?:ing)?\s|evaluat(?:e|ing)\s|(?:test|review)(?:ing)?\s)"
)
_SOFTWARE_VERSION = re.compile(r"(?<![\w.])v?\d+\.\d+\.\d+(?![\w.])")
_TOOL_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:toolkit|library|framework|sdk|cli|plugin|extension|dataset|benchmark|leaderboard|"
    r"arena|paper|technical\s+report|controversy|lawsuit)s?\b",
    re.IGNORECASE,
)
# a license's name ("the Llama 3.1 Community License") or a tool's ("the ERNIEKit development toolkit")
_NOT_A_MODEL_AFTER = re.compile(f"(?:{_LICENSE_AFTER.pattern})|(?:{_TOOL_AFTER.pattern})", re.IGNORECASE)
# "We're releasing FineWeb, a new large-scale (15 trillion tokens) dataset": what is released is no model
_NOT_PRODUCT_APPOSITIVE = re.compile(
    r"^\s*,\s*(?:a|an|the|our)\s[^.;:]{0,80}?\b(?:dataset|corpus|benchmark|library|framework|toolkit|sdk|app|"
    r"platform|tool|leaderboard|chip|accelerator)s?\b",
    re.IGNORECASE,
)
_VENDOR_VERB = re.compile(
    r"(?P<vendor>(?:[A-Z][\w.&-]*\s){0,3}[A-Z][\w.&-]*)(?:'s)?\s+(?:has\s+|have\s+|just\s+|today\s+|quietly\s+|"
    r"officially\s+)?(?:released|releases|launched|launches|open-sourced|open-sources|unveiled|unveils|"
    r"introduced|introduces|announced|announces|dropped|drops|published|publishes|debuted|debuts|shipped|ships)\b"
)
_NOT_PRODUCT = re.compile(
    r"^\s*(?:dataset|benchmark|library|framework|toolkit|app|platform|api|sdk|paper|report|leaderboard|suite|"
    r"tool|cli|plugin|extension|server|website|chip|gpu|device|phone|laptop|fund|round)s?\b|bench|eval|arena",
    re.IGNORECASE,
)


class Collector:
    """Reads one document's blocks into ``candidates`` (keyed by ``normalise_name``)."""

    def __init__(self, registry: VendorRegistry) -> None:
        self.registry = registry
        self.finder = finder_for(registry)
        self.candidates: dict[str, Candidate] = {}
        self.subject: Candidate | None = None  # the model the text was last about
        self.section: list[Candidate] = []  # the models the last heading named
        self.doc_licenses: list[tuple[str, float]] = []
        self.doc_weights: list[tuple[bool, float]] = []
        self.seen_links: set[str] = set()

    def read(self, document: Document) -> None:
        self.front_matter(document.front_matter)
        for block in document.blocks:
            if block.kind == "table":
                read_table(self, block)
            elif block.kind == "code":
                self.code(block)
            else:
                self.prose(block)
            if block.links:
                self.links(block)

    # --- candidates ---

    def candidate(self, match: NameMatch, weight: float = 1.0) -> Candidate | None:
        key = name_key(match.name)
        if len(key) < 2:
            return None
        found = self.candidates.get(key)
        if found is None:
            found = self.candidates[key] = Candidate(key, len(self.candidates))
        found.names[match.name] = found.names.get(match.name, 0.0) + weight
        found.vendor = found.vendor or match.vendor
        found.known = found.known or match.known
        # "Qwen Chat" (an app) folds to "qwen": a brand as much as "Qwen" is
        found.bare = found.bare and (match.bare or _app_name(match, key))
        return found

    # --- prose ---

    def prose(self, block: Block) -> None:
        """Each sentence of a block; a license or weights cue that names no model applies to the models the
        block names, or else to the document. Cues are found once per block and handed to their sentences."""
        text, low = block.text, cues.lowered(block.text)
        licenses = find_licenses(text, checked=True) if has_license_words(low) else []
        events = cues.scan(low)
        names = self.finder.find(text, low)
        if not (names or events or licenses) and block.kind == "text" and not _says_anything(low):
            return  # a paragraph that names no model and says nothing of sizes, licenses or releases
        mentioned: list[Candidate] = []
        pending_licenses: list[tuple[str, float]] = []
        pending_weights: list[tuple[bool, float]] = []
        head: list[Candidate] | None = None  # the models of an item's first sentence that names any
        starts = [m.start for m in names]  # in order, as are the sentences
        for start, end in sentence_spans(text):
            kinds = cues.kinds_between(events, start, end) if events else set()
            known = [_shifted(m, -start) for m in names[bisect_left(starts, start) : bisect_left(starts, end)]]
            placed = self.sentence(text[start:end], block.kind, low[start:end], kinds, known)
            if placed:
                fresh = [p.candidate for p in placed if not p.compared]
                mentioned += fresh
                head = fresh if head is None else head
            if licenses:
                here = [m for m in licenses if start <= m.start < end]
                if here:
                    self.sentence_licenses(low[start:end], start, placed, here, pending_licenses)
            if events:  # (without cues no clause has a weights cue)
                self.clause_cues(text, start, end, events, kinds, placed, pending_weights)
        mentioned = list(dict.fromkeys(mentioned))
        if licenses and len(mentioned) > 1:
            _family_licenses(mentioned, licenses)
        # "* Ant Group: Ling-1T (1,000B total). MIT. … The reasoning sibling Ring-1T followed": the row's own model
        item = block.kind == "item"
        targets = list(dict.fromkeys(head)) if item and head else mentioned
        self.block_cues(targets, pending_licenses, pending_weights, item=item)
        self.section_cues(block, mentioned, licenses, events)

    def clause_cues(
        self,
        text: str,
        start: int,
        end: int,
        events: list[tuple[int, str]],
        kinds: set[str],
        placed: list[_Placed],
        pending: list[tuple[bool, float]],
    ) -> None:
        """The weights cues of each clause of a sentence go to the models of that clause: "X is API-only; its
        sibling Y is Apache 2.0"."""
        if text.find(";", start, end) < 0 and text.find("·", start, end) < 0:
            if kinds:
                self.weights_cues(kinds, placed, pending)
            return
        for left, right in _clauses(text, start, end):
            clause_kinds = kinds if (left, right) == (start, end) else cues.kinds_between(events, left, right)
            if clause_kinds:
                here = placed if (left, right) == (start, end) else _within(placed, left - start, right - start)
                self.weights_cues(clause_kinds, here, pending)

    def section_cues(
        self, block: Block, mentioned: list[Candidate], licenses: list[LicenseMention], events: list[tuple[int, str]]
    ) -> None:
        """A heading's models ("**Meta: Llama 3.1 (405B, 70B, 8B)**") take the license and weights cues of
        the paragraphs under it, with less weight than the models those paragraphs name."""
        if block.kind in ("title", "heading"):
            self.section = list(dict.fromkeys(mentioned))
            return
        kinds = {kind for _, kind in events}
        for target in self.section:
            target.licenses += [(mention.license, 1.0) for mention in licenses]
            if "open" in kinds or "closed" in kinds:
                target.weights.append(("closed" not in kinds, 0.5))

    def block_cues(
        self,
        targets: list[Candidate],
        licenses: list[tuple[str, float]],
        weights: list[tuple[bool, float]],
        item: bool = False,
    ) -> None:
        """Cues of sentences that name no model go to the block's models; a list item's sentences all
        describe the item's own model ("5) OpenAI: GPT-5 … no weights"), so there they count in full."""
        share = 1.0 if item and len(targets) <= 2 else 0.5
        for license, weight in licenses:
            for target in targets:
                target.licenses.append((license, weight * 0.67))
            if not targets:
                self.doc_licenses.append((license, weight * 0.33))
        for value, weight in weights:
            for target in targets:
                target.weights.append((value, weight * share))
            if not targets:
                self.doc_weights.append((value, weight * 0.25))

    def sentence(
        self, text: str, kind: str, low: str, kinds: set[str], known: list[NameMatch] | None = None
    ) -> list[_Placed]:
        release = "release" in kinds or cues.opens_with_release(low)
        if known is None:
            known = self.finder.find(text, low)
        if not known and not release and kind == "text" and not _ROW_GATE.search(text, 0, 46):
            matches = []  # no name, no cue that introduces one, no "Vendor: Model" row: nothing to place
        else:
            matches = self.names_in(text, kind, release, known, low)
        if not matches:
            if _says_counts(low):
                self.counts(text, [], release)  # "It has 1T total parameters": for the model last named
            return []
        flags = _Flags(release, "past" in kinds, "rumour" in kinds)
        spans = cues.comparison_spans(low, until=matches[-1][0].start)  # (``names_in`` orders them)
        usage = kind == "title" and bool(_USAGE_TITLE.match(low))  # "Run DeepSeek-R1 locally": no release
        placed = []
        for match, points in matches:
            found = self.candidate(match)
            if found is None:
                continue
            compared = (bool(spans) and cues.in_spans(match.start, spans)) or usage
            earned = _points(_title_kind(kind, low, match), low, match, compared, flags)
            if match.org and match.start <= len(match.org) + 3 and earned > 0:
                points = ROW  # "Qwen/Qwen3-32B · Text Generation · 33B": a hub listing's row
            found.generic = found.generic or bool(_FAMILY_NOUN.match(text, match.end))
            listed = points is not None and earned > 0
            found.listed = found.listed or listed
            found.credit(max(earned, points) if listed and points else earned, text, title=kind == "title")
            if found.vendor is None and found.vendor_named is None:
                found.vendor_named = self.vendor_near(text, match)
            placed.append(_Placed(match, found, compared))
        self.counts(text, placed, release, blocked=flags.rumour or flags.past, in_item=kind == "item")
        fresh = [p.candidate for p in placed if not p.compared and not p.match.bare]
        self.subject = fresh[0] if fresh else self.subject
        return placed

    def names_in(
        self, text: str, kind: str, cued: bool, known: list[NameMatch], low: str | None = None
    ) -> list[tuple[NameMatch, float | None]]:
        """Names with fixed points (a release row's name) or None (points from the sentence). ``low`` is
        ``lowered(text)`` when the caller has it."""
        if known:
            known = [
                m
                for m in known
                if not (m.bare and text.startswith("'s", m.end))  # "Mistral's 124B model": the company
                # (both patterns open with white space: the cheap test first)
                and not (text[m.end : m.end + 1].isspace() and _NOT_A_MODEL_AFTER.match(text, m.end))
            ]
            if any(match.bare for match in known):
                known = self.without_companies(text, known)
        found: list[tuple[NameMatch, float | None]] = [(m, None) for m in known]
        row = self.row_name(text, known) if kind in ("item", "text", "heading") else None
        if row is not None:  # every model of "Hugging Face: SmolLM-135M, SmolLM-360M and SmolLM-1.7B"
            found = [(m, ROW) for m, _points in found]
            if not any(_overlap(row, m) for m, _ in found):
                found.append((row, ROW))
        elif found and found[0][0].start < 3:
            # "- Kimi K2 Thinking (1T, Modified MIT)", "GPT-5 · openai/gpt-5", "- A-8B and A-2B: improved …"
            head = 1
            while head < len(found) and _HEAD_JOIN.fullmatch(text, found[head - 1][0].end, found[head][0].start):
                head += 1
            ends = (found[0][0].end, found[head - 1][0].end)
            headed = any(_ITEM_HEAD.match(text, end) for end in ends) or not text[ends[1] :].strip(" .;")
            if headed and _row_says(text, cued):
                found[:head] = [(match, ROW) for match, _points in found[:head]]
        extra = unknown_names(text, low=low) if cued else []
        if kind in ("title", "heading", "item"):
            extra += unknown_names(text, title=True, low=low)
        for match in extra:
            if self.registry.get(match.name) is not None:
                continue  # "OpenAI" is a vendor
            after = text[match.end : match.end + 120]
            if not any(_overlap(match, other) for other, _ in found) and not (
                _NOT_PRODUCT.match(after) or _NOT_PRODUCT_APPOSITIVE.match(after)
            ):
                found.append((match, None))
        if len(found) > 1:
            found.sort(key=_start_of)
        return found

    def without_companies(self, text: str, matches: list[NameMatch]) -> list[NameMatch]:
        """ "Mistral AI released …", "DeepSeek released …": a bare family inside a vendor's name is the vendor."""
        companies = [(start, end) for start, end, _vendor in self.registry.named_in(text)]
        return [m for m in matches if not (m.bare and any(s <= m.start and m.end <= e for s, e in companies))]

    def row_name(self, text: str, known: list[NameMatch]) -> NameMatch | None:
        """ "Alibaba: Qwen3.5 (397B)" — a newsletter's list of releases: the vendor, a colon, the model.
        ``known`` are the registry's names in ``text``."""
        # (a row opens with a capital: the cheap test first)
        row = _ROW.match(text) if "A" <= text[:1] <= "Z" and _ROW_GATE.search(text, 0, 46) else None
        if row is None:
            return None
        vendor = self.registry.get(row.group("vendor")) or self.registry.get(_JOINT.split(row.group("vendor"))[0])
        rest = row.group("rest")
        offset = row.start("rest")
        first = next((m for m in known if m.start >= offset), None)
        if first is not None and first.start < offset + 5 and (vendor is not None or first.vendor is None):
            return first  # "Meta: Llama 4 Scout", not "Biggest movers: DeepSeek-V3" (a label, not the vendor)
        name = _ROW_NAME.match(rest) or (_ROW_NAME_END.match(rest) if vendor is not None else None)
        if name is not None and not name.group("name")[-1:].isdigit() and not _SIZE_AT_END.search(name.group("name")):
            name = name if name.groupdict().get("paren") else None
        if name is None or not (vendor or _ANY_DIGIT.search(name.group("name"))) or not _candidate(name.group("name")):
            return None
        start = row.start("rest")
        named = vendor.name if vendor else row.group("vendor").strip()
        match = NameMatch(start, start + len(name.group("name").rstrip()), name.group("name").rstrip(), known=False)
        found = self.candidate(match, weight=0.0)
        if found is not None:
            found.vendor_named = found.vendor_named or named
        return match

    def vendor_near(self, text: str, match: NameMatch) -> str | None:
        """The vendor the sentence names before the model ("Alibaba released …"), or just after ("… by Z.ai")."""
        named = [
            (start, end, vendor)
            for start, end, vendor in self.registry.named_in(text)
            if end <= match.start or start >= match.end
        ]
        before = [hit for hit in named if hit[1] <= match.start]
        if before:
            return before[-1][2].name
        after = [hit for hit in named if hit[0] - match.end < 40]
        if after:
            return after[0][2].name
        verbs = list(_VENDOR_VERB.finditer(text, 0, match.start))
        return verbs[-1].group("vendor") if verbs else None

    def counts(
        self, text: str, placed: list[_Placed], release: bool = False, blocked: bool = False, in_item: bool = False
    ) -> None:
        for item in placed:
            size = size_in_name(item.match.name)
            if size is not None:
                item.candidate.count(size)
        skip = tuple((p.match.start, p.match.end) for p in placed)
        claims = find_params(text, skip)
        if not claims:
            return
        for sizes in _size_lists(text, claims):
            claims = [claim for claim in claims if claim not in sizes]
            around = text[max(0, sizes[0].start - 30) : sizes[-1].end + 30].lower()
            named = release or _SIZE_WORDS.search(around) or _right_after_name(text, placed, sizes[0])
            if named and not blocked:
                self.family_sizes(text, sizes, placed)
        specced: set[int] = set()
        derived = any(p.compared for p in placed) and _DERIVED.search(text) is not None
        for claim in claims:
            target = _nearest(placed, claim)
            if target is None and claim.strength >= Strength.STATED:
                target = self.subject
            if target is None:
                continue
            heirs = _heirs(placed, target) if derived and claim.strength >= Strength.STATED else []
            if heirs:  # "M1 is developed based on MiniMax-Text-01, which contains 456B parameters": M1's size too
                for heir in heirs:
                    heir.count(claim)
                continue
            target.count(claim)
            target.score += STATED_BONUS if claim.strength >= Strength.STATED else 0.0
            if id(target) in specced:
                continue
            if _right_after_name(text, placed, claim) or (
                in_item and not blocked and claim.strength >= Strength.STATED and target is _first_named(placed)
            ):
                # "Jamba 1.5 Mini (12B active/52B total)", "Qwen3.5 (397B)", and a list item that gives its
                # model's size: "- The highly capable Llama 4 Maverick with 17B active parameters out of 400B"
                specced.add(id(target))
                target.score += SPEC_AFTER_NAME

    def family_sizes(self, text: str, sizes: list[ParamClaim], placed: list[_Placed]) -> None:
        """ "Gemma 3 comes in 1B, 4B, 12B and 27B sizes", "the 8B and 70B models": one model a size, named
        after the family the sentence (or the text before it) is about — released as "Gemma 3 27B"."""
        family = _family_before(placed, sizes[0].start) or _family_after(text, placed, sizes[-1].end)
        if family is None:
            return  # sizes the sentence gives without naming the model: no row (corpus rule 2)
        spelled = max(family.names, key=lambda name: family.names[name])
        if carries_size(spelled):
            sized = next((p.match for p in placed if p.candidate is family and p.match.end <= sizes[0].start), None)
            if sized is None or not _LIST_GAP.match(text, sized.end, sizes[0].start):
                return
            sizes = [size_in_name(sized.name) or sizes[0], *sizes]  # "The Llama 3.1 8B, 70B and 405B models"
        base = family_of(spelled)
        for size in sizes:
            name = f"{base} {size.notation}"
            found = self.candidate(NameMatch(size.start, size.end, name, vendor=family.vendor))
            if found is not None:
                found.vendor_named = found.vendor_named or family.vendor_named
                found.credit(CUE, text)
                found.count(size, Strength.NAME)

    def sentence_licenses(
        self,
        low: str,
        offset: int,
        placed: list[_Placed],
        found: list[LicenseMention],
        pending: list[tuple[str, float]],
    ) -> None:
        """A license goes to the models its sentence names (the nearest before it when there are several
        licenses); a code-only sentence ("This code repository is licensed under MIT") weighs little."""
        weight = 0.5 if cues.CODE_ONLY.search(low) and not cues.MODEL_WORDS.search(low) else 3.0
        targets = [p for p in placed if not p.compared]
        for mention in found:
            chosen = _for_license(targets, mention.start - offset) if len(found) > 1 else targets
            if ";" in low and len(chosen) > 1:  # "X is API-only; its sibling Y got an Apache 2.0 update"
                chosen = _same_clause(low, chosen, mention.start - offset)
            for item in chosen:
                item.candidate.licenses.append((mention.license, weight))
            if not chosen:
                pending.append((mention.license, weight))

    def weights_cues(self, kinds: set[str], placed: list[_Placed], pending: list[tuple[bool, float]]) -> None:
        if "closed" in kinds or ("open" in kinds and "rumour" not in kinds):  # "will be open-sourced": not yet
            self.sentence_weights("closed" not in kinds, placed, pending)
        elif "api" in kinds:
            self.sentence_weights(False, placed, pending, weight=0.5)

    def sentence_weights(
        self, value: bool, placed: list[_Placed], pending: list[tuple[bool, float]], weight: float = 2.0
    ) -> None:
        targets = [p.candidate for p in placed if not p.compared]
        for target in targets:
            target.weights.append((value, weight))
        if not targets:
            pending.append((value, weight))

    # --- links, code, front matter ---

    def links(self, block: Block) -> None:
        for url in block.links:
            match = _HF_MODEL.match(url)
            if match is None or match.group(0).lower() in self.seen_links:
                continue
            self.seen_links.add(match.group(0).lower())
            self.repo(match.group(1), match.group(2), LINK, url)

    def repo(self, org: str, name: str, points: float, evidence: str) -> None:
        vendor = self.registry.for_model(name) or self.registry.by_org(org)
        if vendor is None and not _ANY_DIGIT.search(name):
            return
        match = NameMatch(0, len(name), name, org, vendor, known=vendor is not None)
        found = self.candidate(match, weight=0.3)
        if found is not None:
            found.credit(points, evidence)
            found.vendor_named = found.vendor_named or org
            found.weights.append((True, 1.5))

    def code(self, block: Block) -> None:
        for match in _CODE_ID.finditer(block.text):
            org, name = match.group("org"), match.group("name")
            if self.registry.by_org(org) or self.registry.for_model(name):
                self.repo(org, name, CODE, match.group(0))

    def front_matter(self, front: dict[str, str | list[str]]) -> None:
        if not front:
            return
        license = license_from_hub(front.get("license"), _text(front.get("license_name")), ())
        if license:
            self.doc_licenses.append((license, 2.5))
            self.doc_weights.append((True, 1.0))
        bases = front.get("base_model") or []
        for base in [bases] if isinstance(bases, str) else bases:
            key = normalise_name(base)
            found = self.candidates.setdefault(key, Candidate(key, len(self.candidates)))
            found.base = True


_LICENSE_SUFFIX = re.compile(r"\s+(?:community\s+|open\s+model\s+|research\s+)?(?:licen[cs]e|terms\b).*$", re.I)


def _family_licenses(mentioned: list[Candidate], licenses: list[LicenseMention]) -> None:
    """A license named after a family ("Llama 4 Community License") covers every model of that family the
    block names, wherever in the block it stands ("Meta: Llama 4 Scout · Meta: Llama 4 Maverick — …")."""
    for mention in licenses:
        family = _LICENSE_SUFFIX.sub("", mention.license)
        if family == mention.license:
            continue
        key = normalise_name(family)
        for target in mentioned:
            if (
                len(key) >= 4
                and target.key.startswith(key)
                and all(lic != mention.license for lic, _ in target.licenses)
            ):
                target.licenses.append((mention.license, 2.0))


def _app_name(match: NameMatch, key: str) -> bool:
    """A family word plus a variant word in prose ("Qwen Chat"), not a repository ("snowflake-arctic-base")."""
    if match.org is not None or match.vendor is None or _has_digit(key):
        return False  # (a key with a digit is no app name: ruled out before the vendor's family keys)
    return key in _family_keys(match.vendor)


@lru_cache(maxsize=4096)
def _has_digit(key: str) -> bool:
    return any(char.isdigit() for char in key)


@lru_cache(maxsize=512)
def _family_keys(vendor: Vendor) -> frozenset[str]:
    return frozenset(normalise_name(family) for family in vendor.families)


def _text(value: str | list[str] | None) -> str | None:
    return value if isinstance(value, str) else None


_ROW_FACTS = re.compile(
    r"\d(?:\.\d+)?\s?[BMT]\b|\d\s*(?:billion|trillion|million)|param|licen[cs]e|apache|\bmit\b|open|weights|/|·|"
    r"context|\b(?:a|an|our)\s+(?:[\w-]+\s+){0,4}?(?:models?|llm|moe)\b",
    re.IGNORECASE,
)


def _row_says(text: str, cued: bool) -> bool:
    """A list item that opens with a model's name is a release row when it says something of one: a size, a
    license, open weights, a release cue — not a changelog's "Qwen2-VL: multi-image and video inputs"."""
    return cued or bool(_ROW_FACTS.search(text))


def _start_of(pair: tuple[NameMatch, float | None]) -> int:
    return pair[0].start


def _shifted(m: NameMatch, offset: int) -> NameMatch:
    return NameMatch(m.start + offset, m.end + offset, m.name, m.org, m.vendor, m.known, m.bare) if offset else m


def _overlap(a: NameMatch, b: NameMatch) -> bool:
    return a.start < b.end and b.start < a.end


def _title_kind(kind: str, low: str, match: NameMatch) -> str:
    """A software release's title ("Release v4.51.0: Llama 4, Phi4-Multimodal") names the models a tool now
    supports: they count as a heading's, not a title's."""
    if kind != "title":
        return kind
    version = _SOFTWARE_VERSION.search(low, 0, match.start)
    return "heading" if version else kind


def _points(kind: str, text: str, match: NameMatch, compared: bool, flags: _Flags) -> float:
    if compared:
        return COMPARISON
    if flags.rumour:
        return RUMOUR
    if kind == "title":
        return TITLE
    if flags.past:
        return PAST
    if kind == "heading":
        return HEADING
    if flags.release:
        return CUE
    if cues.DEFINITION.match(text[match.end :]):
        return DEFINITION
    return PLAIN


def _nearest(placed: list[_Placed], claim: ParamClaim) -> Candidate | None:
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


# A model built on another shares its size: "X and Y are trained based on Z and share its architecture: 671B …"
_DERIVED = re.compile(
    r"\b(?:based\s+on|built\s+(?:up)?on|shares?\s+(?:its|the\s+same|their)\s+architecture|same\s+architecture\s+as|"
    r"consistent\s+with)\b",
    re.IGNORECASE,
)


def _heirs(placed: list[_Placed], target: Candidate) -> list[Candidate]:
    """The models a sentence releases when the count it states is their base model's (a comparison)."""
    if not any(p.candidate is target and p.compared for p in placed):
        return []
    return list(dict.fromkeys(p.candidate for p in placed if not p.compared and p.candidate is not target))


def _first_named(placed: list[_Placed]) -> Candidate | None:
    fresh = [p for p in placed if not p.compared]
    return fresh[0].candidate if fresh else None


def _right_after_name(text: str, placed: list[_Placed], claim: ParamClaim) -> bool:
    """The count opens a parenthesis right after a model's name: "Model (397B)"."""
    return any(p.match.end <= claim.start and _PAREN_GAP.match(text, p.match.end, claim.start) for p in placed)


def _size_lists(text: str, claims: list[ParamClaim]) -> list[list[ParamClaim]]:
    """Runs of two or more bare sizes joined by commas, "and" or "or" ("1B, 4B, 12B and 27B")."""
    runs: list[list[ParamClaim]] = []
    run: list[ParamClaim] = []
    for claim in claims:
        # "1B, 4B, 12B and 27B"; "8B and 70B parameter Llama 3 models" (the last one says "parameter")
        bare = claim.strength in (Strength.BARE, Strength.STATED) and claim.total is not None and claim.active is None
        if bare and run and _LIST_GAP.match(text, run[-1].end, claim.start):
            run.append(claim)
            continue
        if len(run) > 1:
            runs.append(run)
        run = [claim] if bare else []
    return [*runs, run] if len(run) > 1 else runs


def _family_before(placed: list[_Placed], position: int) -> Candidate | None:
    """The model a size list belongs to: the nearest name before it that is not a comparison."""
    before = [p for p in placed if p.match.end <= position and not p.compared]
    return before[-1].candidate if before else None


def _family_after(text: str, placed: list[_Placed], position: int) -> Candidate | None:
    """ "Our new 8B and 70B parameter Llama 3 models": the family named right after the sizes."""
    after = [p for p in placed if p.match.start >= position and not p.compared]
    if not after or not _SIZE_GAP.match(text, position, after[0].match.start):
        return None
    return after[0].candidate


_CLAUSE_CUT = re.compile(r";|\s·\s")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence's clauses, split at semicolons and at the dots of an inline list ("Magistral Small (24B) —
    Apache 2.0 · Magistral Medium — API only"), in absolute positions; the sentence itself when it has none."""
    if text.find(";", start, end) < 0 and text.find("·", start, end) < 0:
        return [(start, end)]
    spans, left = [], start
    for cut in _CLAUSE_CUT.finditer(text, start, end):
        spans.append((left, cut.start()))
        left = cut.end()
    return [*spans, (left, end)]


def _within(placed: list[_Placed], start: int, end: int) -> list[_Placed]:
    return [p for p in placed if start <= p.match.start < end]


_CLOSED_HINT = re.compile(r"api[- ]only|only\s+(?:via|through|in)\s+(?:the\s+)?api|closed|proprietary|no\s+weights")


def _same_clause(low: str, targets: list[_Placed], position: int) -> list[_Placed]:
    """The targets, less those in another clause of the sentence that says their weights are closed."""
    start = low.rfind(";", 0, position) + 1
    end = low.find(";", position)
    end = len(low) if end < 0 else end
    kept = []
    for target in targets:
        if start <= target.match.start < end:
            kept.append(target)
            continue
        left = low.rfind(";", 0, target.match.start) + 1
        right = low.find(";", target.match.start)
        if not _CLOSED_HINT.search(low, left, len(low) if right < 0 else right):
            kept.append(target)
    return kept


def _for_license(targets: list[_Placed], position: int) -> list[_Placed]:
    before = [p for p in targets if p.match.end <= position]
    return before[-1:] or targets[:1]
