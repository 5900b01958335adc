#!/usr/bin/env python3
"""Fuzzes the synth binary with mutated and crafted inputs (driven by scripts/fuzz).

Four kinds of input, in turn until the time is up:
- bundle:  .synthjob files (crafted: symlink chains, '..' and absolute names, setuid modes,
           zip bombs, bad table names, model files declaring huge dimensions with a valid
           checksum; mutated: byte flips and truncation of a real bundle and of its entries),
           run as `import` + `generate` + `download`;
- parquet: the repo's pyarrow fixtures with bytes flipped, truncated or spliced, run as
           `load` + `describe` + `show`;
- csv:     the penguins table mutated (bytes, quotes, NULs, UTF-16, BOMs, huge numbers and
           fields), run as `load` + `describe`;
- script:  random bytes, token soup and deep nesting, run as a `.synth` script.

Each run gets a fresh sandbox: HOME (with a sentinel `.bashrc`), SYNTH_HOME inside it, a
work folder holding the input, and a sentinel folder beside them. Counted per run:
- crash:   killed by a signal (SIGSEGV, SIGILL/SIGTRAP from a Swift trap, SIGABRT, SIGBUS...)
           or an exit code synth never uses (anything but 0, 64, 65, 70, 130);
- hang:    still running after the per-run time limit;
- outside: any file created, changed or removed outside SYNTH_HOME, except the declared
           output in the work folder;
- unsafe:  a symlink, a setuid/setgid file or a group/world-accessible file in the store;
- flood:   more than 64 KiB on stderr;
- peak RSS: the highest ru_maxrss of any run (bounded by RLIMIT_AS as well);
- accepted: runs that exited 0 (the input was read, or the bundle imported and generated).
Only the standard library is used.
"""
import argparse
import io
import json
import os
import random
import resource
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PENGUINS = os.path.join(ROOT, "examples", "data", "penguins.csv")
PARQUET_DIR = os.path.join(ROOT, "Tests", "Fixtures", "parquet")
OK_EXITS = {0, 64, 65, 70, 130}
MEMORY_LIMIT = 8 << 30          # RLIMIT_AS for each run (OpenBLAS reserves address space)
STDERR_LIMIT = 64 << 10


class Stats:
    def __init__(self):
        self.by_kind = {}
        self.peak_rss = 0

    def add(self, kind, key):
        self.by_kind.setdefault(kind, {"inputs": 0, "accepted": 0, "crash": 0, "hang": 0, "outside": 0, "unsafe": 0,
                                        "flood": 0})
        self.by_kind[kind][key] += 1

    def total(self, key):
        return sum(v[key] for v in self.by_kind.values())


# ---------- sandbox ----------

def snapshot(top, skip):
    """path -> (kind, size, mtime_ns, mode) for everything under `top` except `skip`
    (folders by kind and mode only)."""
    seen = {}
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        if os.path.abspath(dirpath) == skip:
            dirnames[:] = []
            continue
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) != skip]
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                continue
            if stat.S_ISDIR(st.st_mode):
                # A folder's size and mtime change when an allowed entry (the store, the
                # declared output) is added to it; its entries are compared one by one.
                seen[path] = (stat.S_IFDIR, 0, 0, st.st_mode)
            else:
                seen[path] = (stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns, st.st_mode)
    return seen


def unsafe_entries(store):
    bad = []
    for dirpath, dirnames, filenames in os.walk(store, followlinks=False):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode) or st.st_mode & (stat.S_ISUID | stat.S_ISGID) or st.st_mode & 0o077:
                bad.append(f"{path} mode {oct(st.st_mode)}")
    return bad


