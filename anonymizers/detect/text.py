"""Free-text span detection: known values first, then Presidio + spaCy, then text rules.

Why three layers: a value already seen in a structured column (a customer's name, phone
or id) is certain, and NER misses exactly those in chat text (a lone "Priya", an order
id, a name in capitals), so an Aho-Corasick pass over every known value runs first.
Presidio with a small spaCy model then finds what no column told us about, and the rules
in ``recognizers.py`` catch names in the shapes support text uses (greetings, sign-offs,
speaker labels, titles). Results are thresholded per entity, cleaned of false positives
(numbers as people, common words, allow-listed products) and made non-overlapping.

Nothing here touches the network: ``anonymizers.offline.configure_offline`` pins
tldextract to its bundled suffix list and the Hugging Face libraries to offline mode, and
the spaCy model is always given explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

import ahocorasick

from anonymizers.detect import recognizers as rules
from anonymizers.detect.lexicon import (
    ORG_WORDS,
    TITLE_WORDS,
    is_common_word,
    name_gazetteer,
    place_gazetteer,
)
from anonymizers.detect.patterns import iban_ok, luhn_ok, sweep
from anonymizers.offline import configure_offline
from anonymizers.policy import CustomRecognizer, Policy

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine
    from spacy.language import Language
    from spacy.tokens import Doc

Source = Literal["known", "ner", "pattern", "deny", "custom", "rule"]


class Span(NamedTuple):
    """A detected identifier in one text. ``review`` marks an uncertain span (still replaced)."""

    start: int
    end: int
    entity: str
    score: float
    source: str
    review: bool = False


# --- entity mapping ------------------------------------------------------------------

#: Presidio entity → ours. Anything not here is dropped unless the policy lists it.
_PRESIDIO_TO_OURS: dict[str, str] = {
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
    "DATE_OF_BIRTH": ("DATE_TIME",),
    "US_SSN": ("US_SSN", "US_ITIN"),
    "ID": ("MEDICAL_LICENSE",),
}
_NAME_ENTITIES = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME"})
_DATE_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\b\d{1,2}:\d{2}\b")
_BIRTH_CONTEXT = re.compile(
    r"(?i)\b(?:born|birth|dob|d\.o\.b|birthday|date of birth|b\.)(?:\s+(?:on|in|at))?\W*$"
)


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


@lru_cache(maxsize=8)
def _build_analyzer(model: str, language: str, key: str) -> AnalyzerEngine:
    configure_offline()
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider

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
    wanted = set(presidio_entities(policy))
    registry = RecognizerRegistry(supported_languages=[language])
    registry.load_predefined_recognizers(languages=[language], nlp_engine=nlp_engine)
    registry.recognizers = [
        r for r in registry.recognizers if wanted.intersection(r.supported_entities)
    ]
    for cfg in policy.detection.custom_recognizers:
        registry.add_recognizer(_custom_recognizer(cfg, language))
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[language],
        context_aware_enhancer=FastContextEnhancer(),
    )


#: Components no detection reads. Presidio reads entities, tokens and lemmas; the rules
#: read fine-grained tags (``tag_``, the tagger's own output). The dependency parse is
#: the slowest component; the rule lemmatizer and the attribute ruler (coarse POS, which
#: only the lemmatizer needs) cost a fifth of the pipeline between them.
_UNUSED_PIPES = ("parser", "senter", "lemmatizer", "attribute_ruler")
LEMMA_PIPE = "safeset_lemma_from_lower"


def trim_pipeline(nlp: Language) -> Language:
    """Turn off what detection never reads; lemmas become the lower-cased token text.

    Lemmas feed only Presidio's context enhancer, which matches a recognizer's context
    word as a case-insensitive *substring* of the words around a hit ('phone' in
    'phones', 'call' in 'called'), so the lower-cased token serves as well as the rule
    lemma and costs one array copy instead of a Python lookup per token. Measured on the
    public evaluation texts and the benchmark's comments and chats (1,900 texts): the
    same spans and the same tags, detection 23% faster."""
    for name in _UNUSED_PIPES:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    if LEMMA_PIPE not in nlp.pipe_names:
        _register_lemma_pipe()
        nlp.add_pipe(LEMMA_PIPE, last=True)
    return nlp


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


# --- Aho-Corasick matching ------------------------------------------------------------


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


class _Matcher:
    """Case-insensitive whole-word dictionary search; longest match wins."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, int]] = {}
        self._auto: ahocorasick.Automaton | None = None

    def add(self, value: str, entity: str, rank: int) -> None:
        key = _lower_same_length(" ".join(value.split()))
        if not key:
            return
        old = self._entries.get(key)
        if old is None or rank < old[1]:
            self._entries[key] = (entity, rank)
            self._auto = None

    def __len__(self) -> int:
        return len(self._entries)

    def _automaton(self) -> ahocorasick.Automaton:
        if self._auto is None:
            auto = ahocorasick.Automaton()
            for key, (entity, rank) in self._entries.items():
                auto.add_word(key, (len(key), entity, rank, key))
            auto.make_automaton()
            self._auto = auto
        return self._auto

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, entity, key) for each whole-word match, longest first, no overlaps."""
        if not self._entries or not text:
            return []
        low = _lower_same_length(text)
        # Collapse whitespace runs so "Greta  Kowalski" and "Greta\nKowalski" still match.
        hits: list[tuple[int, int, str, int, str]] = []
        for end_idx, (length, entity, rank, key) in self._automaton().iter(low):
            start, end = end_idx - length + 1, end_idx + 1
            if _is_word(key[0]) and start > 0 and _is_word(low[start - 1]):
                continue
            if _is_word(key[-1]) and end < len(low) and _is_word(low[end]):
                continue
            hits.append((start, end, entity, rank, key))
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[3], h[0]))
        taken: list[tuple[int, int, str, str]] = []
        for start, end, entity, _rank, key in hits:
            if all(end <= s or start >= e for s, e, _, _ in taken):
                taken.append((start, end, entity, key))
        return sorted(taken)


#: Ranks: lower wins when the same string is known under two entity types.
_RANK = {"PERSON": 0, "EMAIL_ADDRESS": 1, "ID": 2, "LAST_NAME": 5, "FIRST_NAME": 6}
_PHONE_CANDIDATE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{5,22}\d(?!\w)")


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


class KnownValues:
    """Values from the bundle's structured sensitive columns, to find again in free text.

    A name column value becomes the full name (PERSON) plus its parts (FIRST_NAME /
    LAST_NAME), so "Priya" in a chat is found when the customers table has "Priya Nair".
    Phones are compared as digits, so "(415) 555-0134" finds "415.555.0134" and "+1 415
    555 0134"."""

    def __init__(self, policy: Policy) -> None:
        self.min_length = policy.detection.min_known_length
        self._matcher = _Matcher()
        self._phones: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._matcher) + len(self._phones)

    def add(self, entity: str, value: str) -> None:
        """Remember one structured value of ``entity`` type."""
        if value is None:
            return
        value = " ".join(str(value).split())
        if not value:
            return
        if entity == "PHONE_NUMBER":
            digits = _digits(value)
            if len(digits) >= 7:
                self._phones[digits[-10:]] = entity
            if len(value) >= max(self.min_length, 7):
                self._matcher.add(value, entity, 3)
            return
        if entity in _NAME_ENTITIES:
            self._add_name(entity, value)
            return
        if len(value) >= self.min_length:
            self._matcher.add(value, entity, _RANK.get(entity, 4))

    def _add_name(self, entity: str, value: str) -> None:
        if "," in value and entity == "PERSON":
            last, _, first = value.partition(",")
            value_parts = [*first.split(), *last.split()]
            self._matcher.add(f"{first.strip()} {last.strip()}", "PERSON", 0)
        else:
            value_parts = value.split()
        parts = [p.strip(".") for p in value_parts if p.strip(".").lower() not in TITLE_WORDS]
        if entity == "PERSON" and len(parts) >= 2:
            self._matcher.add(value, "PERSON", 0)
            self._matcher.add(" ".join(parts), "PERSON", 0)
        for i, part in enumerate(parts):
            if len(part) < self.min_length or not any(c.isalpha() for c in part):
                continue
            if entity == "PERSON":
                ent = "FIRST_NAME" if i < len(parts) - 1 or len(parts) == 1 else "LAST_NAME"
            else:
                ent = entity
            self._matcher.add(part, ent, _RANK[ent])
            # Hyphenated parts also appear alone ("Ashby-Fenwick" → "Ashby").
            for sub in re.split(r"-", part) if "-" in part else ():
                if len(sub) >= self.min_length:
                    self._matcher.add(sub, ent, _RANK[ent])

    def find(self, text: str) -> list[Span]:
        """Known values in ``text``: whole words, case-insensitive, longest match wins."""
        spans: list[Span] = []
        for start, end, entity, key in self._matcher.find(text):
            if entity in _NAME_ENTITIES and not self._part_ok(text[start:end], key):
                continue
            spans.append(Span(start, end, entity, 1.0, "known"))
        if self._phones:
            for m in _PHONE_CANDIDATE.finditer(text):
                digits = _digits(m.group(0))
                if len(digits) >= 7 and digits[-10:] in self._phones:
                    s, e = m.start(), m.end()
                    if all(e <= x.start or s >= x.end for x in spans):
                        spans.append(Span(s, e, "PHONE_NUMBER", 1.0, "known"))
        return sorted(spans)

    @staticmethod
    def _part_ok(found: str, key: str) -> bool:
        """A name part that is also an everyday word ('Will', 'Grant') counts only when
        the text capitalises it — in lower case it is the word, not the person."""
        if not any(is_common_word(w) for w in key.split()):
            return True
        return all(w[:1].isupper() for w in found.split())


