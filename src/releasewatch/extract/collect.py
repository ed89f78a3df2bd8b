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
from releasewatch.extract.licenses import LicenseMention, find_licenses, license_from_hub
from releasewatch.extract.names import NameMatch, _candidate, finder_for, unknown_names
from releasewatch.extract.params import ParamClaim, Strength, compact, find_params, size_in_name
from releasewatch.extract.placement import (
    DERIVED,
    HEAD_JOIN,
    LIST_GAP,
    after_compared_name,
    api_id_after,
    clauses,
    family_after,
    family_before,
    first_named,
    for_license,
    generic_instance,
    has_clauses,
    heirs,
    list_peers,
    member_size,
    names_only,
    nearest,
    right_after_name,
    same_clause,
    size_lists,
    within,
    yardstick_size,
)
from releasewatch.extract.prescan import BlockScan, scan_blocks
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
PARAGRAPH_LICENSE = 2.5  # a paragraph's own "Everything is Apache 2.0 and on Hugging Face" (names no model)
LICENSED_ITEM = 2.5  # a list item that names a model and gives its license: a newsletter's release row
# A weights vote of no weight: the weights are promised ("on Hugging Face next week"), not out (see assemble)
LATER = 0.0

_EVIDENCE_LIMIT = 400

# ``normalise_name`` and ``has_size``, kept by name: a document names its models again and again, and a feed
# names the same models in item after item.
_DATE_INFIX = re.compile(r"[-_](?:(?:0[1-9]|1[0-2])2\d|2\d(?:0[1-9]|1[0-2]))(?=[-_]\d)")

_SLUG_PLUS = re.compile(r"(?<=[A-Za-z0-9])[-_ ][Pp]lus(?=$|[-_ ])")


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """``normalise_name``, and a release stamp inside a repository name goes too: Ai2's "OLMo-2-0425-1B" is
    "OLMo 2 1B" (a stamp at the end is ``normalise_name``'s already); a slug or a display name spells "+" out
    ("command-r-plus", a router's "Command R Plus")."""
    if "-" in name or "_" in name:
        name = _DATE_INFIX.sub("", name)
    if "lus" in name:
        name = _SLUG_PLUS.sub("+", name)
    return normalise_name(name)


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
    announced: bool = False  # named where prose announces it: a title, a release cue, a list row
    cued: bool = False  # named in a sentence with a release cue (not compared there)
    yardstick: float = 0.0  # the points its comparisons cost (see assemble: a release compared later stays one)
    listed: bool = False  # a row of a list of releases ("Vendor: Model (size)", a hub listing)
    shown: str | None = None  # the display name, once assembled
    checkpoint: bool = False  # named as one of the checkpoints published ("Three checkpoints: X-Base, X-Instruct")
    generic: bool = False  # named as a family somewhere ("the Llama 4 herd", "Phi-3, a family of open models")
    names: dict[str, float] = field(default_factory=dict)  # each spelling, weighted by where it stood
    peers: set[str] = field(default_factory=set)  # the keys of models listed beside it ("X, X mini and X nano")
    members: set[str] = field(default_factory=set)  # the keys a line-up's name leads ("the X family: A and B")
    totals: list[Count] = field(default_factory=list)
    actives: list[Count] = field(default_factory=list)
    licenses: list[tuple[str, float]] = field(default_factory=list)
    weights: list[tuple[bool, float]] = field(default_factory=list)
    evidence: str = ""
    evidence_points: float = -math.inf
    loose: list[tuple[int, float]] = field(default_factory=list)  # points from layout alone, by section (assemble)

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

    def credit_loose(self, points: float, evidence: str, section: int) -> None:
        """Points a list row, a "Name (size)", a licensed item or a size list earns by its layout, with no release
        word in its sentence: see ``assemble._unframed_layout``."""
        self.credit(points, evidence)
        self.loose.append((section, points))

    def spelling(self) -> str:
        """The spelling the document used most, weighted by where each stood."""
        return max(self.names, key=lambda name: self.names[name])

    def names_active(self, value: int) -> bool:
        """The model's name carries ``value`` as its active count ("A2.7B")."""
        return any(count.strength == Strength.NAME and count.value == value for count in self.actives)

    def weights_lean(self) -> float:
        """Above zero when the model's own cues say its weights are open, below when closed."""
        return sum(weight if value else -weight for value, weight in self.weights)

    def count(self, claim: ParamClaim, strength: Strength | None = None) -> None:
        level = strength if strength is not None else claim.strength
        if claim.total and claim.active is None and level <= Strength.BARE and self.names_active(claim.total):
            # "Qwen9-MoE-A2.7B: why does a "2.7B" model need 30 GB?": the name says 2.7B is the active count
            self.actives.append(Count(claim.total, level, claim.notation))
            return
        if claim.total:
            self.totals.append(Count(claim.total, level, claim.notation))
        if claim.active:
            self.actives.append(Count(claim.active, level, claim.notation))


class Placed(NamedTuple):
    """A name placed in its sentence (a named tuple: several are made for every sentence that names models)."""

    match: NameMatch
    candidate: Candidate
    compared: bool


# "olmOCR-Bench: 82.4 overall", "LiveCodeBench", "Chatbot Arena": a benchmark's name is no model's (read in the key)
_BENCHMARK_ENDS = ("bench", "benchmark", "eval", "evals", "arena", "leaderboard")
# "FP8 where the vendor publishes FP8 weights": a number format or a file format is no model
_FORMATS = frozenset(
    ("fp4", "fp8", "fp16", "bf16", "fp32", "int4", "int8", "nvfp4", "mxfp4", "gguf", "awq", "gptq", "mlx", "onnx")
)


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
    return "param" in low or "activ" in low or "total" in low or _SIZE_AFTER_DIGIT.search(low) is not None


def _inert(text: str, low: str, start: int, end: int) -> bool:
    """The sentence ``text[start:end]``, which names no known model and has no release cue, cannot introduce a
    model (no "Meet …", no "Vendor: Model" row) nor state a count: ``Collector.sentence`` would do nothing."""
    sentence = low[start:end]
    return not (
        cues.opens_with_release(sentence)
        or _ROW_GATE.search(text, start, min(end, start + 46))
        or _says_counts(sentence)
    )


def _says_anything(low: str) -> bool:
    """Sizes, "meet" or a colon: a paragraph that names no model may still introduce one."""
    for word in _QUIET_BLOCK_CUES:  # (a loop, not ``any`` over a generator: this runs for most blocks)
        if word in low:
            return True
    return _SIZE_AFTER_DIGIT_BMT.search(low) is not None


