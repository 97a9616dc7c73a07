"""The built wheel: installed into a fresh virtual environment, it finds its built-in decks from any folder."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)], check=True
    )
    (wheel,) = dist.glob("pmcards-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "pmcards/py.typed" in names
    assert {Path(name).name for name in names if name.startswith("pmcards/decks/")} >= {
        "ai-pm-interview-questions.md",
        "ai-pm-vs-ml-pm.md",
    }

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    pmcards = env_dir / "bin" / "pmcards"
    environment = {"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    help_text = subprocess.run(
        [str(pmcards), "--help"], cwd=elsewhere, env=environment, capture_output=True, text=True, check=True
    ).stdout
    assert "review" in help_text
    lint = subprocess.run([str(pmcards), "lint"], cwd=elsewhere, env=environment, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "7 deck file(s)" in lint.stderr and "no problems" in lint.stderr
    status = subprocess.run(
        [str(pmcards), "--db", str(tmp_path / "w.db"), "status"],
        cwd=elsewhere,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert status.returncode == 0 and "AI PM Interview Questions" in status.stdout