# --- the detector -------------------------------------------------------------------


class TextDetector:
    """Finds identifier spans in many texts at once; see the module docstring for layers."""

    def __init__(self, policy: Policy, known: KnownValues | None = None) -> None:
        self.policy = policy
        self.known = known
        self.entities = set(policy.detection.entities)
        self.entities.update(c.entity for c in policy.detection.custom_recognizers)
        self.entities.update(policy.detection.deny_list)
        _register(policy)
        self.analyzer = build_analyzer(policy)
        self._presidio_entities = presidio_entities(policy)
        self._allow = _Matcher()
        for value in policy.detection.allow_list:
            self._allow.add(value, "ALLOW", 0)
        self._deny = _Matcher()
        for entity, values in policy.detection.deny_list.items():
            for value in values:
                self._deny.add(value, entity, 0)
        #: Spans in the review band from the last ``detect`` call, per input text index.
        self.review_items: list[tuple[int, Span]] = []

    # -- public -----------------------------------------------------------------------

    def detect(self, texts: Sequence[str], with_review: bool = False):  # type: ignore[no-untyped-def]
        """Spans per text (sorted, non-overlapping). With ``with_review`` also return the
        (text index, span) pairs whose score is in the review band."""
        uniq: dict[str, int] = {}
        order: list[str] = []
        for t in texts:
            if t not in uniq:
                uniq[t] = len(order)
                order.append(t)
        results = self._detect_unique(order)
        out = [results[uniq[t]] for t in texts]
        self.review_items = [(i, s) for i, spans in enumerate(out) for s in spans if s.review]
        if with_review:
            return out, self.review_items
        return out

    def tag_values(self, values: Sequence[str]) -> list[str | None]:
        """The entity covering (almost) all of each short value, for column classification."""
        out: list[str | None] = []
        for value, spans in zip(values, self.detect(values), strict=True):
            text_len = len(value.strip()) or 1
            best = max(spans, key=lambda s: s.end - s.start, default=None)
            ok = best is not None and (best.end - best.start) / text_len >= 0.8
            out.append(best.entity if ok and best else None)
        return out

    # -- internals --------------------------------------------------------------------

    def _detect_unique(self, texts: list[str]) -> list[list[Span]]:
        cfg = self.policy.detection
        candidates: list[list[Span]] = [[] for _ in texts]
        for i, text in enumerate(texts):
            if self.known is not None:
                candidates[i].extend(self.known.find(text))
            candidates[i].extend(
                Span(s, e, ent, 1.0, "deny") for s, e, ent, _ in self._deny.find(text)
            )
            candidates[i].extend(self._rule_spans(text))
        self._ner(texts, candidates)
        out: list[list[Span]] = []
        for text, spans in zip(texts, candidates, strict=True):
            spans = self._clean(text, spans)
            if self.entities & _NAME_ENTITIES:
                spans = _person_context(text, spans)
            spans = _org_guard(text, spans)
            spans = [s for s in spans if s.score >= cfg.threshold(s.entity) or s.source == "deny"]
            spans = self._drop_allowed(text, spans)
            spans = _prefer_known(text, spans)
            spans = [_trim_possessive(text, s) for s in _resolve(spans)]
            out.append(
                [
                    s._replace(review=cfg.review_low <= s.score < cfg.review_high)
                    if s.source not in ("known", "deny")
                    else s
                    for s in spans
                ]
            )
        return out

    def _rule_spans(self, text: str) -> list[Span]:
        out: list[Span] = []
        if self.entities & _NAME_ENTITIES:
            for s, e, ent, score in (
                *rules.title_names(text),
                *rules.greeting_names(text),
                *rules.speaker_names(text),
                *rules.intro_names(text),
                *rules.subject_names(text),
                *rules.initial_names(text),
                *rules.kin_names(text),
            ):
                out.append(Span(s, e, ent, score, "rule"))
        if "ADDRESS" in self.entities or "LOCATION" in self.entities:
            # Lines in lower case or capitals: the same rules again on a copy with names
            # re-capitalised (same length, so offsets carry over).
            variant = rules.case_variant(text)
            found = rules.address_spans(text)
            if variant:
                found += rules.address_spans(variant)
            for s, e, _ent, score in found:
                ent = "ADDRESS" if "ADDRESS" in self.entities else "LOCATION"
                out.append(Span(s, e, ent, score, "rule"))
        for s, e, ent, score in rules.context_numbers(text):
            if ent in self.entities:
                out.append(Span(s, e, ent, score, "pattern"))
        for s, e, ent in sweep(text, include_invalid_ssn=False):
            if ent in self.entities:
                out.append(Span(s, e, ent, 0.95, "pattern"))
        return out

    def _ner(self, texts: list[str], candidates: list[list[Span]]) -> None:
        lang = self.policy.language
        nlp_engine = self.analyzer.nlp_engine
        bs = self.policy.nlp.batch_size
        arts = nlp_engine.process_batch(
            texts, lang, batch_size=bs, n_process=self.policy.nlp.n_process
        )
        names_wanted = bool(self.entities & _NAME_ENTITIES)
        places_wanted = self._wanted("LOCATION")
        place_entity = "LOCATION" if "LOCATION" in self.entities else "ADDRESS"
        variant_at = {i: v for i, t in enumerate(texts) if (v := rules.case_variant(t))}
        originals: dict[int, object] = {}
        for i, (text, art) in enumerate(arts):
            if i in variant_at:
                originals[i] = art.tokens
            if places_wanted:
                # A place slot holds a place unless NER reads the phrase as something else
                # ('in Zendesk' is a product, 'in French' a language).
                blocked = [
                    (e.start_char, e.end_char)
                    for e in art.entities
                    if e.label_ in _NOT_PLACE_LABELS
                ]
                for s, e, ent, sc in (*rules.slot_places(text), *rules.named_streets(text)):
                    if not any(a < e and s < b for a, b in blocked):
                        ent = (
                            "ADDRESS"
                            if ent == "ADDRESS" and self._wanted("ADDRESS")
                            else place_entity
                        )
                        candidates[i].append(Span(s, e, ent, sc, "rule"))
            if names_wanted:
                for a, b in _org_lists(text, art.entities):
                    candidates[i].append(Span(a, b, "ORGANIZATION", 0.0, "org"))
                for s, e, ent, sc in rules.gazetteer_names(art.tokens):
                    candidates[i].append(Span(s, e, ent, sc, "rule"))
            results = self.analyzer.analyze(
                text=text,
                language=lang,
                entities=self._presidio_entities,
                nlp_artifacts=art,
                score_threshold=0.0,
            )
            for r in results:
                ent = self._map(r.entity_type, text, r.start)
                if ent is None:
                    continue
                source = (
                    "custom"
                    if str(r.recognition_metadata.get("recognizer_name", "")).startswith("custom:")
                    else "ner"
                )
                candidates[i].append(Span(r.start, r.end, ent, float(r.score), source))
        # Texts in ALL CAPS or all lower case: NER again on a re-capitalised copy.
        variants = list(variant_at.items())
        if not variants or not (self.entities & (_NAME_ENTITIES | {"LOCATION", "ADDRESS"})):
            return
        vtexts = [v for _, v in variants]
        for (i, _v), (_text, art) in zip(
            variants, nlp_engine.process_batch(vtexts, lang, batch_size=bs), strict=True
        ):
            for ent in art.entities:
                mapped = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION"}.get(ent.label_)
                if mapped == "PERSON" and _not_name_pos(originals[i], ent.start_char, ent.end_char):
                    continue
                if mapped and self._wanted(mapped):
                    candidates[i].append(Span(ent.start_char, ent.end_char, mapped, 0.6, "ner"))

    def _wanted(self, entity: str) -> bool:
        if entity == "PERSON":
            return bool(self.entities & _NAME_ENTITIES)
        if entity == "LOCATION":
            return bool(self.entities & {"LOCATION", "ADDRESS"})
        return entity in self.entities

    def _map(self, presidio_type: str, text: str, start: int) -> str | None:
        ours = _PRESIDIO_TO_OURS.get(presidio_type, presidio_type)
        if ours == "DATE":
            if "DATE" in self.entities:
                return "DATE"
            # A date is personal here only as a birth date; event dates stay.
            if "DATE_OF_BIRTH" in self.entities and _BIRTH_CONTEXT.search(
                text[max(0, start - 30) : start]
            ):
                return "DATE_OF_BIRTH"
            return None
        if ours == "LOCATION" and "LOCATION" not in self.entities:
            return "ADDRESS" if "ADDRESS" in self.entities else None
        return ours if self._wanted(ours) else None

    def _clean(self, text: str, spans: Iterable[Span]) -> list[Span]:
        """False-positive guards and span repairs for NER and rule output."""
        out: list[Span] = []
        for s in spans:
            if s.source in ("known", "deny"):
                out.append(s)
                continue
            if s.entity == "PHONE_NUMBER" and _DATE_TIME_RE.search(text[s.start : s.end]):
                continue
            if s.entity == "PERSON":
                fixed = _fix_person(text, s)
                if fixed is None:
                    continue
                s = fixed
            out.append(s)
        # NER's place over exactly the words a name rule found ("Customer: Isa Brandt,
        # 4 Elm Row") is the person: kept out of the glue, or the name would become part
        # of the address.
        cued = {(s.start, s.end) for s in out if s.entity in _NAME_ENTITIES and s.source == "rule"}
        places = place_gazetteer()
        out = [
            s
            for s in out
            if not (
                s.entity in ("LOCATION", "ADDRESS")
                and s.source == "ner"
                and (s.start, s.end) in cued
                and text[s.start : s.end].lower() not in places
            )
        ]
        # Glue places and postcodes into addresses (one fake per address, no stray zip).
        locs = [s for s in out if s.entity in ("LOCATION", "ADDRESS")]
        if locs:
            rest = [s for s in out if s.entity not in ("LOCATION", "ADDRESS")]
            merged = rules.join_locations(text, [(s.start, s.end, s.entity, s.score) for s in locs])
            # A rule's place over the same words as NER's keeps "rule": the place rules
            # (slots, site nouns) must be able to beat a guessed name later on.
            src: dict[tuple[int, int], str] = {}
            for s in sorted(locs, key=lambda s: _SOURCE_RANK.get(s.source, 0)):
                src[(s.start, s.end)] = s.source
            out = rest + [Span(a, b, e, sc, src.get((a, b), "ner")) for a, b, e, sc in merged]
        return out

    def _drop_allowed(self, text: str, spans: list[Span]) -> list[Span]:
        if not len(self._allow):
            return spans
        allowed = [(s, e) for s, e, _, _ in self._allow.find(text)]
        if not allowed:
            return spans
        return [
            s
            for s in spans
            if s.source == "deny" or not any(a <= s.start and s.end <= b for a, b in allowed)
        ]


