#!/usr/bin/env bash
# Every benchmark, one after the other, in one session; figures go to docs/benchmarks.md by hand.
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/OneClickPublish.Bench -c Release -nologo -v q >/dev/null || exit 1
bench=bench/OneClickPublish.Bench/bin/Release/net10.0/OneClickPublish.Bench.dll
echo "== no-op build (issue 2)";            bash bench/noop-build.sh
echo "== VerifyDefinition (issue 2)";       dotnet "$bench" verify
echo "== SaveXif vs ZipFile (issue 2)";     dotnet "$bench" savexif
echo "== concurrent publishes, dedup (issue 3)"; dotnet "$bench" publish
echo "== upload vs curl (issue 3)";         bash bench/upload-vs-curl.sh
echo "== blob collection (issue 9)";        bash bench/gc.sh
echo "== console pages (issue 10)";         bash bench/console-pages.sh
echo "== console live log (issue 10)";      dotnet "$bench" live-log
[ -f bench/tool-vs-build.sh ] && { echo "== oneclick publish vs dotnet build (issue 4)"; bash bench/tool-vs-build.sh; }
