"""Reference computations for the vector tools' tests (numpy, double precision).

Usage: vectors_ref.py COMMAND ARGS...
  derive JSONL D OUT.jsonl OUT.npy   vectors from real records: a byte histogram of
                                     each line folded into D bins, scaled by line
                                     length; written as {"i":N,"v":[...]} and float64 .npy
  knn NPY K OUT.jsonl                compare ds-knn-div's corpus kNN (OUT.jsonl) to brute force
  against NPY REF.npy K OUT.jsonl    the same against a reference set
  agg NPY REF.npy max|mean OUT.jsonl --agg similarity
  kcenter NPY K METRIC FIRST         kCenterGreedy's picks (DEFINITIONS.md section 8)
  herding NPY K                      herding picks: argmin |t*mean - sum(picks) - x|
  select NPY T                       DEITA greedy: indices kept at max cosine <= T
  npy KIND OUT                       write a test .npy file (f16, f32, f64, bad-*)
"""
import json
import sys

import numpy as np


def unit(x):
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1
    return x / n


def derive(path, d, out_jsonl, out_npy):
    rows = []
    with open(path, "rb") as f:
        for line in f:
            line = line.rstrip(b"\n")
            v = np.bincount(np.frombuffer(line, dtype=np.uint8) % d, minlength=d).astype(np.float64)
            rows.append(v / max(len(line), 1) * 10)
    x = np.array(rows)
    with open(out_jsonl, "w") as f:
        for i, v in enumerate(x):
            f.write(json.dumps({"i": i, "v": v.tolist()}) + "\n")
    np.save(out_npy, x)


def read_results(path, key="knn_div"):
    return [json.loads(l)[key] for l in open(path)]


def compare_knn(dist, k, out):
    dist = np.clip(dist, 0, 2)
    kk = min(k, dist.shape[1])
    s = np.sort(dist, axis=1)[:, :kk]
    want = np.stack([s[:, 0], s[:, kk - 1], s.mean(1)], 1)
    got = np.array([[r["d1"], r["dk"], r["mean"]] for r in read_results(out)])
    if got.shape != want.shape:
        print("shape", got.shape, "want", want.shape)
        return 1
    err = np.abs(got - want).max()
    print("max abs error %.3g" % err)
    return 0 if err < 2e-5 else 1


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "derive":
        derive(args[0], int(args[1]), args[2], args[3])
    elif cmd == "knn":
        x = unit(np.load(args[0]).astype(np.float64))
        dist = 1 - x @ x.T
        np.fill_diagonal(dist, np.inf)
        return compare_knn(dist, int(args[1]), args[2])
    elif cmd == "against":
        x = unit(np.load(args[0]).astype(np.float64))
        r = unit(np.load(args[1]).astype(np.float64))
        return compare_knn(1 - x @ r.T, int(args[2]), args[3])
    elif cmd == "agg":
        x = unit(np.load(args[0]).astype(np.float64))
        r = unit(np.load(args[1]).astype(np.float64))
        s = x @ r.T
        want = s.max(1) if args[2] == "max" else s.mean(1)
        got = np.array(read_results(args[3], "knn_sim"))
        err = np.abs(got - want).max()
        print("max abs error %.3g" % err)
        return 0 if err < 2e-5 else 1
    elif cmd == "kcenter":
        x = np.load(args[0]).astype(np.float64)
        k, metric, first = int(args[1]), args[2], int(args[3])
        if metric == "cosine":
            x = unit(x)
        # kCenterGreedy: min distance to the chosen set, argmax (lowest index on ties).
        mind, picks = None, []
        for _ in range(min(k, len(x))):
            ind = first if mind is None else int(np.argmax(mind))
            if mind is not None and mind[ind] == 0:
                break
            c = x[ind]
            d = 1 - x @ c if metric == "cosine" else np.sqrt(((x - c) ** 2).sum(1))
            mind = d if mind is None else np.minimum(mind, d)
            picks.append(ind)
        print(" ".join(map(str, picks)))
    elif cmd == "herding":
        x = np.load(args[0]).astype(np.float64)
        k = int(args[1])
        mu = x.mean(0)
        taken = np.zeros(len(x), bool)
        picks = []
        for t in range(1, min(k, len(x)) + 1):
            w = t * mu - x[taken].sum(0)
            d = ((x - w) ** 2).sum(1)
            d[taken] = np.inf
            p = int(np.argmin(d))
            taken[p] = True
            picks.append(p)
        print(" ".join(map(str, picks)))
    elif cmd == "select":
        x = unit(np.load(args[0]).astype(np.float64))
        t = float(args[1])
        kept = []
        for i in range(len(x)):
            if not kept or (x[kept] @ x[i]).max() <= t:
                kept.append(i)
        print(" ".join(map(str, kept)))
    elif cmd == "npy":
        kind, out = args[0], args[1]
        x = np.arange(12, dtype=np.float64).reshape(4, 3) / 7 - 0.5
        if kind in ("f16", "f32", "f64"):
            np.save(out, x.astype({"f16": np.float16, "f32": np.float32, "f64": np.float64}[kind]))
        elif kind == "raw":
            x.astype("<f4").tofile(out)
        elif kind == "bad-int":
            np.save(out, np.arange(12, dtype=np.int32).reshape(4, 3))
        elif kind == "bad-1d":
            np.save(out, np.arange(12, dtype=np.float32))
        elif kind == "bad-fortran":
            np.save(out, np.asfortranarray(x.astype(np.float32)))
        elif kind == "bad-bigendian":
            np.save(out, x.astype(">f4"))
        elif kind == "bad-truncated":
            np.save(out, x.astype(np.float32))
            data = open(out, "rb").read()
            open(out, "wb").write(data[:-5])
        elif kind == "bad-header":
            np.save(out, x.astype(np.float32))
            data = bytearray(open(out, "rb").read())
            i = data.index(b"'shape'")
            data[i:i + 7] = b"'shapy'"
            open(out, "wb").write(bytes(data))
        elif kind == "bad-version":
            np.save(out, x.astype(np.float32))
            data = bytearray(open(out, "rb").read())
            data[6] = 9
            open(out, "wb").write(bytes(data))
        print(json.dumps(np.asarray(x, dtype={"f16": np.float16}.get(kind, np.float64)).astype(np.float64).tolist()
                         if kind != "f32" else x.astype(np.float32).astype(np.float64).tolist()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
