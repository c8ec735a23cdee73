"""Fixtures for the matching tests: the built-in frameworks and ready matchers."""

from __future__ import annotations

import pytest

from matching.story_samples import ALL_STORIES
from storybank.core.frameworks import builtin_frameworks
from storybank.core.models import CompetencyFramework
from storybank.matching import Matcher


def _framework(framework_id: str) -> CompetencyFramework:
    return next(fw for fw in builtin_frameworks() if fw.id == framework_id)


@pytest.fixture(scope="session")
def tpm() -> CompetencyFramework:
    """The built-in TPM framework."""
    return _framework("tpm")


@pytest.fixture(scope="session")
def amazon_lp() -> CompetencyFramework:
    """The built-in Amazon Leadership Principles framework."""
    return _framework("amazon-lp")


@pytest.fixture(scope="session")
def tpm_matcher(tpm: CompetencyFramework) -> Matcher:
    """A TPM matcher over the built-in bank and no stories (read-only use)."""
    return Matcher(tpm)


@pytest.fixture(scope="session")
def lp_matcher(amazon_lp: CompetencyFramework) -> Matcher:
    """An Amazon LP matcher over the built-in bank and no stories (read-only use)."""
    return Matcher(amazon_lp)


@pytest.fixture
def story_matcher(tpm: CompetencyFramework) -> Matcher:
    """A fresh TPM matcher over all sample stories (tests may update it)."""
    return Matcher(tpm, stories=ALL_STORIES)
