"""The model's records survive the catalogue snapshot (pickle) whole, every field by position."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import pytest

from generator import model
from generator.entries.catalogue import load_catalogue

from .site_fixture import FIXTURE

RECORDS = [
    cls
    for _, cls in inspect.getmembers(model, inspect.isclass)
    if dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
]


def _fields(record: object) -> tuple[object, ...]:
    return tuple(getattr(record, f.name) for f in dataclasses.fields(record))  # type: ignore[arg-type]


def test_every_record_of_the_model_is_pickled_by_position() -> None:
    assert len(RECORDS) >= 14
    for cls in RECORDS:
        assert cls.__getstate__.__module__ == model.__name__, cls  # not dataclasses' own


def test_the_fixture_catalogue_round_trips_every_field() -> None:
    catalogue = load_catalogue(FIXTURE)
    assert catalogue.entries
    back = pickle.loads(pickle.dumps(catalogue, pickle.HIGHEST_PROTOCOL))
    for before, after in zip(catalogue.entries, back.entries, strict=True):
        # key_lines and redirect_lines do not take part in ==; they must come back too
        assert _fields(after) == _fields(before)
        assert after.body == before.body
        for value in _fields(before):
            if dataclasses.is_dataclass(value):
                assert copy.copy(value) == value
    assert back.problems == catalogue.problems


def test_a_record_keeps_refusing_changes_after_a_round_trip() -> None:
    agency = pickle.loads(pickle.dumps(model.Agency("Dinas Contoh", "dinas")))
    assert agency == model.Agency("Dinas Contoh", "dinas")
    with pytest.raises(dataclasses.FrozenInstanceError):
        agency.name = "lain"