#: NER labels that make a capitalised phrase in a place slot something other than a place.
_NOT_PLACE_LABELS = frozenset(
    {"ORG", "PRODUCT", "NORP", "LANGUAGE", "DATE", "TIME", "EVENT", "WORK_OF_ART", "LAW",
     "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"}
)  # fmt: skip

#: Tags the tagger gives a lower-case word that is not a name ("sing", "retired").
_NOT_NAME_TAGS = ("VB", "RB", "MD", "IN", "DT", "PRP", "CC", "W", "TO", "UH", "RP")


def _not_name_pos(doc, start: int, end: int) -> bool:  # type: ignore[no-untyped-def]
    """True when a name guessed on the re-capitalised copy covers a word that the tagger,
    reading the original letters, calls a verb, adverb or function word: re-capitalising
    'sing it with me' makes NER see a 'Sing', but the original says it is a verb."""
    for tok in doc:
        if tok.idx >= end:
            break
        if tok.idx + len(tok.text) > start and tok.tag_.startswith(_NOT_NAME_TAGS):
            return True
    return False


_LIST_JOIN = re.compile(
    r"^[^\W\d_][\w'’-]*(?:(?:\s*,\s*|\s+(?:and|&)\s+|\s*&\s*)[^\W\d_][\w'’-]*)+$"
)


