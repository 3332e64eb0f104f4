/* ds-dedup: drop exact and near-duplicate records (ds-dedup(1)).
 *
 * One machine:  ds-dedup [OPTION]... [FILE]...
 * Sharded:      ds-dedup sign     one shard's records -> signature file
 *               ds-dedup cluster  signature files -> cluster file
 *               ds-dedup apply    one shard + cluster file -> its kept records
 * Helpers:      ds-dedup params   the LSH (bands, rows) for --threshold
 *               ds-dedup dump     a signature or cluster file as JSON lines
 *
 * The one-machine run is sign, cluster and apply in one process: the entries
 * go to a temporary file, the input is read again (or, from a pipe, a
 * temporary copy of its lines), so its result is the sharded result by
 * construction. Exact dedup keeping the first copy is transitive and needs no
 * clustering: it streams in one pass. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "dedup.h"
#include "json.h"
#include "opts.h"
#include "output.h"
#include "run.h"
#include "text.h"
#include "util.h"

/* --- options ------------------------------------------------------------------ */

enum {
	O_MODE = 1, O_NORMALIZE, O_HASH, O_PERM, O_SHINGLE, O_MIN_TOKENS, O_SEED,
	O_THRESHOLD, O_WEIGHTS, O_VERIFY, O_VERIFY_EXACT, O_SETS, O_KEEP, O_ANNOTATE, O_NAME,
	O_CLUSTERS
};

#define OPT_MODE { "mode", 0, "MODE", O_MODE, "exact, near or both (default both: exact, then near on the rest)" }
#define OPT_NORMALIZE { "normalize", 0, "HOW", O_NORMALIZE, "exact: none (default), basic (case fold, white space collapsed) or ccnet (text-dedup's)" }
#define OPT_HASH { "hash", 0, "HASH", O_HASH, "near: xxh3 (default, fast) or datasketch (SHA-1, bit for bit)" }
#define OPT_PERM { "perm", 0, "N", O_PERM, "near: MinHash permutations (default 128)" }
#define OPT_SHINGLE { "shingle", 0, "KIND:N", O_SHINGLE, "near: words:N (default words:5) or chars:N" }
#define OPT_MIN_TOKENS { "min-tokens", 0, "N", O_MIN_TOKENS, "near: a text with fewer tokens has no shingles (default 5)" }
#define OPT_SEED { "seed", 0, "N", O_SEED, "near: seed of the permutations (default 1, datasketch's)" }
#define OPT_THRESHOLD { "threshold", 't', "T", O_THRESHOLD, "near: Jaccard similarity of duplicates (default 0.8)" }
#define OPT_WEIGHTS { "weights", 0, "FP,FN", O_WEIGHTS, "near: weights of false positives and negatives in choosing bands and rows (default 0.5,0.5; 0.01,0.99 with --verify-exact)" }
#define OPT_VERIFY { "verify", 0, NULL, O_VERIFY, "near: join a candidate pair only if its estimated Jaccard reaches the threshold" }
#define OPT_VERIFY_EXACT { "verify-exact", 0, NULL, O_VERIFY_EXACT, "near: join a candidate pair only if the Jaccard similarity of its shingle sets reaches the threshold" }
#define OPT_SETS { "sets", 0, NULL, O_SETS, "near: store the shingle sets too (4 bytes a shingle), for cluster --verify-exact" }
#define OPT_KEEP { "keep", 0, "WHICH", O_KEEP, "which record of a cluster stays: first (default) or last" }
#define OPT_ANNOTATE { "annotate", 'a', NULL, O_ANNOTATE, "keep every record, adding \"dedup\": null or {\"dup_of\",\"kind\",\"jaccard\"}" }
#define OPT_NAME { "name", 0, "NAME", O_NAME, "shard name (default: the input file's name without directories)" }
#define OPT_CLUSTERS { "clusters", 'c', "FILE", O_CLUSTERS, "the cluster file of ds-dedup cluster" }
#define OPT_END { NULL, 0, NULL, 0, NULL }

static const struct ds_option main_options[] = {
	OPT_MODE, OPT_NORMALIZE, OPT_HASH, OPT_PERM, OPT_SHINGLE, OPT_MIN_TOKENS, OPT_SEED,
	OPT_THRESHOLD, OPT_WEIGHTS, OPT_VERIFY, OPT_VERIFY_EXACT, OPT_KEEP, OPT_ANNOTATE, OPT_END
};
static const struct ds_option sign_options[] = {
	OPT_MODE, OPT_NORMALIZE, OPT_HASH, OPT_PERM, OPT_SHINGLE, OPT_MIN_TOKENS, OPT_SEED,
	OPT_SETS, OPT_NAME, OPT_END
};
static const struct ds_option cluster_options[] = {
	OPT_THRESHOLD, OPT_WEIGHTS, OPT_VERIFY, OPT_VERIFY_EXACT, OPT_KEEP, OPT_END
};
static const struct ds_option apply_options[] = {
	OPT_CLUSTERS, OPT_ANNOTATE, OPT_NAME, OPT_END
};
static const struct ds_option params_options[] = {
	OPT_PERM, OPT_THRESHOLD, OPT_WEIGHTS, OPT_END
};

static struct dd_sigparams sp = {
	.mode = DD_BOTH, .normalize = DD_NORM_NONE, .hash = DD_HASH_XXH3,
	.shingle = DD_SHINGLE_WORDS, .ngram = 5, .min_tokens = 5, .perm = 128, .seed = 1
};
static double threshold = 0.8, fp_weight = 0.5, fn_weight = 0.5;
static bool weights_given;
static bool verify, verify_exact, keep_last, annotate;
static const char *shard_name, *clusters_path;

