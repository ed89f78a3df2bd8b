"""Extraction quality and speed over the labelled corpus (issue 4).

    .venv/bin/python bench/extract_eval.py [--corpus tests/corpus] [--errors] [--seconds 3]

Prints precision and recall for model names, params_total and params_active (within 2%), license and
open_weights, the share of found models whose parameter count is right, and throughput in documents per
second for 2 KB documents on one core (the corpus cut into 2 KB pieces, extracted in this one process).
Goals: names and fields >= 0.95, parameter counts right for >= 0.98 of found models, >= 1,000 docs/s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from releasewatch.extract import extract
from releasewatch.extract.evaluate import FIELDS, Scores, Tally, score_document

ROOT = Path(__file__).resolve().parent.parent
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html"}
PIECE = 2048


def corpus(path: Path) -> list[tuple[Path, dict]]:
    """(document, labels) pairs: every NNN-slug.{txt,md,html} beside its NNN-slug.expected.json."""
    pairs = []
    for doc in sorted(path.iterdir()):
        labels = doc.with_name(doc.name.removesuffix(doc.suffix) + ".expected.json")
        if doc.suffix in FORMATS and labels.exists():
            pairs.append((doc, json.loads(labels.read_text(encoding="utf-8"))))
    return pairs


def evaluate(pairs: list[tuple[Path, dict]]) -> Scores:
    scores = Scores()
    for doc, labels in pairs:
        text = doc.read_text(encoding="utf-8")
        found = extract(text, fmt=FORMATS[doc.suffix], vendor_hint=labels.get("vendor_hint"))  # type: ignore[arg-type]
        score_document(doc.name, labels.get("models") or [], found, scores)
    return scores


def pieces(pairs: list[tuple[Path, dict]]) -> list[tuple[str, str]]:
    """The corpus as ~2 KB documents: long ones cut at a line end, short ones joined with the next document
    of the same format (so every measured document is about 2 KB, as the goal is stated)."""
    out: list[tuple[str, str]] = []
    pending: dict[str, str] = {}
    for doc, _labels in pairs:
        fmt = FORMATS[doc.suffix]
        text = pending.pop(fmt, "") + doc.read_text(encoding="utf-8")
        while len(text) >= PIECE:
            cut = text.rfind("\n", PIECE // 2, PIECE)
            cut = cut if cut > 0 else PIECE
            out.append((text[:cut], fmt))
            text = text[cut:]
        if text.strip():
            pending[fmt] = text + "\n\n"
    out += [(text, fmt) for fmt, text in pending.items() if len(text) > PIECE // 2]
    return out


def throughput(docs: list[tuple[str, str]], seconds: float) -> tuple[float, float]:
    """Documents per second and mean size in bytes, over at least ``seconds`` of extraction."""
    for text, fmt in docs[:20]:
        extract(text, fmt=fmt)  # type: ignore[arg-type]  # warm the registry and regex caches
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text, fmt in docs:
            extract(text, fmt=fmt)  # type: ignore[arg-type]
        done += len(docs)
    elapsed = time.perf_counter() - start
    return done / elapsed, sum(len(t.encode()) for t, _ in docs) / len(docs)


def report(scores: Scores, rate: float, size: float) -> str:
    lines = [
        f"documents: {scores.documents}   labelled models: {scores.names.labelled}   found: {scores.names.found}",
        "",
        f"{'field':<16}{'precision':>10}{'recall':>10}{'right':>8}{'found':>8}{'labelled':>10}",
        _row("model names", scores.names),
        *(_row(name, scores.fields[name]) for name in FIELDS),
        "",
        f"params_total right for {scores.params_accuracy:.3f} of {scores.matched} matched models (goal 0.98)",
        f"throughput: {rate:,.0f} documents/s ({size / 1024:.1f} KB mean, one core, {build()}; goal 1,000)",
    ]
    return "\n".join(lines)


def build() -> str:
    """Which extraction core runs: the mypyc-compiled one (``RELEASEWATCH_COMPILE=1``, see setup.py) or Python."""
    from releasewatch.extract import collect

    return "compiled with mypyc" if Path(collect.__file__ or "").suffix != ".py" else "pure Python"


def _row(name: str, t: Tally) -> str:
    return f"{name:<16}{t.precision:>10.3f}{t.recall:>10.3f}{t.right:>8}{t.found:>8}{t.labelled:>10}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    parser.add_argument("--errors", action="store_true", help="list every disagreement with the labels")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to measure throughput")
    args = parser.parse_args(argv)
    pairs = corpus(args.corpus) if args.corpus.is_dir() else []
    if not pairs:
        print(f"no labelled documents in {args.corpus}", file=sys.stderr)
        return 1
    scores = evaluate(pairs)
    rate, size = throughput(pieces(pairs), args.seconds)
    print(report(scores, rate, size))
    if args.errors:
        print("\n" + "\n".join(scores.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
