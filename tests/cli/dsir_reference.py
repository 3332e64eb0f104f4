#!/usr/bin/env python3
"""DSIR 1.0.3's hashed n-gram importance weights, written from
../shared/reference/DEFINITIONS.md section 5 with the standard library only
(hashlib, re), and the checks of ds-dsir against them and against DSIR's own
test cases (../shared/conformance/dsir.jsonl). Prints "ok DESC" / "not ok
DESC" lines for tests/lib.sh's tap_lines.

Usage: dsir_reference.py conformance DS_DSIR CONF DATA TMPDIR
       dsir_reference.py differential DS_DSIR DATA TMPDIR"""
import hashlib, json, math, os, re, struct, subprocess, sys

# NLTK WordPunctTokenizer: \w+|[^\w\s]+ with Python's Unicode classes, on text.lower().
WORDPUNCT = re.compile(r"\w+|[^\w\s]+")


def bucket(feature, buckets):
    return int(hashlib.sha256(feature.encode("utf-8")).hexdigest(), 16) % buckets


def features(text, n=2, buckets=10000):
    toks = WORDPUNCT.findall(text.lower())
    out = [bucket(t, buckets) for t in toks]
    for k in range(2, n + 1):
        out += [bucket(" ".join(toks[i:i + k]), buckets) for i in range(len(toks) - k + 1)]
    return out


def counts_of(texts, n=2, buckets=10000):
    c = [0] * buckets
    for t in texts:
        for b in features(t, n, buckets):
            c[b] += 1
    return c


def log_diff(target, raw, laplace=0.0):
    tsum = sum(x + laplace for x in target)
    rsum = sum(raw)
    return [math.log((t + laplace) / tsum + 1e-8) - math.log(r / rsum + 1e-8)
            for t, r in zip(target, raw)]


