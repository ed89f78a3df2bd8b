"""quickyaml answers exactly what ruamel would, or None; configs read through it equal those read by ruamel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from releasewatch import quickyaml
from releasewatch.config import InvalidConfig, parse_config

ROOT = Path(__file__).resolve().parents[1]


def ruamel(text: str) -> Any:
    def plain(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: plain(value) for key, value in node.items()}
        if isinstance(node, list):
            return [plain(value) for value in node]
        return node

    return plain(YAML(typ="rt").load(text))


def same(quick: Any, reference: Any) -> bool:
    """Equal, and of the same types all the way down (True == 1 and 1 == 1.0 in Python)."""
    if isinstance(reference, dict):
        return (
            isinstance(quick, dict)
            and list(quick) == list(reference)
            and all(same(quick[key], reference[key]) for key in reference)
        )
    if isinstance(reference, list):
        return isinstance(quick, list) and len(quick) == len(reference) and all(map(same, quick, reference))
    kind = next(t for t in (bool, int, float, str, type(None)) if isinstance(reference, t))
    return type(quick) is kind and quick == reference


@pytest.mark.parametrize(
    "scalar",
    [
        *("30s", "1T", "true", "False", "NULL", "~", "", "12", "-3", "1.5", '"007"', "'yes'", "https://x.org/a?b#c"),
        *("yes", "no", "on", "Off", "y", "n", "a b", "Qwen/Qwen3-8B", '"${TOKEN}"', '"multi\\nline"', "1.5.2", "1:30"),
    ],
)
def test_plain_forms_read_as_ruamel_reads_them(scalar: str) -> None:
    text = f"key: {scalar}\nlist: [{scalar or 'x'}, b]\nnested: {{inner: {scalar or 'x'}}}\n"
    quick = quickyaml.load(text)
    assert quick is not None
    assert same(quick, ruamel(text))


@pytest.mark.parametrize(
    "text",
    [
        "a: 0777",  # octal in YAML 1.1, decimal in 1.2
        "a: 0o17",
        "a: 0x1F",
        "a: 1_000",
        "a: 1e3",
        "a: ._",  # ruamel resolves it as a float, then cannot build it (found by the property test below)
        "a: -_",  # likewise as an int
        "a: .inf",
        "a: 2026-11-29",  # a timestamp
        "a: 1\na: 2",  # ruamel refuses duplicate keys
        "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2",  # a merge key
        "a: &x [1]\nb: *x",  # an alias
        "a: !!binary aGVsbG8=",
        "a: !custom x",
        "1: one",  # a key that is not a string
        "%YAML 1.1\n---\na: yes",
        "a: [unclosed",
        "a: b: c",
        "\tindented: with a tab",
        "",
        "--- 1\n--- 2",
    ],
)
def test_other_forms_and_errors_are_left_to_ruamel(text: str) -> None:
    assert quickyaml.load(text) is None


# Plain scalars built from the characters that change how YAML resolves one: digits, signs, dots, colons,
# underscores, exponent letters and the words of YAML 1.1's booleans.
_SCALAR = st.one_of(
    st.text(alphabet="0123456789+-._:eExXoObB", min_size=1, max_size=8),
    st.sampled_from(["yes", "No", "ON", "off", "y", "Y", "true", "TRUE", "null", "Null", "~", ".nan", ".Inf"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_SCALAR, min_size=1, max_size=4))
def test_any_scalar_is_read_as_ruamel_reads_it_or_left_to_ruamel(scalars: list[str]) -> None:
    text = "".join(f"k{index}: {scalar}\n" for index, scalar in enumerate(scalars))
    quick = quickyaml.load(text)
    try:
        reference = ruamel(text)
    except Exception:  # ruamel also fails outside YAMLError: "._" (ValueError), "-_" (IndexError)
        assert quick is None  # never accept what ruamel refuses
        return
    if quick is not None:
        assert same(quick, reference)


def test_the_shipped_config_is_read_quickly_and_equals_ruamels_reading() -> None:
    text = (ROOT / "feeds.yaml").read_text(encoding="utf-8")
    assert quickyaml.load(text) is not None
    # A %YAML directive sends the same document through ruamel alone.
    assert parse_config(text, path=ROOT / "feeds.yaml", env={}) == parse_config(
        "%YAML 1.2\n---\n" + text, path=ROOT / "feeds.yaml", env={}
    )


def test_a_problem_found_after_a_quick_reading_still_names_its_line(tmp_path: Path) -> None:
    text = "sources:\n  - {name: a, type: rss, url: 'https://x.org/feed'}\n  - {name: b, type: rss, urll: x}\n"
    assert quickyaml.load(text) is not None
    with pytest.raises(InvalidConfig) as caught:
        parse_config(text, path=tmp_path / "feeds.yaml", env={})
    assert caught.value.errors
    assert {error.line for error in caught.value.errors} == {3}


def test_the_packaged_vendor_registry_is_read_quickly_and_equals_ruamels_reading() -> None:
    text = (ROOT / "src" / "releasewatch" / "extract" / "vendors.yaml").read_text(encoding="utf-8")
    quick = quickyaml.load(text)
    assert quick is not None
    assert same(quick, ruamel(text))
