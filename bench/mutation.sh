#!/usr/bin/env bash
# Mutation testing of Core's verify (Verification/), merge (CodeGeneration/Merging/) and XIF (Xif/)
# code with Stryker.NET, against OneClickPublish.Core.Tests. Not run by CI: it reruns the covering
# tests once per mutant. On 2 shared cores Xif/ and Merging/ take about 20 minutes, Verification/
# about 9 (docs/benchmarks.md has the commands and scores).
#   bench/mutation.sh [extra stryker options, e.g. --concurrency 2 or -m "**/Xif/**/*.cs"]
# Stryker compiles the mutated Core into the test project's bin/, so the run happens in a copy of
# the work tree, leaving the developer's own build alone. The report (HTML, JSON) is copied to
# bench/results/mutation/ (ignored by git); the score is the last "The final mutation score" line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The sources as they are now (committed or not), without build output.
tar --exclude=bin --exclude=obj --exclude=TestResults --exclude=StrykerOutput --exclude=.git \
  --exclude=./bench/results -cf - . | tar -xf - -C "$work"
dotnet tool restore >/dev/null
cd "$work/tests/OneClickPublish.Core.Tests"
dotnet tool run dotnet-stryker --config-file stryker-config.json "$@" | tee "$work/stryker.log"

mkdir -p "$root/bench/results/mutation"
latest=$(ls -d StrykerOutput/*/ | sort | tail -1)
cp -r "$latest"reports/. "$root/bench/results/mutation/"
cp "$work/stryker.log" "$root/bench/results/mutation/"
grep -i "final mutation score" "$work/stryker.log" || true
