#!/usr/bin/env python3
"""Generate the power-of-ten table used by common/numfmt.c, and prove it is exact enough.

numfmt.c turns a double c*2^q into decimal with the Schubfach method (R. Giulietti, "The
Schubfach way to render doubles", 2020).  With cb = 4c (and its neighbours 4c-2, 4c-1, 4c+2,
the rounding-interval bounds in quarter units) it needs V = cb * 2^q * 10^-k rounded to odd:
floor(V), with the low bit set when V is not an integer.  It computes V as g*cp / 2^128, where
cp = cb << h < 2^59 and g = floor(10^-k * 2^(127 - floor(log2 10^-k))) + 1 is a 128-bit
overestimate, and takes the sticky bit from bits 64..127 of g*cp only.

g overshoots by at most 1, which adds less than 2^59 / 2^128 = 2^-69 to V, and the ignored
bits 0..63 are worth less than 2^-64.  So the result is exact when, for every cb that occurs:
  - frac(V) < 1 - 2^-69 (the overshoot cannot carry into the integer part), and
  - frac(V) == 0, or frac(V) >= 2^-64, or floor(V) is odd (then the sticky bit is moot).
An integral V gives bits 64..127 == 0 because the overshoot is below 2^64 units.
This script checks these bounds for every binary exponent with a best-approximation
(Stern-Brocot) search over all significands, and checks the integer logarithm formulas
numfmt.c uses over their whole input range.

Usage: python3 common/gen-pow10.py > table.txt
The output is the verbatim text from the BEGIN to the END marker in common/numfmt.c.
"""
from fractions import Fraction
import sys

Q_MIN, Q_MAX = -1074, 971          # binary exponents of doubles: c * 2^q, c < 2^53
C_MIN = 1 << 52                    # hidden bit: normal significands are in [2^52, 2^53)
EVEN_CB_HALF_MAX = (1 << 54) - 1   # every even cb is 2j with 1 <= j <= this (cb <= 4c + 2)

# Integer approximations of floor(q*log10(2)), floor(q*log10(2) + log10(3/4)) and
# floor(e*log2(10)) as (q*MUL - SUB) >> 20; numfmt.c uses these same constants.
LOG10_2_MUL, LOG10_3_4_SUB, LOG2_10_MUL, LOG_SHIFT = 315653, 131008, 3483294, 20


def floor_log(num, base):
    """floor(log_base(num)) for a positive Fraction, exactly."""
    e = 0
    while num >= base:
        num /= base
        e += 1
    while num < 1:
        num *= base
        e -= 1
    return e


