#!/bin/bash
# make demo: the main job of each tool on bundled data, in build/demo/.
set -eo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH"
out=build/demo
mkdir -p "$out"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*" >&2; }
