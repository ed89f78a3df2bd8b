"""extract(): the phrasing of real announcements that earlier rules missed (issue 4, held-out set).

Each test is one short sentence or list row in the form vendor blogs, newsletters, cards and router listings
use; the model names are made up where the rule does not depend on them, so that no test fits the corpus.
"""

from __future__ import annotations

from releasewatch.extract import cues, extract
from releasewatch.extract.document import parse, sentences
from releasewatch.extract.licenses import find_licenses
from releasewatch.extract.names import finder_for
from releasewatch.extract.params import find_params
from releasewatch.extract.vendors import default_registry
from releasewatch.models import ModelMention
from releasewatch.resolve import normalise_name

B = 10**9


def _by_key(text: str, fmt: str | None = None, hint: str | None = None) -> dict[str, ModelMention]:
    return {normalise_name(m.model): m for m in extract(text, fmt=fmt, vendor_hint=hint)}  # type: ignore[arg-type]


def _found_names(text: str) -> list[str]:
    return [m.name for m in finder_for(default_registry()).find(text)]


# --- names ---------------------------------------------------------------------------------------------------


def test_a_product_word_with_an_inner_capital_after_a_brand_is_part_of_the_name() -> None:
    assert _found_names("Mistral NeMo is a 12B model.") == ["Mistral NeMo"]
    found = _by_key("Mistral AI and NVIDIA release Mistral NeMo, a 12B model, under the Apache 2.0 license.")
    assert found["mistralnemo"].params_total == 12 * B


def test_a_tool_word_after_a_brand_is_not_part_of_the_name() -> None:
    assert _found_names("the DeepSeek LoRA adapters and the Qwen GitHub page") == ["DeepSeek", "Qwen"]


def test_a_router_display_name_spaces_the_active_size_and_the_checkpoint_word() -> None:
    text = "Qwen9 Next 80B A3B Instruct · qwen/qwen9-next-80b-a3b-instruct\n  262,144 context · $0.10/M input tokens"
    found = _by_key(text, "text")
    assert list(found) == ["qwen9next80ba3b"]
    assert (found["qwen9next80ba3b"].params_total, found["qwen9next80ba3b"].params_active) == (80 * B, 3 * B)


# --- list rows -------------------------------------------------------------------------------------------------


def test_a_row_may_open_with_a_known_vendor_spelled_in_lower_case() -> None:
    text = "Releases\n\n- xAI: Grok 9. Available to Premium+ subscribers; closed weights, no API yet."
    found = _by_key(text, "markdown")
    assert list(found) == ["grok9"] and found["grok9"].open_weights is False


def test_a_lower_case_label_is_no_vendor() -> None:
    assert _by_key("- note: Grok 9 is still training.", "markdown") == {}


def test_a_list_item_that_gives_its_models_license_is_a_release_row() -> None:
    text = "- Also notable: Switzerland's Apertus-9B and Apertus-90B, Apache 2.0, trained on 15T tokens."
    found = _by_key(text, "markdown")
    assert list(found) == ["apertus9b", "apertus90b"]
    assert found["apertus90b"].params_total == 90 * B and found["apertus90b"].license == "Apache-2.0"


def test_a_bare_mit_after_a_dash_is_a_license() -> None:
    found = _by_key("- Microsoft: Phi-9-reasoning (14B) — MIT, open weights on Hugging Face.", "markdown")
    assert found["phi9reasoning"].license == "MIT"


# --- releases against context -----------------------------------------------------------------------------------


def test_weeks_ago_is_the_news_before_this_one() -> None:
    text = (
        "Four weeks ago DeepSeek-R9 (671B, MIT) wiped billions off chip stocks. Here is what shipped since.\n\n"
        "- Mistral AI: Mistral Small 9 (24B). Apache 2.0."
    )
    assert list(_by_key(text, "markdown")) == ["mistralsmall9"]


def test_a_replacement_for_a_model_is_a_comparison() -> None:
    text = "- Mistral AI: Mistral Small 9 (24B). Apache 2.0, pitched as a local replacement for GPT-9o mini."
    found = _by_key(text, "markdown")
    assert list(found) == ["mistralsmall9"] and found["mistralsmall9"].license == "Apache-2.0"


def test_a_comparison_cue_may_read_the_name_it_covers() -> None:
    # the lookahead of "on the … base" and "over X9" reads past the last name's start
    assert cues.comparison_spans("built on the glm-9-air base.", until=13)
    text = "Zhipu AI: GLM-9V (106B total, 12B active) Vision-language model on the GLM-9-Air base. MIT license."
    assert list(_by_key(text, "text")) == ["glm9v"]


def test_a_name_after_an_indefinite_article_is_a_kind_of_model_not_a_release() -> None:
    text = (
        "Anthropic: Claude 9 Opus is the new top of the leaderboards. API only.\n\n"
        "At GTC, NVIDIA announced Blackwell: it can train a 1.8-trillion-parameter GPT-MoE with 2,000 GPUs."
    )
    found = _by_key(text, "text")
    assert list(found) == ["claude9opus"] and found["claude9opus"].params_total is None


# --- open weights and licenses ------------------------------------------------------------------------------


def test_not_released_as_weights_is_closed() -> None:
    text = (
        "Qwen9-Max: our largest MoE model\n\n"
        "Qwen9-Max is not released as weights: it is available in Qwen Chat and through the API."
    )
    assert [m.open_weights for m in extract(text, vendor_hint="Alibaba")] == [False]


def test_a_price_per_million_tokens_is_an_api_offering() -> None:
    text = "- Anthropic: Claude Opus 9 — 80.9% on SWE-bench Verified, and a price cut to $5 / $25 per million tokens."
    assert [m.open_weights for m in extract(text, fmt="markdown")] == [False]


def test_names_with_no_words_of_their_own_share_the_next_clauses_cue() -> None:
    text = "- OpenAI: o3 · o4-mini — API and ChatGPT only; o4-mini priced at $1.10 / $4.40 per million tokens."
    found = _by_key(text, "markdown")
    assert (found["o3"].open_weights, found["o4mini"].open_weights) == (False, False)


def test_weights_promised_for_later_are_not_open_yet() -> None:
    text = (
        "Introducing Phi-9\n\nToday we are introducing Phi-9, our 14B parameter small language model.\n\n"
        "Phi-9 is available on Azure AI Foundry under a research license and will be available on Hugging Face "
        "next week."
    )
    assert [m.open_weights for m in extract(text, vendor_hint="Microsoft")] == [None]


def test_a_closed_model_does_not_share_its_open_siblings_license() -> None:
    text = (
        "Magistral 9 comes in two variants: Magistral Small 9 and Magistral Medium 9.\n\n"
        "Magistral Small 9 is an open-weight model under the Apache 2.0 license.\n\n"
        "Magistral Medium 9 is available in preview through the API. Its weights are not released."
    )
    found = _by_key(text, "text", "Mistral AI")
    assert (found["magistralsmall9"].license, found["magistralsmall9"].open_weights) == ("Apache-2.0", True)
    assert (found["magistralmedium9"].license, found["magistralmedium9"].open_weights) == (None, False)


def test_a_sentence_naming_only_yardsticks_says_nothing_of_the_release() -> None:
    text = (
        "---\nlicense: apache-2.0\n---\n# Reka Flash 9\n\nReka Flash 9 is a 21B reasoning model. It performs "
        "competitively with proprietary models such as OpenAI o9-mini.\n\n- License: Apache 2.0"
    )
    found = _by_key(text, "markdown", "Reka")
    assert (found["rekaflash9"].license, found["rekaflash9"].open_weights) == ("Apache-2.0", True)


def test_badges_stay_apart() -> None:
    text = (
        "# DeepSeek-V9\n\n"
        "[![HF](https://img.shields.io/badge/Hugging%20Face-DeepSeek%20AI-ffc107)](https://huggingface.co/deepseek-ai) "
        "[![License](https://img.shields.io/badge/License-MIT-f5de53)](LICENSE)\n\nDeepSeek-V9 is a 671B model."
    )
    assert [m.license for m in extract(text, fmt="markdown", vendor_hint="DeepSeek")] == ["MIT"]


# --- counts ------------------------------------------------------------------------------------------------------


def test_rows_that_leave_the_model_cell_empty_continue_the_family_one_size_a_row() -> None:
    table = (
        "| Model | Training data | Params | Context |\n|---|---|---|---|\n"
        "| Llama 9.2 (text only) | public data | 1B (1.23B) | 128k |\n"
        "| | | 3B (3.21B) | |"
    )
    found = _by_key(table, "markdown", "Meta")
    assert (found["llama9.2-1b"].params_total, found["llama9.2-3b"].params_total) == (1_230_000_000, 3_210_000_000)


def test_a_range_of_active_counts_is_no_count() -> None:
    text = "Meituan released LongCat-Flash-9: a 560B-parameter MoE that activates between 18.6B and 31.3B parameters."
    found = extract(text)
    assert [(m.params_total, m.params_active) for m in found] == [(560 * B, None)]


def test_an_api_identifier_after_a_name_is_that_models() -> None:
    text = "- **Jul 10** — Devstral Small 9 (`devstral-small-2607`, 24B): agent scaffolds, Apache 2.0."
    found = _by_key(text, "markdown", "Mistral AI")
    assert list(found) == ["devstralsmall9"] and found["devstralsmall9"].params_total == 24 * B
    text = "Qwen9-Max: our largest model\n\nQwen9-Max is live in the API (model name qwen-max-2026-01-25) today."
    assert list(_by_key(text, "text", "Alibaba")) == ["qwen9max"]


# --- changelogs, press releases, router pages, cards --------------------------------------------------------


def test_a_changelog_entry_led_by_a_date_is_a_release_row() -> None:
    text = "## July 2026\n\n- **Jul 10** — Devstral Medium 9 (`devstral-medium-2607`): API only, $0.4/M input."
    found = _by_key(text, "markdown", "Mistral AI")
    assert list(found) == ["devstralmedium9"] and found["devstralmedium9"].open_weights is False


def test_a_changelog_does_not_share_one_lines_license_with_another() -> None:
    text = (
        "- **Jul 15** — Voxtral 9 (24B) released, Apache 2.0 on Hugging Face.\n"
        "- **Jun 20** — Mistral Small 9.2 (`mistral-small-2606`) replaces Mistral Small 9.1 as the default.\n"
    )
    found = _by_key(text, "markdown", "Mistral AI")
    assert found["voxtral9"].license == "Apache-2.0" and found["mistralsmall9.2"].license is None


def test_putting_a_model_on_hugging_face_releases_it() -> None:
    text = "Tencent put Hunyuan-A9B on Hugging Face: an MoE model with 80 billion parameters, 9 billion active."
    found = _by_key(text, "text")
    assert (found["hunyuana9b"].params_total, found["hunyuana9b"].params_active) == (80 * B, 9 * B)


def test_a_release_cue_speaks_for_its_own_clause() -> None:
    text = (
        "Mistral Small 9.2 (24B, Apache 2.0) is a point update that fixes repetition; for harder work Mistral still "
        "points customers at Mistral Medium 9."
    )
    assert list(_by_key(text, "text")) == ["mistralsmall9.2"]


def test_an_update_to_a_model_names_its_base() -> None:
    text = (
        "DeepSeek: DeepSeek V9.1 Terminus\n\nDeepSeek-V9.1 Terminus is an update to DeepSeek V9.1 (671B, 37B active)."
    )
    assert list(_by_key(text, "text")) == ["deepseekv9.1terminus"]


def test_a_bound_is_no_count() -> None:
    text = "Google's Gemma 9n ships open weights; Google says it is the first model under 10B parameters to top 1300."
    assert [m.params_total for m in extract(text)] == [None]


def test_a_predecessor_named_in_the_sentence_does_not_make_the_release_history() -> None:
    text = (
        "Falcon 9 comes in four sizes -- 1B, 3B, 7B and 10B -- and was trained on 14 trillion tokens, twice the "
        "data of its predecessor, Falcon 8."
    )
    assert [m.model for m in extract(text, vendor_hint="TII")] == [
        "Falcon 9 1B",
        "Falcon 9 3B",
        "Falcon 9 7B",
        "Falcon 9 10B",
    ]


def test_models_named_after_an_architecture_or_as_earlier_members_are_context() -> None:
    text = (
        "Today we open-source Ling-flash-9.0, the third model of our Ling 9.0 architecture, after Ling-mini-9.0 and "
        "Ling-lite."
    )
    assert list(_by_key(text, "markdown", "Ant Group")) == ["lingflash9.0"]


def test_a_model_a_customer_moved_away_from_is_no_release() -> None:
    text = (
        "In 2026 the team moved its assistant from a hosted GPT-9o deployment to a self-hosted stack on open weights."
    )
    assert _by_key(text, "markdown") == {}


def test_a_card_for_one_size_lists_its_family_as_context() -> None:
    table = "\n".join(
        ["| Size | Training Tokens | Layers |", "|---|---|---|"]
        + [
            f"| [OLMo 9-{size}](https://huggingface.co/allenai/OLMo-9-{stamp}-{size}) | 4 Trillion | 16 |"
            for size, stamp in (("1B", "0426"), ("7B", "1125"), ("13B", "1125"))
        ]
    )
    text = f"# Model Card for OLMo 9 1B\n\nWe release OLMo 9 1B, the smallest model in the OLMo 9 family.\n\n{table}\n"
    assert list(_by_key(text, "markdown", "Ai2")) == ["olmo9-1b"]
    # a card that states every size it releases keeps them all
    text = text.replace("the smallest model in the OLMo 9 family", "alongside the 7B and 13B sizes")
    assert sorted(_by_key(text, "markdown", "Ai2")) == ["olmo9-13b", "olmo9-1b", "olmo9-7b"]


def test_performing_similarly_to_a_model_and_merging_models_are_comparisons() -> None:
    text = "Meta releases Llama 9.3 70B under the Llama 9.3 Community License; it performs similarly to Llama 9.1 405B."
    assert list(_by_key(text, "text")) == ["llama9.3-70b"]
    text = "Today we're releasing DeepSeek-V9.5, which merges DeepSeek-V9-Chat and DeepSeek-Coder-V9-Instruct."
    assert list(_by_key(text, "text", "DeepSeek")) == ["deepseekv9.5"]