static const char memory_hint[] =
	"raise -m, or split the input and run ds-dedup sign on the shards (on several "
	"machines if need be) and ds-dedup cluster where memory allows (ds-dedup(1), SHARDED MODE)";

static unsigned parse_count(const char *opt, const char *arg, unsigned lo, unsigned hi)
{
	uint64_t v;
	if (ds_parse_u64(arg, &v) || v < lo || v > hi)
		ds_usage_error("--%s: '%s' is not a whole number from %u to %u", opt, arg, lo, hi);
	return (unsigned)v;
}

static void handle(int id, const char *arg)
{
	double d;
	switch (id) {
	case O_MODE:
		if (!strcmp(arg, "exact"))
			sp.mode = DD_EXACT;
		else if (!strcmp(arg, "near"))
			sp.mode = DD_NEAR;
		else if (!strcmp(arg, "both"))
			sp.mode = DD_BOTH;
		else
			ds_usage_error("--mode: '%s' is not one of exact, near, both", arg);
		break;
	case O_NORMALIZE:
		if (!strcmp(arg, "none"))
			sp.normalize = DD_NORM_NONE;
		else if (!strcmp(arg, "basic"))
			sp.normalize = DD_NORM_BASIC;
		else if (!strcmp(arg, "ccnet"))
			sp.normalize = DD_NORM_CCNET;
		else
			ds_usage_error("--normalize: '%s' is not one of none, basic, ccnet", arg);
		break;
	case O_HASH:
		if (!strcmp(arg, "xxh3"))
			sp.hash = DD_HASH_XXH3;
		else if (!strcmp(arg, "datasketch"))
			sp.hash = DD_HASH_DATASKETCH;
		else
			ds_usage_error("--hash: '%s' is not one of xxh3, datasketch", arg);
		break;
	case O_PERM:
		sp.perm = parse_count("perm", arg, 1, DD_MAX_PERM);
		break;
	case O_SHINGLE: {
		const char *colon = strchr(arg, ':');
		size_t k = colon ? (size_t)(colon - arg) : 0;
		if (colon && k == 5 && !strncmp(arg, "words", 5))
			sp.shingle = DD_SHINGLE_WORDS;
		else if (colon && k == 5 && !strncmp(arg, "chars", 5))
			sp.shingle = DD_SHINGLE_CHARS;
		else
			ds_usage_error("--shingle: '%s' is not words:N or chars:N", arg);
		sp.ngram = parse_count("shingle", colon + 1, 1, 1000);
		break;
	}
	case O_MIN_TOKENS:
		sp.min_tokens = parse_count("min-tokens", arg, 0, 1000000);
		break;
	case O_SEED:
		if (ds_parse_u64(arg, &sp.seed))
			ds_usage_error("--seed: '%s' is not a whole number", arg);
		break;
	case O_THRESHOLD:
		if (ds_parse_double(arg, &d) || !(d > 0 && d < 1))
			ds_usage_error("--threshold: '%s' is not a number between 0 and 1 (exclusive)", arg);
		threshold = d;
		break;
	case O_WEIGHTS: {
		char *end;
		errno = 0;
		double fp = strtod(arg, &end);
		double fn = *end == ',' ? strtod(end + 1, &end) : -1;
		if (errno || *end || !(fp >= 0 && fn >= 0) || fp + fn != 1.0)
			ds_usage_error("--weights: '%s' is not FP,FN: two weights that sum to 1", arg);
		fp_weight = fp;
		fn_weight = fn;
		weights_given = true;
		break;
	}
	case O_VERIFY:
		verify = true;
		break;
	case O_VERIFY_EXACT:
		verify_exact = true;
		break;
	case O_SETS:
		sp.sets = 1;
		break;
	case O_KEEP:
		if (!strcmp(arg, "first"))
			keep_last = false;
		else if (!strcmp(arg, "last"))
			keep_last = true;
		else
			ds_usage_error("--keep: '%s' is not one of first, last", arg);
		break;
	case O_ANNOTATE:
		annotate = true;
		break;
	case O_NAME:
		if (!*arg)
			ds_usage_error("--name: the name must not be empty");
		shard_name = arg;
		break;
	case O_CLUSTERS:
		clusters_path = arg;
		break;
	}
}

static const char help_tail[] =
	"Subcommands (ds-dedup COMMAND --help):\n"
	"  sign     write the signatures of one shard\n"
	"  cluster  find the duplicate clusters of all shards' signatures\n"
	"  apply    drop (or mark) one shard's duplicates with the cluster file\n"
	"  params   print the LSH bands and rows for --threshold and --perm\n"
	"  dump     print a signature or cluster file as JSON lines\n";

static struct ds_tool tool = {
	.name = "ds-dedup",
	.usage = "[COMMAND] [OPTION]... [FILE]...",
	.summary = "Drop exact and near-duplicate records (MinHash LSH), keeping the first of each cluster.",
	.common = DS_OPT_TEXT | DS_OPT_KEY | DS_OPT_NO_PASS | DS_OPT_JOBS | DS_OPT_MEMORY | DS_OPT_TOKENIZER,
	.default_key = "dedup",
	.default_format = DS_FMT_AUTO,
	.default_part = DS_PART_ALL,
	.default_tokenizer = DS_TOK_WORDS,
	.default_fold_case = 1,
	.options = main_options,
	.handle = handle,
	.help_tail = help_tail,
};

