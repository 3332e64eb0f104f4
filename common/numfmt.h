/* numfmt: numbers as JSON text, fast and byte-identical everywhere (DESIGN.md section 4). */
#ifndef DS_NUMFMT_H
#define DS_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

#define DS_NUM_MAX 40   /* any output incl. NUL (24), and room for ds_fmt_double's fixed-size copies */

/* Python repr() of x: shortest digits that round-trip; fixed notation when the decimal
 * exponent is in [-4, 16), else scientific like 1e-05, 1.5e+16; integral values keep ".0"
 * (3.0); -0.0 prints "-0.0". NaN and +-inf print "null". Returns length written (no NUL
 * counted; a NUL is written). buf has DS_NUM_MAX bytes: the bytes after the NUL may be
 * scratch. */
size_t ds_fmt_double(char *buf, double x);

/* Decimal integers, as printf's %lld / %llu would print them; same return convention. */
size_t ds_fmt_int(char *buf, int64_t v);
size_t ds_fmt_uint(char *buf, uint64_t v);

#endif
