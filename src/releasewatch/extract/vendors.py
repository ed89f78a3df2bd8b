"""The vendor registry: who makes which model family (issue 4, part 4).

The built-in registry is the packaged ``vendors.yaml``, read once through importlib.resources; operators add
vendors or extend built-in ones with ``vendors:`` in feeds.yaml (``VendorConfig``), via ``with_vendors``.
Lookups are case-insensitive for names, aliases and organisations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib.resources import files
from typing import Any, Protocol

from ruamel.yaml import YAML

from releasewatch import quickyaml


class VendorSpec(Protocol):
    """What an operator's vendor entry provides (``releasewatch.config.VendorConfig`` satisfies it)."""

    name: str
    aliases: tuple[str, ...]
    hf_orgs: tuple[str, ...]
    github_orgs: tuple[str, ...]
    country: str | None
    region: str | None
    families: tuple[str, ...]


@dataclass(frozen=True)
class Vendor:
    name: str
    aliases: tuple[str, ...] = ()
    hf_orgs: tuple[str, ...] = ()
    github_orgs: tuple[str, ...] = ()
    country: str | None = None
    region: str | None = None
    families: tuple[str, ...] = ()  # case-insensitive name prefixes ("Qwen")
    word_families: tuple[str, ...] = ()  # prefixes that are also words: as written, and only before a version
    markers: tuple[str, ...] = ()  # name parts that identify the vendor anywhere ("Nemotron")

    def __hash__(self) -> int:
        # Vendors key caches that extraction consults for every name; the generated hash would hash every
        # field's tuple each time. Equal vendors have equal names, so this agrees with ``==``.
        return hash(self.name)


@dataclass(frozen=True)
class FamilyMatch:
    """The family prefix a name starts with and the vendor it belongs to."""

    vendor: Vendor
    prefix: str


class VendorRegistry:
    """Vendors by name, alias, organisation and model-family prefix."""

    def __init__(self, vendors: Iterable[Vendor]) -> None:
        self.vendors: tuple[Vendor, ...] = tuple(vendors)
        self._by_name: dict[str, Vendor] = {}
        self._by_org: dict[str, Vendor] = {}
        for vendor in self.vendors:
            for alias in (vendor.name, *vendor.aliases):
                self._by_name.setdefault(alias.lower(), vendor)
            for org in (*vendor.hf_orgs, *vendor.github_orgs):
                self._by_org.setdefault(org.lower(), vendor)

    def get(self, name: str | None) -> Vendor | None:
        """The vendor called ``name`` (its canonical name or an alias), or None."""
        return self._by_name.get(name.strip().lower()) if name else None

    def canonical(self, name: str | None) -> str | None:
        """The canonical spelling of a vendor name; an unknown vendor keeps the source's spelling."""
        vendor = self.get(name)
        return vendor.name if vendor else (name.strip() or None) if name else None

    def by_org(self, org: str | None) -> Vendor | None:
        """The vendor owning a Hugging Face or GitHub organisation ("deepseek-ai", "QwenLM")."""
        return self._by_org.get(org.strip().lower()) if org else None

    def for_model(self, name: str) -> Vendor | None:
        """The vendor whose family prefix or marker ``name`` carries ("gpt-oss-120b" → OpenAI)."""
        match = self.family_match(name)
        return match.vendor if match else None

    def family_match(self, name: str) -> FamilyMatch | None:
        """Markers first (a marker anywhere outranks a prefix), then the longest family prefix."""
        if name not in self._matches:
            self._matches[name] = self._family_match(name.rsplit("/", 1)[-1])
        return self._matches[name]

    def _family_match(self, bare: str) -> FamilyMatch | None:
        marker = self._markers.search(bare)
        if marker:
            return FamilyMatch(self._marker_owner[marker.group(0).lower()], marker.group(0))
        for prefix, vendor, exact in self._by_start.get(bare[:2].lower(), ()):
            head = bare[: len(prefix)]
            if (head == prefix if exact else head.lower() == prefix.lower()) and _ends_word(bare, len(prefix)):
                return FamilyMatch(vendor, head)
        return None

    @cached_property
    def _matches(self) -> dict[str, FamilyMatch | None]:
        return {}

    @cached_property
    def _prefixes(self) -> tuple[tuple[str, Vendor, bool], ...]:
        entries = [(family, vendor, False) for vendor in self.vendors for family in vendor.families]
        entries += [(family, vendor, True) for vendor in self.vendors for family in vendor.word_families]
        # A word family in capitals is as distinctive as written ("SOLAR 10.7B", "NOVA"): not a word any more
        entries += [
            (family.upper(), vendor, True)
            for vendor in self.vendors
            for family in vendor.word_families
            if len(family) >= 4 and family.upper() != family
        ]
        return tuple(sorted(entries, key=lambda entry: -len(entry[0])))

    @cached_property
    def _by_start(self) -> dict[str, tuple[tuple[str, Vendor, bool], ...]]:
        """Prefixes by their first two letters, longest first: a lookup tries a handful, not hundreds."""
        index: dict[str, list[tuple[str, Vendor, bool]]] = {}
        for entry in self._prefixes:
            index.setdefault(entry[0][:2].lower(), []).append(entry)
        return {start: tuple(entries) for start, entries in index.items()}

    def opens_with_marker(self, name: str) -> bool:
        """The name starts with a marker ("Nemotron 70B"): a part of a longer name as much as a name."""
        marker = self._markers.match(name)
        return marker is not None and not name[marker.end() : marker.end() + 1].isalpha()

    @cached_property
    def _marker_owner(self) -> dict[str, Vendor]:
        return {marker.lower(): vendor for vendor in self.vendors for marker in vendor.markers}

    @cached_property
    def _markers(self) -> re.Pattern[str]:
        markers = sorted(self._marker_owner, key=len, reverse=True) or ["(?!)"]
        return re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, markers)) + r")(?![a-z])", re.IGNORECASE)

    def named_in(self, text: str) -> list[tuple[int, int, Vendor]]:
        """Every vendor that ``text`` names by name or alias ("Alibaba Cloud", "Moonshot AI"), in order."""
        return [(m.start(), m.end(), self._by_name[m.group(0).lower()]) for m in self._names.finditer(text)]

    @cached_property
    def _names(self) -> re.Pattern[str]:
        names = {alias for v in self.vendors for alias in (v.name, *v.aliases)}
        return re.compile(r"(?<![\w.-])" + _prefix_tree(names) + r"(?![\w-])")

    def families(self) -> tuple[tuple[str, bool], ...]:
        """Every family prefix with whether it is a word family (matched as written, before a version)."""
        return tuple((prefix, exact) for prefix, _vendor, exact in self._prefixes)

    def with_vendors(self, specs: Iterable[VendorSpec]) -> VendorRegistry:
        """A registry extended by operator entries: a known name gains the entry's lists, a new name is added."""
        vendors = list(self.vendors)
        for spec in specs:
            index = next((i for i, v in enumerate(vendors) if v.name.lower() == spec.name.lower()), None)
            if index is None:
                vendors.insert(0, _from_spec(spec))
            else:
                vendors[index] = _merged(vendors[index], spec)
        return VendorRegistry(vendors)