/* Checks that need all options; fills sp from the common ones. */
static void finish_sign_options(void)
{
	if (sp.hash == DD_HASH_DATASKETCH && sp.seed > UINT32_MAX)
		ds_usage_error("--seed: numpy's RandomState takes seeds below 2^32");
	sp.tokenizer = (uint32_t)ds_opt.tokenizer;
	sp.fold = (uint32_t)ds_opt.fold_case;
	if (!(sp.mode & DD_NEAR))
		sp.perm = 0;	/* nothing of near mode is stored */
	if (sp.mode == DD_NEAR)
		sp.normalize = DD_NORM_NONE;
	if (verify && verify_exact)
		ds_usage_error("--verify and --verify-exact: give one");
	if (verify_exact)
		sp.sets = 1;	/* the one-machine run keeps them */
	if (sp.sets && !(sp.mode & DD_NEAR))
		ds_usage_error("--%s: shingle sets belong to near mode (--mode near or both)",
			       verify_exact ? "verify-exact" : "sets");
}

static void cluster_opts_init(struct dd_cluster_opts *o, const struct dd_sigparams *p)
{
	memset(o, 0, sizeof *o);
	o->p = *p;
	o->threshold = threshold;
	o->verify = verify;
	o->verify_exact = verify_exact;
	o->keep_last = keep_last;
	o->memory = ds_opt.memory;
	o->memory_hint = memory_hint;
	/* Checked exactly, a false candidate costs a comparison, a missed one
	 * a wrong answer: --verify-exact weighs them so by default. */
	double fp = fp_weight, fn = fn_weight;
	if (verify_exact && !weights_given) {
		fp = 0.01;
		fn = 0.99;
	}
	if (p->mode & DD_NEAR)
		dd_lsh_params(threshold, p->perm, fp, fn, &o->bands, &o->rows);
}

/* --- the record map: text to entry ----------------------------------------------- */

static struct dd_hasher hasher;
/* The one-machine run's clustering, decided before the first pass: with
 * banded, the entries carry band keys (dd_banded_entry_size). */
static struct dd_cluster_opts single;

struct worker {
	struct ds_textsel *sel;
	struct ds_buf text;
	struct dd_scratch scratch;
	struct dd_entry *entry;
	struct dd_band *keys;
};

static void *worker_new(void *arg)
{
	struct worker *w = ds_calloc(1, sizeof *w);
	w->sel = ds_textsel_default();
	w->entry = ds_calloc(1, dd_entry_size(&sp));
	w->keys = ds_calloc(single.bands + 1, sizeof *w->keys);
	return w;
}

static void worker_free(void *p)
{
	struct worker *w = p;
	ds_textsel_free(w->sel);
	ds_buf_free(&w->text);
	dd_scratch_free(&w->scratch);
	free(w->entry);
	free(w->keys);
	free(w);
}

static int map_entry(void *p, const struct ds_rec *rec, struct ds_buf *out, struct ds_buf *reason)
{
	struct worker *w = p;
	if (ds_textsel_get(w->sel, rec->line, rec->len, &w->text, reason))
		return -1;
	dd_entry_fill(&hasher, &w->scratch, w->text.data, w->text.len, w->entry);
	w->entry->seq = rec->seq;
	w->entry->lineno = rec->lineno;
	if (single.banded) {
		dd_band_keys(w->entry->sig, single.bands, single.rows, w->keys);
		ds_buf_add(out, w->entry, sizeof *w->entry);
		ds_buf_add(out, w->keys, single.bands * sizeof *w->keys);
	} else {
		ds_buf_add(out, w->entry, dd_entry_size(&sp));
	}
	/* the shingle set after the entry; the reducer parts them */
	if (sp.sets)
		ds_buf_add(out, w->scratch.set, w->scratch.nset * sizeof *w->scratch.set);
	return 0;
}

/* --- output of one record ------------------------------------------------------------- */

static struct ds_buf annotation;

static void emit_kept(const struct ds_rec *rec)
{
	if (annotate)
		ds_emit_annotated(rec, ds_opt.key, "null", 4);
	else
		ds_emit(rec);
}

static void emit_dup(const struct ds_rec *rec, const struct dd_fate *f)
{
	if (!annotate)
		return;
	struct ds_jw w;
	ds_buf_reset(&annotation);
	ds_jw_init(&w, &annotation);
	ds_jw_obj(&w);
	ds_jw_key(&w, "dup_of");
	ds_jw_uint(&w, f->dup_of);
	ds_jw_key(&w, "kind");
	ds_jw_str(&w, f->kind == DD_KIND_EXACT ? "exact" : "near", f->kind == DD_KIND_EXACT ? 5 : 4);
	ds_jw_key(&w, "jaccard");
	ds_jw_double(&w, f->jaccard);
	ds_jw_end(&w);
	ds_emit_annotated(rec, ds_opt.key, annotation.data, annotation.len);
}

/* --- exact, keep first: one streaming pass ------------------------------------------ */

/* Open addressing on the 128-bit hash; seq UINT64_MAX marks a free slot. */
struct seen { uint64_t h0, h1, seq; };
static struct { struct seen *slot; size_t mask, n; } seen;

static void seen_grow(void)
{
	struct seen *old = seen.slot;
	size_t oldcap = old ? seen.mask + 1 : 0, cap = old ? 2 * oldcap : 1024;
	/* both tables live while the entries move */
	if (ds_opt.memory && (cap + oldcap) * sizeof(struct seen) > ds_opt.memory)
		ds_die(DS_EXIT_LIMIT, "the exact index of %zu distinct records needs %zu MiB, over --memory; %s",
		       seen.n, (cap + oldcap) * sizeof(struct seen) >> 20, memory_hint);
	seen.slot = ds_reallocarray(NULL, cap, sizeof *seen.slot);
	for (size_t i = 0; i < cap; i++)
		seen.slot[i].seq = UINT64_MAX;
	seen.mask = cap - 1;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].seq == UINT64_MAX)
			continue;
		size_t k = old[i].h0 & seen.mask;
		while (seen.slot[k].seq != UINT64_MAX)
			k = (k + 1) & seen.mask;
		seen.slot[k] = old[i];
	}
	free(old);
}

