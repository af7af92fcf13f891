"""Shared fixtures for the CLI, end-to-end, bad-input and killed-ingest tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]
E2E_DIR = ROOT / "tests" / "fixtures" / "e2e"


def tacitus_command() -> list[str]:
    """The real ``tacitus`` command: the installed console script next to this
    interpreter, else ``python -m tacitus.cli`` with ``src`` on the path."""
    script = Path(sys.executable).with_name("tacitus")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "tacitus.cli"]


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for a ``tacitus`` subprocess: ``src`` importable, no colours, wide lines."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.update({"NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"})
    env.pop("TACITUS_DB", None)
    env.update(extra)
    return env


@pytest.fixture
def e2e_dir() -> Path:
    """The wire-style reports written for the end-to-end tests."""
    return E2E_DIR


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., "object"]:
    """Run the tacitus CLI in-process (click's CliRunner) against a fresh ledger
    in ``tmp_path``: ``cli("events", "--type", "attack")`` -> click Result with
    ``exit_code``, ``stdout``, ``stderr`` and ``output``."""
    from click.testing import CliRunner

    from tacitus.cli import main

    runner = CliRunner()
    db = str(tmp_path / "ledger.db")

    def invoke(*args: str, input: str | bytes | None = None, db_path: str | None = None, env=None):
        full_env = {"TACITUS_DB": db_path or db, "COLUMNS": "200", "NO_COLOR": "1"}
        full_env.update(env or {})
        return runner.invoke(main, list(args), input=input, env=full_env, catch_exceptions=False)

    invoke.db = db  # type: ignore[attr-defined]
    return invoke


@pytest.fixture
def run_tacitus(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess]:
    """Run the real ``tacitus`` command in a subprocess (cwd ``tmp_path``)."""

    def run(*args: str, timeout: float = 120, input: bytes | None = None, **env: str):
        return subprocess.run(tacitus_command() + list(args), cwd=tmp_path, env=subprocess_env(**env),
                              input=input, capture_output=True, timeout=timeout)

    return run
