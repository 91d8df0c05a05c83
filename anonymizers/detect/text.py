"""Free-text span detection: known values first, then Presidio + spaCy, then text rules.

Why three layers: a value already seen in a structured column (a customer's name, phone
or id) is certain, and NER misses exactly those in chat text (a lone "Priya", an order
id, a name in capitals), so the known values (``known.py``) are searched first. Presidio
with a small spaCy model (``nlp.py``) then finds what no column told us about, and the
rules in ``recognizers/`` catch names and places in the shapes support text uses
(greetings, sign-offs, speaker labels, titles, address blocks). Results are cleaned and
merged (``spans.py``), settled as person, place or organisation from the rest of the text
(``disambiguate.py``), thresholded per entity and made non-overlapping.

Nothing here touches the network: ``anonymizers.offline.configure_offline`` pins
tldextract to its bundled suffix list and the Hugging Face libraries to offline mode, and
the spaCy model is always given explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from functools import cache
from itertools import islice
from typing import Any

from anonymizers.detect.casing import case_variant
from anonymizers.detect.date_guard import dates_stay, months_stay
from anonymizers.detect.disambiguate import (
    after_determiner,
    not_name_pos,
    org_guard,
    org_lists,
    person_context,
    tokens_over,
)
from anonymizers.detect.everyday import drop_everyday
from anonymizers.detect.known import KnownValues, Matcher, unkeyed_short_id
from anonymizers.detect.languages import foreign_stop_words, stop_words
from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    ORG_WORDS,
    first_name_gazetteer,
    is_common_word,
    name_gazetteer,
    place_gazetteer,
    word_list,
)
from anonymizers.detect.nlp import (
    PRESIDIO_TO_OURS,
    batch_artifacts,
    build_analyzer,
    presidio_entities,
)
from anonymizers.detect.particles import join_particles
from anonymizers.detect.patterns import sweep
from anonymizers.detect.pieces import detect_in_pieces
from anonymizers.detect.recognizers import (
    account_numbers,
    addresses,
    birth_dates,
    coordinates,
    file_names,
    hl7,
    labelled_names,
    listed_names,
    names,
    national_ids,
    numbers,
    obfuscated,
    phones,
    places,
    transcripts,
    usernames,
)
from anonymizers.detect.spans import (
    LETTER_WORD,
    NAME_ENTITIES,
    NAME_INSIDE,
    Span,
    clean,
    prefer_known,
    resolve,
    trim_possessive,
)
from anonymizers.detect.tagging import window_tagger
from anonymizers.detect.technical_tokens import drop_in_technical
from anonymizers.detect.url_encoding import Decoded, html_read
from anonymizers.policy import Policy

#: NER labels that make a capitalised phrase in a place slot something other than a place.
_NOT_PLACE_LABELS = frozenset(
    {"ORG", "PRODUCT", "NORP", "LANGUAGE", "DATE", "TIME", "EVENT", "WORK_OF_ART", "LAW",
     "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"}
)  # fmt: skip


#: A product token or revision right before a dotted number: 'rv:1.9.5.20', 'Chrome/1.2.3.4'.
_VERSION_BEFORE = re.compile(r"(?:\brv:|(?<![/\w.-])[A-Za-z][\w.-]*/)$")


#: Docs tagged in one pass (``_tagged``): a pass costs per call, and a block's docs are
#: held until their rules have run.
_TAG_BLOCK = 256

#: Six digits with at most three phone separators between each: the least a phone needs.
_PHONE_DIGITS = re.compile(r"\d(?:[\s().\-/+]{0,3}\d){5}")


def _slot_source(value: str) -> str:
    """A name in lower case that a slot vouches for (a title, a greeting, a mail header, a
    form field, a chat speaker: the name list knows it, or it is a handle) is no everyday
    word, whatever the veto on lower-case words in a capitalised line says ('Danke Hr.
    liebelt', 'Hej ida'): "slot" spans skip that veto."""
    return "slot" if value.islower() else "rule"


def _blanked(text: str, spans: list[Span]) -> str:
    """``text`` with each span's characters as spaces: offsets stay, candidates go."""
    if not spans:
        return text
    chars = list(text)
    for sp in spans:
        chars[sp.start : sp.end] = " " * (sp.end - sp.start)
    return "".join(chars)


def _known_kept_whole(known: list[Span], spans: list[Span]) -> list[Span]:
    """``spans`` with each known value that a kept span overlaps but no longer covers.

    A known town inside a guess is merged into it ("Travessa Borges, 47, Vila Real de
    Santo António", NER's place), and the guess may then be trimmed ("de Santo António"
    read as everyday words): the known value lost its tail, which stayed in the text,
    "António" a customer's first name. Added back, it widens the kept span again
    (``resolve``). A known value no kept span touches was dropped on purpose (an allowed
    value, one inside a user agent) and stays dropped."""
    lost = [
        k for k in known
        if any(s.start < k.end and k.start < s.end for s in spans)
        and not any(s.start <= k.start and k.end <= s.end for s in spans)
    ]  # fmt: skip
    return [*spans, *lost] if lost else spans


def _version_ip(text: str, span: Span) -> bool:
    """An 'IP address' that is a version number in machine text ('Gecko rv:1.9.5.20')."""
    return span.entity == "IP_ADDRESS" and bool(
        _VERSION_BEFORE.search(text, max(0, span.start - 40), span.start)
    )


class TextDetector:
    """Finds identifier spans in many texts at once; see the module docstring for layers."""

    def __init__(self, policy: Policy, known: KnownValues | None = None) -> None:
        self.policy = policy
        self.known = known
        self.entities = set(policy.detection.entities)
        self.entities.update(c.entity for c in policy.detection.custom_recognizers)
        self.entities.update(policy.detection.deny_list)
        self.analyzer = build_analyzer(policy)
        self._presidio_entities = presidio_entities(policy)
        self._no_phone = [e for e in self._presidio_entities if e != "PHONE_NUMBER"]
        self._ids_wanted = bool(self.entities & {national_ids.ENTITY, "US_SSN"})
        self._allow = Matcher()
        for value in policy.detection.allow_list:
            self._allow.add(value, "ALLOW", 0)
        self._deny = Matcher()
        for entity, values in policy.detection.deny_list.items():
            for value in values:
                self._deny.add(value, entity, 0)
        #: Spans in the review band from the last ``detect`` call, per input text index.
        self.review_items: list[tuple[int, Span]] = []
        #: whether NER has run once outside a memory zone (``_vocabulary_zone``)
        self._zoned = False

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
        results = detect_in_pieces(self._detect_unique, order)  # a long text: in pieces
        out = [results[uniq[t]] for t in texts]
        self.review_items = [(i, s) for i, spans in enumerate(out) for s in spans if s.review]
        if with_review:
            return out, self.review_items
        return out

    def detect_patterns(self, texts: Sequence[str]) -> list[list[Span]]:
        """Spans per text from known values, deny lists and patterns only (sorted,
        non-overlapping): for technical text (user agents, log lines, URLs), where NER and
        the name and place rules would read machine words as people and places ('Intel
        Mac OS X'), while an e-mail, an IP or a known customer id in it is still found."""
        return detect_in_pieces(self._patterns_of, list(texts))

    def _patterns_of(self, texts: list[str]) -> list[list[Span]]:
        cfg = self.policy.detection
        memo: dict[str, list[Span]] = {}
        out: list[list[Span]] = []
        for text in texts:
            if text not in memo:
                spans = list(self.known.find(text)) if self.known is not None else []
                spans += [Span(s, e, ent, 1.0, "deny") for s, e, ent, _ in self._deny.find(text)]
                spans += [
                    s for s in self._pattern_spans(text, urls=False) if not _version_ip(text, s)
                ]
                spans = [
                    s
                    for s in clean(text, spans)
                    if s.score >= cfg.threshold(s.entity) or s.source == "deny"
                ]
                memo[text] = resolve(self._drop_allowed(text, spans))
            out.append(memo[text])
        return out

    def tag_values(self, values: Sequence[str]) -> list[str | None]:
        """The entity covering (almost) all of each short value, for column classification;
        ``NAME_INSIDE`` for a value that holds a name covering less of it ("Dear Mrs
        Taylor"): a greeting's or an addressee's column is text, not a name, and not safe.
        Names joined by function words only ("Richardson, Morgan and Hewitt", a firm of
        partners) hold no other words: no ``NAME_INSIDE``, so a ``company`` column of them
        is judged as before (a thing's name, kept)."""
        out: list[str | None] = []
        for value, spans in zip(values, self.detect(values), strict=True):
            text_len = len(value.strip()) or 1
            best = max(spans, key=lambda s: s.end - s.start, default=None)
            ok = best is not None and (best.end - best.start) / text_len >= 0.8
            if ok and best:
                out.append(best.entity)
            elif _inverted_name(value, spans) or _initialled_name(value, spans):
                out.append("PERSON")
            elif any(s.entity in NAME_ENTITIES for s in spans) and not _names_listed(value, spans):
                out.append(NAME_INSIDE)
            else:
                out.append(None)
        return out

    # -- internals --------------------------------------------------------------------

    def _vocabulary_zone(self) -> AbstractContextManager:
        """spaCy keeps a lexeme and a string of every new word it reads, for good: a
        worker reading a large export's names, numbers and addresses grew by ~1.5 KB a
        ticket. Inside a memory zone (``Language.memory_zone``) they are evicted when the
        call ends; no spaCy object outlives ``_ner``. The first call runs outside one, so
        the tokenizer's cache, which a zone does not fill, holds its common words (a
        bounded first chunk). Spans are the same either way."""
        if not self._zoned:
            self._zoned = True
            return nullcontext()
        return self.analyzer.nlp_engine.get_nlp(self.policy.language).memory_zone()

    def _detect_unique(self, texts: list[str]) -> list[list[Span]]:
        """Spans per distinct text. A text in HTML (a help desk's or a mailbox's bodies:
        "Thanks,<br>J&uuml;rgen M&uuml;ller") is read as its reader sees it
        (``url_encoding.html_read``): the rules and the model know line breaks and "ü",
        not "<br>" and "&uuml;", and a name in it went unseen. Each span goes back to its
        place as written, and one over a reference stands for the text it reads, whose
        fake is written with the same references (``url_encoding.encoded_like``)."""
        views = {i: v for i, t in enumerate(texts) if (v := html_read(t)) is not None}
        if not views:
            return self._detect_read(texts)
        found = self._detect_read([views[i].text if i in views else t for i, t in enumerate(texts)])
        return [_as_written(views[i], spans, texts[i]) if i in views else spans
                for i, spans in enumerate(found)]  # fmt: skip

    def _detect_read(self, texts: list[str]) -> list[list[Span]]:
        cfg = self.policy.detection
        candidates: list[list[Span]] = [[] for _ in texts]
        # The re-capitalised copy of each text, made once: the address rules and the
        # second NER pass both read it.
        recased = [case_variant(t) for t in texts]
        for i, text in enumerate(texts):
            if self.known is not None:
                # A known short numeric id only after a key ("employee=1001", not "552
                # Mailbox full"): ``known.unkeyed_short_id``.
                found = self.known.find(text)
                candidates[i].extend(s for s in found if not unkeyed_short_id(text, s))
            candidates[i].extend(
                Span(s, e, ent, 1.0, "deny") for s, e, ent, _ in self._deny.find(text)
            )
            candidates[i].extend(self._rule_spans(text, recased[i]))
        with self._vocabulary_zone():
            self._ner(texts, candidates, recased)
        out: list[list[Span]] = []
        for text, spans in zip(texts, candidates, strict=True):
            known = [sp for sp in spans if sp.source == "known"]
            spans = drop_everyday(text, clean(text, spans))
            spans = months_stay(text, dates_stay(text, spans))
            if self.entities & NAME_ENTITIES:
                spans = person_context(text, spans)
            spans = drop_in_technical(text, org_guard(text, spans))
            spans = [s for s in spans if s.score >= cfg.threshold(s.entity) or s.source == "deny"]
            spans = self._drop_allowed(text, spans)
            spans = prefer_known(text, _known_kept_whole(known, spans))
            spans = join_particles(text, [trim_possessive(text, s) for s in resolve(spans)])
            out.append(
                [
                    s._replace(review=cfg.review_low <= s.score < cfg.review_high)
                    if s.source not in ("known", "deny")
                    else s
                    for s in spans
                ]
            )
        return out

    def _rule_spans(self, text: str, variant: str | None) -> list[Span]:
        """Rule candidates; ``variant`` is ``case_variant(text)``."""
        out: list[Span] = []
        if self.entities & NAME_ENTITIES:
            for s, e, ent, score in (
                *names.title_names(text),
                *names.versus_names(text),
                *names.greeting_names(text),
                *names.speaker_names(text),
                *names.intro_names(text),
                *names.subject_names(text),
                *listed_names.initial_names(text),
                *names.kin_names(text),
                *file_names.file_names(text),
            ):
                out.append(Span(s, e, ent, score, "rule"))
            for s, e, ent, score in (
                *transcripts.speaker_handles(text),
                *labelled_names.mailbox_names(text),
                *labelled_names.form_names(text),
                *labelled_names.greeted_names(text),
                *labelled_names.related_names(text),
                *labelled_names.introduced_names(text),
                *labelled_names.lower_case_names(text),
            ):
                if ent in self.entities or ent == "PERSON":
                    out.append(Span(s, e, ent, score, _slot_source(text[s:e])))
        if "ADDRESS" in self.entities or "LOCATION" in self.entities:
            # Lines in lower case or capitals: the same rules again on a copy with names
            # re-capitalised (same length, so offsets carry over).
            found = addresses.address_spans(text)
            if variant:
                found += addresses.address_spans(variant)
            for s, e, _ent, score in found:
                ent = "ADDRESS" if "ADDRESS" in self.entities else "LOCATION"
                out.append(Span(s, e, ent, score, "rule"))
        place = "ADDRESS" if "ADDRESS" in self.entities else "LOCATION"
        for s, e, ent, score in transcripts.answered_questions(text, place):
            if ent in self.entities:  # the question vouches for it: no everyday veto
                out.append(Span(s, e, ent, score, "slot"))
        for s, e, ent, score in hl7.hl7_fields(text):
            if self._wanted("PERSON" if ent in NAME_ENTITIES else ent):
                out.append(Span(s, e, ent, score, "pattern"))
        out.extend(self._pattern_spans(text))
        return out

    def _pattern_spans(self, text: str, urls: bool = True) -> list[Span]:
        out: list[Span] = []
        for s, e, ent, score in (
            *numbers.context_numbers(text),
            *(birth_dates.birth_dates(text) if "DATE_OF_BIRTH" in self.entities else ()),
            *(national_ids.national_ids(text) if self._ids_wanted else ()),
            *(obfuscated.obfuscated_emails(text) if "EMAIL_ADDRESS" in self.entities else ()),
            *phones.odd_phones(text),
            *phones.line_phones(text),
            *phones.callback_phones(text),
            *(account_numbers.account_numbers(text) if "ID" in self.entities else ()),
            *(usernames.usernames(text) if "ID" in self.entities else ()),
            *coordinates.coordinate_pairs(text),
        ):
            if ent in self.entities:
                out.append(Span(s, e, ent, score, "pattern"))
        for s, e, ent in sweep(text, include_invalid_ssn=False, urls=urls):
            if ent in self.entities:
                out.append(Span(s, e, ent, 0.95, "pattern"))
        return out

    def _ner(
        self, texts: list[str], candidates: list[list[Span]], recased: list[str | None]
    ) -> None:
        """NER and the rules that read its tokens; ``recased[i]`` is ``case_variant`` of
        ``texts[i]``."""
        lang = self.policy.language
        nlp_engine = self.analyzer.nlp_engine
        bs = self.policy.nlp.batch_size
        # Shortest first: NER reads a batch until its longest text is done, so texts of
        # like length batch together (6% of the pass on the bench's texts). Each text's
        # entities are its own, whatever its batch.
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        arts = batch_artifacts(
            nlp_engine, [texts[k] for k in order], lang, bs, self.policy.nlp.n_process
        )
        names_wanted = bool(self.entities & NAME_ENTITIES)
        if names_wanted:  # the name list's tag test reads tags: tag those tokens first
            arts = self._tagged(arts, nlp_engine.get_nlp(lang))
        places_wanted = self._wanted("LOCATION")
        place_entity = "LOCATION" if "LOCATION" in self.entities else "ADDRESS"
        variant_at = {i: v for i, v in enumerate(recased) if v}
        originals: dict[int, object] = {}
        for i, (text, art) in zip(order, arts, strict=True):
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
                for s, e, ent, sc in (*places.slot_places(text), *addresses.named_streets(text)):
                    if not any(a < e and s < b for a, b in blocked):
                        ent = (
                            "ADDRESS"
                            if ent == "ADDRESS" and self._wanted("ADDRESS")
                            else place_entity
                        )
                        candidates[i].append(Span(s, e, ent, sc, "rule"))
            if names_wanted:
                for a, b in org_lists(text, art.entities):
                    candidates[i].append(Span(a, b, "ORGANIZATION", 0.0, "org"))
                uncased = i in variant_at  # a line in lower case or in capitals
                for s, e, ent, sc in listed_names.gazetteer_names(art.tokens):
                    if uncased and " " not in text[s:e] and after_determiner(text, s):
                        continue  # "CALLING ABOUT MY BILL"
                    candidates[i].append(Span(s, e, ent, sc, "rule"))
            results = self.analyzer.analyze(
                text=text, language=lang, entities=self._no_phone, nlp_artifacts=art,
                score_threshold=0.0,
            )  # fmt: skip
            # phonenumbers' matcher (a parse per candidate and region) is the costliest
            # recogniser. It reads the text with what the validated patterns found blanked
            # out (a card, an e-mail, a phone they already have: same offsets), and only a
            # text that still holds six digits close together.
            if "PHONE_NUMBER" in self._presidio_entities:
                rest = _blanked(text, [c for c in candidates[i] if c.source == "pattern"])
                if _PHONE_DIGITS.search(rest):
                    results += self.analyzer.analyze(
                        text=rest, language=lang, entities=["PHONE_NUMBER"],
                        nlp_artifacts=art, score_threshold=0.0,
                    )  # fmt: skip
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
        if not variants or not (self.entities & (NAME_ENTITIES | {"LOCATION", "ADDRESS"})):
            return
        vtexts = [v for _, v in variants]
        found: list[tuple[int, int, int, str]] = []
        for (i, _v), (_text, art) in zip(
            variants, batch_artifacts(nlp_engine, vtexts, lang, bs), strict=True
        ):
            for ent in art.entities:
                mapped = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION"}.get(ent.label_)
                if mapped and self._wanted(mapped):
                    found.append((i, ent.start_char, ent.end_char, mapped))
        # The original's tags under each name guess, read by not_name_pos.
        window_tagger(nlp_engine.get_nlp(lang)).tag(
            (originals[i], tokens_over(originals[i], s, e))
            for i, s, e, mapped in found
            if mapped == "PERSON"
        )
        for i, s, e, mapped in found:
            if mapped == "PERSON" and (
                not_name_pos(originals[i], s, e)
                or (" " not in texts[i][s:e] and after_determiner(texts[i], s))
            ):
                continue
            candidates[i].append(Span(s, e, mapped, 0.6, "ner"))

    @staticmethod
    def _tagged(arts: Iterable[tuple[str, Any]], nlp: Any) -> Iterator[tuple[str, Any]]:
        """``arts`` in blocks, each block's docs tagged where the name list reads tags."""
        tagger = window_tagger(nlp)
        it = iter(arts)
        while block := list(islice(it, _TAG_BLOCK)):
            tagger.tag((art.tokens, listed_names.tags_read(art.tokens)) for _t, art in block)
            yield from block

    def _wanted(self, entity: str) -> bool:
        if entity == "PERSON":
            return bool(self.entities & NAME_ENTITIES)
        if entity == "LOCATION":
            return bool(self.entities & {"LOCATION", "ADDRESS"})
        return entity in self.entities

    def _map(self, presidio_type: str, text: str, start: int) -> str | None:
        ours = PRESIDIO_TO_OURS.get(presidio_type, presidio_type)
        if ours == "DATE":
            # An event date stays unless the policy asks for every date; dates of birth
            # come from their own rule (recognizers/birth_dates.py).
            return "DATE" if "DATE" in self.entities else None
        if ours == "LOCATION" and "LOCATION" not in self.entities:
            return "ADDRESS" if "ADDRESS" in self.entities else None
        return ours if self._wanted(ours) else None

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


_PLACES = frozenset({"LOCATION", "ADDRESS"})
#: "BELL, Denise", "O'Brien, Mary-Kate", "van Dijk, Jan P.": a name written surname first,
#: each part one to three capitalised words or initials.
_INVERTED = re.compile(
    r"[ \t]*(?P<a>[^\W\d_][\w'’.-]*(?:[ \t]+[\w'’.-]+){0,2}),[ \t]*"
    r"(?P<b>[^\W\d_][\w'’.-]*(?:[ \t]+[\w'’.-]+){0,2})[ \t]*"
)


def _as_written(view: Decoded, spans: list[Span], text: str) -> list[Span]:
    """Spans of ``text``'s read view at their place in ``text``: one written otherwise
    there ("O&#39;Brien", "Marta <b>Kowalska") stands for what it reads."""
    out = []
    for sp in spans:
        start, end = view.original(sp.start, sp.end)
        read = view.text[sp.start : sp.end]
        stands_for = sp.stands_for or (read if text[start:end] != read else "")
        out.append(sp._replace(start=start, end=end, stands_for=stands_for))
    return out


def _inverted_name(value: str, spans: Sequence[Span]) -> bool:
    """A value that is one person's name written surname first ("BELL, Denise"): two
    parts around one comma, the second opening with a listed first name, the first no
    listed town, one of them wholly a name span. The rules read the surname in
    capitals as a word and find only the given name, or find the two as two names, which
    ``_names_listed`` would take for a firm of partners; partners are joined by "and" or
    "&" ("Richardson, Morgan and Hewitt") or are three."""
    m = _INVERTED.fullmatch(value)
    if m is None:
        return False
    lower = [w for w in LETTER_WORD.findall(value) if not w[:1].isupper()]
    if any(w not in NAME_PARTICLES for w in lower):
        return False  # "Dawson, Jones and Woods": partners
    given = LETTER_WORD.findall(m.group("b"))[0].split("-")[0].lower()
    town = m.group("a").lower() in place_gazetteer()
    if given not in first_name_gazetteer() or town or any(s.entity in _PLACES for s in spans):
        return False  # "Leeds, Yorkshire", "Paris, France": a town and its region
    parts = [m.span("a"), m.span("b")]
    return any(s.entity in NAME_ENTITIES and (s.start, s.end) in parts for s in spans)


#: A surname with one initial, as door systems, registers and signatures write people:
#: "SEXTON F", "Abbott T.", "J Bloggs", "T.Abbott".
_INITIALLED = re.compile(
    r"[ \t]*(?:(?P<before>[A-Z])(?:\.[ \t]?|[ \t]+))?(?P<name>[^\W\d_][\w'’-]+)"
    r"(?:[ \t]+(?P<after>[A-Z])\.?)?[ \t]*"
)


def _initialled_name(value: str, spans: Sequence[Span]) -> bool:
    """A value that is one listed name or name span and one initial before or after it:
    the rules find the name alone ("SEXTON"), or nothing when a dot joins them."""
    m = _INITIALLED.fullmatch(value)
    if m is None or (m.group("before") is None) == (m.group("after") is None):
        return False
    a, b = m.span("name")
    spanned = any(s.entity in NAME_ENTITIES and s.start <= a and b <= s.end for s in spans)
    word = m.group("name")
    return spanned or (
        word[:1].isupper() and word.lower() in name_gazetteer() and not is_common_word(word)
    )


def _names_listed(value: str, spans: Sequence[Span]) -> bool:
    """Are the words outside the value's name spans only function words of two letters or
    more ("and", "und", "et"; an "&" and commas are no words)? Then the value lists names
    ("Richardson, Morgan and Hewitt"), it does not name someone among other words ("Dear
    Mrs Taylor", "c/o Anna Berg", "Run with Anna", "Me and Suzanne")."""
    rest, last, names = [], 0, 0
    for s in sorted(spans, key=lambda s: s.start):
        if s.entity in NAME_ENTITIES:
            rest.append(value[last : s.start])
            last, names = max(last, s.end), names + 1
    rest.append(value[last:])
    words = LETTER_WORD.findall(" ".join(rest))
    stops = stop_words("en") | foreign_stop_words()
    if names and words and any(_firm_word(w) for w in words):
        # "Taliercio s.r.l.", "Accardo, Rusticucci e Innocenti e figli", "Geisler Sp. z
        # o.o.": names, a legal form or a firm's word, and joining words: a firm.
        return all(_firm_word(w) or w.lower() in stops for w in words)
    # One name and function words ("Me and Suzanne", "with Anna") names that one person.
    return names > 1 and all(len(w) > 1 and w.lower() in stops for w in words)


@cache
def _firm_words() -> frozenset[str]:
    return frozenset(word_list("firm_words"))


def _firm_word(word: str) -> bool:
    """A legal form or a family firm's word, in any case, its dots left out."""
    w = word.lower().replace(".", "")
    return w in _firm_words() or w in ORG_WORDS
