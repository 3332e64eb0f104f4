#!/usr/bin/env python3
"""No-loss test driver for tests/cli/1100-noloss.t: prints "ok"/"not ok"/"skip" lines.

Usage: noloss.py DS_BIN DATA_DIR TMP_DIR

Every .jsonl file of DATA_DIR (its first LINES lines) gets faults injected at
positions drawn from a fixed seed: a cut record, text that is not JSON,
invalid UTF-8 inside a string, non-objects (array, string, number), and a
truncated last line without its newline. Each tool invocation of TOOLS runs
on each faulted file:
  skip  exit 0; every --rejects entry names an injected line or, for annotate
        and summarize tools, is one the tool may refuse, and carries the raw
        line (record, or record_base64 for invalid UTF-8) that is at that
        file:line; every injected line is rejected; annotate tools: input
        records = written + rejected; select tools (which also drop records
        by design): rejected = injected exactly, and no injected line written;
        summarize tools: the "records" figure + rejected = input records;
  pass  (annotate tools) written = input, the injected lines written unchanged
        in their places;
  fail  exit 1, no -o file made, and the message names FILE:LINE of
        the first injected fault.
A tool whose binary is missing from DS_BIN is skipped."""
import base64
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

LINES = 240
SEED = 11

BIN, DATA, TMP = sys.argv[1], sys.argv[2], sys.argv[3]

# name, argv before the file, kind, needs (setup products used in argv)
TOOLS = [
    ('ds-ttr', ['ds-ttr'], 'annotate'),
    ('ds-readability', ['ds-readability'], 'annotate'),
    ('ds-dsir score', ['ds-dsir', 'score', '--model', '{dsir_model}'], 'annotate'),
    ('ds-quality', ['ds-quality'], 'annotate'),
    ('ds-lm score', ['ds-lm', 'score', '--model', '{lm_model}'], 'annotate'),
    ('ds-embed', ['ds-embed', '-d', '16'], 'annotate'),
    ('ds-knn-div', ['ds-knn-div', '--vec', '.emb', '-k', '3'], 'annotate-vec'),
    ('ds-diversity --per-record', ['ds-diversity', '--per-record'], 'annotate'),
    ('ds-dedup', ['ds-dedup'], 'select'),
    ('ds-topk', ['ds-topk', '--by', 'tostring | length', '-k', '50'], 'select'),
    ('ds-sample', ['ds-sample', '--rate', '0.5'], 'select'),
    ('ds-filter', ['ds-filter', '-e', 'tostring | length > 1500'], 'select'),
    ('ds-kcenter', ['ds-kcenter', '--vec', '.emb', '-k', '5'], 'select-vec'),
    ('ds-diversity', ['ds-diversity'], 'summarize'),
]


