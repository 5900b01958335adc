"""mostlyai-qa's univariate accuracy of the text column of scripts/bench/text, computed alone
and fast (no embeddings): one GPT-2 token drawn per text (mostlyai-qa's tokenizer asset), the
training part's 10 most frequent tokens as bins plus (other), 1 - TVD, median over 5 draws;
also the agreement of all tokens (training's 200 most frequent + other) and identical texts.
Usage: text_token_score.py SYNTHETIC.csv ... (run with the peers' venv python; the holdout is
scored first as the reference)."""
import collections, random, statistics, sys
from pathlib import Path

import pandas as pd
from mostlyai.qa.assets import load_tokenizer

SPLIT = Path(__file__).resolve().parents[2] / ".bench-out" / "text" / "tweets"
DRAWS = 5
tokenizer = load_tokenizer()


def tokens(path):
    """Each text of the CSV's `text` column as its GPT-2 tokens (tokenized once)."""
    texts = pd.read_csv(path)["text"].dropna().astype(str).tolist()
    return texts, [tokenizer.tokenize(t) for t in texts]


def draw(tokenized, seed):
    """One token per text, as mostlyai-qa samples a text column."""
    r = random.Random(seed)
    return [r.choice(ts) if ts else None for ts in tokenized]


def agreement(reference, other, bins):
    """1 - TVD over the reference's `bins` most frequent values plus (other)."""
    top = [k for k, _ in reference.most_common(bins)]
    na, nb = sum(reference.values()), sum(other.values())
    pa, pb = [reference[k] / na for k in top], [other[k] / nb for k in top]
    pa.append(1 - sum(pa))
    pb.append(1 - sum(pb))
    return 1 - sum(abs(x - y) for x, y in zip(pa, pb)) / 2


train_texts, train_tokens = tokens(SPLIT / "train.csv")
seen = set(train_texts)
train_draws = [collections.Counter(draw(train_tokens, s)) for s in range(DRAWS)]
train_all = collections.Counter(t for ts in train_tokens for t in ts)
for name, path in [("holdout", SPLIT / "holdout.csv")] + [(Path(f).name, f) for f in sys.argv[1:]]:
    texts, tokenized = tokens(path)
    univariate = statistics.median(agreement(train_draws[s], collections.Counter(draw(tokenized, 100 + s)), 10)
                                   for s in range(DRAWS))
    every = agreement(train_all, collections.Counter(t for ts in tokenized for t in ts), 200)
    print(f"{name:28s} uni(1 token) {univariate:.3f}  top200-token {every:.3f}  "
          f"identical {sum(t in seen for t in texts) / len(texts):.4f}  chars {statistics.mean(map(len, texts)):.1f}", flush=True)
