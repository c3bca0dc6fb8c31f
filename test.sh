#!/usr/bin/env bash
# The test command: fetches the models the tests use (project script), then runs every test in Release.
# Extra arguments go to 'dotnet test' (e.g. --filter 'FullyQualifiedName~Background').
set -euo pipefail
cd "$(dirname "$0")"
bash models/fetch.sh isnet-general isnet-general-quint8
dotnet test ImageAI.sln -c Release --logger "console;verbosity=normal" "$@"
