"""Licenses from prose, badges and hub tags → SPDX id or the license's own name (issue 4, part 3)."""

from __future__ import annotations

import pytest

from releasewatch.extract.licenses import MODEL_LICENSE, find_licenses, license_from_hub, normalise_license


def _found(text: str) -> list[str]:
    return [mention.license for mention in find_licenses(text)]


@pytest.mark.parametrize(
    ("text", "licenses"),
    [
        ("released under the Apache 2.0 license", ["Apache-2.0"]),
        ("Apache License, Version 2.0", ["Apache-2.0"]),
        ("licensed under the MIT License", ["MIT"]),
        ("an MIT-licensed model", ["MIT"]),
        ("License: MIT", ["MIT"]),
        ("license: apache-2.0", ["Apache-2.0"]),
        ("Kimi K2 is released under a modified MIT license", ["Modified MIT License"]),
        ("available under the Llama 3.1 Community License Agreement", ["Llama 3.1 Community License"]),
        ("LLAMA 3.3 COMMUNITY LICENSE AGREEMENT", ["Llama 3.3 Community License"]),
        ("governed by the Gemma Terms of Use", ["Gemma Terms of Use"]),
        ("Tongyi Qianwen LICENSE AGREEMENT", ["Tongyi Qianwen License"]),
        ("the Qwen Research License Agreement", ["Qwen Research License"]),
        ("subject to the DeepSeek License Agreement", ["DeepSeek License"]),
        ("NVIDIA Open Model License Agreement", ["NVIDIA Open Model License"]),
        ("under the Mistral Research License", ["Mistral Research License"]),
        ("the Grok 2 Community License Agreement", ["Grok 2 Community License"]),
        ("licensed CC BY-NC 4.0", ["CC-BY-NC-4.0"]),
        ("Creative Commons Attribution-NonCommercial 4.0 International", ["CC-BY-NC-4.0"]),
        ("CC-BY-4.0", ["CC-BY-4.0"]),
        ("BSD-3-Clause", ["BSD-3-Clause"]),
        ("the CreativeML OpenRAIL-M license", ["CreativeML-OpenRAIL-M"]),
        ("released under the Tencent Hunyuan Community License Agreement", ["Tencent Hunyuan Community License"]),
        ("under the Business Source License 1.1 (BUSL-1.1)", ["BUSL-1.1", "BUSL-1.1"]),
        ("MIT researchers found that Apache Spark is fast", []),
        ("See the LICENSE file.", []),
    ],
)
def test_find_licenses(text: str, licenses: list[str]) -> None:
    assert _found(text) == licenses


def test_a_vendors_own_model_license_is_left_to_the_caller() -> None:
    text = "The code is licensed under the MIT License. The models are subject to the Model License."
    assert _found(text) == ["MIT", MODEL_LICENSE]


@pytest.mark.parametrize(
    ("value", "license"),
    [
        ("apache-2.0", "Apache-2.0"),
        ("mit", "MIT"),
        ("llama3.1", "Llama 3.1 Community License"),
        ("llama4", "Llama 4 Community License"),
        ("gemma", "Gemma Terms of Use"),
        ("cc-by-nc-4.0", "CC-BY-NC-4.0"),
        ("bsd-3-clause", "BSD-3-Clause"),
        ("cc0-1.0", "CC0-1.0"),
        ("openrail", "OpenRAIL"),
        ("modified-mit", "Modified MIT License"),
        ("deepseek", "DeepSeek License"),
        ("bigco-community-license", "Bigco Community License"),
        ("Apache License 2.0", "Apache-2.0"),
        ("Llama 3.1 Community License", "Llama 3.1 Community License"),
        ("other", None),
        (None, None),
    ],
)
def test_normalise_license(value: str | None, license: str | None) -> None:
    assert normalise_license(value) == license


def test_license_from_hub_reads_card_then_name_then_tags() -> None:
    assert license_from_hub("apache-2.0") == "Apache-2.0"
    assert license_from_hub(["mit"]) == "MIT"
    assert license_from_hub("other", "bigco-community-license") == "Bigco Community License"
    assert license_from_hub(None, None, ["transformers", "license:llama3.1"]) == "Llama 3.1 Community License"
    assert license_from_hub(None, None, ["license:other"]) is None
