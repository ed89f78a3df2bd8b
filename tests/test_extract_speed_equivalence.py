"""Issue 4 (speed): the faster forms of extraction's scans find exactly what the plain forms find.

Each shortcut taken for throughput (``WordStarts``, the cheap tests before case-insensitive searches, the
kind of a cue read in one match, the names kept by spelling, one scan of all of a document's blocks) is checked
against the plain computation it replaces, over text built from the pieces where they could differ: word edges,
guard characters, characters that fold to ASCII letters under IGNORECASE, and the phrases themselves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from releasewatch.extract import cues, licenses, params
from releasewatch.extract.names import NameFinder, finder_for
from releasewatch.extract.vendors import default_registry


def _joined(pieces: Sequence[str], *, max_size: int) -> st.SearchStrategy[str]:
    """Texts glued from up to ``max_size`` of ``pieces``: the inputs every equivalence below is checked on."""
    return st.lists(st.sampled_from(list(pieces)), max_size=max_size).map("".join)


_PIECES = [
    *("qwen", "Qwen3", "llama", "Llama 3.1", "amazon nova", "gpt-oss", "o3", "deepseek", "granite", "-3", "Phi"),
    *("released", "release notes", "now available", "vs.", "than", "on the ", "base model:", "over ", "like "),
    *("apache", "MIT", "cc-by", "licen", "terms of use", "open-weight", "api-only", "meet ", "total", "activated"),
    *("param", "size", "ſ", "ı", "İ", "K", "é", "ς", "Σ", "·", "—", "\x00", "\n", "\t", " ", "-", "_", ".", "@", "#"),
    *("(", ")", ":", "=", "x", "1", "2b", "70B", "based on", "is ", "are "),
]
_TEXT = _joined(_PIECES, max_size=16)
_STARTS = [
    ("names", finder_for(default_registry()).plain),
    ("cues", cues._SCAN_STARTS),
    ("comparisons", cues._COMPARE_STARTS),
    ("licenses", licenses._PREFILTER),
]


@settings(max_examples=400)
@given(_TEXT, st.integers(min_value=0, max_value=200))
def test_word_starts_find_what_the_plain_pattern_finds(text: str, cut: int) -> None:
    for label, starts in _STARTS:
        end = min(cut, len(text))
        expected = [m.span() for m in starts.plain.finditer(text, 0, end)]
        assert starts.spans(text, end) == expected, label
        assert starts.spans(text) == [m.span() for m in starts.plain.finditer(text)], label
        assert starts.search(text) == (starts.plain.search(text) is not None), label


@settings(max_examples=300)
@given(_TEXT)
def test_cue_starts_match_the_word_boundary_patterns(text: str) -> None:
    """ "\\b" before a phrase that opens with a letter is "no word character before it"."""
    low = cues.lowered(text)
    assert cues._SCAN_STARTS.spans(low) == [m.span() for m in cues._SCAN.finditer(low)]
    assert cues._COMPARE_STARTS.spans(low) == [m.span() for m in cues._COMPARE.finditer(low)]


@settings(max_examples=300)
@given(_TEXT)
def test_the_kind_of_a_cue_is_the_first_kind_that_matches_there(text: str) -> None:
    low = cues.lowered(text)
    expected: list[tuple[int, str]] = []
    for match in cues._SCAN.finditer(low):
        kind = next(kind for kind, pattern in cues._KIND_AT if pattern.match(low, match.start()))
        split = [(match.start(), "release"), (match.start(), "open")] if kind == "open_release" else []
        expected += split or [(match.start(), kind)]
    assert cues.scan(low) == expected


@settings(max_examples=400)
@given(_TEXT)
def test_cheap_tests_never_rule_out_a_case_insensitive_match(text: str) -> None:
    """ "ſize", "actıve" and "K" match under IGNORECASE: non-ASCII text is always searched."""
    for pattern, words in (
        (params._BEFORE_PARAM, ("param", "size")),
        (params._BEFORE_TOTAL, ("total",)),
        (params._BEFORE_ACTIVE, ("activ",)),
    ):
        if pattern.search(text):
            assert params._may_say(text, *words)


@given(_TEXT)
def test_names_kept_by_spelling_are_the_names_found_afresh(text: str) -> None:
    shared = finder_for(default_registry())
    fresh = NameFinder(default_registry())
    assert shared.find(text) == fresh.find(text)
    assert shared.find(text) == fresh.find(text)  # and again, from what both have kept


def test_license_and_tool_words_after_a_name_are_one_pattern() -> None:
    from releasewatch.extract import collect

    # (the merged pattern reads the lower-cased sentence, without IGNORECASE: see ``Collector.names_in``)
    for after in (" Community License", " development toolkit", " model license", " and more", "s", " Terms"):
        either = bool(collect._LICENSE_AFTER.match(after) or collect._TOOL_AFTER.match(after))
        assert bool(collect._NOT_A_MODEL_AFTER.match(after.lower())) == either
    assert not collect._NOT_A_MODEL_AFTER.flags & re.IGNORECASE


_LICENSE_TEXT = _joined(
    [
        *("Apache 2.0", "apache-2.0", "MIT", "submit", "under the MIT", "Modified MIT", "open rail", "OpenRAIL-M"),
        *("AGPL-3.0", "LGPL v2", "GPL", "CC-BY-NC-4.0", "cc0", "Llama 3.1 Community License", "Gemma Terms"),
        *("MRL", "Mistral Research License", "MNPL", "Qwen License", "DeepSeek License", "BSD-3-Clause", "MPL 2"),
        *(" ", ", ", ". ", "(", ")", ":", "\n", "x", "licensed", "ı", "İ", "ſ", "K", "é"),
    ],
    max_size=14,
)


@settings(max_examples=400)
@given(_LICENSE_TEXT)
def test_license_patterns_searched_from_their_words_find_what_a_full_search_finds(text: str) -> None:
    present = set(licenses._GATE_WORDS.findall(text.lower()))
    expected = [
        licenses.LicenseMention(match.start(), match.end(), name)
        for index in sorted({i for word in present for i in licenses._GATED_BY_WORD[word]})
        for match in licenses._GATED[index][1].finditer(text)
        if (name := licenses._GATED[index][2](match))
    ]
    assert licenses._known(text) == expected


_COUNT_TEXT = _joined(
    [
        *("Qwen3-235B-A22B", "Mixtral 8x7B", "8x7B", "1,235B-A22B", "1T/32B", "671B total", "37B activated"),
        *("128K context", "$2B", "15T tokens", "7 billion", "2.6B parameters", "Parameters: 32.8B", " ", ", ", "."),
        *("A", "x", "×", "-", "(", ")", "٣B", "1", "B"),
    ],
    max_size=10,
)


@settings(max_examples=400)
@given(_COUNT_TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=3))
def test_counts_looked_for_after_the_names_are_the_counts_found_everywhere(
    text: str, spans: list[tuple[int, int]]
) -> None:
    """``find_params`` starts where a number first stands outside the names; a full reading finds no more."""
    skip = tuple((start, start + length) for start, length in spans)
    expected: list[params.ParamClaim] = []
    if params._DIGIT.search(text):
        expected = [*params._pairs(text, skip), *params._moe(text, skip)]
        taken = tuple((claim.start, claim.end) for claim in expected) + skip
        for match in params._COUNT.finditer(text):
            claim = None if params._inside(match.start(), match.end(), taken) else params._count_claim(text, match)
            expected += [claim] if claim is not None else []
    assert params.find_params(text, skip) == sorted(expected, key=lambda claim: claim.start)


@settings(max_examples=300)
@given(st.lists(_TEXT, max_size=5))
def test_one_scan_of_all_blocks_gives_each_block_what_its_own_scans_give(texts: list[str]) -> None:
    from releasewatch.extract.prescan import scan_blocks

    finder = finder_for(default_registry())
    for text, scan in zip(texts, scan_blocks(texts, finder), strict=True):
        low = cues.lowered(text)
        assert scan == (low, finder.find(text, low), cues.scan(low), bool(licenses.has_license_words(low)))


_GATE_TEXT = _joined(
    [
        *_PIECES,
        *("token", "forward", "per token", "for each forward", "are activated", "active", "non-embedding"),
        *("(non-embedding)", "code", "codebase", "repo", "repository", "source code", "scripts", "weights"),
        *("Acme ", "Acme Labs ", "has ", "just ", "released", "launches", "open-sourced", "Unveils", "ships"),
    ],
    max_size=12,
)


@settings(max_examples=400)
@given(_GATE_TEXT)
def test_substring_tests_never_rule_out_a_match(text: str) -> None:
    """The case-sensitive patterns skipped when their words are absent (``params._says_role``, the verb stems of
    ``collect._VENDOR_VERB``, the code words of ``cues.CODE_ONLY``) cannot match without them."""
    from releasewatch.extract import collect

    low = text.lower()
    for pattern in (params._AFTER_TOTAL, params._ACTIVE_NOW, params._AFTER_ACTIVE, params._ROLE_AFTER):
        for start in range(len(low) + 1):
            if pattern.match(low[start:]):
                assert params._says_role(low)
    for start in range(len(low) + 1):
        if params._PER_TOKEN.match(low[start:]):
            assert "token" in low or "forward" in low
        if params._AFTER_NON_EMBEDDING.match(low[start:]):
            assert "embedding" in low
    if cues.CODE_ONLY.search(low):
        assert "code" in low or "repo" in low or "script" in low
    for end in range(len(text) + 1):
        if collect._VENDOR_VERB.search(text, 0, end):
            assert collect._VENDOR_VERB_WORD.search(text, 0, end)


_COUNTS = st.lists(
    st.builds(
        lambda strength, notation: (strength, notation),
        st.sampled_from(list(params.Strength)),
        st.sampled_from(["8B", "8.0B", "8x1B", "8b"]),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=300)
@given(_COUNTS, st.sampled_from([0, 10**7, 8 * 10**9, 1_234_567_890_123]))
def test_a_count_said_once_or_repeated_is_picked_as_the_ranking_picks_it(
    counts: list[tuple[params.Strength, str]], value: int
) -> None:
    from releasewatch.extract.assemble import _pick, _ranked_pick
    from releasewatch.extract.collect import Count

    said = [Count(value, strength, notation) for strength, notation in counts]
    assert _pick(said) == _ranked_pick(said)


_PART_TEXT = _joined(
    [
        *("ViT", "vit", "Encoder", "tower", "adapter", "Projector", "embedding", "embeddings", "draft model"),
        *("draft  model", " of ", " with ", " has ", " adds ", "about ", "roughly ", "only ", "~", "~ ", " "),
        *("ſ", "ı", "İ", "K", "é", "\n", "-", "x", "a ", "the ", "One "),
    ],
    max_size=10,
)


@settings(max_examples=400)
@given(_PART_TEXT, st.text(alphabet="ab ", max_size=30))
def test_a_part_word_test_never_rules_out_a_part_before_a_count(text: str, lead: str) -> None:
    """``params._says_component`` is false only where ``_COMPONENT_BEFORE`` cannot match in the last 24
    characters (under IGNORECASE: non-ASCII text is always searched)."""
    before = lead + text
    if params._COMPONENT_BEFORE.search(before, max(0, len(before) - 24)):
        assert params._says_component(before)


_CLAUSE_TEXT = _joined(
    [
        *("X", "Y is API-only", "Apache 2.0", ";", "; ", "·", " · ", "·x", ",", ", ", ",\n", " and ", " but "),
        *("while ", "whereas ", "and", " ", "\n", "\t", "a", "(", ")"),
    ],
    max_size=12,
)


@settings(max_examples=400)
@given(_CLAUSE_TEXT, st.integers(0, 5), st.integers(0, 5))
def test_a_sentence_with_one_clause_is_the_sentence_itself(text: str, lead: int, trail: int) -> None:
    """``Collector.clause_cues`` treats one span from ``clauses`` as no cut: that span is the whole sentence, and
    every sentence ``has_clauses`` rules out is one span."""
    from releasewatch.extract.placement import clauses, has_clauses

    start, end = min(lead, len(text)), max(min(lead, len(text)), len(text) - trail)
    spans = clauses(text, start, end)
    if len(spans) == 1:
        assert spans == [(start, end)]
    if not has_clauses(text, start, end):
        assert len(spans) == 1


_CUES = st.lists(st.tuples(st.sampled_from(["Apache 2.0", "MIT"]), st.sampled_from([0.0, 0.5, 1.0, 2.0])), max_size=3)
_WEIGHTS = st.lists(st.tuples(st.booleans(), st.sampled_from([0.0, 0.5, 1.0, 2.0])), max_size=3)


@given(_CUES, _WEIGHTS)
def test_a_paragraph_releases_weights_only_with_a_license_and_a_weights_cue(
    licenses_: list[tuple[str, float]], weights: list[tuple[bool, float]]
) -> None:
    """``Collector.prose`` asks ``_releases_weights`` only when both lists hold a cue."""
    from releasewatch.extract.collect import _releases_weights

    if _releases_weights(licenses_, weights):
        assert licenses_ and weights


_SERIES_NAMES = st.lists(
    st.sampled_from(["Jamba 1.6", "Jamba Mini 1.6", "Jamba Large 1.6", "MiniMax-01", "MiniMax-Text-01", "Jamba 2"]),
    max_size=4,
    unique=True,
)


@given(_SERIES_NAMES)
def test_a_series_needs_two_kept_members_besides_itself(names: list[str]) -> None:
    """``assemble._without_shadowed`` looks for a series' members only among three kept names or more."""
    from releasewatch.extract.assemble import _infix_members
    from releasewatch.extract.collect import Candidate

    kept = [Candidate(name.lower(), order, names={name: 1.0}) for order, name in enumerate(names)]
    for candidate in kept:
        if len(_infix_members(candidate, kept)) > 1:
            assert len(kept) > 2