# (and "ShieldGemma comes in 2B, 9B and 27B": the sizes a family is offered in)
_SIZE_WORDS = re.compile(
    r"\b(?:sizes?|variants?|versions?|models?|parameters?|flavou?rs?|checkpoints?|comes?\s+in|offered\s+in)\b"
)
_HF_MODEL = re.compile(
    r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co|modelscope\.cn/models)/"
    r"(?!(?:datasets|spaces|docs|blog|papers|collections|organizations|models|api|join|login|settings|posts|"
    r"learn|tasks|chat|pricing|enterprise|new|search)/)([\w.-]+)/([\w.+-]+)/?(?:$|[?#]|tree/|blob/)"
)
_CODE_ID = re.compile(r"[\"'`](?P<org>[A-Za-z0-9][\w.-]{1,40})/(?P<name>[A-Za-z0-9][\w.+-]{1,80})[\"'`]")
_FAMILY_NOUN = re.compile(  # (read in lower-cased text)
    r"(?:,\s+(?:a|an|the|our)\s+(?:new\s+|open\s+)?)?\s+(?:models?\s+)?(?:family|herd|series|collection|line-?up|models|"
    r"suite|generation)\b"
)
_ITEM_HEAD = re.compile(r"\s*(?:\(|:\s|[–—·|/]|-\s)|\s{2,}|\t")
_ROW_GATE = re.compile(r"[:–—]")
_ANY_DIGIT = re.compile(r"\d")
_SIZE_AT_END = re.compile(r"\d[BMT]$")
# (a vendor may open in lower case — "xAI", "rednote" — when the registry knows it: see ``row_name``)
_ROW = re.compile(r"^(?P<vendor>[A-Za-z0-9][\w.&'× -]{1,40}?)\s*[:–—]\s+(?P<rest>\S.*)$")
_DATE_LABEL = re.compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?|\d{4}-\d{2}-\d{2})\s*$",
    re.IGNORECASE,
)
# A sentence that opens by pointing back at the model just named ("It comes in …", "The new family spans …")
_SIZES_LEAD = re.compile(r"\b(?:two|three|four|five|six|[2-6])\s+(?:model\s+|parameter\s+)?sizes\b")
_ANAPHOR = re.compile(r"\W*(?:it|they|both|the\s+(?:new\s+)?(?:model|family|series|release|models))\s", re.IGNORECASE)
# "a family of three dense models at 14B, 8B and 3B": the list the count announces (as "three sizes" does)
_COUNTED = re.compile(
    r"\b(two|three|four|five|six|[2-6])\s+(?:[\w-]+\s+){0,2}?(?:models?|sizes|variants|checkpoints)\b"
)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_ALL_MODELS = re.compile(r"\W*all\s+(?:of\s+)?(?:the\s+|our\s+)?(?:new\s+)?(?:[\w.-]+\s+){1,3}?models\b")
_YEARS_AGO = re.compile(
    r"\W*(?:(?:a|one|two|three|four|five|six|several|many|a\s+few|\d+)\s+years?|a\s+decade)\s+ago\b"
)
_EACH = re.compile(r"\b(?:each|both)\b")
_JOINT = re.compile(r"\s*(?:×|&|/|\band\b|\bx\b|\bwith\b)\s*")
_ROW_NAME = re.compile(r"^(?P<name>[A-Z][\w.+]*(?:[-_. ][A-Za-z0-9.]+){0,4}?)\s*(?P<paren>\()")
# "Upstage: SOLAR 10.7B" (a known vendor, a versioned name, nothing after it but a separator)
_ROW_NAME_END = re.compile(r"^(?P<name>[A-Z][\w.+]*(?:[-_. ][A-Za-z0-9.]+){0,4}?)\s*(?:[·|;–—]|\s-\s|\.?$)")
# A tutorial's title ("Run DeepSeek-R1 locally", "Fine-tuning Llama 3.1 8B with QLoRA") is about using a model
# that already exists; its names are not releases.
_USAGE_TITLE = re.compile(
    r"^\W*(?:how\s+(?:to|we|i)\b|run(?:ning)?\s|fine-?tun(?:e|ing)\s|deploy(?:ing)?\s|serv(?:e|ing)\s|"
    r"quanti[sz](?:e|ing)\s|merg(?:e|ing)\s|benchmark(?:ing)?\s|using\s|build(?:ing)?\s+(?:a|an|your)\s|self-host(?:ing)?\s|"
    r"(?:a\s+)?(?:beginner'?s\s+)?(?:guide|tutorial|walkthrough|cookbook)\b|getting\s+started|"
    r"train(?:ing)?\s+(?:a|an|your)\s|distill(?:ing)?\s|evaluat(?:e|ing)\s|(?:test|review)(?:ing)?\s)"
)
# An editorial piece says so in its title or kicker line ("a field guide to model licenses", "Opinion · May 2025",
# "Analysis | Hardware"): it discusses models that exist, and releases none of them.
_EXPLAINER_TITLE = re.compile(r"\b(?:guide\s+to|primer\s+on|explainer|explained|demystified)\b")
# An assessment of models says so in its title ("A jailbreak robustness evaluation", "Red-teaming open models: Q3
# results", "Safety audit of …"): it tests models that exist, it releases none (unless the title says it does)
_ASSESSMENT_TITLE = re.compile(
    # (not what a model is for or against: "a small open model for evaluation", "stopping jailbreaks at the prompt")
    r"(?<!\bfor\s)(?<!\bstopping\s)(?<!\bagainst\s)(?<!\bblocks\s)(?<!\bdetects\s)"
    r"\b(?:evaluation|red[- ]?team(?:ing)?|robustness|audit|jailbreak(?:s|ing)?|stress[- ]test(?:s|ing)?|"
    r"scorecard|report\s+card|(?:benchmark|eval|test)\s+results)\b"
)
# A piece on what serving or renting costs ("What does a million tokens really cost?", "GPU cloud prices", "The
# economics of inference"): the models it names are in use, as a tutorial's are
_COST_TITLE = re.compile(
    r"\b(?:what\s+does\s.{0,40}\bcost|(?:true|real|hidden)\s+cost|cost\s+of\s+(?:serving|running|inference|hosting)|"
    r"(?:gpu|cloud|inference|token|hosting)\s+(?:cloud\s+)?(?:prices|pricing|costs|economics)|economics\s+of)\b"
)
# A news genre's masthead ("The Sequence of Tokens · Issue #112", "China AI Watch #37", "Models — sort: newest"): its
# rows are the news, release words or not
_NEWS = re.compile(
    r"\b(?:issue|edition|newsletter|letter|bulletin|watch|weekly|digest|roundup|round-up|this\s+week|briefing|"
    r"dispatch|newest|latest|recently\s+added)\b|#\s?\d"
)
_WEAK_RELEASE = re.compile(r"(?:answer|counter|respond|open|kick|start)(?:ed|s)\b")
_RELEASE_TITLE = re.compile(r"\b(?:introduc|announc|releas|launch|open[- ]?sourc|unveil|now\s+available|meet\s|new\b)")
_KICKER = re.compile(
    r"^\W*(?:an?\s+)?(?:analysis|opinion|commentary|op-ed|editorial|column|perspective|explainer|tutorial|how-?to|"
    r"(?:evaluation|benchmark|research|lab)\s+(?:notes|commentary|report))(?:\s+(?:piece|column|essay))?\s*[·|:•—–]"
)
# A title that asks ("Is 32B the new sweet spot?", "What actually runs on a 16 GB Mac? A practical guide") and names
# no model: a discussion of the models that exist, not a release (a forum's "X weights are up — can anyone run
# this?" names its model; "What did Salesforce release?" says release)
_QUESTION_TITLE = re.compile(r"\?(?:\s|$)")
_EARLIER_HEADING = re.compile(
    r"\W*(?:earlier|previous|past|older|prior|legacy)(?:\s+(?:releases?|models?|versions?|generations?|updates?))?\W*$"
)
# A release note's sections of upkeep ("## Improvements", "### Bug fixes", "## Breaking changes", "## Known issues"):
# "- X-20b: kernels 1.6x faster" improves support for a model already out, it adds none
_UPKEEP_HEADING = re.compile(
    r"\W*(?:improvements?|enhancements?|(?:bug\s*)?fix(?:es)?|breaking\s+changes?|known\s+issues|deprecations?|"
    r"performance(?:\s+improvements?)?|other\s+changes|changed|removed)\W*$"
)
# "We release it together with three smaller siblings", "released alongside two other sizes": a card's family
_SIBLINGS_RELEASED = re.compile(
    r"\b(?:together\s+with|alongside|along\s+with|plus)\s+(?:its\s+|the\s+)?(?:two|three|four|five|six|[2-6]|"
    r"several)\s+(?:\w+\s+){0,2}?(?:siblings|sizes|variants)\b"
)
# "Decoder: DeepSeek3B-MoE-A570M — a roughly 3B-parameter MoE", "Vision encoder: SigLIP-400M": a row naming a part
_PART_LABEL = re.compile(
    r"\W*(?:(?:vision|text|image|audio|speech|language)\s+)?(?:encoder|decoder|backbone|tower|projector|adapter|"
    r"connector|tokeni[sz]er|base\s+model|language\s+model|llm)\s*:"
)
# A model's part, whose size is not a member's ("the vision encoder has 400M parameters")
_COMPONENT = re.compile(
    r"\b(?:encoder|decoder|embeddings?|tower|adapter|projector|connector|experts?|backbone|tokeni[sz]er|head)s?\b",
    re.IGNORECASE,
)
_RELEASE_NOTE_TITLE = re.compile(r"(?:^|\W)v\d+\.\d+|\brelease\s+notes?\b|\bchange\s?log\b|\bwhat'?s\s+new\b")
# A router's or a hub's sidebar: "Similar models", "Other models by Acme", "More models from Acme"
_SIDEBAR_LABEL = r"(?:similar|related)\s+models|(?:other|more)\s+models\s+(?:by|from)"
# A post's footer of links to other posts ("Related posts: Introducing X · Y and Z: the next generation"): the titles
# of earlier announcements, not this one's releases. As a line's label it skips the line; as a heading, its section.
_RELATED = re.compile(
    r"\W*(?:related\s+(?:posts?|articles?|reading|stories|content|links|news)|related(?=\s*:)|read\s+(?:more|next)|"
    r"see\s+also|"
    r"more\s+(?:from\s+(?:the\s+|our\s+)?blog|posts|stories|to\s+read)|you\s+(?:may|might)\s+also\s+(?:like|enjoy)|"
    r"further\s+reading|recommended\s+(?:posts?|articles?|reading|for\s+you)|"
    rf"{_SIDEBAR_LABEL})\b"
)
_SIDEBAR = re.compile(rf"\W*(?:{_SIDEBAR_LABEL})\b")
# "## Not shipped (yet)", "## Coming soon", "## Rumours": a section of what is not out
_NOT_YET_HEADING = re.compile(
    r"\W*(?:not\s+(?:yet\s+)?(?:shipped|released|out|available|open)|coming\s+(?:soon|next|later)|upcoming|"
    r"rumou?rs?(?:\s+and\s+\w+)?\W*$|on\s+the\s+horizon|still\s+to\s+come|in\s+the\s+pipeline|announced,?\s+not\s+)"
)
# "FOR CONTEXT: WHAT THESE ARE MEASURED AGAINST", "## Baselines": a section of the models the news is compared with
_YARDSTICK_HEADING = re.compile(
    r"\b(?:for\s+(?:context|comparison|reference)|measured\s+against|compared\s+(?:to|with|against)|baselines?|"
    r"yardsticks?|reference\s+(?:models?|points?)|the\s+competition|how\s+(?:it|they)\s+compares?)\b"
)
_EVALUATION_TITLE = re.compile(
    r"\b(?:head[- ]to[- ]head|shoot-?out|face-?off|bake-?off|vs\.?|versus|compared|side[- ]by[- ]side|"
    r"which\s+(?:one|model|llm)s?\s+should|(?:we|i)\s+(?:tested|benchmarked|compared))\b"
)
_LEADERBOARD_TITLE = re.compile(r"\b(?:leaderboard|rankings?|league\s+table)\b")
_FUNDING_TITLE = re.compile(
    r"\b(?:rais(?:es|ed|ing)\s+(?:[$€£¥]|us\$|rmb|\d)|funding\b|valuation|series\s+[a-h]\b|seed\s+round|"
    r"(?:investment|funding)\s+round)"
)
_SOFTWARE_VERSION = re.compile(r"(?<![\w.])v?\d+\.\d+\.\d+(?![\w.])")
_TOOL_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:toolkit|library|framework|sdk|cli|plugin|extension|dataset|benchmark|leaderboard|"
    r"arena|paper|technical\s+report|controversy|lawsuit|architecture)s?\b",
    re.IGNORECASE,
)
# a license's name ("the Llama 3.1 Community License") or a tool's ("the ERNIEKit development toolkit")
# (read in the lower-cased sentence: the pattern is all lower case, and IGNORECASE makes it several times slower)
# "higher rate limits for Claude Pro and Team subscribers": a plan's name
_PLAN_AFTER = r"\s+(?:(?:and|&|or)\s+[\w-]+\s+)?(?:subscribers?|subscriptions?|plans?|tiers?)\b"
_NOT_A_MODEL_AFTER = re.compile(f"(?:{_LICENSE_AFTER.pattern})|(?:{_TOOL_AFTER.pattern})|(?:{_PLAN_AFTER})")
# "We're releasing FineWeb, a new large-scale (15 trillion tokens) dataset": what is released is no model
# "published ProverBench, 325 formalised problems": a counted set of problems is a benchmark
_NOT_PRODUCT_APPOSITIVE = re.compile(
    r"^\s*,\s*(?:(?:a|an|the|our)\s[^.;:]{0,80}?\b(?:dataset|corpus|benchmark|library|framework|toolkit|sdk|app|"
    r"platform|tool|leaderboard|chip|accelerator)s?\b|(?:some\s+|over\s+|about\s+)?\d[\d,.]*[km+]?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:problems|questions|tasks|prompts|exercises|puzzles|examples|samples|items|test\s+cases|conversations)\b)",
    re.IGNORECASE,
)
# "Mistral Compute, an AI cloud built with NVIDIA": a known brand's product that is no model (read in lower case;
# the noun heads the appositive within three words, and "an API-only model" is a model)
_SERVICE_APPOSITIVE = re.compile(
    r",\s+(?:a|an|the|its|our|their)\s+(?:[\w-]+\s+){0,3}?(?:cloud|platform|service|data\s*cent(?:re|er)s?|cluster|"
    r"supercomputer|chip|app|assistant|chatbot|subscription|marketplace|dataset|benchmark|library|framework|"
    r"toolkit|sdk|fund)(?![\w-])"
)
_MODEL_SIZE = re.compile(r"\bmodel\s+size\W{0,3}$", re.IGNORECASE)  # (searched just before the count)
_VENDOR_VERB = re.compile(
    # ("Pellucid, a Lyon-based AI company, published …": the appositive between the lab and its verb)
    r"(?P<vendor>(?:[A-Z][\w.&-]*\s){0,3}[A-Z][\w.&-]*)(?:'s)?(?:,\s(?:a|an|the)\s[^,;.]{2,60},)?\s+(?:has\s+|have\s+|just\s+|today\s+|quietly\s+|"
    r"officially\s+)?(?:released|releases|launched|launches|open-sourced|open-sources|unveiled|unveils|"
    r"introduced|introduces|announced|announces|dropped|drops|published|publishes|debuted|debuts|shipped|ships)\b"
)
# The stem of every verb of ``_VENDOR_VERB`` (both case-sensitive): where none occurs, neither does a verb
_VENDOR_VERB_WORD = re.compile(r"releas|launch|open-sourc|unveil|introduc|announc|drop|publish|debut|ship")
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
        self.about: Candidate | None = None  # the same, a bare family word ("CodeGemma brings …") included
        self.section: list[Candidate] = []  # the models the last heading named
        self.doc_licenses: list[tuple[str, float]] = []
        self.doc_weights: list[tuple[bool, float]] = []
        self.seen_links: set[str] = set()
        self.earlier = False  # under a heading of earlier releases (see ``_EARLIER_HEADING``)
        self.unreleased = False  # under a heading of what is not out yet (see ``_NOT_YET_HEADING``)
        self.release_lead = False  # the last block was "we release four of them:" (see ``_what_follows``)
        self.framed = False  # the title says the document releases something (see ``tables``)
        self.unframed_tables: list[list[Candidate]] = []  # spec tables in neither (see assemble)
        self.section_no = 0  # the headings read so far: the number of the current section
        self.framed_sections: set[int] = set()  # the sections whose heading or text (so far) has a release word
        self.news = False  # the document's head names a news genre: "Issue #112", "Weekly", "sort: newest"
        self.length = 0  # characters of prose in the document (see ``assemble.ARTICLE_LENGTH``)
        self.earlier_lead = False  # the last block was "For reference, our earlier releases:" (see ``tables``)
        self.history = False  # the paragraph opens years back ("Two years ago …", see ``_YEARS_AGO``)
        self.sizes_lead = False  # the paragraph said "The family comes in three sizes." (see ``_SIZES_LEAD``)
        self.lineup = False  # in the list after "The X family includes:" (see ``_LINEUP_LEAD``)
        self.related = False  # under a heading of links to other posts (see ``_RELATED``)
        self.evaluation = False  # the title says the document compares models (see ``_EVALUATION_TITLE``)
        self.release_note = False  # the title reads as a software release's ("v0.9.0 · tinyserve", "Changelog")
        self.usage = False  # a tutorial or an editorial uses or discusses models (``_USAGE_TITLE``, ``_KICKER``)
        self.prose_sizes: set[int] = set()  # every total count the prose states ("350M, 700M and 1.2B parameters")
        self.siblings_released = False  # "We release it together with three smaller siblings" (see ``assemble``)
        self.named_together: list[Candidate] = []  # the models the block last named together (see ``which_one``)
        self.spec_tables: list[list[Candidate]] = []  # the models of each table that credits its rows (see assemble)

    def read(self, document: Document) -> None:
        self.front_matter(document.front_matter)
        blocks = [block if not block.text[:4].isupper() else _unshouted(block) for block in document.blocks]
        # "🧠 Moonshot AI: Kimi k1.5": a newsletter's emoji before a heading or an item is decoration
        blocks = [_undecorated(block) if block.text[:1] > "\u2000" else block for block in blocks]
        prose = [block.text for block in blocks if block.kind not in ("table", "code")]
        scans = iter(scan_blocks(prose, self.finder))  # (in the prose blocks' order)
        self.length = sum(map(len, prose))
        for index, block in enumerate(blocks):
            if index < 3 and block.kind in ("text", "title") and _KICKER.match(cues.lowered(block.text[:40])):
                self.usage = True  # "Opinion · Benchmarks · May 2025" under the title, "OPINION | …" as the title
            if index < 3 and block.kind != "table" and _NEWS.search(cues.lowered(block.text[:200])):
                self.news = True  # "The Sequence of Tokens · Issue #112": a newsletter's masthead
            if block.kind == "table":
                read_table(self, block)
            elif block.kind == "code":
                self.code(block)
            else:
                self.prose(block, next(scans))
            lead = block.kind == "text" and block.text.rstrip().endswith(":")
            follows = _what_follows(block.text) if lead else None
            self.release_lead = follows is not None
            self.earlier_lead = lead and _EARLIER_LEAD.search(cues.lowered(block.text[-160:])) is not None
            if block.kind != "item" or not self.lineup:  # (the lead's list: each of its items)
                self.lineup = follows == "lineup"
            if block.links:
                self.links(block)

    # --- candidates ---

    def candidate(self, match: NameMatch, weight: float = 1.0) -> Candidate | None:
        key = name_key(match.name)
        if len(key) < 2 or key in _FORMATS or key.endswith(_BENCHMARK_ENDS):
            return None
        if match.name.islower() and not _ANY_DIGIT.search(key) and self.registry.by_org(match.name) is not None:
            return None  # "deepseek-ai / DeepSeek-OCR": the organisation of a hub page's title
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

    def prose(self, block: Block, scan: BlockScan | None = None) -> None:
        """Each sentence of a block; a license or weights cue that names no model applies to the models the
        block names, or else to the document. Cues are found once per block (``scan``, else here) and handed to
        their sentences."""
        text = block.text
        low, names, events, license_words = scan or scan_blocks([text], self.finder)[0]
        said = _says_released(low, events) or (
            block.kind in ("title", "heading") and _RELEASE_TITLE.search(low) is not None
        )
        if block.kind == "heading":
            self.section_no += 1
        if block.kind == "title":
            self.framed = self.framed or said
        elif said:
            self.framed_sections.add(self.section_no)
        if block.kind == "title" and (
            _EVALUATION_TITLE.search(low)
            or _FUNDING_TITLE.search(low)
            # ("Introducing X, now #1 on the leaderboard" is a release)
            or (_LEADERBOARD_TITLE.search(low) and not _RELEASE_TITLE.search(low))
        ):
            # "X vs Y", "Open models head to head": the contenders are yardsticks throughout; "Acme raises $600M":
            # a funding story names the lab's past models as its track record
            self.evaluation = True
        if block.kind == "title" and (
            _USAGE_TITLE.match(low)
            or _EXPLAINER_TITLE.search(low)
            or ((_ASSESSMENT_TITLE.search(low) or _COST_TITLE.search(low)) and not _RELEASE_TITLE.search(low))
        ):
            # "Merge two 7B fine-tunes with mergekit", "A field guide to model licenses", "A jailbreak robustness
            # evaluation", "GPU cloud prices": the models it names are used, discussed or tested, none released
            self.usage = True
        if block.kind == "title" and not names and _QUESTION_TITLE.search(low) and not _RELEASE_TITLE.search(low):
            self.usage = True
        if block.kind == "title":
            self.release_note = _RELEASE_NOTE_TITLE.search(low) is not None
        if block.kind in ("title", "heading"):
            self.earlier = _EARLIER_HEADING.match(low) is not None  # "## Earlier releases": what came before
            if block.kind == "heading" and not self.earlier:
                # (a model card's "## Performance" holds its own results: upkeep only in a release note)
                upkeep = self.release_note and _UPKEEP_HEADING.match(low) is not None
                self.earlier = _YARDSTICK_HEADING.search(low) is not None or upkeep
            self.related = block.kind == "heading" and _RELATED.match(low) is not None
            self.unreleased = block.kind == "heading" and _NOT_YET_HEADING.match(low) is not None
            if self.related:
                return
        if block.kind == "text" and len(low) < 48 and "." not in low and _SIDEBAR.match(low):
            # a plain-text page's "Similar models" line: a section of links, as a heading's ("Read more" or "See
            # also" alone is one link, and a newsletter goes on to its next item after it)
            self.related = True
        if self.related or (block.kind != "title" and _RELATED.match(low)):
            return  # "Related posts: Introducing X and Y": other posts' titles
        licenses = find_licenses(text, checked=True) if license_words else []
        if not (names or events or licenses) and block.kind == "text" and not _says_anything(low):
            return  # a paragraph that names no model and says nothing of sizes, licenses or releases
        # "The family comes in three sizes. The largest, at 2.2 billion parameters, …; two siblings of 500 million and
        # 256 million parameters": each size the paragraph then states is a member of the model it is about
        self.sizes_lead = "sizes" in low and _SIZES_LEAD.search(low) is not None
        # "Two years ago X meant one very large model. … and X 2 (9B and 12B) brought …": a paragraph that opens
        # years back tells the family's history; what it names came out before (a sentence cueing a release aside)
        self.history = _YEARS_AGO.match(low) is not None
        mentioned: list[Candidate] = []
        self.named_together = []
        pending_licenses: list[tuple[str, float]] = []
        pending_weights: list[tuple[bool, float]] = []
        head: list[Candidate] | None = None  # the models of an item's first sentence that names any
        starts = [m.start for m in names]  # in order, as are the sentences
        unnamed = False  # the last sentence released "an open TTS model" without naming it
        releasing: set[str] = set()  # the labs that sentence named
        for start, end in sentence_spans(text):
            kinds = cues.kinds_between(events, start, end) if events else set()
            first, last = bisect_left(starts, start), bisect_left(starts, end)
            if first == last and block.kind == "text" and "release" not in kinds and _inert(text, low, start, end):
                placed = []  # (what ``sentence`` would find: no name, nothing that introduces one, no count)
            else:
                known = [_shifted(m, -start) for m in names[first:last]] if start else names[first:last]
                placed = self.sentence(text[start:end], block.kind, low[start:end], kinds, known)
            if unnamed and placed and placed[0].match.start < 3 and not placed[0].compared and not kinds & _NOT_OUT:
                # "Microsoft quietly dropped an open TTS model yesterday. VibeVoice-1.5B generates …": the model
                # the release sentence spoke of is the one the next sentence opens with — unless it is another
                # lab's ("Meta released a new model today. GPT-4o still leads …")
                opener = placed[0].candidate
                if not (releasing and opener.vendor is not None and opener.vendor.name not in releasing):
                    opener.credit(CUE, text[start:end])
                    opener.announced = opener.cued = True
            unnamed = (
                not placed
                and "release" in kinds
                and not kinds & _NOT_OUT
                and _UNNAMED_RELEASE.search(low, start, end) is not None
                and ":" not in low[start:end]  # (not a list: "We release four checkpoints: the base model, …")
            )
            releasing = {vendor.name for _, _, vendor in self.registry.named_in(text[start:end])} if unnamed else set()
            if placed:
                fresh = [p.candidate for p in placed if not p.compared]
                mentioned += fresh
                head = fresh if head is None else head
            if licenses:
                here = [m for m in licenses if start <= m.start < end]
                if here and len(self.named_together) > 1 and " one" in low[start:end]:
                    here = self.which_one_licenses(low[start:end], start, here)
                if here:
                    self.sentence_licenses(low[start:end], start, placed, here, pending_licenses)
                    if placed and _ALL_MODELS.match(low, start) and any(p.candidate.announced for p in placed):
                        # "All Mistral 3 models are released under Apache 2.0": every model of the release the
                        # document announces, members named apart ("Ministral 3 14B") included
                        self.doc_licenses += [(mention.license, 0.5) for mention in here]
                    if block.kind == "item" and placed and not kinds & _NOT_OUT:
                        _licensed_row(text[start:end], low[start:end], placed, self.section_no)
            if kinds:  # (without cues in the sentence none of its clauses has a weights cue)
                self.clause_cues(text, start, end, events, kinds, placed, pending_weights)
        mentioned = list(dict.fromkeys(mentioned))
        if licenses and len(mentioned) > 1:
            _family_licenses(mentioned, licenses)
        # "* Ant Group: Ling-1T (1,000B total). MIT. … The reasoning sibling Ring-1T followed": the row's own model
        item = block.kind == "item"
        targets = list(dict.fromkeys(head)) if item and head else mentioned
        self.block_cues(targets, pending_licenses, pending_weights, item=item)
        # (both a license and a weights cue, or nothing to look at: most blocks have neither)
        if (
            pending_licenses
            and pending_weights
            and block.kind == "text"
            and _releases_weights(pending_licenses, pending_weights)
        ):
            for target in targets:  # "… Granite 3.0 8B and Granite 3.0 2B. Everything is Apache 2.0 and downloadable"
                target.credit(PARAGRAPH_LICENSE, text)
        self.section_cues(block, mentioned, licenses, events)

    def clause_cues(
        self,
        text: str,
        start: int,
        end: int,
        events: list[tuple[int, str]],
        kinds: set[str],
        placed: list[Placed],
        pending: list[tuple[bool, float]],
    ) -> None:
        """The weights cues of each clause of a sentence go to the models of that clause: "X is API-only; its
        sibling Y is Apache 2.0"."""
        spans = clauses(text, start, end)  # (one test for cuts: ``clauses`` makes it, and splits only after it)
        if len(spans) == 1:  # (the sentence itself: a "·" with no spaces around it cuts nothing)
            if kinds:
                self.weights_cues(kinds, placed, pending)
            return
        carried: list[Placed] = []  # "OpenAI: o3 · o4-mini — API and ChatGPT only": names with no words of their own
        for left, right in spans:
            clause_kinds = kinds if (left, right) == (start, end) else cues.kinds_between(events, left, right)
            here = placed if (left, right) == (start, end) else within(placed, left - start, right - start)
            if clause_kinds:
                self.weights_cues(clause_kinds, carried + here, pending)
                carried = []
            else:
                carried = carried + here if here and names_only(text, left, right, here, start) else []

    def section_cues(
        self, block: Block, mentioned: list[Candidate], licenses: list[LicenseMention], events: list[tuple[int, str]]
    ) -> None:
        """A heading's models ("**Meta: Llama 3.1 (405B, 70B, 8B)**") take the license and weights cues of
        the paragraphs under it, with less weight than the models those paragraphs name."""
        if block.kind in ("title", "heading"):
            self.section = list(dict.fromkeys(mentioned))
            return
        if not self.section:
            return  # (most blocks: no heading above them named a model)
        kinds = {kind for _, kind in events}
        later = "open" in kinds and "rumour" in kinds and "closed" not in kinds
        for target in self.section:
            target.licenses += [(mention.license, 1.0) for mention in licenses]
            if "open" in kinds or "closed" in kinds:
                target.weights.append((True, LATER) if later else ("closed" not in kinds, 0.5))

    def block_cues(
        self,
        targets: list[Candidate],
        licenses: list[tuple[str, float]],
        weights: list[tuple[bool, float]],
        item: bool = False,
    ) -> None:
        """Cues of sentences that name no model go to the block's models; a list item's sentences all
        describe the item's own model ("5) OpenAI: GPT-5 … no weights"), so there they count in full."""
        # (a paragraph about one model: "Its weights are not released" is about that model)
        share = 1.0 if (item and len(targets) <= 2) or len(targets) == 1 else 0.5
        for license, weight in licenses:
            for target in targets:
                if target.weights_lean() >= 0:  # "… Apache 2.0. Alibaba also launched Qwen3-Max, API-only"
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
    ) -> list[Placed]:
        release = "release" in kinds or cues.opens_with_release(low) or (kind == "item" and self.lineup)
        if release and ("sibling" in low or "sizes" in low) and not kinds & _NOT_OUT:
            self.siblings_released = self.siblings_released or _SIBLINGS_RELEASED.search(low) is not None
        if known is None:
            known = self.finder.find(text, low)
        if not known and not release and kind == "text" and not _ROW_GATE.search(text, 0, 46):
            matches = []  # no name, no cue that introduces one, no "Vendor: Model" row: nothing to place
        else:
            matches = self.names_in(text, kind, release, known, low)
        if not matches:
            if "model size" in low and self.repo_size(text):
                return []
            # "It has 1T total parameters": for the model last named; but "We also trained a 34B variant, and we
            # are holding it back": the size of a model not out
            if _says_counts(low) and "rumour" not in kinds:
                self.counts(text, [], release)
            return []
        past = "past" in kinds or (self.earlier and kind != "heading") or (self.history and not release)
        flags = _Flags(release, past, "rumour" in kinds or (self.unreleased and kind != "heading"))
        until = matches[-1][0].start  # (``names_in`` orders them; no cue fits before a name that opens the sentence)
        spans = cues.comparison_spans(low, until=until) if until > 2 else []
        usage = kind == "title" and bool(_USAGE_TITLE.match(low))  # "Run DeepSeek-R1 locally": no release
        usage = usage or self.evaluation or self.usage or (":" in low[:40] and _PART_LABEL.match(low) is not None)
        dated = cues.dated_spans(low) if "dated" in kinds else []
        parts = any(word in low for word in _PART_WORDS)  # (the cheap test for ``_PART_AFTER``)
        placed: list[Placed] = []
        for match, points in matches:
            if placed and api_id_after(text, placed[-1].match, match):
                continue  # "Devstral Small 1.1 (devstral-small-2507, 24B)": the model's API id, not another model
            subject = self.subject
            found: Candidate | None
            if match.org and subject is not None and _hub_id_of(match.name, subject):
                found = subject  # "on the Hub as databricks/dolly-v2-12b": Dolly 2.0's id
                subject.vendor = subject.vendor or match.vendor
            else:
                found = self.candidate(match)
            if found is None:
                continue
            compared = (
                (bool(spans) and cues.in_spans(match.start, spans))
                or usage
                or generic_instance(low, match.start)
                or (parts and _PART_AFTER.match(low, match.end) is not None)
            )
            here = flags if not (flags.release and ";" in low) else _clause_flags(low, match.start, flags)
            if dated and cues.in_spans(match.start, dated):
                here = here._replace(release=False, past=True)
            earned = _points(_title_kind(kind, low, match), low, match, compared, here)
            if match.org and match.start <= len(match.org) + 3 and earned > 0:
                points = ROW  # "Qwen/Qwen3-32B · Text Generation · 33B": a hub listing's row
            found.generic = found.generic or bool(_FAMILY_NOUN.match(low, match.end))
            listed = points is not None and earned > 0
            found.listed = found.listed or listed
            if listed and points and points > earned and kind != "title" and not match.org:
                # (a row by layout alone; a title's row and a hub or router id's — "x-ai/grok-code-fast-1" — are the
                # page's own model)
                found.credit(earned, text)
                found.credit_loose(points - earned, text, self.section_no)
            else:
                found.credit(max(earned, points) if listed and points else earned, text, title=kind == "title")
            found.announced = found.announced or listed or earned >= CUE
            # (the release's own model is the first the sentence names: "Our new Llama 3 models are a major leap
            # over Llama 2" releases Llama 3 only)
            found.cued = found.cued or (earned == CUE and not any(not p.compared and not p.match.bare for p in placed))
            found.yardstick += COMPARISON if compared else 0.0
            if found.vendor is None and found.vendor_named is None:
                found.vendor_named = self.vendor_near(text, match)
            placed.append(Placed(match, found, compared))
        if len(placed) > 2:
            _lineup_members(low, placed)
        if len(placed) > 1 and ":" in low:
            _counted_list(low, placed)
        blocked = flags.rumour or flags.past
        self.counts(text, placed, release, blocked=blocked, in_item=kind == "item", promised=flags.rumour)
        list_peers(text, placed)
        if "checkpoint" in low:
            _mark_checkpoints(low, placed)
        if len(placed) > 1:  # (their sizes are looked up only when a count or a license points at one of them)
            together = list(dict.fromkeys(p.candidate for p in placed if not p.compared))
            self.named_together = together if len(together) > 1 else self.named_together
        # (not the family a member belongs to: "The mid-sized member of the Qwen3-VL family. It has 31.1B …")
        member_of = " of " in low
        fresh = [
            p.candidate
            for p in placed
            if not p.compared
            and not p.match.bare
            and not (member_of and _MEMBER_OF.search(low, max(0, p.match.start - 24), p.match.start))
        ]
        if not fresh and release and placed and placed[0].candidate.cued and not placed[0].compared:
            # "Meet EmbeddingGemma, our new open embedding model. 308M parameters, …": a family word a release
            # sentence introduces is the model the next sentences measure
            fresh = [placed[0].candidate]
        self.subject = fresh[0] if fresh else self.subject
        named = next((p.candidate for p in placed if not p.compared), None)
        self.about = named or self.about
        return placed

    def repo_size(self, text: str) -> bool:
        """A hub page's sidebar ("Safetensors · Model size 4.3B params") measures the repository's own model, the
        one the page's title names: a precise count that outranks the round size in its name. Whether it did."""
        titled = next((c for c in self.candidates.values() if c.titled and not c.bare), None)
        claims = [c for c in find_params(text) if c.total and _MODEL_SIZE.search(text, 0, c.start)]
        if titled is None or not claims:
            return False
        titled.count(claims[0], Strength.STATED)
        return True

    def names_in(
        self, text: str, kind: str, cued: bool, known: list[NameMatch], low: str | None = None
    ) -> list[tuple[NameMatch, float | None]]:
        """Names with fixed points (a release row's name) or None (points from the sentence). ``low`` is
        ``lowered(text)`` when the caller has it."""
        low = cues.lowered(text) if low is None else low
        if known:
            known = [
                m
                for m in known
                if not (m.bare and text.startswith("'s", m.end))  # "Mistral's 124B model": the company
                and not text.startswith("-based", m.end)  # "the Llama-based checkpoints": a modifier, no mention
                # (both patterns open with white space: the cheap test first)
                and not (text[m.end : m.end + 1].isspace() and _NOT_A_MODEL_AFTER.match(low, m.end))
                and not (text[m.end : m.end + 1] == "," and _SERVICE_APPOSITIVE.match(low, m.end))
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
            while head < len(found) and HEAD_JOIN.fullmatch(text, found[head - 1][0].end, found[head][0].start):
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
        return [
            m
            for m in matches
            if not (
                m.bare
                and (any(s <= m.start and m.end <= e for s, e in companies) or _SAYS.match(text, m.end) is not None)
            )
        ]

    def vendor_row(self, text: str) -> bool:
        """The text opens as a newsletter's row, a known vendor and a colon ("Meta: Movie Gen — …")."""
        row = _ROW.match(text) if text[:1].isalnum() else None
        return row is not None and self.registry.get(row.group("vendor")) is not None

    def row_name(self, text: str, known: list[NameMatch]) -> NameMatch | None:
        """ "Alibaba: Qwen3.5 (397B)" — a newsletter's list of releases: the vendor, a colon, the model.
        ``known`` are the registry's names in ``text``."""
        # (a row opens with a letter or digit and has a colon or dash near the start: the cheap tests first)
        row = _ROW.match(text) if text[:1].isalnum() and _ROW_GATE.search(text, 0, 46) else None
        if row is None:
            return None
        vendor = self.registry.get(row.group("vendor")) or self.registry.get(_JOINT.split(row.group("vendor"))[0])
        if vendor is None and not text[0].isupper():
            return None  # "note: …", "update: …": only a known vendor ("xAI", "01.AI") opens a row in lower case
        rest = row.group("rest")
        offset = row.start("rest")
        first = next((m for m in known if m.start >= offset), None)
        # "Meta: Llama 4 Scout" and a changelog's "Jul 10 — Devstral Medium", not "Biggest movers: DeepSeek-V3" (a
        # label, not the vendor)
        dated = vendor is None and _DATE_LABEL.match(row.group("vendor")) is not None
        if vendor is None and not dated and not _lab_like(row.group("vendor")):
            return None  # "The merge is not a compromise: AlpacaEval 2.0 goes from 46.6 (v1)": a clause, not a lab
        if dated and not _row_says(rest, "release" in cues.kinds_between(cues.scan(rest.lower()), 0, len(rest))):
            return None  # a timeline's "Jan 20 — DeepSeek-R1 shook markets": a date, but nothing of a release
        if first is not None and first.start < offset + 5 and (vendor is not None or dated or first.vendor is None):
            return first
        name = _ROW_NAME.match(rest) or (_ROW_NAME_END.match(rest) if vendor is not None else None)
        if name is not None and not name.group("name")[-1:].isdigit() and not _SIZE_AT_END.search(name.group("name")):
            name = name if name.groupdict().get("paren") else None
        if name is None or not (vendor or _ANY_DIGIT.search(name.group("name"))):
            return None
        if not _candidate(name.group("name")) and not (vendor and _sized_family(rest, name)):
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
        if _VENDOR_VERB_WORD.search(text, 0, match.start) is None:
            return None  # (no verb, so ``_VENDOR_VERB``, which tries every capital, cannot match: the cheap test first)
        verbs = list(_VENDOR_VERB.finditer(text, 0, match.start))
        return _lab_named(verbs[-1].group("vendor")) if verbs else None

    def counts(
        self,
        text: str,
        placed: list[Placed],
        release: bool = False,
        blocked: bool = False,
        in_item: bool = False,
        promised: bool = False,
    ) -> None:
        for item in placed:
            size = size_in_name(item.match.name)
            if size is not None:
                item.candidate.count(size)
        skip = tuple((p.match.start, p.match.end) for p in placed)
        claims = find_params(text, skip)
        if not claims:
            return
        self.prose_sizes.update(claim.total for claim in claims if claim.total)
        for sizes in size_lists(text, claims):
            claims = [claim for claim in claims if claim not in sizes]
            around = text[max(0, sizes[0].start - 30) : sizes[-1].end + 30].lower()
            word = _SIZE_WORDS.search(around)
            named = release or word or right_after_name(text, placed, sizes[0])
            if named and not blocked and not after_compared_name(text, placed, sizes[0]):
                # ("comes in four sizes", "Llama 9 (8B, 70B)" announce the sizes; "the small 3B and 7B models" may not)
                sized = release or right_after_name(text, placed, sizes[0]) or (word and word.group(0)[0] != "m")
                sized = sized or _counted(text[max(0, sizes[0].start - 50) : sizes[0].start].lower(), len(sizes))
                self.family_sizes(text, sizes, placed, bool(sized), loose=not release)
        member = member_size(text, claims, placed, release) if not blocked else None
        if member is None and self.sizes_lead and not placed and not blocked:
            # (not a part's size: "Every size shares the same vision encoder, which has 400 million parameters")
            member = next(
                (
                    c
                    for c in claims
                    if c.total
                    and c.active is None
                    and c.strength == Strength.STATED
                    and not _COMPONENT.search(text, max(0, c.start - 60), c.start)
                ),
                None,
            )
        if member is not None and self.member_of_subject(text, member, release or self.sizes_lead):
            claims = [claim for claim in claims if claim is not member]
        if promised and placed:
            return  # "A smaller 2.6B Gemma 2 model is coming soon": the size of a model not out, not the release's
        if len(self.named_together) > 1 and " one" in text:
            claims = self.which_one(text, claims)
        # "The line-up: Microsoft's Phi-3-mini (3.8B), Google's Gemma 2 2B (2.6B), Meta's Llama 3.2 3B …": sizes of
        # the contenders of several labs, with nothing said of a release, are specs, not news
        specced: set[int] = set() if release or not _lineup(placed) else {id(p.candidate) for p in placed}
        derived = any(p.compared for p in placed) and DERIVED.search(text) is not None
        for claim in claims:
            target = nearest(placed, claim)
            if target is None and claim.strength >= Strength.STATED and not yardstick_size(placed, claim):
                if not placed and self.vendor_row(text):
                    break  # "Meta: Movie Gen — a 30B-parameter video model": a row of a product not taken for a model
                target = self.subject
            if target is None:
                continue
            derived_from = heirs(placed, target) if derived and claim.strength >= Strength.STATED else []
            if derived_from:  # "M1 is developed based on MiniMax-Text-01, which contains 456B parameters": M1's too
                for heir in derived_from:
                    heir.count(claim)
                continue
            target.count(claim)
            if blocked:
                continue  # "Mixtral 4x2B (6.7B total) remains available": a size, but no sign of a release
            if claim.strength >= Strength.STATED:
                target.score += STATED_BONUS
                if not release:
                    target.loose.append((self.section_no, STATED_BONUS))
            if id(target) in specced:
                continue
            if right_after_name(text, placed, claim) or (
                in_item and not blocked and claim.strength >= Strength.STATED and target is first_named(placed)
            ):
                # "Jamba 1.5 Mini (12B active/52B total)", "Qwen3.5 (397B)", and a list item that gives its
                # model's size: "- The highly capable Llama 4 Maverick with 17B active parameters out of 400B"
                specced.add(id(target))
                target.score += SPEC_AFTER_NAME
                if not release:
                    target.loose.append((self.section_no, SPEC_AFTER_NAME))

    def which_one(self, text: str, claims: list[ParamClaim]) -> list[ParamClaim]:
        """ "Two sizes: X-120b and X-20b. … 117B total / 5.1B active for the big one, 21B total / 3.6B active for the
        small one": each count goes to the model of the pair it points at; the rest are returned."""
        low = cues.lowered(text)
        sized = self.pair_by_size()
        if len(sized) < 2:
            return claims
        rest = []
        for claim in claims:
            which = _WHICH_ONE.search(low, claim.end, cues.clause_end(low, claim.end))
            if which is None:
                rest.append(claim)
                continue
            _pointed_at(sized, which.group(1)).count(claim)
        return rest

    def pair_by_size(self) -> list[tuple[int, Candidate]]:
        """The models the block last named together, each with its size (its name's, else a total the text gave)."""
        return [(size, c) for c in self.named_together if (size := _size_of(c))]

    def which_one_licenses(self, low: str, offset: int, mentions: list[LicenseMention]) -> list[LicenseMention]:
        """ "The big one comes under a modified MIT license, the small one under Apache 2.0": each license goes to
        the model of the pair its clause points at; the rest are returned."""
        sized = self.pair_by_size()
        if len(sized) < 2:
            return mentions
        rest = []
        for mention in mentions:
            at = mention.start - offset
            clause_start = max(low.rfind(",", 0, at), low.rfind(";", 0, at), 0)
            which = _THE_ONE.search(low, clause_start, at)
            if which is None:
                rest.append(mention)
                continue
            _pointed_at(sized, which.group(1)).licenses.append((mention.license, 3.0))
        return rest

    def family_sizes(
        self, text: str, sizes: list[ParamClaim], placed: list[Placed], announcing: bool, loose: bool = False
    ) -> None:
        """ "Gemma 3 comes in 1B, 4B, 12B and 27B sizes", "the 8B and 70B models": one model a size, named
        after the family the sentence (or the text before it) is about — released as "Gemma 3 27B"."""
        family = family_before(placed, sizes[0].start) or family_after(text, placed, sizes[-1].end)
        if family is None and not placed and (self.sizes_lead or _ANAPHOR.match(text)):
            family = self.subject  # "Today we release X. It is available in two sizes, 9B and 27B"
            if self.sizes_lead and len(self.section) == 1:
                # under "### Code Llama", "Meta took Llama 2 and kept training it … The result comes in three sizes":
                # the section's model, not the last one named (its base)
                family = self.section[0]
        if family is None:
            return  # sizes the sentence gives without naming the model: no row (corpus rule 2)
        if placed and _EACH.search(text, placed[0].match.end, sizes[0].start):
            # "The X series and its sibling, the Y series, are now open: … each offered in three sizes — 0.6B, 4B
            # and 8B": the sizes of every family the sentence names before them
            for other in _families_before(placed, family, sizes[0].start):
                self.family_sizes(text, sizes, [p for p in placed if p.candidate is other], announcing, loose)
        if family.bare:  # "Llama 9.2 …, plus the first Llama vision models at 11B and 90B": Llama 9.2's
            family = self.versioned(family, placed) or family
        spelled = family.spelling()
        if carries_size(spelled):
            sized = next((p.match for p in placed if p.candidate is family and p.match.end <= sizes[0].start), None)
            if sized is None or not LIST_GAP.match(text, sized.end, sizes[0].start):
                return
            sizes = [size_in_name(sized.name) or sizes[0], *sizes]  # "The Llama 3.1 8B, 70B and 405B models"
        base = family_of(spelled)
        # (sizes of a family nothing announces — "we left out the small 3B and 7B Code Llama models" — are no news)
        points = CUE if announcing or family.announced else PLAIN
        for size in sizes:
            name = f"{base} {compact(size.notation)}"
            found = self.candidate(NameMatch(size.start, size.end, name, vendor=family.vendor))
            if found is not None:
                found.vendor_named = found.vendor_named or family.vendor_named
                if loose and points == CUE:  # ("Kimi K2 (671B and 1T)": sizes after a name, no release word)
                    found.credit_loose(points, text, self.section_no)
                else:
                    found.credit(points, text)
                found.announced = found.announced or points >= CUE
                found.count(size, Strength.NAME)

    def member_of_subject(self, text: str, size: ParamClaim, release: bool) -> bool:
        """ "CodeGemma comes in three flavours: - A 7B pretrained variant …", "RecurrentGemma … The 2B model
        matches …": the model of that size of the family the text is about, named family + size. Whether there
        was such a family (one named without a size)."""
        family = self.about
        # (a family word alone — "CodeGemma" — only where a heading is about it: "Gemma" in passing is a brand)
        if family is None or (family.bare and self.section != [family]):
            return False
        spelled = family.spelling()
        if carries_size(spelled):
            return False
        name = f"{family_of(spelled)} {compact(size.notation)}"
        found = self.candidate(NameMatch(size.start, size.end, name, vendor=family.vendor))
        if found is None:
            return False
        found.vendor_named = found.vendor_named or family.vendor_named
        found.credit(CUE if release else DEFINITION, text)
        found.announced = found.announced or release
        found.count(size, Strength.NAME)
        return True

    def versioned(self, brand: Candidate, placed: list[Placed]) -> Candidate | None:
        """The versioned model of ``brand`` the text is about: named earlier in the sentence, else the subject,
        else the section's heading."""
        about = [p.candidate for p in reversed(placed)] + [self.subject, *reversed(self.section)]
        for model in about:
            if model is None or model is brand or model.bare or not model.key.startswith(brand.key):
                continue
            if not carries_size(model.spelling()):
                return model
        return None

    def sentence_licenses(
        self,
        low: str,
        offset: int,
        placed: list[Placed],
        found: list[LicenseMention],
        pending: list[tuple[str, float]],
    ) -> None:
        """A license goes to the models its sentence names (the nearest before it when there are several
        licenses); a code-only sentence ("This code repository is licensed under MIT") weighs little."""
        weight = _license_weight(low)
        if weight < 1.0 and not placed:
            return  # "The code in this repository is licensed under Apache-2.0": not the weights' license
        targets = [p for p in placed if not p.compared]
        for mention in found:
            chosen = for_license(targets, mention.start - offset) if len(found) > 1 else targets
            if len(chosen) > 1 and has_clauses(low):  # "X is API-only; its sibling Y got an Apache 2.0 update"
                chosen = same_clause(low, chosen, mention.start - offset)
            for item in chosen:
                item.candidate.licenses.append((mention.license, weight))
            if not chosen and not (len(found) > 1 and self.sized_license(low, mention.start - offset, mention)):
                pending.append((mention.license, weight))

    def sized_license(self, low: str, position: int, mention: LicenseMention) -> bool:
        """ "The 1.5B and 7B models are Apache 2.0; the 72B uses the Qwen License": a sentence that licenses the
        sizes of the family in question one by one gives each license to the sizes before it in its clause.
        Whether any size took it."""
        family = self.about
        spelled = family.spelling() if family is not None else ""
        if family is None or carries_size(spelled):
            return False
        left = low.rfind(";", 0, position) + 1
        base = family_of(spelled)
        taken = False
        for claim in find_params(low[left:position]):
            if claim.total is None or claim.active is not None:
                continue
            member = self.candidates.get(name_key(f"{base} {compact(claim.notation)}"))
            if member is not None:
                member.licenses.append((mention.license, 3.0))
                taken = True
        return taken

    def weights_cues(self, kinds: set[str], placed: list[Placed], pending: list[tuple[bool, float]]) -> None:
        if "closed" in kinds or ("open" in kinds and "rumour" not in kinds):
            self.sentence_weights("closed" not in kinds, placed, pending)
        elif "open" in kinds:  # "will be open-sourced", "on Hugging Face next week": promised, not out yet
            self.sentence_weights(True, placed, pending, weight=LATER)
        elif "api" in kinds:
            self.sentence_weights(False, placed, pending, weight=0.5)

    def sentence_weights(
        self, value: bool, placed: list[Placed], pending: list[tuple[bool, float]], weight: float = 2.0
    ) -> None:
        targets = [p.candidate for p in placed if not p.compared]
        for target in targets:
            target.weights.append((value, weight))
        # (and a sentence that names only yardsticks speaks of them: "competitive with proprietary models such as
        # o1-mini" says nothing of the release's weights)
        if not placed:
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


def _undecorated(block: Block) -> Block:
    if block.kind not in ("heading", "item", "text"):
        return block
    lead = _DECORATION.match(block.text)
    return block._replace(text=block.text[lead.end() :]) if lead else block


_DECORATION = re.compile(r"[^\w\s\x00-\u2000]+\s+")


def _unshouted(block: Block) -> Block:
    """A head in capitals ("3) MISTRAL SMALL 9", a newsletter's section line, run into its first sentence) in the
    capitalisation names use, so that a name's descriptor words ("Small", "Max") read as they would in prose:
    "3) Mistral Small 9 Thursday, …"."""
    text = block.text
    if block.kind in ("table", "code"):
        return block
    lower = _LOWER.search(text)
    end = text.rfind(" ", 0, lower.start()) if lower else len(text)
    head = text[:end]
    if end < 6 or "(" in head or _DIGIT.search(head) is None or len(_CAPS_WORD.findall(head)) < 2:
        # "GPT-9 is out", "IBM (NYSE: IBM) today announced": acronyms; "GITHUB | HUGGING FACE": no name's version
        return block
    # (words with a digit or a hyphen are names' own spellings, acronyms included: "GLM-4.5V", "QWQ-32B")
    titled = " ".join(word if _KEEP_AS_WRITTEN.search(word) else word.title() for word in head.split(" "))
    return block._replace(text=titled + text[end:])


_LOWER = re.compile(r"[a-z]")
_DIGIT = re.compile(r"\d")
_CAPS_WORD = re.compile(r"[A-Z]{3,}")
_KEEP_AS_WRITTEN = re.compile(r"[\d-]")


def _says_released(low: str, events: list[tuple[int, str]]) -> bool:
    """The text has a release cue — not "opened with a slide of …", which is a release only with a model after it
    (a newsletter's "Qwen opened the month with QwQ-32B")."""
    return any(kind == "release" and not _WEAK_RELEASE.match(low, at) for at, kind in events)


def _what_follows(text: str) -> str | None:
    """What a block ending in ":" says of the table or list after it: "release" ("Every Molmo model pairs …; we
    release four of them:"), "lineup" ("The Granite 9 family includes:": the family's members, each released with
    it), or None."""
    tail = cues.lowered(text[-160:])
    tail = tail[tail.rfind(". ") + 1 :]
    if _LINEUP_LEAD.search(tail) is not None:
        return "lineup"
    return "release" if _says_released(tail, cues.scan(tail)) else None


# "For reference, earlier releases in this repository (unchanged):": the table that follows is history
_EARLIER_LEAD = re.compile(
    r"\b(?:earlier|previous|prior|older|past)\s+(?:releases?|models?|versions?|checkpoints?|generations?)\b"
    r"(?:(?!\bnew\b|today|\bnow\b)[^.:])*:\s*$"  # (not "Compared with our previous models, the new ones:")
)
_LINEUP_LEAD = re.compile(
    # (not "This release includes:", which opens every software changelog)
    r"\b(?:famil(?:y|ies)|lineup|line-up|series)\s+(?:includes?|comprises?|consists\s+of)\s*:\s*$"
)


_NOT_OUT = frozenset(("past", "rumour"))
_BIG_WORDS = ("big", "bigger", "biggest", "large", "larger", "largest")
_SIZE_WORD = "(" + "|".join((*_BIG_WORDS, "small", "smaller", "smallest", "little")) + ")"
# "The big one comes under a modified MIT license, the small one under Apache 2.0": which of two a license is
_THE_ONE = re.compile(rf"\bthe\s+{_SIZE_WORD}\s+(?:one|model|variant)\b")
# "… for the big one", "the smaller model": which of two sized models a count belongs to
_WHICH_ONE = re.compile(
    rf"\bfor\s+the\s+{_SIZE_WORD}(?:\s+(?:one|model|variant|version|sibling|checkpoint)\b|(?=\s*(?:[.,;)]|$)))"
)
# "pairing the Qwen3-30B-A3B language backbone with a vision encoder": a model used as a part of this one
_PART_WORDS = ("backbone", "encoder", "decoder", "tower")
_PART_AFTER = re.compile(rf"\s+(?:(?:language|vision|text|llm|audio)\s+)?(?:{'|'.join(_PART_WORDS)})s?\b")
# "Qwen describes it as a 31.1B model", "Gemma says …": a brand that speaks is the lab
_SAYS = re.compile(
    r"\s+(?:says|said|describes|described|reports|reported|calls|called|claims|claimed|notes|noted|writes|wrote|"
    r"states|stated|puts\s+it)\b"
)
_MEMBER_OF = re.compile(r"\b(?:member|part|one|sibling|variant)s?\s+of\s+(?:the|its|our|their)\s+$")
# "… dropped an open TTS model yesterday", "released a new 8B coding model": a release of a model not yet named
_UNNAMED_RELEASE = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?:model|llm|checkpoint)\b")
_LINEUP_COLON = re.compile(r"\s+(?:family|series|line-?up|collection|suite)\s*:")


