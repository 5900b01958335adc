"""Times mostlyai-engine's generation on diamonds (the peer figure for the model's rows/s).

Trains the engine briefly (generation cost does not depend on the epoch count), then times
`engine.generate` for as many rows as the training split has. Run with the peers' venv:
    $SYNTH_BENCH_VENV/bin/python scripts/bench/engine-generation-speed.py [diamonds.csv]
"""
import os, sys, time, tempfile, resource
import numpy as np, pandas as pd
from mostlyai import engine

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../shared/data/diamonds.csv")
df = pd.read_csv(path)
idx = np.random.default_rng(42).permutation(len(df))
trn = df.iloc[idx[: int(round(len(df) * 0.8))]].reset_index(drop=True)
engine.set_random_state(42)
ws = tempfile.mkdtemp(prefix="engine-gen-")
engine.split(tgt_data=trn, workspace_dir=ws)
engine.analyze(workspace_dir=ws)
engine.encode(workspace_dir=ws)
engine.train(workspace_dir=ws, device="cpu", max_epochs=1)
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t0, c0 = time.time(), cpu()
engine.generate(workspace_dir=ws, sample_size=len(trn), device="cpu")
wall, c = time.time() - t0, cpu() - c0
print(f"engine generate: {len(trn)} rows in {wall:.2f} s wall ({len(trn) / wall:.0f} rows/s), {c:.2f} s CPU")
