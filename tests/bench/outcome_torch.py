"""outcome_torch.py: ground truth for the suggestion rules from PyTorch models
that lrfind's built-in loop cannot train (convolutions, batch norm, dropout,
RMSprop), in the same form as tests/bench/outcome.c writes for the built-in
MLP, into the same folder.

For each configuration and seed: a range test driven by `lrfind drive` (the
trainer reads each lr from it and writes each loss back; lrfind decides the
explosion and writes the log), then a fresh model trained at constant lr on
the grid lr = 10^(-5 + k/4), k = 0 .. 22, for 5 epochs on a fixed subset of
the training set (the first GRID_SAMPLES, reshuffled by the seed every
epoch), recording the accuracy on a fixed part of the test set after epoch 1
and epoch 5.  A rerun skips what is already there.

Writes DIR/torch_configs.csv, DIR/logs/NAME_sSEED.csv and appends to
DIR/grid.csv (config,seed,k,lr,acc1,acc_last), one whole line at a time.
Needs python3-torch and numpy (Debian); lrfind itself does not.

    /usr/bin/python3 tests/bench/outcome_torch.py --lrfind ./lrfind [--shard i/n]
"""
import argparse
import os
import subprocess

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from idx import find, read_idx

GRID_K = 23
EPOCHS = 5
SEEDS = (1, 2)
GRID_SAMPLES = 5000
TEST_SAMPLES = 2000


def load(d):
    def f(stem):
        return read_idx(find(d, stem))
    xtr = f("train-images-idx3-ubyte").astype(np.float32)
    ytr = f("train-labels-idx1-ubyte").astype(np.int64)
    xte = f("t10k-images-idx3-ubyte").astype(np.float32)[:TEST_SAMPLES]
    yte = f("t10k-labels-idx1-ubyte").astype(np.int64)[:TEST_SAMPLES]
    mean, sd = xtr.mean(), xtr.std()
    xtr = (xtr - mean) / sd
    xte = (xte - mean) / sd
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    return t(xtr[:, None]), t(ytr), t(xte[:, None]), t(yte)


class CNN(nn.Module):
    def __init__(self, c1=8, c2=16, bn=False, dropout=0.0):
        super().__init__()
        self.c1 = nn.Conv2d(1, c1, 3, padding=1)
        self.c2 = nn.Conv2d(c1, c2, 3, padding=1)
        self.b1 = nn.BatchNorm2d(c1) if bn else nn.Identity()
        self.b2 = nn.BatchNorm2d(c2) if bn else nn.Identity()
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(c2 * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.b1(self.c1(x))), 2)
        x = F.max_pool2d(F.relu(self.b2(self.c2(x))), 2)
        return self.fc(self.drop(x.flatten(1)))


class DropMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
                                 nn.Dropout(0.3), nn.Linear(256, 128),
                                 nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))

    def forward(self, x):
        return self.net(x)


# name: (model, optimizer, its options, batch, init_lr, max_lr, iters, linear)
CONFIGS = [
    ("t_cnn_sgdm_b64_e200", lambda: CNN(), "sgd", dict(momentum=0.9), 64, 1e-6, 10, 200, False),
    ("t_cnn_adam_b64_e300", lambda: CNN(), "adam", {}, 64, 1e-7, 1, 300, False),
    ("t_cnn_sgd_b128_lin200", lambda: CNN(), "sgd", {}, 128, 1e-5, 5, 200, True),
    ("t_cnnbn_sgdm_b128_e300", lambda: CNN(bn=True), "sgd", dict(momentum=0.9, weight_decay=5e-4), 128, 1e-6, 100, 300, False),
    ("t_cnnbn_adamw_b64_lin300", lambda: CNN(bn=True, dropout=0.2), "adamw", {}, 64, 1e-6, 0.05, 300, True),
    ("t_mlpdrop_rmsprop_b128_e200", DropMLP, "rmsprop", {}, 128, 1e-7, 1, 200, False),
    ("t_cnn_rmsprop_b32_e400", lambda: CNN(c1=16, c2=32), "rmsprop", dict(momentum=0.9), 32, 1e-8, 1, 400, False),
]

OPTS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam,
        "adamw": torch.optim.AdamW, "rmsprop": torch.optim.RMSprop}


def make(cfg, seed, lr):
    torch.manual_seed(seed)
    model = cfg[1]()
    opt = OPTS[cfg[2]](model.parameters(), lr=lr, **cfg[3])
    return model, opt