def _pointed_at(sized: list[tuple[int, Candidate]], word: str) -> Candidate:
    """The larger or the smaller model of those named together, as "the big one" / "the small one" says."""
    return (max if word in _BIG_WORDS else min)(sized, key=lambda pair: pair[0])[1]


def _size_of(candidate: Candidate) -> int | None:
    """A model's size: its name's, else the largest total the text gave it."""
    size = size_in_name(candidate.spelling())
    if size is not None and size.total:
        return size.total
    stated = [count.value for count in candidate.totals if count.strength >= Strength.BARE]
    return max(stated) if stated else None


def _lineup_members(low: str, placed: list[Placed]) -> None:
    """ "Today we are releasing the Granite 4.0 Nano family: Granite-4.0-H-1B, …": the line-up's name leads the
    models released under it (see ``assemble``: the name gives way to them)."""
    for index, lead in enumerate(placed):
        if _LINEUP_COLON.match(low, lead.match.end):
            lead.candidate.members.update(p.candidate.key for p in placed[index + 1 :] if not p.compared)
            return


# "Four dense models, pretrained and instruction-tuned: A, B, C and D": a count, then the list it counts
_COUNTED_LIST = re.compile(
    r"\W*(two|three|four|five|six|seven|eight|[2-8])\s+(?:[\w-]+,?\s+){0,5}?(?:models|sizes|variants|checkpoints)\b"
    r"[^:.]{0,60}:"
)


