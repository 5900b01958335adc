#!/usr/bin/env python3
"""Round trip, step 2: read each *.synth.parquet with pyarrow and write it again as *.pyarrow.parquet.

Prints the Arrow schema pyarrow saw, so time zones and types can be checked by eye.
"""
import glob
import os
import sys

import pyarrow.compute as pc
import pyarrow.parquet as pq


def check_statistics(path, table):
    """synth's min/max/null_count statistics must agree with the data, as pyarrow reads them."""
    metadata = pq.ParquetFile(path).metadata
    offset = 0
    for g in range(metadata.num_row_groups):
        group = metadata.row_group(g)
        part = table.slice(offset, group.num_rows)
        offset += group.num_rows
        for c in range(group.num_columns):
            stats = group.column(c).statistics
            column = part.column(c)
            assert stats is not None and stats.null_count == column.null_count, (path, c, stats)
            if stats.has_min_max and not str(column.type).startswith(("double", "float")):
                mm = pc.min_max(column)
                assert stats.min == mm["min"].as_py() and stats.max == mm["max"].as_py(), (path, c, stats, mm)

directory = sys.argv[1]
files = sorted(glob.glob(os.path.join(directory, "*.synth.parquet")))
if not files:
    sys.exit(f"no *.synth.parquet files in {directory}")
for path in files:
    table = pq.read_table(path)
    check_statistics(path, table)
    out = path.replace(".synth.parquet", ".pyarrow.parquet")
    pq.write_table(table, out)
    types = ", ".join(f"{f.name}: {f.type}" for f in table.schema)
    if "ts_us_tz" in table.column_names:  # the time zone must have survived synth's writer
        assert str(table.schema.field("ts_us_tz").type) == "timestamp[us, tz=America/New_York]", table.schema
    print(f"pyarrow read {os.path.basename(path)} ({table.num_rows} rows) [{types}] -> wrote {os.path.basename(out)}")
