#!/usr/bin/env bash
# Upload benchmark: the Upload code (PlatformClient, through `OneClickPublish.Bench upload`) against
# curl sending the same bytes to the same Platform Server, side by side in one session, plus the
# server's peak resident memory. Targets: client throughput >= 0.8 x curl's (issue 3), >= 0.85 with
# the server's console log on (issue 9: every request is logged; LOG_FORMAT=console is the default,
# json or none to compare); server peak RSS during the upload < 250 MB.
#
#   bench/upload-vs-curl.sh                 # 1 GiB, 3 runs of each, server started here
#   SIZE_MIB=256 RUNS=1 bench/upload-vs-curl.sh
#   SERVER_URL=http://127.0.0.1:5080 ONECLICK_API_KEY=... SERVER_PID=1234 bench/upload-vs-curl.sh   # use a running server
#   FRESH=0 bench/upload-vs-curl.sh         # keep every upload on the server's disk (see below)
#
# Runs go in pairs, curl and client back to back, in alternating order (odd pairs curl first), and the
# headline is the median of the pairs' ratios: a pair's two runs share the machine's state of the
# moment, where the medians of each side taken apart can each fall in another. With the server
# started here (FRESH=1, the default), each upload's file is removed once it is timed and the
# kernel's dirty pages are written (sync) before the next run: otherwise every run leaves 1 GiB for
# writeback, and after a few GiB the kernel throttles whichever run comes next, so a run's time
# depends on what ran before it rather than on its own code. Both sides then run in the same
# regime, from the page cache, where the disk does not hide the CPU each side spends.
#
# The client's time includes what the Upload stage really does: the create request and the PATCHes,
# with the file's SHA-256 computed while they send it (given with the last byte, Upload-SHA256; a
# server from before that hashes the file first, as the client did until then). curl's time is the
# create request and one streamed PATCH; its SHA-256 is computed beforehand, untimed, so the ratio
# is on the strict side.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SIZE_MIB="${SIZE_MIB:-1024}"
RUNS="${RUNS:-3}"
LOG_FORMAT="${LOG_FORMAT:-console}"
FRESH="${FRESH:-1}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocp-upload-bench.XXXXXX")"
FILE="$WORK/payload.bin"
DATA="$WORK/server-data"
STARTED_PID=""

