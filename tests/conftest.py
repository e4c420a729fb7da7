"""Shared pytest fixtures.

The corpus in ``../shared/corpus`` is present in CI but not in a user's clone;
tests that need it use ``corpus_dir`` and are skipped with a stated reason when
it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = REPO / "examples" / "report-2020-h1.txt"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``../shared/corpus``; skips the test when the shared corpus is not checked out beside the repo."""
    path = SHARED / "corpus"
    if not path.is_dir():
        pytest.skip("shared corpus ../shared/corpus is absent (only CI and developer machines have it)")
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The bundled example report (a copy of the seed, with a source header line)."""
    return SEED