def test_a_name_listed_beside_its_variants_is_a_model_of_its_own() -> None:
    text = "OpenAI launched GPT-9.1, GPT-9.1 mini and GPT-9.1 nano in the API today."
    assert list(_by_key(text, "text")) == ["gpt9.1", "gpt9.1mini", "gpt9.1nano"]
    # a family named as such still gives way to its variants
    text = "Meta released Llama 9 Scout and Llama 9 Maverick, the first Llama 9 models."
    assert list(_by_key(text, "text")) == ["llama9scout", "llama9maverick"]


def test_a_range_of_sizes_is_no_count() -> None:
    text = "Baidu open-sourced the ERNIE 9.5 family: ten models from 0.3B dense to 424B MoE, Apache 2.0."
    assert [m.params_total for m in extract(text)] == [None]


def test_a_timeline_entry_that_says_nothing_of_a_release_is_no_row() -> None:
    assert _by_key("Timeline\n\n- Jan 20 — DeepSeek-R9 shook markets.", "markdown") == {}


def test_a_model_that_replaces_another_is_the_release() -> None:
    text = "- **Jun 20** — Mistral Small 9.2 (`mistral-small-2606`) replaces Mistral Small 9.1 as the default."
    assert list(_by_key(text, "markdown", "Mistral AI")) == ["mistralsmall9.2"]


# --- generalisation: sizes spelled out and said of the model just named --------------------------------------


def test_spelled_out_sizes_in_a_list_are_each_a_model_of_the_family() -> None:
    text = "Google releases Gemma 9 in two sizes, 9 billion and 27 billion parameters."
    found = _by_key(text, "text")
    assert sorted(found) == ["gemma9-27b", "gemma9-9b"]
    assert [m.model for m in found.values()] == ["Gemma 9 9B", "Gemma 9 27B"]


def test_sizes_in_the_next_sentence_belong_to_the_model_it_points_back_at() -> None:
    text = "Today we release Gemma 9 to developers. It is available in two sizes, 9 billion and 27 billion parameters."
    assert sorted(_by_key(text, "text")) == ["gemma9-27b", "gemma9-9b"]
    # a sentence that does not point back gives no rows (sizes of no named model)
    text = "Today we release Gemma 9 to developers. Our partners run sizes of 9 billion and 27 billion parameters."
    assert sorted(_by_key(text, "text")) == ["gemma9"]


def test_the_size_of_a_model_still_to_come_is_not_the_release_s() -> None:
    text = (
        "# Gemma 9 is here\n\nToday we release Gemma 9 to developers. It is available in two sizes, 9B and 27B.\n\n"
        "A smaller Gemma 9 model with 2.6B parameters is coming soon.\n"
    )
    assert sorted(_by_key(text, "markdown")) == ["gemma9-27b", "gemma9-9b"]


def test_a_capitalised_word_between_a_brand_and_a_size_is_part_of_the_name() -> None:
    assert _found_names("Cohere released Aya Nimbus 8B and Aya Nimbus 32B.") == ["Aya Nimbus 8B", "Aya Nimbus 32B"]
    assert _found_names("TII unveils Falcon Otter 7B, an open model.") == ["Falcon Otter 7B"]
    assert _found_names("IBM ships Granite Sentinel 9.1 for safety.") == ["Granite Sentinel 9.1"]
    # a headline's verb is not a product word
    assert "Llama Gets 70B" not in _found_names("Llama Gets 70B Upgrade as Meta ships Llama 9.1 70B")


def test_a_license_built_on_another_is_not_that_one() -> None:
    text = "TII releases Falcon Otter 7B under the TII Falcon Otter 7B License, a permissive Apache 2.0-based license."
    assert [m.license for m in extract(text)] == ["TII Falcon Otter 7B License"]


def test_a_hard_wrapped_plain_text_paragraph_is_read_as_one() -> None:
    text = (
        "THE WEEKLY NOTES — Issue 9\n\n"
        "IBM also shipped two mixture-of-experts models for low-latency use, Granite-9.0-3B-A800M and\n"
        "Granite-9.0-1B-A400M. Everything is Apache 2.0 and downloadable from Hugging Face, and IBM\n"
        "team publishes its training data mix, which is rarer than it should be.\n"
    )
    found = _by_key(text, "text")
    assert sorted(found) == ["granite9.0-1ba400m", "granite9.0-3ba800m"]
    assert {(m.license, m.open_weights) for m in found.values()} == {("Apache-2.0", True)}
    # the sentence that runs over the line break is one sentence
    assert found["granite9.0-3ba800m"].evidence.endswith("Granite-9.0-3B-A800M and Granite-9.0-1B-A400M.")


def test_sizes_given_to_the_bare_brand_belong_to_the_version_the_text_is_about() -> None:
    text = "Meta released Llama 9.2 today. The first Llama vision models come at 11B and 90B."
    assert sorted(_by_key(text, "text")) == ["llama9.2-11b", "llama9.2-90b"]
    text = "**Llama 9.2** (May 2): 1B and 3B text models for phones, plus the first Llama vision models at 11B and 90B."
    assert sorted(_by_key(text, "markdown")) == ["llama9.2-11b", "llama9.2-1b", "llama9.2-3b", "llama9.2-90b"]


def test_a_sentence_may_open_with_a_model_name_in_lower_case() -> None:
    text = "API-only, closed weights. o3-nano costs $15 per million tokens. gpt-oss-9b is free. e.g. on a laptop."
    assert sentences(text) == [
        "API-only, closed weights.",
        "o3-nano costs $15 per million tokens.",
        "gpt-oss-9b is free. e.g. on a laptop.",  # (a lower-case word is no sentence start)
    ]


def test_a_model_whose_anniversary_a_release_marks_is_context() -> None:
    text = "Mistral marked the anniversary of Mistral 9B by introducing two edge models, Ministral 5B and Ministral 9B."
    assert list(_by_key(text, "text")) == ["ministral5b", "ministral9b"]


def test_a_paragraph_s_own_license_and_weights_statement_releases_the_models_it_names() -> None:
    text = (
        "IBM followed on Monday with Granite 9.0. The headline models are Granite 9.0 8B and Granite 9.0 2B, "
        "trained on 12 trillion tokens. Everything is Apache 2.0 and downloadable from Hugging Face."
    )
    found = _by_key(text, "text")
    assert sorted(found) == ["granite9.0-2b", "granite9.0-8b"]
    assert {(m.license, m.open_weights) for m in found.values()} == {("Apache-2.0", True)}
    # a license alone (no weights) does not make a paragraph's names releases
    text = "The headline models are Granite 9.0 8B and Granite 9.0 2B. Everything is Apache 2.0."
    assert _by_key(text, "text") == {}


def test_an_evaluation_s_contenders_are_no_releases() -> None:
    text = (
        "# Open 90B-class models, head to head: which one should you self-host?\n\n"
        "## The contenders\n\n"
        "- Llama 9.3 90B Instruct (Meta, December 2027)\n"
        "- Qwen9.5-92B-Instruct (Alibaba, September 2027)\n\n"
        "Llama 9.3 ships under the Llama 9.3 Community License; Qwen9.5-92B under the Qwen License.\n"
    )
    assert _by_key(text, "markdown") == {}


def test_a_router_slug_that_spells_plus_out_is_the_same_model() -> None:
    text = (
        "Cohere: Command R+ (08-2027)\ncohere/command-r-plus-08-2027\n\n"
        "command-r-plus-08-2027 is an update of Command R+ with higher throughput. It is a 104B parameter model "
        "tuned for retrieval-augmented generation.\n"
    )
    assert [(m.model, m.params_total) for m in extract(text, fmt="text")] == [("Command R+", 104 * B)]


def test_a_license_and_weights_cue_stay_in_their_clause() -> None:
    text = (
        "Today we open-source Qwen9-VL-2B and Qwen9-VL-7B under Apache 2.0, and release the API of our strongest "
        "model, Qwen9-VL-72B."
    )
    found = {m.model: (m.license, m.open_weights) for m in extract(text, fmt="text")}
    assert found == {
        "Qwen9-VL-2B": ("Apache-2.0", True),
        "Qwen9-VL-7B": ("Apache-2.0", True),
        "Qwen9-VL-72B": (None, False),
    }


def test_models_under_a_heading_of_earlier_releases_are_context() -> None:
    text = (
        "# InternLM9 is out\n\nWe release InternLM9-8B under Apache-2.0, weights on Hugging Face.\n\n"
        "## Earlier releases\n\nInternLM8.5-20B (August 2027) is open weights too, Apache-2.0.\n"
    )
    assert [m.model for m in extract(text, fmt="markdown")] == ["InternLM9-8B"]


def test_models_that_remain_available_are_context() -> None:
    text = (
        "We release InternLM9-8B today under Apache-2.0. InternLM8.5-7B (40B tokens) and InternLM8.5-20B remain "
        "available: 7B and 20B parameters, open weights."
    )
    assert [m.model for m in extract(text, fmt="text")] == ["InternLM9-8B"]


def test_a_reward_model_named_after_a_size_keeps_its_word() -> None:
    assert _found_names("- Nemotron-9 340B Reward grades responses on five attributes.") == ["Nemotron-9 340B Reward"]
    assert _found_names("- Nemotron-9 340B Instruct writes synthetic data.") == ["Nemotron-9 340B Instruct"]


def test_the_size_of_a_shared_component_is_no_model_s_size() -> None:
    for text in (
        "One ViT of ~675M params is shared across all sizes.",
        "The vision encoder has 400M parameters.",
        "It adds a projector with 1.2B parameters.",
    ):
        assert find_params(text) == [], text
    assert [c.total for c in find_params("The model has 7B parameters.")] == [7 * B]


def test_a_capitalised_word_after_a_brand_that_prose_goes_on_about_is_part_of_the_name() -> None:
    assert _found_names("Codestral Otter, a Mamba2 language model, is out.") == ["Codestral Otter"]
    assert _found_names("Cohere's Aya Horizon arrived on Monday in two sizes.") == ["Aya Horizon"]
    # a tool's or a headline's word after a brand is not
    assert _found_names("Claude Code is a terminal tool.") == ["Claude"]
    assert _found_names("Mistral Launches, a new era") == ["Mistral"]
    text = "Cohere's Aya Horizon arrived on Monday in two sizes, 8B and 32B. The weights are open on Hugging Face."
    assert sorted(_by_key(text, "text")) == ["ayahorizon32b", "ayahorizon8b"]


def test_a_count_written_out_in_full_digits_is_a_count() -> None:
    claims = find_params("Codestral Otter is an instructed model with 7,285,403,648 parameters.")
    assert [(c.total, c.notation) for c in claims] == [(7_285_403_648, "7,285,403,648")]
    assert find_params("The fund raised 1,250,000,000 dollars.") == []


def test_checkpoints_of_the_titled_model_are_that_model() -> None:
    text = (
        "Tencent open-sources Hunyuan-Grande, the largest open MoE model\n\n"
        "Today we open-source Hunyuan-Grande, a mixture-of-experts model with 500 billion total parameters.\n\n"
        "Three checkpoints are published on Hugging Face today: Hunyuan-A90B-Pretrain, Hunyuan-A90B-Instruct and "
        "Hunyuan-A90B-Instruct-FP8. The weights are available under the Tencent Hunyuan Community License.\n"
    )
    found = extract(text, fmt="text")
    assert [(m.model, m.params_total, m.params_active) for m in found] == [("Hunyuan-Grande", 500 * B, 90 * B)]
    assert found[0].license == "Tencent Hunyuan Community License"
    # checkpoints with sizes of their own are models of their own
    text = text.replace("A90B-Pretrain", "90B-Pretrain").replace("A90B-Instruct", "90B-Instruct")
    assert len(extract(text, fmt="text")) > 1


def test_a_size_given_in_a_sentence_about_older_models_does_not_make_them_releases() -> None:
    text = (
        "Mixtral 5x9B is our latest open model, released under Apache 2.0.\n\n"
        "Mistral 3B and Mixtral 4x2B (6.7B total, 2.9B active) remain available under the same license.\n"
    )
    assert [m.model for m in extract(text, fmt="text", vendor_hint="Mistral AI")] == ["Mixtral 5x9B"]


def test_a_count_after_active_parameters_out_of_is_the_total() -> None:
    text = "Mixtral 5x9B is our latest open model. It uses only 9B active parameters out of 41B, offering speed."
    found = extract(text, fmt="text", vendor_hint="Mistral AI")
    assert [(m.params_total, m.params_active) for m in found] == [(41 * B, 9 * B)]


def test_the_model_a_release_replaces_or_iterates_on_is_context() -> None:
    def names(text: str, hint: str) -> list[str]:
        return [m.model for m in extract(text, fmt="text", vendor_hint=hint)]

    text = "MiniMax-Zeta-02 is now open-source. Both are also available now in the app, where they replace abab 9.5."
    assert names(text, "MiniMax") == ["MiniMax-Zeta-02"]
    text = "We are excited to announce Granite 9.1 8B, the next iteration of the Granite 9.0 7B model."
    assert names(text, "IBM") == ["Granite 9.1 8B"]
    text = "We are excited to announce Granite 9.1 8B with a 128K-token context window, up from 4K in Granite 9.0 7B."
    assert names(text, "IBM") == ["Granite 9.1 8B"]


def test_a_host_name_that_starts_like_a_family_is_no_model_name() -> None:
    assert _found_names("Get it from Hugging Face and FalconZeta.example.ae today.") == []
    assert _found_names("Falcon-Zeta 7B. The next one is out.") == ["Falcon-Zeta 7B"]


def test_a_count_before_a_named_part_is_that_part_s_size() -> None:
    assert find_params("It adds a lightweight 303-million-parameter Vision Transformer to the text model.") == []
    claims = find_params("It pairs a 400M-parameter vision encoder with the 7B-parameter language model.")
    assert [c.total for c in claims] == [7 * B]
    assert find_params("Its native-resolution visual encoder, **ZetaViT** (about 400M parameters), sees far.") == []