def min_residue(a, m, n):
    """min of (a*x) % m over 1 <= x <= n, for gcd(a, m) == 1 and n < m.

    Walks the Stern-Brocot tree: (x_lo, r_lo) is the best approximation from below so far
    (a*x_lo = r_lo mod m), (x_hi, r_hi) the best from above (a*x_hi = -r_hi mod m); every
    record minimum is reached by adding one to the other, as many times as stays in range.
    """
    x_lo, r_lo = 1, a % m
    x_hi, r_hi = 0, m
    while True:
        if r_lo < r_hi:
            steps = min((r_hi - 1) // r_lo, (n - x_hi) // x_lo)
            if steps == 0:
                return r_lo
            x_hi, r_hi = x_hi + steps * x_lo, r_hi - steps * r_lo
        else:
            steps = min((r_lo - 1) // r_hi, (n - x_lo) // x_hi)
            if steps == 0:
                return r_lo
            x_lo, r_lo = x_lo + steps * x_hi, r_lo - steps * r_hi


def self_test_min_residue():
    import random
    rng = random.Random(1)
    for _ in range(3000):
        m = rng.randrange(2, 400)
        a = rng.randrange(1, m)
        while Fraction(a, m).denominator != m:
            a = rng.randrange(1, m)
        n = rng.randrange(1, m)
        assert min_residue(a, m, n) == min(a * x % m for x in range(1, n + 1)), (a, m, n)


def check_log_formulas():
    shift = 1 << LOG_SHIFT
    for q in range(Q_MIN, Q_MAX + 1):
        two_q = Fraction(2) ** q
        assert (q * LOG10_2_MUL) // shift == floor_log(two_q, 10), q
        assert (q * LOG10_2_MUL - LOG10_3_4_SUB) // shift == floor_log(two_q * 3 / 4, 10), q
    for e in range(-400, 401):
        assert (e * LOG2_10_MUL) // shift == floor_log(Fraction(10) ** e, 2), e


def exponent_range():
    """All k (decimal exponents) numfmt.c can look up."""
    shift = 1 << LOG_SHIFT
    ks = set()
    for q in range(Q_MIN, Q_MAX + 1):
        ks.add((q * LOG10_2_MUL) // shift)
        ks.add((q * LOG10_2_MUL - LOG10_3_4_SUB) // shift)
    return min(ks), max(ks)


def check_even_cb(ratio):
    """Bounds for V = 2j * ratio over all 1 <= j <= EVEN_CB_HALF_MAX."""
    a, m = ratio.numerator % ratio.denominator, ratio.denominator
    if m <= 1 << 64:
        return    # every non-zero frac(j * ratio) is >= 2^-64, hence frac(V) too
    n = EVEN_CB_HALF_MAX
    # floor(V) even and frac(V) > 0 means frac(V) = 2 frac(j * ratio) with frac(j * ratio) < 1/2
    assert Fraction(min_residue(a, m, n), m) >= Fraction(1, 1 << 65), ratio
    # 1 - frac(V) = 1 - frac(j * 2ratio); 2ratio has denominator m or m/2
    two = 2 * ratio
    a2, m2 = two.numerator % two.denominator, two.denominator
    assert Fraction(min_residue(m2 - a2, m2, n), m2) > Fraction(1, 1 << 69), ratio


def check_exact(cb, q, k):
    v = cb * Fraction(2) ** q * Fraction(10) ** -k
    frac = v - (v.numerator // v.denominator)
    assert frac < 1 - Fraction(1, 1 << 69), (cb, q)
    assert frac == 0 or frac >= Fraction(1, 1 << 64) or (v.numerator // v.denominator) % 2, (cb, q)


def check_shift(q, k):
    """cp = cb << h stays below 2^59 (cb < 2^55) for h = q + floor(log2 10^-k) + 1."""
    h = q + (-k * LOG2_10_MUL) // (1 << LOG_SHIFT) + 1
    assert 1 <= h <= 4, (q, k)


def check_rounding():
    shift = 1 << LOG_SHIFT
    for q in range(Q_MIN, Q_MAX + 1):
        k = (q * LOG10_2_MUL) // shift
        check_shift(q, k)
        check_even_cb(Fraction(2) ** q * Fraction(10) ** -k)
        if q > Q_MIN:    # a power of two's lower neighbour is closer: cb = 4c - 1
            k = (q * LOG10_2_MUL - LOG10_3_4_SUB) // shift
            check_shift(q, k)
            check_even_cb(Fraction(2) ** q * Fraction(10) ** -k)
            check_exact(4 * C_MIN - 1, q, k)


def scaled_pow10(k):
    """The 128-bit g for 10^-k."""
    p = Fraction(10) ** -k
    e2 = floor_log(p, 2)
    g = int(p * Fraction(2) ** (127 - e2)) + 1
    assert 1 << 127 < g < 1 << 128, k
    return g


def main():
    self_test_min_residue()
    check_log_formulas()
    check_rounding()
    k_min, k_max = exponent_range()
    out = sys.stdout
    out.write("/* BEGIN generated by common/gen-pow10.py */\n")
    out.write("#define POW10_K_MIN (%d)\n#define POW10_K_MAX %d\n" % (k_min, k_max))
    out.write("/* pow10_scaled[k - POW10_K_MIN] = {hi, lo} of the 128-bit g for 10^-k */\n")
    out.write("static const uint64_t pow10_scaled[][2] = {\n")
    for k in range(k_min, k_max + 1):
        g = scaled_pow10(k)
        out.write("\t{0x%016xu, 0x%016xu}, /* %d */\n" % (g >> 64, g & ((1 << 64) - 1), k))
    out.write("};\n/* END generated by common/gen-pow10.py */\n")


if __name__ == "__main__":
    main()
