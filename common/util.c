/* util.c: error exits and allocation wrappers. */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *ds_prog = "dsutils";
int ds_quiet;
int ds_verbose;

#define MAX_DIE_HOOKS 4
static void (*die_hooks[MAX_DIE_HOOKS])(void);
static int ndie_hooks;

void ds_atexit_die(void (*fn)(void))
{
	if (ndie_hooks < MAX_DIE_HOOKS)
		die_hooks[ndie_hooks++] = fn;
}

/* Run the hooks and leave at once: memory is not freed on this path, and
 * _exit keeps leak checkers' at-exit reports to the normal end of a run. */
static noreturn void die_exit(int status)
{
	while (ndie_hooks > 0)
		die_hooks[--ndie_hooks]();
	fflush(NULL);
	_exit(status);
}

static void vmessage(const char *fmt, va_list ap, int errnum)
{
	fprintf(stderr, "%s: ", ds_prog);
	vfprintf(stderr, fmt, ap);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void ds_die(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
	die_exit(status);
}

void ds_die_errno(int status, const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap, errnum);
	va_end(ap);
	die_exit(status);
}

void ds_warn(const char *fmt, ...)
{
	if (ds_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
}

void ds_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", ds_prog);
	die_exit(DS_EXIT_USAGE);
}

static void out_of_memory(size_t n)
{
	ds_die(DS_EXIT_LIMIT, "out of memory (allocating %zu bytes)", n);
}

void *ds_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *ds_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *ds_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

void *ds_reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	return ds_realloc(p, n * size);
}

char *ds_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(ds_malloc(n), s, n);
}

int ds_parse_u64(const char *s, uint64_t *out)
{
	char *end;
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int ds_parse_i64(const char *s, int64_t *out)
{
	char *end;
	if (!*s || *s == ' ')
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int ds_parse_double(const char *s, double *out)
{
	char *end;
	if (!*s || *s == ' ')
		return -1;
	errno = 0;
	double v = strtod(s, &end);
	if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL))
		return -1;
	if (*end || isnan(v))
		return -1;
	*out = v;
	return 0;
}

int ds_parse_size(const char *s, uint64_t *out)
{
	char *end;
	if (!*s || *s == '-' || *s == ' ')
		return -1;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || v < 0)
		return -1;
	double mult = 1;
	switch (*end) {
	case 'k': case 'K': mult = 1024.0; end++; break;
	case 'm': case 'M': mult = 1024.0 * 1024; end++; break;
	case 'g': case 'G': mult = 1024.0 * 1024 * 1024; end++; break;
	case 't': case 'T': mult = 1024.0 * 1024 * 1024 * 1024; end++; break;
	}
	if (*end == 'i' && mult > 1)
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return -1;
	v *= mult;
	if (v >= 18446744073709551616.0)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

double ds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}
