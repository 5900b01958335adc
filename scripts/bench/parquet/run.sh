#!/usr/bin/env bash
# Parquet benchmark: nycflights13_flights written as Parquet (snappy) by pyarrow, then read by
# synth (ParquetReader, release build) and by pyarrow.parquet.read_table in the same run; and the
# same table written by each (snappy). Target: synth ≤ 1.5× pyarrow's wall time for both.
#
# Usage: scripts/bench/parquet/run.sh [REPEATS]   (uses $SYNTH_BENCH_VENV when set, else makes .venv-bench)
set -euo pipefail
cd "$(dirname "$0")/../../.."
REPEATS=${1:-7}
if [[ -n "${SYNTH_BENCH_VENV:-}" ]]; then
    PY="$SYNTH_BENCH_VENV/bin/python"
else
    [[ -x .venv-bench/bin/python ]] || { python3 -m venv .venv-bench && .venv-bench/bin/pip install -q pyarrow numpy; }
    PY=.venv-bench/bin/python
fi
DATA=${SYNTH_SHARED_DATA:-../shared/data}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FILE="$WORK/flights.parquet"
"$PY" scripts/bench/parquet/pyarrow_bench.py prepare "$DATA/nycflights13_flights.csv" "$FILE"
# Other test targets use @testable imports, so the release build needs -enable-testing.
swift build -c release --build-tests -Xswiftc -enable-testing >/dev/null 2>&1 || swift build -c release --build-tests -Xswiftc -enable-testing
BIN=$(swift build -c release -Xswiftc -enable-testing --show-bin-path)/synthPackageTests.xctest
SYNTH=$(SYNTH_PARQUET_HARNESS=bench SYNTH_PARQUET_DIR="$WORK" SYNTH_PARQUET_BENCH_FILE="$FILE" SYNTH_PARQUET_BENCH_REPEAT="$REPEATS" \
    "$BIN" --testing-library swift-testing --filter "ParquetHarnessTests/benchmark" 2>&1 | grep "^SYNTH_BENCH" | head -1)
PYARROW=$("$PY" scripts/bench/parquet/pyarrow_bench.py time "$FILE" "$WORK" "$REPEATS")
"$PY" - "$SYNTH" "$PYARROW" <<'PYEOF'
import json, sys
synth = dict(kv.split("=") for kv in sys.argv[1].split()[1:])
pa = json.loads(sys.argv[2])
print(f"rows: synth {synth['rows']}, pyarrow {pa['rows']}")
for op in ("read", "write"):
    s, p = float(synth[f"{op}_median_s"]), pa[f"{op}_median_s"]
    verdict = "OK" if s <= 1.5 * p else "SLOWER THAN TARGET"
    print(f"{op:5s}  synth {s*1000:8.1f} ms (min {float(synth[f'{op}_min_s'])*1000:.1f})   "
          f"pyarrow {p*1000:8.1f} ms (min {pa[f'{op}_min_s']*1000:.1f})   ratio {s/p:5.2f}  [{verdict}, target ≤ 1.5]")
print(f"written bytes: synth {synth['written_bytes']}, pyarrow {pa['written_bytes']}")
PYEOF
