/* track.c: running code that may stop through ds_die inside a fuzz harness.
 *
 * A file reader refuses a bad file with ds_die, which in a tool ends the
 * process. Here fuzz_run catches it (a die hook that jumps back) so that the
 * next input runs in the same process, and then releases what the reader held
 * at that moment, as the end of the process would: the memory, streams, file
 * descriptors and mappings taken since fuzz_run began and not yet given back.
 * They are seen through the linker's --wrap of malloc, calloc, realloc, free,
 * fopen, fclose, open, close, mmap and munmap (FUZZ_WRAP in Makefile.am), so
 * the readers run unchanged. Without the release a long run would leak its
 * way to the memory limit, and leak checkers would report every refusal. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fuzz.h"
#include "util.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
FILE *__real_fopen(const char *path, const char *mode);
int __real_fclose(FILE *f);
int __real_open(const char *path, int flags, ...);
int __real_close(int fd);
void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int __real_munmap(void *addr, size_t len);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
FILE *__wrap_fopen(const char *path, const char *mode);
int __wrap_fclose(FILE *f);
int __wrap_open(const char *path, int flags, ...);
int __wrap_close(int fd);
void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int __wrap_munmap(void *addr, size_t len);

enum kind { MEM = 1, STREAM, FD, MAP };

/* Held resources: open addressing, linear probing, keyed by the pointer or
 * the descriptor (never both at once: a descriptor is below any pointer). */
struct held {
	uintptr_t key;
	size_t len;		/* of a mapping */
	int kind;		/* 0: empty slot */
};
static struct held *table;
static size_t mask, used;
static int armed;

static size_t slot_of(uintptr_t key)
{
	uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15u;
	return (size_t)(h >> 32) & mask;
}

static void put(uintptr_t key, int kind, size_t len);

static void grow(void)
{
	struct held *old = table;
	size_t n = old ? mask + 1 : 0;
	mask = n ? 2 * n - 1 : 1023;
	table = __real_calloc(mask + 1, sizeof *table);
	if (!table)
		abort();
	used = 0;
	for (size_t i = 0; i < n; i++)
		if (old[i].kind)
			put(old[i].key, old[i].kind, old[i].len);
	__real_free(old);
}

static void put(uintptr_t key, int kind, size_t len)
{
	if (!table || 2 * (used + 1) > mask + 1)
		grow();
	size_t i = slot_of(key);
	while (table[i].kind && table[i].key != key)
		i = (i + 1) & mask;
	if (!table[i].kind)
		used++;
	table[i] = (struct held){ key, len, kind };
}

/* Forget key; returns its kind, 0 if it was not held. */
static int drop(uintptr_t key)
{
	if (!table)
		return 0;
	size_t i = slot_of(key);
	while (table[i].kind && table[i].key != key)
		i = (i + 1) & mask;
	int kind = table[i].kind;
	if (!kind)
		return 0;
	/* Backward-shift deletion: later entries of the probe run move up. */
	size_t j = i;
	for (;;) {
		table[i].kind = 0;
		for (;;) {
			j = (j + 1) & mask;
			if (!table[j].kind)
				goto done;
			size_t home = slot_of(table[j].key);
			if ((i <= j) ? (home <= i || home > j) : (home <= i && home > j))
				break;
		}
		table[i] = table[j];
		i = j;
	}
done:
	used--;
	return kind;
}

void *__wrap_malloc(size_t n)
{
	void *p = __real_malloc(n);
	if (armed && p)
		put((uintptr_t)p, MEM, 0);
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p = __real_calloc(n, size);
	if (armed && p)
		put((uintptr_t)p, MEM, 0);
	return p;
}

void *__wrap_realloc(void *p, size_t n)
{
	/* Only blocks born while armed are released: a buffer the harness made
	 * before, grown here, stays the harness's. */
	int mine = armed && (!p || drop((uintptr_t)p));
	void *q = __real_realloc(p, n);
	if (mine && q)
		put((uintptr_t)q, MEM, 0);
	else if (mine && p && n)
		put((uintptr_t)p, MEM, 0);	/* failed: p is still held */
	return q;
}

void __wrap_free(void *p)
{
	if (armed && p)
		drop((uintptr_t)p);
	__real_free(p);
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
	FILE *f = __real_fopen(path, mode);
	if (armed && f)
		put((uintptr_t)f, STREAM, 0);
	return f;
}

int __wrap_fclose(FILE *f)
{
	if (armed)
		drop((uintptr_t)f);
	return __real_fclose(f);
}

int __wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	int fd = __real_open(path, flags, mode);
	if (armed && fd >= 0)
		put((uintptr_t)fd, FD, 0);
	return fd;
}

int __wrap_close(int fd)
{
	if (armed && fd >= 0)
		drop((uintptr_t)fd);
	return __real_close(fd);
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = __real_mmap(addr, len, prot, flags, fd, off);
	if (armed && p != MAP_FAILED)
		put((uintptr_t)p, MAP, len);
	return p;
}

int __wrap_munmap(void *addr, size_t len)
{
	if (armed)
		drop((uintptr_t)addr);
	return __real_munmap(addr, len);
}

/* Give back everything still held, as the end of a process would. */
static void release(void)
{
	armed = 0;
	for (size_t i = 0; table && i <= mask; i++) {
		struct held h = table[i];
		if (h.kind == MEM)
			__real_free((void *)h.key);
		else if (h.kind == STREAM)
			__real_fclose((FILE *)h.key);
		else if (h.kind == FD)
			__real_close((int)h.key);
		else if (h.kind == MAP)
			__real_munmap((void *)h.key, h.len);
		table[i].kind = 0;
	}
	used = 0;
}

static jmp_buf died;
static FILE *quiet;

static void die_hook(void)
{
	longjmp(died, 1);
}

int fuzz_run(void (*fn)(void *), void *arg)
{
	static int hooked;
	if (!quiet && !getenv("FUZZ_MESSAGES"))
		quiet = __real_fopen("/dev/null", "w");
	FILE *saved = stderr;
	if (quiet)
		stderr = quiet;		/* the refusals would fill the log */
	if (!hooked) {
		ds_atexit_die(die_hook);
		hooked = 1;
	}
	if (setjmp(died)) {
		/* ds_die ran its hooks and dropped them all. */
		ds_atexit_die(die_hook);
		release();
		stderr = saved;
		return 1;
	}
	armed = 1;
	fn(arg);
	armed = 0;
	/* What the code kept on purpose is its caller's now. */
	for (size_t i = 0; table && i <= mask; i++)
		table[i].kind = 0;
	used = 0;
	stderr = saved;
	return 0;
}
