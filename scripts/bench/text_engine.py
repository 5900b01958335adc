"""mostlyai-engine's text synthesis for scripts/bench/text: a tabular model for the non-text
columns, then its language model (LSTMFromScratch-3m, trained from scratch) for the text column
with the row's other columns as context, the way the engine's two-step text synthesis works.
Usage: text_engine.py TRAIN.csv TEXT_COLUMN OUT.csv WORKSPACE MAX_MINUTES_PER_MODEL LANGUAGE_MAX_EPOCHS
(the epoch cap bounds the language model's work whatever the machine's load; the time cap is
a safety net)
Prints `TIMES train_wall gen_wall train_cpu`."""
import shutil, sys, time
from pathlib import Path
import pandas as pd
from mostlyai import engine

train, text_col, out, ws, max_minutes = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4]), float(sys.argv[5])
max_epochs = float(sys.argv[6])
shutil.rmtree(ws, ignore_errors=True)
engine.set_random_state(42)
df = pd.read_csv(train)
key = "__row"
df.insert(0, key, range(len(df)))
tab_ws, lang_ws = ws / "tabular", ws / "language"

t, c = time.perf_counter(), time.process_time()
engine.split(tgt_data=df.drop(columns=[text_col]), tgt_primary_key=key, workspace_dir=tab_ws)
engine.analyze(workspace_dir=tab_ws); engine.encode(workspace_dir=tab_ws)
engine.train(workspace_dir=tab_ws, device="cpu", max_training_time=max_minutes)
engine.split(tgt_data=df[[key, text_col]], ctx_data=df.drop(columns=[text_col]), tgt_context_key=key,
             ctx_primary_key=key, model_type="LANGUAGE", tgt_encoding_types={text_col: "LANGUAGE_TEXT"},
             workspace_dir=lang_ws)
engine.analyze(workspace_dir=lang_ws); engine.encode(workspace_dir=lang_ws)
engine.train(workspace_dir=lang_ws, model="MOSTLY_AI/LSTMFromScratch-3m", device="cpu", max_training_time=max_minutes,
             max_epochs=max_epochs)
t_train, c_train = time.perf_counter() - t, time.process_time() - c

t = time.perf_counter()
engine.generate(workspace_dir=tab_ws, sample_size=len(df), device="cpu")
syn_tab = pd.concat([pd.read_parquet(p) for p in sorted((tab_ws / "SyntheticData").glob("*.parquet"))])
engine.generate(workspace_dir=lang_ws, ctx_data=syn_tab, device="cpu")
syn_text = pd.concat([pd.read_parquet(p) for p in sorted((lang_ws / "SyntheticData").glob("*.parquet"))])
t_gen = time.perf_counter() - t
syn = syn_tab.merge(syn_text, on=key, how="left")
cols = [c for c in df.columns if c != key]
syn[cols].to_csv(out, index=False)
print("TIMES", t_train, t_gen, c_train)
