#!/usr/bin/env python3
"""ds-lm against KenLM's own outputs (conformance/lm/, tolerances of its README).

  lm_conformance.py arpa OURS.arpa REFERENCE.arpa
  lm_conformance.py query SCORED.jsonl SCORED_DJ.jsonl REFERENCE.jsonl [KEY]

Prints TAP-ish "ok ..."/"not ok ..." lines for tests/lib.sh's tap_lines."""
import json
import sys


def report(cond, desc, detail=""):
    print(("ok " if cond else "not ok ") + desc)
    if not cond and detail:
        print("# " + detail)


def read_arpa(path):
    counts, grams, order = {}, {}, 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("ngram "):
                n, c = line[6:].split("=")
                counts[int(n)] = int(c)
            elif line.startswith("\\") and line.endswith("-grams:"):
                order = int(line[1:-7])
                grams[order] = {}
            elif line == "\\end\\":
                order = 0
            elif order and line:
                f_ = line.split("\t")
                bo = float(f_[2]) if len(f_) > 2 else 0.0
                grams[order][f_[1]] = (float(f_[0]), bo)
    return counts, grams


def arpa(ours, ref):
    oc, og = read_arpa(ours)
    rc, rg = read_arpa(ref)
    report(oc == rc, "ARPA: same ngram N= counts per order", f"{oc} vs {rc}")
    for n in sorted(rg):
        o, r = og.get(n, {}), rg[n]
        report(set(o) == set(r), f"ARPA: same {n}-gram set ({len(r)})",
               f"{len(set(o) - set(r))} extra, {len(set(r) - set(o))} missing")
        common = set(o) & set(r)
        dp = max((abs(o[g][0] - r[g][0]) for g in common), default=0.0)
        db = max((abs(o[g][1] - r[g][1]) for g in common), default=0.0)
        report(dp <= 1e-6, f"ARPA: every {n}-gram log10 prob within 1e-6 (max {dp:.3g})")
        report(db <= 1e-6, f"ARPA: every {n}-gram backoff within 1e-6 (max {db:.3g})")


def rel_ok(x, y, rel, abs_=0.0):
    return abs(x - y) <= max(rel * abs(y), abs_)


def query(scored, scored_dj, ref, key="lm"):
    ours = [json.loads(l)[key] for l in open(scored, encoding="utf-8")]
    dj = [json.loads(l)[key] for l in open(scored_dj, encoding="utf-8")]
    refs = [json.loads(l) for l in open(ref, encoding="utf-8")]
    report(len(ours) == len(refs) == len(dj), f"query: {len(refs)} records scored")
    checks = {
        "tokens, oov exact": lambda o, d, r: o["tokens"] == r["tokens"] and o["oov"] == r["oov"],
        "ngram_len exact": lambda o, d, r: o["ngram_len"] == r["ngram_len"],
        "word_log10 within 2e-6": lambda o, d, r: len(o["word_log10"]) == len(r["word_log10"])
        and all(abs(a - b) <= 2e-6 for a, b in zip(o["word_log10"], r["word_log10"])),
        "log10_prob within rel 1e-5": lambda o, d, r: rel_ok(o["log10_prob"], r["log10_prob"], 1e-5, 0.05),
        "ppl within rel 1e-4": lambda o, d, r: rel_ok(o["ppl"], r["ppl"], 1e-4),
        "ppl_excl_oov within rel 1e-4": lambda o, d, r: rel_ok(o["ppl_excl_oov"], r["ppl_excl_oov"], 1e-4),
        "data-juicer ppl within 0.1": lambda o, d, r: abs(d["ppl"] - r["ppl_dj"]) <= 0.1 + 1e-9,
    }
    for desc, f in checks.items():
        bad = [r.get("_line", i) for i, (o, d, r) in enumerate(zip(ours, dj, refs)) if not f(o, d, r)]
        report(not bad, "query: " + desc, f"records {bad[:5]}")
    exact = sum(o["log10_prob"] == r["log10_prob"] and o["word_log10"] == r["word_log10"]
                for o, r in zip(ours, refs))
    report(exact == len(refs), f"query: bit-identical float32 totals and word values ({exact}/{len(refs)})")


if __name__ == "__main__":
    if sys.argv[1] == "arpa":
        arpa(sys.argv[2], sys.argv[3])
    else:
        query(*sys.argv[2:])