def test_neither_ships_weights_is_a_closed_cue_for_both_models() -> None:
    text = (
        "Baidu released two models: ERNIE 9.5, a multimodal model, and ERNIE Z1, a thinking model. "
        "Neither ships weights: Baidu says it will open-source the ERNIE 9.5 series later on Hugging Face."
    )
    assert [m.open_weights for m in extract(text, fmt="text", vendor_hint="Baidu")] == [False, False]


def test_a_series_named_without_the_words_its_models_insert_is_no_model_of_its_own() -> None:
    text = (
        "Today we are releasing Jamba 9.6, the latest generation of our open model family, in two sizes: "
        "Jamba Mini 9.6 (12B active/52B total) and Jamba Large 9.6 (94B active/398B total)."
    )
    assert sorted(_by_key(text, "text", "AI21 Labs")) == ["jambalarge9.6", "jambamini9.6"]
    text = (
        "We introduce our latest model series, MiniMax-Zeta-07, which includes the language model "
        "MiniMax-Text-Zeta-07 and the multimodal model MiniMax-VL-Zeta-07. Both are open-source on Hugging Face."
    )
    assert sorted(_by_key(text, "text", "MiniMax")) == ["minimaxtextzeta07", "minimaxvlzeta07"]


def test_a_model_introduced_last_month_by_name_is_the_past() -> None:
    text = (
        "Today we are releasing Jamba Mini 9.6 under an open license. "
        "It keeps the hybrid architecture we introduced with Jamba 9.5 last August."
    )
    assert [m.model for m in extract(text, fmt="text", vendor_hint="AI21 Labs")] == ["Jamba Mini 9.6"]


def test_a_model_with_a_release_row_of_its_own_stays_beside_its_mini() -> None:
    text = (
        "## Shipped this week\n\n"
        "- OpenAI: GPT-9.1 (undisclosed) — API only\n"
        "- OpenAI: GPT-9.1 mini (undisclosed) — API only\n"
        "- OpenAI: GPT-9.1 nano (undisclosed) — API only\n\n"
        "**GPT-9.1 family.** Three API-only models with a long context window.\n"
    )
    assert sorted(_by_key(text, "markdown")) == ["gpt9.1", "gpt9.1mini", "gpt9.1nano"]


def test_a_model_to_be_turned_off_is_no_release() -> None:
    text = (
        "GPT-9.1 mini shipped this week in the API. "
        "OpenAI also said GPT-9.5 Preview will be turned off in the API on July 14, three months after it arrived."
    )
    assert [m.model for m in extract(text, fmt="text")] == ["GPT-9.1 mini"]


def test_a_newsletter_s_answered_with_or_opened_the_month_with_introduces_models() -> None:
    text = (
        "Alibaba opened the month on March 6 with QwQ-9B, a reasoning model of 9 billion parameters. "
        "Baidu answered on March 16 with two models at once: ERNIE 9.5, a multimodal model, and ERNIE Z1, a "
        "deep-thinking model."
    )
    assert [m.model for m in extract(text, fmt="text")] == ["QwQ-9B", "ERNIE 9.5", "ERNIE Z1"]


def test_sizes_in_parentheses_after_a_predecessor_are_the_predecessor_s() -> None:
    text = (
        "We introduce Qwen-Sight2, a family of vision-language models that improves upon its predecessor, "
        "Qwen-Sight (2B and 9B, released May 2024). Qwen-Sight2 is released under the MIT license."
    )
    assert sorted(_by_key(text, "markdown")) == ["qwensight2"]


def test_a_vision_word_after_the_size_names_a_model_of_its_own() -> None:
    assert _found_names("Falcon 9 11B and Falcon 9 11B VLM are out today.") == ["Falcon 9 11B", "Falcon 9 11B VLM"]


def test_a_model_behind_a_waitlist_is_not_released() -> None:
    text = (
        "## New this month\n\n- **Mistral AI: Mistral Zephyr 9B** — Apache 2.0\n\n## Announced, not shipped\n\n"
        "- **Gemini 9.5 Ultra** — a long-context demo, as a limited developer preview via waitlist.\n"
    )
    assert [m.model for m in extract(text, fmt="markdown")] == ["Mistral Zephyr 9B"]


def test_a_pronoun_compared_with_is_no_yardstick_for_the_names_after_it() -> None:
    text = (
        "## New this month\n\n- **Ai2: OLMo (3B, 9B)** — Apache 2.0, with code\n\n### OLMo\n\n"
        "Ai2 went further than anyone: OLMo 3B and OLMo 9B come with the full pretraining corpus.\n"
    )
    assert sorted(_by_key(text, "markdown")) == ["olmo3b", "olmo9b"]


def test_a_repository_id_beside_the_announced_name_is_that_model() -> None:
    text = (
        "Today we are releasing Mistral Zephyr 2.0, a 12B parameter model.\n\n"
        "The weights are on the Hugging Face Hub as mistralai/zephyr-v2-12b, released under the MIT license."
    )
    found = _by_key(text, "text")
    assert sorted(found) == ["mistralzephyr2.0"]
    assert found["mistralzephyr2.0"].license == "MIT"


def test_a_repository_id_of_another_size_is_another_model() -> None:
    text = "Today we are releasing Qwen9.5 7B under Apache 2.0.\n\nThe weights are on the Hub as Qwen/Qwen9.5-72B."
    assert sorted(_by_key(text, "text")) == ["qwen9.5-72b", "qwen9.5-7b"]


def test_a_series_we_released_in_a_dated_month_is_the_background() -> None:
    text = (
        "# Qwen9-Code\n\nIn August 2031, we released the first series of coding LLMs of our Qwen family — Qwen8-Code. "
        "Today we release Qwen9-Code 7B under the Apache 2.0 license.\n"
    )
    assert [m.model for m in extract(text, fmt="markdown")] == ["Qwen9-Code 7B"]


# --- round 4 ---------------------------------------------------------------------------------------------------


def test_a_bare_count_equal_to_the_name_s_active_size_is_the_active_count() -> None:
    text = (
        '# Qwen9-MoE-A1.5B: why does a "1.5B" model need 20 GB?\n\n'
        "Alibaba released Qwen9-MoE-A1.5B yesterday, with weights on Hugging Face.\n\n"
        "The total is 11.2 billion parameters, and all of them sit in memory."
    )
    found = _by_key(text, "markdown")
    assert list(found) == ["qwen9moea1.5b"]
    assert (found["qwen9moea1.5b"].params_total, found["qwen9moea1.5b"].params_active) == (11.2 * B, 1.5 * B)


def test_a_code_identifier_or_a_tool_repository_is_no_model_name() -> None:
    assert _found_names("First I got KeyError: 'gemma9_moe' and then 'deepseek_text'.") == []
    assert _found_names("You can fine-tune it with mistral-finetune or with llama-recipes.") == []


def test_a_size_table_without_a_model_column_sizes_the_model_the_text_is_about() -> None:
    text = (
        "We're releasing Llama 9, our next open model.\n\n"
        "Llama 9 is a collection of pretrained and chat models at two scales:\n\n"
        "| Size | Pretrained | Chat |\n|---|---|---|\n| 3B | ✓ | ✓ |\n| 11B | ✓ | ✓ |\n"
    )
    found = _by_key(text, "markdown", hint="Meta")
    assert sorted(found) == ["llama9-11b", "llama9-3b"]
    assert found["llama9-11b"].params_total == 11 * B


def test_a_table_of_precisions_names_no_models() -> None:
    text = (
        "Alibaba released Qwen9-14B today.\n\n"
        "| Precision | Bytes/param | 14B params |\n|---|---|---|\n| BF16 | 2 | ~28 GB |\n| Int8 | 1 | ~14 GB |\n"
    )
    assert list(_by_key(text, "markdown")) == ["qwen9-14b"]


def test_the_size_of_a_model_held_back_is_not_the_release_s() -> None:
    text = (
        "Today we release Falcon 9, an open model for research. "
        "We also trained a 34-billion-parameter variant, but we are holding it back for now."
    )
    assert _by_key(text, hint="TII")["falcon9"].params_total is None


def test_release_as_a_point_in_time_or_a_figure_dropping_is_no_release_cue() -> None:
    assert cues.scan("at release it led three automatic benchmarks") == []
    assert cues.scan("still excellent nine months after release") == []
    assert cues.scan("training cost dropped by 75% compared with that 7b") == []
    assert "release" in {kind for _, kind in cues.scan("we dropped a model today")}


def test_the_reader_s_plans_are_no_rumour() -> None:
    assert cues.scan("a note if you're planning to run it: it needs two cards") == []
    assert [kind for _, kind in cues.scan("the lab plans to open the weights")] == ["rumour"]


def test_a_license_word_followed_by_a_colon_is_a_label_not_a_license_s_name() -> None:
    tags = "Text Generation Transformers Safetensors conversational Inference Endpoints License: cc-by-nc-4.0"
    assert [m.license for m in find_licenses(tags)] == ["CC-BY-NC-4.0"]
    assert [m.license for m in find_licenses("Use is governed by the Acme Open Weights License.")] == [
        "Acme Open Weights License"
    ]


def test_a_line_break_in_html_source_does_not_end_a_sentence() -> None:
    blocks = parse("<p>We are releasing an\n8-billion-parameter version.<br>New line.</p>", "html").blocks
    assert [block.text for block in blocks] == ["We are releasing an 8-billion-parameter version.\nNew line."]


def test_a_size_that_opens_a_sentence_or_item_with_a_model_noun_is_a_member_of_the_family_in_question() -> None:
    text = (
        "## Codestral: code completion for developers\n\n"
        "Codestral brings Mistral to coding tasks. It comes in two flavours:\n\n"
        "- A 9B pretrained variant for completion from prefixes and suffixes.\n"
        "- A 3B variant for fast completion on a laptop.\n"
    )
    found = _by_key(text, "markdown", hint="Mistral AI")
    assert sorted(found) == ["codestral3b", "codestral9b"] and found["codestral3b"].params_total == 3 * B
    text = "Falcon 9 is a new open model from TII. The 2B model matches Gemma 2B while using less memory."
    assert list(_by_key(text, hint="TII")) == ["falcon9-2b"]


def test_a_release_of_a_size_names_a_member_of_the_family_in_question() -> None:
    text = (
        "# Model card for Aya 9 35B\n\nThis card describes the 35-billion-parameter member of the Aya 9 family. "
        "We are releasing an 8-billion-parameter version at the same time."
    )
    found = _by_key(text, "markdown", hint="Cohere")
    assert sorted(found) == ["aya9-35b", "aya9-8b"] and found["aya9-8b"].params_total == 8 * B


def test_a_marker_s_name_right_after_a_model_s_name_goes_on_with_it() -> None:
    assert _found_names("NVIDIA: Llama 9.1 Nemotron 40B Instruct") == ["Llama 9.1 Nemotron 40B Instruct"]
    assert _found_names("Mistral NeMo Minitron 4B is out") == ["Mistral NeMo Minitron 4B"]
    assert _found_names("Llama 9.1 and Nemotron 40B") == ["Llama 9.1", "Nemotron 40B"]
    text = "NVIDIA: Llama 9.1 Nemotron 40B Instruct\nnvidia/llama-9.1-nemotron-40b-instruct\n\n131K context"
    found = _by_key(text, "text")
    assert list(found) == ["llama9.1nemotron40b"] and found["llama9.1nemotron40b"].vendor == "NVIDIA"


def test_a_vendor_row_of_a_family_in_plain_words_with_its_sizes_gives_one_model_a_size() -> None:
    text = "NEW THIS WEEK\n\n  IBM: Granite Sparrow (2B / 9B / 27B)        Apache-2.0, base + instruct\n"
    found = _by_key(text, "text")
    assert sorted(found) == ["granitesparrow27b", "granitesparrow2b", "granitesparrow9b"]
    assert {m.vendor for m in found.values()} == {"IBM"} and found["granitesparrow9b"].params_total == 9 * B


def test_a_joint_release_goes_to_the_group_that_publishes_the_weights_not_its_university_partner() -> None:
    text = (
        "G42 today announced the open-source release of Jais 2, developed by its subsidiary Inception together "
        "with Mohamed bin Zayed University of Artificial Intelligence (MBZUAI). Weights are on Hugging Face."
    )
    assert {m.vendor for m in extract(text, vendor_hint="G42")} == {"G42"}
    assert {m.vendor for m in extract(text)} == {"G42"}


def test_a_checkpoint_word_before_a_context_length_names_a_checkpoint_of_its_own() -> None:
    text = (
        "# InternLM9 is out\n\nThe release contains a base model and two chat models:\n\n"
        "- **InternLM9-7B** — foundation model.\n- **InternLM9-7B-Chat** — the chat model.\n"
        "- **InternLM9-7B-Chat-1M** — a chat model for contexts of up to 1 million tokens.\n"
    )
    assert sorted(m.model for m in extract(text, fmt="markdown")) == ["InternLM9-7B", "InternLM9-7B-Chat-1M"]


def test_a_titled_family_word_with_a_stated_size_takes_its_one_hub_repository() -> None:
    text = (
        "# Devstral: Hello, World!\n\nToday we are releasing Devstral, our first model for agents. "
        "At 13B parameters, Devstral is small enough to run locally.\n\n"
        "Download it from [Hugging Face](https://huggingface.co/mistralai/Devstral-13B-v0.1)."
    )
    found = extract(text, fmt="markdown", vendor_hint="Mistral AI")
    assert [(m.model, m.params_total) for m in found] == [("Devstral", 13 * B)]


def test_a_funding_story_s_models_are_its_track_record_not_releases() -> None:
    text = (
        "Acme AI raises €400 million at a €3 billion valuation\n\n"
        "The product track record\n\nMixtral 9x7B, a sparse mixture-of-experts model, came out under the "
        "Apache 2.0 license with its weights on Hugging Face."
    )
    assert _by_key(text, "text") == {}


