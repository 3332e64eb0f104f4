#!/usr/bin/env python3
"""Check ds-readability against textstat 0.7.11's own test cases (readability.jsonl,
text_counts.jsonl) and the wooorm formula tests (readability_formulas.jsonl).

Metrics and counts go through the ds-readability program itself; textstat's word
selections (list_words, list_difficult_words, remove_punctuation, ...) and the
formulas-from-counts go through tests/unit/readability-probe, which calls the same
engine. Prints "ok DESC" / "not ok DESC" / "skip DESC" lines for tests/lib.sh's
tap_lines. Usage: readability_conformance.py DS_READABILITY PROBE CONF"""
import json, math, subprocess, sys

tool, probe, conf = sys.argv[1:4]

def load(name):
    return [json.loads(line) for line in open(f"{conf}/{name}")]

def matches(got, c):
    want, how = c["expected"], c["compare"]
    if how == "round3":
        return got is not None and round(got, 3) == want
    if how == "round6":
        return got is not None and round(got * 1e6) / 1e6 == want
    if how == "margin":
        return got is not None and abs(got - want) <= c["tol"]
    return got == want

def report(c, got, extra=""):
    good = matches(got, c)
    desc = f"{c['id']} {c['metric']} {json.dumps(c['args'], sort_keys=True)}{extra}"
    print(("ok " if good else "not ok ") + desc)
    if not good:
        print(f"#   got {got!r}, want {c['expected']!r} ({c['compare']})")

# --- cases answered by the tool: (options, metric name) per case -------------
OPTION_ARGS = {"lang": "--lang", "ms_per_char": "--reading-speed", "variant": "--wiener-variant",
               "threshold": "--long-word", "max_size": "--mini-word"}
TOOL_NAMES = {"count_chars": "chars", "count_letters": "letters", "count_sentences": "sentences",
              "count_syllables": "syllables", "count_long_words": "long_words",
              "count_miniwords": "miniwords", "count_monosyllable_words": "monosyllables",
              "count_polysyllable_words": "polysyllables", "text_standard_public": "text_standard"}

def tool_options(args):
    opts = []
    for k, v in sorted(args.items()):
        if k in ("strict_lower", "strict_upper"):
            if k == "strict_lower" and v:
                opts.append("--linsear-min-100")
            if k == "strict_upper" and not v:
                opts.append("--linsear-all-words")
        elif k in OPTION_ARGS:
            opts += [OPTION_ARGS[k], str(v)]
    return tuple(opts)

def grade_string(v):
    """textstat.text_standard(float_output=False) from the number."""
    def suffix(g):
        return {11: "th", 12: "th", 13: "th"}.get(g % 100, {1: "st", 2: "nd", 3: "rd"}.get(g % 10, "th"))
    lower = int(v) - 1
    return f"{lower}{suffix(lower)} and {lower + 1}{suffix(lower + 1)} grade"

tool_cases, probe_cases, skipped = [], [], []
for c in load("readability.jsonl") + load("text_counts.jsonl"):
    m, a = c["metric"], c["args"]
    if m == "count_words":
        if a["split_contractions"] or a["split_hyphens"]:
            skipped.append((c, "split_contractions/split_hyphens are textstat options ds-readability does not use"))
        else:
            tool_cases.append((c, "words" if a["rm_punctuation"] else "tokens"))
    elif m == "count_chars" and not a["ignore_spaces"]:
        skipped.append((c, "ds-readability counts characters without white space, textstat's default"))
    elif m in ("list_words", "remove_punctuation", "remove_punctuation_public"):
        if a.get("rm_apostrophe") or a.get("split_contractions") or a.get("split_hyphens") \
           or a.get("rm_punctuation") is False:
            skipped.append((c, "a textstat option ds-readability does not use (it reads words with its defaults)"))
        else:
            probe_cases.append(c)
    elif m in ("list_difficult_words", "set_difficult_words", "is_difficult_word", "count_difficult_words"):
        probe_cases.append(c)
    else:
        tool_cases.append((c, TOOL_NAMES.get(m, m)))