static void reduce_exact(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	struct dd_entry e;
	memcpy(&e, res, sizeof e);
	if (10 * (seen.n + 1) > 7 * (seen.mask + 1) || !seen.slot)
		seen_grow();
	size_t k = e.exact[0] & seen.mask;
	for (; seen.slot[k].seq != UINT64_MAX; k = (k + 1) & seen.mask) {
		if (seen.slot[k].h0 == e.exact[0] && seen.slot[k].h1 == e.exact[1]) {
			struct dd_fate f = { .seq = rec->seq, .dup_of = seen.slot[k].seq,
					     .kind = DD_KIND_EXACT, .jaccard = 1.0 };
			emit_dup(rec, &f);
			return;
		}
	}
	seen.slot[k] = (struct seen){ e.exact[0], e.exact[1], rec->seq };
	seen.n++;
	emit_kept(rec);
}

/* --- one machine, clustered: sign, cluster, write ------------------------------------- */

/* Temporary files in $TMPDIR, unlinked at once: they vanish with the process. */
static FILE *temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	struct ds_buf path = { 0 };
	ds_buf_printf(&path, "%s/ds-dedup.XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path.data);
	if (fd < 0)
		ds_die_errno(DS_EXIT_IO, "cannot create a temporary file in %s", dir && *dir ? dir : "/tmp");
	unlink(path.data);
	ds_buf_free(&path);
	FILE *f = fdopen(fd, "w+");
	if (!f)
		ds_die_errno(DS_EXIT_IO, "temporary file");
	return f;
}

static void temp_write(FILE *f, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, f) != n)
		ds_die_errno(DS_EXIT_IO, "writing a temporary file");
}

/* The entries go to a temporary file, and their shingle sets to another
 * (with --verify-exact); the lines too when the input cannot be read twice
 * (a pipe), else the second pass reads the input again. */
static struct {
	FILE *entries, *sets, *lines;
	uint64_t n;
	size_t sets_size;
	char *line;		/* the line being read back */
	size_t line_cap;
	uint64_t next;		/* entries read back so far */
	const unsigned char *map, *sets_map;
	size_t esize;
} spool;

static void reduce_spool(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	if (ds_opt.memory && (spool.n + 1) * dd_cluster_bytes_per_entry(&single) > ds_opt.memory)
		ds_die(DS_EXIT_LIMIT, "clustering more than %llu records needs over %llu MiB (--memory); %s",
		       (unsigned long long)spool.n,
		       (unsigned long long)(ds_opt.memory >> 20), memory_hint);
	temp_write(spool.entries, res, spool.esize);
	if (spool.sets) {
		temp_write(spool.sets, res + spool.esize, n - spool.esize);
		spool.sets_size += n - spool.esize;
	}
	if (spool.lines) {
		temp_write(spool.lines, rec->line, rec->len);
		temp_write(spool.lines, "\n", 1);
	}
	spool.n++;
}

/* The next record that has an entry (the others were rejected on the first
 * pass), and its entry. */
static const struct dd_entry *spool_next(struct ds_rec *rec)
{
	const struct dd_entry *e = (const void *)(spool.map + spool.next++ * spool.esize);
	if (!spool.lines) {
		while (ds_next(rec))
			if (rec->seq == e->seq)
				return e;
		ds_die(DS_EXIT_IO, "the input changed between the two passes");
	}
	ssize_t len = getline(&spool.line, &spool.line_cap, spool.lines);
	if (len <= 0)
		ds_die_errno(DS_EXIT_IO, "reading a temporary file");
	*rec = (struct ds_rec){ spool.line, (size_t)len - 1, "", e->lineno, e->seq };
	return e;
}

static void spool_fate(void *arg, size_t src, const struct dd_fate *f)
{
	struct ds_rec rec;
	while (spool_next(&rec)->seq != f->seq)
		emit_kept(&rec);
	emit_dup(&rec, f);
}

static void *map_file(FILE *f, size_t size)
{
	if (fflush(f))
		ds_die_errno(DS_EXIT_IO, "writing a temporary file");
	if (!size)
		return NULL;
	void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
	if (p == MAP_FAILED)
		ds_die_errno(DS_EXIT_IO, "cannot map a temporary file");
	return p;
}