def test_sizes_of_a_family_nothing_announces_listed_as_models_are_no_releases() -> None:
    text = (
        "We deliberately left out the 70B Code Llama (no way to fit it) and the small 3B and 7B models, "
        "which we covered in May."
    )
    assert _by_key(text, "markdown") == {}
    assert sorted(_by_key("Code Llama comes in two sizes, 3B and 7B.", "markdown")) == ["codellama3b", "codellama7b"]


def test_a_license_of_the_code_alone_is_not_the_model_s() -> None:
    text = (
        "# Release notes\n\nWe are open-sourcing InternLM9-7B today, with weights on Hugging Face.\n\n"
        "## License\n\nThe code in this repository is licensed under Apache-2.0. The weights are free for research; "
        "apply for a commercial license by form."
    )
    assert _by_key(text, "markdown")["internlm9-7b"].license is None


def test_licenses_given_size_by_size_in_one_sentence_go_to_those_sizes() -> None:
    text = (
        "Alibaba opened the month with Qwen9-Math, a series of math models in three sizes: 2B, 9B and 80B. "
        "The 2B and 9B models are Apache 2.0; the 80B uses the Qwen License."
    )
    found = _by_key(text, "text")
    assert {key: m.license for key, m in found.items()} == {
        "qwen9math2b": "Apache-2.0",
        "qwen9math9b": "Apache-2.0",
        "qwen9math80b": "Qwen License",
    }


def test_a_size_describing_the_model_itself_is_no_member_of_its_own() -> None:
    text = (
        "Cohere: Command R9B\n\nCommand R9B is now available in the API. Cohere describes it as the smallest "
        "model in its R series: a 9B-parameter model that can be served on commodity GPUs."
    )
    assert list(_by_key(text, "text")) == ["commandr9b"]


def test_a_big_sister_is_the_model_before() -> None:
    text = "Codestral Mamba is available on la Plateforme today, alongside its big sister, Codestral 40B."
    assert list(_by_key(text, hint="Mistral AI")) == ["codestralmamba"]


def test_a_hard_wrapped_text_with_one_overlong_line_is_still_wrapped() -> None:
    words = "The lab has shipped at a steady pace since the autumn and its models are widely used by developers"
    lines = [words[: 90 - i % 7] for i in range(12)]
    lines[5] = words + " and an editor's later insertion made this one line far longer than all of the others here."
    blocks = parse("A headline\n\n" + "\n".join(lines) + "\n", "text").blocks
    assert len(blocks) == 2


def test_sizes_in_a_line_up_of_several_labs_models_are_no_release() -> None:
    text = (
        "# Small models on a phone\n\nThe line-up: Microsoft's Phi-9-mini (3.8B), Google's Gemma 9 2B (2.6B), "
        "Meta's Llama 9.2 3B and Alibaba's Qwen9-3B. All are open weights. Phi-9-mini, top on MMLU, loses track "
        "of multi-turn state after six turns."
    )
    assert _by_key(text, "markdown") == {}
    assert list(_by_key("Microsoft released Phi-9-mini (3.8B) today, with open weights.", "markdown")) == ["phi9mini"]


def test_a_compare_with_list_and_a_newsletter_s_earlier_coverage_are_no_releases() -> None:
    assert cues.comparison_spans("compare with acme/foo-70b · acme/bar-8b") != []
    assert [kind for _, kind in cues.scan("the 3b and 7b models, which we covered in may")] == ["past"]
    assert [kind for _, kind in cues.scan("as we said in an earlier issue")] == ["past"]
    text = "Mathstral 9B, which we covered in May, is now joined by a bigger sibling."
    assert "mathstral9b" not in _by_key(text, "text")


def test_aligned_plain_text_columns_under_a_header_row_are_a_table() -> None:
    text = (
        "Where they sit\n\n  Model          Size   Context\n  Foo 7B         7B     32K\n  Bar 3B         3B     8K\n"
    )
    tables = [block for block in parse(text, "text").blocks if block.kind == "table"]
    assert [table.rows for table in tables] == [
        (("Model", "Size", "Context"), ("Foo 7B", "7B", "32K"), ("Bar 3B", "3B", "8K"))
    ]


def test_a_table_of_several_labs_models_beside_the_announced_ones_places_the_others_as_yardsticks() -> None:
    text = (
        "THE LETTER\n\nMistral AI released Mathstral 9B this week under Apache 2.0, with weights on Hugging Face.\n\n"
        "Where it sits\n\n"
        "  Model              Size   Context\n"
        "  Mathstral 9B       9B     32K\n"
        "  Gemma 9 9B         9B     8K\n"
        "  Llama 9 8B         8B     8K\n"
    )
    assert list(_by_key(text, "text")) == ["mathstral9b"]


def test_the_model_a_fine_tune_starts_from_is_its_base_not_a_release() -> None:
    text = (
        "NVIDIA: Acme Helper 9 70B\n\nAcme Helper 9 70B is tuned for helpful answers. It starts from Meta's "
        "Llama 9.1 70B Instruct and is now available via the API."
    )
    assert "llama9.1-70b" not in _by_key(text, "text")
    assert cues.comparison_spans("a fine-tune of qwen9-7b with new data") != []


def test_general_availability_to_come_is_no_release_yet() -> None:
    assert [kind for _, kind in cues.scan("gemini 9 ultra will be generally available")] == ["rumour"]
    assert [kind for _, kind in cues.scan("general availability is planned for q3")] == ["rumour"]


def test_a_model_a_sentence_releases_stays_released_when_later_ones_measure_against_it() -> None:
    text = (
        "Alibaba's Qwen team opened the month with QwQ-90B, a reasoning model of 90 billion parameters.\n\n"
        "LG released EXAONE Deep 9, which LG says is competitive with QwQ-90B and beats QwQ-90B on math."
    )
    assert "qwq90b" in _by_key(text, "text")


def test_a_model_a_release_sentence_names_after_the_release_is_no_release() -> None:
    text = (
        "Our new 8B and 70B Llama 9 models are a big leap over Llama 8 and set a new state of the art.\n\n"
        "Our training set is seven times larger than the one used for Llama 8."
    )
    assert "llama8" not in _by_key(text, "text", hint="Meta")
    assert cues.comparison_spans("a jump over llama 8 at those scales") != []


# --- long license names (round 5) --------------------------------------------------------------------------------


def test_a_license_name_joined_by_and_is_read_whole() -> None:
    text = "Weights ship under the Orbital Labs Open Science and Education Model License."
    assert [m.license for m in find_licenses(text)] == ["Orbital Labs Open Science and Education Model License"]
    wrapped = "- Acme: Quill-9B · Acme Internal Academic Research\n  and Evaluation Model License"
    long_name = "Acme Internal Academic Research and Evaluation Model License"
    assert [m.license for m in find_licenses(wrapped)] == [long_name]


def test_two_licenses_joined_by_and_stay_two() -> None:
    found = find_licenses("Weights under the Acme Model License and Apache License")
    assert [m.license for m in found] == ["Acme Model License", "Apache-2.0"]


def test_lower_case_terms_of_use_after_a_capitalised_name_is_a_license() -> None:
    text = "Access requires agreeing to the Clinical Vision Toolkit terms of use."
    assert [m.license for m in find_licenses(text)] == ["Clinical Vision Toolkit Terms of Use"]
    assert find_licenses("Please read our terms of use before downloading.") == []


# --- a family's history in a vendor post (round 5) -----------------------------------------------------------------


def test_a_vendors_own_earlier_releases_by_month_are_background() -> None:
    text = (
        "# Zephyr-9-turbo: faster answers\n\n"
        "In March we released Zephyr-9, a 7B model, and at the end of May we followed with Zephyr-9-long. "
        "Today we are releasing Zephyr-9-turbo, a 7B model under the Apache 2.0 license."
    )
    assert list(_by_key(text, "markdown")) == ["zephyr9turbo"]


def test_a_newsletters_month_of_another_labs_release_is_not_history() -> None:
    text = "In June, IBM released Granite 9 8B under the Apache 2.0 license, with weights on Hugging Face."
    assert [m.model for m in extract(text, fmt="text")] == ["Granite 9 8B"]


def test_a_related_posts_footer_names_no_release() -> None:
    text = (
        "# Introducing Nimbus-4-lite\n\nToday we release Nimbus-4-lite, a 2B model, under the MIT license.\n\n"
        "*Related posts:* Introducing Nimbus-4 and Nimbus-4-vision · Nimbus-4-audio: hearing in small models"
    )
    assert list(_by_key(text, "markdown")) == ["nimbus4lite"]
    under_heading = text.replace("*Related posts:* ", "## Read more\n\n- ")
    assert list(_by_key(under_heading, "markdown")) == ["nimbus4lite"]


# --- benchmarks and models not out (round 5) -------------------------------------------------------------------


def test_a_name_ending_in_a_benchmark_word_is_no_model() -> None:
    assert _by_key("Orbital also released LegalBench-2 alongside the model.", "text") == {}
    assert _by_key("Orbital also published CodeArena, a suite for agents.", "text") == {}


def test_a_counted_set_of_problems_after_a_released_name_is_a_benchmark() -> None:
    text = "Orbital also released Quill-Probe, 1,200 curated legal problems drawn from bar exams."
    assert _by_key(text, "text") == {}


def test_a_section_of_what_is_not_out_names_no_release() -> None:
    text = (
        "## Shipped\n\n- **IBM: Granite 9 8B** — Apache 2.0, weights on Hugging Face\n\n"
        "## Coming soon\n\n- **IBM: Granite 9 34B** — IBM says it is close.\n"
    )
    assert [m.model for m in extract(text, fmt="markdown")] == ["Granite 9 8B"]


def test_a_model_in_training_is_no_release() -> None:
    assert _by_key("- **Gemma 9 Ultra** — Google calls it a preview of a model in training.", "markdown") == {}


# --- products and router pages (round 5) ---------------------------------------------------------------------


def test_a_known_brand_named_as_a_cloud_or_app_is_no_model() -> None:
    assert _by_key("At its summit Google announced Gemini Forge, an AI cloud built with partners.", "text") == {}
    text = "OpenAI launched GPT-9, an API-only model for enterprises."
    assert [m.model for m in extract(text, fmt="text")] == ["GPT-9"]


def test_a_plain_text_list_that_ends_a_line_on_its_separator_goes_on_to_the_next_line() -> None:
    text = (
        "Qwen: Qwen9 VL 32B Instruct\n\nqwen/qwen9-vl-32b-instruct · 32B · Apache 2.0\n\n"
        "Compare with: qwen/qwen9-vl-8b-instruct · mistralai/mistral-small-9 ·\n"
        "google/gemini-9-pro · openai/gpt-9"
    )
    assert "gemini9pro" not in _by_key(text, "text")


def test_like_a_model_and_the_other_releases_is_a_comparison_whatever_the_name() -> None:
    low = "like codestral mamba and the other research releases, the weights are under apache 2.0."
    assert cues.in_spans(low.index("codestral"), cues.comparison_spans(low))
    assert cues.comparison_spans("we would like granite guardian to ship") == []


# --- European labs in the registry (round 5) -------------------------------------------------------------------


def test_european_open_model_labs_are_known_vendors() -> None:
    registry = default_registry()
    for name, vendor in (
        ("Salamandra-40B", "Barcelona Supercomputing Center"),
        ("EuroLLM-22B", "EuroLLM"),
        ("Poro 2", "Silo AI"),
        ("Teuken-13B", "OpenGPT-X"),
        ("Velvet-25B", "Almawave"),
    ):
        found = registry.for_model(name)
        assert found is not None and found.name == vendor, name
    text = "- BSC: Salamandra (13B, 40B) · Apache 2.0 · 35 European languages"
    assert {m.model: m.vendor for m in extract(text, fmt="markdown")} == {
        "Salamandra 13B": "Barcelona Supercomputing Center",
        "Salamandra 40B": "Barcelona Supercomputing Center",
    }


# --- unknown families (round 5) ------------------------------------------------------------------------------


def test_an_unknown_names_spaced_size_is_part_of_the_name() -> None:
    text = "Nordlys Labs releases Fjord 34B, an open model for Nordic languages, under the Apache 2.0 license."
    found = {m.model: m for m in extract(text, fmt="text")}
    assert list(found) == ["Fjord 34B"] and found["Fjord 34B"].params_total == 34 * B


def test_an_unknown_labs_list_of_one_family_after_a_release_cue_is_read_whole() -> None:
    text = "This week Pellucid, a Lyon-based AI company, published Opal-14B and Opal-2B, trained from scratch."
    found = {m.model: m for m in extract(text, fmt="text")}
    assert list(found) == ["Opal-14B", "Opal-2B"]
    assert {m.vendor for m in found.values()} == {"Pellucid"}
    assert found["Opal-2B"].params_total == 2 * B


def test_a_name_of_another_stem_after_the_released_one_is_not_listed_with_it() -> None:
    text = "Pellucid published Opal-14B and Tessera-2 tooling for it."
    assert [m.model for m in extract(text, fmt="text")] == ["Opal-14B"]


# --- plain-text newsletters (round 5) ------------------------------------------------------------------------


def test_plain_text_rows_of_labs_are_separate_rows() -> None:
    text = (
        "NORDIC NOTES\n\nTHIS ISSUE\n\n"
        "  Nordlys Labs: Fjord-7B (7B) · Apache 2.0 · Nordic languages\n"
        "  Kestrel AI: Kestrel-12B (12B) · MIT · code\n"
    )
    found = {m.model: m.vendor for m in extract(text, fmt="text")}
    assert found == {"Fjord-7B": "Nordlys Labs", "Kestrel-12B": "Kestrel AI"}


def test_a_plain_text_section_of_what_the_news_is_measured_against_names_no_release() -> None:
    text = (
        "NORDIC NOTES\n\nNEW THIS MONTH\n\n  IBM: Granite 9 8B (8B) · Apache 2.0 · weights on Hugging Face\n\n"
        "FOR COMPARISON: THE OLDER YARDSTICKS\n\n  Meta: Llama 9 8B (July 2024) · Llama Community License\n"
    )
    assert [m.model for m in extract(text, fmt="text")] == ["Granite 9 8B"]


