#!/usr/bin/env python3
"""Checks for the selection tools' tests (ds-topk, ds-sample, ds-filter).

  select_check.py subset OUT IN      OUT's lines are IN's lines, in IN's order
  select_check.py sample-stats BIN DIR
                                     statistical tests of ds-sample (TAP-ish
                                     "ok"/"not ok" lines for tests/lib.sh)

The statistical tests run with fixed seeds, so they give the same answer every
time; their thresholds (p > 1e-6, |z| < 5.5) only guard against a seed that
happens to be unlucky when the test is written.
"""
import json
import math
import os
import subprocess
import sys


def subset(out_path, in_path):
    with open(in_path, 'rb') as f:
        lines = f.read().split(b'\n')
    with open(out_path, 'rb') as f:
        out = f.read().split(b'\n')
    if out and out[-1] == b'':
        out.pop()
    i = 0
    for n, line in enumerate(out):
        while i < len(lines) and lines[i] != line:
            i += 1
        if i == len(lines):
            print(f'{out_path}:{n + 1}: not an input line (or out of order)', file=sys.stderr)
            return 1
        i += 1
    return 0


def chi2_sf(x, df):
    """P(X > x) for X ~ chi-square(df): the regularized upper gamma Q(df/2, x/2)."""
    a, z = df / 2.0, x / 2.0
    if z <= 0:
        return 1.0
    if z < a + 1:  # series for the lower gamma P
        term = total = 1.0 / a
        n = a
        while term > total * 1e-15:
            n += 1
            term *= z / n
            total += term
        return 1.0 - total * math.exp(-z + a * math.log(z) - math.lgamma(a))
    # continued fraction for Q (Lentz)
    b = z + 1 - a
    c = 1 / 1e-300
    d = 1 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1e-300 if abs(d) < 1e-300 else d
        c = b + an / c
        c = 1e-300 if abs(c) < 1e-300 else c
        d = 1 / d
        h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return math.exp(-z + a * math.log(z) - math.lgamma(a)) * h


def chi2_test(observed, expected):
    x = sum((o - e) ** 2 / e for o, e in zip(observed, expected))
    return x, chi2_sf(x, len(observed) - 1)


def sample(binary, path, *args):
    out = subprocess.run([binary, *args, path], check=True, stdout=subprocess.PIPE).stdout
    return [json.loads(line) for line in out.splitlines()]


def report(good, desc):
    print(('ok ' if good else 'not ok ') + desc)


def sample_stats(bindir, tmp):
    binary = os.path.join(bindir, 'ds-sample')
    strata, size = 20000, 5
    path = os.path.join(tmp, 'strata.jsonl')
    with open(path, 'w') as f:
        for s in range(strata):
            for j in range(size):
                f.write(json.dumps({'s': s, 'j': j, 'w': j + 1, 'lw': math.log(j + 1)}) + '\n')

    for seed in ('0', '1', '42'):
        recs = sample(binary, path, '-n', '2', '--stratify', '.s', '--seed', seed)
        per_stratum = {}
        for r in recs:
            per_stratum.setdefault(r['s'], []).append(r['j'])
        report(len(per_stratum) == strata and all(len(v) == 2 for v in per_stratum.values()),
               f'-n 2 --stratify: 2 records from each of {strata} strata (seed {seed})')
        counts = [0] * size
        pairs = {}
        for js in per_stratum.values():
            for j in js:
                counts[j] += 1
            pairs[tuple(sorted(js))] = pairs.get(tuple(sorted(js)), 0) + 1
        x, p = chi2_test(counts, [strata * 2 / size] * size)
        report(p > 1e-6, f'uniform: each record drawn with probability 2/5, chi2 {x:.1f} p {p:.3g} (seed {seed})')
        npairs = size * (size - 1) // 2
        obs = [pairs.get((a, b), 0) for a in range(size) for b in range(a + 1, size)]
        x, p = chi2_test(obs, [strata / npairs] * npairs)
        report(p > 1e-6, f'uniform: all {npairs} pairs equally likely, chi2 {x:.1f} p {p:.3g} (seed {seed})')

    # Weighted, one per stratum: P(j) = w_j / sum(w).
    weights = [j + 1 for j in range(size)]
    for opt, expr in (('--weight', '.w'), ('--log-weight', '.lw')):
        recs = sample(binary, path, '-n', '1', '--stratify', '.s', opt, expr)
        counts = [0] * size
        for r in recs:
            counts[r['j']] += 1
        x, p = chi2_test(counts, [strata * w / sum(weights) for w in weights])
        report(len(recs) == strata and p > 1e-6,
               f'{opt} -n 1: P(record) = w/sum(w), chi2 {x:.1f} p {p:.3g}')

    # Weighted, two per stratum: successive sampling's inclusion probability
    # pi_i = p_i + sum_{j != i} p_j p_i / (1 - p_j).
    recs = sample(binary, path, '-n', '2', '--stratify', '.s', '--weight', '.w', '--seed', '7')
    counts = [0] * size
    for r in recs:
        counts[r['j']] += 1
    prob = [w / sum(weights) for w in weights]
    worst = 0
    for i in range(size):
        pi = prob[i] + sum(prob[j] * prob[i] / (1 - prob[j]) for j in range(size) if j != i)
        z = (counts[i] - strata * pi) / math.sqrt(strata * pi * (1 - pi))
        worst = max(worst, abs(z))
    report(worst < 5.5, f'--weight -n 2: inclusion probabilities of successive sampling, max |z| {worst:.2f}')

    # Bernoulli.
    total = strata * size
    for rate in (0.01, 0.3):
        n = len(sample(binary, path, '--rate', str(rate), '--seed', '3'))
        z = (n - total * rate) / math.sqrt(total * rate * (1 - rate))
        report(abs(z) < 5.5, f'--rate {rate}: {n} of {total} records, z {z:.2f}')

    # Uniform over the whole input: the sample spread evenly over positions.
    recs = sample(binary, path, '-n', '2000', '--seed', '5')
    deciles = [0] * 10
    for r in recs:
        deciles[r['s'] * 10 // strata] += 1
    x, p = chi2_test(deciles, [200] * 10)
    report(len(recs) == 2000 and p > 1e-6, f'-n 2000: even over the input, chi2 {x:.1f} p {p:.3g}')
    return 0


def main():
    cmd = sys.argv[1]
    if cmd == 'subset':
        return subset(sys.argv[2], sys.argv[3])
    if cmd == 'sample-stats':
        return sample_stats(sys.argv[2], sys.argv[3])
    print(f'unknown command {cmd}', file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main())
