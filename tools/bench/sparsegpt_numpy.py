#!/usr/bin/env python3
"""SparseGPT (IST-DASLab sparsegpt.py: add_batch + fasterprune, unstructured) in numpy float32.

The CPU baseline the TypeScript twins are timed against (tools/bench/twins-vs-numpy.ts): the
authors' algorithm on a BLAS. Prints one JSON object with the median seconds of each stage.
Usage: sparsegpt_numpy.py --rows 2048 --cols 2048 --tokens 2048 --seqlen 512 --repeats 3 --warmup 1
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np


def accumulate_hessian(x: np.ndarray, seqlen: int) -> np.ndarray:
    """add_batch once per calibration sequence: H *= n/(n+1); n += 1; H += (2/n) X^T X."""
    cols = x.shape[1]
    h = np.zeros((cols, cols), dtype=np.float32)
    n = 0
    for t0 in range(0, x.shape[0], seqlen):
        seq = x[t0 : t0 + seqlen]
        h *= np.float32(n / (n + 1))
        n += 1
        scaled = np.float32(math.sqrt(2 / n)) * seq
        h += scaled.T @ scaled
    return h


def prepare_hinv(h: np.ndarray, damp: float) -> tuple[np.ndarray, np.ndarray]:
    """Dead columns, damping, then cholesky(cholesky_inverse(cholesky(H)), upper=True)."""
    h = h.copy()
    dead = np.diag(h) == 0
    h[dead, dead] = 1
    h[np.diag_indices_from(h)] += np.float32(damp * np.mean(np.diag(h)))
    lower = np.linalg.cholesky(h)
    lower_inv = np.linalg.inv(lower)
    h_inv = lower_inv.T @ lower_inv
    return np.linalg.cholesky(h_inv).T.copy(), dead


def fasterprune(w: np.ndarray, hinv: np.ndarray, dead: np.ndarray, sparsity: float, blocksize: int) -> tuple[np.ndarray, float]:
    w = w.copy()
    w[:, dead] = 0
    rows, cols = w.shape
    losses = np.zeros(rows, dtype=np.float32)
    for i1 in range(0, cols, blocksize):
        i2 = min(i1 + blocksize, cols)
        count = i2 - i1
        w1 = w[:, i1:i2].copy()
        q1 = np.zeros_like(w1)
        err1 = np.zeros_like(w1)
        losses1 = np.zeros_like(w1)
        hinv1 = hinv[i1:i2, i1:i2]
        tmp = w1**2 / (np.diag(hinv1).reshape((1, -1))) ** 2
        thresh = np.sort(tmp.ravel())[int(tmp.size * sparsity)]
        mask1 = tmp <= thresh
        for i in range(count):
            col = w1[:, i]
            d = hinv1[i, i]
            q = col.copy()
            q[mask1[:, i]] = 0
            q1[:, i] = q
            losses1[:, i] = (col - q) ** 2 / d**2
            e = (col - q) / d
            w1[:, i:] -= np.outer(e, hinv1[i, i:])
            err1[:, i] = e
        w[:, i1:i2] = q1
        losses += np.sum(losses1, 1) / 2
        w[:, i2:] -= err1 @ hinv[i1:i2, i2:]
    return w, float(losses.sum())


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=2048)
    p.add_argument("--cols", type=int, default=2048)
    p.add_argument("--tokens", type=int, default=2048)
    p.add_argument("--seqlen", type=int, default=512)
    p.add_argument("--sparsity", type=float, default=0.5)
    p.add_argument("--blocksize", type=int, default=128)
    p.add_argument("--damp", type=float, default=0.01)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1, help="untimed runs before the timed ones")
    a = p.parse_args()
    if min(a.rows, a.cols, a.tokens, a.seqlen, a.blocksize, a.repeats) <= 0 or a.warmup < 0:
        sys.exit("rows, cols, tokens, seqlen, blocksize and repeats must be positive, warmup not negative")
    rng = np.random.default_rng(7)
    w = (rng.standard_normal((a.rows, a.cols), dtype=np.float32) * np.float32(0.02)).astype(np.float32)
    x = rng.standard_normal((a.tokens, a.cols), dtype=np.float32)

    stages: dict[str, list[float]] = {"hessian": [], "prepare": [], "prune": [], "total": [], "cpu": []}
    sparsity_out = 0.0
    # Warm-up runs (BLAS threads, page faults), then `repeats` timed runs.
    for run in range(a.warmup + a.repeats):
        c0 = time.process_time()
        t0 = time.perf_counter()
        h = accumulate_hessian(x, a.seqlen)
        t1 = time.perf_counter()
        hinv, dead = prepare_hinv(h, a.damp)
        t2 = time.perf_counter()
        out, _loss = fasterprune(w, hinv, dead, a.sparsity, a.blocksize)
        t3 = time.perf_counter()
        c3 = time.process_time()
        sparsity_out = float(np.mean(out == 0))
        if run < a.warmup:
            continue
        stages["hessian"].append(t1 - t0)
        stages["prepare"].append(t2 - t1)
        stages["prune"].append(t3 - t2)
        stages["total"].append(t3 - t0)
        # CPU seconds of all threads (BLAS runs one per core): context for a loaded machine.
        stages["cpu"].append(c3 - c0)

    config = np.__config__
    blas = "unknown"
    try:
        info = config.CONFIG["Build Dependencies"]["blas"]  # numpy >= 1.26
        blas = f"{info.get('name')} {info.get('version')}"
    except (AttributeError, KeyError, TypeError):
        blas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    print(
        json.dumps(
            {
                "numpy": np.__version__,
                "blas": blas,
                "python": sys.version.split()[0],
                "shape": {"rows": a.rows, "cols": a.cols, "tokens": a.tokens, "seqlen": a.seqlen},
                "repeats": a.repeats,
                "sparsity": sparsity_out,
                "seconds": {k: statistics.median(v) for k, v in stages.items()},
                "runs": stages,
            }
        )
    )


if __name__ == "__main__":
    main()
