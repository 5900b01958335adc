"""Driver for scripts/bench/linked: linked tables (a subject table and its sequences).

For each data set, subjects are split 80/20 with numpy default_rng(42) (linked rows follow
their subject). Every method trains on the training part and generates as many subjects as
it has, with their linked rows; mostlyai-qa scores the linked table given the subject
tables as context (accuracy, coherence, DCR share). Each method runs in its own process.

mostlyai-qa refuses fewer than 90 training / 100 synthetic subjects (chickweight has 40
training chicks, produc 38 states): its minimum-size check is switched off for these runs
(nothing else changes), so the small sets are scored the same way, with wide noise.
"""
import argparse, json, os, resource, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("SYNTH_SHARED_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / ".bench-out" / "linked"

# name: (subject file, linked file, subject table, linked table, key, order column)
DATASETS = {
    "chickweight": ("linked/chickweight_chicks.csv", "linked/chickweight_weights.csv", "chicks", "weights", "chick", "day"),
    "produc": ("linked/produc_states.csv", "linked/produc_years.csv", "states", "years", "state", "year"),
    "flights": ("nycflights13_planes.csv", "nycflights13_flights.csv", "planes", "flights", "tailnum", "time_hour"),
}

COMMON = r'''
import sys, time, json, resource, pandas as pd
from pathlib import Path
d = Path(sys.argv[1]); key, order, minutes = sys.argv[2], sys.argv[3], float(sys.argv[4])
subj = pd.read_csv(d / "trn_subjects.csv"); linked = pd.read_csv(d / "trn_linked.csv")
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
'''

PEER_CODE = {
"engine": COMMON + r'''
import shutil
from mostlyai import engine
engine.set_random_state(42)
ws1, ws2 = d / "engine-ws-subjects", d / "engine-ws-linked"
for ws in (ws1, ws2): shutil.rmtree(ws, ignore_errors=True)
c0, t0 = cpu(), time.perf_counter()
engine.split(tgt_data=subj, tgt_primary_key=key, workspace_dir=ws1)
engine.analyze(workspace_dir=ws1); engine.encode(workspace_dir=ws1)
engine.train(workspace_dir=ws1, device="cpu", max_training_time=minutes)
engine.split(tgt_data=linked, ctx_data=subj, tgt_context_key=key, ctx_primary_key=key, workspace_dir=ws2)
engine.analyze(workspace_dir=ws2); engine.encode(workspace_dir=ws2)
engine.train(workspace_dir=ws2, device="cpu", max_training_time=minutes)
train_cpu = cpu() - c0
t1 = time.perf_counter()
engine.generate(workspace_dir=ws1, sample_size=len(subj), device="cpu")
syn_subj = pd.concat([pd.read_parquet(p) for p in sorted((ws1 / "SyntheticData").glob("*.parquet"))])
engine.generate(workspace_dir=ws2, ctx_data=syn_subj, device="cpu")
syn_linked = pd.concat([pd.read_parquet(p) for p in sorted((ws2 / "SyntheticData").glob("*.parquet"))])
gen_s = time.perf_counter() - t1
syn_subj.to_csv(d / "syn-engine-subjects.csv", index=False); syn_linked.to_csv(d / "syn-engine-linked.csv", index=False)
print("TIMES", json.dumps(dict(train_cpu_s=train_cpu, gen_s=gen_s, gen_rows=len(syn_linked))))
''',
"hma": COMMON + r'''
from sdv.metadata import Metadata
from sdv.multi_table import HMASynthesizer
c0 = cpu()
md = Metadata.detect_from_dataframes({"subjects": subj, "linked": linked}, infer_keys=None)
md.update_column(table_name="subjects", column_name=key, sdtype="id")
md.update_column(table_name="linked", column_name=key, sdtype="id")
md.set_primary_key(table_name="subjects", column_name=key)
md.add_relationship(parent_table_name="subjects", child_table_name="linked", parent_primary_key=key, child_foreign_key=key)
s = HMASynthesizer(md); s.fit({"subjects": subj, "linked": linked})
train_cpu = cpu() - c0
t1 = time.perf_counter()
syn = s.sample_scale(scale=1.0)
gen_s = time.perf_counter() - t1
syn["subjects"].to_csv(d / "syn-hma-subjects.csv", index=False); syn["linked"].to_csv(d / "syn-hma-linked.csv", index=False)
print("TIMES", json.dumps(dict(train_cpu_s=train_cpu, gen_s=gen_s, gen_rows=len(syn["linked"]))))
''',
"par": COMMON + r'''
from sdv.metadata import Metadata
from sdv.sequential import PARSynthesizer
ctx_cols = [c for c in subj.columns if c != key]
joined = linked.merge(subj, on=key, how="inner")
c0 = cpu()
md = Metadata.detect_from_dataframes({"t": joined}, infer_keys=None)
md.update_column(table_name="t", column_name=key, sdtype="id")
md.set_sequence_key(table_name="t", column_name=key)
if pd.api.types.is_numeric_dtype(joined[order]) or "time" in order:
    if not pd.api.types.is_numeric_dtype(joined[order]):
        md.update_column(table_name="t", column_name=order, sdtype="datetime", datetime_format="%Y-%m-%dT%H:%M:%SZ")
    md.set_sequence_index(table_name="t", column_name=order)
s = PARSynthesizer(md, context_columns=ctx_cols, epochs=64); s.fit({"t": joined})
train_cpu = cpu() - c0
t1 = time.perf_counter()
syn = s.sample_sequences(num_sequences=len(subj))
gen_s = time.perf_counter() - t1
syn[[key] + ctx_cols].drop_duplicates(subset=[key]).to_csv(d / "syn-par-subjects.csv", index=False)
syn[[c for c in linked.columns]].to_csv(d / "syn-par-linked.csv", index=False)
print("TIMES", json.dumps(dict(train_cpu_s=train_cpu, gen_s=gen_s, gen_rows=len(syn))))
''',
}

QA_CODE = r'''
import sys, json, pandas as pd
from mostlyai import qa
import mostlyai.qa.reporting as reporting
reporting.check_min_sample_size = lambda *a, **k: None   # small sets: see the module doc
d, method, key, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rd = lambda name: pd.read_csv(f"{d}/{name}")
trn_l, hol_l, trn_s, hol_s = rd("trn_linked.csv"), rd("hol_linked.csv"), rd("trn_subjects.csv"), rd("hol_subjects.csv")
syn_l, syn_s = rd(f"syn-{method}-linked.csv")[list(trn_l.columns)], rd(f"syn-{method}-subjects.csv")[list(trn_s.columns)]
qa.set_random_state(seed)
_, m = qa.report(syn_tgt_data=syn_l, trn_tgt_data=trn_l, hol_tgt_data=hol_l,
                 syn_ctx_data=syn_s, trn_ctx_data=trn_s, hol_ctx_data=hol_s,
                 ctx_primary_key=key, tgt_context_key=key, report_path=f"{d}/qa-{method}.html")
syn_keys = set(syn_s[key]); integrity = float(syn_l[key].isin(syn_keys).mean()) if len(syn_l) else float("nan")
print("METRICS", json.dumps(dict(m.model_dump() if m else {}, integrity=integrity)))
'''


def engine_seed_check(d, name, key, fresh):
    """mostlyai-engine's trained sequential model given the holdout subjects (cached), checked as synth's."""
    seeded = d / "seed-engine-linked.csv"
    reason = "failed"
    if fresh or not seeded.exists():
        print(f"[{name}] engine: generating with the holdout subjects as seed ...", file=sys.stderr)
        p, _, _ = run([sys.executable, "-c", ENGINE_SEED_CODE, d])
        if p.returncode != 0:
            seeded.unlink(missing_ok=True)
            reason = ((p.stderr or p.stdout).strip().splitlines() or ["failed"])[-1][:160]
    if not seeded.exists():
        return dict(dataset=name, method="engine", error=reason)
    return dict(seed_check(d, key, SEED_RELATIONS.get(name), "engine"), dataset=name)


def generating_seconds(output):
    """The Generating task's duration from the output of `tasks j TABLE` (`12.3s` or `2m 05s`), or None."""
    import re
    for line in output.splitlines():
        if re.search(r"\bGenerating\b(?! text)", line):
            m = re.search(r"(?:(\d+)m (\d+)s|(\d+(?:\.\d+)?)s)", line)
            if m:
                return int(m.group(1)) * 60 + int(m.group(2)) if m.group(1) else float(m.group(3))
    return None


def run(cmd, cwd=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(list(map(str, cmd)), capture_output=True, text=True, cwd=cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p, time.perf_counter() - t, cpu


def prepare(name, planes):
    import numpy as np, pandas as pd
    subj_file, linked_file, _, _, key, order = DATASETS[name]
    subj, linked = pd.read_csv(DATA / subj_file), pd.read_csv(DATA / linked_file)
    linked = linked[linked[key].isin(set(subj[key]))]
    if name == "flights":
        # A sample of planes with their flights (the peers cannot finish on all 3,322).
        subj = subj[subj[key].isin(set(linked[key]))]
        subj = subj.iloc[np.random.default_rng(7).permutation(len(subj))[:planes]]
        linked = linked[linked[key].isin(set(subj[key]))]
    linked = linked.sort_values([key, order], kind="stable")
    idx = np.random.default_rng(42).permutation(len(subj))
    cut = int(round(len(subj) * 0.8))
    trn_s, hol_s = subj.iloc[idx[:cut]], subj.iloc[idx[cut:]]
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    trn_s.to_csv(d / "trn_subjects.csv", index=False)
    hol_s.to_csv(d / "hol_subjects.csv", index=False)
    linked[linked[key].isin(set(trn_s[key]))].to_csv(d / "trn_linked.csv", index=False)
    linked[linked[key].isin(set(hol_s[key]))].to_csv(d / "hol_linked.csv", index=False)
    return d, len(trn_s), int(linked[key].isin(set(trn_s[key])).sum())


SYNTH_SCRIPT = """load "trn_subjects.csv" as {S}
load "trn_linked.csv" as {L}
link {L}.{key} to={S}.{key} order={order}
train {S} {L} seed=42 {args} as j
watch j
download j table="{S}" to="syn-synth-subjects.csv" replace=true
download j table="{L}" to="syn-synth-linked.csv" replace=true
tasks j "{L}"
"""

# Generate with seed: the holdout subjects given to the job trained above (job 1 of a fresh store).
SYNTH_SEED_SCRIPT = """load "hol_subjects.csv" as seeds
generate 1 from=seeds table="{S}" seed=7 as g
watch g
download g table="{L}" to="seed-synth-linked.csv" replace=true
"""

# Generate with seed for mostlyai-engine: its sequential model given the holdout subjects as context.
ENGINE_SEED_CODE = r'''
import sys, pandas as pd
from pathlib import Path
from mostlyai import engine
d = Path(sys.argv[1]); engine.set_random_state(7)
ws2 = d / "engine-ws-linked"
engine.generate(workspace_dir=ws2, ctx_data=pd.read_csv(d / "hol_subjects.csv"), device="cpu")
out = pd.concat([pd.read_parquet(p) for p in sorted((ws2 / "SyntheticData").glob("*.parquet"))])
out.to_csv(d / "seed-engine-linked.csv", index=False)
'''

# Per data set, the (subject column, linked column) relation the seed check follows.
SEED_RELATIONS = {"flights": ("manufacturer", "carrier")}


def seed_check(d, key, relation, method):
    """How generated rows for given (holdout) subjects depend on them, next to the real holdout rows."""
    import pandas as pd
    from scipy.stats import ks_2samp
    hol_s, hol_l = pd.read_csv(d / "hol_subjects.csv"), pd.read_csv(d / "hol_linked.csv")
    trn_s, trn_l = pd.read_csv(d / "trn_subjects.csv"), pd.read_csv(d / "trn_linked.csv")
    gen = pd.read_csv(d / f"seed-{method}-linked.csv")
    keys = hol_s[key]
    real_len = hol_l.groupby(key).size().reindex(keys, fill_value=0)
    gen_len = gen.groupby(key).size().reindex(keys, fill_value=0)
    out = dict(method=method, rows=len(gen), rows_real=len(hol_l),
               keys_given=float(gen[key].isin(set(keys)).mean()) if len(gen) else float("nan"),
               length_ks=float(ks_2samp(real_len, gen_len).statistic),
               length_spearman=float(real_len.corr(gen_len, method="spearman")),
               length_median=float(gen_len.median()), length_median_real=float(real_len.median()),
               length_q90=float(gen_len.quantile(0.9)), length_q90_real=float(real_len.quantile(0.9)))
    if relation:
        sc, lc = relation
        pairs = set(map(tuple, trn_l[[key, lc]].merge(trn_s[[key, sc]], on=key)[[sc, lc]].astype(str).values))
        def in_relation(rows):
            m = rows[[key, lc]].merge(hol_s[[key, sc]], on=key)
            return float(pd.Series([p in pairs for p in map(tuple, m[[sc, lc]].astype(str).values)]).mean())
        main = hol_l.groupby(key)[lc].agg(lambda v: v.mode().iloc[0])
        own = lambda rows: float((rows[lc].astype(str).values == rows[key].map(main).astype(str).values).mean())
        out.update(relation=f"{sc}->{lc}", relation_share=in_relation(gen), relation_share_real=in_relation(hol_l),
                   main_share=own(gen[gen[key].isin(main.index)]), main_share_real=own(hol_l))
    return out


def score(d, method, key, seeds):
    import statistics
    runs = []
    for seed in seeds:
        p, _, _ = run([sys.executable, "-c", QA_CODE, d, method, key, seed])
        lines = [l for l in p.stdout.splitlines() if l.startswith("METRICS ")]
        if p.returncode != 0 or not lines:
            raise RuntimeError("mostlyai-qa failed: " + (p.stderr or p.stdout)[-800:])
        runs.append(json.loads(lines[-1][len("METRICS "):]))
    def med(get):
        values = [v for v in (get(r) for r in runs) if isinstance(v, (int, float))]
        return statistics.median(values) if values else None
    return dict(overall=med(lambda r: (r.get("accuracy") or {}).get("overall")),
                univariate=med(lambda r: (r.get("accuracy") or {}).get("univariate")),
                bivariate=med(lambda r: (r.get("accuracy") or {}).get("bivariate")),
                coherence=med(lambda r: (r.get("accuracy") or {}).get("coherence")),
                overall_max=med(lambda r: (r.get("accuracy") or {}).get("overall_max")),
                dcr_share=med(lambda r: (r.get("distances") or {}).get("dcr_share")),
                integrity=med(lambda r: r.get("integrity")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth", required=True)
    ap.add_argument("--datasets", default="chickweight,produc,flights")
    ap.add_argument("--methods", default="synth,engine,hma,par")
    ap.add_argument("--planes", type=int, default=400, help="planes sampled for flights")
    ap.add_argument("--minutes", type=float, default=4.0, help="mostlyai-engine's time limit per model")
    ap.add_argument("--fresh", action="store_true", help="rerun peers even when cached")
    ap.add_argument("--qa-seeds", default="1,2,3")
    ap.add_argument("--synth-args", default="")
    args = ap.parse_args()
    seeds = [int(s) for s in args.qa_seeds.split(",")]
    rows, seed_rows = [], []
    for name in args.datasets.split(","):
        d, n_subj, n_rows = prepare(name, args.planes)
        _, _, S, L, key, order = DATASETS[name]
        for method in args.methods.split(","):
            row = dict(dataset=name, method=method, subjects=n_subj, linked_rows=n_rows, qa_seeds=seeds)
            if method == "par" and name == "flights":
                row["error"] = "not run: PAR does not finish on thousands of flights within the time budget here"
                rows.append(row)
                continue
            cache = d / f"result-{method}.json"
            if method != "synth" and cache.exists() and not args.fresh:
                cached = json.loads(cache.read_text())
                reuse = cached.get("subjects") == n_subj
                if reuse and cached.get("qa_seeds") != seeds and (d / f"syn-{method}-linked.csv").exists():
                    # Same trained result, other QA random states: score the cached synthetic tables again.
                    print(f"[{name}] {method}: cached, scoring with mostlyai-qa seeds {seeds} ...", file=sys.stderr)
                    cached.update(score(d, method, key, seeds), qa_seeds=seeds)
                    cache.write_text(json.dumps(cached))
                elif reuse and cached.get("qa_seeds") == seeds:
                    print(f"[{name}] {method}: cached", file=sys.stderr)
                if reuse and cached.get("qa_seeds") == seeds:
                    rows.append(cached)
                    if method == "engine":
                        seed_rows.append(engine_seed_check(d, name, key, args.fresh))
                    continue
            print(f"[{name}] {method}: training on {n_subj} subjects / {n_rows} rows ...", file=sys.stderr)
            if method == "synth":
                script = d / "bench.synth"
                script.write_text(SYNTH_SCRIPT.format(S=S, L=L, key=key, order=order, args=args.synth_args))
                env_home = d / "synth-home"
                import shutil
                shutil.rmtree(env_home, ignore_errors=True)  # a fresh store: the training job is job 1
                env_home.mkdir()
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                p = subprocess.run([args.synth, str(script)], capture_output=True, text=True, cwd=d,
                                   env=dict(os.environ, SYNTH_HOME=str(env_home)))
                wall = time.perf_counter() - t
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if p.returncode != 0:
                    row["error"] = (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[0][:160]
                    rows.append(row)
                    continue
                # The whole script's CPU (train, generate, QA): an upper bound of training CPU.
                # Generation rows/s: the linked table's generated rows over its Generating task's duration.
                gen_rows = max(sum(1 for _ in open(d / "syn-synth-linked.csv")) - 1, 0)
                gen_s = generating_seconds(p.stdout)
                row.update(train_cpu_s=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
                           gen_rows_per_s=gen_rows / gen_s if gen_s else None, wall_s=wall)
                seed_script = d / "seed.synth"
                seed_script.write_text(SYNTH_SEED_SCRIPT.format(S=S, L=L))
                q = subprocess.run([args.synth, str(seed_script)], capture_output=True, text=True, cwd=d,
                                   env=dict(os.environ, SYNTH_HOME=str(env_home)))
                if q.returncode == 0:
                    seed_rows.append(dict(seed_check(d, key, SEED_RELATIONS.get(name), "synth"), dataset=name))
                else:
                    seed_rows.append(dict(dataset=name, method="synth", error=(q.stderr.strip().splitlines() or ["failed"])[0][:160]))
            else:
                p, wall, _ = run([sys.executable, "-c", PEER_CODE[method], d, key, order, args.minutes])
                times = [l for l in p.stdout.splitlines() if l.startswith("TIMES ")]
                if p.returncode != 0 or not times:
                    row["error"] = ((p.stderr or p.stdout).strip().splitlines() or ["failed"])[-1][:160]
                    rows.append(row)
                    continue
                t = json.loads(times[-1][len("TIMES "):])
                row.update(train_cpu_s=t["train_cpu_s"], gen_rows_per_s=t["gen_rows"] / max(t["gen_s"], 1e-9), wall_s=wall)
            print(f"[{name}] {method}: scoring with mostlyai-qa ...", file=sys.stderr)
            try:
                row.update(score(d, method, key, seeds))
            except RuntimeError as error:
                row["error"] = str(error)[:160]
            if method != "synth" and "error" not in row:
                cache.write_text(json.dumps(row))
            rows.append(row)
            if method == "engine" and "error" not in row:
                seed_rows.append(engine_seed_check(d, name, key, True))
    cols = ["dataset", "method", "subjects", "overall", "coherence", "univariate", "bivariate", "overall_max", "dcr_share",
            "integrity", "train_cpu_s", "gen_rows_per_s"]
    print(" | ".join(f"{c:>12}" for c in cols))
    for r in rows:
        cells = [f"{r.get(c):>12.3f}" if isinstance(r.get(c), float) else f"{str(r.get(c, '')):>12}" for c in cols]
        print(" | ".join(cells) + (f"   ERROR: {r['error']}" if r.get("error") else ""))
    if seed_rows:
        print("\ngenerate with seed (the holdout subjects given): generated vs real holdout rows per subject")
        scols = ["dataset", "method", "rows", "rows_real", "keys_given", "length_ks", "length_spearman", "length_median",
                 "length_median_real", "length_q90", "length_q90_real", "relation_share", "relation_share_real",
                 "main_share", "main_share_real"]
        print(" | ".join(f"{c[:12]:>12}" for c in scols))
        for r in seed_rows:
            cells = [f"{r.get(c):>12.3f}" if isinstance(r.get(c), float) else f"{str(r.get(c, '')):>12}" for c in scols]
            print(" | ".join(cells) + (f"   ERROR: {r['error']}" if r.get("error") else ""))
        print("length_ks: KS statistic of rows per subject, generated vs real; length_spearman: rank correlation of a"
              " subject's generated and real row counts; relation_share: share of rows whose (subject column, linked"
              " column) pair occurs in the training data (flights: manufacturer -> carrier); main_share: share of rows"
              " with the subject's most frequent real value (flights: the plane's own carrier)")
    import importlib.metadata as md
    print(f"accuracy/coherence/DCR share: mostlyai-qa {md.version('mostlyai-qa')} on the linked table with the subject"
          f" tables as context, medians over random states {args.qa_seeds}; integrity: share of linked rows whose key"
          " names a generated subject; train_cpu_s: the training calls' CPU (synth: its whole script);"
          f" engine time limit {args.minutes} min per model; flights: {args.planes} planes sampled (seed 7)")


if __name__ == "__main__":
    main()
