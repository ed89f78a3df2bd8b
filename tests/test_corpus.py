"""The labelled corpus (tests/corpus, see its README): the goals of issue 4 over every document there.

Goals: model names precision and recall >= 0.95 (a match needs the same ``normalise_name``; the vendor is scored
as a field of its own), the parameter count right (within 2%) for >= 0.98 of the models found, licenses >= 0.95,
vendors >= 0.95. All are reached and asserted; bench/extract_eval.py prints the same figures with throughput;
``--errors`` lists each disagreement.
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


@needs_corpus
def test_vendors(scores: Scores) -> None:
    detail = "\n".join(error for error in scores.errors if " vendor:" in error)
    assert scores.fields["vendor"].precision >= 0.95, detail


def _mention(vendor: str, model: str) -> ModelMention:
    return ModelMention(vendor=vendor, model=model, evidence=model)


def test_a_model_under_another_spelling_of_its_vendor_is_found_with_a_wrong_vendor() -> None:
    result = Scores()
    labels = [{"vendor": "Shanghai AI Laboratory", "model": "InternLM2.5-7B"}, {"vendor": "Meta", "model": "Llama 3"}]
    found = [_mention("Shanghai AI Lab", "internlm2_5-7b"), _mention("Meta", "Llama-3"), _mention("Meta", "Llama 2")]
    score_document("doc", labels, found, result)
    assert (result.names.right, result.names.found, result.names.labelled) == (2, 3, 2)
    assert (result.fields["vendor"].right, result.fields["vendor"].found) == (1, 2)
    assert result.errors == [
        "doc: internlm2_5-7b vendor: want 'Shanghai AI Laboratory', got 'Shanghai AI Lab'",
        "doc: extra Meta / Llama 2",
    ]


def test_of_two_models_of_one_name_the_one_of_the_labelled_vendor_is_matched() -> None:
    result = Scores()
    found = [_mention("Mistral AI", "Mistral 7B"), _mention("unknown", "Mistral 7B")]
    score_document("doc", [{"vendor": "unknown", "model": "Mistral 7B"}], found, result)
    assert result.fields["vendor"].right == 1
    assert result.errors == ["doc: extra Mistral AI / Mistral 7B"]
