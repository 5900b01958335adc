#!/usr/bin/env python3
"""Round trip, step 2: read each *.synth.parquet with pyarrow and write it again as *.pyarrow.parquet.

Prints the Arrow schema pyarrow saw, so time zones and types can be checked by eye.
"""
import glob
import os
import sys

import pyarrow.parquet as pq

directory = sys.argv[1]
files = sorted(glob.glob(os.path.join(directory, "*.synth.parquet")))
if not files:
    sys.exit(f"no *.synth.parquet files in {directory}")
for path in files:
    table = pq.read_table(path)
    out = path.replace(".synth.parquet", ".pyarrow.parquet")
    pq.write_table(table, out)
    types = ", ".join(f"{f.name}: {f.type}" for f in table.schema)
    if "ts_us_tz" in table.column_names:  # the time zone must have survived synth's writer
        assert str(table.schema.field("ts_us_tz").type) == "timestamp[us, tz=America/New_York]", table.schema
    print(f"pyarrow read {os.path.basename(path)} ({table.num_rows} rows) [{types}] -> wrote {os.path.basename(out)}")
