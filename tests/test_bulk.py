"""Holding back the garbage collector while many objects are built."""

import gc

import pytest

from pmcards.bulk import no_garbage_collection


def test_the_collector_is_back_on_afterwards_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), no_garbage_collection():
        assert not gc.isenabled()
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_the_program_turned_off_stays_off() -> None:
    gc.disable()
    try:
        with no_garbage_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
