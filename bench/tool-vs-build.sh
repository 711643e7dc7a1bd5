#!/usr/bin/env bash
# `oneclick publish` of the sample against `dotnet build -t:OneClickPublish` of the same sample,
# to the same Platform Server, run alternately in one session (target: the tool adds at most 10%
# to the median), and the time of `oneclick --help` (cold start: the first run after the build,
# then the median of warm runs). Both sides build with the same pipeline: the tool's own tasks
# and targets, passed to dotnet build the way the tool passes them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-7}
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off

dotnet publish "$root/src/OneClickPublish.Tool" -c Release -o "$work/tool" -nologo -v:q >/dev/null
tool="$work/tool/oneclick"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

cold=$(ms "$tool" --help)
warm=(); for _ in $(seq "$runs"); do warm+=("$(ms "$tool" --help)"); done

mkdir -p "$work/sample"
(cd "$root/samples/HelloExtension" && tar --exclude=bin --exclude=obj --exclude=.oneclick -cf - .) | tar -xf - -C "$work/sample"
cp "$root/samples/Directory.Build.props" "$work/" 2>/dev/null || true

"$tool" server --data "$work/data" --urls http://127.0.0.1:0 > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do grep -q 'listening at' "$work/server.log" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening at \(http[^ ]*\) .*/\1/p' "$work/server.log" | head -1)
export ONECLICK_API_KEY=$(sed -n 's/.*shown once.*: \(ocp_[^ ]*\).*/\1/p' "$work/server.log" | head -1)
[ -n "$url" ] && [ -n "$ONECLICK_API_KEY" ] || { echo "server did not start:"; cat "$work/server.log"; exit 1; }

build=(dotnet build "$work/sample" -t:OneClickPublish -nologo -v:q
  "-p:OneClickPublishTasksAssembly=$work/tool/OneClickPublish.Tasks.dll"
  "-p:DirectoryBuildTargetsPath=$work/tool/OneClickPublish.Injected.targets"
  "-p:OneClickPublishServer=$url")
oneclick=("$tool" publish "$work/sample" --server "$url" --no-window)

"${build[@]}" >/dev/null   # first publish, then every run re-publishes the same version (idempotent)
a=(); b=()
for _ in $(seq "$runs"); do
  a+=("$(ms "${oneclick[@]}")")
  b+=("$(ms "${build[@]}")")
done
ma=$(median "${a[@]}"); mb=$(median "${b[@]}")
echo "oneclick --help:                         cold ${cold} ms, warm median $(median "${warm[@]}") ms over $runs runs"
echo "oneclick publish --server (no window):   median ${ma} ms over $runs runs"
echo "dotnet build -t:OneClickPublish:         median ${mb} ms over $runs runs"
awk -v a="$ma" -v b="$mb" 'BEGIN { printf "ratio tool/build: %.3f (target <= 1.10)\n", a / b }'