def _org_lists(text: str, ents) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Organisations named as a list of surnames ('Hartley, Quinn and Pell', 'Pryce &
    Ludlow'): the tagger calls the whole list ORG, while the name list knows every part. The
    parts are no people to replace; a person cue (title, greeting, intro) still wins."""
    out: list[tuple[int, int]] = []
    for ent in ents:
        if ent.label_ != "ORG":
            continue
        value = text[ent.start_char : ent.end_char]
        if "\n" not in value and _LIST_JOIN.match(value):
            out.append((ent.start_char, ent.end_char))
    return out


def _guessed_name(s: Span) -> bool:
    """A name NER or a weak rule guessed, as opposed to one a cue, a known value or a
    deny list vouches for: the kind an organisation word or a place slot may overrule."""
    return s.entity in _NAME_ENTITIES and (
        s.source == "ner" or (s.source == "rule" and s.score < 0.7)
    )


def _org_guard(text: str, spans: list[Span]) -> list[Span]:
    """Drop guessed names inside an organisation list or right before an organisation word
    ('Pruitt Ltd.', 'Cousin Mabel Inc'). Known values, deny lists and cued names stay."""
    orgs = [s for s in spans if s.source == "org"]
    out: list[Span] = []
    for s in spans:
        if s.source == "org":
            continue
        if _guessed_name(s):
            if any(o.start <= s.start and s.end <= o.end for o in orgs):
                continue
            nxt = re.match(r"[ \t]*([^\W\d_]+)", text[s.end :])
            if nxt and nxt.group(1).lower() in ORG_WORDS:
                continue
        out.append(s)
    return out


def _fix_person(text: str, span: Span) -> Span | None:
    """Trim greeting words off a PERSON span, extend it over O'/-parts, drop non-names."""
    start, end = span.start, span.end
    # A name never runs over a line break, a colon or a quote: 'Maren Solberg\n\nHAMAR' or
    # 'nadia:"i'm ...' are a name and something else; keep the name part.
    cut = re.search(r"\n|:|\"|\s>", text[start:end])
    if cut:
        end = start + cut.start()
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and (
        is_common_word(words[0].group(0)) or words[0].group(0).rstrip(".").lower() in TITLE_WORDS
    ):
        words.pop(0)
    while words and is_common_word(words[-1].group(0).rstrip(",.:;!?")):
        words.pop()
    if not words:
        return None
    start, end = span.start + words[0].start(), span.start + words[-1].end()
    while end > start and text[end - 1] in ",.:;!?)":
        end -= 1
    value = text[start:end]
    if not any(c.isalpha() for c in value) or sum(c.isdigit() for c in value) > 0:
        return None
    if "@" in value or "://" in value:
        return None
    start, end = rules.extend_name(text, start, end)
    return span._replace(start=start, end=end)


_POSSESSIVE = re.compile(r"['’][sS]$")


def _trim_possessive(text: str, span: Span) -> Span:
    """ "Priya's desk": the name is "Priya". A possessive kept in the span would be faked
    as part of the name ("Page'b") and break consistency with the bare name."""
    if (
        span.entity in _NAME_ENTITIES
        and span.end - span.start > 3
        and _POSSESSIVE.search(text[span.start : span.end])
    ):
        return span._replace(end=span.end - 2)
    return span


_EMAIL_NAME = re.compile(r"([^\W\d_]{2,})[._-]([^\W\d_]{2,})\d*@")


def _email_name_parts(text: str, spans: list[Span]) -> set[str]:
    """'ingrid.falk@…' in a text says Ingrid and Falk are a person's names: their
    capitalised mentions elsewhere in the same text are found like a name NER tagged once
    ("This is Ingrid Falk", "Thanks, Ingrid"). Only the first.last shape counts; a role
    address (sales.team@, info@) is no person."""
    out: set[str] = set()
    for s in spans:
        if s.entity != "EMAIL_ADDRESS":
            continue
        m = _EMAIL_NAME.match(text, s.start, s.end)
        if m and not any(is_common_word(p) or p.lower() in ORG_WORDS for p in m.groups()):
            out.update(p.title() for p in m.groups() if len(p) >= 3)
    return out


_NAME_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")


def _person_context(text: str, spans: list[Span]) -> list[Span]:
    """Use what the text already says about who is a person.

    - A token that NER calls a place but the name list knows as a person ('Imogen'
      tagged GPE) and no place list knows is a person.
    - Document-level propagation: once 'Dilnoza Karimova' is a person, every other capitalised
      'Dilnoza' or 'Karimova' in the same text is too (NER tags the first mention and misses
      the later lone surname).
    """
    persons = [s for s in spans if s.entity in _NAME_ENTITIES]
    from_emails = _email_name_parts(text, spans)
    if not persons and not from_emails:
        return spans
    places = place_gazetteer()
    person_at = {(s.start, s.end) for s in persons}

    def bare(s: Span) -> tuple[int, int]:
        # NER often takes the possessive into a place: "Ottilie Sjöberg's" as GPE.
        end = s.end - 2 if _POSSESSIVE.search(text[s.start : s.end]) else s.end
        return s.start, end

    def place_slot(s: Span) -> bool:
        return rules.retype_as_place(text, *bare(s))

    spans = [
        s
        for s in spans
        if not (
            s.entity in ("LOCATION", "ADDRESS")
            and s.source == "ner"
            and bare(s) in person_at
            and text[bare(s)[0] : bare(s)[1]].lower() not in places
            and not place_slot(s)
        )
    ]
    spans = _place_beats_guess(text, spans)
    persons = [s for s in spans if s.entity in _NAME_ENTITIES]
    tokens: set[str] = set()
    for p in persons:
        for m in _NAME_TOKEN.finditer(text, p.start, p.end):
            tok = m.group(0)
            if len(tok) >= 3 and tok[:1].isupper() and not is_common_word(tok):
                tokens.add(tok)
    tokens |= from_emails
    if not tokens:
        return spans
    pattern = re.compile(
        r"(?<![\w'’-])(?:"
        + "|".join(map(re.escape, sorted(tokens, key=len, reverse=True)))
        + r")(?![\w-])"
    )
    added: list[Span] = []
    for m in pattern.finditer(text):
        a, b = m.start(), m.end()
        over = [s for s in spans if s.start < b and a < s.end]
        if all(s.entity in ("LOCATION", "ADDRESS") and s.source == "ner" for s in over):
            spans = [s for s in spans if s not in over or (s.start, s.end) != (a, b)]
            if not any(s.start < b and a < s.end for s in spans):
                added.append(Span(a, b, "PERSON", 0.6, "rule"))
    spans = spans + added
    coord: list[Span] = []
    for p in [s for s in spans if s.entity in _NAME_ENTITIES]:
        for a, b in rules.coordinated_names(text, p.start, p.end):
            over = [s for s in spans + coord if s.start < b and a < s.end]
            # 'three friends: Okonkwo, Hartmann and Delgado': NER may call the one unfamiliar
            # surname a place; listed with people and unknown to the place lists, it is a
            # person too.
            guessed_place = [
                s
                for s in over
                if s.entity in ("LOCATION", "ADDRESS")
                and s.source == "ner"
                and (s.start, s.end) == (a, b)
                and text[a:b].lower() not in places
            ]
            if len(guessed_place) == len(over):
                spans = [s for s in spans if s not in guessed_place]
                coord.append(Span(a, b, "PERSON", 0.5, "rule"))
    return spans + coord


_MOTION_CUE = re.compile(
    r"(?i)\b(?:flew|fly|flying|moved|moving|arrived|arriving|travell?ed|relocated|returned|"
    r"lives?|living|based|located|born)[ \t]+(?:back[ \t]+)?(?:to|in|at|from|into)[ \t]+$"
)


def _place_beats_guess(text: str, spans: list[Span]) -> list[Span]:
    """A place rule and a guessed name over the same words ('arrived at Ptuj' tagged
    PERSON): the place wins when the place list knows the word and the name list does
    not, when a motion verb stands right before it ('flew to Preston'), or when the name
    is a guess standing in a place slot (``rules.retype_as_place``). A guessed name in a
    bare 'in' slot ('a year in Hollowmere') becomes a place even without a place rule.
    The winning place keeps the name's score: a threshold or a reviewer's verdict on
    places must not let a would-be name through."""
    places, names = place_gazetteer(), name_gazetteer()
    rule_places = {
        (s.start, s.end)
        for s in spans
        if s.entity in ("LOCATION", "ADDRESS") and s.source == "rule"
    }
    place_entity = next(
        (s.entity for s in spans if s.entity in ("LOCATION", "ADDRESS")), "LOCATION"
    )
    out: list[Span] = []
    raised: dict[tuple[int, int], float] = {}
    for s in spans:
        guess = _guessed_name(s)
        at = (s.start, s.end)
        if s.entity in _NAME_ENTITIES and at in rule_places and s.source in ("ner", "rule"):
            word = text[s.start : s.end].lower()
            if (
                (word in places and word not in names)
                or _MOTION_CUE.search(text[max(0, s.start - 40) : s.start])
                or (guess and rules.retype_as_place(text, s.start, s.end))
            ):
                raised[at] = max(raised.get(at, 0.0), s.score)
                continue
        elif (
            guess
            and s.source == "ner"
            and rules.place_cue(text, s.start) == "weak"
            and rules.retype_as_place(text, s.start, s.end)
        ):
            out.append(s._replace(entity=place_entity))
            continue
        out.append(s)
    if raised:
        out = [
            s._replace(score=max(s.score, raised[(s.start, s.end)]))
            if s.entity in ("LOCATION", "ADDRESS") and (s.start, s.end) in raised
            else s
            for s in out
        ]
    return out


#: Higher wins ties between equally long spans over the same text.
_SOURCE_RANK = {"deny": 5, "known": 4, "custom": 3, "pattern": 3, "rule": 2, "ner": 1}


_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*)$")


