"""Presidio + spaCy for detection: the entity mapping, the analyzer and a trimmed pipeline.

The analyzer is built once per process per (model, policy): loading the model is the
expensive part. The spaCy model is always named explicitly, so nothing is downloaded,
and ``configure_offline`` runs before Presidio loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from anonymizers.detect.patterns import iban_ok, luhn_ok
from anonymizers.offline import configure_offline
from anonymizers.policy import CustomRecognizer, Policy

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine
    from spacy.language import Language
    from spacy.tokens import Doc

#: Presidio entity → ours. Anything not here is dropped unless the policy lists it.
PRESIDIO_TO_OURS: dict[str, str] = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD",
    "US_SSN": "US_SSN",
    "IBAN_CODE": "IBAN_CODE",
    "IP_ADDRESS": "IP_ADDRESS",
    "LOCATION": "LOCATION",
    "URL": "URL",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "US_PASSPORT": "US_PASSPORT",
    "US_BANK_NUMBER": "US_BANK_NUMBER",
    "US_ITIN": "US_SSN",
    "DATE_TIME": "DATE",
    "NRP": "NRP",
    "ORGANIZATION": "ORGANIZATION",
    "MEDICAL_LICENSE": "ID",
}
#: Ours → the Presidio entities that feed it.
_OURS_TO_PRESIDIO: dict[str, tuple[str, ...]] = {
    "PERSON": ("PERSON",),
    "FIRST_NAME": ("PERSON",),
    "LAST_NAME": ("PERSON",),
    "LOCATION": ("LOCATION",),
    "ADDRESS": ("LOCATION",),
    "DATE": ("DATE_TIME",),
    # Birth dates come from recognizers/birth_dates.py (a date with a birth word next to
    # it, eight languages): Presidio's date regexes on every text would cost a fifth of
    # the detection time to find the same dates.
    "DATE_OF_BIRTH": (),
    "US_SSN": ("US_SSN", "US_ITIN"),
    "ID": ("MEDICAL_LICENSE",),
    # Found by recognizers/national_ids.py (check digits by python-stdnum), not Presidio.
    "NATIONAL_ID": (),
}


def presidio_entities(policy: Policy) -> list[str]:
    """Presidio entity names needed for the policy's entity list."""
    out: set[str] = set()
    for ent in policy.detection.entities:
        out.update(_OURS_TO_PRESIDIO.get(ent, (ent,)))
    for rec in policy.detection.custom_recognizers:
        out.add(rec.entity)
    return sorted(out)


# --- analyzer ------------------------------------------------------------------------


def _custom_recognizer(cfg: CustomRecognizer, language: str):  # type: ignore[no-untyped-def]
    from presidio_analyzer import Pattern, PatternRecognizer

    check = {"luhn": luhn_ok, "iban": iban_ok}.get(cfg.validator)

    class _Validated(PatternRecognizer):
        """A policy-defined regex; a failing validity check drops the match entirely."""

        def validate_result(self, pattern_text: str) -> bool | None:
            if check is None:
                return None
            return check(re.sub(r"[\s-]", "", pattern_text))

    return _Validated(
        supported_entity=cfg.entity,
        name=f"custom:{cfg.name}",
        supported_language=language,
        patterns=[Pattern(p.name, p.regex, p.score) for p in cfg.patterns],
        context=list(cfg.context) or None,
    )


def build_analyzer(policy: Policy) -> AnalyzerEngine:
    """A Presidio analyzer for this policy, built once per process per (model, policy)."""
    _register(policy)
    return _build_analyzer(policy.nlp.spacy_model, policy.language, _policy_key(policy))


def _policy_key(policy: Policy) -> str:
    d = policy.detection
    return repr((d.entities, [c.model_dump() for c in d.custom_recognizers]))


_POLICIES: dict[str, Policy] = {}