def _counted_list(low: str, placed: list[Placed]) -> None:
    """The models a counted list names ("Four dense models: A, B, C and D") are the ones it announces, when it
    names as many as it counts."""
    lead = _COUNTED_LIST.match(low)
    if lead is None:
        return
    word = lead.group(1)
    listed = [p for p in placed if not p.compared and p.match.start >= lead.end()]
    if len(listed) == (int(word) if word.isdigit() else _NUMBERS[word]):
        for p in listed:
            p.candidate.announced = True


def _lineup(placed: list[Placed]) -> bool:
    """The sentence names models of three labs or more."""
    if len(placed) < 3:
        return False
    return len({p.candidate.vendor for p in placed if p.candidate.vendor is not None}) >= 3


def _releases_weights(licenses: list[tuple[str, float]], weights: list[tuple[bool, float]]) -> bool:
    """A paragraph's sentence that names no model gives a license and says the weights are out: the paragraph
    releases the models it names."""
    return any(weight >= 1.0 for _license, weight in licenses) and any(
        value and weight > LATER for value, weight in weights
    )


_CHECKPOINT_WORD = re.compile(r"\bcheckpoints?\b")


_SLUG_SIZE = re.compile(r"[-_ ]\d+(?:\.\d+)?[bm]\b|\.0\b|[^a-z0-9.]")
_SLUG_SIZES = re.compile(r"(?<=[-_ ])\d+(?:\.\d+)?[bm]\b")
_SLUG_VERSION = re.compile(r"[-_ ]v(?=\d)")


