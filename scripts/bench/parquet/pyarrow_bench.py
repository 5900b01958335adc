#!/usr/bin/env python3
"""pyarrow side of the Parquet benchmark.

  pyarrow_bench.py prepare CSV OUT.parquet   write the CSV as Parquet (snappy, pyarrow defaults)
  pyarrow_bench.py time PARQUET WORKDIR N    time pq.read_table and pq.write_table (snappy), N runs each
"""
import json
import os
import statistics
import sys
import time

import pyarrow.csv as pacsv
import pyarrow.parquet as pq


def prepare(csv_path, out):
    table = pacsv.read_csv(csv_path)
    pq.write_table(table, out, compression="snappy")
    print(f"pyarrow wrote {out}: {table.num_rows} rows, {os.path.getsize(out)} bytes")


def timed(fn, n):
    runs = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return runs


def time_it(path, workdir, n):
    table = pq.read_table(path)
    reads = timed(lambda: pq.read_table(path), n)
    out = os.path.join(workdir, "pyarrow_written.parquet")
    writes = timed(lambda: pq.write_table(table, out, compression="snappy"), n)
    print(json.dumps({"rows": table.num_rows, "read_median_s": statistics.median(reads), "read_min_s": min(reads),
                      "write_median_s": statistics.median(writes), "write_min_s": min(writes),
                      "written_bytes": os.path.getsize(out)}))


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    else:
        time_it(sys.argv[2], sys.argv[3], int(sys.argv[4]))
