"""idx.py: read MNIST-format IDX files (plain or .gz) for the PyTorch bench
scripts (train_bench_torch.py, outcome_torch.py)."""
import gzip
import os
import struct

import numpy as np


def read_idx(path):
    """The array an IDX file holds (unsigned bytes), shaped by its header."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    return arr.reshape(dims)


def find(d, stem):
    """The path of stem or stem.gz in folder d (the plain file first)."""
    for name in (stem, stem + ".gz"):
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    raise SystemExit("no %s in %s" % (stem, d))
