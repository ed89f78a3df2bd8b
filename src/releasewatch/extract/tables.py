"""Tables: a model card's spec table ("| Model | #Total Params | #Activated Params |"), its key/value table
("| Total Parameters | 1T |") and benchmark tables (whose model names are yardsticks, not releases).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from releasewatch.extract.document import Block
from releasewatch.extract.licenses import find_licenses, normalise_license
from releasewatch.extract.names import NameMatch, unknown_names
from releasewatch.extract.params import ParamClaim, Strength, compact, find_params, parse_count, size_in_name
from releasewatch.resolve import family_of, has_size

if TYPE_CHECKING:
    from releasewatch.extract.collect import Candidate, Collector

SPEC_ROW = 3.0  # a model named in a spec table (one with parameter, license or download columns)

Column = Literal["model", "total", "active", "params", "license", "download", "spec", "other"]

_MODEL = re.compile(r"\b(?:models?|name|checkpoints?|variants?|versions?|repo|model\s+id)\b", re.IGNORECASE)
_ACTIVE = re.compile(r"activ", re.IGNORECASE)
_TOTAL = re.compile(r"total", re.IGNORECASE)
_PLAIN_NAME = re.compile(r"[A-Z][\w.+-]*(?:[ -][\w.+]+){0,3}")
_DIGIT_OR_HYPHEN = re.compile(r"\d|-")
_HUB_SLUG = re.compile(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[A-Za-z]")
_PARAMS = re.compile(r"param|(?<!file\s)(?<!disk\s)(?<!download\s)\bsize\b|#\s*params", re.IGNORECASE)
_LICENSE = re.compile(r"licen[cs]e", re.IGNORECASE)
_DOWNLOAD = re.compile(r"download|hugging\s*face|link|weights|modelscope|hf\b", re.IGNORECASE)
_SPEC = re.compile(
    r"context|layers|experts|heads|hidden|vocab|architecture|precision|quantization|embedding", re.IGNORECASE
)
_COUNT_HEADER = re.compile(r"^\W*(?:total|active|activated)\W*$", re.IGNORECASE)
_SIZE_CELL = re.compile(r"^\s*~?\d+(?:\.\d+)?\s?[BMT]\s*$")
_HUB_OTHER = re.compile(r"^\s*other\s*\(\s*([^()]+?)\s*\)\s*$", re.IGNORECASE)
_LICENSE_WORD = re.compile(r"licen[cs]e|terms|agreement", re.IGNORECASE)
_NON_EMBEDDING = re.compile(r"non-?\s?embedding|w/o\s+embedding|without\s+embedding|excl\w*\s+embedding", re.I)


def read_table(collector: Collector, block: Block) -> None:
    rows = [row for row in block.rows if any(row)]
    if not rows:
        return
    if (not block.header and all(len(row) == 2 for row in rows)) or _key_value(rows):
        _key_values(collector, rows)
        return
    header, body = (rows[0], rows[1:]) if block.header or len(rows) > 1 else ((), rows)
    columns = [_by_content(_column(cell), cell, index, body) for index, cell in enumerate(header)]
    if _transposed(collector, header, body):
        return
    spec = any(kind in ("total", "active", "params", "license", "download", "spec") for kind in columns)
    spec = spec or collector.release_lead  # "… we release four of them:" and the table of the four
    if collector.earlier or collector.earlier_lead or collector.usage:
        # "## Earlier releases", "For reference, our previous models:": what came before; a tutorial's table of
        # the checkpoints it merges or quantises: models in use
        spec = False
    elif any(_METRIC.search(cell) for cell in header) or _timeline(header, body):
        # a results table ("| System | Model | Throughput (tokens/s) |") ranks models, it does not release them
        spec = False  # "| Jul 2023 | Meta | Llama 2 | 70B |" … "| Jul 2025 | Moonshot AI | Kimi K2 |": history
    if "model" not in columns and header and columns[0] != "other":
        # no column names a model ("| Size | Pretrained | Chat |"): the rows are sizes of the model the text is
        # about, or else no models at all ("| Precision | Bytes/param |")
        body, columns = _family_size_rows(collector, body, columns)
    model_column = columns.index("model") if "model" in columns else 0
    targets = [
        _row(collector, row, columns, model_column, spec) for row in _sized_rows(collector, body, columns, model_column)
    ]
    if spec:
        collector.spec_tables.append([target for target in targets if target is not None])
        hub_ids = any("/" in row[model_column] for row in body if model_column < len(row))
        framed = collector.framed or collector.section_no in collector.framed_sections  # (by what was read so far)
        if not (framed or collector.release_lead or hub_ids):
            collector.unframed_tables.append(collector.spec_tables[-1])


def _sized_rows(
    collector: Collector, body: list[tuple[str, ...]], columns: list[Column], model_column: int
) -> list[tuple[str, ...]]:
    """Rows that leave the model cell empty continue the row above, one size a row (Meta's cards: "| Llama 3.2
    (text only) | … | 1B (1.23B) |" then "| | | 3B (3.21B) |"): each such group names one model a size,
    "Llama 3.2 1B" and "Llama 3.2 3B", as a sentence listing the sizes would."""
    size_column = next((i for i, kind in enumerate(columns) if kind in ("total", "params")), None)
    if size_column is None or size_column == model_column:
        return body
    rows, index = list(body), 0
    while index < len(rows):
        end = index + 1
        while end < len(rows) and model_column < len(rows[end]) and not rows[end][model_column].strip():
            end += 1
        if end - index > 1 and model_column < len(rows[index]):
            family = collector.finder.find(rows[index][model_column])
            if family and not size_in_name(family[0].name):
                for at in range(index, end):
                    rows[at] = _with_size(rows[at], model_column, size_column, family[0].name)
        index = end
    return rows


def _family_size_rows(
    collector: Collector, body: list[tuple[str, ...]], columns: list[Column]
) -> tuple[list[tuple[str, ...]], list[Column]]:
    """ "Llama 9 is a collection of models at three scales:" over "| Size | … |" with "7B", "13B" and "70B" rows:
    one model a row, named after the family (as a sentence listing the sizes would name them), in a model column
    put before the others. No family, or no size in a row: no rows."""
    family = collector.subject
    size_column = next((i for i, kind in enumerate(columns) if kind in ("total", "params")), None)
    spelled = family.spelling() if family is not None else ""
    if family is None or family.bare or size_column is None or has_size(spelled):
        return [], columns
    rows = []
    for row in body:
        claims = find_params(row[size_column]) if size_column < len(row) else []
        if claims and claims[0].total is not None:
            rows.append((f"{family_of(spelled)} {compact(claims[0].notation.strip())}", *row))
    return rows, ["model", *columns]


def _with_size(row: tuple[str, ...], model_column: int, size_column: int, family: str) -> tuple[str, ...]:
    claims = find_params(row[size_column]) if size_column < len(row) else []
    if not claims or claims[0].total is None:
        return row
    cells = list(row)
    cells[model_column] = f"{family} {claims[0].notation.strip()}"
    return tuple(cells)


_METRIC = re.compile(
    r"throughput|tokens?/s|tps\b|latency|score|accuracy|pass@|win\s*rate|elo\b|speed|mmlu|gsm8k|swe-?bench|aime|"
    r"arena|rank|%|(?:pass|success|solve|resolve)\w*\s+rate|"
    # a benchmark run's measurements: prompt and generation speed (llama-bench's pp512 / tg128), power, price
    r"\b(?:pp|tg)\d+\b|prefill|ttft|power|watts?|price|\$",
    re.IGNORECASE,
)

_DATE_HEADER = re.compile(r"^\W*(?:when|date|released?|release\s+date|launch(?:ed)?|year|month|announced)\W*$", re.I)
_DATE_CELL = re.compile(
    r"^\W*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?P<y1>(?:19|20)\d\d)|"
    r"(?P<y2>(?:19|20)\d\d)(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?|q[1-4]\s+(?P<y3>(?:19|20)\d\d))\W*$",
    re.I,
)


def _timeline(header: tuple[str, ...], body: list[tuple[str, ...]]) -> bool:
    """A table with a date column whose rows span more than a year is a history of releases, not news of them."""
    if len(body) < 3:
        return False
    for index in range(len(header) if header else len(body[0])):
        named = bool(header) and _DATE_HEADER.match(header[index]) is not None
        if not named and (index >= len(body[0]) or not _DATE_CELL.match(body[0][index])):
            continue  # neither headed as a date nor starting with one: no need to read the column
        cells = [row[index] for row in body if index < len(row) and row[index].strip()]
        dates = [_DATE_CELL.match(cell) for cell in cells]
        if not cells or (
            sum(bool(d) for d in dates) * 2 <= len(cells) and not (header and _DATE_HEADER.match(header[index]))
        ):
            continue
        years = {int(next(y for y in d.group("y1", "y2", "y3") if y)) for d in dates if d}
        if years and max(years) - min(years) >= 1 and len(dates) >= 3:
            return True
    return False


def _column(header: str) -> Column:
    if _COUNT_HEADER.match(header):
        return "active" if _ACTIVE.search(header) else "total"
    if _PARAMS.search(header) and not _NON_EMBEDDING.search(header):
        return "active" if _ACTIVE.search(header) else "total" if _TOTAL.search(header) else "params"
    if _LICENSE.search(header):
        return "license"
    if _MODEL.search(header):
        return "model"
    if _DOWNLOAD.search(header):
        return "download"
    return "spec" if _SPEC.search(header) else "other"


def _by_content(kind: Column, header: str, index: int, body: list[tuple[str, ...]]) -> Column:
    """A column headed "Total" or "Active" (or not at all) whose cells are sizes ("300B") is a count column."""
    if kind not in ("other", "spec") or not body or _NON_EMBEDDING.search(header):
        return kind
    cells = [row[index] for row in body if index < len(row)]
    sizes = sum(bool(_SIZE_CELL.match(cell)) for cell in cells)
    if sizes * 2 < len(cells) or not sizes:
        return kind
    return "params"


def _key_value(rows: list[tuple[str, ...]]) -> bool:
    """A two-column table whose left cells are labels ("Total Parameters", "License")."""
    labels = [row[0] for row in rows if len(row) == 2]
    return (
        len(labels) == len(rows) and sum(bool(_PARAMS.search(label) or _LICENSE.search(label)) for label in labels) >= 1
    )


def _key_values(collector: Collector, rows: list[tuple[str, ...]]) -> None:
    target = collector.subject
    for label, value in (row for row in rows if len(row) == 2):
        if (not label.strip() or _MODEL.search(label)) and not _PARAMS.search(label):
            target = _named(collector, value, spec=True, evidence=f"| {label} | {value} |") or target
    if target is None:
        return
    for label, value in (row for row in rows if len(row) == 2):
        evidence = f"| {label} | {value} |"
        if _PARAMS.search(label) and not _NON_EMBEDDING.search(label):
            _cell_count(target, value, "active" if _ACTIVE.search(label) else "total", evidence)
        elif _LICENSE.search(label):
            _cell_license(target, value)


_CONTEXT_NOTE = re.compile(
    r"\([^()]*(?:\b(?:19|20)\d\d\b|\b(?:start|base\b|previous|prior|predecessor|reference|baseline|older|earlier|"
    r"teacher|last\s+gen))[^()]*\)",
    re.IGNORECASE,
)


def _transposed(collector: Collector, header: tuple[str, ...], body: list[tuple[str, ...]]) -> bool:
    """ "| | Qwen3-235B-A22B | Qwen3-32B |" over "| Total Params | 235B | 32.8B |": one model a column."""
    if len(header) < 2 or not any(_PARAMS.search(row[0]) for row in body if row):
        return False
    names = [collector.finder.find(cell) for cell in header[1:]]
    if not all(names):
        return False
    for index, found in enumerate(names, start=1):
        target = collector.candidate(found[0])
        if target is None:
            continue
        if "(" in header[index] and _CONTEXT_NOTE.search(header[index]):
            continue  # "| Solar 9 (Dec 2023) |", "| Phi-9 (starting point) |": a column for comparison
        target.credit(SPEC_ROW, "| " + " | ".join(header) + " |")
        for row in body:
            if len(row) > index and _PARAMS.search(row[0]) and not _NON_EMBEDDING.search(row[0]):
                _cell_count(target, row[index], "active" if _ACTIVE.search(row[0]) else "total", row[0])
    return True


def _row(
    collector: Collector, row: tuple[str, ...], columns: list[Column], model_column: int, spec: bool
) -> Candidate | None:
    if model_column >= len(row):
        return None
    evidence = "| " + " | ".join(row) + " |"
    target = _named(collector, row[model_column], spec, evidence)
    if target is None:
        return None
    for index, cell in enumerate(row):
        kind = columns[index] if index < len(columns) else "other"
        if kind in ("total", "active", "params"):
            _cell_count(target, cell, kind, evidence)
        elif kind == "license":
            _cell_license(target, cell)
        elif kind == "other" and spec and index != model_column and "param" in cell:
            _stated_counts(target, cell)
    return target


def _stated_counts(target: Candidate, cell: str) -> None:
    """A release table's prose cell ("efficiency; 1.5B active and 7.2B total parameters") says the row model's
    counts in words: each count it states outright, worth a count column's (the name's "1B" is a rounded label)."""
    for claim in find_params(cell):
        if claim.strength >= Strength.STATED:
            target.count(claim, Strength.TABLE)


def _named(collector: Collector, cell: str, spec: bool, evidence: str) -> Candidate | None:
    found = collector.finder.find(cell)
    if not found and spec:
        found = [m for m in unknown_names(cell, title=True) if m.start < 3] or _plain_cell(cell)
    if not found:
        return None
    target = collector.candidate(found[0])
    if target is None:
        return None
    target.credit(SPEC_ROW if spec else 0.0, evidence)
    size = size_in_name(found[0].name)
    if size is not None:
        target.count(size)
    return target


def _plain_cell(cell: str) -> list[NameMatch]:
    """A spec table's model cell holding an unknown family's name ("Foo-7B-Instruct")."""
    text = cell.strip()
    if _PLAIN_NAME.fullmatch(text) and _DIGIT_OR_HYPHEN.search(text):
        return [NameMatch(0, len(text), text, known=False)]
    # (a repository's name as the hub writes it: "chronos-t5-tiny")
    if _HUB_SLUG.fullmatch(text) and "-" in text and _DIGIT.search(text):
        return [NameMatch(0, len(text), text, known=False)]
    return []


def _cell_count(target: Candidate, cell: str, kind: str, evidence: str) -> None:
    claims = find_params(cell) or _plain_count(cell)
    if kind != "active":  # "132B (36B active)" in a size column: the active count too
        for claim in claims:
            if claim.active is not None and claim.total is None:
                target.count(claim, Strength.TABLE)
        claims = [claim for claim in claims if claim.total is not None] or claims
    # "1B (1.23B)": the precise figure (corpus rule 3)
    for claim in sorted(claims, key=lambda c: -len(c.notation.partition(".")[2]))[:1]:
        if kind == "active" and claim.active is None:
            claim = ParamClaim(claim.start, claim.end, None, claim.total, claim.notation, claim.strength)
        elif kind == "total" and claim.total is None:
            claim = ParamClaim(claim.start, claim.end, claim.active, None, claim.notation, claim.strength)
        target.count(claim, Strength.TABLE)


def _plain_count(cell: str) -> list[ParamClaim]:
    text = cell.strip().rstrip("*~")
    value = parse_count(text)
    if value is None or value < 10**6:  # (a params column's "8M" is a tiny model's size, not a context length)
        return []
    return [ParamClaim(0, len(text), value, None, text, Strength.TABLE)]


def _cell_license(target: Candidate, cell: str) -> None:
    other = _HUB_OTHER.match(cell)
    cell = other.group(1) if other else cell  # a hub listing's "other (lfm1.0)": the license's own id
    found = find_licenses(cell)
    license = found[0].license if found else normalise_license(cell) if _LETTER.search(cell) else None
    if license and not found and " " in license and not _LICENSE_WORD.search(license):
        license += " License"  # a license column's "Qwen Research" is the Qwen Research License
    if license:
        target.licenses.append((license, 3.0))
