#!/usr/bin/python3
"""Regenerate the range-test logs in data/ with real PyTorch training runs.

Run with Debian's python3 and python3-torch, dataset-fashion-mnist installed:
    /usr/bin/python3 data/make_logs.py
lrfind itself never needs Python; this script only documents how the shipped
logs were made.  Each run trains a fresh model on Fashion-MNIST while the
learning rate grows exponentially after every mini-batch, and writes the loss
of every batch, stopping 20 batches after the loss exceeds 4x its best
smoothed value (so the explosion is in the log).
"""
import csv
import gzip
import math
import struct

import torch
import torch.nn as nn

DATA = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, n = struct.unpack(">II", raw[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", raw[8:16])
        t = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8)
        return t.view(n, rows * cols).float() / 255.0
    return torch.frombuffer(bytearray(raw[8:]), dtype=torch.uint8).long()


def range_test(model, opt, x, y, init_lr, max_lr, iters, batch, seed):
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(x.shape[0], generator=g)
    lossf = nn.CrossEntropyLoss()
    beta, avg, best, stop_at, rows = 0.98, 0.0, math.inf, None, []
    for i in range(iters):
        lr = init_lr * (max_lr / init_lr) ** (i / iters)
        for pg in opt.param_groups:
            pg["lr"] = lr
        j = perm[(i * batch) % x.shape[0]:][:batch]
        opt.zero_grad()
        loss = lossf(model(x[j]), y[j])
        loss.backward()
        opt.step()
        v = loss.item()
        rows.append((i, lr, v))
        if math.isfinite(v):
            avg = beta * avg + (1 - beta) * v
            s = avg / (1 - beta ** (i + 1))
            best = min(best, s)
            if stop_at is None and s > 4 * best:
                stop_at = i
        elif stop_at is None:
            stop_at = i
        if stop_at is not None and i >= stop_at + 20:
            break
    return rows


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    x, y = idx(f"{DATA}/train-images-idx3-ubyte.gz"), idx(f"{DATA}/train-labels-idx1-ubyte.gz")
    x = (x - x.mean()) / x.std()

    # 1. MLP 784-256-10, SGD momentum 0.9: plain step,lr,loss
    torch.manual_seed(1)
    m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    opt = torch.optim.SGD(m.parameters(), lr=1e-5, momentum=0.9, weight_decay=1e-4)
    rows = range_test(m, opt, x, y, 1e-5, 10.0, 400, 128, 1)
    with open("data/fmnist_mlp_sgd.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "lr", "loss"])
        for i, lr, v in rows:
            w.writerow([i, repr(lr), repr(v)])

    # 2. small CNN, Adam: tab-separated, other column names, a comment line
    torch.manual_seed(2)
    m = nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(32 * 7 * 7, 10))
    opt = torch.optim.Adam(m.parameters(), lr=1e-6)
    rows = range_test(m, opt, x, y, 1e-6, 1.0, 300, 64, 2)
    with open("data/fmnist_cnn_adam.tsv", "w") as f:
        f.write("# range test: Fashion-MNIST, CNN 16-32, Adam, batch 64, lr 1e-6 -> 1 over 300\n")
        f.write("iteration\tlearning_rate\ttrain_loss\n")
        for i, lr, v in rows:
            f.write(f"{i}\t{lr!r}\t{v!r}\n")

    # 3. MLP 784-512-256-10, SGD, in the layout of PyTorch Lightning's
    # CSVLogger with a LearningRateMonitor: the lr and the loss of a step
    # are written on separate rows of metrics.csv, with empty cells.
    torch.manual_seed(3)
    m = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                      nn.Linear(256, 10))
    opt = torch.optim.SGD(m.parameters(), lr=1e-4, momentum=0.9)
    rows = range_test(m, opt, x, y, 1e-4, 30.0, 250, 256, 3)
    with open("data/lightning_metrics.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "lr-SGD", "step", "train_loss_epoch", "train_loss_step"])
        for i, lr, v in rows:
            w.writerow(["", repr(lr), i, "", ""])
            w.writerow([0, "", i, "", repr(v)])
        w.writerow([0, "", rows[-1][0], repr(sum(v for _, _, v in rows) / len(rows)), ""])


if __name__ == "__main__":
    main()
