#!/usr/bin/env bash
# Restore of a published extension from the Platform Server's NuGet feed against a restore of the very
# same package from a local folder source, run alternately in one session, each with a cold NuGet cache
# (a NUGET_PACKAGES and an HTTP cache of its own per run). Prints each median and the ratio
# (target, issue 11: feed <= 1.5 x folder), and what the one build of the package cost.
#
#   bench/feed-restore.sh            # 9 runs of each
#   RUNS=3 bench/feed-restore.sh
#
# The server (oneclick server, Release) and the extension (samples/HelloExtension, published with
# oneclick publish) are set up here; the consumer is a console project referencing HelloExtension 1.0.0.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-9}
work=$(mktemp -d "${TMPDIR:-/tmp}/ocp-feed-bench.XXXXXX")
server_pid=""
cleanup() {
  # Only the server this script started, by its id.
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off

echo "building the oneclick tool (Release)..."
dotnet build "$root/src/OneClickPublish.Tool" -c Release -o "$work/tool" -nologo -v:q >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
url="http://127.0.0.1:$port"
dotnet "$work/tool/oneclick.dll" server --data "$work/data" --urls "$url" --log-format none > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do curl -fsS "$url/health" >/dev/null 2>&1 && break; sleep 0.5; done
key=$(grep -oE 'ocp_[A-Za-z0-9_-]{16,}' "$work/server.log" | head -n1)
[[ -n "$key" ]] || { echo "no key in the server's output:"; cat "$work/server.log"; exit 1; }

echo "publishing samples/HelloExtension..."
(cd "$root/samples/HelloExtension" && tar --exclude=bin --exclude=obj --exclude=.oneclick -cf - .) | (mkdir -p "$work/extension" && tar -xf - -C "$work/extension")
echo "<Project />" > "$work/extension/Directory.Build.props"
echo "<Project />" > "$work/extension/Directory.Packages.props"
dotnet "$work/tool/oneclick.dll" publish "$work/extension" --server "$url" --api-key "$key" --no-window > "$work/publish.log" 2>&1 \
  || { cat "$work/publish.log"; exit 1; }

# The package's one build happens on its first request; the second request reads the stored blob.
nupkg="$url/nuget/v3/flat/helloextension/1.0.0/helloextension.1.0.0.nupkg"
mkdir -p "$work/folder-source"
first=$(curl -fsS -u "any:$key" -o "$work/folder-source/helloextension.1.0.0.nupkg" -w '%{time_total}' "$nupkg")
second=$(curl -fsS -u "any:$key" -o /dev/null -w '%{time_total}' "$nupkg")

consumer="$work/consumer"
mkdir -p "$consumer"
cat > "$consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="HelloExtension" Version="1.0.0" /></ItemGroup>
</Project>
XML
echo 'new HelloExtension.HelloExtensionActions().SayHello("bench", 1, out var g); System.Console.WriteLine(g);' > "$consumer/Program.cs"
echo "<Project />" > "$consumer/Directory.Build.props"
cat > "$work/feed.config" <<XML
<configuration>
  <packageSources><clear /><add key="team" value="$url/nuget/v3/index.json" allowInsecureConnections="true" /></packageSources>
  <packageSourceCredentials><team><add key="Username" value="any" /><add key="ClearTextPassword" value="%ONECLICK_FEED_KEY%" /></team></packageSourceCredentials>
</configuration>
XML
cat > "$work/folder.config" <<XML
<configuration>
  <packageSources><clear /><add key="folder" value="$work/folder-source" /></packageSources>
</configuration>
XML

run=0
time_restore() {
  run=$((run + 1))
  rm -rf "$consumer/obj"
  local s e
  s=$(date +%s%N)
  NUGET_PACKAGES="$work/packages-$run" NUGET_HTTP_CACHE_PATH="$work/http-$run" ONECLICK_FEED_KEY="$key" \
    dotnet restore "$consumer" --configfile "$1" -nologo -v:q >/dev/null
  e=$(date +%s%N)
  [[ -f "$work/packages-$run/helloextension/1.0.0/lib/net10.0/HelloExtension.dll" ]] || { echo "restore from $1 did not bring the package"; exit 1; }
  echo $(( (e - s) / 1000000 ))
}

echo "restoring, $runs runs of each, alternately..."
feed=(); folder=()
for _ in $(seq "$runs"); do
  feed+=("$(time_restore "$work/feed.config")")
  folder+=("$(time_restore "$work/folder.config")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
mf=$(median "${feed[@]}"); ml=$(median "${folder[@]}")
echo "package: first request (built then) ${first} s, second request (stored blob) ${second} s"
echo "restore from the feed:          median ${mf} ms over $runs runs (${feed[*]})"
echo "restore from a folder (baseline): median ${ml} ms over $runs runs (${folder[*]})"
awk -v a="$mf" -v b="$ml" 'BEGIN { printf "ratio feed/folder: %.3f (target <= 1.5: %s)\n", a / b, (a / b <= 1.5 ? "PASS" : "FAIL") }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
