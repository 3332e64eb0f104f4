"""Recall of ds-knn-div's neighbours (--ids) against brute force (numpy, double).

Usage: knn_recall.py [--tol T] NPY K OUT.jsonl [REF.npy]
  OUT.jsonl holds one knn_div annotation with "ids" per row of NPY; the
  neighbours are searched in NPY itself (the row excluded) or in REF.npy.
Prints "recall R" (the mean over records of the share of the returned k that
are among the true k nearest, a tie at the k-th counting as a hit) and
"consistent" if d1, dk and mean are the distances to the returned ids
(within T, default 1e-5) and no id repeats or names the record itself; else
what is wrong.
"""
import json
import sys

import numpy as np


def unit(x):
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1
    return x / n


def main():
    args = sys.argv[1:]
    tol = 1e-5
    if args[0] == "--tol":
        tol, args = float(args[1]), args[2:]
    x = unit(np.load(args[0]).astype(np.float64))
    k = int(args[1])
    corpus = len(args) < 4
    ref = x if corpus else unit(np.load(args[3]).astype(np.float64))
    got = [json.loads(l)["knn_div"] for l in open(args[2])]
    if len(got) != len(x):
        print("%d annotations for %d rows" % (len(got), len(x)))
        return 1
    kk = min(k, len(ref) - (1 if corpus else 0))
    hits, bad = 0.0, []
    for b0 in range(0, len(x), 1024):
        sims = x[b0:b0 + 1024] @ ref.T
        if corpus:
            sims[np.arange(len(sims)), np.arange(b0, b0 + len(sims))] = -np.inf
        kth = -np.partition(-sims, kk - 1, axis=1)[:, kk - 1]
        for j, r in enumerate(got[b0:b0 + len(sims)]):
            i, ids = b0 + j, r["ids"]
            s = sims[j, ids]
            hits += np.sum(s >= kth[j] - 1e-6) / kk
            d = np.clip(1 - s, 0, 2)
            want = [d[0], d[-1], d.mean()]
            if (len(ids) != kk or len(set(ids)) != kk or (corpus and i in ids)
                    or max(abs(a - b) for a, b in zip(want, [r["d1"], r["dk"], r["mean"]])) > tol):
                bad.append(i)
    print("recall %.4f" % (hits / len(x)))
    print("consistent" if not bad else "inconsistent at rows %s" % bad[:5])
    return 0


if __name__ == "__main__":
    sys.exit(main())
