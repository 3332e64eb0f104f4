#!/usr/bin/env python3
"""Independent figures for ds-diversity, from the definitions alone
(../shared/reference/DEFINITIONS.md section 7; scipy.stats.entropy, Vendi's
entropy_q, lexicalrichness simpsond), and the Vendi conformance cases.

  diversity_reference.py ngrams TOOL FILE FIELD    n-gram figures, whitespace tokens
  diversity_reference.py values TOOL FILE FIELD    figures over a field's values
  diversity_reference.py perrecord TOOL FILE FIELD --per-record figures of each record
  diversity_reference.py vendi TOOL CONF_DIR TMP   ../shared/conformance/vendi.jsonl

Prints "ok DESC" / "not ok DESC" lines for tests/lib.sh's tap_lines. Figures
must agree to 1e-9 relative; counts exactly."""
import json
import math
import subprocess
import sys
from collections import Counter

REL = 1e-9
ALPHAS = ["0", "0.5", "2", "3", "inf"]


def figures(counts):
    """The suite's figures of a Counter, summed with math.fsum."""
    n = sum(counts.values())
    t = len(counts)
    p = [c / n for c in counts.values()]
    shannon = -math.fsum(x * math.log(x) for x in p)
    renyi = {}
    for a in ALPHAS:
        if a == "inf":
            renyi[a] = -math.log(max(p))
        elif float(a) == 0:
            renyi[a] = math.log(t)
        else:
            al = float(a)
            renyi[a] = math.log(math.fsum(x ** al for x in p)) / (1 - al)
    simpson = math.fsum(x * x for x in p)
    return {
        "n_types": t,
        "shannon": shannon,
        "shannon_bits": shannon / math.log(2),
        "renyi": renyi,
        "simpson": simpson,
        "gini_simpson": 1 - simpson,
        "simpson_d": math.fsum(c * (c - 1) for c in counts.values()) / (n * (n - 1)),
        "distinct": t / n,
    }, n


def close(a, b):
    return a == b or abs(a - b) <= REL * max(abs(a), abs(b))


def compare(got, want, what):
    bad = []
    for k, v in want.items():
        if isinstance(v, dict):
            for a, x in v.items():
                if not close(got[k][a], x):
                    bad.append(f"{k}[{a}] {got[k][a]!r} != {x!r}")
        elif isinstance(v, int):
            if got[k] != v:
                bad.append(f"{k} {got[k]!r} != {v!r}")
        elif not close(got[k], v):
            bad.append(f"{k} {got[k]!r} != {v!r}")
    print(("ok " if not bad else "not ok ") + what)
    for b in bad[:5]:
        print("# " + b)


def records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def tool(args):
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def ngrams(prog, path, field):
    orders = [1, 2, 3]
    counts = {n: Counter() for n in orders}
    for r in records(path):
        v = r.get(field)
        if not isinstance(v, str):
            continue
        toks = v.split()
        for n in orders:
            counts[n].update(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))
    got = tool([prog, "-f", "." + field, "--tokenizer", "whitespace", "-n", "1,2,3",
                "--alpha", ",".join(ALPHAS), "--on-error", "skip", "-q", path])
    name = path.rsplit("/", 1)[-1]
    for n in orders:
        want, total = figures(counts[n])
        want["n_tokens"] = total
        compare(got["ngrams"][str(n)], want, f"{name} .{field} {n}-grams = reference")


def values(prog, path, field):
    counts = Counter()
    nrec = 0
    for r in records(path):
        nrec += 1
        v = r.get(field)
        for x in v if isinstance(v, list) else [v]:
            if x is not None:
                counts[x if isinstance(x, str) else json.dumps(x)] += 1
    expr = "." + field + ("[]?" if any(isinstance(r.get(field), list) for r in records(path)) else "")
    got = tool([prog, "--values", expr, "--alpha", ",".join(ALPHAS), path])
    want, total = figures(counts)
    want["n_values"] = total
    want["coverage"] = len(counts)
    want["complexity"] = total / nrec
    name = path.rsplit("/", 1)[-1]
    compare(got["values"], want, f"{name} --values {expr} = reference")