static int run_single(void)
{
	finish_sign_options();
	dd_hasher_init(&hasher, &sp);
	cluster_opts_init(&single, &sp);
	/* Signatures are needed past the band keys only for estimates: those
	 * --verify compares and --annotate writes (--verify-exact uses sets). */
	single.banded = (sp.mode & DD_NEAR) && !verify && (verify_exact || !annotate);
	single.fate_jaccard = annotate;
	spool.esize = single.banded ? dd_banded_entry_size(single.bands) : dd_entry_size(&sp);
	struct ds_mapper m = { NULL, worker_new, worker_free, map_entry, reduce_exact };
	ds_begin();
	if (sp.mode == DD_EXACT && !keep_last) {
		ds_run_map(&m);
	} else {
		spool.entries = temp_file();
		if (sp.sets)
			spool.sets = temp_file();
		if (!ds_input_rewindable())
			spool.lines = temp_file();
		m.reduce = reduce_spool;
		ds_run_map(&m);
		size_t esize = spool.esize;
		spool.map = map_file(spool.entries, spool.n * esize);
		if (spool.sets)
			spool.sets_map = map_file(spool.sets, spool.sets_size);
		if (spool.lines && (fflush(spool.lines) || fseek(spool.lines, 0, SEEK_SET)))
			ds_die_errno(DS_EXIT_IO, "temporary file");
		if (!spool.lines)
			ds_rewind();
		struct dd_source src = { "", spool.map, (const void *)spool.sets_map, spool.n,
					 ds_count_in(), 0 };
		dd_cluster(&single, &src, 1, spool_fate, NULL);
		struct ds_rec rec;
		while (spool.next < spool.n) {
			spool_next(&rec);
			emit_kept(&rec);
		}
		if (spool.map)
			munmap((void *)spool.map, spool.n * esize);
		if (spool.sets_map)
			munmap((void *)spool.sets_map, spool.sets_size);
		if (spool.sets)
			fclose(spool.sets);
		fclose(spool.entries);
		if (spool.lines)
			fclose(spool.lines);
		free(spool.line);
	}
	dd_hasher_free(&hasher);
	ds_buf_free(&annotation);
	free(seen.slot);
	return ds_end();
}

/* --- sharded mode --------------------------------------------------------------------- */

/* The shard name: --name, or the single input file's base name. */
static const char *input_shard_name(void)
{
	if (shard_name)
		return shard_name;
	if (ds_opt.nfiles != 1 || !strcmp(ds_opt.files[0], "-"))
		ds_usage_error("give the shard a name with --name (it reads %s)",
			       ds_opt.nfiles > 1 ? "several files" : "standard input");
	const char *slash = strrchr(ds_opt.files[0], '/');
	return slash ? slash + 1 : ds_opt.files[0];
}

static void refuse_terminal(void)
{
	if ((!ds_opt.output || !strcmp(ds_opt.output, "-")) && isatty(STDOUT_FILENO))
		ds_usage_error("the output is binary: write it to a file with -o FILE");
}

/* The entries stream out; their shingle sets wait in a temporary file to
 * follow them all. */
static struct { uint64_t sum, n; FILE *sets; size_t sets_size; } sign;

static void reduce_sign(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	size_t esize = dd_entry_size(&sp);
	dd_sum_add(&sign.sum, res, esize);
	ds_write(res, esize);
	if (sign.sets) {
		temp_write(sign.sets, res + esize, n - esize);
		sign.sets_size += n - esize;
	}
	sign.n++;
}

/* Append the sets, padded to 8 bytes, checksummed in DD_SETS_CHUNK chunks. */
static void sign_write_sets(void)
{
	static const char zeros[8];
	temp_write(sign.sets, zeros, (8 - sign.sets_size % 8) % 8);
	if (fflush(sign.sets) || fseek(sign.sets, 0, SEEK_SET))
		ds_die_errno(DS_EXIT_IO, "temporary file");
	char *chunk = ds_malloc(DD_SETS_CHUNK);
	size_t got;
	while ((got = fread(chunk, 1, DD_SETS_CHUNK, sign.sets)) > 0) {
		dd_sum_add(&sign.sum, chunk, got);
		ds_write(chunk, got);
	}
	if (ferror(sign.sets))
		ds_die_errno(DS_EXIT_IO, "reading a temporary file");
	free(chunk);
	fclose(sign.sets);
}

static int cmd_sign(int argc, char **argv)
{
	struct ds_tool t = tool;
	t.name = "ds-dedup sign";
	t.usage = "[OPTION]... [FILE]...";
	t.summary = "Write the signatures (exact hashes, MinHash) of one shard's records, for ds-dedup cluster.";
	t.common = DS_OPT_TEXT | DS_OPT_JOBS | DS_OPT_TOKENIZER;
	t.options = sign_options;
	t.help_tail = NULL;
	ds_parse_args(&t, argc, argv);
	finish_sign_options();
	const char *name = input_shard_name();
	refuse_terminal();
	dd_hasher_init(&hasher, &sp);
	ds_begin();
	struct ds_buf b = { 0 };
	dd_head_write(&b, DD_FILE_SIGNATURES, &sp, name);
	dd_sum_add(&sign.sum, b.data, b.len);
	ds_write(b.data, b.len);
	struct ds_mapper m = { NULL, worker_new, worker_free, map_entry, reduce_sign };
	if (sp.sets)
		sign.sets = temp_file();
	ds_run_map(&m);
	if (sp.sets)
		sign_write_sets();
	ds_buf_reset(&b);
	dd_trailer_write(&b, sign.n, ds_count_in(), 0, sign.sum);
	ds_write(b.data, b.len);
	ds_buf_free(&b);
	dd_hasher_free(&hasher);
	return ds_end();
}

/* Writing a cluster file: fates source by source, the records a shard's
 * signatures lack (rejected by sign) as DD_KIND_BAD, then the table. */
struct cluster_out {
	struct ds_output *out;
	const struct dd_source *src;
	size_t nsrc, cur;	/* the source being written */
	uint64_t next_entry, next_seq;	/* its cursor */
	uint64_t nfates, sum;
	uint64_t *first_fate;
	size_t esize;
};

static void put_fate(struct cluster_out *c, const struct dd_fate *f)
{
	dd_sum_add(&c->sum, f, sizeof *f);
	ds_output_write(c->out, f, sizeof *f);
	c->nfates++;
}