def batches(n, batch, gen):
    while True:
        perm = torch.randperm(n, generator=gen)
        for i in range(0, n - batch + 1, batch):
            yield perm[i:i + batch]


def range_test(cfg, seed, data, lrfind, path):
    name, _, _, _, batch, init_lr, max_lr, iters, linear = cfg
    xtr, ytr = data[0], data[1]
    model, opt = make(cfg, seed, init_lr)
    model.train()
    gen = torch.Generator().manual_seed(seed)
    cmd = [lrfind, "drive", "--init-lr", repr(init_lr), "--max-lr",
           repr(max_lr), "--iters", str(iters), "--log", path, "-q"]
    if linear:
        cmd.append("--linear")
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, bufsize=1)
    it = batches(len(xtr), batch, gen)
    for line in p.stdout:
        for g in opt.param_groups:
            g["lr"] = float(line)
        i = next(it)
        opt.zero_grad()
        loss = F.cross_entropy(model(xtr[i]), ytr[i])
        loss.backward()
        opt.step()
        try:
            print(loss.item(), file=p.stdin, flush=True)
        except BrokenPipeError:
            break
    try:
        p.stdin.close()
    except BrokenPipeError:
        pass
    if p.wait() not in (0, 3):
        raise SystemExit("%s: lrfind drive failed" % name)


def accuracy(model, xte, yte):
    model.eval()
    with torch.no_grad():
        right = sum(int((model(xte[i:i + 500]).argmax(1) == yte[i:i + 500]).sum())
                    for i in range(0, len(xte), 500))
    model.train()
    return right / len(xte)


def grid_run(cfg, seed, lr, data):
    batch = cfg[4]
    xtr, ytr, xte, yte = data
    xs, ys = xtr[:GRID_SAMPLES], ytr[:GRID_SAMPLES]
    model, opt = make(cfg, seed, lr)
    model.train()
    gen = torch.Generator().manual_seed(seed)
    accs = []
    for _ in range(EPOCHS):
        perm = torch.randperm(len(xs), generator=gen)
        diverged = False
        for b in range(0, len(xs) - batch + 1, batch):
            i = perm[b:b + batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(xs[i]), ys[i])
            if not torch.isfinite(loss):
                diverged = True
                break
            loss.backward()
            opt.step()
        if diverged:
            accs += [0.1] * (EPOCHS - len(accs))   # chance, as outcome.c counts it
            break
        accs.append(accuracy(model, xte, yte))
    return accs[0], accs[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--dir", default="tests/bench/truth")
    ap.add_argument("--lrfind", default="./lrfind")
    ap.add_argument("--shard", default="0/1")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    shard, shards = map(int, a.shard.split("/"))
    torch.set_num_threads(1)
    os.makedirs(os.path.join(a.dir, "logs"), exist_ok=True)
    if shard == 0:
        with open(os.path.join(a.dir, "torch_configs.csv"), "w") as f:
            f.write("config,data,optimizer,options\n")
            for c in CONFIGS:
                f.write("%s,fmnist,%s,\"model %s %r batch %d init_lr %g max_lr %g "
                        "iters %d%s\"\n" % (c[0], c[2], c[0].split("_")[1], c[3],
                                          c[4], c[5], c[6], c[7],
                                          " linear" if c[8] else ""))
    if a.list:
        return
    grid = os.path.join(a.dir, "grid.csv")
    done = set()
    if os.path.exists(grid):
        with open(grid) as f:
            for line in f:
                p = line.split(",")
                if len(p) >= 6:
                    done.add((p[0], int(p[1]), int(p[2])))
    data = load(a.data)
    for ci, cfg in enumerate(CONFIGS):
        if ci % shards != shard:
            continue
        for seed in SEEDS:
            log = os.path.join(a.dir, "logs", "%s_s%d.csv" % (cfg[0], seed))
            if not os.path.exists(log):
                range_test(cfg, seed, data, a.lrfind, log)
            for k in range(GRID_K):
                if (cfg[0], seed, k) in done:
                    continue
                lr = 10 ** (-5 + k / 4)
                acc1, acc5 = grid_run(cfg, seed, lr, data)
                line = "%s,%d,%d,%r,%r,%r\n" % (cfg[0], seed, k, lr, acc1, acc5)
                fd = os.open(grid, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                os.write(fd, line.encode())
                os.close(fd)
        print("outcome_torch: %s done" % cfg[0], flush=True)


if __name__ == "__main__":
    main()
