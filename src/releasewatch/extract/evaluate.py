"""Scoring extraction against labelled documents (bench/extract_eval.py and tests/test_corpus.py).

Pure: labels and mentions in, counts out. A found model matches a labelled one when ``normalise_name`` of the
names is equal (one of the same vendor first, where a document names two such models). Names are scored over
all rows; each field (vendor case-insensitively, params_total within 2%, params_active within 2%, license,
open_weights) over the matched pairs: precision is the share of the values we gave that are right, recall the
share of the labelled values we gave right. The vendor is a field, not part of the name: a model found under
another spelling of a lab nobody registered ("Shanghai AI Lab" for "Shanghai AI Laboratory") is found, with a
wrong vendor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from releasewatch.models import ModelMention
from releasewatch.resolve import counts_agree, normalise_name

FIELDS = ("vendor", "params_total", "params_active", "license", "open_weights")


@dataclass
class Tally:
    right: int = 0  # values found that equal the label
    found: int = 0  # values found (non-null)
    labelled: int = 0  # values labelled (non-null)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0


@dataclass
class Scores:
    names: Tally = field(default_factory=Tally)
    fields: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FIELDS})
    matched: int = 0
    params_right: int = 0  # matched models whose params_total equals the label (both null counts as right)
    documents: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def params_accuracy(self) -> float:
        return self.params_right / self.matched if self.matched else 1.0


def _same(name: str, a: object, b: object) -> bool:
    if name.startswith("params"):
        return isinstance(a, int) and isinstance(b, int) and counts_agree(a, b)
    if name in ("vendor", "license"):
        return str(a).strip().casefold() == str(b).strip().casefold()
    return a == b


def _key(vendor: str, model: str) -> tuple[str, str]:
    return vendor.strip().casefold(), normalise_name(model)


def score_document(
    doc: str, labels: Sequence[Mapping[str, Any]], found: Sequence[ModelMention], scores: Scores
) -> None:
    """Adds one document's comparison to ``scores`` (and a line per disagreement to ``scores.errors``)."""
    scores.documents += 1
    scores.names.found += len(found)
    scores.names.labelled += len(labels)
    unmatched = list(found)
    for label in labels:
        key = _key(str(label["vendor"]), str(label["model"]))
        same_name = [m for m in unmatched if _key(m.vendor, m.model)[1] == key[1]]
        match = next((m for m in same_name if _key(m.vendor, m.model) == key), same_name[0] if same_name else None)
        if match is None:
            scores.errors.append(f"{doc}: missed {label['vendor']} / {label['model']}")
            continue
        unmatched.remove(match)
        scores.names.right += 1
        scores.matched += 1
        _score_fields(doc, label, match, scores)
    for extra in unmatched:
        scores.errors.append(f"{doc}: extra {extra.vendor} / {extra.model}")


def _score_fields(doc: str, label: Mapping[str, Any], match: ModelMention, scores: Scores) -> None:
    for name in FIELDS:
        want, got = label.get(name), getattr(match, name)
        tally = scores.fields[name]
        tally.found += got is not None
        tally.labelled += want is not None
        right = want is not None and got is not None and _same(name, want, got)
        tally.right += right
        if not right and (want is not None or got is not None):
            scores.errors.append(f"{doc}: {match.model} {name}: want {want!r}, got {got!r}")
    want_total = label.get("params_total")
    if (want_total is None and match.params_total is None) or (
        want_total is not None and match.params_total is not None and counts_agree(want_total, match.params_total)
    ):
        scores.params_right += 1
