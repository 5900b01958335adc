"""mostlyai-qa's univariate accuracy of the text column of scripts/bench/text, computed alone
and fast (no embeddings): one GPT-2 token drawn per text (mostlyai-qa's tokenizer asset), the
training part's 10 most frequent tokens as bins plus (other), 1 - TVD, median over 5 draws;
also the agreement of all tokens (training's 200 most frequent + other) and identical texts.
Usage: text_token_score.py SYNTHETIC.csv ... (run with the peers' venv python; the holdout is
scored first as the reference)."""
import sys, random, statistics, collections
import pandas as pd
from pathlib import Path
SPLIT = Path(__file__).resolve().parents[2] / ".bench-out" / "text" / "tweets"
from mostlyai.qa.assets import load_tokenizer
tok = load_tokenizer()
def draw(texts, seed):
    r = random.Random(seed); out = []
    for t in texts:
        ts = tok.tokenize(str(t)); out.append(r.choice(ts) if ts else None)
    return out
trn = pd.read_csv(str(SPLIT / "train.csv"))["text"].dropna().tolist()
hol = pd.read_csv(str(SPLIT / "holdout.csv"))["text"].dropna().tolist()
def acc(a, b):
    ca, cb = collections.Counter(a), collections.Counter(b)
    top = [k for k, _ in ca.most_common(10)]
    pa = [ca[k] / len(a) for k in top]; pb = [cb[k] / len(b) for k in top]
    pa.append(1 - sum(pa)); pb.append(1 - sum(pb))
    return 1 - sum(abs(x - y) for x, y in zip(pa, pb)) / 2
def full(a, b):  # all tokens, top 200 + other
    ca = collections.Counter(t for x in a for t in tok.tokenize(str(x))); cb = collections.Counter(t for x in b for t in tok.tokenize(str(x)))
    na, nb = sum(ca.values()), sum(cb.values()); top = [k for k, _ in ca.most_common(200)]
    pa = [ca[k]/na for k in top]; pb = [cb[k]/nb for k in top]; pa.append(1-sum(pa)); pb.append(1-sum(pb))
    return 1 - sum(abs(x-y) for x, y in zip(pa, pb)) / 2
T = [draw(trn, s) for s in range(5)]
for f in ["holdout"] + sys.argv[1:]:
    texts = hol if f == "holdout" else pd.read_csv(f)["text"].dropna().tolist()
    seen = set(trn)
    u = statistics.median(acc(T[s], draw(texts, 100 + s)) for s in range(5))
    print(f"{f.split('/')[-1]:28s} uni(1 token) {u:.3f}  top200-token {full(trn, texts):.3f}  identical {sum(t in seen for t in texts)/len(texts):.4f}  chars {statistics.mean(len(str(t)) for t in texts):.1f}", flush=True)