def run_one(binary, kind, files, argv_tail, outputs, per_run_seconds, stats, out_dir, label):
    """Runs synth in a fresh sandbox with `files` (name -> bytes) in its work folder."""
    box = tempfile.mkdtemp(prefix="synth-fuzz-")
    try:
        home, work, beside = (os.path.join(box, d) for d in ("home", "work", "beside"))
        store = os.path.join(home, ".synth")
        for d in (home, work, beside):
            os.makedirs(d)
        with open(os.path.join(home, ".bashrc"), "w") as fh:
            fh.write("# sentinel\n")
        with open(os.path.join(beside, "sentinel.txt"), "w") as fh:
            fh.write("sentinel\n")
        for name, data in files.items():
            with open(os.path.join(work, name), "wb") as fh:
                fh.write(data)
        before = snapshot(box, store)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "SYNTH_HOME": store,
               "SYNTH_HISTORY": "", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1"}
        for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            if key in os.environ:
                env[key] = os.environ[key]
        err_path = os.path.join(box, "stderr")

        def limits():
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            os.setsid()

        stats.add(kind, "inputs")
        with open(err_path, "wb") as err, open(os.devnull, "wb") as null, open(os.devnull, "rb") as nin:
            proc = subprocess.Popen([binary] + argv_tail, cwd=work, env=env, stdin=nin, stdout=null, stderr=err,
                                    preexec_fn=limits)
            deadline = time.monotonic() + per_run_seconds
            status, usage = 0, None
            hung = False
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid == proc.pid:
                    break
                if time.monotonic() > deadline:
                    hung = True
                    os.killpg(proc.pid, signal.SIGKILL)
                    _, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.01)
            proc.returncode = 0  # reaped above; keep Popen from waiting again
        stats.peak_rss = max(stats.peak_rss, usage.ru_maxrss * 1024 if usage else 0)
        problems = []
        if hung:
            stats.add(kind, "hang")
            problems.append("hang")
        elif os.WIFSIGNALED(status):
            stats.add(kind, "crash")
            problems.append(f"signal {os.WTERMSIG(status)}")
        elif os.WEXITSTATUS(status) not in OK_EXITS:
            stats.add(kind, "crash")
            problems.append(f"exit {os.WEXITSTATUS(status)}")
        elif os.WEXITSTATUS(status) == 0:
            stats.add(kind, "accepted")
        after = snapshot(box, store)
        allowed = {os.path.join(work, o) for o in outputs} | {err_path}
        changed = sorted(p for p in set(before) | set(after)
                         if before.get(p) != after.get(p) and p not in allowed
                         and not (os.path.dirname(p) == work and os.path.basename(p).startswith(".")))
        if changed:
            stats.add(kind, "outside")
            problems.append("outside: " + ", ".join(changed[:5]))
        if os.path.isdir(store):
            bad = unsafe_entries(store)
            if bad:
                stats.add(kind, "unsafe")
                problems.append("unsafe: " + ", ".join(bad[:5]))
        if os.path.getsize(err_path) > STDERR_LIMIT:
            stats.add(kind, "flood")
            problems.append(f"stderr {os.path.getsize(err_path)} bytes")
        if problems:
            keep = os.path.join(out_dir, f"{kind}-{label}")
            os.makedirs(keep, exist_ok=True)
            for name, data in files.items():
                with open(os.path.join(keep, name), "wb") as fh:
                    fh.write(data)
            with open(os.path.join(keep, "problem.txt"), "w") as fh:
                fh.write(" ".join(argv_tail) + "\n" + "\n".join(problems) + "\n")
            shutil.copy(err_path, os.path.join(keep, "stderr"))
            print(f"  {kind} {label}: {'; '.join(problems)}", file=sys.stderr)
    finally:
        shutil.rmtree(box, ignore_errors=True)


# ---------- mutations ----------

def mutate_bytes(rng, data, max_edits=8):
    data = bytearray(data)
    for _ in range(rng.randint(1, max_edits)):
        op = rng.random()
        if not data:
            data += bytes([rng.randrange(256)])
        elif op < 0.45:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif op < 0.6:
            data = data[:rng.randrange(len(data))]
        elif op < 0.75:
            at = rng.randrange(len(data))
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op < 0.85:
            at = rng.randrange(len(data))
            del data[at:at + rng.randint(1, 64)]
        else:
            # An integer field set to an extreme (lengths, counts, offsets).
            at = rng.randrange(max(1, len(data) - 4))
            data[at:at + 4] = struct.pack("<I", rng.choice([0, 1, 0x7FFFFFFF, 0xFFFFFFFF, 0x10000000]))
    return bytes(data)


def fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def model_with_header(header, params):
    """A model.bin with a valid checksum, so the reader gets past it to the header."""
    body = b"SYNTHMDL" + struct.pack("<I", 1)
    js = json.dumps(header).encode()
    body += struct.pack("<Q", len(js)) + js + struct.pack("<Q", len(params) // 4) + params
    return body + struct.pack("<Q", fnv1a(body))


def parse_model(data):
    try:
        (hlen,) = struct.unpack_from("<Q", data, 12)
        header = json.loads(data[20:20 + hlen])
        params = data[20 + hlen + 8:-8]
        return header, params
    except Exception:
        return None, None


def mutate_json_value(rng, value):
    extremes = [0, -1, 1, 4096, 50000, 2**31, 2**53, 10**30, 1e308, -1e308, "../x", "/etc/passwd", "", "a/b",
                None, [], {}, True]
    if isinstance(value, dict) and value:
        key = rng.choice(list(value))
        if rng.random() < 0.15:
            del value[key]
        else:
            value[key] = mutate_json_value(rng, value[key])
        return value
    if isinstance(value, list) and value:
        if rng.random() < 0.2:
            return value * rng.choice([0, 2, 1000])
        i = rng.randrange(len(value))
        value[i] = mutate_json_value(rng, value[i])
        return value
    return rng.choice(extremes)


# ---------- bundles ----------

def make_base_bundle(binary, work_root):
    """A real bundle of a small trained model (penguins, 1 epoch)."""
    home = os.path.join(work_root, "base-home")
    os.makedirs(home, exist_ok=True)
    bundle = os.path.join(work_root, "base.synthjob")
    script = (f'load "{PENGUINS}" as p; train p epochs=2 seed=1 as j; watch j; '
              f'share j to="{bundle}"')
    env = dict(os.environ, HOME=home, SYNTH_HOME=os.path.join(home, ".synth"), SYNTH_HISTORY="")
    result = subprocess.run([binary, "-c", script], env=env, stdin=subprocess.DEVNULL, capture_output=True,
                            timeout=600)
    if result.returncode != 0 or not os.path.exists(bundle):
        sys.exit(f"could not make the base bundle: {result.stderr.decode(errors='replace')[-2000:]}")
    with zipfile.ZipFile(bundle) as z:
        return {info.filename: (info, z.read(info.filename)) for info in z.infolist()}


def zip_bytes(entries):
    """entries: list of (name, data, mode or None, compress)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, mode, compress in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = ((mode if mode is not None else 0o100644) & 0xFFFF) << 16
            z.writestr(info, data)
    return buf.getvalue()


def crafted_bundles(base):
    """Hand-made hostile bundles, each standing for a class of attack."""
    manifest_name = "synthjob.json"
    manifest = json.loads(base[manifest_name][1])
    table = manifest["tables"][0]
    normal = [(name, data, None, True) for name, (info, data) in base.items()]
    link = 0o120777
    out = []
    # Symlink chain escaping the job folder (symlinks must never be created).
    out.append(("symlink-chain", normal + [(f"{table}/a", ".", link, False),
                                           (f"{table}/h", f"{table}.a/{table}.a/{table}.a/../../..", link, False),
                                           (f"{table}/h/.bashrc", "pwned\n", None, True)]))
    out.append(("symlink-absolute", [e for e in normal if not e[0].endswith("model.bin")]
                + [(f"{table}/model/model.bin", "/etc/passwd", link, False)]))
    out.append(("symlink-dir", normal + [(f"{table}/model", "../../..", link, False),
                                         (f"{table}/model/x", "pwned", None, True)]))
    for name in ["../escape.txt", "/tmp/synth-fuzz-abs.txt", f"{table}/../../escape.txt", f"{table}/./../x",
                 f"{table}\\..\\..\\x", f"{table}/model/../../../x", "..", f"{table}/" + "a/" * 200 + "x"]:
        out.append((f"name {name[:40]}", normal + [(name, "pwned\n", None, True)]))
    out.append(("setuid", normal + [(f"{table}/qa.json", "{}", 0o104777, True)]))
    out.append(("world-writable", [(n, d, 0o100777 if n.endswith("model.bin") else m, c) for n, d, m, c in normal]))
    for tables in [["../1/p"], ["/abs"], ["a/b"], [".."], ["."], [""], ["x" * 5000], [table, "../" + table],
                   [table] * 3, ["p\u0000q"], [f"{i}" for i in range(5000)]]:
        m = dict(manifest, tables=tables)
        out.append((f"tables {str(tables)[:30]}", [e for e in normal if e[0] != manifest_name]
                    + [(manifest_name, json.dumps(m), None, True)]))
    # Zip bombs: one entry expanding to 300 MB, a manifest expanding to 300 MB.
    bomb = b"\0" * (300 << 20)
    out.append(("bomb-qa.html", normal + [(f"{table}/qa.html", bomb, None, True)]))
    out.append(("bomb-manifest", [e for e in normal if e[0] != manifest_name]
                + [(manifest_name, b"{\"pad\":\"" + b" " * (300 << 20) + b"\"}", None, True)]))
    out.append(("many-entries", normal + [(f"{table}/junk{i}", "x", None, True) for i in range(20000)]))
    # Model files with a valid checksum declaring huge dimensions.
    model_name = next(n for n in base if n.endswith("model.bin"))
    header, params = parse_model(base[model_name][1])
    if header is not None:
        arch = header.get("architecture", {})
        for key in list(arch)[:8]:
            for value in [50000, 2**31, -1, 0]:
                h = json.loads(json.dumps(header))
                h["architecture"][key] = value if not isinstance(arch[key], list) else [value] * 50000
                out.append((f"model {key}={value}", [e for e in normal if e[0] != model_name]
                            + [(model_name, model_with_header(h, params), None, True)]))
        h = json.loads(json.dumps(header))
        h["subColumns"] = h.get("subColumns", [])[:1] * 50000
        out.append(("model 50000 sub-columns", [e for e in normal if e[0] != model_name]
                    + [(model_name, model_with_header(h, params), None, True)]))
    return [(label, zip_bytes(entries)) for label, entries in out]


def mutated_bundle(rng, base):
    names = list(base)
    entries = [(n, base[n][1], None, True) for n in names]
    choice = rng.random()
    if choice < 0.3:
        return zip_bytes(entries)[:]  # then whole-file byte mutation below
    i = rng.randrange(len(entries))
    name, data, mode, compress = entries[i]
    if name.endswith(".json") and rng.random() < 0.7:
        try:
            value = json.loads(data)
            for _ in range(rng.randint(1, 4)):
                value = mutate_json_value(rng, value)
            data = json.dumps(value).encode()
        except ValueError:
            data = mutate_bytes(rng, data)
    elif name.endswith("model.bin") and rng.random() < 0.7:
        header, params = parse_model(data)
        if header is not None:
            for _ in range(rng.randint(1, 3)):
                header = mutate_json_value(rng, header)
            if rng.random() < 0.3:
                params = mutate_bytes(rng, params)
            data = model_with_header(header, params)
        else:
            data = mutate_bytes(rng, data)
    else:
        data = mutate_bytes(rng, data)
    entries[i] = (name, data, mode, compress)
    return zip_bytes(entries)


# ---------- CSV, Parquet, scripts ----------

def mutated_csv(rng, base):
    text = base
    r = rng.random()
    if r < 0.1:
        return text.decode("utf-8", "replace").encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be"]))
    if r < 0.2:
        return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]) + mutate_bytes(rng, text, 3)
    if r < 0.35:
        lines = text.split(b"\n")
        for _ in range(rng.randint(1, 5)):
            i = rng.randrange(len(lines))
            lines[i] = rng.choice([b'"', b'"""', b"\0", b"\r", b",,,,,,,,,,,,,,,,", b"9" * 400, b"1e400", b"-1e400",
                                   b"02134", b"nan,NaN,inf,-inf", b"a" * 200000, b'"' + b"x" * 100000,
                                   b"\x80\xff\xfe", lines[i] * 1000])
        return b"\n".join(lines)
    return mutate_bytes(rng, text, 16)