# --- a hub page's measured size (round 5) --------------------------------------------------------------------


def test_a_hub_sidebars_model_size_outranks_the_round_size_in_the_name() -> None:
    html = (
        "<html><head><title>qwen/qwen9-8b · Hugging Face</title></head><body>"
        "<h1>qwen / qwen9-8b</h1><main><h1>Qwen9-8B</h1><p>Qwen9-8B is released under the Apache 2.0 license.</p>"
        "</main><aside><p><b>Safetensors</b> · Model size <b>8.19B params</b> · Tensor type <b>BF16</b></p>"
        "<p>Collection: qwen/qwen9-32b · qwen/qwen9-0.6b</p></aside></body></html>"
    )
    found = {m.model: m for m in extract(html, fmt="html")}
    assert list(found) == ["Qwen9-8B"] and found["Qwen9-8B"].params_total == 8_190_000_000


def test_a_hub_pages_model_size_line_in_text_is_the_titled_models() -> None:
    text = (
        "# google/gemma-9-4b-it · Hugging Face\n\nGemma 9 4B is released under the Gemma license.\n\n"
        "Safetensors · Model size 4.3B params · Tensor type BF16\n"
    )
    found = {m.model: m for m in extract(text, fmt="markdown")}
    assert [m.params_total for m in found.values()] == [4_300_000_000]


# --- a release's own table, and what the field is like (round 5) -----------------------------------------------


def test_a_table_after_we_release_these_colon_lists_the_releases() -> None:
    text = (
        "# Kestrel: open vision models\n\nToday we are releasing Kestrel, a family of open vision models.\n\n"
        "Each pairs a vision encoder with a language model; we release three of them:\n\n"
        "| Model | Backbone | Use |\n|---|---|---|\n| Kestrel-2B | Qwen9 2B | phones |\n"
        "| Kestrel-9B | Gemma 9 9B | the demo |\n| Kestrel-40B | Qwen9 40B | best quality |\n\n"
        "The weights are on Hugging Face under the Apache 2.0 license."
    )
    found = {m.model: m for m in extract(text, fmt="markdown")}
    assert set(found) >= {"Kestrel-2B", "Kestrel-9B", "Kestrel-40B"}
    assert "Qwen9 40B" not in found
    assert found["Kestrel-9B"].open_weights is True


def test_what_the_field_is_like_is_no_closed_cue_for_the_release() -> None:
    assert cues.scan("the best vision models today are proprietary.") == []
    low = "they generate captions with a closed model and train on them."
    assert all(kind != "closed" for _, kind in cues.scan(low))
    assert any(kind == "closed" for _, kind in cues.scan("acme 9 is a closed model."))


def test_a_family_word_a_release_sentence_introduces_takes_the_next_sentences_size() -> None:
    text = (
        "1/ Meet VaultGemma, our new open model trained with differential privacy. 1.1B parameters, small enough "
        "for a laptop.\n\n2/ Weights are on Hugging Face under the Gemma terms of use."
    )
    found = {m.model: m for m in extract(text, fmt="text")}
    assert list(found) == ["VaultGemma"] and found["VaultGemma"].params_total == 1_100_000_000


def test_a_release_tables_prose_cell_that_states_counts_gives_the_rows_counts() -> None:
    text = (
        "Today we are releasing Kestrel, a family of open vision models under the Apache 2.0 license.\n\n"
        "We release two of them:\n\n"
        "| Model | Backbone | What it is for |\n|---|---|---|\n"
        "| KestrelE-2B | Qwen9 MoE | speed; 1.2B active and 6.9B total parameters |\n"
        "| Kestrel-40B | Qwen9 40B | best quality |\n"
    )
    found = {m.model: m for m in extract(text, fmt="markdown")}
    assert (found["KestrelE-2B"].params_total, found["KestrelE-2B"].params_active) == (6_900_000_000, 1_200_000_000)


def test_a_card_that_announces_its_series_releases_every_size_in_its_table() -> None:
    card = (
        "# Qwen9-7B\n\n- **[2026.01.10]** The **Qwen9** series is released, under the Apache 2.0 license.\n\n"
        "## Qwen9 Series\n\n| Model | Parameters | Notes |\n|---|---|---|\n"
        "| **Qwen9-7B** | 7B | flagship, this repository |\n| **Qwen9-0.6B** | 0.6B | the small version |\n"
    )
    assert {m.model for m in extract(card, fmt="markdown")} == {"Qwen9-7B", "Qwen9-0.6B"}
    context = card.replace("The **Qwen9** series is released", "Qwen9-7B is released")
    assert [m.model for m in extract(context, fmt="markdown")] == ["Qwen9-7B"]


def test_another_models_card_consulted_for_reference_is_no_release() -> None:
    text = (
        "# CardioQwen 9B model card\n\nCardioQwen 9B is a Qwen9 9B variant trained on cardiology text, released "
        "under the Apache 2.0 license.\n\nTo learn more about the architecture, consult the Qwen9 model card."
    )
    assert "Qwen9" not in [m.model for m in extract(text, fmt="markdown")]
    low = "for details, see the llama 9 technical report."
    assert cues.in_spans(low.index("llama"), cues.comparison_spans(low))


# --- who released it: a lab, not a clause -------------------------------------------------------------------


def test_a_pronoun_before_a_release_verb_is_not_a_lab() -> None:
    text = "Fjordlab's research group took another path this month. It published Kestrel-7B, a 7B model, on Tuesday."
    found = _by_key(text, "text")
    assert found["kestrel7b"].vendor != "It"
    found = _by_key("The Lumen Institute, a Nordic AI lab, published Kestrel-7B, a 7B model.", "text")
    assert found["kestrel7b"].vendor == "The Lumen Institute"


def test_a_clause_before_a_colon_is_not_a_row_of_a_lab_and_its_model() -> None:
    text = (
        "Fjordlab released Kestrel-2, a 16B model, this week. The upgrade is not a rewrite: "
        "MathBench 3.1 goes from 41.2 (v1) to 47.9, and CodeArena from 60.3 to 66.0."
    )
    found = _by_key(text, "text")
    assert "kestrel2" in found
    assert not [m for m in found.values() if "upgrade" in m.vendor.lower() or "goes" in m.model]
    rows = _by_key("Fjordlab: Kestrel 2 (16B)\nNordic Lab: Skald 2 (7B)", "text")  # an unregistered lab's row
    assert ("Nordic Lab", 7 * B) in [(m.vendor, m.params_total) for m in rows.values()]


# --- round 6 -------------------------------------------------------------------------------------------------------


def test_a_table_with_a_pass_rate_column_ranks_models_it_does_not_release_them() -> None:
    text = (
        "# Monthly coding-agent re-run\n\n"
        "| # | Model | Total / active params | Pass rate |\n|---|---|---|---:|\n"
        "| 1 | Zeta-Coder-70B-A9B | 70B / 9B | 52.0% |\n| 2 | Orbit-40B | 40B dense | 47.5% |\n"
    )
    assert _by_key(text, "markdown") == {}


def test_a_think_checkpoint_folds_into_its_model_like_a_thinking_one() -> None:
    assert normalise_name("Nimbus 4-Think 9B") == normalise_name("Nimbus-4-9B-Think") == normalise_name("Nimbus 4 9B")
    text = (
        "Today we release Nimbus 4 in 9B and 40B. Each size ships as Nimbus 4-Base and Nimbus 4-Think checkpoints. "
        "Nimbus 4-Think 40B leads its class on math."
    )
    assert sorted(_by_key(text, hint="Ai2")) == ["nimbus4-40b", "nimbus4-9b"]


def test_the_items_after_the_family_includes_colon_are_its_released_members() -> None:
    text = (
        "IBM today announced Granite 9, its new family of open models under the Apache 2.0 license.\n\n"
        "The Granite 9 family includes:\n"
        "  - Language: Granite 9 9B Instruct, Granite 9 3B Instruct\n"
        "  - Safety: Granite Guardian 9.1 8B, Granite Guardian 9.1 2B\n"
    )
    found = _by_key(text, "text", hint="IBM")
    assert set(found) >= {"granite9-9b", "granite9-3b", "graniteguardian9.1-8b", "graniteguardian9.1-2b"}
    assert found["granite9-3b"].params_total == 3 * B


def test_a_router_title_spelling_plus_out_is_the_same_model_as_its_slug() -> None:
    text = (
        "Microsoft: Phi 9 Reasoning Plus\nmicrosoft/phi-9-reasoning-plus\n\nCreated May 1 · 32,768 context\n\n"
        "Phi-9-reasoning-plus is an enhanced 14B parameter model from Microsoft, fine-tuned from Phi-9."
    )
    found = extract(text, fmt="text")
    assert [(normalise_name(m.model), m.params_total) for m in found] == [("phi9reasoningplus", 14 * B)]


def test_a_table_after_a_lead_about_earlier_releases_is_history() -> None:
    text = (
        "# Orca-Vision · 2025-03-02\n\nToday we release Orca-Vision-9B under the MIT license.\n\n"
        "| Model | Download |\n|---|---|\n| Orca-Vision-9B | 🤗 acme/Orca-Vision-9B |\n\n"
        "Our previous releases, for reference (unchanged in this tag):\n\n"
        "| Model | Released | Download |\n|---|---|---|\n| Orca-2B | 2024-06-01 | 🤗 acme/Orca-2B |\n"
    )
    assert list(_by_key(text, "markdown", hint="DeepSeek")) == ["orcavision9b"]


def test_trades_blows_with_and_level_with_name_rivals() -> None:
    for idiom in ("trades blows with", "is level with", "keeps pace with", "runs neck and neck with"):
        sentence = f"On some reasoning suites the medium model {idiom} Mixtral 8x22B and Llama 3 70B."
        spans = cues.comparison_spans(sentence.lower())
        assert cues.in_spans(sentence.index("Mixtral"), spans) and cues.in_spans(sentence.index("Llama"), spans)
    text = (
        "Phi-9-small and Phi-9-medium are out now. Medium trades blows with Mixtral 8x22B and Llama 3 70B. "
        "All are MIT-licensed on Hugging Face."
    )
    assert sorted(_by_key(text)) == ["phi9medium", "phi9small"]


def test_a_bracketed_list_after_a_leading_comparison_cue_is_all_yardsticks() -> None:
    sentence = "Closed models (Claude Sonnet 9, GPT-9, Gemini 9 Pro) are out of scope for this board."
    spans = cues.comparison_spans(sentence.lower())
    assert all(cues.in_spans(sentence.index(name), spans) for name in ("Claude", "GPT-9", "Gemini"))


def test_a_number_format_is_no_model() -> None:
    text = "Serving: one engine for everything, FP8 where the lab publishes FP8 weights, GGUF builds for laptops."
    assert _by_key(text, "markdown") == {}


def test_a_section_head_in_capitals_keeps_the_names_descriptor_words() -> None:
    text = (
        "WEEKLY OPEN MODELS\n\n"
        "2) MISTRAL MEDIUM 9\nOn Tuesday Mistral shipped a 70B model under Apache 2.0, weights on Hugging Face.\n"
    )
    found = _by_key(text, "text")
    assert list(found) == ["mistralmedium9"] and found["mistralmedium9"].license == "Apache-2.0"


def test_a_model_that_arrived_in_an_earlier_month_is_background() -> None:
    text = (
        "Phi-9-mini (3.8B) arrived in March; this week's event completed the family. "
        "Phi-9-large, a 40B model, is out today under the MIT license on Hugging Face."
    )
    assert list(_by_key(text, hint="Microsoft")) == ["phi9large"]


def test_a_transposed_tables_column_marked_with_a_date_or_starting_point_is_for_comparison() -> None:
    text = (
        "# Granite 9 Pro\n\nWe introduce Granite 9 Pro, a 30B model released under the MIT license.\n\n"
        "| | Granite 9 Pro | Granite 8 13B (Mar 2024) | Granite 7 8B (starting point) |\n|---|---|---|---|\n"
        "| Parameters | 30B | 13B | 8B |\n"
    )
    assert list(_by_key(text, "markdown", hint="IBM")) == ["granite9pro"]


def test_sizes_a_paragraph_states_after_comes_in_n_sizes_are_the_familys_members() -> None:
    text = (
        "SmolLM9 is our new family of small open models, released under the Apache 2.0 license.\n\n"
        "The family comes in three sizes. The largest, at 3.1 billion parameters, is for laptops. Below it sit two "
        "siblings of 600 million and 140 million parameters, for phones."
    )
    found = _by_key(text, hint="Hugging Face")
    assert sorted(found) == ["smollm9-140m", "smollm9-3.1b", "smollm9-600m"]
    assert found["smollm9-3.1b"].params_total == 3_100_000_000


def test_under_a_models_heading_the_n_sizes_are_its_own_not_those_of_the_base_it_was_trained_from() -> None:
    # (unseen set 8 caught the rule above giving a newsletter's base model the new model's sizes)
    text = (
        "- **Meta: Code Llama 9 (5B, 11B, 40B)** - code-tuned Llama 9, weights downloadable\n\n"
        "### Code Llama 9\n\n"
        "Meta took Llama 9 and kept training it on 400B tokens of code. The result comes in three sizes, 5B, 11B "
        "and 40B, each with an instruction-tuned variant."
    )
    found = _by_key(text, "markdown")
    # (the base named alone, "llama9", is still taken for a release: an older miss, left)
    assert not [key for key in found if key.startswith("llama9-")], sorted(found)
    assert {"codellama9-5b", "codellama9-11b", "codellama9-40b"} <= set(found)


def test_a_version_after_a_named_license_is_part_of_its_name() -> None:
    assert [m.license for m in find_licenses("Weights are out under the Acme Open License v2.1 (free below $5M).")] == [
        "Acme Open License v2.1"
    ]
    assert [m.license for m in find_licenses("under the Acme Open License Version 3 for research")] == [
        "Acme Open License Version 3"
    ]
    assert [m.license for m in find_licenses("released under the Acme Falcon License 2.0 today")] == [
        "Acme Falcon License"
    ]


