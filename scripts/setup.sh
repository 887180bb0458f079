#!/usr/bin/env bash
# Set up Puente in ./.venv: torch (CPU wheel) first, then the package, then the model.
#   bash scripts/setup.sh          # app
#   bash scripts/setup.sh --test   # app + test tools (pytest, Playwright, Debian's chromium and Tesseract) + the milvus and ray extras
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
  # Debian packages the tests use: chromium (browser tests), Tesseract with English and Spanish (OCR tests)
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  for p in tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
        || echo "warning: could not install Debian's ${missing[*]}; the browser and OCR tests will fail" >&2
    else
      echo "warning: ${missing[*]} missing; install with: sudo apt-get install ${missing[*]}" >&2
    fi
  fi
else
  $PIP install -q --disable-pip-version-check -e .
fi
HF_HUB_OFFLINE=1 .venv/bin/puente model build
