/* fuzz-zstd: the compressed input path of common/input.c.
 *
 * Byte 0 picks the mode. Round trip (even): the rest is compressed here (zstd
 * at a level from byte 0, or gzip; one frame, or two concatenated) and read
 * back; the lines must equal those of the plain text. Raw (odd): the rest,
 * behind a zstd or gzip magic number, is read as a compressed operand: it must
 * either give lines or stop through ds_die ("truncated zstd data", "zstd: ..."),
 * never crash, hang or read out of bounds. ds_die is caught by a hook that
 * jumps back here, so one bad input does not end the run. */
#include <setjmp.h>
#include <zlib.h>
#include <zstd.h>
#include "buf.h"
#include "fuzz.h"
#include "input.h"
#include "util.h"

static jmp_buf died;
static FILE *quiet;
static struct ds_buf packed, plain_lines, read_lines;

static void die_hook(void)
{
	longjmp(died, 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	quiet = fopen("/dev/null", "w");
	ds_atexit_die(die_hook);
	return 0;
}

static void pack_zstd(const uint8_t *p, size_t n, int level)
{
	size_t bound = ZSTD_compressBound(n);
	ds_buf_grow(&packed, bound);
	size_t r = ZSTD_compress(packed.data + packed.len, bound, p, n, level);
	CHECK(!ZSTD_isError(r), "ZSTD_compress: %s", ZSTD_getErrorName(r));
	packed.len += r;
}

static void pack_gzip(const uint8_t *p, size_t n)
{
	z_stream z = { 0 };
	CHECK(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK, "deflateInit2");
	size_t bound = deflateBound(&z, (uLong)n) + 32;
	ds_buf_grow(&packed, bound);
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)packed.data + packed.len;
	z.avail_out = (uInt)bound;
	CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END, "deflate");
	packed.len += bound - z.avail_out;
	deflateEnd(&z);
}

/* Every line of the file at path, each followed by "\n", into out; 0, or 1
 * when the input stopped through ds_die. */
static int read_all(const char *path, struct ds_buf *out)
{
	static struct ds_input *in;
	char *files[1] = { (char *)path };
	ds_buf_reset(out);
	if (setjmp(died)) {
		ds_atexit_die(die_hook);	/* ds_die ran and dropped the hooks */
		ds_input_close(in);
		in = NULL;
		return 1;
	}
	in = ds_input_open(files, 1, 1u << 20);
	struct ds_line line;
	while (ds_input_next(in, &line)) {
		ds_buf_add(out, line.p, line.len);
		ds_buf_addc(out, '\n');
	}
	ds_input_close(in);
	in = NULL;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned mode = data[0];
	const uint8_t *p = data + 1;
	size_t n = size - 1;
	char path[64];
	int fd;
	ds_buf_reset(&packed);
	if (mode & 1) {
		static const uint8_t zmagic[4] = { 0x28, 0xb5, 0x2f, 0xfd }, gmagic[2] = { 0x1f, 0x8b };
		if (mode & 2)
			ds_buf_add(&packed, gmagic, 2);
		else
			ds_buf_add(&packed, zmagic, 4);
		ds_buf_add(&packed, p, n);
		fd = fuzz_memfile(packed.data, packed.len, path);
		/* ds_die's message would fill the log: hide stdio's stderr (the
		 * sanitizers write to fd 2 directly). */
		FILE *saved = stderr;
		stderr = quiet;
		read_all(path, &read_lines);
		stderr = saved;
		close(fd);
		return 0;
	}
	/* Round trip; the plain text must not itself look compressed. */
	if ((n >= 4 && !memcmp(p, "\x28\xb5\x2f\xfd", 4)) || (n >= 2 && !memcmp(p, "\x1f\x8b", 2)))
		return 0;
	size_t half = n / 2;
	int two = mode & 4, level = (int)(mode >> 4) - 3;
	if (mode & 2) {
		pack_gzip(p, two ? half : n);
		if (two)
			pack_gzip(p + half, n - half);
	} else {
		pack_zstd(p, two ? half : n, level);
		if (two)
			pack_zstd(p + half, n - half, level);
	}
	fd = fuzz_memfile(packed.data, packed.len, path);
	CHECK(read_all(path, &read_lines) == 0, "a valid compressed stream was refused");
	close(fd);
	fd = fuzz_memfile(p, n, path);
	CHECK(read_all(path, &plain_lines) == 0, "plain text refused");
	close(fd);
	CHECK(read_lines.len == plain_lines.len &&
	      (!read_lines.len || !memcmp(read_lines.data, plain_lines.data, read_lines.len)),
	      "decompressed lines differ from the plain ones (%zu vs %zu bytes)", read_lines.len, plain_lines.len);
	return 0;
}
