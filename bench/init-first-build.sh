#!/usr/bin/env bash
# A new extension from nothing: `dotnet new classlib` + `oneclick init` + its first `dotnet build`,
# against `dotnet new classlib` + its first `dotnet build`, run alternately in one session, each in a
# fresh folder (target: at most 1.5x). The NuGet cache is warmed by one untimed round of each, so
# that neither side measures a download.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off MSBUILDDISABLENODEREUSE=1

version="0.1.0-bench.$(date +%s)"
dotnet pack "$root/src/OneClickPublish.Tasks" -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q >/dev/null
# The tool adds a reference to the package of its own version: build it with the same one.
dotnet publish "$root/src/OneClickPublish.Tool" -c Release -o "$work/tool" -p:Version="$version" -nologo -v:q >/dev/null
tool="$work/tool/oneclick"

mkdir -p "$work/runs"
cat > "$work/runs/NuGet.config" <<XML
<configuration><packageSources><clear /><add key="feed" value="$work/feed" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources>
<packageSourceMapping><packageSource key="nuget.org"><package pattern="*" /></packageSource><packageSource key="feed"><package pattern="OneClickPublish" /></packageSource></packageSourceMapping></configuration>
XML
# Projects here are a user's: nothing of this repository above them.
echo "<Project />" > "$work/runs/Directory.Build.props"
echo "<Project />" > "$work/runs/Directory.Build.targets"

# Each run gets a new folder: the timed functions run in a subshell, so a counter would not advance.
fresh() { mktemp -d "$work/runs/$1XXXXXX"; }
fail() { echo "bench: $*" >&2; exit 1; }
with() {
  local dir; dir=$(fresh Ext); local name; name=$(basename "$dir")
  dotnet new classlib -o "$dir" -n "$name" >/dev/null || fail "dotnet new failed in $dir"
  "$tool" init "$dir" >/dev/null || fail "oneclick init failed in $dir"
  dotnet build "$dir" -nologo -v:q >/dev/null || fail "the first build failed in $dir"
  [ -f "$dir/${name}Actions.cs" ] || fail "no implementation file was written in $dir"
}
without() {
  local dir; dir=$(fresh Lib); local name; name=$(basename "$dir")
  dotnet new classlib -o "$dir" -n "$name" >/dev/null || fail "dotnet new failed in $dir"
  dotnet build "$dir" -nologo -v:q >/dev/null || fail "the build failed in $dir"
}
ms() { local s e; s=$(date +%s%N); "$@" || exit 1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

with; without   # warm-up: restores the package and the SDK's caches once
a=(); b=()
for _ in $(seq "$runs"); do
  a+=("$(ms with)") || exit 1
  b+=("$(ms without)") || exit 1
done
ma=$(median "${a[@]}"); mb=$(median "${b[@]}")
echo "new classlib + oneclick init + first build: median ${ma} ms over $runs runs (${a[*]})"
echo "new classlib + first build (baseline):      median ${mb} ms over $runs runs (${b[*]})"
awk -v a="$ma" -v b="$mb" 'BEGIN { printf "ratio with/without: %.3f (target <= 1.5)\n", a / b }'