def _counted(before: str, size_count: int) -> bool:
    """The words before a size list count it ("a family of three dense models at 14B, 8B and 3B")."""
    counts = list(_COUNTED.finditer(before))
    if not counts:
        return False
    word = counts[-1].group(1)
    return _NUMBERS.get(word, 0) == size_count or word == str(size_count)


def _families_before(placed: list[Placed], family: Candidate, position: int) -> list[Candidate]:
    """The other models a sentence names before ``position``, once each, none of them a comparison or sized."""
    others: list[Candidate] = []
    for item in placed:
        found = item.candidate
        if item.match.end > position or item.compared or found is family or found in others:
            continue
        if not carries_size(found.spelling()):
            others.append(found)
    return others


def _hub_id_of(slug: str, subject: Candidate) -> bool:
    """ "dolly-v2-12b" is the repository of "Dolly 2.0": the same words and version, a size and a "v" aside."""
    key = _SLUG_SIZE.sub("", _SLUG_VERSION.sub("", slug.lower()))
    if not _ANY_DIGIT.search(key):
        return False  # "databrickslabs/dolly": a code repository, not a model's
    size = _SLUG_SIZES.findall(slug.lower())
    return any(
        _SLUG_SIZE.sub("", name.lower()).endswith(key) and _SLUG_SIZES.findall(name.lower()) in ([], size)
        for name in subject.names
    )


