"""The built wheel carries its data: a fresh venv can run ``storybank init --sample``."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("storybank-*.whl")
    return built


def test_wheel_contains_bundled_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "storybank/sample_data/stories.md" in names
    assert "storybank/core/data/frameworks/tpm.toml" in names
    assert "storybank/core/data/frameworks/amazon-lp.toml" in names
    assert any(n.startswith("storybank/themes/") and n.endswith(".toml") for n in names)
    assert any(n.startswith("storybank/core/data/questions") for n in names)


def test_fresh_venv_install_runs_init_sample(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    # A venv of its own without a pip of its own (ensurepip takes most of this
    # test's time): this interpreter's pip installs the wheel into it.
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # Install the wheel itself with pip; borrow only its dependencies from this
    # interpreter so the test needs no network.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    bank = tmp_path / "bank.json"
    run = subprocess.run(
        [str(env_dir / "bin" / "storybank"), "--db", str(bank), "init", "--sample"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert "6 sample stories" in run.stdout
    where = subprocess.run(
        [str(python), "-c", "import storybank; print(storybank.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(site))
    listing = subprocess.run(
        [str(python), "-m", "storybank", "--db", str(bank), "list"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert listing.count("\n") == 7  # header + six stories
    probe = (
        "import sys\n"
        "from storybank.cli import main\n"
        "from storybank.matching import compiled\n"
        "code = main(['--db', sys.argv[1], 'match', 'Tell me about a conflict with a peer'])\n"
        "print('models' if 'pydantic' in sys.modules else 'plain',"
        " 'snapshot' if compiled.load() else 'no-snapshot')\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    lookups = [
        subprocess.run(
            [str(python), "-c", probe, str(bank)],
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
            env=env,
        ).stdout.splitlines()
        for _ in range(2)
    ]
    # The first lookup reads the bank file without the models; the second is served from its memo.
    assert lookups[0][-1] == "plain snapshot"
    assert lookups[1][-1] == "plain snapshot"
    assert lookups[0][:-1] == lookups[1][:-1]
    assert any(line.startswith("1. platform-capacity-conflict") for line in lookups[1])
