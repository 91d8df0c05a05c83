"""Entity name → generator class, as presidio-anonymizer's ``OperatorsFactory`` maps an
operator name to its class.

A new entity's fakes are one ``Generator`` subclass added here (or to a registry of one's
own, given to the ``Pseudonymizer``), not another branch in the Pseudonymizer.
"""

from __future__ import annotations

from collections.abc import Iterable

from anonymizers.pseudonymise.generators.base import Generator
from anonymizers.pseudonymise.generators.contact import EmailAddress, PhoneNumber
from anonymizers.pseudonymise.generators.coordinates import GeoCoordinate
from anonymizers.pseudonymise.generators.dates import BirthDateShift, DateShift
from anonymizers.pseudonymise.generators.ids import Identifier
from anonymizers.pseudonymise.generators.names import FirstName, LastName, PersonName
from anonymizers.pseudonymise.generators.national_ids import NationalId
from anonymizers.pseudonymise.generators.network import IpAddress, Url
from anonymizers.pseudonymise.generators.numbers import CreditCard, IbanCode, UsSsn
from anonymizers.pseudonymise.generators.places import Address, Location, Organization


class GeneratorRegistry:
    """Which generator fakes which entity; ``default`` fakes any other entity."""

    def __init__(
        self, generators: Iterable[type[Generator]] = (), default: type[Generator] = Identifier
    ) -> None:
        self.default = default
        self._by_entity: dict[str, type[Generator]] = {}
        for cls in generators:
            self.add(cls)

    def add(self, cls: type[Generator]) -> None:
        """Register ``cls`` under each of its entities; an entity is faked one way only."""
        if not cls.entities:
            raise ValueError(f"{cls.__name__} names no entity")
        taken = [e for e in cls.entities if e in self._by_entity]
        if taken:
            raise ValueError(f"{cls.__name__}: already registered for {', '.join(taken)}")
        for entity in cls.entities:
            self._by_entity[entity] = cls

    def remove(self, entity: str) -> None:
        if entity not in self._by_entity:
            raise KeyError(f"no generator registered for {entity}")
        del self._by_entity[entity]

    def get(self, entity: str) -> type[Generator]:
        return self._by_entity.get(entity, self.default)

    def entities(self) -> tuple[str, ...]:
        return tuple(self._by_entity)

    def copy(self) -> GeneratorRegistry:
        """A registry to change without changing this one."""
        other = GeneratorRegistry(default=self.default)
        other._by_entity = dict(self._by_entity)
        return other


#: The built-in generators, one class per entity (or per entities of one format).
BUILT_IN: tuple[type[Generator], ...] = (
    PersonName, FirstName, LastName, EmailAddress, PhoneNumber, CreditCard, UsSsn, IbanCode,
    IpAddress, DateShift, BirthDateShift, Location, Address, Identifier, Url, Organization,
    NationalId, GeoCoordinate,
)  # fmt: skip
GENERATORS = GeneratorRegistry(BUILT_IN)
