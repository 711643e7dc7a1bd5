#!/usr/bin/env bash
# VerifyDefinition before and after a change, side by side: builds the bench at two commits in
# temporary worktrees, then runs them alternately (so machine load hits both alike) and prints each
# run and the median of the per-run medians for 10k and 50k actions.
#   bench/verify-before-after.sh <before-commit> [after-commit, default HEAD] [rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/verify-before-after.sh <before-commit> [after-commit] [rounds]}
after=${2:-HEAD}
rounds=${3:-5}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/before" >/dev/null 2>&1 || true; git worktree remove --force "$work/after" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

for side in before after; do
  commit=${!side}
  git worktree add --detach -q "$work/$side" "$commit"
  dotnet build -c Release -nologo -v:q "$work/$side/bench/OneClickPublish.Bench" >/dev/null
done

for round in $(seq "$rounds"); do
  for side in before after; do
    dotnet "$work/$side/bench/OneClickPublish.Bench/bin/Release/net10.0/OneClickPublish.Bench.dll" verify 5 \
      | awk -v side="$side" '/^verify +(10000|50000) actions/ && match($0, /median [0-9.]+/) { print side, $2, substr($0, RSTART + 7, RLENGTH - 7) }' \
      | tee -a "$work/results"
  done
done

echo "median of $rounds runs (ms):"
for side in before after; do
  m10=$(awk -v s="$side" '$1 == s && $2 == 10000 { print $3 }' "$work/results" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  m50=$(awk -v s="$side" '$1 == s && $2 == 50000 { print $3 }' "$work/results" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  echo "$side: 10k $m10 ms, 50k $m50 ms, 50k/10k $(awk -v a="$m50" -v b="$m10" 'BEGIN { printf "%.2f", a / b }')x"
done
