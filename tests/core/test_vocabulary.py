"""The shared vocabulary: one family per notion, used by the checks and the matcher."""

from __future__ import annotations

from storybank.checks import rules
from storybank.core import vocabulary
from storybank.matching import lexicon

FAMILIES = {
    name: value
    for name, value in vars(vocabulary).items()
    if name.isupper() and isinstance(value, tuple)
}


def test_families_are_lowercase_without_repeats() -> None:
    assert FAMILIES
    for name, family in FAMILIES.items():
        assert family, name
        assert all(word == word.lower().strip() for word in family), name
        assert len(set(family)) == len(family), name


def _entries(concept: str) -> set[str]:
    return {" ".join(entry.split()) for entry in lexicon.CONCEPTS[concept].split(",")}


def test_the_matcher_files_each_family_under_one_concept() -> None:
    shared = {
        "customer": vocabulary.CUSTOMERS,
        "business": vocabulary.REVENUE,
        "risk": vocabulary.RISKS,
        "disagree": vocabulary.DISAGREEMENT,
        "architecture": vocabulary.ARCHITECTURE,
        "reliability": vocabulary.RELIABILITY,
    }
    for concept, family in shared.items():
        assert set(family) <= _entries(concept), concept


def test_the_checks_build_their_lists_from_the_families() -> None:
    assert set(vocabulary.CUSTOMERS) <= set(rules.IMPACT_WORDS)
    assert set(vocabulary.RISKS) <= set(rules.OBSTACLE_WORDS)
    assert set(vocabulary.DISAGREEMENT) <= set(rules.OBSTACLE_WORDS)
    assert set(vocabulary.ARCHITECTURE) <= set(rules.TECHNICAL_WORDS)
    assert set(vocabulary.SYSTEMS_WORK) <= set(rules.TECHNICAL_WORDS)
