#!/usr/bin/env bash
# Issue 9, "Follow a publish live": 20 concurrent publishes, p95 as the client sees it within 100 ms
# of the server's own deploy-end p95. Runs the concurrent part of the `publish` bench
# (bench/OneClickPublish.Bench/PublishBench.cs) of this tree and of a baseline tree (default: main,
# exported with `git archive`, nothing checked out) alternately, RUNS rounds, and prints both side
# by side: client p50/p95, the server's deploy-end p95, and the gap between the p95s.
#
#   bench/publish-follow.sh                       # BASELINE=main RUNS=5 COUNT=20
#   BASELINE=2abf6ed RUNS=3 bench/publish-follow.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASELINE="${BASELINE:-main}"
RUNS="${RUNS:-5}"
COUNT="${COUNT:-20}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocp-follow-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

BASE_COMMIT="$(git -C "$ROOT" rev-parse --short "$BASELINE")"
echo "baseline $BASELINE ($BASE_COMMIT) against this tree ($(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo ', with changes'))"
mkdir -p "$WORK/baseline"
git -C "$ROOT" archive "$BASELINE" | tar -x -C "$WORK/baseline"
echo "building both (Release)..."
dotnet build "$WORK/baseline/bench/OneClickPublish.Bench" -c Release -nologo -v q >/dev/null
dotnet build "$ROOT/bench/OneClickPublish.Bench" -c Release -nologo -v q >/dev/null
BASE_DLL="$WORK/baseline/bench/OneClickPublish.Bench/bin/Release/net10.0/OneClickPublish.Bench.dll"
THIS_DLL="$ROOT/bench/OneClickPublish.Bench/bin/Release/net10.0/OneClickPublish.Bench.dll"

# A baseline without --only still runs the dedup part: one file of 1 MB keeps it short; it is not read here.
ARGS=(publish --count "$COUNT" --only concurrent --big-files 1 --big-file-mb 1)
for run in $(seq 1 "$RUNS"); do
  dotnet "$BASE_DLL" "${ARGS[@]}" > "$WORK/baseline-$run.txt" || { cat "$WORK/baseline-$run.txt"; exit 1; }
  dotnet "$THIS_DLL" "${ARGS[@]}" > "$WORK/this-$run.txt" || { cat "$WORK/this-$run.txt"; exit 1; }
  echo "run $run/$RUNS done (load $(cut -d' ' -f1-3 /proc/loadavg))"
done

python3 - "$WORK" "$RUNS" "$COUNT" <<'PY'
import re, statistics, sys
work, runs, count = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def figures(path):
    text = open(path).read()
    def p(label, which):
        line = next(l for l in text.splitlines() if label in l)
        return float(re.search(which + r"\s+([0-9.]+) ms", line).group(1))
    ok = re.search(r"succeeded\s+(\d+)/(\d+)", text)
    return dict(c50=p("seen by the client", "p50"), c95=p("seen by the client", "p95"),
                s95=p("server's Deploy-end time", "p95"), ok=f"{ok.group(1)}/{ok.group(2)}")

rows = {side: [figures(f"{work}/{side}-{r}.txt") for r in range(1, runs + 1)] for side in ("baseline", "this")}
print(f"\n== {count} concurrent publishes, ms from the common start; gap = client p95 - server deploy-end p95 (target <= 100 ms) ==")
print(f"{'run':>4} | {'baseline: client p50':>20} {'p95':>8} {'server p95':>11} {'gap':>8} | {'this: client p50':>16} {'p95':>8} {'server p95':>11} {'gap':>8} | ok")
for i in range(runs):
    b, t = rows["baseline"][i], rows["this"][i]
    print(f"{i + 1:>4} | {b['c50']:>20.1f} {b['c95']:>8.1f} {b['s95']:>11.1f} {b['c95'] - b['s95']:>8.1f} | {t['c50']:>16.1f} {t['c95']:>8.1f} {t['s95']:>11.1f} {t['c95'] - t['s95']:>8.1f} | {b['ok']} {t['ok']}")
def med(side, key): return statistics.median(r[key] for r in rows[side])
def medgap(side): return statistics.median(r["c95"] - r["s95"] for r in rows[side])
b50, b95, bs, bg = med("baseline", "c50"), med("baseline", "c95"), med("baseline", "s95"), medgap("baseline")
t50, t95, ts, tg = med("this", "c50"), med("this", "c95"), med("this", "s95"), medgap("this")
print(f"{'med':>4} | {b50:>20.1f} {b95:>8.1f} {bs:>11.1f} {bg:>8.1f} | {t50:>16.1f} {t95:>8.1f} {ts:>11.1f} {tg:>8.1f} |")
print(f"client p95 this/baseline: {t95 / b95:.2f}; median gap {tg:.1f} ms (target <= 100 ms: {'PASS' if tg <= 100 else 'FAIL'})")
PY
