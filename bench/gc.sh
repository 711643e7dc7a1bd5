#!/usr/bin/env bash
# Issue 9 point 6: the blob collection of 10,000 blobs with 1,000 versions under 5 s, memory flat.
# Twice: with the default GC (times), and with a small gen0 budget (heap growth close to live memory),
# then with the references fixed at 1,000 versions and more garbage (what memory flat means: nothing per blob).
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/OneClickPublish.Bench -c Release -nologo -v q >/dev/null || exit 1
bench=bench/OneClickPublish.Bench/bin/Release/net10.0/OneClickPublish.Bench.dll
RUNS=${RUNS:-5}
dotnet "$bench" gc --sizes 1000,10000,50000 --runs "$RUNS"
DOTNET_GCgen0size=0x80000 dotnet "$bench" gc --sizes 1000,10000,50000 --runs "$RUNS"
DOTNET_GCgen0size=0x80000 dotnet "$bench" gc --sizes 10000,50000 --versions 1000 --runs "$RUNS"