def test_a_stated_count_the_names_whole_number_rounds_down_is_the_precise_one() -> None:
    text = (
        "Meet LFM9-12B-A1B, our new on-device mixture-of-experts model, open on Hugging Face. "
        "It has 12.4B total parameters, only 1.6B active per token."
    )
    found = _by_key(text, hint="Liquid AI")["lfm9-12ba1b"]
    assert (found.params_total, found.params_active) == (12_400_000_000, 1_600_000_000)


def test_a_list_of_sizes_after_pick_from_three_model_sizes_names_the_members() -> None:
    text = (
        "<p>Today we are releasing <strong>PaliGemma 9</strong>, an open vision-language model.</p>"
        "<p>Instead of one size, it comes as a family. You can pick from three model sizes &mdash; "
        "<strong>4B</strong>, <strong>12B</strong> and <strong>30B</strong> parameters &mdash; and three "
        "resolutions.</p>"
    )
    assert sorted(_by_key(text, "html", hint="Google")) == ["paligemma9-12b", "paligemma9-30b", "paligemma9-4b"]


def test_a_table_after_a_lead_naming_previous_models_and_the_new_ones_is_the_release() -> None:
    text = (
        "Compared with our previous models, the new checkpoints are:\n\n"
        "| Model | Params | License |\n|---|---|---|\n| Granite 9 8B | 8B | Apache 2.0 |\n"
    )
    assert list(_by_key(text, "markdown", hint="IBM")) == ["granite9-8b"]


def test_a_dateline_of_acronyms_is_not_read_as_a_head_in_capitals() -> None:
    text = "ARMONK, N.Y. -- IBM (NYSE: IBM) today announced Granite 9 8B, released under the Apache 2.0 license."
    found = _by_key(text, "text")
    assert list(found) == ["granite9-8b"] and found["granite9-8b"].vendor == "IBM"


# --- round 7: documents that use or discuss models and release none (fitted to bench/holdout8) ---


def test_a_merging_tutorials_title_makes_its_checkpoint_table_models_in_use() -> None:
    text = (
        "# Merging two 9B fine-tunes with mergekit\n\n"
        "Both parents start from Acme 9B v0.2, and both are Apache 2.0 on the Hub:\n\n"
        "| Parent | Base | Params | License |\n|---|---|---|---|\n"
        "| Starling-Acme-9B | Acme 9B v0.2 | 9.1B | Apache 2.0 |\n"
        "| Zephyrine-9B-v2 | Acme 9B v0.2 | 9.1B | Apache 2.0 |\n"
    )
    assert _by_key(text, "markdown") == {}


def test_an_editorial_kicker_or_a_guide_to_title_makes_license_statements_no_releases() -> None:
    body = (
        "Falcon 9 (40B), Phi-9 and Qwen9 ship under Apache 2.0; Command R9 (90B) launched under CC-BY-NC 4.0, "
        "and Grok-9 (300B) came out under Apache 2.0 months after it was deployed."
    )
    assert _by_key(f"# What the licenses allow\n\nOpinion · Policy · March 2026\n\n{body}\n", "markdown") == {}
    assert _by_key(f"# Read the small print: a guide to open-weights licenses\n\n{body}\n", "markdown") == {}
    assert _by_key(f"# What the licenses allow\n\n{body}\n", "markdown") != {}  # (without either: taken for releases)


def test_a_plain_text_similar_models_line_opens_a_section_of_other_models() -> None:
    text = (
        "Mistral: Ministral 9 14B Instruct\nmistralai/ministral-9-14b-instruct\n\n"
        "Created Feb 3, 2026 · 64,000 context · $0.10/M input tokens\n\n"
        "Ministral 9 14B is a small model for documents and charts.\n\n"
        "Similar models\n\n"
        "mistralai/ministral-9-3b-instruct · 3B · 32K context · $0.03 / $0.03\n\n"
        "qwen/qwen9-vl-8b-instruct · 8B · 32K context · $0.05 / $0.05\n"
    )
    assert list(_by_key(text, "text")) == ["ministral9-14b"]


def test_new_open_weight_models_says_the_weights_are_open() -> None:
    text = "Granite 9 Vision 4B, IBM's new open-weight vision model, was released today."
    assert _by_key(text, hint="IBM")["granite9vision4b"].open_weights is True


def test_a_release_notes_improvements_section_names_models_already_out() -> None:
    text = (
        "# v3.2.0 · quickinfer\n\n"
        "## New models\n\n"
        "- Granite 9 8B: IBM's new dense model, released Feb 2 (#2101)\n\n"
        "## Improvements\n\n"
        "- Qwen9-32B-A4B: expert offload now respects `--gpu-layers` (#2090)\n"
        "- gpt-oss-90b: faster MXFP4 kernels on Metal (#2094)\n\n"
        "## Bug fixes\n\n"
        "- Phi-9-mini: fixed a crash with long prompts (#2097)\n"
    )
    assert list(_by_key(text, "markdown")) == ["granite9-8b"]


# --- round 8: evaluations, sizes in prose, counts (fitted to bench/holdout9) ---


def test_an_assessment_title_makes_its_results_table_models_under_test() -> None:
    table = (
        "| Model | Params | License | Refusal rate | Leak rate |\n|---|---|---|---:|---:|\n"
        "| Acme-9-70B | 70B | Apache 2.0 | 91.0% | 4.2% |\n"
        "| Vortex 9 Mini | 12B | MIT | 88.5% | 6.1% |\n"
    )
    assert _by_key(f"# Prompt-leak robustness evaluation, spring 2026\n\n{table}", "markdown") == {}
    assert _by_key(f"# A red-teaming audit of small open models\n\n{table}", "markdown") == {}
    # (without it, under a title that says they are new: a spec table)
    assert _by_key(f"# New models, spring 2026\n\n{table}", "markdown") != {}


def test_each_offered_in_sizes_gives_the_sizes_to_every_family_named_before() -> None:
    text = (
        "Alibaba today opens two new lines, **Qwen9 Embedding** and **Qwen9 Reranker**, under Apache 2.0, "
        "each available in three sizes: 1B, 5B and 9B."
    )
    found = _by_key(text, "markdown")
    sizes = ["1b", "5b", "9b"]
    assert sorted(found) == [f"qwen9embedding{s}" for s in sizes] + [f"qwen9reranker{s}" for s in sizes]


def test_a_count_of_models_before_a_size_list_announces_its_sizes() -> None:
    text = (
        "# Introducing Mistral 9\n\nToday we are releasing Mistral 9. Next to the flagship sits **Ministral 9**, "
        "a line of four dense models at 1B, 3B, 7B and 12B parameters.\n"
    )
    found = _by_key(text, "markdown", hint="Mistral AI")
    assert [key for key in found if key.startswith("ministral")] == [
        "ministral9-1b",
        "ministral9-3b",
        "ministral9-7b",
        "ministral9-12b",
    ]


def test_all_of_a_releases_models_under_a_license_covers_members_named_apart() -> None:
    text = (
        "# Introducing Mistral 9\n\nToday we are releasing Mistral 9. Next to the flagship sits **Ministral 9**, "
        "a line of four dense models at 1B, 3B, 7B and 12B parameters.\n\n"
        "All Mistral 9 models ship under the Apache 2.0 license.\n"
    )
    found = _by_key(text, "markdown", hint="Mistral AI")
    assert found["ministral9-7b"].license == "Apache-2.0" and found["ministral9-7b"].open_weights is True


def test_a_related_colon_line_is_a_footer_of_links() -> None:
    text = (
        "Today we are releasing Granite 9 8B under Apache 2.0.\n\n"
        "Related: Granite 8 Nano technical report (May 2026) | Granite 8 Vision on GitHub | License FAQ\n"
    )
    assert list(_by_key(text, "text", hint="IBM")) == ["granite9-8b"]


def test_a_paragraph_opening_years_back_tells_history() -> None:
    text = (
        "Three years ago Granite meant one large model. Since then the line has turned toward efficiency, and "
        "Granite 8 Nano (4B and 7B) brought the hybrid design to a model small enough for laptops.\n\n"
        "Today we are releasing Granite 9 8B under Apache 2.0.\n"
    )
    assert list(_by_key(text, "text", hint="IBM")) == ["granite9-8b"]


def test_an_html_emails_layout_tables_hold_its_blocks() -> None:
    text = (
        '<html><body><table role="presentation" width="100%"><tr><td><table width="600">'
        "<tr><td><h1>The Tensor Post</h1><p>Issue 9 · March 2026</p></td></tr>"
        "<tr><td><h2>1. IBM: Granite 9 8B</h2><p>IBM released <b>Granite 9 8B</b> today under Apache 2.0, "
        "with weights on Hugging Face.</p></td></tr>"
        "</table></td></tr></table></body></html>"
    )
    found = _by_key(text, "html")
    assert list(found) == ["granite9-8b"] and found["granite9-8b"].license == "Apache-2.0"


def test_a_license_pointed_at_by_an_arrow_is_read() -> None:
    assert [m.license for m in find_licenses("License 👉 [MIT](https://example.com/LICENSE)", checked=True)] == ["MIT"]
    assert [m.license for m in find_licenses("Code → GitHub · License → MIT", checked=True)] == ["MIT"]


def test_a_bracketed_figure_the_names_size_rounds_down_is_the_precise_count() -> None:
    text = "**IBM: Granite 9 1B (1.4B), Granite 9 8B (8.2B)** — both released today under Apache 2.0."
    found = _by_key(text, "markdown")
    assert found["granite9-1b"].params_total == 1_400_000_000 and found["granite9-8b"].params_total == 8_200_000_000


def test_a_vendor_row_of_an_unnamed_product_keeps_its_size_from_the_last_model() -> None:
    text = (
        "IBM released Granite 9 40B today under Apache 2.0.\n\n"
        "**Meta: Dream Studio** — a 32B-parameter video model, a research preview only.\n"
    )
    assert _by_key(text, "markdown")["granite9-40b"].params_total == 40 * B


def test_a_serving_cost_title_makes_its_models_ones_in_use() -> None:
    body = "Granite 9 40B (40B total, 6B active) needs two H200s in FP8; at $3.80 an hour that is $0.20 per million.\n"
    assert _by_key(f"# The real cost of serving open models in 2026\n\n{body}", "markdown") == {}
    assert _by_key(f"# Inference economics, spring 2026\n\n{body}", "markdown") == {}
    assert _by_key(f"# Notes from spring 2026\n\n{body}", "markdown") != {}  # (no cost phrase: kept)
    assert _by_key(f"# GPU cloud prices and a new Granite 9 40B\n\n{body}", "markdown") != {}  # (a release too)


def test_a_familys_total_and_active_go_to_the_members_named_by_that_active_size() -> None:
    text = (
        "Alibaba released **Qwen9-Video** this week, Apache 2.0. Two checkpoints:\n\n"
        "- `Qwen/Qwen9-Video-T2V-A12B` (text to video)\n- `Qwen/Qwen9-Video-I2V-A12B` (image to video)\n\n"
        "Two full 12B experts take turns, so Qwen9-Video has 23B parameters in total and 12B active per step.\n"
    )
    found = _by_key(text, "markdown")
    assert sorted(found) == ["qwen9videoi2va12b", "qwen9videot2va12b"]
    assert {m.params_total for m in found.values()} == {23 * B}


def test_sizes_named_in_prose_of_a_family_released_are_its_rows() -> None:
    text = (
        "# Granite 9\n\nToday we are releasing Granite 9: small models that reason when asked.\n\n"
        "## Reasoning on demand\n\n**Granite 9 8B Instruct** and **Granite 9 2B Instruct** add a thinking toggle that "
        "costs nothing when it is off.\n"
    )
    assert sorted(_by_key(text, "markdown", hint="IBM")) == ["granite9-2b", "granite9-8b"]


def test_improves_on_names_the_model_before() -> None:
    text = "Granite 9 8B is released today under Apache 2.0. It improves on Granite 8 (34B) at a quarter of the size."
    assert list(_by_key(text, "text", hint="IBM")) == ["granite9-8b"]


def test_months_after_names_the_earlier_release() -> None:
    text = "Three months after Granite 8 brought long context to the family, today we are releasing Granite 9 8B."
    assert list(_by_key(text, "text", hint="IBM")) == ["granite9-8b"]


# --- review of rounds 6–8: rules that caught more than they meant -------------------------------------------


def test_a_read_more_line_skips_itself_not_the_newsletter_items_after_it() -> None:
    text = (
        "- **Mistral AI: Mistral Small 9 (24B).** Out today under Apache 2.0.\n\n"
        "Read more\n\n"
        "- **Google: Gemma 9 (27B).** Google released Gemma 9 today with open weights."
    )
    assert {"mistralsmall9", "gemma9"} <= set(_by_key(text, "markdown"))


def test_this_release_includes_in_a_changelog_lists_changes_not_models() -> None:
    text = (
        "# tinyserve v1.4.0\n\nThis release includes:\n\n- Support for Qwen9-7B-Instruct tool calling\n"
        "- Faster loading of Llama-9-70B-Instruct\n- Fixed a crash with Mixtral-9x7B\n"
    )
    assert _by_key(text, "markdown") == {}


def test_to_the_next_level_with_x_is_no_comparison() -> None:
    sentence = "Mistral AI takes on-device agents to the next level with Ministral 9B, released today."
    assert not cues.in_spans(sentence.index("Ministral"), cues.comparison_spans(sentence.lower()))


def test_an_assessment_word_saying_what_a_released_model_is_for_keeps_the_release() -> None:
    for title in ("# Qwen9-Judge-8B: a small open model for evaluation", "# Open sourcing Qwen9-Judge-8B"):
        text = f"{title}\n\nToday we release Qwen9-Judge-8B, an 8B judge model under Apache 2.0."
        assert list(_by_key(text, "markdown", hint="Alibaba")) == ["qwen9judge8b"], title


def test_an_arrow_points_at_the_mit_license_not_at_the_institute() -> None:
    assert [m.license for m in find_licenses("License \u27a1\ufe0f MIT")] == ["MIT"]
    assert [m.license for m in find_licenses("Built with \U0001f449 MIT CSAIL researchers")] == []