/* Emit the missing records of the current source below seq. */
static void fill_bad(struct cluster_out *c, uint64_t seq)
{
	const struct dd_source *s = &c->src[c->cur];
	while (c->next_seq < seq) {
		const struct dd_entry *e = c->next_entry < s->nentries
			? (const void *)(s->entries + c->next_entry * c->esize) : NULL;
		if (e && e->seq == c->next_seq) {
			c->next_entry++;
		} else {
			struct dd_fate f = { .seq = c->next_seq, .kind = DD_KIND_BAD };
			put_fate(c, &f);
		}
		c->next_seq++;
	}
}

static void next_source(struct cluster_out *c)
{
	fill_bad(c, c->src[c->cur].nrecords);
	c->cur++;
	c->next_entry = c->next_seq = 0;
	if (c->cur < c->nsrc)
		c->first_fate[c->cur] = c->nfates;
}

static void cluster_fate(void *arg, size_t src, const struct dd_fate *f)
{
	struct cluster_out *c = arg;
	while (c->cur < src)
		next_source(c);
	fill_bad(c, f->seq);
	put_fate(c, f);
	c->next_entry++;
	c->next_seq++;
}

static int cmd_cluster(int argc, char **argv)
{
	struct ds_tool t = tool;
	t.name = "ds-dedup cluster";
	t.usage = "[OPTION]... SIGFILE...";
	t.summary = "Cluster the signatures of all shards (given in input order) into a cluster file for ds-dedup apply.";
	t.common = DS_OPT_MEMORY | DS_OPT_NOINPUT;
	t.options = cluster_options;
	t.help_tail = NULL;
	ds_parse_args(&t, argc, argv);
	if (ds_opt.nfiles < 1)
		ds_usage_error("give the signature files of ds-dedup sign, in input order");
	refuse_terminal();
	size_t n = (size_t)ds_opt.nfiles;
	struct dd_file *files = ds_calloc(n, sizeof *files);
	struct dd_source *src = ds_calloc(n, sizeof *src);
	uint64_t seq = 0;
	for (size_t i = 0; i < n; i++) {
		dd_file_open(&files[i], ds_opt.files[i], DD_FILE_SIGNATURES);
		if (memcmp(&files[i].p, &files[0].p, sizeof files[0].p))
			ds_die(DS_EXIT_DATA, "%s: signed with other options than %s (mode, normalize, hash, perm, shingle, min-tokens, seed, tokenizer, sets must agree)",
			       files[i].path, files[0].path);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(files[k].name, files[i].name))
				ds_die(DS_EXIT_DATA, "%s and %s: both are shard '%s' (sign with distinct --name)",
				       files[k].path, files[i].path, files[i].name);
		src[i] = (struct dd_source){ files[i].name, files[i].body, files[i].sets, files[i].count,
					     files[i].nrecords, seq };
		seq += files[i].nrecords;
	}
	if (verify && verify_exact)
		ds_usage_error("--verify and --verify-exact: give one");
	if (verify_exact && !files[0].p.sets)
		ds_die(DS_EXIT_USAGE, "--verify-exact: %s holds no shingle sets (sign with --sets)",
		       files[0].path);
	struct dd_cluster_opts o;
	cluster_opts_init(&o, &files[0].p);
	o.fate_jaccard = true;	/* for apply --annotate */
	struct cluster_out c = { .out = ds_output_open(ds_opt.output), .src = src, .nsrc = n,
				 .esize = dd_entry_size(&files[0].p) };
	c.first_fate = ds_calloc(n, sizeof *c.first_fate);
	struct ds_buf b = { 0 };
	dd_head_write(&b, DD_FILE_CLUSTERS, &files[0].p, "");
	dd_sum_add(&c.sum, b.data, b.len);
	ds_output_write(c.out, b.data, b.len);
	uint64_t table_off = b.len;
	dd_cluster(&o, src, n, cluster_fate, &c);
	while (c.cur < n)
		next_source(&c);
	table_off += c.nfates * sizeof(struct dd_fate);
	ds_buf_reset(&b);
	for (size_t i = 0; i < n; i++) {
		uint64_t end = i + 1 < n ? c.first_fate[i + 1] : c.nfates;
		struct dd_shardrec r = { src[i].nrecords, src[i].first_seq, c.first_fate[i],
					 end - c.first_fate[i], 0, 0 };
		dd_shardrec_write(&b, &r, src[i].name);
	}
	dd_sum_add(&c.sum, b.data, b.len);
	ds_output_write(c.out, b.data, b.len);
	ds_buf_reset(&b);
	dd_trailer_write(&b, c.nfates, seq, table_off, c.sum);
	ds_output_write(c.out, b.data, b.len);
	ds_output_close(c.out);
	ds_buf_free(&b);
	for (size_t i = 0; i < n; i++)
		dd_file_close(&files[i]);
	free(files);
	free(src);
	free(c.first_fate);
	return DS_EXIT_OK;
}

