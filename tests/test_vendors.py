"""The vendor registry (issue 4, part 4): the packaged data file and the operator's additions."""

from __future__ import annotations

from importlib.resources import files

import pytest
from ruamel.yaml import YAML

from releasewatch.config import VendorConfig
from releasewatch.extract import extract
from releasewatch.extract.vendors import default_registry, with_vendors

# The canonical names the corpus labels use (tests/corpus/README.md).
CANONICAL = [
    "Alibaba",
    "DeepSeek",
    "Moonshot AI",
    "Zhipu AI",
    "MiniMax",
    "Xiaomi",
    "Tencent",
    "Baidu",
    "ByteDance",
    "StepFun",
    "Meituan",
    "Ant Group",
    "01.AI",
    "OpenAI",
    "Google",
    "Meta",
    "Microsoft",
    "NVIDIA",
    "xAI",
    "Anthropic",
    "IBM",
    "Ai2",
    "Cohere",
    "Mistral AI",
    "TII",
    "Hugging Face",
    "Liquid AI",
    "Amazon",
    "AI21 Labs",
    "Snowflake",
    "Databricks",
    "Upstage",
    "LG AI Research",
    "Swiss AI",
    "Apple",
    "Stability AI",
    "Reka",
]


def test_the_data_file_names_every_canonical_vendor_once() -> None:
    data = YAML(typ="safe").load(files("releasewatch.extract").joinpath("vendors.yaml").read_text("utf-8"))
    names = [entry["name"] for entry in data["vendors"]]
    assert len(names) == len(set(names))
    assert set(CANONICAL) <= set(names)
    assert all(entry.get("region") and entry.get("country") for entry in data["vendors"])


@pytest.mark.parametrize(
    ("model", "vendor"),
    [
        ("Qwen3-235B-A22B", "Alibaba"),
        ("QwQ-32B", "Alibaba"),
        ("DeepSeek-V3", "DeepSeek"),
        ("Kimi K2", "Moonshot AI"),
        ("GLM-4.5-Air", "Zhipu AI"),
        ("MiniMax-M1", "MiniMax"),
        ("MiMo-7B-RL", "Xiaomi"),
        ("gpt-oss-120b", "OpenAI"),
        ("GPT-4o", "OpenAI"),
        ("o3-mini", "OpenAI"),
        ("Gemma 3 27B", "Google"),
        ("Gemini 2.5 Pro", "Google"),
        ("Llama 3.1 405B", "Meta"),
        ("Llama-3.1-Nemotron-70B-Instruct", "NVIDIA"),
        ("Nemotron-H-56B", "NVIDIA"),
        ("Phi-4-mini", "Microsoft"),
        ("Grok 2", "xAI"),
        ("Mixtral 8x7B", "Mistral AI"),
        ("Magistral Small", "Mistral AI"),
        ("Devstral", "Mistral AI"),
        ("DeepSeek-R1-Distill-Qwen-32B", "DeepSeek"),
        ("deepseek-ai/DeepSeek-V3-Base", "DeepSeek"),
    ],
)
def test_families_name_their_vendor(model: str, vendor: str) -> None:
    found = default_registry().for_model(model)
    assert found is not None and found.name == vendor


@pytest.mark.parametrize("name", ["Philosophy", "Llamas", "GLMs", "Novalis"])
def test_words_that_only_start_like_a_family(name: str) -> None:
    assert default_registry().for_model(name) is None


def test_lookup_by_alias_and_organisation() -> None:
    registry = default_registry()
    assert registry.canonical("Alibaba Cloud") == "Alibaba"
    assert registry.canonical("z.ai") == "Zhipu AI"
    assert registry.canonical("Some Lab") == "Some Lab"
    assert registry.by_org("deepseek-ai").name == "DeepSeek"  # type: ignore[union-attr]
    assert registry.by_org("QwenLM").name == "Alibaba"  # type: ignore[union-attr]
    assert registry.get("Moonshot AI").region == "CN"  # type: ignore[union-attr]
    assert registry.get("Mistral AI").region == "EU"  # type: ignore[union-attr]


def test_the_default_registry_is_read_once() -> None:
    assert default_registry() is default_registry()


def test_operators_add_vendors_and_extend_known_ones() -> None:
    registry = with_vendors(
        [
            VendorConfig(
                name="Acme AI",
                aliases=("Acme",),
                hf_orgs=("acme-ai",),
                country="DE",
                region="EU",
                families=("Roadrunner",),
            ),
            VendorConfig(name="Alibaba", families=("Tongyi-DeepResearch",)),
        ]
    )
    assert registry.for_model("Roadrunner-7B").name == "Acme AI"  # type: ignore[union-attr]
    assert registry.by_org("acme-ai").name == "Acme AI"  # type: ignore[union-attr]
    assert registry.get("Alibaba").region == "CN"  # type: ignore[union-attr]
    assert "Tongyi-DeepResearch" in registry.get("Alibaba").families  # type: ignore[union-attr]
    found = extract("Acme AI today released Roadrunner-7B under Apache 2.0.", registry=registry)
    assert [(m.vendor, m.model, m.region) for m in found] == [("Acme AI", "Roadrunner-7B", "EU")]


def test_a_model_of_an_unknown_vendor_is_kept_with_the_vendor_the_source_names() -> None:
    found = extract("Foo Labs released Bar-7B, an open-weight model under Apache 2.0.")
    assert [(m.vendor, m.model) for m in found] == [("Foo Labs", "Bar-7B")]
    hinted = extract("We are releasing Bar-7B, an open-weight model under Apache 2.0.", vendor_hint="Foo Labs")
    assert [(m.vendor, m.model) for m in hinted] == [("Foo Labs", "Bar-7B")]
    nameless = extract("Introducing Bar-7B, an open-weight model under Apache 2.0.")
    assert [(m.vendor, m.model) for m in nameless] == [("unknown", "Bar-7B")]
