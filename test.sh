#!/usr/bin/env bash
# The test command: fetches the models the tests use (project script), then runs every test in Release.
# Extra arguments go to 'dotnet test' (e.g. --filter 'FullyQualifiedName~Background').
set -euo pipefail
cd "$(dirname "$0")"
bash models/fetch.sh isnet-general isnet-general-quint8
# BRISQUE tests read OpenCV's SVR model files from Debian's opencv-data package (not shipped with ImageAI).
if [ ! -f /usr/share/opencv4/quality/brisque_model_live.yml ] && [ -z "${IMAGEAI_BRISQUE_DIR:-}" ] && command -v apt-get >/dev/null; then
  apt-get install -y opencv-data >/dev/null || { apt-get update >/dev/null && apt-get install -y opencv-data >/dev/null; }
fi
dotnet test ImageAI.sln -c Release --logger "console;verbosity=normal" "$@"
