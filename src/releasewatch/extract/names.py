"""Model names in sentences (issue 4, part 1).

A name starts with a family prefix from the vendor registry ("Qwen", "DeepSeek", "gpt-oss"), runs through the
parts glued to it ("Qwen3-235B-A22B-Instruct-2507") and then through the space-separated parts that names use
("Llama 3.1 405B", "Kimi K2 Thinking", "Gemini 2.5 Pro"). Names of families the registry does not know are
found where announcements introduce them ("Introducing Hermes 4", "Meet K2-Think").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from weakref import WeakKeyDictionary

from releasewatch.extract.cues import WordStarts, cue_pattern, lowered
from releasewatch.extract.vendors import Vendor, VendorRegistry


class NameMatch(NamedTuple):
    """One name in a text. An immutable record like the package's frozen dataclasses, but a tuple: a document
    makes dozens, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` a field) costs five times as
    much to build."""

    start: int
    end: int
    name: str  # as written
    org: str | None = None  # "deepseek-ai" in "deepseek-ai/DeepSeek-V3"
    vendor: Vendor | None = None  # from the family prefix, a marker or the organisation
    known: bool = True  # False for a name found only through announcement phrasing
    bare: bool = False  # just a family word ("Qwen", "Gemini"): a brand, rarely a model


_GLUED = r"(?:[A-Za-z0-9]*(?:[-_][A-Za-z0-9]+|\.\d[A-Za-z0-9]*)*\+?)"  # "llama.meta.com" is no name
DESCRIPTORS = (
    "Pro|Flash|Lite|Mini|mini|Nano|nano|Air|Max|Plus|Turbo|Ultra|Super|Coder|Instruct|Chat|Base|Thinking|"
    "Think|Reasoning|Reasoner|Vision|VLM|VL|Omni|Scout|Maverick|Behemoth|Small|Medium|"
    "Large|Tiny|Next|Math|Guard|Embedding|Embed|Reranker|OCR|Opus|Sonnet|Haiku|"
    "Heavy|Fast|Edge|Prover|Terminus|Speciale|Distill|Codex|Deep\\s+Think|Deep\\s+Research|Premier|Micro|"
    "Realtime|Live|Instant|Reward|Translate|Translator"
)
_TAIL = re.compile(
    # a size: "405B", "8x7B", "30B-A3B", and the effective sizes of "Gemma 3n E4B"
    # (a router's display name spaces the active size too: "Qwen3 Next 80B A3B")
    r"[ \t](?:(?P<size>(?:\d{1,3}x)?\d+(?:\.\d+)?[BbMT](?:[-_ ]A\d+(?:\.\d+)?[BbM])?|E\d+(?:\.\d+)?B)"
    r"|(?P<version>v?\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?)"
    r"|(?P<letter>[A-Z]\d{1,2}(?:\.\d{1,2})?|[a-z]\d\.\d)"  # ("Kimi k1.5": a lower-case letter, dotted)
    # a size letter before a version: "Arctic Embed L 2.0", "Arctic Embed M v1.5"
    r"|(?P<shirt>X{0,2}[SML]|XL)(?=[ \t]v?\d{1,2}\.\d)"
    rf"|(?P<word>{DESCRIPTORS})"
    # a product word with an inner capital right after a bare brand: "Mistral NeMo", "Kimi VL" is a descriptor
    r"|(?P<camel>[A-Z][a-z]+[A-Z][A-Za-z]*)"
    # an upper-case word before a size: "DeepSeek LLM 7B", "Falcon LLM 40B" (not the company: "Mistral AI 7B")
    r"|(?P<caps>(?!(?:AI|API|GPU|CPU|TPU|RAM|VRAM)\b)[A-Z]{2,4})(?=[ \t]\d{1,3}(?:\.\d+)?[BM]\b)"
    # any capitalised word right after a brand when a size or a dotted version follows: "Aya Expanse 8B",
    # "Falcon Mamba 7B", "Granite Guardian 3.1" (a word alone after a brand is too often prose: "Llama Stack")
    # or where prose goes on about the model: "Codestral Mamba, a Mamba2 model", "Aya Expanse arrived on …"
    r"|(?P<named>[A-Z][a-z]{2,})(?=[ \t](?:\d{1,3}(?:\.\d+)?[BM]\b|v?\d+\.\d+\b)|"
    r",\s(?:a|an|our|the)\s|\s(?:is|was|arrived|arrives|comes|came)\s))"
    r"(?P<glued>(?:[-_][A-Za-z0-9]+|\.\d+)*)(?![\w+]|\.\w)"
)
_GLUED_PART = re.compile(_GLUED)
_CHECKPOINT_WORDS = frozenset(("Instruct", "Chat", "Base", "Thinking"))
# words that may follow a size: a checkpoint's, and a model trained for another task ("Nemotron-9 340B Reward")
# (and a vision-language variant of a sized model: "Falcon 2 11B VLM", "Llama 3.2 11B Vision")
_AFTER_SIZE = _CHECKPOINT_WORDS | {"Reward", "VLM", "VL", "Vision"}
# Inner-capital words that follow a brand in prose without naming a model of it ("Qwen LoRA adapters", "the
# DeepSeek GitHub repo"): tools, sites and techniques, not product names like "Mistral NeMo".
_CAMEL_TOOLS = frozenset(
    (
        *("LoRA", "QLoRA", "DoRA", "GitHub", "HuggingFace", "PyTorch", "YouTube", "OpenAI", "DeepMind", "ChatGPT"),
        *("LangChain", "LlamaIndex", "OpenRouter", "DeepSpeed", "TensorRT", "JavaScript", "TypeScript", "MacBook"),
        *("WebGPU", "HumanEval", "LiveBench", "LiveCodeBench", "ModelScope", "SageMaker", "WatsonX", "OpenWebUI"),
        *("LMStudio", "LocalLLaMA", "FlashAttention", "SGLang"),
    )
)
# Title-case words that follow a brand in headlines without naming a model of it ("Qwen Beats 70B Models")
_PROSE_WORDS = frozenset(
    (
        *("And", "Are", "Beats", "Gets", "Has", "Hits", "Now", "Tops", "The", "With", "For", "From", "Vs", "Versus"),
        *("Than", "Was", "Were", "Will", "Can", "Runs", "Adds", "Goes", "Takes", "Outperforms", "Matches", "Models"),
        *("Model", "Family", "Series", "Team", "Weights", "License", "Community", "Release", "Launch", "Update"),
        *("Releases", "Launches", "Unveils", "Introduces", "Announces", "Debuts", "Ships", "Drops", "Opens"),
        *("Stack", "App", "Studio", "Cloud", "Platform", "Hub", "Hackathon", "Cookbook", "Day", "Week"),
        *("Code", "Assist", "Agent", "Desktop", "Mobile", "Console", "Enterprise", "Workspace", "Labs"),
    )
)
_ENDS = frozenset(" \t\n,;:!?)]}'\"")  # characters that end a name at once
_SIZE_IN = re.compile(r"(?<![A-Za-z])\d+(?:\.\d+)?[BbMT](?![a-z])")
# "Qwen3-based", "GPT-4-class": a name used as an adjective ends before the suffix.
_ADJECTIVE = re.compile(
    r"[-_](?:based|powered|like|style|level|class|sized|size|scale|grade|tier|series|family|families|compatible|"
    r"derived|tuned|finetuned|fine|trained|generated|driven|enabled|equivalent|quality|inspired|native|specific|"
    r"only|esque|era|generation|gen|series|models?|weights|checkpoints?|release|launch|team|api|maxxing|ish)"
    r"(?![a-z0-9])"  # searched in the lower-cased name
)
# (and a code repository named after what it does with the model: "mistral-finetune", "llama-recipes")
_NOT_A_MODEL_TAIL = re.compile(
    r"[-_](?:lib|loras?|adapters?|datasets?|demo|space|cookbook|finetune|fine-tune|finetuning|inference|recipes|"
    r"tools|toolkit|sdk|cli|client|server|src|examples|scripts)$",
    re.IGNORECASE,
)
# A word glued on with an underscore: Python identifiers join words so, hub ids use hyphens ("internlm2_5-7b"
# spells a version, "gemma_2_9b" a size)
_IDENTIFIER_PART = re.compile(r"_[a-z]{2,}")
_TOKEN_BEFORE = re.compile(r"(?<![\w.@#/-])[A-Za-z0-9][\w.]*(?:-[\w.]+)*-$")
_ORG_BEFORE = re.compile(r"(?<![\w.-])([A-Za-z0-9][\w.-]{0,60})/$")
_ANY_DIGIT = re.compile(r"\d")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_HYPHEN_AND_DIGIT = re.compile(r"-.*\d|\d.*-")


class NameFinder:
    """Finds model names of the registry's families in text; one per registry, compiled once.

    Families that are not words are searched in lower-cased text with a case-sensitive pattern (much faster
    than IGNORECASE in Python's engine); word families ("Nova", "Phi") only as written.
    """

    def __init__(self, registry: VendorRegistry) -> None:
        self.registry = registry
        plain = sorted({family.lower() for family, exact in registry.families() if not exact})
        words = [family for family, exact in registry.families() if exact]
        # A repository id spells a word family in lower case, glued to its version ("granite-3.3-8b-base"): the
        # lower-cased pass finds those too, "\0" standing for "followed by -<digit>" (see ``_branches``).
        self.glued = frozenset(word.lower() for word in words if word.lower() != word) - set(plain)
        # Lower-cased families start with almost any letter, so the letter-first guard would not help here;
        # ``WordStarts`` has the engine skip to the characters that may stand before a name instead.
        self.plain = WordStarts(
            _alternation([*plain, *(w + "\0" for w in self.glued)]),
            guard=".@#",
            last="".join(family[-1:] for family in [*plain, *self.glued]),  # a name ends as its family does
        )
        self.words = re.compile(_alternation(words, guard=r"[\w.@#]"))
        self._named: dict[tuple[str, int, bool], tuple[str, Vendor | None, bool] | None] = {}

    def find(self, text: str, low: str | None = None) -> list[NameMatch]:
        """``low`` is ``lowered(text)`` when the caller has it already."""
        low = lowered(text) if low is None else low
        glued = self.glued
        hits = [(start, end, low[start:end] in glued) for start, end in self.plain.spans(low)]
        hits += [(m.start(), m.end(), True) for m in self.words.finditer(text)]
        found: list[NameMatch] = []
        for start, end, word in sorted(hits):
            if (found and start < found[-1].end) or text[end : end + 1].islower():
                continue  # inside the previous name, or a longer word ("Llamas", "GLMs")
            if start and text[start - 1] == "-":
                start = _prefixed_start(text, start)  # "NVIDIA-Nemotron-Nano-9B-v2"
                if start < 0 or (found and start < found[-1].end):
                    continue
            name = self._extend(text, start, end, word)
            if name is None:
                continue
            if found and self._continues(text, found[-1], name):
                name = _joined(text, found[-1], name)  # "Llama 3.1 Nemotron 70B": one name
                found.pop()
            found.append(name)
        return found

    def _continues(self, text: str, before: NameMatch, name: NameMatch) -> bool:
        """A marker's name right after a model's name, one space apart, goes on with it: "Llama 3.1 Nemotron 70B
        Instruct" is NVIDIA's model, as "Llama-3.1-Nemotron-70B" is."""
        return (
            before.end + 1 == name.start
            and text[before.end] == " "
            and (not before.bare or _ANY_DIGIT.search(before.name) is not None)  # (not after a brand: "Qwen")
            and self.registry.opens_with_marker(name.name)
        )

    def _extend(self, text: str, start: int, family_end: int, word: bool) -> NameMatch | None:
        glued = _GLUED_PART.match(text, family_end) if text[family_end : family_end + 1] not in _ENDS else None
        end = glued.end() if glued else family_end
        end = _with_tail(text, start, end) if text[end : end + 1] in " \t" else end
        if text[end : end + 1] == "/":
            return None  # an organisation ("deepseek-ai/…")
        raw = text[start:end]
        if text.startswith("-models", end - 7) and raw.islower():
            return None  # a repository of several models ("granite-3.3-language-models"), not one
        key = (raw, family_end - start, word)
        try:
            named = self._named[key]
        except KeyError:
            if len(self._named) >= _NAMED_LIMIT:
                self._named.clear()
            named = self._named[key] = self._name_of(raw, family_end - start, word)
        if named is None:
            return None
        name, vendor, bare = named
        after = start + len(name)
        if text[after : after + 1] == "." and text[after + 1 : after + 2].isalpha() and text[after + 1].islower():
            return None  # a host name ("FooLLM.example.ae", "Qwen.ai"), not a model
        org = _org_before(text, start) if start and text[start - 1] == "/" else None
        vendor = vendor or self.registry.by_org(org)
        if vendor is None and word and name[:1].islower():  # "granite-3.3-8b-base": the word family, glued
            vendor = self.registry.for_model(name[:1].upper() + name[1:])
        return NameMatch(start, start + len(name), name, org, vendor, True, bare)

    def _name_of(self, raw: str, family_length: int, word: bool) -> tuple[str, Vendor | None, bool] | None:
        """What a name's own letters say, whatever the text around it: the name as kept, the vendor its family
        prefix or marker names, and whether it is a bare family word. Names recur (within a document and across
        a feed), so ``_extend`` keeps these by spelling."""
        if raw.lower().endswith("-latest"):
            return None  # an API alias ("mistral-small-latest")
        if _NOT_A_MODEL_TAIL.search(raw):
            return None  # "granite-3.3-8b-rag-agent-lib", "Qwen3-8B-LoRA-adapter", "…-dataset": not a model
        if "_" in raw and raw.islower() and _IDENTIFIER_PART.search(raw):
            return None  # "qwen2_moe", "gemma3_text": a code identifier (an architecture), not a model
        name = _trim(raw)
        family = raw[:family_length]
        if word and not _has_tail(name, family):
            return None
        bare = not word and name.lower() == family.lower() and not any(char.isdigit() for char in name)
        return name, self.registry.for_model(name), bare


_NAMED_LIMIT = 8192  # spellings kept by ``NameFinder._extend``; a long-running process starts over past this


def _joined(text: str, before: NameMatch, after: NameMatch) -> NameMatch:
    return NameMatch(before.start, after.end, text[before.start : after.end], before.org, after.vendor, True, False)


def _alternation(families: list[str], guard: str = "") -> str:
    """The families as one prefix tree ("Qwen|QwQ" → "Q(?:wen|wQ)"): Python's regex engine tries every
    branch of a flat alternation at every position, and a registry has hundreds. ``guard`` is a character
    class that must not precede a name; it is checked after the first letter ("Q(?<![\\w.-]Q)…"), because a
    pattern that opens with a literal lets the engine skip ahead to the next place that letter occurs."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for family in families:
        node = trie
        for char in family:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(trie, guard) or "(?!)"


def _branches(node: dict[str, dict], guard: str = "") -> str:  # type: ignore[type-arg]
    parts = []
    for char, child in sorted(node.items()):
        if char:
            letter = (
                r"[\s-]?" if char == " " else r"(?=[-_](?:[a-z]+[-_]){0,2}v?\d)" if char == "\0" else re.escape(char)
            )
            check = f"(?<!{guard}{letter})" if guard else ""
            parts.append(letter + check + _branches(child))
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(parts) == 1 else body + "?"


def _prefixed_start(text: str, start: int) -> int:
    """A family glued to a capitalised prefix ("NVIDIA-Nemotron", "OpenReasoning-Nemotron") starts with the
    prefix; after a lower-case one ("non-Llama", "state-of-the-art") it is no name (-1)."""
    token = _TOKEN_BEFORE.search(text, max(0, start - 40), start)
    if token is None or not (token.group(0)[0].isupper() or token.group(0)[0].isdigit()):
        return -1
    return token.start()


def _with_tail(text: str, start: int, end: int) -> int:
    """Extends a name over the space-separated parts names use: versions only while the name has no digit
    yet ("Llama 3.1", not "Qwen3 3"), one size ("Llama 3.1 405B"), and the descriptor words."""
    while True:
        tail = _TAIL.match(text, end)
        if tail is None or not _tail_allowed(text[start:end], tail):
            return end
        end = tail.end()


def _tail_allowed(name_so_far: str, tail: re.Match[str]) -> bool:
    if tail.group("size"):
        return not _SIZE_IN.search(name_so_far)
    if tail.group("version") or tail.group("letter") or tail.group("shirt"):
        return not _ANY_DIGIT.search(name_so_far)
    if tail.group("camel"):  # only right after the brand, and not a tool's or a site's name ("DeepSeek LoRA")
        return " " not in name_so_far and not _ANY_DIGIT.search(name_so_far) and tail.group("camel") not in _CAMEL_TOOLS
    if tail.group("caps"):
        return " " not in name_so_far and not _ANY_DIGIT.search(name_so_far)
    if tail.group("named"):  # only right after the brand, and not a headline's verb ("Llama Gets 70B Upgrade")
        return " " not in name_so_far and not _ANY_DIGIT.search(name_so_far) and tail.group("named") not in _PROSE_WORDS
    # "SmolLM-1.7B Tiny models": a size ends the name, but for the checkpoint words a router's display name puts
    # after it ("Qwen3 Next 80B A3B Instruct", "Llama 3.1 8B Instruct")
    return tail.group("word") in _AFTER_SIZE or not _SIZE_IN.search(name_so_far)


def _trim(name: str) -> str:
    if "-" in name or "_" in name:
        adjective = _ADJECTIVE.search(name.lower())
        name = name[: adjective.start()] if adjective else name
    return name.rstrip("-_.")


def _has_tail(name: str, family: str) -> bool:
    """A word family ("Nova", "Phi") is a name only with a version, size or part after it."""
    if any(char.isdigit() or char.isspace() for char in family):
        return True  # "o3", "Command R": distinctive as they are
    return len(name) > len(family) + 1 or (len(name) > len(family) and name[len(family)].isalnum())


def _org_before(text: str, start: int) -> str | None:
    if start == 0 or text[start - 1] != "/":
        return None
    match = _ORG_BEFORE.search(text, max(0, start - 62), start)
    return match.group(1) if match else None


_FINDERS: WeakKeyDictionary[VendorRegistry, NameFinder] = WeakKeyDictionary()


def finder_for(registry: VendorRegistry) -> NameFinder:
    """The registry's finder, built on first use."""
    finder = _FINDERS.get(registry)
    if finder is None:
        finder = _FINDERS[registry] = NameFinder(registry)
    return finder


# --- names the registry does not know -------------------------------------------------------------------

_CUE_WORDS = (
    r"introduc(?:e|es|ed|ing)",
    r"announc(?:e|es|ed|ing)",
    r"releas(?:e|es|ed|ing)",
    r"launch(?:es|ed|ing)?",
    r"unveil(?:s|ed|ing)?",
    r"open[- ]?sourc(?:e|es|ed|ing)",
    r"meet",
    r"present(?:s|ed|ing)?",
    r"debut(?:s|ed|ing)?",
    r"roll(?:s|ed|ing)?\s+out",
    r"ship(?:s|ped|ping)?",
    r"drop(?:s|ped)?",
    r"publish(?:es|ed|ing)?",
    r"welcome",
    r"say\s+hello\s+to",
    r"unleash(?:es|ed)?",
)
_FILLER = (
    r"(?:(?:the|our|its|their|a|an|new|newest|latest|first|next|next-generation|open|open-weight|open-weights|"
    r"open-source|fully|brand|all-new|family|of|model|models|series|called|named|dubbed|today|officially|"
    r"publicly|small|large|frontier|flagship|reasoning|language|multimodal|coding|agentic|"
    # "releasing a research preview of Mochi 1", "ships an early version of X"
    r"research|developer|public|early|preview|version|beta)\s+)*"
)
# The cue is found in lower-cased text (fast), the name after it in the original (its case matters).
_CUE_LEAD = cue_pattern(*_CUE_WORDS, end=r"\s+" + _FILLER)
_TITLE_LEAD = re.compile(r"^\s*(?:(?:" + "|".join(_CUE_WORDS) + r")\s+)?" + _FILLER)
_CANDIDATE = re.compile(
    # (a spaced size is part of the name: "Fjord 34B", not "Fjord 34" and a stray "B")
    r"[A-Z][\w.+]*(?:[-_.][A-Za-z0-9]+)*(?:\s(?:\d{1,4}(?:\.\d{1,2})?[BMT](?![\w.])|v?\d{1,2}(?:\.\d{1,2})*(?!\w)|[A-Z]\d{1,2}(?!\w)|"
    + DESCRIPTORS
    + r"))*"
)
_TITLE_END = re.compile(r"\s*(?:[:|–—]|$)")
_NOT_NAMES = {
    "we",
    "our",
    "the",
    "today",
    "this",
    "these",
    "it",
    "its",
    "a",
    "an",
    "in",
    "on",
    "new",
    "open",
    "model",
    "models",
    "and",
    "to",
    "with",
    "for",
    "ai",
    "llm",
    "llms",
    "more",
    "all",
    "you",
    "your",
    "their",
    "how",
    "what",
    "why",
    "june",
    "july",
    "may",
    "april",
    "march",
    "january",
    "february",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "q1",
    "q2",
    "q3",
    "q4",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "api",
    "github",
    "hugging",
    "huggingface",
    "version",
    "update",
    "updates",
    "support",
    "day",
    "week",
    "year",
    "i",
    "he",
    "she",
    "they",
    "them",
    "here",
    "there",
    "is",
    "are",
    "was",
    "notes",
    "blog",
}


def unknown_names(text: str, *, title: bool = False, low: str | None = None) -> list[NameMatch]:
    """Names that announcement phrasing introduces ("Introducing Hermes 4", "We release Apertus"), and a
    title's leading name ("Apertus: a fully open model"). Only names that look like product names count.
    ``low`` is ``lowered(text)`` when the caller has it."""
    low = lowered(text) if low is None else low
    if title:
        lead = _TITLE_LEAD.match(low)
        starts = [lead.end()] if lead else []
    else:
        starts = [match.end() for match in _CUE_LEAD.finditer(low)]
    found = []
    for start in starts:
        # (a name opens with a capital: the cheap test first)
        match = _CANDIDATE.match(text, start) if "A" <= text[start : start + 1] <= "Z" else None
        if match is None or (title and not _TITLE_END.match(text, match.end())):
            continue
        name = _candidate(match.group(0))
        if name:
            found.append(NameMatch(start, start + len(name), name, known=False))
            if not title:
                found += _listed_after(text, found[-1])
    return found


_LIST_JOIN = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+)(?=[A-Z])")
_STEM = 4  # "MolmoE-1B, Molmo-7B-D and Molmo-72B": list members share the first name's opening letters


def _listed_after(text: str, first: NameMatch) -> list[NameMatch]:
    """ "published Opal-14B and Opal-2B": the names listed after a cue's name that share its stem."""
    found: list[NameMatch] = []
    stem = first.name[:_STEM]
    end = first.end
    while (join := _LIST_JOIN.match(text, end)) and text.startswith(stem, join.end()):
        match = _CANDIDATE.match(text, join.end())
        name = _candidate(match.group(0)) if match else None
        if not name:
            break
        found.append(NameMatch(join.end(), join.end() + len(name), name, known=False))
        end = join.end() + len(name)
    return found


@lru_cache(maxsize=4096)
def _candidate(raw: str) -> str | None:
    name = _trim(raw.strip())
    words = name.split()
    if not words or words[0].lower() in _NOT_NAMES or not words[0][0].isupper():
        return None
    return name if _looks_like_model(name) else None


# "ProverBench", "CodeEval-2", "VisionArena": a compound that ends in a benchmark's word names a benchmark
_BENCHMARK_NAME = re.compile(r"[a-z0-9](?:Bench|Eval|Evals|Arena|Dataset|Corpus)(?:[-_ ]?v?\d[\w.]*)?$")


def _looks_like_model(name: str) -> bool:
    """A digit, an inner capital ("SmolLM") or a hyphen ("K2-Think"): product names, not ordinary words."""
    first = name.split()[0]
    if _BENCHMARK_NAME.search(name):
        return False
    return bool(_ANY_DIGIT.search(name) or _INNER_CAPITAL.search(first) or _HYPHEN_AND_DIGIT.search(first))
