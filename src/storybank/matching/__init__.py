"""Explainable fuzzy matching of interview questions to competencies and stories.

The package is Textual-free and cheap to import: nothing is read or indexed
until a :class:`Matcher` is first asked something.
"""

from storybank.matching.matcher import Matcher
from storybank.matching.results import CompetencyScore, MatchResult, StoryMatch, match_to_json

__all__ = ["CompetencyScore", "MatchResult", "Matcher", "StoryMatch", "match_to_json"]
