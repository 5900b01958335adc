#!/usr/bin/env bash
# Round trip synth → Parquet → pyarrow → Parquet → synth over every shared CSV data set,
# checked cell for cell (types and time zones included) against the CSV read by synth.
#
# Usage: scripts/parquet-roundtrip/run.sh   (uses $SYNTH_BENCH_VENV when set, else makes .venv-bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -n "${SYNTH_BENCH_VENV:-}" ]]; then
    PY="$SYNTH_BENCH_VENV/bin/python"
else
    [[ -x .venv-bench/bin/python ]] || { python3 -m venv .venv-bench && .venv-bench/bin/pip install -q pyarrow numpy; }
    PY=.venv-bench/bin/python
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
swift build --build-tests -Xswiftc -O >/dev/null
echo "== step 1: synth writes Parquet"
SYNTH_PARQUET_HARNESS=roundtrip-write SYNTH_PARQUET_DIR="$WORK" \
    swift test --skip-build -Xswiftc -O --filter "ParquetHarnessTests/roundTripWrite" 2>&1 | grep -E "^wrote|✘|error" || true
echo "== step 2: pyarrow reads and rewrites"
"$PY" scripts/parquet-roundtrip/pyarrow_step.py "$WORK"
echo "== step 3: synth reads pyarrow's files and compares with the CSV"
SYNTH_PARQUET_HARNESS=roundtrip-check SYNTH_PARQUET_DIR="$WORK" \
    swift test --skip-build -Xswiftc -O --filter "ParquetHarnessTests/roundTripCheck" 2>&1 | tee "$WORK/check.log" | grep -E "^(EQUAL|DIFFERENT|note)|✘" || true
if grep -q "^DIFFERENT\|✘" "$WORK/check.log" || ! grep -q "^EQUAL" "$WORK/check.log"; then
    echo "ROUND TRIP FAILED"; exit 1
fi
echo "ROUND TRIP OK: $(grep -c '^EQUAL' "$WORK/check.log") data sets equal cell for cell"