def _prefix_tree(words: Iterable[str]) -> str:
    """``words`` as one alternation shaped like a prefix tree ("Meta|Meta AI|Mistral" → "M(?:eta(?:\\ AI)?|istral)"):
    the engine tries one branch a letter instead of every word, and, being greedy, the longest word first."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _tree_branches(trie) or "(?!)"


def _tree_branches(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    parts = [re.escape(char) + _tree_branches(child) for char, child in sorted(node.items()) if char]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in node else body


def _ends_word(name: str, end: int) -> bool:
    """A family prefix must not stop inside a word: "Phi" starts "Phi-4" but not "Philosophy"."""
    if end >= len(name):
        return True
    return not (name[end - 1].isalpha() and name[end].islower())


def _from_spec(spec: VendorSpec) -> Vendor:
    return Vendor(
        name=spec.name,
        aliases=tuple(spec.aliases),
        hf_orgs=tuple(spec.hf_orgs),
        github_orgs=tuple(spec.github_orgs),
        country=spec.country,
        region=spec.region,
        families=tuple(spec.families),
    )


def _merged(vendor: Vendor, spec: VendorSpec) -> Vendor:
    def union(old: Sequence[str], new: Sequence[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*old, *new]))

    return replace(
        vendor,
        aliases=union(vendor.aliases, spec.aliases),
        hf_orgs=union(vendor.hf_orgs, spec.hf_orgs),
        github_orgs=union(vendor.github_orgs, spec.github_orgs),
        country=spec.country or vendor.country,
        region=spec.region or vendor.region,
        families=union(vendor.families, spec.families),
    )


@lru_cache(maxsize=1)
def default_registry() -> VendorRegistry:
    """The packaged registry, read once."""
    text = files("releasewatch.extract").joinpath("vendors.yaml").read_text(encoding="utf-8")
    data = quickyaml.load(text) or YAML(typ="safe").load(text)  # the same data, quicker (see quickyaml)
    return VendorRegistry(_vendor(entry) for entry in data["vendors"])


def _vendor(entry: dict[str, Any]) -> Vendor:
    lists = ("aliases", "hf_orgs", "github_orgs", "families", "word_families", "markers")
    return Vendor(
        name=str(entry["name"]),
        country=entry.get("country"),
        region=entry.get("region"),
        **{key: tuple(str(item) for item in entry.get(key) or ()) for key in lists},
    )


def with_vendors(specs: Iterable[VendorSpec]) -> VendorRegistry:
    """The packaged registry extended with feeds.yaml ``vendors:`` entries."""
    return default_registry().with_vendors(specs)
