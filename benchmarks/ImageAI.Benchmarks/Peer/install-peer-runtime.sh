#!/usr/bin/env bash
# Installs the background-removal peer (@imgly/background-removal-node 1.4.5) on another onnxruntime-node release,
# to measure how much the peer's own masks move when only the runtime changes.
# Usage: install-peer-runtime.sh ORT_VERSION ROOT   (creates ROOT/imgly-node; needs only the npm registry)
set -euo pipefail
version="$1"
home="$2/imgly-node"
mkdir -p "$home"
cat > "$home/package.json" <<JSON
{
  "name": "imageai-peer-imgly-node-ort-$version",
  "version": "1.0.0",
  "private": true,
  "dependencies": { "@imgly/background-removal-node": "1.4.5" },
  "overrides": { "sharp": "0.33.5", "onnxruntime-node": "$version", "onnxruntime-common": "$version" }
}
JSON
# --ignore-scripts: onnxruntime-node's install script only fetches GPU binaries; the CPU ones ship in the package.
(cd "$home" && npm install --ignore-scripts --no-audit --no-fund >/dev/null)