def weight(text, ld, n=2):
    f = features(text, n, len(ld))
    per = {}
    for b in f:
        per[b] = per.get(b, 0) + 1
    terms = [c * ld[b] for b, c in per.items()]
    length = int((len(f) + n * (n - 1) / 2) // n)
    return math.fsum(terms), length, math.fsum(abs(x) for x in terms)


def read_model(path):
    """The model file as ds-dsir(1) documents it."""
    d = open(path, "rb").read()
    buckets = struct.unpack_from("<Q", d, 40)[0]
    docs = struct.unpack_from("<2Q", d, 56)
    total = struct.unpack_from("<2Q", d, 72)
    target = struct.unpack_from("<%dQ" % buckets, d, 88)
    raw = struct.unpack_from("<%dQ" % buckets, d, 88 + 8 * buckets)
    return {"buckets": buckets, "docs": docs, "total": total, "target": target, "raw": raw}


def run(args, stdin=None):
    p = subprocess.run(args, input=stdin, capture_output=True)
    if p.returncode != 0:
        sys.stdout.write("# %s: exit %d: %s\n" % (" ".join(args), p.returncode,
                                                   p.stderr.decode(errors="replace").strip()))
    return p


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def say(good, desc):
    print(("ok " if good else "not ok ") + desc)


def conformance(dsir, conf, data, tmp):
    fit = [dsir, "fit", "--hash", "dsir", "-f", ".text"]
    for line in open(os.path.join(conf, "dsir.jsonl")):
        c = json.loads(line)
        cid, metric, args = c["id"], c["metric"], c["args"]
        src = os.path.join(tmp, cid + ".jsonl")
        model = os.path.join(tmp, cid + ".model")
        if metric == "hash_buckets":
            # The whole string is one feature: its one word as a unigram, or
            # its two words as the bigram (the fit with bigrams minus the fit
            # without them).
            write_jsonl(src, [{"text": c["text"]}])
            nb = str(args["num_buckets"])
            ok1 = run(fit + ["-n", "1", "-b", nb, "--target", src, "-o", model + "1"]).returncode == 0
            ok2 = run(fit + ["-n", "2", "-b", nb, "--target", src, "-o", model + "2"]).returncode == 0
            if not (ok1 and ok2):
                say(False, f"{cid} hash_buckets {c['text']!r}")
                continue
            uni, both = read_model(model + "1")["target"], read_model(model + "2")["target"]
            if " " in c["text"]:
                ngram = [b for b in range(len(uni)) if both[b] > uni[b]]
            else:
                ngram = [b for b in range(len(uni)) if uni[b]]
            say(ngram == [c["expected"]], f"{cid} bucket of {c['text']!r} = {c['expected']} (got {ngram})")
        elif metric == "ngram_counts_sum":
            write_jsonl(src, [{"text": c["text"]}])
            p = run(fit + ["-n", str(args["n"]), "-b", str(args["num_buckets"]), "--target", src, "-o", model])
            m = read_model(model) if p.returncode == 0 else None
            good = m is not None and m["total"][0] == c["expected"] and sum(m["target"]) == c["expected"]
            good = good and m["target"][bucket("alice", 10000)] > 0 and m["target"][bucket("alice went", 10000)] > 0
            say(good, f"{cid} {c['text']!r}: {c['expected']} features, 'alice' and 'alice went' counted")
        elif metric == "example_length":
            write_jsonl(src, [{"text": c["text"]}])
            p = run(fit + ["-n", str(args["n"]), "--target", src, "--raw", src, "-o", model])
            q = run([dsir, "score", "-M", model, "-f", ".text", src]) if p.returncode == 0 else p
            good = q.returncode == 0 and json.loads(q.stdout)["dsir"]["length"] == c["expected"]
            say(good, f"{cid} length of {c['text']!r} = {c['expected']}")
        elif metric == "target_laplace_smoothing":
            # p2 == (p1*T + a) / (T + a*B), seen through logw of a one-token
            # record: with unigrams only its logw is log_diff of one bucket.
            a = args["laplace"]
            texts = [r["output"] for r in map(json.loads, open(os.path.join(data, "alpaca-sample.jsonl")))][:50]
            write_jsonl(src, [{"text": t} for t in texts])
            raw = os.path.join(tmp, cid + "-raw.jsonl")
            rawtexts = [r["output"] for r in map(json.loads, open(os.path.join(data, "alpaca-sample.jsonl")))][50:300]
            write_jsonl(raw, [{"text": t} for t in rawtexts])
            probes = ["the", "water", "zzyzx", "(", "computer"]
            probe = os.path.join(tmp, cid + "-probe.jsonl")
            write_jsonl(probe, [{"text": w} for w in probes])
            good = True
            m1 = run(fit + ["-n", "1", "--target", src, "--raw", raw, "-o", model + "0"])
            m2 = run(fit + ["-n", "1", "--smoothing", str(a), "--target", src, "--raw", raw, "-o", model + "1"])
            s2 = run([dsir, "score", "-M", model + "1", "-f", ".text", probe]) if m1.returncode == m2.returncode == 0 else m2
            if s2.returncode != 0:
                say(False, f"{cid} Laplace smoothing relation")
                continue
            m = read_model(model + "0")
            T, R, B = sum(m["target"]), sum(m["raw"]), m["buckets"]
            for w, out in zip(probes, s2.stdout.decode().splitlines()):
                b = bucket(w, B)
                p1 = m["target"][b] / T
                p2 = (p1 * T + a) / (T + a * B)
                want = math.log(p2 + 1e-8) - math.log(m["raw"][b] / R + 1e-8)
                got = json.loads(out)["dsir"]["logw"]
                good = good and abs(got - want) <= 1e-8 * max(1.0, abs(want))
            say(good, f"{cid} Laplace {a}: p2 == (p1*T + a)/(T + a*B) for {len(probes)} buckets")
        elif metric == "resample_topk":
            # DSIR's toy test, on our data: the raw file given twice holds one
            # record like the target (first line) among unlike ones; both
            # copies, and only they, are selected.
            alpaca = [json.loads(l) for l in open(os.path.join(data, "alpaca-sample.jsonl"))]
            code = [json.loads(l) for l in open(os.path.join(data, "code-instruct-sample.jsonl"))][:300]
            target = [{"id": -1, "contents": r["output"]} for r in alpaca[:1500]]
            like = next(r["output"] for r in alpaca[1500:] if len(WORDPUNCT.findall(r["output"].lower())) >= 100)
            raw_recs = [{"id": 0, "contents": like}] + [{"id": i + 1, "contents": r["response"]} for i, r in enumerate(code)]
            write_jsonl(src, target)
            raw = os.path.join(tmp, cid + "-raw.jsonl")
            write_jsonl(raw, raw_recs)
            f = ["-f", ".contents"]
            p = run([dsir, "fit", "--hash", "dsir"] + f + ["--target", src, "--raw", raw, "--raw", raw, "-o", model])
            good = p.returncode == 0
            for mode in ([], ["--top-k"], ["--seed", "7"]):
                q = run([dsir, "select", "-k", str(args["num_to_sample"]), "-M", model] + f + mode + [raw, raw]) if good else p
                sel = [json.loads(l) for l in q.stdout.decode().splitlines()] if q.returncode == 0 else []
                say(q.returncode == 0 and len(sel) == 2 and all(r["id"] == 0 for r in sel)
                    and all(len(WORDPUNCT.findall(r["contents"].lower())) >= 100 for r in sel),
                    f"{cid} select -k 2 {' '.join(mode) or '(Gumbel, seed 0)'}: both copies of the target-like record")
        else:
            say(False, f"{cid} unknown metric {metric}")


def lowering(dsir, tmp):
    """str.lower()'s context rules: U+0130 and a word-final capital sigma."""
    texts = ["İstanbul'da İ", "ΟΔΥΣΣΕΥΣ ΚΑΙ ΣΑΣ", "ΑΣ.", "Σ", "aΣ'b", "x Σ y", "ΣΑΣ's",
             "ΑΣ\u0301 x", "ΑΣ\u0301Β", "A = ΣΔA",
             "ΑΣ'Β", "ΑΣ'", "ΑΣ:1", "ΑΣ\u00adΒ", "1Σ", "ǅΣ", "ΑΣΣ", "Jalapeño DON'T — ok’ ()()($#%@?)@(#(*", "a_b ½ Ⅻ ①"]
    src, model = os.path.join(tmp, "lower.jsonl"), os.path.join(tmp, "lower.model")
    write_jsonl(src, [{"text": t} for t in texts])
    p = run([dsir, "fit", "--hash", "dsir", "-f", ".text", "--target", src, "-o", model])
    say(p.returncode == 0 and list(read_model(model)["target"]) == counts_of(texts),
        f"lower() + wordpunct: counts of {len(texts)} tricky texts (U+0130, final sigma, marks, numbers)")
    # Every code point assigned in this Python's Unicode, between two letters:
    # "xCx" is one token when C is \w, three when it is neither \w nor \s,
    # two when it is \s; one record per 4096 code points.
    import unicodedata
    cps = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000 and c not in (0x0A, 0x0D)
           and unicodedata.category(chr(c)) != "Cn"]
    texts = [" ".join("x" + chr(c) + "x" for c in cps[i:i + 4096]) for i in range(0, len(cps), 4096)]
    write_jsonl(src, [{"text": t} for t in texts])
    p = run([dsir, "fit", "--hash", "dsir", "-n", "1", "-b", "1000003", "-f", ".text", "--target", src, "-o", model])
    say(p.returncode == 0 and list(read_model(model)["target"]) == counts_of(texts, 1, 1000003),
        f"wordpunct classes of all {len(cps)} code points assigned in Unicode {unicodedata.unidata_version}")