def inject(lines, rng):
    """Faulted copy of lines: (bytes of the file, injected 1-based line numbers)."""
    out = list(lines)
    faults = [
        lambda: out[rng.randrange(len(out))][:37],          # a record cut short
        lambda: b'this is not JSON',
        lambda: b'[1, 2, {"output": "an array, not an object"}]',
        lambda: b'"a string, not an object"',
        lambda: b'42',
        lambda: invalid_utf8(out[rng.randrange(len(out))]),
        lambda: b'{"output": "bad byte \xff here", "instruction": "x"}',
    ]
    for make in faults:
        line = make()
        out.insert(rng.randrange(1, len(out)), line)
    out[-1] = out[-1][:len(out[-1]) // 2]               # truncated last line
    injected = {i + 1 for i, l in enumerate(out) if l not in lines}
    injected.add(len(out))
    return b'\n'.join(out), injected                    # no final newline


def invalid_utf8(line):
    """The record with an invalid byte inside its first string value."""
    at = line.find(b'":"')
    at = at + 3 if at >= 0 else line.find(b'"') + 1
    return line[:at] + b'\xc3\x28' + line[at:]


def run(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def out_lines(path):
    with open(path, 'rb') as f:
        data = f.read()
    return data.split(b'\n')[:-1] if data else []


def raw_of(rej):
    if 'record' in rej:
        return rej['record'].encode('utf-8', 'surrogateescape')
    return base64.b64decode(rej['record_base64'])


def takes_pass(argv):
    """Whether the tool's --help offers --on-error pass."""
    opts = [a for a in argv[1:] if a in ('score', 'select', 'fit')]
    p = run([argv[0]] + opts + ['--help'])
    return b'pass (write them' in p.stdout


def check(tool, argv, kind, path, lines, injected):
    """Result lines for one tool on one faulted file."""
    res = []
    name = os.path.basename(path)
    tag = f'{tool} {name}'
    work = os.path.join(TMP, f'{tool.replace(" ", "_")}-{name}')
    os.makedirs(work, exist_ok=True)
    out, rejects = os.path.join(work, 'out'), os.path.join(work, 'rejects')
    argv = [os.path.join(BIN, argv[0])] + argv[1:]
    annotate = kind.startswith('annotate')

    p = run(argv + ['--on-error', 'skip', '--rejects', rejects, '-q', '-o', out, path])
    if p.returncode != 0:
        res.append(f'not ok {tag}: --on-error skip exited {p.returncode}: {p.stderr[:300]!r}')
    else:
        rej = [json.loads(l) for l in out_lines(rejects)]
        written = out_lines(out)
        problems = []
        seen = set()
        for r in rej:
            ln = r.get('line')
            if r.get('file') != path or not isinstance(ln, int) or not 1 <= ln <= len(lines):
                problems.append(f'reject names {r.get("file")}:{ln}')
                continue
            if raw_of(r) != lines[ln - 1]:
                problems.append(f'reject of line {ln} does not hold that line')
            seen.add(ln)
            if ln not in injected and not annotate and kind != 'summarize':
                problems.append(f'line {ln} rejected but not injected ({r.get("reason")})')
        if not injected <= seen:
            problems.append(f'injected lines not rejected: {sorted(injected - seen)}')
        if len(seen) != len(rej):
            problems.append('a line rejected twice')
        if annotate and len(written) + len(rej) != len(lines):
            problems.append(f'{len(lines)} records in, {len(written)} written + {len(rej)} rejected')
        if kind == 'summarize' and len(written) == 1:
            records = json.loads(written[0]).get('records')
            if records is not None and records + len(rej) != len(lines):
                problems.append(f'{len(lines)} records in, {records} counted + {len(rej)} rejected')
        if kind != 'summarize':
            bad = {lines[i - 1] for i in injected}
            if any(w in bad for w in written):
                problems.append('an injected line was written')
        if problems:
            res.append(f'not ok {tag}: skip: ' + '; '.join(problems[:3]))
        else:
            res.append(f'ok {tag}: skip: {len(lines)} in = {len(written)} written + {len(rej)} rejected'
                       if annotate else f'ok {tag}: skip: {len(rej)} rejected, the injected lines')

    if annotate and not takes_pass(argv):
        res.append(f'skip {tag}: pass: the tool has no --on-error pass (it needs every vector)')
    elif annotate:
        p = run(argv + ['--on-error', 'pass', '-q', '-o', out, path])
        written = out_lines(out) if p.returncode == 0 else []
        if p.returncode != 0:
            res.append(f'not ok {tag}: --on-error pass exited {p.returncode}: {p.stderr[:300]!r}')
        elif len(written) != len(lines):
            res.append(f'not ok {tag}: pass: {len(lines)} records in, {len(written)} written')
        elif any(written[i - 1] != lines[i - 1] for i in injected):
            res.append(f'not ok {tag}: pass: an injected line was not written unchanged in its place')
        else:
            res.append(f'ok {tag}: pass: {len(written)} written = {len(lines)} in')

    if os.path.exists(out):
        os.unlink(out)
    p = run(argv + ['-o', out, path])
    first = min(injected)
    want = f'{path}:{first}:'.encode()
    if p.returncode != 1 or want not in p.stderr or os.path.exists(out):
        res.append(f'not ok {tag}: fail: status {p.returncode}, want 1 and "{want.decode()}" in '
                   f'{p.stderr[:200]!r}' + (' (and -o file left)' if os.path.exists(out) else ''))
    else:
        res.append(f'ok {tag}: fail: status 1 naming {name}:{first}')
    return res


def main():
    rng = random.Random(SEED)
    setup = os.path.join(TMP, 'setup')
    os.makedirs(setup, exist_ok=True)
    files = sorted(f for f in os.listdir(DATA) if f.endswith('.jsonl'))
    clean = {}
    for f in files:
        with open(os.path.join(DATA, f), 'rb') as fh:
            clean[f] = [fh.readline().rstrip(b'\n') for _ in range(LINES)]
            clean[f] = [l for l in clean[f] if l]

    # Models and vectors the invocations need, made from the clean samples.
    fill = {}
    first = os.path.join(setup, 'first.jsonl')
    second = os.path.join(setup, 'second.jsonl')
    for path, f in ((first, files[0]), (second, files[-1])):
        with open(path, 'wb') as fh:
            fh.write(b'\n'.join(clean[f]) + b'\n')
    have = lambda exe: os.access(os.path.join(BIN, exe), os.X_OK)
    if have('ds-dsir'):
        fill['dsir_model'] = os.path.join(setup, 'dsir.model')
        run([os.path.join(BIN, 'ds-dsir'), 'fit', '-t', first, '-r', second, '-o', fill['dsir_model']],
            check=True)
    if have('ds-lm'):
        fill['lm_model'] = os.path.join(setup, 'lm.arpa')
        run([os.path.join(BIN, 'ds-lm'), 'train', '-n', '2', '--discount-fallback', '-o',
             fill['lm_model'], first], check=True)

    jobs = []
    for k, f in enumerate(files):
        lines_b, injected = inject(clean[f], rng)
        path = os.path.join(TMP, f)
        with open(path, 'wb') as fh:
            fh.write(lines_b)
        vec_path = None
        if have('ds-embed'):
            # The vector tools read .emb: embed the clean lines, then fault them.
            p = run([os.path.join(BIN, 'ds-embed'), '-d', '8', '-q'], input=b'\n'.join(clean[f]) + b'\n',
                    check=True)
            vlines, vinjected = inject(p.stdout.rstrip(b'\n').split(b'\n'), random.Random(SEED + 1 + k))
            vec_path = os.path.join(TMP, 'vec-' + f)
            with open(vec_path, 'wb') as fh:
                fh.write(vlines)
        for tool, argv, kind in TOOLS:
            if not have(argv[0]):
                print(f'skip {tool} {f}: {argv[0]} is not built')
                continue
            argv = [a.format(**fill) for a in argv]
            if kind.endswith('-vec'):
                if vec_path is None:
                    print(f'skip {tool} {f}: needs ds-embed')
                    continue
                jobs.append((tool, argv, kind[:-4], vec_path, vlines.split(b'\n'), vinjected))
            else:
                jobs.append((tool, argv, kind, path, lines_b.split(b'\n'), injected))
    with ThreadPoolExecutor(max_workers=2) as pool:
        for res in pool.map(lambda j: check(*j), jobs):
            for line in res:
                print(line, flush=True)


if __name__ == '__main__':
    main()
