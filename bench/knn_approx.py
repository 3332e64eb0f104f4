"""Data and recall for bench/vectors.sh's ds-knn-div --approx figures.

Usage: knn_approx.py COMMAND ARGS...
  mixture N D OUT.npy        N unit-ish float32 rows around N/100 random unit
                             centres (cluster sizes ~ rank^-0.7), noise of
                             norm ~1: clustered like sentence embeddings (numpy)
  text N DATA_DIR OUT.jsonl  N records {"i":..,"text":..}: a shared record's
                             words, each kept with p = 0.6, then 20 words of
                             another: near-duplicates and shared topics
  recall EXACT APPROX        recall@k of APPROX's "ids" against EXACT's (both
                             ds-knn-div --ids outputs over the same rows)
  recall-sample GT APPROX    the same for the rows GT names ({"row":R,...}
                             with k+1 ids from --against the corpus itself)
"""
import glob
import json
import random
import sys


def mixture(n, d, out):
    import numpy as np
    rng = np.random.default_rng(7)
    c = max(1, n // 100)
    centres = rng.standard_normal((c, d), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    w = 1.0 / np.arange(1, c + 1) ** 0.7
    label = rng.choice(c, size=n, p=w / w.sum())
    x = centres[label] + rng.standard_normal((n, d), dtype=np.float32) / np.sqrt(d)
    np.save(out, x.astype(np.float32))


def text(n, data, out):
    rnd = random.Random(7)
    texts = []
    for path in sorted(glob.glob(data + "/*.jsonl")):
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            parts = []

            def walk(v):
                if isinstance(v, str):
                    parts.append(v)
                elif isinstance(v, list):
                    for x in v:
                        walk(x)
                elif isinstance(v, dict):
                    for x in v.values():
                        walk(x)
            walk(json.loads(line))
            words = " ".join(parts).split()
            if len(words) >= 5:
                texts.append(words)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            a, b = rnd.choice(texts), rnd.choice(texts)
            kept = [t for t in a if rnd.random() < 0.6]
            s = rnd.randrange(max(1, len(b) - 20))
            f.write(json.dumps({"i": i, "text": " ".join(kept + b[s:s + 20])}, ensure_ascii=False) + "\n")


def ids(path):
    return [json.loads(l)["knn_div"]["ids"] for l in open(path)]


def main():
    cmd, a = sys.argv[1], sys.argv[2:]
    if cmd == "mixture":
        mixture(int(a[0]), int(a[1]), a[2])
    elif cmd == "text":
        text(int(a[0]), a[1], a[2])
    elif cmd == "recall":
        hit = tot = 0
        for x, y in zip(ids(a[0]), ids(a[1])):
            hit += len(set(x) & set(y))
            tot += len(x)
        print("%.4f" % (hit / tot))
    elif cmd == "recall-sample":
        gt = {}
        for l in open(a[0]):
            r = json.loads(l)
            got = r["knn_div"]["ids"]
            gt[r["row"]] = [i for i in got if i != r["row"]][:len(got) - 1]
        hit = tot = 0
        for row, l in enumerate(open(a[1])):
            if row in gt:
                got = json.loads(l)["knn_div"]["ids"]
                hit += len(set(got) & set(gt[row]))
                tot += len(gt[row])
        print("%.4f" % (hit / tot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
