/* fuzz.h: what the harnesses share. Each harness is a plain
 * LLVMFuzzerTestOneInput, so libFuzzer and AFL++ (afl-clang-fast
 * -fsanitize=fuzzer) both drive it. A broken property calls abort(), which
 * both report as a crash with the input saved. */
#ifndef DS_FUZZ_H
#define DS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Written to descriptor 2 itself: fuzz_run points stdio's stderr elsewhere. */
#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		dprintf(2, "%s:%d: property broken: %s: ", __FILE__, __LINE__, #cond); \
		dprintf(2, __VA_ARGS__); \
		dprintf(2, "\n"); \
		abort(); \
	} \
} while (0)

/* Run fn(arg) where ds_die may stop it (fuzz/track.c): 0 if it returned, 1
 * if it died, with what it held then given back. Its messages go to
 * /dev/null unless FUZZ_MESSAGES is set. Harnesses that use it link
 * fuzz/track.c with FUZZ_WRAP (Makefile.am). */
int fuzz_run(void (*fn)(void *), void *arg);

/* An anonymous file holding data[0..size), named by a path the library can
 * open(2) like any operand; close the fd when done. */
static inline int fuzz_memfile(const void *data, size_t size, char path[64])
{
	int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	const char *p = data;
	while (size) {
		ssize_t w = write(fd, p, size);
		if (w <= 0) {
			perror("write");
			abort();
		}
		p += w;
		size -= (size_t)w;
	}
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

/* Whether s[0..n) is well-formed UTF-8 by a decoder written independently of
 * common/json.c's: shortest forms only, no surrogates, at most U+10FFFF. */
static inline int fuzz_utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i], need, cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			need = 1, cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2, cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3, cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i <= need)
			return 0;
		for (unsigned k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

#endif