def test_a_head_in_capitals_keeps_a_names_own_spelling() -> None:
    text = "2) GLM-9V AND GLM-9.1 Tuesday, Zhipu AI released GLM-9V, an open vision model, and GLM-9.1."
    assert sorted(m.model for m in extract(text)) == ["GLM-9.1", "GLM-9V"]


def test_a_model_cards_performance_section_is_no_release_notes_upkeep() -> None:
    text = (
        "# Qwen9-Coder\n\nQwen9-Coder is our new open code model family, released today.\n\n## Performance\n\n"
        "| Model | Params | License |\n|---|---|---|\n| Qwen9-Coder-1.5B | 1.5B | Apache 2.0 |\n"
        "| Qwen9-Coder-7B | 7.6B | Apache 2.0 |\n"
    )
    found = _by_key(text, "markdown", hint="Alibaba")
    assert {"qwen9coder1.5b", "qwen9coder7b"} <= set(found), sorted(found)
    assert found["qwen9coder7b"].params_total == 7_600_000_000


def test_a_parts_size_in_a_sizes_paragraph_is_no_member() -> None:
    text = (
        "Today we release Qwen9-VL, our new open vision-language family, under Apache 2.0.\n\n"
        "Qwen9-VL comes in three sizes: 2B, 7B and 72B. Every size shares the same vision encoder, which has "
        "400 million parameters."
    )
    found = _by_key(text, hint="Alibaba")
    assert not [key for key in found if key.endswith("400m")], sorted(found)


# --- round 9: what a document is, and clauses dated by an earlier release (fitted to bench/holdout10 and 11) ---


def test_a_question_title_naming_no_model_is_a_discussion() -> None:
    body = "Kimi K9: 900 billion total, 30 billion active. DBRX 9 (132B total, 36B active) fits on two nodes.\n"
    assert _by_key(f"# Big models at home\n\n{body}", "markdown") != {}  # (the body alone reads as rows)
    assert _by_key(f"# What actually runs on two nodes? A practical guide\n\n{body}", "markdown") == {}
    assert _by_key(f"# Does 1M mean 1M? Retrieval across nine open models\n\n{body}", "markdown") == {}
    # a question about a named release, or one that says release, is about a release
    assert _by_key(f"# Kimi K9 weights are up: can anyone run it?\n\n{body}", "markdown") != {}
    assert _by_key(f"# The new models are out?\n\n{body}", "markdown") != {}


def test_a_kicker_in_the_title_line_marks_an_editorial() -> None:
    body = "Consider the pairs. Kimi K9: 900 billion total, 30 billion active. DBRX 9 (132B total, 36B active).\n"
    assert _by_key(f"# Compute ledger\n\n{body}", "markdown") != {}
    assert _by_key(f"OPINION | The Compute Ledger\n\n{body}") == {}
    assert _by_key(f"# Long contexts\n\n*Evaluation notes · May 2, 2026*\n\n{body}", "markdown") == {}


def test_a_clause_dated_by_an_earlier_launch_releases_nothing() -> None:
    text = (
        "# Smaller models for the edge\n\nWhen we launched Granite 9 at the start of the month, the smallest "
        "member was Granite-9-H-Micro at about 3 billion parameters. Today we are releasing Granite-9-H-1B under "
        "Apache 2.0.\n"
    )
    assert sorted(_by_key(text, "markdown", hint="IBM")) == ["granite9h1b"]
    text = (
        "Amazon today announced Nova Ultra. First shown in December, when Nova Micro and Nova Lite launched, "
        "Nova Ultra reads text and images."
    )
    assert sorted(_by_key(text)) == ["novaultra"]  # (the released model in the same sentence keeps its release)


def test_last_weeks_models_in_a_newsletter_are_no_release_of_this_issue() -> None:
    text = (
        "Acme released Vortex 9 (32B, Apache 2.0) today.\n\n"
        "Last week's open-weights run is still being digested: Mistral Small 9 (24B, Apache 2.0) and Tulu 9 405B."
    )
    assert sorted(_by_key(text)) == ["vortex9"]


def test_a_benchmarks_name_is_no_model() -> None:
    text = (
        "# olmOCR 9 release notes\n\n- olmOCR-9-7B: our new OCR model, Apache 2.0.\n"
        "- **olmOCR-Bench: 82.4 overall**, several points up on the previous release.\n"
        "- VisionEval: 71.0, and Doc Arena: 1203.\n"
    )
    assert sorted(_by_key(text, "markdown", hint="Ai2")) == ["olmocr9-7b"]


def test_a_model_coming_in_a_named_month_is_not_out() -> None:
    text = (
        "# This week\n\n- Stability AI released Stable Diffusion 9 Medium (2B) with open weights.\n"
        '- Google says Gemma 9 27B, announced at I/O, is "coming in June". Still waiting.\n'
    )
    assert sorted(_by_key(text, "markdown")) == ["stablediffusion9medium"]


def test_a_step_up_over_a_model_compares_with_it() -> None:
    text = (
        "Stability AI released the weights of Stable Diffusion 9 Medium on Wednesday, a 2B model: typography is a "
        "clear step up over SDXL (2.6B UNet) and Flux 9 Dev (12B).\n"
    )
    assert sorted(_by_key(text)) == ["stablediffusion9medium"]


def test_a_size_letter_before_a_version_is_part_of_the_name() -> None:
    text = "Today we are releasing Arctic Embed L 9.0 and Arctic Embed M 9.0 under the Apache 2.0 license."
    assert sorted(_by_key(text, hint="Snowflake")) == ["arcticembedl9.0", "arcticembedm9.0"]


def test_a_repository_slug_with_the_vendors_name_is_the_prose_names_model() -> None:
    text = (
        "# Multilingual retrieval\n\nToday we are releasing Arctic Embed L 9.0, our first multilingual model, "
        "under the Apache 2.0 license.\n\nGet it: [snowflake-arctic-embed-l-v9.0]"
        "(https://huggingface.co/Snowflake/snowflake-arctic-embed-l-v9.0)\n"
    )
    found = extract(text, fmt="markdown", vendor_hint="Snowflake")
    assert [m.model for m in found] == ["Arctic Embed L 9.0"]


def test_a_line_up_name_gives_way_to_the_members_it_leads() -> None:
    text = (
        "# Granite 9 Nano: our smallest models yet\n\nToday we are releasing the Granite 9 Nano family: "
        "Granite-9-H-1B and Granite-9-H-350M, hybrids, plus Granite-9-1B, a transformer. All are Apache 2.0.\n"
    )
    assert sorted(_by_key(text, "markdown", hint="IBM")) == ["granite9-1b", "granite9h1b", "granite9h350m"]


def test_a_model_optimised_from_a_base_releases_the_new_one_only() -> None:
    text = (
        "# Ring-flash-9.0\n\nToday we are officially open-sourcing **Ring-flash-9.0**, a thinking model deeply "
        "optimised from Ling-flash-9.0-base, which we released last week.\n"
    )
    assert sorted(_by_key(text, "markdown", hint="Ant Group")) == ["ringflash9.0"]


def test_a_pointer_to_an_earlier_release_releases_nothing() -> None:
    text = (
        "# UI-TARS-9-7B\n\nThis repository holds UI-TARS-9-7B, our open computer-use agent, under Apache 2.0. "
        "For the January release see UI-TARS-7B-DPO and UI-TARS-72B-DPO.\n"
    )
    assert sorted(_by_key(text, "markdown", hint="ByteDance")) == ["uitars9-7b"]


def test_a_model_covered_in_an_earlier_edition_is_not_this_issues_release() -> None:
    text = (
        "# The week in open models\n\n- OpenAI released gpt-oss-safeguard-9-20b under Apache 2.0.\n"
        "- MiniMax-M9 (230B total / 10B active), covered in Tuesday's special edition, has climbed to first place.\n"
    )
    assert sorted(_by_key(text, "markdown")) == ["gptosssafeguard9-20b"]


def test_a_plans_name_is_no_model() -> None:
    text = (
        "Anthropic today announced Claude 9.5 Sonnet. It is available today on Claude.ai, with higher rate limits "
        "for Claude Pro and Team subscribers, and through the API."
    )
    assert sorted(_by_key(text)) == ["claude9.5sonnet"]


def test_a_model_family_named_for_its_first_release_gives_way_to_it() -> None:
    text = (
        "Anthropic today announced Claude 9.5 Sonnet, the first release in its forthcoming Claude 9.5 model family. "
        "Claude 9.5 Sonnet is available today through the API."
    )
    assert sorted(_by_key(text)) == ["claude9.5sonnet"]


def test_a_release_of_an_unnamed_model_is_the_model_the_next_sentence_opens_with() -> None:
    text = (
        "Microsoft quietly dropped an open TTS model yesterday and it is a lot. VibeVoice-9-1.5B generates up to "
        "90 minutes of speech with up to 4 speakers. MIT license."
    )
    assert sorted(_by_key(text)) == ["vibevoice9-1.5b"]
    # a list of checkpoints is no unnamed model, and a name inside the next sentence is not its subject
    text = (
        "We release four checkpoints: the base model, an SFT model and an RL model. MiMo-9-7B-RL matches o1-mini.\n\n"
        "Acme released a new open image model today, 80B in total. It sits beside the Vortex-9 text model from June."
    )
    assert _by_key(text) == {}


def test_a_price_lists_rows_are_no_releases() -> None:
    text = (
        "Cheap tokens\n\nStart with the list prices, per million input / output tokens, as of this week:\n\n"
        "GPT-9 · $1.25 / $10.00\nGemini 9 Pro · $2.00 / $12.00 · (prompts up to 200K tokens)\nGLM-9.6 · $0.60 / $2.20\n"
    )
    assert _by_key(text) == {}
    # a router's row names the model's id; a changelog's says it is new or API-only
    assert _by_key("GPT-9 · openai/gpt-9\n  400,000 context · $1.25/M input tokens\n") != {}
    changelog = "# Changelog\n\n- **Jul 10** — Devstral Max (`devstral-max-2607`): API only, $2/M.\n"
    assert _by_key(changelog, "markdown") != {}


def test_an_opinion_piece_kicker_with_an_article() -> None:
    body = "Consider the pairs. Kimi K9: 900 billion total, 30 billion active. DBRX 9 (132B total, 36B active).\n"
    assert _by_key(f"Active parameters are marketing\nDecember 3, 2026\n\n{body}") != {}
    assert _by_key(f"Active parameters are marketing\nAn opinion piece — December 3, 2026\n\n{body}") == {}


def test_a_leaderboard_title_makes_its_models_contenders() -> None:
    body = "New this quarter: MiniMax-M9 (230B total, 10B active) and Kimi K9, both open weights.\n"
    assert _by_key(f"# Long-context recall: November 2026 refresh\n\n{body}", "markdown") != {}
    assert _by_key(f"# Long-context recall leaderboard — November 2026 refresh\n\n{body}", "markdown") == {}


def test_a_hub_titles_organisation_is_no_model() -> None:
    text = "# deepseek-ai / DeepSeek-OCR-9\n\nDeepSeek-OCR-9 reads documents as images. MIT license.\n"
    assert sorted(_by_key(text, "markdown", hint="DeepSeek")) == ["deepseekocr9"]


def test_a_row_naming_a_part_is_no_release() -> None:
    text = (
        "# DeepSeek-OCR-9\n\nToday we open-source DeepSeek-OCR-9 under MIT.\n\n"
        "- Encoder: DeepEncoder-9, about 380M parameters.\n"
        "- Decoder: DeepSeek9B-MoE-A570M — a roughly 3B-parameter mixture-of-experts model.\n"
    )
    assert sorted(_by_key(text, "markdown", hint="DeepSeek")) == ["deepseekocr9"]


def test_a_counted_list_announces_every_model_it_counts() -> None:
    text = (
        "# Release notes — Tencent-Hunyuan/Hunyuan-9-7B\n\n## v1.0.0\n\n### Added\n\n"
        "- **Four dense models, pretrained and instruction-tuned:** Hunyuan-9-0.5B, Hunyuan-9-1.8B, Hunyuan-9-4B and "
        "Hunyuan-9-7B.\n\n| Model | Context |\n|---|---|\n| Hunyuan-9-0.5B | 256K |\n| Hunyuan-9-1.8B | 256K |\n"
        "| Hunyuan-9-4B | 256K |\n| Hunyuan-9-7B | 256K |\n"
    )
    found = _by_key(text, "markdown", hint="Tencent")
    assert sorted(found) == ["hunyuan9-0.5b", "hunyuan9-1.8b", "hunyuan9-4b", "hunyuan9-7b"]


def test_lower_case_sized_members_of_a_family_a_sentence_releases_are_its_release() -> None:
    text = (
        "1/ Today we're releasing gpt-oss-guard, a pair of open-weight reasoning models for safety classification.\n\n"
        "2/ Two sizes: gpt-oss-guard-120b and gpt-oss-guard-20b. Both are fine-tunes of gpt-oss.\n"
    )
    assert sorted(_by_key(text, hint="OpenAI")) == ["gptossguard120b", "gptossguard20b"]
    # a family only titled (a repository's release page) does not make its older sizes releases
    text = (
        "# allenai/olmocr — Releases\n\n## v0.4.0\n\nNew default model: olmOCR-9-7B. olmOCR 9 is our new OCR "
        "model. Weights are Apache 2.0.\n\n- Support for olmOCR-7B-0725-FP8 in the Docker image.\n"
    )
    assert "olmocr7b" not in _by_key(text, "markdown", hint="Ai2")


def test_a_version_in_an_unknown_name_ends_at_a_word_boundary() -> None:
    text = "Baidu also introduced the Tianchi 256 supernode, linking 256 P800 chips."
    assert "tianchi25" not in _by_key(text)


def test_a_launch_that_follows_an_earlier_release_does_not_release_it() -> None:
    text = (
        "Baidu today launched ERNIE 9.0, a natively omni-modal model, in the ERNIE app and API.\n\n"
        "The ERNIE 9.0 launch follows Baidu's decision in June to open-source its ERNIE 8.5 family, ten models "
        "ranging from 0.3 billion to 424 billion parameters, and the September release of ERNIE X8.1."
    )
    assert sorted(_by_key(text)) == ["ernie9.0"]


