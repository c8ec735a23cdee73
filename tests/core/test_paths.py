"""Where storybank keeps its caches."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from storybank.paths import user_cache_dir


@pytest.mark.parametrize("root", [None, "", "   ", "/srv/xdg-cache", "relative/cache"])
def test_the_cache_folder_is_where_platformdirs_puts_it(
    monkeypatch: pytest.MonkeyPatch, root: str | None
) -> None:
    if root is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", root)
    assert user_cache_dir() == Path(platformdirs.user_cache_dir("storybank", appauthor=False))
