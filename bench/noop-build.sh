#!/usr/bin/env bash
# No-op incremental `dotnet build` of the sample with the OneClickPublish package against the same
# project without it (its generated code copied in as plain sources), run alternately in one session.
# Prints each median and the ratio (target: at most 1.05).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off

version="0.1.0-bench.$(date +%s)"
dotnet pack "$root/src/OneClickPublish.Tasks" -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q >/dev/null

with="$work/with"; without="$work/without"
mkdir -p "$with" "$without"
(cd "$root/samples/HelloExtension" && tar --exclude=bin --exclude=obj --exclude=.oneclick -cf - .) | tar -xf - -C "$with"
cat > "$with/NuGet.config" <<XML
<configuration><packageSources><clear /><add key="feed" value="$work/feed" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources>
<packageSourceMapping><packageSource key="nuget.org"><package pattern="*" /></packageSource><packageSource key="feed"><package pattern="OneClickPublish" /></packageSource></packageSourceMapping></configuration>
XML
echo "<Project><PropertyGroup><OneClickPublishVersion>$version</OneClickPublishVersion></PropertyGroup></Project>" > "$with/Directory.Build.props"
echo "<Project />" > "$with/Directory.Packages.props"
dotnet build "$with" -nologo -v:q >/dev/null

# The baseline: the same sources and the code the package generated, with no package at all.
(cd "$with" && tar --exclude=bin --exclude=obj --exclude=.oneclick -cf - .) | tar -xf - -C "$without"
perl -0pi -e "s{<PackageReference Include=\"OneClickPublish\"[^>]*/>}{}" "$without/HelloExtension.csproj"
mkdir -p "$without/Generated"
find "$with/obj" -path '*OneClickPublish/generated/*.g.cs' -exec cp {} "$without/Generated/" \;
dotnet build "$without" -nologo -v:q >/dev/null

time_build() { local s e; s=$(date +%s%N); dotnet build "$1" -nologo -v:q >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
a=(); b=()
for _ in $(seq "$runs"); do
  a+=("$(time_build "$with")")
  b+=("$(time_build "$without")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ma=$(median "${a[@]}"); mb=$(median "${b[@]}")
echo "no-op build with OneClickPublish:    median ${ma} ms over $runs runs"
echo "no-op build without (baseline):      median ${mb} ms over $runs runs"
awk -v a="$ma" -v b="$mb" 'BEGIN { printf "ratio with/without: %.3f (target <= 1.05)\n", a / b }'
