"""The labelled corpus (tests/corpus, see its README): the goals of issue 4 over every document there.

Goals: model names precision and recall >= 0.95 (a match needs the same vendor and ``normalise_name``), the
parameter count right (within 2%) for >= 0.98 of the models found, licenses >= 0.95. All three are reached and
asserted; bench/extract_eval.py prints the same figures with throughput; ``--errors`` lists each disagreement.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from releasewatch.extract import extract
from releasewatch.extract.evaluate import Scores, score_document
from releasewatch.models import ModelMention

CORPUS = Path(__file__).parent / "corpus"
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html"}


def _documents() -> list[tuple[Path, dict[str, Any]]]:
    if not CORPUS.is_dir():
        return []
    pairs = []
    for doc in sorted(CORPUS.iterdir()):
        labels = doc.with_name(doc.name.removesuffix(doc.suffix) + ".expected.json")
        if doc.suffix in FORMATS and labels.exists():
            pairs.append((doc, json.loads(labels.read_text(encoding="utf-8"))))
    return pairs


DOCUMENTS = _documents()
needs_corpus = pytest.mark.skipif(not DOCUMENTS, reason="tests/corpus has no labelled documents yet")


def _extract(doc: Path, labels: dict[str, Any]) -> list[ModelMention]:
    return extract(
        doc.read_text(encoding="utf-8"),
        fmt=FORMATS[doc.suffix],  # type: ignore[arg-type]
        vendor_hint=labels.get("vendor_hint"),
    )


@pytest.fixture(scope="module")
def scores() -> Scores:
    result = Scores()
    for doc, labels in DOCUMENTS:
        score_document(doc.name, labels.get("models") or [], _extract(doc, labels), result)
    return result


@needs_corpus
@pytest.mark.parametrize(("doc", "labels"), DOCUMENTS, ids=[doc.name for doc, _ in DOCUMENTS])
def test_every_document_gives_well_formed_mentions(doc: Path, labels: dict[str, Any]) -> None:
    for mention in _extract(doc, labels):
        assert mention.vendor and mention.model and mention.evidence
        assert mention.params_total is None or mention.params_total >= 10**6
        assert (
            mention.params_active is None
            or mention.params_total is None
            or (mention.params_active < mention.params_total)
        )


@needs_corpus
def test_model_names_reach_the_goal(scores: Scores) -> None:
    detail = "\n".join(error for error in scores.errors if " missed " in error or " extra " in error)
    assert scores.names.precision >= 0.95, detail
    assert scores.names.recall >= 0.95, detail


@needs_corpus
def test_parameter_counts_reach_the_goal(scores: Scores) -> None:
    detail = "\n".join(error for error in scores.errors if "params_" in error)
    assert scores.params_accuracy >= 0.98, detail
    assert scores.fields["params_total"].precision >= 0.95, detail
    assert scores.fields["params_active"].precision >= 0.95, detail


@needs_corpus
def test_licenses(scores: Scores) -> None:
    detail = "\n".join(error for error in scores.errors if " license:" in error)
    assert scores.fields["license"].precision >= 0.95, detail
    assert scores.fields["license"].recall >= 0.95, detail
