"""The phrasing that tells a release from a mention (issue 4, part 5: "beats GPT-4o" is not a release of it).

``comparison_spans`` marks the parts of a sentence where a named model is a yardstick, a predecessor or a
base ("outperforms X", "compared with X", "based on X", "than X"); ``scan`` finds, in one pass, the cues that
classify a sentence as a whole: release, past, rumour, and whether weights are open or closed.

Every pattern reads ``lowered(text)``: case-insensitive matching of long alternations is several times slower
in Python's engine, and extraction must manage 1,000 documents a second.
"""

from __future__ import annotations

import re


def _by_initial(fragment: str) -> list[str]:
    """``fragment`` as alternatives that each open with a letter: "(?:was|were)\\s+x" → "was\\s+x", "were\\s+x"
    (the same phrases in the same order, so leftmost-first matching is unchanged)."""
    problem = f"a cue starts with a letter or a (non-optional) group of words: {fragment!r}"
    if fragment[:1].isalpha():
        if fragment[1:2] in ("?", "*", "+", "{"):
            raise ValueError(problem)
        return [fragment]
    if not fragment.startswith("(?:"):
        raise ValueError(problem)
    depth, start, index, parts = 0, 3, 3, []
    while index < len(fragment):
        char = fragment[index]
        if char == "\\":
            index += 1
        elif char == "[":
            index = fragment.index("]", index + 2)  # a class: its "(", ")" and "|" are literal
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char in "|)" and not depth:
            parts.append(fragment[start:index])
            start = index + 1
            if char == ")":
                rest = fragment[index + 1 :]
                if rest[:1] in ("?", "*", "+", "{"):
                    raise ValueError(problem)
                return [spelled for part in parts for spelled in _by_initial(part + rest)]
        index += 1
    raise ValueError(problem)


def _initial_branches(fragments: tuple[str, ...]) -> str:
    """The phrases grouped by first letter ("a(?:pi[- ]only|…)|b(?:…)"), in their order within a letter. A flat
    alternation of a hundred phrases makes Python's engine try every branch at every word; grouped, it tries one
    comparison a letter and then only that letter's phrases — the same phrase wins as in the flat one."""
    letters: dict[str, list[str]] = {}
    for fragment in fragments:
        for phrase in _by_initial(fragment):
            letters.setdefault(phrase[0], []).append(phrase[1:])
    return "|".join(f"{re.escape(letter)}(?:{'|'.join(rests)})" for letter, rests in sorted(letters.items()))


def cue_pattern(*fragments: str, end: str = r"\b") -> re.Pattern[str]:
    """One pattern for many cue phrases, tried only at the start of a word and grouped by first letter."""
    return re.compile(rf"\b(?:{_initial_branches(fragments)}){end}")


def cue_starts(*fragments: str, end: str = r"\b") -> WordStarts:
    """``cue_pattern(*fragments, end=end)`` as ``WordStarts``: the same matches, found faster. (Every phrase
    opens with a letter, so "\\b" before it means "no word character before it".)"""
    return WordStarts(_initial_branches(fragments), tail=end)


