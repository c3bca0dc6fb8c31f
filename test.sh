#!/usr/bin/env bash
# The test command: fetches the models the tests use (project script), then runs every test in Release.
# Extra arguments go to 'dotnet test' (e.g. --filter 'FullyQualifiedName~Background').
set -euo pipefail
cd "$(dirname "$0")"
bash models/fetch.sh isnet-general isnet-general-quint8 ppocr-v4-det ppocr-v4-rec ppocr-keys-v1
# BRISQUE tests read OpenCV's SVR model files from Debian's opencv-data package (not shipped with ImageAI).
if [ ! -f /usr/share/opencv4/quality/brisque_model_live.yml ] && [ -z "${IMAGEAI_BRISQUE_DIR:-}" ] && command -v apt-get >/dev/null; then
  apt-get install -y opencv-data >/dev/null || { apt-get update >/dev/null && apt-get install -y opencv-data >/dev/null; }
fi
# The text-watermark tests draw synthetic samples with DejaVu and Liberation fonts (their seeds and expected regions were
# chosen on the set those fonts draw); a machine may have only some of them.
fonts=/usr/share/fonts/truetype
if { [ ! -f $fonts/liberation/LiberationSans-Regular.ttf ] || [ ! -f $fonts/dejavu/DejaVuSerif-BoldItalic.ttf ]; } && command -v apt-get >/dev/null; then
  packages="fonts-dejavu-core fonts-dejavu-extra fonts-liberation"
  as_root=""
  [ "$(id -u)" = 0 ] || as_root="sudo -n"
  # Not fatal here: without the fonts those tests fail and name the packages, and every other test still runs.
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq $packages >/dev/null 2>&1 \
    || { $as_root apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq $packages >/dev/null 2>&1; } \
    || echo "test.sh: could not install $packages; the synthetic text tests will fail and say which fonts are missing"
fi
# Build once, then run the test projects one after the other: in parallel they load each other's machine, and the
# timing-sensitive tests (web job limits, cancellation) were written for one test run at a time.
dotnet build ImageAI.sln -c Release -nologo -v q
failed=0
for project in tests/ImageAI.Tests tests/ImageAI.Web.Tests; do
  dotnet test "$project" -c Release --no-build --logger "console;verbosity=normal" "$@" || failed=1
done

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
  # Called in an '||' list, where 'set -e' does not apply: each step returns on failure itself.
  (cd tests/web-e2e && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; }) || return 1
  dotnet build samples/ImageAI.Web -c Release -nologo -v q || return 1
  (cd tests/web-e2e && CHROMIUM_PATH="$(command -v chromium)" npm test) || return 1
}
if [ $# -eq 0 ] || [ "${IMAGEAI_E2E:-0}" = 1 ]; then run_web_e2e || failed=1; fi
if [ "$failed" != 0 ]; then echo "test.sh: FAILED (see the failures above)"; exit 1; fi
echo "test.sh: all tests passed"
