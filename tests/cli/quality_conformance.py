#!/usr/bin/env python3
"""ds-quality against datatrove 0.10.0: its own test cases and real records.

  quality_conformance.py cases DS_QUALITY CONF_DIR
      every case of CONF_DIR/quality.jsonl, one TAP line each
  quality_conformance.py real DS_QUALITY CONF_DIR DATA_DIR [TOKENIZER]
      the alpaca sample against real/quality-ws-alpaca-sample.jsonl (whitespace
      words) or real/quality-alpaca-sample.jsonl (spacy-en, spaCy's words):
      every statistic, pass and reason, counts exact, ratios to 1e-12
Prints "ok DESC" / "not ok DESC" lines for tests/lib.sh's tap_lines.
"""
import json
import subprocess
import sys

PREFIX = {"gq": "gopher_quality", "gr": "gopher_repetition", "c4": "c4", "bw": "c4_badwords",
          "fw": "fineweb", "fwp": "fineweb_recipe"}
RULE_OF_METRIC = {"gopher_repetition_reason": "gopher_repetition",
                  "gopher_quality_reason": "gopher_quality", "c4_quality_reason": "c4",
                  "c4_quality_text": "c4", "fineweb_quality_reason": "fineweb"}


def run(tool, args, records):
    inp = "".join(json.dumps(r) + "\n" for r in records).encode()
    res = subprocess.run([tool] + args, input=inp, capture_output=True, check=True)
    return [json.loads(l) for l in res.stdout.decode().splitlines()]


def cases(tool, conf):
    for line in open(conf + "/quality.jsonl", encoding="utf-8"):
        c = json.loads(line)
        desc = "%s %s" % (c["id"], c["metric"])
        if c["metric"] == "word_tokenize_en":
            got = run(tool, ["-f", ".text", "--rules", "gopher_quality", "--show-words"],
                      [{"text": c["text"]}])[0]["quality"]["words"]
            print(("ok " if got == c["expected"] else "not ok ") + desc)
            continue
        rule = RULE_OF_METRIC[c["metric"]]
        args = ["-f", ".text", "--rules", rule]
        for k, v in c["args"].items():
            args += ["--" + k.replace("_", "-"), str(v)]
        if c["metric"] == "c4_quality_text":
            args.append("--c4-text")
        q = run(tool, args, [{"text": c["text"]}])[0]["quality"][rule]
        got = q.get("text") if c["metric"] == "c4_quality_text" else q["reason"]
        ok = got == c["expected"]
        print(("ok " if ok else "not ok ") + desc + ("" if ok else ": got %r, want %r" % (got, c["expected"])))


def same(a, b):
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    if isinstance(b, float) and isinstance(a, int) and not isinstance(a, bool):
        return a == b
    return a == b


def flatten(q):
    """The tool's annotation under the reference's flat key names."""
    out = {"n_chars": q["n_chars"]}
    for short, rule in PREFIX.items():
        for k, v in q[rule].items():
            out["%s_%s" % (short, k)] = v
    return out


def real(tool, conf, data, tokenizer):
    ref_name = "quality-ws-alpaca-sample.jsonl" if tokenizer == "whitespace" else "quality-alpaca-sample.jsonl"
    refs = [json.loads(l) for l in open(conf + "/real/" + ref_name, encoding="utf-8")]
    res = subprocess.run([tool, "-f", ".output", "--tokenizer", tokenizer, "--rules",
                          ",".join(PREFIX.values()), data + "/alpaca-sample.jsonl"],
                         capture_output=True, check=True)
    got = [flatten(json.loads(l)["quality"]) for l in res.stdout.decode().splitlines()]
    keys = [k for k in refs[0] if not k.startswith("_")]
    bad = {k: [] for k in keys}
    for g, r in zip(got, refs):
        for k in keys:
            if not same(g.get(k), r.get(k)):
                bad[k].append(r["_line"])
    print(("ok " if len(got) == len(refs) else "not ok ") + "%d records annotated" % len(got))
    n = len(refs)
    for k in keys:
        lines = bad[k]
        print(("ok " if not lines else "not ok ") + "%s: %s equals datatrove on all %d records%s"
              % (tokenizer, k, n, "" if not lines else ": differs on lines %s" % lines[:10]))
    verdicts = [k for k in keys if k.endswith("_pass") or k.endswith("_reason")]
    agree = sum(1 for i in range(n) if all(same(got[i].get(k), refs[i].get(k)) for k in verdicts))
    print("# %s: every pass and reason agrees on %d of %d records (%.2f %%)"
          % (tokenizer, agree, n, 100.0 * agree / n))


def main():
    if sys.argv[1] == "cases":
        cases(sys.argv[2], sys.argv[3])
    else:
        real(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else "whitespace")


if __name__ == "__main__":
    main()
