/* util.h: error exits and allocation wrappers that exit on failure (sbase's e* idiom). */
#ifndef DS_UTIL_H
#define DS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

/* Exit statuses of every tool (dsutils(7), EXIT STATUS). */
enum {
	DS_EXIT_OK = 0,
	DS_EXIT_DATA = 1,	/* bad record under --on-error fail */
	DS_EXIT_USAGE = 2,
	DS_EXIT_IO = 3,		/* read or write failed */
	DS_EXIT_LIMIT = 4	/* --memory exceeded */
};

extern const char *ds_prog;	/* "ds-ttr", set by ds_parse_args() */
extern int ds_quiet;		/* -q: no warnings */
extern int ds_verbose;		/* -v: final summary */

/* Print "PROG: message" on stderr and exit with status. Runs the exit hooks
 * (removal of a temporary -o file) first. */
noreturn void ds_die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same, appending ": strerror(errno)". */
noreturn void ds_die_errno(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "PROG: message" on stderr unless -q. */
void ds_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Usage error: "PROG: message" plus a hint to --help, exit 2. */
noreturn void ds_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Called by ds_die before exiting (at most a few, in reverse order). */
void ds_atexit_die(void (*fn)(void));

void *ds_malloc(size_t n);
void *ds_calloc(size_t n, size_t size);
void *ds_realloc(void *p, size_t n);
void *ds_reallocarray(void *p, size_t n, size_t size);
char *ds_strdup(const char *s);

/* "64M", "1.5G", "4096", "2k": bytes (k, M, G, T are powers of 1024).
 * Returns 0 and sets *out, or -1 on a malformed or overflowing value. */
int ds_parse_size(const char *s, uint64_t *out);
/* Whole decimal numbers and doubles, whole string, no trailing junk. */
int ds_parse_u64(const char *s, uint64_t *out);
int ds_parse_i64(const char *s, int64_t *out);
int ds_parse_double(const char *s, double *out);

/* Seconds on a monotonic clock. */
double ds_now(void);

#endif
