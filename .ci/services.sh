#!/usr/bin/env bash
# Install what the store tests need beyond pip (idempotent; safe to run on every CI start).
#
#   * Virtuoso Open Source 7 (Debian package virtuoso-opensource-7-bin: virtuoso-t, isql-vt).
#     Only binaries are installed; no system service is configured or started: tests/servers.py
#     starts its own server on 127.0.0.1 with a temporary database and stops it afterwards.
#   * The Oxigraph server CLI (PyPI package "oxigraph", in the project's test extra); installed
#     into $PYTHON's environment (default .venv/bin/python when it exists) if missing there.
#
# Usage: bash .ci/services.sh      or      PYTHON=path/to/venv/python bash .ci/services.sh
set -euo pipefail

cd "$(dirname "$0")/.."
# The oxigraph CLI is checked only in an existing virtualenv: CI creates its venv after this script
# and gets the CLI from `pip install -e '.[test]'`; Debian's system python3 refuses pip installs.
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ] && [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
  echo "services: virtuoso-t already installed ($(command -v virtuoso-t))"
else
  echo "services: installing virtuoso-opensource-7-bin"
  export DEBIAN_FRONTEND=noninteractive
  # Wait for another apt/dpkg run (another job on the machine) instead of failing on its lock.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends virtuoso-opensource-7-bin
fi

if [ -z "$PYTHON" ]; then
  echo "services: no virtualenv yet; the oxigraph server CLI comes with pip install -e '.[test]'"
elif "$PYTHON" -c 'import importlib.metadata as m; m.version("oxigraph")' >/dev/null 2>&1; then
  echo "services: oxigraph server CLI already installed for $PYTHON"
else
  echo "services: installing the oxigraph server CLI for $PYTHON"
  "$PYTHON" -m pip install -q 'oxigraph>=0.4'
fi