TOKENS = ["load", "train", "generate", "import", "share", "download", "export", "session", "save", "describe",
          "show", "filter", "select", "let", "qa", "report", "help", "as", "where", "and", "or", "not", "vs",
          "to=", "rows=", "seed=", "replace=true", "(", ")", "[", "]", "{", "}", ",", ";", ".", "=", "==", "!=",
          "<", ">", "-", "+", "*", "/", "\"x.csv\"", "\"", "'", "1", "1e400", "-9999999999999999999999", "p", "p.x",
          "\n", " ", "\t", "#", "\\", "\x1b[31m", "\x00", "\x01", "…", "é"]


def random_script(rng):
    r = rng.random()
    if r < 0.2:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 20000)))
    if r < 0.35:
        depth = rng.choice([100, 1000, 10000, 100000])
        opener = rng.choice(["[", "(", "-", "not ", "[(", "- ("])
        return (f"let x = {opener * depth}1").encode()
    if r < 0.45:
        return bytes([rng.choice([1, 27, 7, 8, 0x9b])]) * rng.randint(1000, 30000)
    return "".join(rng.choice(TOKENS) + rng.choice(["", " "]) for _ in range(rng.randint(1, 300))).encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=os.path.join(ROOT, ".fuzz-out"))
    parser.add_argument("--per-run", type=float, default=30)
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    warnings.filterwarnings("ignore", message="Duplicate name")  # crafted duplicates are meant
    rng = random.Random(args.seed)
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    stats = Stats()
    started = time.monotonic()
    work_root = tempfile.mkdtemp(prefix="synth-fuzz-base-")
    try:
        base = make_base_bundle(args.binary, work_root)
        crafted = crafted_bundles(base)
        penguins = open(PENGUINS, "rb").read()
        parquets = sorted(os.path.join(PARQUET_DIR, f) for f in os.listdir(PARQUET_DIR) if f.endswith(".parquet"))
        bundle_cmd = 'import "in.synthjob" as j; generate j rows=20 seed=1 as g; watch g; download g to="out.csv"'
        kinds = ["bundle", "parquet", "csv", "script"]
        n = 0
        while time.monotonic() - started < args.seconds:
            kind = kinds[n % len(kinds)]
            label = str(n)
            if kind == "bundle":
                if crafted:
                    label, data = crafted.pop(0)
                    label = label.replace("/", "_").replace(" ", "_")[:60]
                else:
                    data = mutated_bundle(rng, base)
                    if rng.random() < 0.3:
                        data = mutate_bytes(rng, data)
                run_one(args.binary, kind, {"in.synthjob": data}, ["-c", bundle_cmd], ["out.csv"], args.per_run,
                        stats, args.out, label)
            elif kind == "parquet":
                data = mutate_bytes(rng, open(rng.choice(parquets), "rb").read())
                run_one(args.binary, kind, {"in.parquet": data}, ["-c", 'load "in.parquet" as t; describe t; show t'],
                        [], args.per_run, stats, args.out, label)
            elif kind == "csv":
                run_one(args.binary, kind, {"in.csv": mutated_csv(rng, penguins)},
                        ["-c", 'load "in.csv" as t; describe t; show t'], [], args.per_run, stats, args.out, label)
            else:
                run_one(args.binary, kind, {"in.synth": random_script(rng)}, ["in.synth"], [], args.per_run, stats,
                        args.out, label)
            n += 1
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(f"{'kind':8} {'inputs':>7} {'accepted':>9} {'crashes':>8} {'hangs':>6} {'outside':>8} {'unsafe':>7} {'floods':>7}")
    for kind, v in sorted(stats.by_kind.items()):
        print(f"{kind:8} {v['inputs']:7d} {v['accepted']:9d} {v['crash']:8d} {v['hang']:6d} {v['outside']:8d} {v['unsafe']:7d} {v['flood']:7d}")
    keys = ["inputs", "accepted", "crash", "hang", "outside", "unsafe", "flood"]
    totals = {k: stats.total(k) for k in keys}
    print(f"{'total':8} {totals['inputs']:7d} {totals['accepted']:9d} {totals['crash']:8d} {totals['hang']:6d} {totals['outside']:8d} "
          f"{totals['unsafe']:7d} {totals['flood']:7d}")
    print(f"fuzz: {totals['inputs']} inputs in {elapsed:.0f} s, {totals['crash']} crashes, {totals['hang']} hangs, "
          f"{totals['outside']} with files written outside the store, {totals['unsafe']} with unsafe store files, "
          f"{totals['flood']} floods, peak RSS {stats.peak_rss / 2**20:.0f} MB (limit {MEMORY_LIMIT >> 30} GiB)")
    failed = sum(totals[k] for k in keys[2:])
    if failed:
        print(f"failing inputs kept in {args.out}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