def _mark_checkpoints(low: str, placed: list[Placed]) -> None:
    """The names a sentence lists after the word "checkpoint(s)" are checkpoints of a model (see assemble)."""
    word = _CHECKPOINT_WORD.search(low)
    for item in placed:
        if word is not None and word.end() <= item.match.start and not item.compared:
            item.candidate.checkpoint = True


def _license_weight(low: str) -> float:
    # (every ``CODE_ONLY`` phrase holds "code", "repo" or "script": the substring tests rule most text out first)
    code = ("code" in low or "repo" in low or "script" in low) and cues.CODE_ONLY.search(low)
    return 0.5 if code and not cues.MODEL_WORDS.search(low) else 3.0


def _licensed_row(text: str, low: str, placed: list[Placed], section: int) -> None:
    """A list item that gives its models' license is a release row: "Switzerland's Apertus-8B and Apertus-70B,
    Apache 2.0, trained on 15T tokens" (newsletters list releases so; a comparison seldom states a license)."""
    if _license_weight(low) < 1.0:
        return
    for candidate in dict.fromkeys(p.candidate for p in placed if not p.compared):
        candidate.credit_loose(LICENSED_ITEM, text, section)


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
    r"\d(?:\.\d+)?\s?[BMT]\b|\d\s*(?:billion|trillion|million)|param|licen[cs]e|apache|\bmit\b|open|weights|/|·|api|"
    r"context|\b(?:a|an|our)\s+(?:[\w-]+\s+){0,4}?(?:models?|llm|moe)\b",
    re.IGNORECASE,
)


