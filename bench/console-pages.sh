#!/usr/bin/env bash
# Issue 10, "Speed": the console's extensions page with 1,000 extensions and one extension's versions
# page with 500 versions, p95 over REQUESTS requests each as the server itself times them (its request
# log's DurationMs, --log-format json), with the API's GET /api/v1/extensions and GET
# /api/v1/extensions/{name} on the same data as the baseline, side by side with the ratio.
# The data is made in the server's own metadata.db (schema created by the server, rows inserted
# with sqlite3): a thousand real publishes would measure publishing, not the pages.
#
#   bench/console-pages.sh            # EXTENSIONS=1000 VERSIONS=500 REQUESTS=100
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXTENSIONS="${EXTENSIONS:-1000}"
VERSIONS="${VERSIONS:-500}"
REQUESTS="${REQUESTS:-100}"
PORT="${PORT:-5391}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocp-console-bench.XXXXXX")"
URL="http://127.0.0.1:$PORT"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build "$ROOT/src/OneClickPublish.Tool" -c Release -nologo -v q >/dev/null
TOOL="$ROOT/src/OneClickPublish.Tool/bin/Release/net10.0/oneclick.dll"
KEY="$(dotnet "$TOOL" server keys create --data "$WORK/data" --name bench --scope admin | tail -1)"

start() {
  dotnet "$TOOL" server --data "$WORK/data" --urls "$URL" --log-format json > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do curl -sf "$URL/health" >/dev/null && return; sleep 0.25; done
  echo "the server did not start"; cat "$WORK/server.log"; exit 1
}
stop() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

start; stop   # the schema, at its latest step
python3 - "$WORK/data/metadata.db" "$EXTENSIONS" "$VERSIONS" <<'PY'
import sqlite3, sys, uuid, hashlib
db, extensions, versions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = sqlite3.connect(db)
t = lambda i: f"2026-01-01T00:{(i // 60) % 60:02d}:{i % 60:02d}.0000000Z"
h = lambda s: hashlib.sha256(s.encode()).hexdigest()
definition = '<Extension xmlns="urn:oneclickpublish:extension:v1" Name="{0}" Version="{1}"><Actions /></Extension>'
def extension(name, count):
    key = name.lower()
    c.execute("INSERT INTO extensions VALUES (?, ?, ?)", (key, name, f"1.0.{count - 1}"))
    for v in range(count):
        version = f"1.0.{v}"
        c.execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?)", (key, version, h(name + version), t(v), "bench", f"{name}/{version}", definition.format(name, version)))
        for f in range(3):
            c.execute("INSERT INTO version_files VALUES (?, ?, ?, ?, ?)", (key, version, f"bin/f{f}.dll", h(f"{name}{version}{f}"), 1000 + f))
        c.execute("INSERT INTO history VALUES (?, ?, ?, 'publish', ?, NULL, 'bench')", (uuid.uuid4().hex, key, t(v), version))
        c.execute("INSERT INTO operations VALUES (?, ?, ?, ?, 'u', ?, 'succeeded', 'Deploy', ?, ?, 'bench', 'bench', NULL)",
                  (uuid.uuid4().hex, key, name, version, h(name + version), t(v), t(v)))
for i in range(extensions - 1):
    extension(f"Ext{i:04d}", 1)
extension("Many", versions)
c.commit()
PY
# The deployment folders these rows name do not exist: the start's recovery only tidies folders.
start

# Sign in as a browser does: the form's token, then the session cookie.
JAR="$WORK/cookies"
TOKEN="$(curl -s -c "$JAR" -b "$JAR" "$URL/console/signin" | grep -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')"
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$TOKEN" --data-urlencode "key=$KEY" "$URL/console/signin"

measure() { # path, then curl options
  local path="$1"; shift
  for _ in $(seq 1 5); do curl -s -o /dev/null "$@" "$URL$path"; done   # warm-up, not counted
  : > "$WORK/mark"; local from; from=$(wc -l < "$WORK/server.log")
  for _ in $(seq 1 "$REQUESTS"); do curl -s -o /dev/null -w '%{http_code}\n' "$@" "$URL$path" | grep -qx 200 || { echo "GET $path failed"; exit 1; }; done
  sleep 0.5
  tail -n +"$((from + 1))" "$WORK/server.log" > "$WORK/slice.log"
  python3 - "$WORK/slice.log" "$path" <<'PY'
import json, sys
durations = []
for line in open(sys.argv[1]):
    try: entry = json.loads(line)
    except ValueError: continue
    state = entry.get("State") or {}
    if state.get("Path") == sys.argv[2].split("?")[0] and "DurationMs" in state:
        durations.append(float(state["DurationMs"]))
durations.sort()
p95 = durations[max(0, int(round(0.95 * len(durations))) - 1)]
print(f"{len(durations)} {durations[len(durations) // 2]:.0f} {p95:.0f}")
PY
}

echo "server-side request times (its own request log), $REQUESTS requests each; data: $EXTENSIONS extensions, $VERSIONS versions of one"
printf '%-46s %6s %6s   %-36s %6s %6s   %s\n' "console page" "p50" "p95" "baseline (API, same data)" "p50" "p95" "p95 ratio"
row() {
  read -r _ p50 p95 <<< "$(measure "$1" -b "$JAR")"
  read -r _ b50 b95 <<< "$(measure "$2" -H "Authorization: Bearer $KEY")"
  printf '%-46s %4s ms %4s ms   %-36s %4s ms %4s ms   %s\n' "$1" "$p50" "$p95" "$2" "$b50" "$b95" "$(python3 -c "print(f'{max($p95,1)/max($b95,1):.2f}')")"
}
row "/console/" "/api/v1/extensions"
row "/console/extensions/Many" "/api/v1/extensions/Many"