static int cmd_apply(int argc, char **argv)
{
	struct ds_tool t = tool;
	t.name = "ds-dedup apply";
	t.usage = "--clusters FILE [OPTION]... [FILE]...";
	t.summary = "Drop (or with --annotate, mark) one shard's duplicates, as listed in the cluster file.";
	t.common = DS_OPT_KEY | DS_OPT_NO_PASS;
	t.options = apply_options;
	t.help_tail = NULL;
	ds_parse_args(&t, argc, argv);
	if (!clusters_path)
		ds_usage_error("give the cluster file of ds-dedup cluster with --clusters FILE");
	const char *name = input_shard_name();
	struct dd_file cf;
	dd_file_open(&cf, clusters_path, DD_FILE_CLUSTERS);
	struct dd_shardrec r;
	const char *rname;
	size_t off = 0;
	bool found = false;
	while (!found && dd_shard_next(&cf, &off, &r, &rname))
		found = r.name_len == strlen(name) && !memcmp(rname, name, r.name_len);
	if (!found)
		ds_die(DS_EXIT_DATA, "%s: no shard named '%s' (the name ds-dedup sign gave it; see --name)",
		       clusters_path, name);
	const unsigned char *fates = cf.body + r.first_fate * sizeof(struct dd_fate);
	uint64_t next = 0;
	ds_begin();
	struct ds_rec rec;
	struct dd_fate f;
	while (ds_next(&rec)) {
		/* fates of lines ds_next skipped as bad are passed over */
		for (; next < r.nfates; next++) {
			if (next % DD_RELEASE_EVERY == 0 && next)
				dd_release_pages(fates + (next - DD_RELEASE_EVERY) * sizeof f,
						 DD_RELEASE_EVERY * sizeof f);
			memcpy(&f, fates + next * sizeof f, sizeof f);
			if (f.seq >= rec.seq)
				break;
		}
		if (next < r.nfates && f.seq == rec.seq) {
			if (f.kind != DD_KIND_BAD)
				emit_dup(&rec, &f);
		} else {
			emit_kept(&rec);
		}
	}
	if (ds_count_in() != r.nrecords)
		ds_die(DS_EXIT_DATA, "shard '%s' has %llu records, but its signatures came from %llu: not the same input",
		       name, (unsigned long long)ds_count_in(), (unsigned long long)r.nrecords);
	dd_file_close(&cf);
	ds_buf_free(&annotation);
	return ds_end();
}

/* --- helpers ---------------------------------------------------------------------------- */

static void write_line(struct ds_output *out, struct ds_buf *b)
{
	ds_buf_addc(b, '\n');
	ds_output_write(out, b->data, b->len);
	ds_buf_reset(b);
}

static int cmd_params(int argc, char **argv)
{
	struct ds_tool t = tool;
	t.name = "ds-dedup params";
	t.usage = "[OPTION]...";
	t.summary = "Print the LSH bands and rows datasketch's optimiser picks, with their false positive and negative probabilities.";
	t.common = DS_OPT_NOINPUT;
	t.options = params_options;
	t.help_tail = NULL;
	ds_parse_args(&t, argc, argv);
	if (ds_opt.nfiles)
		ds_usage_error("params takes no operands");
	unsigned bands, rows;
	dd_lsh_params(threshold, sp.perm, fp_weight, fn_weight, &bands, &rows);
	struct ds_output *out = ds_output_open(ds_opt.output);
	struct ds_buf b = { 0 };
	struct ds_jw w;
	ds_jw_init(&w, &b);
	ds_jw_obj(&w);
	ds_jw_key(&w, "threshold");
	ds_jw_double(&w, threshold);
	ds_jw_key(&w, "perm");
	ds_jw_uint(&w, sp.perm);
	ds_jw_key(&w, "weights");
	ds_jw_arr(&w);
	ds_jw_double(&w, fp_weight);
	ds_jw_double(&w, fn_weight);
	ds_jw_end(&w);
	ds_jw_key(&w, "bands");
	ds_jw_uint(&w, bands);
	ds_jw_key(&w, "rows");
	ds_jw_uint(&w, rows);
	ds_jw_key(&w, "false_positive");
	ds_jw_double(&w, dd_lsh_false_positive(threshold, bands, rows));
	ds_jw_key(&w, "false_negative");
	ds_jw_double(&w, dd_lsh_false_negative(threshold, bands, rows));
	ds_jw_end(&w);
	write_line(out, &b);
	ds_output_close(out);
	ds_buf_free(&b);
	return DS_EXIT_OK;
}

static const char *const mode_names[] = { "", "exact", "near", "both" };
static const char *const norm_names[] = { "none", "basic", "ccnet" };
static const char *const kind_names[] = { "", "exact", "near", "bad" };

static void dump_params(struct ds_jw *w, const struct dd_sigparams *p)
{
	ds_jw_key(w, "mode");
	ds_jw_str(w, mode_names[p->mode & 3], strlen(mode_names[p->mode & 3]));
	ds_jw_key(w, "normalize");
	ds_jw_str(w, norm_names[p->normalize % 3], strlen(norm_names[p->normalize % 3]));
	if (!(p->mode & DD_NEAR))
		return;
	ds_jw_key(w, "hash");
	ds_jw_str(w, p->hash == DD_HASH_DATASKETCH ? "datasketch" : "xxh3",
		  p->hash == DD_HASH_DATASKETCH ? 10 : 4);
	ds_jw_key(w, "perm");
	ds_jw_uint(w, p->perm);
	ds_jw_key(w, "shingle");
	char sh[32];
	int n = snprintf(sh, sizeof sh, "%s:%u", p->shingle == DD_SHINGLE_CHARS ? "chars" : "words", p->ngram);
	ds_jw_str(w, sh, (size_t)n);
	ds_jw_key(w, "min_tokens");
	ds_jw_uint(w, p->min_tokens);
	ds_jw_key(w, "seed");
	ds_jw_uint(w, p->seed);
	ds_jw_key(w, "sets");
	ds_jw_bool(w, p->sets);
}

