"""A small run of the torture suite's state machine and fuzzers, so that a regression shows in the
default `pytest` run (the whole suite, with kills and concurrent processes, is `python -m
tests.torture`)."""

from __future__ import annotations

from tests.torture import fuzz, machine
from tests.torture.common import Figures


def assert_clean(figures: Figures) -> None:
    assert figures.tries > 0
    assert figures.clean, "\n\n".join(figures.problems)


def test_the_state_machine_over_the_whole_api_finds_nothing() -> None:
    assert_clean(machine.run(examples=6, steps=30))


def test_fuzzed_deck_files_give_only_pmcards_errors() -> None:
    assert_clean(fuzz.deck_files(20))


def test_fuzzed_api_arguments_give_only_pmcards_errors() -> None:
    assert_clean(fuzz.api_arguments(10))
