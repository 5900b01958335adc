"""Conditional generation check, mostlyai-engine side (scripts/check-conditional).

Trains mostlyai-engine (defaults: flexible generation on) on DATA, generates one row per
training row with `seed_data` holding only that row's SEED_COLUMN value, and prints how
TARGET_COLUMN follows the seed, in the same layout as `synth-bench conditional`:
  - numeric target: its mean per seed value (top 12 by rows) in the data, seeded, unseeded;
  - categorical target: the share of rows whose generated target equals the real row's
    (seeded rows paired with their seed row; unseeded rows paired by generated seed value).
Ends with one JSON line.
Usage: engine-conditional.py DATA SEED_COLUMN TARGET_COLUMN SEED WORKSPACE [max_minutes]
"""
import json, shutil, sys, time
from pathlib import Path

import pandas as pd
from mostlyai import engine


def main():
    data, seed_column, target, seed, ws = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
    max_minutes = float(sys.argv[6]) if len(sys.argv) > 6 else None
    shutil.rmtree(ws, ignore_errors=True)
    engine.set_random_state(seed)
    df = pd.read_csv(data)
    t, c = time.perf_counter(), time.process_time()
    engine.split(tgt_data=df, workspace_dir=ws)
    engine.analyze(workspace_dir=ws)
    engine.encode(workspace_dir=ws)
    train_args = dict(workspace_dir=ws, device="cpu")
    if max_minutes:
        train_args["max_training_time"] = max_minutes
    engine.train(**train_args)
    train_s, train_cpu = time.perf_counter() - t, time.process_time() - c
    # The engine's own training rows (its split) are the "data" here, as synth's are on its side.
    trn = pd.concat([pd.read_parquet(p) for p in sorted((ws / "OriginalData" / "tgt-data").glob("*-trn.parquet"))],
                    ignore_index=True)
    trn = trn[trn.columns.intersection(df.columns)]
    seeded = generate(ws, seed_data=trn[[seed_column]].reset_index(drop=True))
    unseeded = generate(ws, sample_size=len(trn))
    print(f"mostlyai-engine (flexible generation); {len(trn)} training rows; target {target} given {seed_column}; "
          f"training {train_s:.0f} s wall, {train_cpu:.0f} s CPU")
    result = {"op": "conditional", "peer": "mostlyai-engine", "seed_column": seed_column, "target": target,
              "rows": len(trn), "train_cpu_s": train_cpu}
    keys = trn[seed_column].astype(str).fillna("(null)")
    if pd.api.types.is_numeric_dtype(trn[target]):
        def means(table):
            return pd.to_numeric(table[target], errors="coerce").groupby(table[seed_column].astype(str)).mean()
        real, with_seed, without_seed = means(trn), means(seeded), means(unseeded)
        counts = keys.value_counts()
        top = sorted(counts.index, key=lambda k: (-counts[k], k))[:12]
        print(f"{seed_column:<20}      rows        data      seeded    unseeded")
        rows, seeded_error, unseeded_error = [], 0.0, 0.0
        for k in top:
            r, s, u = (float(m.get(k, float("nan"))) for m in (real, with_seed, without_seed))
            print(f"{k:<20} {counts[k]:9d} {r:11.1f} {s:11.1f} {u:11.1f}")
            rows.append({"value": k, "rows": int(counts[k]), "data": r, "seeded": s, "unseeded": u})
            if s == s: seeded_error += abs(s - r) * counts[k]
            if u == u: unseeded_error += abs(u - r) * counts[k]
        total = float(sum(counts[k] for k in top))
        print(f"row-weighted mean |error|: seeded {seeded_error / total:.1f}, unseeded {unseeded_error / total:.1f}")
        result.update(groups=rows, seeded_mean_abs_error=seeded_error / total, unseeded_mean_abs_error=unseeded_error / total)
    else:
        real_target = trn[target].astype(str).reset_index(drop=True)
        seeded_agreement = float((seeded[target].astype(str).reset_index(drop=True) == real_target).mean())
        # Unseeded rows paired with real rows of the same generated seed value where possible.
        pool = {}
        for i, k in enumerate(unseeded[seed_column].astype(str)):
            pool.setdefault(k, []).append(i)
        generated = unseeded[target].astype(str).tolist()
        same = 0
        for i, k in enumerate(keys):
            j = pool[k].pop() if pool.get(k) else i
            same += generated[j] == real_target[i]
        unseeded_agreement = same / max(len(trn), 1)
        print(f"same {target} as the real row: seeded {seeded_agreement:.3f}, unseeded (paired by {seed_column}) "
              f"{unseeded_agreement:.3f}")
        result.update(seeded_agreement=seeded_agreement, unseeded_agreement=unseeded_agreement)
    print(json.dumps(result, sort_keys=True))


def generate(ws, **kwargs):
    engine.generate(workspace_dir=ws, device="cpu", **kwargs)
    return pd.concat([pd.read_parquet(p) for p in sorted((ws / "SyntheticData").glob("*.parquet"))], ignore_index=True)


if __name__ == "__main__":
    main()
