#!/usr/bin/env python3
"""Scores the files `synth-bench linked` writes with mostlyai-qa (accuracy with context,
coherence, DCR share). Usage: sequential-qa.py DIR KEY CONTEXT_COLUMN. Runs in the peers'
venv (scripts/lib/bench-venv.sh); synth itself never depends on Python."""
import json
import os
import sys
import tempfile

import pandas as pd
from mostlyai import qa

folder, key, context = sys.argv[1], sys.argv[2], sys.argv[3]
read = lambda name: pd.read_csv(os.path.join(folder, name + ".csv"))
trn_ctx, hol_ctx, syn_ctx = read("trn_subjects"), read("hol_subjects"), read("syn_subjects")
trn_tgt, hol_tgt, syn_tgt = read("trn_linked"), read("hol_linked"), read("syn_linked")
# Keys are identifiers, compared as text on both sides.
for frame in (trn_ctx, hol_ctx, syn_ctx):
    frame[key] = frame[key].astype(str)
for frame in (trn_tgt, hol_tgt, syn_tgt):
    frame[context] = frame[context].astype(str)
with tempfile.TemporaryDirectory() as tmp:
    _, metrics = qa.report(syn_tgt_data=syn_tgt, trn_tgt_data=trn_tgt, hol_tgt_data=hol_tgt,
                           syn_ctx_data=syn_ctx, trn_ctx_data=trn_ctx, hol_ctx_data=hol_ctx,
                           ctx_primary_key=key, tgt_context_key=context,
                           report_path=os.path.join(tmp, "report.html"))
if metrics is None:
    sys.exit("mostlyai-qa computed no metrics (it needs at least 90 training and 100 synthetic subjects)")
m = metrics.model_dump() if hasattr(metrics, "model_dump") else metrics.dict()
print(json.dumps({"accuracy": m.get("accuracy"), "coherence": m.get("coherence"),
                  "dcr_share": (m.get("distances") or {}).get("dcr_share")}, default=str))