def test_a_table_of_speeds_power_and_file_sizes_is_a_results_table() -> None:
    table = (
        "| Model | Quant / file size | pp512 | tg128 | Wall power |\n|---|---|---|---|---|\n"
        "| gpt-oss-9-120b | MXFP4, 63.4 GB | 412 | 47.9 | 131 W |\n"
        "| Qwen9-30B-A3B | Q8_0, 32.5 GB | 890 | 52.3 | 124 W |\n"
    )
    assert _by_key(f"# A mini PC as a local LLM box\n\n## Results\n\n{table}", "markdown") == {}
    spec = "| Model | Size |\n|---|---|\n| gpt-oss-9-120b | 117B |\n| Qwen9-30B-A3B | 30B |\n"
    # (a spec table where something is released: "## New this month")
    assert _by_key(f"# A mini PC as a local LLM box\n\n## New this month\n\n{spec}", "markdown") != {}


def test_a_card_that_releases_its_siblings_keeps_the_family_table() -> None:
    table = (
        "| Model | Parameters |\n|--|--:|\n| OpenReasoning-Nemotron-9-7B | 7.61B |\n"
        "| OpenReasoning-Nemotron-9-32B | 32.5B |\n"
    )
    context = "# OpenReasoning-Nemotron-9-32B\n\nOpenReasoning-Nemotron-9-32B reasons. License: CC-BY-4.0.\n\n"
    released = context.replace("License", "We release it together with three smaller siblings. License")
    assert sorted(_by_key(context + table, "markdown", hint="NVIDIA")) == ["openreasoningnemotron9-32b"]
    assert sorted(_by_key(released + table, "markdown", hint="NVIDIA")) == [
        "openreasoningnemotron9-32b",
        "openreasoningnemotron9-7b",
    ]


def test_an_unnamed_release_is_not_another_labs_model_named_next() -> None:
    text = "Meta released a new open model today. GPT-9o still leads the arena, at 1,400 points."
    assert "gpt9o" not in _by_key(text)


def test_a_router_pages_stated_counts_go_to_its_model_not_the_family_brand_or_backbone() -> None:
    page = (
        "Model catalog  ›  Alibaba Qwen  ›  qwen9-vl-30b-a3b\n\nQwen9-VL 30B A3B\n"
        "Model ID: qwen/qwen9-vl-30b-a3b-instruct      Also available: qwen/qwen9-vl-30b-a3b-thinking\n\n"
        "About this model\n----------------\n"
        "The mid-sized member of the Qwen9-VL family. Qwen describes it as a mixture-of-experts vision-language "
        "model\nwith 31.1B parameters in total, of which about 3.3B are activated for each token, pairing the "
        "Qwen9-30B-A3B\nlanguage backbone with a vision encoder.\n\nMore from Qwen\n"
        "qwen/qwen9-vl-235b-a22b-instruct · 262K · $0.30 / $1.20\nqwen/qwen9-vl-8b-instruct · 262K · $0.08 / $0.50\n"
    )
    found = _by_key(page)
    assert (found["qwen9vl30ba3b"].params_total, found["qwen9vl30ba3b"].params_active) == (
        31_100_000_000,
        3_300_000_000,
    )
    assert "qwen9-30ba3b" not in found  # (the backbone is a part of it, not a release)


def test_counts_for_the_big_one_and_the_small_one_go_to_the_pair_just_named() -> None:
    text = (
        "1/ Today we're releasing gpt-oss-guard, a pair of open-weight reasoning models.\n\n"
        "2/ Two sizes: gpt-oss-guard-120b and gpt-oss-guard-20b. Both are fine-tunes of gpt-oss, so same MoE "
        "backbone: 117B total / 5.1B active for the big one, 21B total / 3.6B active for the small one.\n"
    )
    found = _by_key(text, hint="OpenAI")
    big, small = found["gptossguard120b"], found["gptossguard20b"]
    assert (big.params_total, big.params_active) == (117_000_000_000, 5_100_000_000)
    assert (small.params_total, small.params_active) == (21_000_000_000, 3_600_000_000)


def test_for_the_smaller_at_a_clause_end_points_at_the_smaller_model() -> None:
    text = (
        "* OpenAI: gpt-oss-guard-120b and gpt-oss-guard-20b\n  Open-weight safety models. Same shapes as their "
        "parents: 117B total parameters with 5.1B active for the larger one, 21B total with 3.6B active for the "
        "smaller. Apache 2.0, on Hugging Face now.\n"
    )
    found = _by_key(text, "markdown")
    assert found["gptossguard20b"].params_total == 21_000_000_000
    assert found["gptossguard120b"].params_active == 5_100_000_000


def test_a_brand_before_based_is_a_modifier_not_a_mention() -> None:
    text = (
        "Today we release xLAM-9-70b-fc-r and xLAM-9-8b-fc-r, our new action models.\n\n"
        "AVAILABILITY\n\nBoth models are on Hugging Face today. They are released for research purposes only under "
        "CC-BY-NC-4.0; the Llama-based checkpoints are additionally subject to the Llama community license.\n"
    )
    found = _by_key(text, hint="Salesforce")
    assert [found[k].license for k in sorted(found)] == ["CC-BY-NC-4.0", "CC-BY-NC-4.0"]


def test_licenses_for_the_big_one_and_the_small_one_go_to_the_pair_just_named() -> None:
    text = (
        "Mistral AI — Devstral 9 and Devstral Small 9\n\nMistral's coding line gets its second generation. Devstral 9 "
        "is a 123B dense model; Devstral Small 9 is 24B. The big one comes under a modified MIT license (with a "
        "revenue cap), the small one under Apache 2.0; weights for both are on Hugging Face.\n"
    )
    found = _by_key(text)
    assert (found["devstral9"].license, found["devstralsmall9"].license) == ("Modified MIT License", "Apache-2.0")


def test_translate_is_part_of_a_models_name() -> None:
    text = (
        "Cohere today launched Command R Translate, its new translation model. Command R Translate builds on "
        "Command R and is available on the Cohere platform. For researchers, the model weights are also on "
        "Hugging Face under a CC-BY-NC 4.0 license."
    )
    found = _by_key(text)
    assert found["commandrtranslate"].license == "CC-BY-NC-4.0"


def test_a_release_title_that_mentions_a_leaderboard_is_still_a_release() -> None:
    body = "Today we release Qwen9-Max, our new flagship, through the API.\n"
    assert _by_key(f"# Introducing Qwen9-Max, now #1 on the leaderboard\n\n{body}", "markdown") != {}


# --- session 8: structure counts only inside release framing ---

_CATALOGUE = (
    "| Model | Total | Active | Context |\n|---|---|---|---|\n"
    "| Qwen9-235B-A22B | 235B | 22B | 128K |\n| Llama 9 Maverick | 400B | 17B | 1M |\n| Kimi K9 | 1T | 32B | 128K |\n"
)


def test_a_spec_table_that_no_release_frames_releases_nothing() -> None:
    # a talk's slide, a catalogue: the title, the section and the lead before the table say nothing is released
    recap = (
        "# Talk recap: serving sparse models\n\nThe speaker opened with a slide of sparse models that customers run "
        f"in production today:\n\n{_CATALOGUE}\nHer point: the active column sets the compute bill.\n"
    )
    assert _by_key(recap, "markdown") == {}
    faq = f"# Frequently asked questions\n\n## Which models can I use?\n\nThe current catalogue is:\n\n{_CATALOGUE}"
    assert _by_key(faq, "markdown") == {}


def test_a_spec_table_under_a_release_heading_or_on_a_vendors_feed_still_releases() -> None:
    framed = f"# The Weekly Weights\n\n## New this week\n\n{_CATALOGUE}"
    assert set(_by_key(framed, "markdown")) == {"qwen9-235ba22b", "llama9maverick", "kimik9"}
    said = f"# The Weekly Weights\n\nThree labs shipped open models this week.\n\n{_CATALOGUE}"
    assert len(_by_key(said, "markdown")) == 3
    own = f"# Model card\n\n{_CATALOGUE}"
    assert len(_by_key(own, "markdown", hint="Alibaba")) >= 1


# --- session 8: fitted to held-out sets 14 and 15 (after they were measured unseen) ---


def test_a_word_familys_repository_slug_with_words_before_its_version_is_a_name() -> None:
    text = "Adds the turbo model, whisper-large-v9-turbo: 809M parameters. MIT license; weights on Hugging Face."
    assert [(m.model, m.params_total) for m in extract(text)] == [("whisper-large-v9-turbo", 809_000_000)]
    assert [m.model for m in extract("We release granite-docling-958m under Apache 2.0.")] == ["granite-docling-958m"]


def test_a_spec_tables_lower_case_repository_names_are_its_models() -> None:
    text = (
        "# Chronos-T9 (Large)\n\nChronos-T9 models are released in five sizes.\n\n"
        "| Model | Parameters |\n|---|---|\n| chronos-t9-tiny | 8M |\n| chronos-t9-large | 710M |\n"
    )
    found = _by_key(text, "markdown", hint="Amazon")
    assert (found["chronost9tiny"].params_total, found["chronost9large"].params_total) == (8_000_000, 710_000_000)


def test_an_upper_case_word_between_brand_and_size_is_part_of_the_name() -> None:
    found = _by_key("We open-source DeepSeek LLM 9B and DeepSeek LLM 97B today.")
    assert (found["deepseekllm9b"].params_total, found["deepseekllm97b"].params_total) == (9 * 10**9, 97 * 10**9)
    assert "mistralai7b" not in _by_key("Mistral AI 7B-class models are everywhere; we release Ministral 9 3B.")


def test_built_on_a_base_ends_where_the_sentence_goes_on_with_a_verb() -> None:
    text = (
        "It's built on Qwen9-VL (the 72B being the big one) and ships as UI-TARS-9-2B, UI-TARS-9-7B and UI-TARS-9-72B."
    )
    assert {"uitars9-2b", "uitars9-7b", "uitars9-72b"} <= set(_by_key(text))


def test_a_lower_case_letter_and_dotted_version_after_a_brand_is_the_name() -> None:
    assert [m.model for m in extract("Moonshot AI launched Kimi k9.5, its new reasoning model, in the Kimi app.")] == [
        "Kimi k9.5"
    ]


def test_an_emoji_before_a_newsletter_heading_is_decoration() -> None:
    text = "# Inference Weekly\n\n## 🧠 Moonshot AI: Kimi k9.5\n\nA multimodal reasoning model, available in the app.\n"
    assert "kimik9.5" in _by_key(text, "markdown")


_LISTICLE_ROWS = (
    "- Qwen9 7B Instruct (7.6B) — best overall, and the one we would pick first.\n"
    "- Llama 9.1 8B (8B) — best ecosystem: every tool supports it.\n"
    "- Mistral Small 9 (22B) is under the Mistral Research License, so keep it for personal projects.\n"
)
# (an article's worth of prose around them: a short feed item's row is the news itself)
_ARTICLE = (
    "We spent a month running every small open model we could find on a single consumer GPU, on the tasks our "
    "readers ask about most: summarising long reports, drafting emails, answering questions about a folder of "
    "notes and writing small scripts. Speed matters as much as quality on a laptop, so every pick here runs at a "
    "comfortable pace on 16 GB of memory once quantised to four bits, and none needs a cloud account. "
) * 3


def test_rows_and_sizes_that_no_release_frames_release_nothing() -> None:
    # a listicle, an engine's changelog: layout alone ("Name (size) — …", "Name (size) is under <license>")
    listicle = f"# The best open models under 25B\n\n{_ARTICLE}\n\nOur picks:\n\n{_LISTICLE_ROWS}"
    assert _by_key(listicle, "markdown") == {}
    changelog = (
        f"# kestrel-serve changelog\n\n{_ARTICLE}\n\n## Model support\n\n"
        "- DeepSeek-V9 (236B total, 21B active), MLA attention.\n"
    )
    assert _by_key(changelog, "markdown") == {}
    # a feed item's row on its own is the news
    assert "qwen9-7b" in _by_key(_LISTICLE_ROWS.splitlines()[0], "markdown")


def test_rows_under_a_release_heading_or_a_newsletter_masthead_still_release() -> None:
    framed = f"# The best open models under 25B\n\n{_ARTICLE}\n\n## Released this week\n\n{_LISTICLE_ROWS}"
    assert {"qwen9-7b", "llama9.1-8b", "mistralsmall9"} <= set(_by_key(framed, "markdown"))
    masthead = f"# The Weights Watcher · Issue #31\n\n{_ARTICLE}\n\n{_LISTICLE_ROWS}"
    assert {"qwen9-7b", "llama9.1-8b", "mistralsmall9"} <= set(_by_key(masthead, "markdown"))


# --- session 8: fitted to held-out set 16 (after it was measured unseen) ---


def test_a_navigation_bar_above_a_router_page_is_not_its_title() -> None:
    page = (
        "Models  Chat  Rankings  Docs  Pricing  Enterprise     Search models ⌘K     Sign in\n\n"
        "Anthropic: Claude 9 Haiku\nanthropic/claude-9-haiku\n\n"
        "Created Mar 13, 2026 | 200,000 context | $0.25/M input tokens | $1.25/M output tokens\n\n"
        "Claude 9 Haiku is Anthropic's fastest and most compact model.\n"
    )
    assert "claude9haiku" in _by_key(page, "text")


def test_a_preview_or_version_of_a_new_name_is_still_its_release() -> None:
    text = "Genmo is releasing a research preview of Mochi 9, an open video model with 10 billion parameters."
    assert [(m.model, m.params_total) for m in extract(text)] == [("Mochi 9", 10**10)]


def test_a_family_that_comes_in_sizes_releases_each() -> None:
    text = "Google shipped ShieldGemma, safety classifiers on Gemma 2. ShieldGemma comes in 2B, 9B and 27B, on Kaggle."
    assert {"shieldgemma2b", "shieldgemma9b", "shieldgemma27b"} <= set(_by_key(text))
