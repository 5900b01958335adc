#!/usr/bin/env python3
"""Writes a large synthetic CSV for the analysis memory/throughput benchmark.

Usage: generate-analysis-csv.py ROWS OUTPUT.csv [SEED]

Ten columns of every kind the analysis handles: a unique integer id, a high-cardinality
code (~200k distinct), a 20-value category, an integer price, a 2-decimal amount, a
many-decimal score with ~1 % nulls, an ISO date, an ISO UTC timestamp, a bool and short
free text. Standard library only; the file is never committed (write it under /tmp).
"""
import random
import sys


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rows, path = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    categories = [f"cat_{i:02d}" for i in range(20)]
    notes = [f"note {i} about things" for i in range(1000)]
    with open(path, "w", encoding="utf-8") as out:
        out.write("id,customer,category,price,amount,score,created,event_time,flag,note\n")
        batch = []
        for i in range(rows):
            price = int(rng.lognormvariate(7, 1)) + 1
            amount = rng.randint(-50_000, 500_000) / 100
            score = "" if rng.random() < 0.01 else repr(rng.random() * 100)
            day = rng.randint(1, 28)
            month = rng.randint(1, 12)
            year = rng.randint(1950, 2030)
            hour, minute, second = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
            batch.append(
                f"{i},C{rng.randint(0, 199_999):06d},{rng.choice(categories)},{price},{amount:.2f},{score},"
                f"{year:04d}-{month:02d}-{day:02d},{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z,"
                f"{'true' if rng.random() < 0.3 else 'false'},{rng.choice(notes)}\n"
            )
            if len(batch) == 100_000:
                out.writelines(batch)
                batch.clear()
        out.writelines(batch)


if __name__ == "__main__":
    main()