def differential(dsir, data, tmp):
    """Fit target and raw separately (different record shapes), merge, and
    compare logw and length of every raw record with the definition."""
    lowering(dsir, tmp)
    cases = [
        ("alpaca-sample.jsonl", ".output", "dolly-ja-sample.jsonl", ".output",
         lambda r: r["output"]),
        ("alpaca-sample.jsonl", ".output", "messages-sample.jsonl", "[.messages[].content]",
         lambda r: "\n".join(m["content"] for m in r["messages"])),
        ("code-instruct-sample.jsonl", ".response", "zh-sharegpt-sample.jsonl", "[.conversations[].value]",
         lambda r: "\n".join(m["value"] for m in r["conversations"])),
    ]
    for tfile, tfield, rfile, rfield, rtext in cases:
        tpath, rpath = os.path.join(data, tfile), os.path.join(data, rfile)
        name = f"target {tfile} {tfield}, raw {rfile}"
        tm, rm, mm = (os.path.join(tmp, x) for x in ("t.model", "r.model", "m.model"))
        ok = (run([dsir, "fit", "--hash", "dsir", "-f", tfield, "--target", tpath, "-o", tm]).returncode == 0
              and run([dsir, "fit", "--hash", "dsir", "-f", rfield, "--raw", rpath, "-o", rm, "-j", "2"]).returncode == 0
              and run([dsir, "merge", tm, rm, "-o", mm]).returncode == 0)
        out = run([dsir, "score", "-M", mm, "-f", rfield, rpath]) if ok else None
        if not ok or out.returncode != 0:
            say(False, f"differential {name}: fit, merge, score ran")
            continue
        ttexts = []
        for l in open(tpath, encoding="utf-8"):
            v = json.loads(l)
            for part in tfield[1:].split("."):
                v = v[part]
            ttexts.append(v)
        rrecs = [json.loads(l) for l in open(rpath, encoding="utf-8")]
        rtexts = [rtext(r) for r in rrecs]
        tc, rc = counts_of(ttexts), counts_of(rtexts)
        m = read_model(mm)
        say(list(m["target"]) == tc and list(m["raw"]) == rc and m["docs"] == (len(ttexts), len(rtexts)),
            f"differential {name}: model counts = the definition's, bucket by bucket")
        ld = log_diff(tc, rc)
        got = [json.loads(l)["dsir"] for l in out.stdout.decode().splitlines()]
        bad = 0
        worst = 0.0
        for g, text in zip(got, rtexts):
            want, length, scale = weight(text, ld)
            err = abs(g["logw"] - want)
            worst = max(worst, err / max(abs(want), 1e-300))
            if g["length"] != length or err > 1e-9 * max(abs(want), scale * 1e-3):
                bad += 1
                if bad <= 3:
                    print(f"# {rfile}: logw {g['logw']!r} want {want!r}, length {g['length']} want {length}")
        say(len(got) == len(rtexts) and bad == 0,
            f"differential {name}: logw (1e-9 rel) and length of all {len(rtexts)} records "
            f"(worst rel {worst:.1e})")


if __name__ == "__main__":
    if sys.argv[1] == "conformance":
        conformance(*sys.argv[2:6])
    else:
        differential(*sys.argv[2:5])
