"""Stories for the checks tests: one strong TPM story, and variants of it."""

from __future__ import annotations

import pytest

from checks.samples import MakeStory, build_story
from storybank.core.frameworks import builtin_frameworks
from storybank.core.models import CompetencyFramework, Story


@pytest.fixture
def make() -> MakeStory:
    """Build a variant of the strong story: ``make(result="...")``."""
    return build_story


@pytest.fixture
def strong() -> Story:
    """The strong story itself."""
    return build_story()


@pytest.fixture(scope="session")
def tpm() -> CompetencyFramework:
    """The built-in TPM framework."""
    return next(fw for fw in builtin_frameworks() if fw.id == "tpm")


@pytest.fixture(scope="session")
def amazon() -> CompetencyFramework:
    """The built-in Amazon Leadership Principles framework."""
    return next(fw for fw in builtin_frameworks() if fw.id == "amazon-lp")
