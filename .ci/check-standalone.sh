#!/usr/bin/env bash
# The repository stands alone: no tracked file may reach outside it for what the build, the tests
# or the programs read (a user's clone has nothing beside it). Notes (*.md) may still say where a
# copied file came from.
set -euo pipefail
cd "$(dirname "$0")/.."
if hits=$(git grep -nE '(\.\./|/work/)shared\b' -- ':!*.md' ':!.ci/check-standalone.sh'); then
    echo "check-standalone: these lines reach outside the repository:"
    echo "$hits"
    echo "Copy what they need into the repository (with its source noted beside it) and point at that."
    exit 1
fi
echo "check-standalone: nothing refers outside the repository"
