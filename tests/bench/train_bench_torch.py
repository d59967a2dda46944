"""train_bench_torch.py: the lrfind train benchmark's range test, in PyTorch.

Same task as `lrfind train`: Fashion-MNIST (IDX .gz), pixels standardised
with the training set's mean and standard deviation, MLP 784-256-10 (ReLU),
softmax cross-entropy, SGD momentum 0.9, weight decay 1e-4, an exponential lr
sweep lr_i = init * (max/init)^(i/n) for i = 0 .. n-1, one loss.item() per
batch (a range test must read each loss).  Batches are gathered from tensors
in memory with a seeded permutation per epoch, as lrfind does.  Only the
training loop is timed.  Run with /usr/bin/python3 and OMP_WAIT_POLICY=PASSIVE.

Prints one line per batch size:
    torch batch=64 iters=500 seconds=0.581 samples_per_s=55100 gflops=45.0 maxrss_kb=312000 final_loss=0.52
"""
import argparse
import resource
import time

import numpy as np
import torch

from idx import find, read_idx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--batch", type=int, nargs="+", default=[64, 128, 512])
    ap.add_argument("--iters", type=int, default=500)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--init-lr", type=float, default=1e-5)
    ap.add_argument("--max-lr", type=float, default=1e-1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()

    torch.manual_seed(a.seed)
    raw = read_idx(find(a.data, "train-images-idx3-ubyte"))
    # mean and sd from the byte histogram (exact, no float64 copy), then one
    # float32 copy standardised in place: memory comparable to lrfind's
    counts = np.bincount(raw.ravel(), minlength=256).astype(np.float64)
    v = np.arange(256, dtype=np.float64)
    mean = float((counts * v).sum() / counts.sum())
    sd = float(np.sqrt((counts * (v - mean) ** 2).sum() / counts.sum()))
    x = raw.reshape(raw.shape[0], -1).astype(np.float32)
    del raw
    x -= mean
    x /= sd
    X = torch.from_numpy(x)
    y = read_idx(find(a.data, "train-labels-idx1-ubyte"))
    Y = torch.from_numpy(y.astype(np.int64))
    n = X.shape[0]
    classes = int(Y.max()) + 1
    # forward and weight gradients of both layers, input gradient of the
    # second (multiply-adds count 2), as lrfind -v counts them
    dim = X.shape[1]
    flop_per_sample = 2 * (dim * a.hidden + a.hidden * classes) * 2 \
        + 2 * a.hidden * classes

    for bs in a.batch:
        for _ in range(a.repeat):
            model = torch.nn.Sequential(
                torch.nn.Linear(X.shape[1], a.hidden), torch.nn.ReLU(),
                torch.nn.Linear(a.hidden, classes))
            for m in model:   # He initialisation, biases 0, as lrfind
                if isinstance(m, torch.nn.Linear):
                    torch.nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                    torch.nn.init.zeros_(m.bias)
            opt = torch.optim.SGD(model.parameters(), lr=a.init_lr,
                                  momentum=0.9, weight_decay=1e-4)
            lossf = torch.nn.CrossEntropyLoss()
            g = torch.Generator().manual_seed(a.seed)
            perm = torch.randperm(n, generator=g)
            pos = 0
            ratio = a.max_lr / a.init_lr
            loss_v = float("nan")
            t0 = time.perf_counter()
            for i in range(a.iters):
                if pos + bs > n:
                    perm = torch.randperm(n, generator=g)
                    pos = 0
                idx = perm[pos:pos + bs]
                pos += bs
                xb = X.index_select(0, idx)
                yb = Y.index_select(0, idx)
                for grp in opt.param_groups:
                    grp["lr"] = a.init_lr * ratio ** (i / a.iters)
                opt.zero_grad(set_to_none=True)
                loss = lossf(model(xb), yb)
                loss.backward()
                opt.step()
                loss_v = loss.item()
            dt = time.perf_counter() - t0
            sps = a.iters * bs / dt
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print("torch batch=%d iters=%d seconds=%.4f samples_per_s=%.0f "
                  "gflops=%.2f maxrss_kb=%d final_loss=%.4f threads=%d"
                  % (bs, a.iters, dt, sps, sps * flop_per_sample / 1e9, rss,
                     loss_v, torch.get_num_threads()), flush=True)


if __name__ == "__main__":
    main()
