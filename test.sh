#!/usr/bin/env bash
# The test command: fetches the models the tests use (project script), then runs every test in Release.
# Extra arguments go to 'dotnet test' (e.g. --filter 'FullyQualifiedName~Background').
set -euo pipefail
cd "$(dirname "$0")"
bash models/fetch.sh isnet-general isnet-general-quint8 ppocr-v4-det
# BRISQUE tests read OpenCV's SVR model files from Debian's opencv-data package (not shipped with ImageAI).
if [ ! -f /usr/share/opencv4/quality/brisque_model_live.yml ] && [ -z "${IMAGEAI_BRISQUE_DIR:-}" ] && command -v apt-get >/dev/null; then
  apt-get install -y opencv-data >/dev/null || { apt-get update >/dev/null && apt-get install -y opencv-data >/dev/null; }
fi
dotnet test ImageAI.sln -c Release --logger "console;verbosity=normal" "$@"

# --- Browser end-to-end test of samples/ImageAI.Web --------------------------------------------------------------
# Headless Debian chromium driven by npm's playwright-core (tests/web-e2e). Runs when no extra arguments were given
# (a filtered run is about the .NET tests) or when IMAGEAI_E2E=1. Installs chromium with apt-get if it is missing;
# skips, saying so, only when it cannot be installed. IMAGEAI_SKIP_E2E=1 skips it on purpose.
run_web_e2e() {
  if [ "${IMAGEAI_SKIP_E2E:-0}" = 1 ]; then echo "web e2e: skipped (IMAGEAI_SKIP_E2E=1)"; return 0; fi
  if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    echo "web e2e: installing chromium with apt-get"
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null 2>&1 || true
  fi
  if ! command -v chromium >/dev/null 2>&1; then
    echo "web e2e: SKIPPED - Debian's chromium is not installed and 'apt-get install chromium' failed"
    return 0
  fi
  (cd tests/web-e2e && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; })
  dotnet build samples/ImageAI.Web -c Release -nologo -v q
  (cd tests/web-e2e && CHROMIUM_PATH="$(command -v chromium)" npm test)
}
if [ $# -eq 0 ] || [ "${IMAGEAI_E2E:-0}" = 1 ]; then run_web_e2e; fi