static int cmd_dump(int argc, char **argv)
{
	struct ds_tool t = tool;
	t.name = "ds-dedup dump";
	t.usage = "[OPTION]... SIGFILE|CLUSTERFILE";
	t.summary = "Print a signature or cluster file as JSON lines: a header, then one line per entry or fate.";
	t.common = DS_OPT_NOINPUT;
	t.options = NULL;
	t.help_tail = NULL;
	ds_parse_args(&t, argc, argv);
	if (ds_opt.nfiles != 1)
		ds_usage_error("give one signature or cluster file");
	/* The kind decides how to check the rest: peek at it. */
	struct dd_filehead h = { 0 };
	FILE *fp = fopen(ds_opt.files[0], "rb");
	if (!fp)
		ds_die_errno(DS_EXIT_IO, "%s", ds_opt.files[0]);
	size_t got = fread(&h, 1, sizeof h, fp);
	fclose(fp);
	uint32_t kind = got == sizeof h && h.kind == DD_FILE_CLUSTERS ? DD_FILE_CLUSTERS : DD_FILE_SIGNATURES;
	struct dd_file f;
	dd_file_open(&f, ds_opt.files[0], kind);
	struct ds_output *out = ds_output_open(ds_opt.output);
	struct ds_buf b = { 0 };
	struct ds_jw w;
	ds_jw_init(&w, &b);
	ds_jw_obj(&w);
	ds_jw_key(&w, "kind");
	ds_jw_str(&w, kind == DD_FILE_CLUSTERS ? "clusters" : "signatures", kind == DD_FILE_CLUSTERS ? 8 : 10);
	ds_jw_key(&w, "version");
	ds_jw_uint(&w, DD_FILE_VERSION);
	if (kind == DD_FILE_SIGNATURES) {
		ds_jw_key(&w, "name");
		ds_jw_str(&w, f.name, strlen(f.name));
	}
	dump_params(&w, &f.p);
	ds_jw_key(&w, "records");
	ds_jw_uint(&w, f.nrecords);
	ds_jw_key(&w, kind == DD_FILE_CLUSTERS ? "fates" : "entries");
	ds_jw_uint(&w, f.count);
	ds_jw_end(&w);
	write_line(out, &b);
	if (kind == DD_FILE_SIGNATURES) {
		size_t esize = dd_entry_size(&f.p);
		const uint32_t *set = f.sets;
		for (uint64_t i = 0; i < f.count; i++) {
			const struct dd_entry *e = (const void *)(f.body + i * esize);
			char hex[33];
			snprintf(hex, sizeof hex, "%016llx%016llx", (unsigned long long)e->exact[1],
				 (unsigned long long)e->exact[0]);
			ds_jw_init(&w, &b);
			ds_jw_obj(&w);
			ds_jw_key(&w, "seq");
			ds_jw_uint(&w, e->seq);
			ds_jw_key(&w, "line");
			ds_jw_uint(&w, e->lineno);
			if (f.p.mode & DD_EXACT) {
				ds_jw_key(&w, "exact");
				ds_jw_str(&w, hex, 32);
			}
			if (f.p.mode & DD_NEAR) {
				ds_jw_key(&w, "shingles");
				ds_jw_bool(&w, e->flags & DD_ENTRY_SHINGLES);
				ds_jw_key(&w, "minhash");
				ds_jw_arr(&w);
				for (uint32_t k = 0; k < f.p.perm; k++)
					ds_jw_uint(&w, e->sig[k]);
				ds_jw_end(&w);
			}
			if (f.p.sets) {
				ds_jw_key(&w, "set");
				ds_jw_arr(&w);
				for (uint32_t k = 0; k < e->nset; k++)
					ds_jw_uint(&w, set[k]);
				ds_jw_end(&w);
				set += e->nset;
			}
			ds_jw_end(&w);
			write_line(out, &b);
		}
	} else {
		struct dd_shardrec r;
		const char *name;
		size_t off = 0;
		while (dd_shard_next(&f, &off, &r, &name)) {
			ds_jw_init(&w, &b);
			ds_jw_obj(&w);
			ds_jw_key(&w, "shard");
			ds_jw_str(&w, name, r.name_len);
			ds_jw_key(&w, "records");
			ds_jw_uint(&w, r.nrecords);
			ds_jw_key(&w, "first");
			ds_jw_uint(&w, r.first_seq);
			ds_jw_key(&w, "fates");
			ds_jw_arr(&w);
			for (uint64_t i = 0; i < r.nfates; i++) {
				struct dd_fate fa;
				memcpy(&fa, f.body + (r.first_fate + i) * sizeof fa, sizeof fa);
				ds_jw_obj(&w);
				ds_jw_key(&w, "seq");
				ds_jw_uint(&w, fa.seq);
				ds_jw_key(&w, "kind");
				ds_jw_str(&w, kind_names[fa.kind & 3], strlen(kind_names[fa.kind & 3]));
				if (fa.kind != DD_KIND_BAD) {
					ds_jw_key(&w, "dup_of");
					ds_jw_uint(&w, fa.dup_of);
					ds_jw_key(&w, "jaccard");
					ds_jw_double(&w, fa.jaccard);
				}
				ds_jw_end(&w);
			}
			ds_jw_end(&w);
			ds_jw_end(&w);
			write_line(out, &b);
		}
	}
	ds_output_close(out);
	ds_buf_free(&b);
	dd_file_close(&f);
	return DS_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; int (*run)(int, char **); } commands[] = {
		{ "sign", cmd_sign }, { "cluster", cmd_cluster }, { "apply", cmd_apply },
		{ "params", cmd_params }, { "dump", cmd_dump },
	};
	if (argc > 1)
		for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
			if (!strcmp(argv[1], commands[i].name))
				return commands[i].run(argc - 1, argv + 1);
	ds_parse_args(&tool, argc, argv);
	return run_single();
}