def perrecord(prog, path, field):
    out = subprocess.run([prog, "--per-record", "-f", "." + field, "--tokenizer", "whitespace",
                          "-n", "1,2", "--on-error", "skip", "-q", path],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    texts = [r[field] for r in records(path) if isinstance(r.get(field), str)]
    bad = []
    for i, (line, text) in enumerate(zip(out, texts)):
        got = json.loads(line)["diversity"]
        toks = text.split()
        want = {"tokens": len(toks)}
        for n in (1, 2):
            c = Counter(tuple(toks[j:j + n]) for j in range(len(toks) - n + 1))
            tot = sum(c.values())
            want[f"shannon_{n}"] = -math.fsum(f / tot * math.log(f / tot) for f in c.values()) if tot else None
            want[f"distinct_{n}"] = len(c) / tot if tot else None
        for k, v in want.items():
            g = got[k]
            if (v is None) != (g is None) or (v is not None and not close(g, v)):
                bad.append(f"record {i + 1} {k}: {g!r} != {v!r}")
    name = path.rsplit("/", 1)[-1]
    print(("ok " if not bad and len(out) == len(texts) else "not ok ")
          + f"{name} --per-record: {len(out)} records = reference")
    for b in bad[:5]:
        print("# " + b)


def ou_vectors(xs):
    """Unit vectors whose dot products are exp(-|a-b|) for sorted points: the
    Ornstein-Uhlenbeck process is Markov, so its Cholesky rows are explicit."""
    rows, prev = [], None
    for i, x in enumerate(xs):
        if prev is None:
            r = [0.0] * len(xs)
            r[0] = 1.0
        else:
            rho = math.exp(-(x - xs[i - 1]))
            r = [rho * a for a in prev]
            r[i] += math.sqrt(1 - rho * rho)
        rows.append(r)
        prev = r
    return rows


def cholesky(k):
    n = len(k)
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = k[i][j] - math.fsum(low[i][m] * low[j][m] for m in range(j))
            low[i][j] = math.sqrt(s) if i == j else s / low[j][j]
    return low


def vendi(prog, conf, tmp):
    for line in open(conf + "/vendi.jsonl", encoding="utf-8"):
        case = json.loads(line)
        inp, args = case["input"], case["args"]
        path = f"{tmp}/{case['id']}.jsonl"
        cmd = [prog, "--q", str(args.get("q", 1))]
        with open(path, "w", encoding="utf-8") as f:
            if case["metric"] == "ngram_vendi_score":
                # Treebank word_tokenize and NLTK wordpunct split these texts alike.
                for t in inp["texts"]:
                    f.write(json.dumps({"text": t}) + "\n")
                cmd += ["--vendi", "--exact", "-f", ".text", "--tokenizer", "wordpunct",
                        "-n", ",".join(map(str, args["ns"]))]
                key = "ngram"
            else:
                if case["metric"] == "vendi_score":
                    assert inp["kernel"] == "exp(-|a-b|)"
                    rows = ou_vectors(sorted(inp["samples"]))
                else:
                    rows = cholesky(inp["K"])
                for r in rows:
                    f.write(json.dumps({"v": r}) + "\n")
                cmd += ["--vec", ".v"]
                key = "vectors"
        got = tool(cmd + [path])["vendi"][key]["score"]
        good = abs(got - case["expected"]) <= case["tol"]
        print(("ok " if good else "not ok ") + f"{case['id']} {case['metric']}: {got} vs "
              f"{case['expected']} (abs {case['tol']})")


if __name__ == "__main__":
    mode, prog, a, b = sys.argv[1:5]
    {"ngrams": ngrams, "values": values, "perrecord": perrecord, "vendi": vendi}[mode](prog, a, b)
