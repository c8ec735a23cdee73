"""Built-in frameworks are exactly as specified; user frameworks are validated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storybank.core.frameworks import FrameworkRegistry, load_framework_file
from storybank.errors import StorybankError

TPM_IDS = [
    "cross-functional-leadership",
    "stakeholder-communication",
    "ambiguity",
    "conflict",
    "decision-making",
    "technical-depth",
    "program-execution",
    "risk-and-pressure",
    "failure-and-learning",
    "customer-impact",
    "ownership",
    "prioritization",
]

AMAZON_NAMES = [
    "Customer Obsession",
    "Ownership",
    "Invent and Simplify",
    "Are Right, A Lot",
    "Learn and Be Curious",
    "Hire and Develop the Best",
    "Insist on the Highest Standards",
    "Think Big",
    "Bias for Action",
    "Frugality",
    "Earn Trust",
    "Dive Deep",
    "Have Backbone; Disagree and Commit",
    "Deliver Results",
    "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
]


def test_tpm_framework_ids() -> None:
    assert FrameworkRegistry.load().get("tpm").ids == TPM_IDS


def test_amazon_names_and_kebab_ids() -> None:
    framework = FrameworkRegistry.load().get("amazon-lp")
    assert [c.name for c in framework.competencies] == AMAZON_NAMES
    assert "have-backbone-disagree-and-commit" in framework.ids
    assert "strive-to-be-earths-best-employer" in framework.ids
    assert all(c.description and len(c.cues) >= 3 for c in framework.competencies)


def test_resolve_by_id_or_name_case_and_apostrophe_insensitive() -> None:
    framework = FrameworkRegistry.load().get("amazon-lp")
    assert framework.resolve("DIVE DEEP").id == "dive-deep"  # type: ignore[union-attr]
    assert framework.resolve("dive-deep").id == "dive-deep"  # type: ignore[union-attr]
    earth = framework.resolve("strive to be earth\u2019s best employer")
    assert earth is not None and earth.id == "strive-to-be-earths-best-employer"
    assert framework.resolve("Deliver Results Fast") is None


def test_unknown_framework_lists_known_ones() -> None:
    with pytest.raises(StorybankError) as caught:
        FrameworkRegistry.load().get("google")
    assert "tpm, amazon-lp" in (caught.value.hint or "")


USER_FRAMEWORK = """\
id = "acme"
name = "Acme values"

[[competencies]]
id = "craft"
name = "Craft"
description = "Cares about quality in the details."
cues = ["quality bar", "polish"]
"""


def test_user_framework_is_loaded(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text(USER_FRAMEWORK)
    registry = FrameworkRegistry.load(tmp_path)
    assert registry.ids == ["tpm", "amazon-lp", "acme"]
    assert registry.get("acme").resolve("craft") is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('id = "acme"\nname = ', "not valid TOML"),
        (USER_FRAMEWORK.replace('id = "craft"', 'id = "Craft!"'), "competencies.0.id"),
        (
            USER_FRAMEWORK.replace('description = "Cares about quality in the details."\n', ""),
            "competencies.0.description",
        ),
        (USER_FRAMEWORK.replace('id = "acme"', 'id = "tpm"'), "built in"),
        (USER_FRAMEWORK.replace('id = "acme"', 'id = "tags"'), "reserved"),
        (USER_FRAMEWORK + USER_FRAMEWORK.split("\n\n", 1)[1], "appears twice"),
    ],
    ids=["toml", "bad-id", "no-description", "builtin-id", "reserved-id", "duplicate"],
)
def test_bad_user_framework_names_file_and_problem(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(text)
    with pytest.raises(StorybankError) as caught:
        FrameworkRegistry.load(tmp_path)
    assert expected in str(caught.value)
    assert caught.value.file == str(path)


def test_toml_error_has_a_line(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('id = "x"\nname = "X"\n[[competencies]\n')
    with pytest.raises(StorybankError) as caught:
        load_framework_file(path)
    assert caught.value.line == 3


def test_the_built_in_snapshot_is_current_and_holds_what_parsing_gives() -> None:
    # If this fails, run: python -m storybank.core.frameworks
    from storybank.core import frameworks
    from storybank.resources import data_dir

    shipped = json.loads((data_dir() / frameworks.BUILTIN_SNAPSHOT).read_text(encoding="utf-8"))
    assert shipped["stamp"] == frameworks.builtin_stamp(), "frameworks.json is stale"
    parsed = frameworks.parse_builtin_documents()
    assert parsed is not None
    assert shipped["documents"] == json.loads(json.dumps(parsed))
    assert shipped["documents"] == parsed  # the records read from it are the parsed ones


def test_a_stale_built_in_snapshot_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from storybank.core import frameworks
    from storybank.resources import data_dir

    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    tpm = copy / "frameworks" / "tpm.toml"
    tpm.write_text(
        tpm.read_text(encoding="utf-8").replace(
            'name = "Technical Program Manager"', 'name = "Technical Program Lead"', 1
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(frameworks, "data_dir", lambda: copy)
    frameworks._builtin_records.cache_clear()
    try:
        assert frameworks._snapshot_documents() is None
        found = frameworks.framework_records()
        assert found is not None and found["tpm"].name == "Technical Program Lead"
    finally:
        monkeypatch.undo()
        frameworks._builtin_records.cache_clear()
    found = frameworks.framework_records()
    assert found is not None and found["tpm"].name == "Technical Program Manager"
