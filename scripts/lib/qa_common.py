"""Shared helpers of scripts/check-qa-vs-mostlyai-qa and scripts/bench/qa: the Python
environment, the datasets and their synthetic stand-ins, and running both scorers."""
import os
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("SYNTH_SHARED_DATA", os.path.join(os.path.dirname(REPO), "shared", "data"))
# SYNTH_BENCH_BINARY: another synth-bench build to use (e.g. .build/debug/synth-bench built with
# -Xswiftc -O), skipping the release build.
BENCH = os.environ.get("SYNTH_BENCH_BINARY") or os.path.join(REPO, ".build", "release", "synth-bench")


def ensure_venv(script):
    """Re-runs `script` under $SYNTH_BENCH_VENV or .venv-bench (created when missing)."""
    venv = os.environ.get("SYNTH_BENCH_VENV") or os.path.join(REPO, ".venv-bench")
    python = os.path.join(venv, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        return
    if not os.path.exists(python):
        print(f"creating {venv} (mostlyai-qa, pandas, pyarrow)…", flush=True)
        subprocess.check_call([sys.executable, "-m", "venv", venv])
        subprocess.check_call([python, "-m", "pip", "install", "-q", "mostlyai-qa", "pandas", "pyarrow"])
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.execv(python, [python, os.path.abspath(script)] + sys.argv[1:])


def build_synth_driver():
    if (os.environ.get("SYNTH_QA_SKIP_BUILD") or os.environ.get("SYNTH_BENCH_BINARY")) and os.path.exists(BENCH):
        print(f"using the existing {BENCH} (SYNTH_QA_SKIP_BUILD)", flush=True)
        return
    print("building synth-bench (release) …", flush=True)
    result = subprocess.run(["swift", "build", "-c", "release", "--product", "synth-bench"], cwd=REPO,
                            capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-4000:] + result.stderr[-4000:], file=sys.stderr)
        raise SystemExit("swift build failed")


def run_synth(syn, trn, hol, out, html=None):
    """Scores the files with synth's QA report (`synth-bench qa`); returns the JSON."""
    import json
    command = [BENCH, "qa", syn, trn, hol or "-", out] + ([f"html={html}"] if html else [])
    start = time.time()
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        report = json.load(f)
    report["process_seconds"] = time.time() - start
    return report


def time_nearest_neighbours(rows, out):
    """Times one synth nearest-neighbour search of `rows` × `rows` random 13-dimensional records."""
    import json
    subprocess.run([BENCH, "knn", str(rows), out], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)


