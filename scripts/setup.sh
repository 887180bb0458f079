#!/usr/bin/env bash
# Set up Puente in ./.venv: torch (CPU wheel) first, then the package, then the model.
#   bash scripts/setup.sh          # app
#   bash scripts/setup.sh --test   # app + test tools (pytest, Playwright, Debian's chromium) + the milvus and ray extras
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
PIP=".venv/bin/python -m pip"
$PIP install -q --disable-pip-version-check "torch==2.13.0"   # must come first: any other spec pulls a CUDA build
if [ "${1:-}" = "--test" ]; then
  $PIP install -q --disable-pip-version-check -e ".[test,milvus,ray]"   # the Milvus and Ray tests run on CI too
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || echo "warning: could not install Debian's chromium; the browser test will fail" >&2
    else
      echo "warning: chromium missing; install it with: sudo apt-get install chromium" >&2
    fi
  fi
else
  $PIP install -q --disable-pip-version-check -e .
fi
HF_HUB_OFFLINE=1 .venv/bin/puente model build