#: Entities that ``patterns.sweep`` finds in every text with its own validators (Luhn,
#: IBAN mod 97, SSN areas, IP ranges): Presidio's recognisers for them found nothing more
#: on the public set or the bench's texts and cost a sixth of detection, so they are not
#: loaded. Phones stay with Presidio too: its phonenumbers matcher reads national forms
#: ("(03496) 346018", "08905 766794") that the sweep's shapes do not.
SWEPT_ENTITIES = frozenset(
    {"CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "IBAN_CODE", "IP_ADDRESS", "URL"}
)


#: Regions whose phone matches another listed region finds all of, number for number:
#: Canada and the United States share the North American plan (country code 1, trunk
#: prefix 1, exit code 011, one set of number lengths and patterns), so phonenumbers'
#: matcher finds the same spans with either default region (checked on the bench's
#: texts, the public set and 30,000 generated North American numbers). Presidio's phone
#: recogniser runs its matcher over the whole text once per region, the costliest step of
#: its analysis: the copy that can add nothing is not run.
SAME_PHONES_AS = {"CA": "US"}


def phone_regions(regions: Sequence[str]) -> tuple[str, ...]:
    """``regions`` without those another of them already covers (``SAME_PHONES_AS``)."""
    return tuple(r for r in regions if SAME_PHONES_AS.get(r) not in regions)


@lru_cache(maxsize=8)
def _build_analyzer(model: str, language: str, key: str) -> AnalyzerEngine:
    configure_offline()
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    from anonymizers.detect.context import FastContextEnhancer

    policy = _POLICIES[key]
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": language, "model_name": model}],
            "ner_model_configuration": {
                "labels_to_ignore": [
                    "CARDINAL",
                    "EVENT",
                    "LANGUAGE",
                    "LAW",
                    "MONEY",
                    "ORDINAL",
                    "PERCENT",
                    "PRODUCT",
                    "QUANTITY",
                    "WORK_OF_ART",
                ],
            },
        }
    )
    nlp_engine = provider.create_engine()
    trim_pipeline(nlp_engine.get_nlp(language))  # type: ignore[attr-defined]
    lazy_artifacts(nlp_engine)
    wanted = set(presidio_entities(policy))
    registry = RecognizerRegistry(supported_languages=[language])
    registry.load_predefined_recognizers(languages=[language], nlp_engine=nlp_engine)
    registry.recognizers = [
        r
        for r in registry.recognizers
        if wanted.intersection(r.supported_entities)
        and not set(r.supported_entities) <= SWEPT_ENTITIES
    ]
    for recognizer in registry.recognizers:
        if isinstance(recognizer, PhoneRecognizer):
            recognizer.supported_regions = phone_regions(recognizer.supported_regions)
    for cfg in policy.detection.custom_recognizers:
        registry.add_recognizer(_custom_recognizer(cfg, language))
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[language],
        context_aware_enhancer=FastContextEnhancer(),
    )


def lazy_artifacts(engine: object) -> None:
    """Presidio's NLP artifacts of ``engine``'s docs, with their lemmas, token offsets and
    keywords worked out when first read instead of for every text.

    Presidio builds all three for every doc it hands over (a Python pass over the tokens
    each, and a vocabulary lookup per lemma for the keywords: a tenth of detection's
    time on the bench's texts), but only its context enhancer reads them, and only for a
    hit of a recogniser with context words (a phone, a licence number), which most texts
    do not have. Each is computed from the doc as Presidio computes it (its own
    ``set_keywords``), so the enhancer sees the same lists; entities and scores are
    Presidio's, made when the artifacts are."""
    lazy = _lazy_artifacts_class()

    def to_artifacts(doc: Doc, language: str) -> object:
        found = engine._get_entities(doc)  # type: ignore[attr-defined]
        scores = engine._get_scores_for_entities(doc)  # type: ignore[attr-defined]
        found, scores = engine._get_updated_entities(found, scores)  # type: ignore[attr-defined]
        return lazy(found, doc, engine, language, scores)

    engine._doc_to_nlp_artifact = to_artifacts  # type: ignore[attr-defined]


