"""Shape choice for synth's text model, by measurement: byte-level language models trained on
the tweets split of scripts/bench/text at equal CPU seconds, in PyTorch (a benchmark-only
dependency from the peers' venv), each printing its validation loss in nats per byte on 1,500
holdout texts as its CPU budget is spent (evaluation CPU not counted).

  mlp:CONTEXT:EMBEDDING:HIDDEN   synth's shape: the previous CONTEXT bytes and the position
                                 bucket, two ReLU layers, softmax over bytes; batches of 512
                                 positions drawn at random
  gru:EMBEDDING:HIDDEN           one GRU layer over the whole text, 32 texts of similar length
                                 a batch

Usage: text_shape.py [--budget CPU_SECONDS] [--shapes mlp:32:24:512,gru:32:256,gru:32:512]
Run scripts/bench/text (or its split) first: it writes .bench-out/text/tweets/{train,holdout}.csv."""
import argparse, csv, random, sys, time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BOS, EOS, V = 256, 257, 258


def texts(path):
    with open(path, newline="") as f:
        return [r["text"].encode() for r in csv.DictReader(f) if r["text"]]


def bucket(j):
    return np.where(j < 16, j, np.minimum(31, 16 + (j - 16) // 24))


class MLP(nn.Module):
    def __init__(self, context=32, embedding=24, hidden=512):
        super().__init__()
        self.context = context
        self.token, self.position = nn.Embedding(V, embedding), nn.Embedding(32, 16)
        self.l1, self.l2 = nn.Linear(context * embedding + 16, hidden), nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, V)

    def windows(self, data):
        xs, ps, ys = [], [], []
        for t in data:
            seq = np.array([BOS] * self.context + list(t) + [EOS], dtype=np.int16)
            xs.append(np.lib.stride_tricks.sliding_window_view(seq[:-1], self.context))
            ys.append(seq[self.context:])
            ps.append(bucket(np.arange(len(t) + 1)))
        return (torch.from_numpy(np.concatenate(xs)), torch.from_numpy(np.concatenate(ps)),
                torch.from_numpy(np.concatenate(ys).astype(np.int64)))

    def loss(self, x, p, y):
        h = torch.cat([self.token(x.long()).flatten(1), self.position(p)], 1)
        return F.cross_entropy(self.out(F.relu(self.l2(F.relu(self.l1(h))))), y)

    def text_loss(self, batch):
        x, p, y = self.windows(batch)
        return self.loss(x, p, y), len(y)


class GRU(nn.Module):
    def __init__(self, embedding=32, hidden=512):
        super().__init__()
        self.token, self.gru, self.out = nn.Embedding(V, embedding), nn.GRU(embedding, hidden, batch_first=True), nn.Linear(hidden, V)

    def text_loss(self, batch):
        length = max(len(t) for t in batch) + 1
        x, y = torch.full((len(batch), length), EOS), torch.full((len(batch), length), -100)
        for i, t in enumerate(batch):
            x[i, :len(t) + 1] = torch.tensor([BOS] + list(t))
            y[i, :len(t) + 1] = torch.tensor(list(t) + [EOS])
        out, _ = self.gru(self.token(x))
        return F.cross_entropy(self.out(out).reshape(-1, V), y.reshape(-1), ignore_index=-100), int((y >= 0).sum())


def validation_loss(model, data):
    model.eval()
    total = count = 0
    with torch.no_grad():
        for i in range(0, len(data), 128):
            loss, n = model.text_loss(data[i:i + 128])
            total, count = total + loss.item() * n, count + n
    model.train()
    return total / count


def run(shape, train, validation, budget):
    torch.manual_seed(1)
    random.seed(1)
    kind, *dims = shape.split(":")
    model = MLP(*map(int, dims)) if kind == "mlp" else GRU(*map(int, dims))
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.01)
    print(f"{shape}: {sum(p.numel() for p in model.parameters())} parameters", flush=True)
    total_bytes = sum(len(t) + 1 for t in train)
    if kind == "mlp":
        x, p, y = model.windows(train)
    order, per = list(range(len(train))), 32
    spent_before, next_report, steps, seen = time.process_time(), budget / 6, 0, 0
    while True:
        random.shuffle(order)
        if kind == "gru":  # batches of texts of similar length: little padding
            order = [k for g in range(0, len(order), per * 50) for k in sorted(order[g:g + per * 50], key=lambda k: len(train[k]))]
        for i in range(0, len(order), per):
            if kind == "mlp":
                idx = torch.randint(0, len(y), (512,))
                loss, n = model.loss(x[idx], p[idx], y[idx]), 512
            else:
                loss, n = model.text_loss([train[k] for k in order[i:i + per]])
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            steps, seen = steps + 1, seen + n
            spent = time.process_time() - spent_before
            if spent >= next_report:
                evaluation = time.process_time()
                v = validation_loss(model, validation)
                spent_before += time.process_time() - evaluation
                print(f"{shape}: CPU {spent:.0f} s, {steps} steps, {seen / total_bytes:.2f} epochs, "
                      f"validation {v:.3f} nats/byte", flush=True)
                next_report += budget / 6
                if spent >= budget:
                    return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default=str(Path(__file__).resolve().parents[2] / ".bench-out" / "text" / "tweets"))
    ap.add_argument("--budget", type=float, default=240, help="training CPU seconds per shape")
    ap.add_argument("--shapes", default="mlp:32:24:512,gru:32:256,gru:32:512")
    args = ap.parse_args()
    torch.set_num_threads(2)
    train, validation = texts(Path(args.split) / "train.csv"), texts(Path(args.split) / "holdout.csv")[:1500]
    for shape in args.shapes.split(","):
        run(shape, train, validation, args.budget)


if __name__ == "__main__":
    sys.exit(main())
