#!/usr/bin/env bash
# The whole `oneclick import` of a .xif shaped like the largest real ones (issue 8: 100 actions,
# 350 parameters, 20 structures, 10 MB of resources, about 13 MB of XML), as a user runs it: wall
# time and peak working set (maximum resident set size) of the tool's process, RUNS times, medians.
# Targets: under 3 s and under 300 MB. The in-process figures (read, export against ZLibStream) come
# from `dotnet run -c Release --project bench/OneClickPublish.Bench -- studio`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build "$root/src/OneClickPublish.Tool" -c Release -nologo -v:q >/dev/null
dotnet run -c Release --project "$root/bench/OneClickPublish.Bench" -- studio --generate-only "$work/Big.xif"
tool="$root/src/OneClickPublish.Tool/bin/Release/net10.0/oneclick.dll"

walls=(); peaks=()
for i in $(seq 0 "$runs"); do
  rm -rf "$work/Big"
  /usr/bin/time -f '%e %M' -o "$work/time.txt" dotnet "$tool" import "$work/Big.xif" -o "$work/Big" --package-version 1.0.0 >/dev/null
  read -r wall peak < "$work/time.txt"
  # The first run warms the file cache and is not counted.
  if [ "$i" -gt 0 ]; then walls+=("$wall"); peaks+=("$peak"); fi
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "oneclick import Big.xif, $runs runs: median wall $(median "${walls[@]}") s, median peak working set $(( $(median "${peaks[@]}") / 1024 )) MB (load: $(cut -d' ' -f1-3 /proc/loadavg))"