cleanup() {
  [[ -n "${SAMPLER_PID:-}" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  # Only the processes this script started, by their ids.
  if [[ -n "$STARTED_PID" ]]; then
    local pids=("$STARTED_PID")
    [[ -n "${SERVER_PID:-}" && "$SERVER_PID" != "$STARTED_PID" ]] && pids+=("$SERVER_PID")
    kill "${pids[@]}" 2>/dev/null || true
    # A server that does not stop on SIGTERM within 10 s is killed, so the script never hangs here.
    for _ in $(seq 1 20); do kill -0 "${pids[@]}" 2>/dev/null || break; sleep 0.5; done
    kill -9 "${pids[@]}" 2>/dev/null || true
    wait "$STARTED_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "building (Release)..."
dotnet build bench/OneClickPublish.Bench -c Release -nologo -v q >/dev/null
BENCH_DLL="$ROOT/bench/OneClickPublish.Bench/bin/Release/net10.0/OneClickPublish.Bench.dll"

echo "writing a ${SIZE_MIB} MiB file of random bytes..."
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$FILE"
LENGTH="$(stat -c %s "$FILE")"
sync

if [[ -z "${SERVER_URL:-}" ]]; then
  PORT="${PORT:-$(free_port)}"
  SERVER_URL="http://127.0.0.1:$PORT"
  mkdir -p "$DATA"
  if [[ -z "${SERVER_CMD:-}" ]]; then
    dotnet build src/OneClickPublish.Tool -c Release -nologo -v q >/dev/null
    # The server command of the oneclick tool (issue 3). Override SERVER_CMD (with PORT) if it changes.
    SERVER_CMD="dotnet run --no-build -c Release --project src/OneClickPublish.Tool -- server --data $DATA --urls $SERVER_URL --log-format $LOG_FORMAT"
  fi
  echo "starting the server: $SERVER_CMD"
  $SERVER_CMD > "$WORK/server.log" 2>&1 &
  STARTED_PID=$!
  for _ in $(seq 1 120); do
    curl -fsS "$SERVER_URL/health" >/dev/null 2>&1 && break
    kill -0 "$STARTED_PID" 2>/dev/null || { echo "the server exited:"; cat "$WORK/server.log"; exit 1; }
    sleep 0.5
  done
  curl -fsS "$SERVER_URL/health" >/dev/null || { echo "the server did not answer /health:"; cat "$WORK/server.log"; exit 1; }
  # `dotnet run` starts the server as a child: watch the process that listens on the port.
  SERVER_PID="${SERVER_PID:-$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)}"
  SERVER_PID="${SERVER_PID:-$STARTED_PID}"
  if [[ -z "${ONECLICK_API_KEY:-}" ]]; then
    # `oneclick server` prints "First API key (scope publish), shown once — keep it: ocp_..." at its
    # first start; keys start with "ocp_". Fallback: the longest key-like token on a line about a key.
    ONECLICK_API_KEY="$(grep -oE 'ocp_[A-Za-z0-9_-]{16,}' "$WORK/server.log" | head -n1 || true)"
    if [[ -z "$ONECLICK_API_KEY" ]]; then
      ONECLICK_API_KEY="$(grep -i 'key' "$WORK/server.log" | grep -oE '[A-Za-z0-9_~.+/=-]{20,}' | awk '{ print length, $0 }' | sort -rn | head -n1 | cut -d' ' -f2- || true)"
    fi
  fi
fi
[[ -n "${ONECLICK_API_KEY:-}" ]] || { echo "no API key: set ONECLICK_API_KEY"; exit 1; }
export ONECLICK_API_KEY
echo "server $SERVER_URL (pid ${SERVER_PID:-unknown})"

# Samples the server's resident memory while the uploads run; VmHWM at the end is the kernel's peak.
SAMPLES="$WORK/rss.txt"
if [[ -n "${SERVER_PID:-}" && -r "/proc/$SERVER_PID/status" ]]; then
  ( while kill -0 "$SERVER_PID" 2>/dev/null; do awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status" >> "$SAMPLES" 2>/dev/null || true; sleep 0.05; done ) &
  SAMPLER_PID=$!
  RSS_BEFORE_KB="$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")"
fi

SHA256="$(sha256sum "$FILE" | cut -d' ' -f1)"
LAST_ID=""

# Untimed, between runs: the timed upload's file goes (its dirty pages with it) and the rest is written.
settle() {
  if [[ "$FRESH" == 1 && -n "$STARTED_PID" && -n "$LAST_ID" ]]; then
    rm -f "$DATA/uploads/$LAST_ID.data" "$DATA/uploads/$LAST_ID.json"
  fi
  sync
}

curl_upload() {
  local start end id
  start="$(date +%s.%N)"
  id="$(curl -fsS -X POST "$SERVER_URL/api/v1/uploads" \
        -H "Authorization: Bearer $ONECLICK_API_KEY" -H 'Content-Type: application/json' \
        -d "{\"length\":$LENGTH,\"sha256\":\"$SHA256\",\"fileName\":\"payload.bin\"}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["uploadId"])')"
  curl -fsS -X PATCH "$SERVER_URL/api/v1/uploads/$id" -T "$FILE" \
       -H "Authorization: Bearer $ONECLICK_API_KEY" -H 'Upload-Offset: 0' \
       -H 'Content-Type: application/offset+octet-stream' -H 'Expect:' -o /dev/null
  end="$(date +%s.%N)"
  echo "$id" > "$WORK/last-id"
  python3 -c "print(f'{$end - $start:.3f}')"
}

client_upload() {
  local out
  out="$(dotnet "$BENCH_DLL" upload --server "$SERVER_URL" --file "$FILE" ${CHUNK_MIB:+--chunk-mib "$CHUNK_MIB"})"
  echo "$out" | head -n1 >&2
  echo "$out" | head -n1 | sed -n 's/^upload \([^:]*\):.*/\1/p' > "$WORK/last-id"
  echo "$(echo "$out" | sed -n 's/^CLIENT_SECONDS=//p') $(echo "$out" | sed -n 's/^CLIENT_HASH_SECONDS=//p')"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

CURL_TIMES=()
CLIENT_TIMES=()
HASH_TIMES=()
PAIR_RATIOS=()
run_curl() { t="$(curl_upload)"; LAST_ID="$(cat "$WORK/last-id")"; settle; CURL_TIMES+=("$t"); ct="$t"; echo "run $run: curl   $t s"; }
run_client() {
  read -r t h < <(client_upload); LAST_ID="$(cat "$WORK/last-id")"; settle
  CLIENT_TIMES+=("$t"); HASH_TIMES+=("$h"); kt="$t"
  echo "run $run: client $t s (of which $h s before the first byte: create, and the SHA-256 against an older server)"
}
# One untimed upload of 64 MiB by each side first: the server's upload path (and the client's) is
# compiled by the JIT on first use, which would otherwise fall on whichever side runs first.
head -c $((64 * 1024 * 1024)) "$FILE" > "$WORK/warm-up.bin"
WARM_ID="$(curl -fsS -X POST "$SERVER_URL/api/v1/uploads" -H "Authorization: Bearer $ONECLICK_API_KEY" -H 'Content-Type: application/json' \
  -d "{\"length\":$((64 * 1024 * 1024)),\"sha256\":\"$(sha256sum "$WORK/warm-up.bin" | cut -d' ' -f1)\",\"fileName\":\"warm-up.bin\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["uploadId"])')"
curl -fsS -X PATCH "$SERVER_URL/api/v1/uploads/$WARM_ID" -T "$WORK/warm-up.bin" -H "Authorization: Bearer $ONECLICK_API_KEY" \
  -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' -H 'Expect:' -o /dev/null
LAST_ID="$WARM_ID"; settle
dotnet "$BENCH_DLL" upload --server "$SERVER_URL" --file "$WORK/warm-up.bin" | sed -n 's/^upload \([^:]*\):.*/\1/p' > "$WORK/last-id"
LAST_ID="$(cat "$WORK/last-id")"; settle
rm -f "$WORK/warm-up.bin"

for run in $(seq 1 "$RUNS"); do
  if (( run % 2 )); then run_curl; run_client; else run_client; run_curl; fi
  # Same bytes both sides: the throughput ratio client/curl is curl's time over the client's.
  PAIR_RATIOS+=("$(python3 -c "print(f'{$ct / $kt:.3f}')")")
  echo "run $run: pair ratio ${PAIR_RATIOS[-1]}"
done

CURL_S="$(printf '%s\n' "${CURL_TIMES[@]}" | median)"
CURL_MIN="$(printf '%s\n' "${CURL_TIMES[@]}" | sort -n | head -n1)"
CLIENT_MIN="$(printf '%s\n' "${CLIENT_TIMES[@]}" | sort -n | head -n1)"
CLIENT_S="$(printf '%s\n' "${CLIENT_TIMES[@]}" | median)"
HASH_S="$(printf '%s\n' "${HASH_TIMES[@]}" | median)"
PAIR_S="$(printf '%s\n' "${PAIR_RATIOS[@]}" | median)"
PAIRS="$(printf '%s ' "${PAIR_RATIOS[@]}")"

echo
echo "== upload of $LENGTH bytes, median of $RUNS runs each =="
python3 - "$LENGTH" "$CURL_S" "$CLIENT_S" "$HASH_S" "$CURL_MIN" "$CLIENT_MIN" "$PAIR_S" "$PAIRS" "$FRESH" <<'PY'
import sys
length, curl_s, client_s, hash_s, curl_min, client_min, pair = int(sys.argv[1]), *map(float, sys.argv[2:8])
pairs, fresh = sys.argv[8].split(), sys.argv[9]
mib = length / 1024 / 1024
curl_tp, client_tp = mib / curl_s, mib / client_s
ratio = client_tp / curl_tp
print(f"curl:   {curl_s:8.3f} s  {curl_tp:8.1f} MiB/s")
print(f"client: {client_s:8.3f} s  {client_tp:8.1f} MiB/s  (includes the SHA-256 of the file, computed while sending)")
print(f"pair ratios client/curl: {' '.join(pairs)}  ({'each upload removed and the disk synced between runs' if fresh == '1' else 'uploads kept on disk'})")
print(f"throughput ratio client/curl, median of the pairs: {pair:.2f}  (target >= 0.80: {'PASS' if pair >= 0.8 else 'FAIL'}; with the log on >= 0.85: {'PASS' if pair >= 0.85 else 'FAIL'})")
print(f"ratio of the medians of each side: {ratio:.2f}")
transfer_tp = mib / (client_s - hash_s)
print(f"client from its first byte (without its {hash_s:.3f} s before it: create, and the SHA-256 against an older server): {transfer_tp:.1f} MiB/s, ratio {transfer_tp / curl_tp:.2f}")
# On a machine shared with other work the fastest run of each is the one least slowed by it.
print(f"fastest run of each: curl {curl_min:.3f} s, client {client_min:.3f} s, ratio {curl_min / client_min:.2f}")
PY

if [[ -f "$WORK/server.log" ]]; then
  echo "server log ($LOG_FORMAT): $(grep -c 'api/v1/uploads' "$WORK/server.log" || true) request lines about uploads, $(wc -l < "$WORK/server.log") lines in all"
fi

if [[ -n "${SAMPLER_PID:-}" ]]; then
  kill "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  PEAK_SAMPLED_KB="$(sort -n "$SAMPLES" | tail -n1)"
  HWM_KB="$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)"
  python3 - "$RSS_BEFORE_KB" "$PEAK_SAMPLED_KB" "$HWM_KB" <<'PY'
import sys
before, sampled, hwm = (int(x) / 1024 for x in sys.argv[1:4])
print(f"server RSS before: {before:.0f} MiB; peak sampled during uploads: {sampled:.0f} MiB; VmHWM (lifetime peak): {hwm:.0f} MiB")
print(f"server peak RSS < 250 MB: {'PASS' if hwm < 250 else 'FAIL'}")
PY
fi