# "IBM: Granite Code (3B / 8B / 20B / 34B)": sizes in the parenthesis after the name
_SIZES_IN_PAREN = re.compile(r"\s*\d+(?:\.\d+)?\s?[BMT]\s*(?:[,/&]|and|or)\s*\d")
_TITLE_WORDS = re.compile(r"[A-Z][\w.+-]*(?: [A-Z][\w.+-]*){0,3}")


def _sized_family(rest: str, name: re.Match[str]) -> bool:
    """A known vendor's row names a family in capitalised words and lists its sizes after it: a family, though
    its name has no digit or inner capital ("IBM: Granite Code (3B / 8B / 20B / 34B)")."""
    return (
        bool(name.groupdict().get("paren"))
        and _TITLE_WORDS.fullmatch(name.group("name")) is not None
        and _SIZES_IN_PAREN.match(rest, name.end()) is not None
        and name.group("name").split()[0].lower() not in _NOT_ROW_NAMES
    )


# Words that open a clause, not a lab's name: "It published Kestrel-7B" names no lab ("It" points back at one).
_NOT_LAB_WORDS = frozenset(
    {
        "it", "this", "that", "these", "those", "they", "we", "he", "she", "i", "you", "its", "their", "our",
        "which", "who", "there", "here", "and", "but", "so", "then", "also", "today", "now", "everyone", "someone",
        "nobody",
    }
)  # fmt: skip
# Lower-case words a lab's name may hold ("Allen Institute for AI", "Barcelona Supercomputing Center" has none).
_LAB_CONNECTORS = frozenset(("of", "for", "and", "de", "la", "du", "der", "für", "&"))


