from __future__ import annotations

import pytest

from releasewatch.hub_licenses import HUB_LICENSES, hub_license, license_name_from_slug, repo_license


@pytest.mark.parametrize(
    ("hub_id", "expected"),
    [
        ("apache-2.0", "Apache-2.0"),
        ("MIT", "MIT"),
        ("llama3.1", "Llama 3.1 Community License"),
        ("llama4", "Llama 4 Community License"),
        ("gemma", "Gemma Terms of Use"),
        ("cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0"),
        ("cc0-1.0", "CC0-1.0"),
        ("bsd-3-clause", "BSD-3-Clause"),
        ("agpl-3.0", "AGPL-3.0"),
        ("lgpl-lr", "LGPLLR"),
        ("openrail++", "OpenRAIL++"),
        ("etalab-2.0", "etalab-2.0"),
        ("other", None),
        ("unknown", None),
        (None, None),
        ("some-new-hub-id", "some-new-hub-id"),  # not listed yet: still the best name we have
    ],
)
def test_hub_license(hub_id: str | None, expected: str | None) -> None:
    assert hub_license(hub_id) == expected


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("bigco-community-license", "Bigco Community License"),
        ("deepseek", "DeepSeek License"),
        ("modified-mit", "Modified MIT License"),
        ("nvidia-open-model-license", "NVIDIA Open Model License"),
        ("acme-ai-research", "Acme AI Research License"),
        ("llama3.3", "Llama 3.3 Community License"),  # a hub id put in license_name
        ("Acme Model License Agreement", "Acme Model License Agreement"),
        ("other", None),
    ],
)
def test_license_name_from_slug(slug: str, expected: str | None) -> None:
    assert license_name_from_slug(slug) == expected


def test_repo_license_prefers_the_card_then_the_tag() -> None:
    assert repo_license("apache-2.0", None, ["license:mit"]) == "Apache-2.0"
    assert repo_license(None, None, ["region:us", "license:llama3.1"]) == "Llama 3.1 Community License"
    assert repo_license(["unknown", "mit"], None, []) == "MIT"  # a list: the first meaningful id


def test_repo_license_other_reads_license_name() -> None:
    assert repo_license("other", "bigco-community-license", ["license:other"]) == "Bigco Community License"
    assert repo_license(None, "qwen", ["license:other"]) == "Qwen License"
    assert repo_license("other", None, []) is None


def test_repo_license_none_declared() -> None:
    assert repo_license(None, None, ["region:us"]) is None


def test_every_mapped_id_is_lower_case() -> None:
    # Lookups lower-case the hub's id first, so a key with a capital could never match.
    assert all(key == key.lower() for key in HUB_LICENSES)