def _prefer_known(text: str, spans: list[Span]) -> list[Span]:
    """A guessed name that contains a known name is cut back to what is known.

    NER reads "Contact Akinlabi at ..." as one person "Contact Akinlabi"; faking that
    whole span replaces "Contact" and breaks consistency with the known "Akinlabi". The
    extra words stay names (own spans) only if they look like names: in the name list,
    or capitalised mid-sentence and not a common word."""
    known = [s for s in spans if s.source == "known" and s.entity in _NAME_ENTITIES]
    if not known:
        return spans
    out: list[Span] = []
    for s in spans:
        inner = [k for k in known if s.start <= k.start and k.end <= s.end and k != s]
        if s.source in ("known", "deny") or s.entity not in _NAME_ENTITIES or not inner:
            out.append(s)
            continue
        for m in re.finditer(r"[^\W\d_][\w'’.-]*", text[s.start : s.end]):
            a, b = s.start + m.start(), s.start + m.end()
            if any(k.start < b and a < k.end for k in inner):
                continue
            word = m.group(0)
            named = word.lower().strip(".") in name_gazetteer()
            mid_sentence = not _SENTENCE_START.search(text[:a])
            if not is_common_word(word) and (named or (mid_sentence and word[0].isupper())):
                out.append(Span(a, b, "LAST_NAME" if a >= inner[0].end else "FIRST_NAME",
                                s.score, s.source, s.review))  # fmt: skip
    return out


def _resolve(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans: longest first, then the more certain source and score.

    A shorter span that sticks out of a kept one widens it instead of being dropped:
    half an identifier left in the text is still a leak."""
    ordered = sorted(
        spans, key=lambda s: (-(s.end - s.start), -s.score, -_SOURCE_RANK.get(s.source, 0))
    )
    kept: list[Span] = []
    for s in ordered:
        overlapping = [k for k in kept if s.start < k.end and k.start < s.end]
        if not overlapping:
            kept.append(s)
            continue
        for k in overlapping:
            if s.start < k.start or s.end > k.end:
                kept.remove(k)
                kept.append(k._replace(start=min(k.start, s.start), end=max(k.end, s.end)))
                break
    # Widening can create new overlaps; fold them.
    kept.sort()
    merged: list[Span] = []
    for s in kept:
        if merged and s.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = last._replace(end=max(last.end, s.end))
        else:
            merged.append(s)
    return merged