class WordStarts:
    """``(?<![\\w{guard}])(?:{body}){tail}``, a pattern whose matches start only where no ``guard`` character (``\\w``
    and maybe a few more) precedes them, searched a fifth faster or so with the same matches.

    Python's engine tries such a pattern at every position, letters inside words included. Led instead by
    the class of characters that may precede a match (``[^A-Za-z0-9_…]``, exact for ASCII; the guard is
    checked again after it), the engine skips over those letters in C. The text is searched with a space in
    front, so that its start is preceded too, and positions are mapped back. One difference is possible: a
    match ending in a character the guard does not hold could be followed by one that starts right there
    (the character would be consumed twice); then the text is searched with the plain pattern instead.
    """

    def __init__(self, body: str, guard: str = "", tail: str = "", last: str | None = None) -> None:
        """``last``, when known, holds every character a match can end with."""
        self.plain = re.compile(rf"(?<![\w{guard}])(?:{body}){tail}")
        self._led = re.compile(rf"[^A-Za-z0-9_{guard}](?<![\w{guard}])(?:{body}){tail}")
        self._guard = "_" + guard.replace("\\", "")  # the guard's characters besides \w's alphanumerics
        self._checked = last is None or not all(char.isalnum() or char in self._guard for char in last)

    def spans(self, text: str, end: int | None = None) -> list[tuple[int, int]]:
        """Where the pattern matches in ``text[:end]``, in order, as ``plain.finditer`` would find them."""
        end = len(text) if end is None else end
        found = [(m.start(), m.end() - 1) for m in self._led.finditer(" " + text, 0, end + 1)]
        if not self._checked:
            return found
        guard = self._guard
        for _start, stop in found:
            last = text[stop - 1]
            if not (last.isalnum() or last in guard):
                return [m.span() for m in self.plain.finditer(text, 0, end)]
        return found

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in ``text``."""
        return self._led.search(" " + text) is not None


_RELEASE_WORDS = (
    r"introduc(?:e|es|ed|ing)",
    r"announc(?:e|es|ed|ing)",
    # (not a time: "at release it led three benchmarks", "still excellent nine months after release")
    r"releas(?:e|es|ed|ing)(?!\s+notes)(?<!\bat\srelease)(?<!after\srelease)(?<!since\srelease)",
    r"launch(?:es|ed|ing)?",
    r"unveil(?:s|ed|ing)?",
    r"debut(?:s|ed|ing)?(?!\s+at\s+(?:#|no\.|number|rank|the\s+top))",  # "debuts at #12" is a ranking
    r"roll(?:s|ed|ing)?\s+out",
    r"ship(?:s|ped|ping)?(?!-)",
    r"drop(?:s|ped)?(?!-)(?!\s+(?:by|to|from)\s)",  # (not a figure's fall: "training cost dropped by 75%")
    r"now\s+available",
    r"available\s+(?:on|from|via|through|for\s+download|to\s+download)",
    r"can\s+be\s+downloaded",
    r"downloaded",
    r"available\s+(?:now|today)",
    r"(?:is|are)\s+(?:now\s+)?(?:available|live|out|here)",
    r"arriv(?:es|ed)",
    r"we\s+present",
    r"present(?:s|ing)",
    r"welcome",
    r"excited\s+to",
    r"proud\s+to",
    r"thrilled\s+to",
    r"happy\s+to",
    r"pleased\s+to",
    # (not "new open-weight": that is an open release, and the scan must reach it to see the weights are open)
    r"new\s+(?:model|family|series|version|generation|flagship|open(?![- ]?(?:weight|sourc)))",
    r"latest\s+(?:model|version|generation|release|flagship)",
    r"our\s+(?:new|latest|newest|most|first|next)",
    r"this\s+repo(?:sitory)?\s+(?:contains|provides|hosts)",
    r"model\s+card",
    r"weights\s+(?:are|on|for)",
    r"(?:upgrade|update)[sd]?\s+(?:to|version)",
    r"publish(?:es|ed)?",
    r"put\s+out",
    r"puts?\s+(?:[\w.-]+\s+){1,3}?(?:on|up\s+on)\s+(?:hugging\s*face|the\s+hub|github|modelscope)",
    r"upload(?:s|ed)",
    r"(?:point|minor|incremental)\s+(?:update|release|upgrade)",
    r"made\s+available",
    r"make\s+available",
    r"brings?\s+(?:you\s+)?(?:the\s+)?new",
    r"greets?",
    r"say\s+hello",
    r"just\s+(?:dropped|released|landed)",
    r"landed",
    # a newsletter's "Baidu answered on March 16 with two models", "Qwen opened the month with QwQ-32B"
    r"(?:answer|counter|respond|open|kick|start)(?:ed|s)\s+(?:off\s+)?(?:the\s+(?:month|week|year)\s+)?"
    r"(?:on\s+\w+\s+\d{1,2}\s+)?with\b",
    r"replac(?:es|ed)\s+(?=[a-z])",  # "Mistral Small 3.2 replaces Mistral Small 3.1": the new one
    r"got\s+an?\s+(?:[\w.]+\s+){0,2}(?:update|upgrade|refresh)",
    r"followed\s+(?:(?:a\s+(?:few\s+)?|two\s+|three\s+|several\s+)?(?:days?|weeks?)\s+later|shortly|suit|soon)",
)
_RELEASE_START = re.compile(r"^\W*meet\s")  # "Meet Kimi K2" — but not "to meet the needs"
_PAST_WORDS = (
    r"last\s+year",
    r"previously",
    # ("predecessor", "previous" and "prior model" point at another model, a comparison: see _COMPARE_WORDS)
    r"earlier\s+(?:models?|versions?|generations?|releases?|this\s+year|in\s+\d{4})",
    r"older",
    r"legacy",
    r"deprecated",
    r"a\s+(?:year|month|week)\s+ago",
    r"(?:years|months|weeks)\s+ago",  # "Four weeks ago DeepSeek-R1 (671B, MIT) wiped …": the news before this one
    r"since\s+(?:its|their)\s+release",
    r"originally\s+released",
    r"(?:remains?|still)\s+available",  # "X and Y remain available": what was there before
    r"first\s+released",
    r"(?:was|were)\s+released\s+(?:in|on|last)",
    r"back\s+in",
    # a newsletter's earlier coverage: "the small 3B and 7B models, which we covered in May", "in an earlier issue"
    r"covered\s+(?:\w+\s+){0,2}?(?:in\s+(?:an?\s+|our\s+)?(?:earlier|previous|past|last)\b|last\s+(?:week|month|issue|"
    r"time)|earlier|before|previously|in\s+(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\b)",
    r"in\s+(?:an?\s+|our\s+)?(?:earlier|previous|past|last)\s+(?:issue|edition|newsletter|post)",
    # "MiniMax-M2, covered in Tuesday's special edition, has climbed …": the newsletter's own earlier coverage
    r"covered\s+(?:it\s+|them\s+)?in\s+(?:\w+'s|our|the|a|an)\s+(?:\w+\s+)?(?:edition|issue|newsletter|post|"
    r"episode|roundup|deep\s+dive)",
    # ("Phi-9-mini (3.8B) arrived in April; the conference completed the family": the month's news came before)
    r"(?:introduced|released|launched|unveiled|shipped|arrived|landed|debuted|came\s+out)\s+(?:[\w.-]+\s+){0,5}?"
    r"in\s+(?:january|february|march|"
    r"april|may|june|july|august|september|october|november|december)\b",
    r"in\s+20(?:1\d|2[0-3])",
    # "In August 2024, we released the first Qwen-Math series — X": the background a card's new model follows
    r"in\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+20\d\d,"
    r"\s+we\s+(?:first\s+)?(?:released|introduced|launched|unveiled|open-sourced)\b",
    # "In February we shipped X", "at the end of April we followed with Y": the vendor's own history before the news
    r"(?:in|by|at\s+the\s+(?:end|start|beginning)\s+of)\s+(?:early\s+|late\s+|mid-?)?(?:january|february|march|april|"
    r"may|june|july|august|september|october|november|december)(?:\s+20\d\d)?,?\s+we\s+(?:first\s+|also\s+)?"
    r"(?:shipped|released|introduced|launched|unveiled|open-sourced|published|followed)\b",
    r"last\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b",
    r"released\s+(?:in|on)\s+(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|20\d\d)",
    # "For the January release see UI-TARS-7B-DPO": a pointer to what came out before
    r"for\s+the\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|earlier|"
    r"previous|original|first|last|older|prior)\s+(?:release|version|models?|checkpoints?)\b",
    # "Last week's open-weights run is still being digested: X, Y and Z": a newsletter's earlier issue
    r"last\s+(?:week|month|year)'s",
)
_RUMOUR_WORDS = (
    r"rumou?r(?:s|ed)?",
    r"reportedly",
    r"leak(?:s|ed)?",
    r"expected\s+to",
    r"is\s+said\s+to",
    r"sources\s+say",
    r"allegedly",
    r"according\s+to\s+(?:people|sources|reports)",
    # (a vendor's plans, not the reader's: "if you're planning to run it, the 70B needs two cards")
    r"plans?\s+to(?<!you\splan\sto)",
    r"planning\s+to(?<!you're\splanning\sto)(?<!you\sare\splanning\sto)",
    r"upcoming",
    r"coming\s+soon",
    # "Gemma 2 27B, announced at I/O, is 'coming in June'": announced, not out
    r"coming\s+(?:in|by)\s+(?:early\s+|late\s+|mid-?)?(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december|q[1-4]|the\s+(?:spring|summer|fall|autumn|winter))\b",
    r"speculat\w+",
    r"teas(?:e|es|ed|ing)",
    r"hint(?:s|ed)\s+at",
    r"could\s+(?:be|launch|release)",
    r"might",
    r"may\s+(?:launch|release)",
    r"not\s+(?:yet\s+)?(?:been\s+)?released",
    r"yet\s+to\s+(?:be\s+)?release",
    r"will\s+(?:soon\s+)?(?:release|launch)",
    r"will\s+be\s+(?:made\s+)?(?:available|released|launched|coming|added|open[- ]?sourced?|open)",
    r"to\s+be\s+(?:released|launched|made\s+available|open[- ]?sourced)",
    r"(?:is|are)\s+coming\b",
    r"next\s+(?:week|month|quarter)",
    r"in\s+(?:about\s+|roughly\s+)?(?:a\s+few|\d+|two|three|six)\s+(?:weeks|months)",
    r"no\s+public\s+access",
    r"not\s+(?:a\s+release|publicly\s+available)",
    r"coming\s+(?:weeks|months|days)",
    # "will be generally available next month", "general availability is planned for Q3": not out yet
    r"(?:will\s+be(?:come)?|to\s+become|becomes?)\s+generally\s+available",
    r"general\s+availability\s+(?:is\s+|will\s+be\s+)?(?:planned|expected|scheduled|slated|due|later|next|soon)",
    r"later\s+this\s+(?:year|month|quarter|summer|spring|fall|autumn|winter)",
    r"still\s+(?:in\s+)?training",
    # "a preview of a model in training"
    r"(?:model|models|preview|checkpoint)\s+(?:still\s+|currently\s+)?in\s+training",
    r"not\s+(?:yet\s+)?available",
    r"no\s+availability",
    r"until\s+next\s+(?:year|month|quarter)",
    # "a limited preview via waitlist", "Announced, not shipped": shown, but nobody can use it yet
    r"wait-?list(?:s|ed)?",
    r"not\s+(?:yet\s+)?shipp(?:ed|ing)",
    # a model being retired is no release of it
    r"deprecat\w*",
    r"retir(?:e|es|ed|ing|ement)\b",
    r"sunset(?:s|ting)?",
    r"end[- ]of[- ]life",
    r"shut(?:s|ting)?\s+down",
    r"(?:turned|switched)\s+off",  # "GPT-4.5 Preview will be turned off in the API on July 14"
    r"phas(?:e|es|ed|ing)\s+out",
    # a model trained but kept back: "we are holding it back for now", "withheld", "we won't publish it"
    r"(?:hold|holds|holding|held)\s+(?:it|them|this|these|that|those)\s+back",
    r"withh(?:eld|old|olding|olds)\b",
    r"won'?t\s+(?:publish|release|ship|open)",
)
DEFINITION = re.compile(
    r"^\W*(?:is|are)\s+(?:a|an|our|the|now)\b|^\W*(?:is|are)\s+\w+\s+(?:model|models|llm|moe)\b|^\s*,\s+(?:a|an|our)\b"
)

_COMPARE_WORDS = (
    r"than",
    r"vs\.?",
    r"versus",
    r"compar(?:ed|ing|able|ison)\s+(?:to|with|against)",
    r"comparisons?\s+(?:to|with)",
    r"compare\s+(?:it\s+|them\s+)?(?:to|with|against)",  # a router page's "Compare with" list of other models
    r"outperform(?:s|ed|ing)?",
    r"improv(?:es|ed|ing)\s+(?:on|upon|over)",  # "It improves on Idefics1 (80B) … at a tenth of the size"
    r"beat(?:s|ing)?",
    r"surpass(?:es|ed|ing)?",
    r"exceed(?:s|ed|ing)?",
    r"rival(?:s|ed|ing)?",
    r"match(?:es|ed|ing)",
    r"on\s+par\s+with",
    r"near-?parity\s+with",
    r"parity\s+with",
    r"competitive\s+with",
    # "trades blows with X", "level with X", "keeps pace with X", "neck and neck with X": a rival's level
    r"trad(?:es|ed|ing)\s+blows\s+with",
    r"(?:level(?<!next\slevel)|neck\s+and\s+neck|toe-to-toe)\s+with",  # (not "to the next level with X")
    r"keeps?\s+pace\s+with",
    r"ahead\s+of",
    r"behind",
    r"against",
    r"relative\s+to",
    r"similar(?:ly)?\s+(?:\w+\s+){0,2}(?:to|as)",
    r"close\s+to",
    r"approach(?:es|ing)",
    r"trails?",
    r"(?:improvements?|gains?|lead|edge|advantage|upgrade|leap|jump|step\s+up)\s+(?:over|on|from)",
    r"over\s+(?=[a-z][\w.-]*\d)",
    r"(?:models?|llms?|systems|competitors|rivals|peers|baselines|alternatives|leaders|counterparts)\s+"
    r"(?:like|such\s+as|including|e\.g\.)",
    r"such\s+as",
    r"unlike",
    r"like\s+(?=[a-z][\w.-]*\d)",
    # "Like Aya Vision and the other research releases, …": one of a class of earlier models, whatever its name
    r"like\s+(?=(?:[\w.-]+\s+){1,3}and\s+(?:the\s+|its\s+|their\s+|all\s+the\s+)?other\b)",
    r"(?:days?|weeks?|months?|years?)\s+after",  # "Two months after Granite 3.1 brought …, today we release"
    r"after\s+(?=[a-z][\w.]*-[\w.-]*\b)",  # "the third model of the line, after Ling-mini-2.0 and Ling-lite"
    r"successor\s+(?:to|of)",
    r"an?\s+(?:[\w-]+\s+)?(?:update|upgrade|refresh)\s+(?:to|of|on)",  # "an update to DeepSeek V3.1": its base
    # "pitched as a local replacement for GPT-4o mini", "an open alternative to o3-mini"
    r"(?:replacement|alternative|answer|challenger|rival)\s+(?:for|to)",
    r"follow-?ups?\s+to",
    r"(?:anniversary|birthday)\s+of",  # "marked the first anniversary of Mistral 7B by introducing …"
    r"predecessors?",
    r"(?:big|older|elder)\s+(?:sister|brother|sibling)",  # "alongside its big sister, Codestral 22B": the one before
    r"previous(?:ly)?",
    r"prior",
    r"earlier",
    r"older",
    r"since",
    r"(?:based|built|trained|fine-?tuned|distilled|derived|initiali[sz]ed|adapted|merged|quantized|converted|"
    r"continued|optimi[sz]ed|post-?trained)\s+(?:on|from|upon|off)",
    r"building\s+on",
    # a fine-tune's base: "It starts from Meta's Llama 3.1 70B Instruct", "a fine-tune of Qwen2.5-7B"
    r"start(?:s|ed|ing)?\s+from",
    r"fine-?tunes?\s+of",
    r"(?:up-?scaled|scaled|pruned|forked|expanded|merged)\s+from",
    r"merg(?:es|ing)\s+(?=[a-z][\w.-]*\d)",  # "DeepSeek-V2.5, which merges DeepSeek-V2-Chat and DeepSeek-Coder-V2"
    r"on\s+top\s+of",
    # "consult the Gemma 3 model card", "see the X technical report": another model's documents, for reference
    r"(?:see|consult|refer\s+to|read|check)\s+(?:out\s+)?the\s+(?=[\w.-]+(?:\s[\w.-]+){0,2}\s+(?:model\s+card|"
    r"technical\s+report|tech\s+report|paper)\b)",
    r"on\s+(?:the|a)\s+(?=[\w.-]+\s+base\b)",  # "on the GLM-4.5-Air base"
    r"along\s+with",
    r"recipes?\s+(?:in|of|from)",
    r"builds\s+on",
    r"(?:distill(?:ed|s|ing)?|transfer(?:red)?)\s+(?:from|into|to)",
    r"teacher",
    r"replac(?:e|es|ed|ing)",  # "where they replace X": what the new models take over from
    r"(?:next|latest|new)\s+iteration\s+of",  # "X, the next iteration of the Y models": Y came before
    r"instead\s+of",
    r"(?:up|down)\s+from",  # "128K context, up from 4K in Granite 3.0": the figure of an older model
    r"migrat\w+\s+(?:from|to)",
    # "moved its assistant from a hosted GPT-4o deployment": what a user left
    r"(?:mov|switch)(?:e|es|ed|ing)?\s+(?:[\w-]+\s+){0,4}?(?:away\s+)?from",
    r"(?:after|since|following)\s+the\s+(?:launch|release|debut)\s+of",
    r"(?:as|the)\s+base\s+model",
    r"base\s+model\s*(?:[:(]|is\b|was\b)",  # "Base model: Qwen2.5-72B" (not "Base models X-Base are released")
    r"leaderboard",
    r"(?:records?|results|numbers|speed-?ups?|throughput)\s+(?:on|for|with|running)",
    r"benchmarks?\s+(?:against|with)",
    r"frontier\s+models?",
    r"proprietary\s+models?",
    r"closed(?:-source)?\s+models?",
    r"open-source\s+models?\s+like",
)
_COMPARE = cue_pattern(*_COMPARE_WORDS, end="")
_COMPARE_STARTS = cue_starts(*_COMPARE_WORDS, end="")
_LOOKAHEAD = 64  # how far past a name's start a comparison cue's lookahead may read (the name and " base")
# "built on X and ships as Y": where a base's clause ends after a list in brackets
_AND_VERB = re.compile(
    r"\sand\s+(?:ships|comes|is|are|arrives|adds|uses|offers|runs|supports|releases|launches|beats|outperforms)\b"
)
# (… "by introducing Y": the clause goes on about what is new)
_CLAUSE_END = re.compile(r";|\s(?:while|whereas|but|and\s+(?:our|the\s+new|we)|by\s+[a-z]+ing)\s|\)")

_OPEN_RELEASE_WORDS = (r"open[- ]?weight(?:s|ed|ing)?", r"open[- ]?sourc(?:e|ed|es|ing)")
_OPEN_WORDS = (
    r"weights\s+(?:are\s+)?(?:now\s+)?(?:available|released|on|public)",
    r"download(?:able)?",
    r"hugging\s*face",
    r"on\s+the\s+hub",
    r"(?:checkpoints|weights)\s+(?:are\s+)?(?:now\s+)?(?:available|public|released|downloadable)",
    r"huggingface",
    r"modelscope",
    r"ollama",
    r"gguf",
    r"fully\s+open",
    r"openly\s+(?:available|released|licensed)",
    r"permissive(?:ly)?\s+licen[cs]ed?",
    r"under\s+(?:an?\s+|the\s+)?(?:apache|mit|permissive|open)",
    r"open\s+models?",
)
_CLOSED_WORDS = (
    r"api[- ]only",
    # "API and ChatGPT only", "API and Claude apps only"
    r"(?:api|apps?|chatgpt|plans)\s+(?:and|or|&)\s+(?:paid\s+|[a-z]+\s+)?(?:api|apps?|chatgpt|plans|subscribers)\s+only",
    r"only\s+(?:available\s+)?(?:on|in|via|through)\s+(?:the\s+|our\s+|its\s+)?"
    r"(?:api|apps?|chat\.|web\b|chatgpt)",
    r"only\s+(?:available\s+)?(?:via|through|in)\s+(?:the\s+|our\s+)?api",
    # (not "proprietary models such as o1-mini": plural, the yardsticks, not the release)
    # (nor "the best VLMs today are proprietary": what the field is like, said before the open release)
    r"proprietary(?<!today\sare\sproprietary)(?!\s+(?:models|llms|vlms|systems|labs|rivals|competitors|alternatives|"
    r"counterparts|frontier|ones|apis|offerings|giants|vendors))",
    # (not "captions from/with a closed model": a source of training data, not the release)
    r"closed[- ](?:source|weights?|model)(?!s)(?<!from\sa\sclosed\smodel)(?<!with\sa\sclosed\smodel)"
    r"(?<!using\sa\sclosed\smodel)(?<!by\sa\sclosed\smodel)",
    r"not\s+(?:be\s+)?(?:open[- ]sourced?|open[- ]weights?|released\s+as\s+open)",
    r"no\s+(?:plans\s+to\s+release\s+)?(?:the\s+)?weights",
    r"weights\s+(?:are|will|were)\s+not",
    r"not\s+(?:been\s+)?released\s+(?:as\s+|the\s+|its\s+)?(?:open[- ]?)?weights",  # "is not released as weights"
    r"without\s+(?:releasing\s+)?(?:the\s+)?weights",
    r"(?:neither|none)\s+(?:of\s+them\s+)?(?:ships?|releases?|has|have|comes?\s+with)\s+(?:open\s+)?weights",
    r"(?:do|does|will)\s+not\s+(?:release|open)",
)
CODE_ONLY = re.compile(r"\b(?:code(?:base)?|repository|repo|source\s+code|scripts?|inference\s+code)\b")
MODEL_WORDS = re.compile(r"\b(?:models?|weights|checkpoints?)\b")


# One scan finds every kind of cue ("closed" first: "not open-sourced" is not "open-sourced").
# Served through an API (and nothing said of weights): a weak sign that weights are not open.
_API_WORDS = (
    r"(?:in|via|through|on|to|for)\s+(?:the\s+|our\s+|its\s+|all\s+)?(?:api|apps?|chatgpt|gemini\s+app|claude\.ai)",
    # "through the Gemini API", "via the Mistral API", and the cloud consoles models are served in
    r"(?:in|via|through|on|to|for)\s+(?:the\s+|our\s+|its\s+)?[a-z][\w.-]*\s+api\b",
    r"(?:releas|launch|offer|open)(?:e|es|ed|ing|s)?\s+(?:the\s+|an\s+)?api\s+(?:of|for|to)\b",  # "release the API of"
    r"users\s+(?:and|&)\s+(?:the\s+)?api\b",  # "rolling out to paid ChatGPT users and the API"
    # a price per million tokens is what an API charges ("$5 / $25 per million tokens")
    r"per\s+(?:one\s+)?million\s+(?:input\s+|output\s+)?tokens",
    r"(?:in|via|through|on)\s+(?:google\s+)?(?:vertex\s+ai|ai\s+studio|amazon\s+bedrock|bedrock|azure\s+ai\s+foundry)",
)
# "When we launched Granite 4.0 …, the smallest member was X", "…, when Nova Micro, Nova Lite and Nova Pro launched,
# Nova Premier …": a clause dated by an earlier release. Its verb is no release of this document's, and the models
# the clause names came before (see ``dated_spans``); the rest of the sentence keeps its own cues.
# "The ERNIE 5.0 launch follows Baidu's decision in June to open-source ERNIE 4.5, …": the rest of the sentence is
# the news before this one.
_DATED_WORDS = (
    r"(?:when|since)\s+(?:[\w.'-]+,?\s+){1,8}?(?:first\s+)?(?:launched|released|introduced|shipped|debuted|arrived|"
    r"unveiled|open-sourced|came\s+out)\b",
    r"(?:launch|release|announcement|model|update)\s+(?:follows|comes\s+after)\b",
)
_DATED = re.compile(rf"\b(?:{_DATED_WORDS[0]})|(?P<follows>\b(?:{_DATED_WORDS[1]}))")

_KINDS = {
    "dated": _DATED_WORDS,
    "closed": _CLOSED_WORDS,
    "api": _API_WORDS,
    "rumour": _RUMOUR_WORDS,
    "past": _PAST_WORDS,
    "open_release": _OPEN_RELEASE_WORDS,
    "release": _RELEASE_WORDS,
    "open": _OPEN_WORDS,
}
_SCAN = cue_pattern(*(fragment for fragments in _KINDS.values() for fragment in fragments))
# ``_SCAN`` as ``WordStarts`` finds it (every phrase opens with a letter, so "\b" before it is "no \w before it")
_SCAN_STARTS = cue_starts(*(fragment for fragments in _KINDS.values() for fragment in fragments))


# Which kind a cue is: the first kind whose phrases match where the scan found it — the alternative the scan
# took, as the scan tries the kinds in this order. (Named groups in ``_SCAN`` would slow every word it tries.)
_KIND_AT = tuple((kind, re.compile(rf"(?:{_initial_branches(fragments)})\b")) for kind, fragments in _KINDS.items())
# All of them in one pattern, tried where the scan found a cue: the first kind that matches there is the
# group that matches (a named group per kind costs nothing when the pattern is tried at a dozen places).
_KIND_OF = re.compile("|".join(f"(?P<{kind}>{pattern.pattern})" for kind, pattern in _KIND_AT))


def scan(lowered: str) -> list[tuple[int, str]]:
    """Every cue in (lower-cased) text: its position and kind — release, past, rumour, open, closed."""
    events = []
    for start, _end in _SCAN_STARTS.spans(lowered):
        kind = _KIND_OF.match(lowered, start).lastgroup or ""  # type: ignore[union-attr]  # the scan matched here
        if kind == "open_release":
            events += [(start, "release"), (start, "open")]
        else:
            events.append((start, kind))
    return events


def dated_spans(sentence: str) -> list[tuple[int, int]]:
    """The clauses of a (lower-cased) sentence dated by an earlier release: from "when" to the clause's end, and
    what follows "… launch follows"."""
    spans = []
    for match in _DATED.finditer(sentence):
        if match.group("follows"):
            spans.append((match.end(), len(sentence)))
            continue
        spans.append((match.start(), clause_end(sentence, match.end())))
    return spans


def clause_end(text: str, start: int) -> int:
    """Where the clause that runs on at ``start`` ends: the next comma or semicolon, else the text's end."""
    ends = [i for i in (text.find(",", start), text.find(";", start)) if i >= 0]
    return min(ends) if ends else len(text)