# One run of the tool per set of options, every metric at once.
groups = {}
for c, name in tool_cases:
    groups.setdefault(tool_options(c["args"]), []).append((c, name))
for opts, cases in groups.items():
    recs = "".join(json.dumps({"text": c["text"]}) + "\n" for c, _ in cases)
    p = subprocess.run([tool, "-f", ".text", "--metrics", "all", *opts], input=recs.encode(),
                       capture_output=True)
    lines = p.stdout.decode().splitlines()
    if p.returncode != 0 or len(lines) != len(cases):
        for c, _ in cases:
            print(f"not ok {c['id']} {c['metric']}: ds-readability {' '.join(opts)} failed: "
                  f"{p.stderr.decode().strip()}")
        continue
    for (c, name), line in zip(cases, lines):
        got = json.loads(line)["readability"][name]
        if c["metric"] == "text_standard_public" and not c["args"]["float_output"]:
            got = grade_string(got)
        report(c, got, f" (ds-readability {' '.join(opts)})".replace(" )", ")"))

# Word selections through the probe.
def req(c):
    a = c["args"]
    lang = a.get("lang", "en_US")
    m = c["metric"]
    if m == "list_words":
        return {"fn": "words", "text": c["text"], "lowercase": a["lowercase"]}
    if m.startswith("remove_punctuation"):
        return {"fn": "punct", "text": c["text"]}
    return {"fn": "difficult", "text": c["text"], "lang": lang,
            "syllable_threshold": a["syllable_threshold"]}

reqs = "".join(json.dumps(req(c)) + "\n" for c in probe_cases)
out = subprocess.run([probe], input=reqs.encode(), capture_output=True).stdout.decode().splitlines()
for c, line in zip(probe_cases, out):
    v, m, a = json.loads(line), c["metric"], c["args"]
    if m == "set_difficult_words":
        v, c = sorted(set(v)), dict(c, expected=sorted(c["expected"]))
    elif m == "count_difficult_words":
        v = len(set(v)) if a["unique"] else len(v)
    elif m == "is_difficult_word":
        v = len(c["text"].split()) == 1 and len(v) == 1
    report(c, v, " (probe)")
if len(out) != len(probe_cases):
    print(f"not ok readability-probe answered {len(out)} of {len(probe_cases)} requests")

# wooorm's formulas from counts: the engine's formula with those counts.
WOOORM = {"flesch": "flesch_reading_ease", "fleschKincaid": "flesch_kincaid_grade",
          "gunningFog": "gunning_fog", "smogFormula": "smog_index",
          "automatedReadability": "automated_readability_index",
          "daleChallFormula": "dale_chall_readability_score"}
COUNT_KEYS = {"sentence": "sentences", "word": "words", "syllable": "syllables",
              "letter": "letters", "character": "chars", "polysillabicWord": "polysyllables",
              "complexPolysillabicWord": "difficult_fog", "difficultWord": "not_easy"}
formula_cases = []
for c in load("readability_formulas.jsonl"):
    counts = c["input"]["counts"]
    if counts is None:
        skipped.append((c, "wooorm's API called without counts (NaN); a text always has counts"))
    elif c["metric"] == "colemanLiau":
        skipped.append((c, "wooorm's Coleman-Liau uses 0.0588, textstat (and ds-readability) 0.058"))
    elif c["metric"] == "daleChallGradeLevel":
        skipped.append((c, "wooorm's grade bands of the Dale-Chall score: not a textstat metric"))
    else:
        formula_cases.append(c)
reqs = "".join(json.dumps({"fn": "formula", "metric": WOOORM[c["metric"]],
                           "counts": {COUNT_KEYS[k]: v for k, v in c["input"]["counts"].items()}})
               + "\n" for c in formula_cases)
out = subprocess.run([probe], input=reqs.encode(), capture_output=True).stdout.decode().splitlines()
for c, line in zip(formula_cases, out):
    report(c, json.loads(line), " (engine formula)")
if len(out) != len(formula_cases):
    print(f"not ok readability-probe answered {len(out)} of {len(formula_cases)} formulas")

for c, why in skipped:
    print(f"skip {c['id']} {c['metric']}: {why}")