def batch_artifacts(
    engine: object, texts: Sequence[str], language: str, batch_size: int, n_process: int = 1
) -> Iterator[tuple[str, object]]:
    """``(text, artifacts)`` per text, as Presidio's ``process_batch`` gives them, with
    the text as given. Presidio hands back ``doc.text``, which spaCy rebuilds by joining
    every token's text (a Python object per token: a twentieth of detection's CPU on the
    bench's texts), and which is the input itself: spaCy's tokenisation keeps every
    character, so the two strings are equal."""
    from anonymizers.detect.sentence_ner import sentence_ner

    nlp = engine.get_nlp(language)  # type: ignore[attr-defined]
    docs = sentence_ner(nlp).docs(texts, batch_size, n_process)
    to_artifacts = engine._doc_to_nlp_artifact  # type: ignore[attr-defined]
    for text, doc in zip(texts, docs, strict=True):
        yield text, to_artifacts(doc, language)


@lru_cache(maxsize=1)
def _lazy_artifacts_class() -> type:
    from functools import cached_property

    from presidio_analyzer.nlp_engine import NlpArtifacts

    class LazyArtifacts(NlpArtifacts):
        """``NlpArtifacts`` whose lemmas, token offsets and keywords wait to be read."""

        def __init__(self, entities, tokens, nlp_engine, language, scores):  # type: ignore[no-untyped-def]
            self.entities = entities
            self.tokens = tokens
            self.nlp_engine = nlp_engine
            self.language = language
            self.scores = scores if scores else [0.85] * len(entities)

        @cached_property
        def lemmas(self) -> list[str]:
            return [token.lemma_ for token in self.tokens]

        @cached_property
        def tokens_indices(self) -> list[int]:
            return [token.idx for token in self.tokens]

        @cached_property
        def keywords(self) -> list[str]:
            return self.set_keywords(self.nlp_engine, self.lemmas, self.language)

    return LazyArtifacts


#: Components no detection reads. Presidio reads entities, tokens and lemmas; the rules
#: read fine-grained tags (``tag_``, the tagger's own output). The dependency parse is
#: the slowest component; the rule lemmatizer and the attribute ruler (coarse POS, which
#: only the lemmatizer needs) cost a fifth of the pipeline between them.
_UNUSED_PIPES = ("parser", "senter", "lemmatizer", "attribute_ruler")
#: Components that stay loaded but out of the pass over every text: the tagger (and the
#: tok2vec only it listens to) runs on windows around the tokens whose tag a rule reads
#: (``detect/tagging.py``), a third of the pass saved with the same tags.
ON_DEMAND_PIPES = ("tok2vec", "tagger")
LEMMA_PIPE = "safeset_lemma_from_lower"


def trim_pipeline(nlp: Language) -> Language:
    """Turn off what detection never reads; lemmas become the lower-cased token text.

    Lemmas feed only Presidio's context enhancer, which matches a recognizer's context
    word as a case-insensitive *substring* of the words around a hit ('phone' in
    'phones', 'call' in 'called'), so the lower-cased token serves as well as the rule
    lemma and costs one array copy instead of a Python lookup per token. Measured on the
    public evaluation texts and the benchmark's comments and chats (1,900 texts): the
    same spans and the same tags, detection 23% faster."""
    for name in (*_UNUSED_PIPES, *_on_demand(nlp)):
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    if LEMMA_PIPE not in nlp.pipe_names:
        _register_lemma_pipe()
        nlp.add_pipe(LEMMA_PIPE, last=True)
    return nlp


def _on_demand(nlp: Language) -> tuple[str, ...]:
    """``ON_DEMAND_PIPES``, unless the NER listens to the shared tok2vec (then it must run
    on every text; the tagger alone is still left out of the pass)."""
    from anonymizers.detect.tagging import listened_to

    return ("tagger",) if listened_to(nlp, "ner") else ON_DEMAND_PIPES


def _lemma_from_lower(doc: Doc) -> Doc:
    from spacy.attrs import LEMMA, LOWER

    if len(doc):
        doc.from_array([LEMMA], doc.to_array([LOWER]).reshape(-1, 1))
    return doc


def _register_lemma_pipe() -> None:
    from spacy.language import Language

    if LEMMA_PIPE not in Language.factories:
        Language.component(LEMMA_PIPE, func=_lemma_from_lower)


def _register(policy: Policy) -> None:
    _POLICIES.setdefault(_policy_key(policy), policy)