def read_csv(path):
    """pandas view of a CSV, with ISO date/time text columns parsed as datetimes (as synth reads them)."""
    import pandas as pd
    df = pd.read_csv(path)
    for column in df.columns:
        if df[column].dtype == object:
            sample = df[column].dropna().astype(str)
            if len(sample) and sample.str.match(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?Z?$").all():
                parsed = pd.to_datetime(df[column], format="ISO8601", utc=True).dt.tz_convert(None)
                df[column] = parsed
    return df


def run_mostlyai(syn, trn, hol, out, seed=42, reuse=False):
    """Scores the files with mostlyai-qa under `random_state` `seed`; with `reuse`, a result
    already written to `out` (newer than the three inputs) is read back instead."""
    import json
    if reuse and os.path.exists(out):
        inputs = [p for p in (syn, trn, hol) if p]
        if all(os.path.getmtime(out) > os.path.getmtime(p) for p in inputs):
            with open(out) as f:
                return json.load(f)
    from mostlyai import qa
    qa.set_random_state(seed)
    s, t = read_csv(syn), read_csv(trn)
    h = read_csv(hol) if hol else None
    start = time.time()
    _, metrics = qa.report(syn_tgt_data=s, trn_tgt_data=t, hol_tgt_data=h, report_path=out + ".html")
    seconds = time.time() - start
    result = metrics.model_dump()
    result["seconds"] = seconds
    result["random_state"] = seed
    with open(out, "w") as f:
        json.dump(result, f, indent=1, default=str)
    return result


def synth_metrics(report):
    a, p = report["accuracy"], report.get("privacy") or {}
    return {"overall": a["overall"], "univariate": a["univariate"], "bivariate": a.get("bivariate"),
            "trivariate": a.get("trivariate"), "overall_max": a["overallMax"],
            "dcr_share": p.get("dcrShare"), "ims_training": p.get("identicalMatchTraining"),
            "seconds": report["qa_seconds"], "total_seconds": report["total_seconds"]}


def mostlyai_metrics(result):
    a, d = result["accuracy"], result["distances"]
    return {"overall": a["overall"], "univariate": a["univariate"], "bivariate": a["bivariate"],
            "trivariate": a.get("trivariate"), "overall_max": a["overall_max"],
            "dcr_share": d["dcr_share"], "ims_training": d["ims_training"], "seconds": result["seconds"]}


def fmt(x):
    return "-" if x is None else f"{x:.4f}"


def load_source(dataset):
    import pandas as pd
    if dataset == "diamonds":
        return pd.read_csv(os.path.join(SHARED, "diamonds.csv"))
    if dataset == "flights":
        return read_csv(os.path.join(SHARED, "nycflights13_flights.csv"))
    if dataset == "tweets":
        return read_csv(os.path.join(SHARED, "text", "tweets.csv"))
    if dataset == "cases":
        return court_cases()
    raise SystemExit(f"unknown dataset {dataset} (diamonds, flights, tweets, cases)")


def court_cases(rows=12_000, seed=7):
    """A built table with text-like columns of the kinds court records have: case numbers
    shaped like `13001275CF10A` (a case has one to three charges, so numbers repeat), charge
    descriptions (a few common ones and a long tail of rarer variants), the offense date as
    `MM/DD/YYYY` text, the charge degree and the age."""
    import numpy as np
    import pandas as pd
    rng = np.random.default_rng(seed)
    common = ["Battery", "Grand Theft in the 3rd Degree", "Possession of Cocaine", "Driving While License Revoked",
              "Resist/Obstruct W/O Violence", "Poss3,4 Methylenedioxymethcath", "Petit Theft", "Aggravated Assault W/Dead Weap",
              "Burglary Unoccupied Dwelling", "Felony Driving While Lic Suspd", "Possession of Cannabis", "DUI Property Damage/Injury",
              "Operating W/O Valid License", "Tampering With Physical Evidence", "Criminal Mischief", "Trespass Structure/Conveyance"]
    weights = 1 / np.arange(1, len(common) + 1)
    weights /= weights.sum()
    objects = ["Vehicle", "Dwelling", "Firearm", "Structure", "Person 65 Yr+", "Officer", "Minor", "Business"]
    verbs = ["Attempt", "Conspiracy to", "Solicit", "Aid/Abet"]
    cases, charges, dates, degrees, ages = [], [], [], [], []
    sequence = 0
    while len(cases) < rows:
        year = int(rng.integers(13, 15))
        sequence += int(rng.integers(1, 40))
        court = ["CF", "MM", "TC", "CO"][int(rng.choice(4, p=[0.5, 0.3, 0.15, 0.05]))]
        number = f"{year:02d}{sequence:06d}{court}{int(rng.choice([10, 20, 30])):02d}A"
        day = pd.Timestamp(f"20{year}-01-01") + pd.Timedelta(days=int(rng.integers(0, 365)))
        age = int(rng.integers(18, 70))
        for _ in range(int(rng.choice([1, 2, 3], p=[0.7, 0.2, 0.1]))):
            if rng.random() < 0.12:
                charge = f"{verbs[int(rng.integers(len(verbs)))]} {common[int(rng.choice(len(common), p=weights))]} " \
                         f"{objects[int(rng.integers(len(objects)))]} {int(rng.integers(1, 900))}"
            else:
                charge = common[int(rng.choice(len(common), p=weights))]
            cases.append(number)
            charges.append(charge)
            dates.append(day.strftime("%m/%d/%Y"))
            degrees.append(("F" if court == "CF" else "M") + str(int(rng.integers(1, 4))))
            ages.append(age)
    return pd.DataFrame({"case_number": cases, "charge_description": charges, "offense_date": dates,
                         "charge_degree": degrees, "age": ages}).iloc[:rows]


def write_if_changed(frame, path):
    """Writes `frame` as CSV unless `path` already holds exactly that text (so results
    cached beside it, newer than their inputs, stay valid)."""
    text = frame.to_csv(index=False)
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == text:
                return
    with open(path, "w") as f:
        f.write(text)


def prepare_dataset(dataset, work, rows, synthetic_rows=None):
    """Training/holdout split (80/20 of `rows` shuffled rows, numpy default_rng(42)) and the
    stand-ins: exact copy of training, noisy copy, shuffled-column copy (as many rows as
    training unless `synthetic_rows`)."""
    import numpy as np
    import pandas as pd
    rng = np.random.default_rng(42)
    df = load_source(dataset)
    df = df.iloc[rng.permutation(len(df))[: min(rows, len(df))]].reset_index(drop=True)
    n_trn = int(len(df) * 0.8)
    trn, hol = df.iloc[:n_trn].reset_index(drop=True), df.iloc[n_trn:].reset_index(drop=True)
    base = trn if synthetic_rows is None else trn.iloc[rng.integers(0, len(trn), synthetic_rows)].reset_index(drop=True)
    exact = base.copy()
    noisy = base.copy()
    for column in noisy.columns:
        values = noisy[column]
        if pd.api.types.is_numeric_dtype(values):
            std = values.std() or 1.0
            noise = rng.normal(0, 0.1 * std, len(values))
            jittered = values + noise
            if pd.api.types.is_integer_dtype(values) or (values.dropna() % 1 == 0).all():
                jittered = jittered.round()
            noisy[column] = jittered
        elif pd.api.types.is_datetime64_any_dtype(values):
            noisy[column] = values + pd.to_timedelta(rng.normal(0, 86400 * 3, len(values)).round(), unit="s")
        else:
            flip = rng.random(len(values)) < 0.1
            noisy.loc[flip, column] = values.dropna().sample(int(flip.sum()), replace=True, random_state=1).values
    shuffled = base.copy()
    for column in shuffled.columns:
        shuffled[column] = shuffled[column].values[rng.permutation(len(shuffled))]
    paths = {"training": os.path.join(work, f"{dataset}-trn.csv"), "holdout": os.path.join(work, f"{dataset}-hol.csv"),
             "synthetic": {}}
    write_if_changed(trn, paths["training"])
    write_if_changed(hol, paths["holdout"])
    for name, frame in (("exact", exact), ("noisy", noisy), ("shuffled", shuffled)):
        path = os.path.join(work, f"{dataset}-syn-{name}.csv")
        write_if_changed(frame, path)
        paths["synthetic"][name] = path
    paths["rows"] = f"{len(trn)} training + {len(hol)} holdout rows, {len(base)} synthetic rows"
    return paths