def kinds_between(events: list[tuple[int, str]], start: int, end: int) -> set[str]:
    return {kind for position, kind in events if start <= position < end}


def opens_with_release(lowered: str) -> bool:
    """ "Meet Kimi K2": a cue only at the start of a sentence ("to meet the needs" is not one)."""
    return "meet" in lowered and _RELEASE_START.match(lowered) is not None


_PRONOUN = re.compile(r"\s*(?:(?:any|every)(?:one|body|thing)|ever|before)\b")


def comparison_spans(sentence: str, until: int | None = None) -> list[tuple[int, int]]:
    """Spans where a named model is a yardstick or a base. A cue near the start of the sentence
    ("Compared to X, …", "Based on X, …") reaches to the first comma; elsewhere to the end of the clause.
    Cues after ``until`` (the last name's start) cannot cover a name and are not kept. (The text is searched a
    little past it: a cue's lookahead reads the name itself — "over GPT-4o", "on the GLM-4.5-Air base".)"""
    spans = []
    reach = None if until is None else min(len(sentence), until + _LOOKAHEAD)
    for cue_start, start in _COMPARE_STARTS.spans(sentence, reach):
        if start > len(sentence) or (until is not None and cue_start > until):
            continue
        # "went further than anyone: X and Y come with …": a pronoun is the yardstick, the clause goes on
        head = sentence[start : start + 8]
        pronoun = _PRONOUN.match(sentence, start) if "any" in head or "ever" in head or "before" in head else None
        end = pronoun.end() if pronoun else _scope_end(sentence, cue_start, start)
        spans.append((cue_start, end))
    return spans


def _scope_end(sentence: str, cue_start: int, start: int) -> int:
    if len(sentence[:cue_start].split()) <= 3:
        comma = sentence.find(",", start)
        if comma >= 0:
            # "Closed models (A, B, C) are out of scope": the list in brackets after the cue, to its end
            opens = sentence.find("(", start, comma)
            close = sentence.find(")", opens) if opens >= 0 else -1
            end = close if close >= 0 and sentence.find(")", start, comma) < 0 else comma
            # "Built on Qwen2-VL (the 72B being the big one) and ships as UI-TARS-2B, …": the clause ends at the verb
            verb = _AND_VERB.search(sentence, start, end) if " and " in sentence[start:end] else None
            return verb.start() if verb else end
    opened = sentence.rfind("(", 0, cue_start) > sentence.rfind(")", 0, cue_start)
    for clause in _CLAUSE_END.finditer(sentence, start):
        if clause.group(0) != ")" or opened:
            return clause.start()
    return len(sentence)


def lowered(text: str) -> str:
    """``text.lower()`` with every position unchanged (a few characters lower-case to two)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def in_spans(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)
