#!/usr/bin/env bash
# The project's Swift layout, from .swift-format (swift-format, which ships with the toolchain):
#   bash scripts/format.sh          rewrites every Swift file in place
#   bash scripts/format.sh --check  changes nothing and fails on any file that differs or any
#                                   rule finding (CI runs this before building)
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.swift')
if [ "${1:-}" = "--check" ]; then
    swift format lint --strict --parallel "${files[@]}"
else
    swift format --in-place --parallel "${files[@]}"
fi