def _lab_named(words: str) -> str | None:
    """The lab a "<Lab> released …" clause names, or None when its subject is a pronoun or a determiner alone."""
    parts = words.split()
    if parts and parts[0].lower() in ("the", "a", "an"):
        parts = parts[1:]
    if not parts or parts[0].lower() in _NOT_LAB_WORDS:
        return None
    return words


def _lab_like(label: str) -> bool:
    """Whether a row's label could be an unregistered lab's name: every word capitalised, a number or a connector
    ("Barcelona Supercomputing Center", "Allen Institute for AI"), not a clause ("The merge is not a compromise")."""
    words = label.split()
    if not words or words[0].lower() in _NOT_LAB_WORDS:
        return False
    return all(word[0].isupper() or word[0].isdigit() or word.lower() in _LAB_CONNECTORS for word in words)


_NOT_ROW_NAMES = frozenset(("the", "our", "new", "all", "update", "updates", "models", "model", "news"))


def _row_says(text: str, cued: bool) -> bool:
    """A list item that opens with a model's name is a release row when it says something of one: a size, a
    license, open weights, a release cue — not a changelog's "Qwen2-VL: multi-image and video inputs"."""
    if cued:
        return True
    if _ROW_FACTS.search(text) is None:
        return False
    # "GPT-5 · $1.25 / $10.00": a price list's row says what a model costs, not that it is out
    return _ROW_PRICE.search(text) is None or _ROW_SPEC.search(text) is not None


_ROW_PRICE = re.compile(r"[$€£¥]\s?\d")
_ROW_SPEC = re.compile(
    r"\d(?:\.\d+)?\s?[BMT]\b|\d\s*(?:billion|trillion|million)|param|licen[cs]e|apache|\bmit\b|open|weights|"
    r"\b(?:new|released?|launch(?:ed|es)?|debuts?|introduc\w+|api|available)\b|\b[a-z0-9-]+/[a-z0-9]",
    re.IGNORECASE,
)


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


def _clause_flags(low: str, position: int, flags: _Flags) -> _Flags:
    """A release cue speaks for its own clause: "X (24B) is a point update; for harder work Mistral still points
    customers at Mistral Medium 3" releases X only."""
    left = low.rfind(";", 0, position) + 1
    right = low.find(";", position)
    clause = low[left : right if right >= 0 else len(low)]
    release = any(kind == "release" for _, kind in cues.scan(clause)) or cues.opens_with_release(clause.lstrip())
    return flags if release else flags._replace(release=False)
