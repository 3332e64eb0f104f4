/* lshparam.c: datasketch's choice of LSH (bands, rows).
 *
 * datasketch 1.10.0 (lsh.py, _optimal_param) picks the (b, r), b*r <= perm,
 * that minimizes fp_weight*FP + fn_weight*FN with
 *   FP = integral over [0, t] of 1-(1-s^r)^b ds
 *   FN = integral over [t, 1] of 1-(1-(1-s^r)^b) ds
 * integrated by scipy.integrate.quad, i.e. QUADPACK's QAGS (21-point
 * Gauss-Kronrod, bisection, Wynn's epsilon extrapolation) with scipy's
 * defaults: epsabs = epsrel = 1.49e-8, limit = 50. Near-ties between two
 * (b, r) decide the choice, so this is QAGS step for step (same rules, same
 * order of operations, the integrands evaluated with pow as Python does), not
 * merely an accurate integral. Arrays are 1-based as in QUADPACK. */
#include <float.h>
#include <math.h>
#include "dedup.h"

#define QAGS_LIMIT 50
#define QAGS_EPS 1.49e-8

struct integrand {
	double r, b;
	int negative;	/* FN's integrand instead of FP's */
};

static double f_eval(const struct integrand *f, double s)
{
	if (f->negative)
		return 1 - (1 - pow(1 - pow(s, f->r), f->b));
	return 1 - pow(1 - pow(s, f->r), f->b);
}

/* Gauss-Kronrod nodes and weights on [-1, 1] (QUADPACK dqk21). */
static const double xgk[12] = { 0,
	0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
	0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
	0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
	0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
	0.294392862701460198131126603103866, 0.148874338981631210884826001129720,
	0.000000000000000000000000000000000 };
static const double wgk[12] = { 0,
	0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
	0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
	0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
	0.123491976262065851077958109831074, 0.134709217311473325928054001771707,
	0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
	0.149445554002916905664936468389821 };
static const double wg[6] = { 0,
	0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
	0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
	0.295524224714752870173892994651338 };

static void qk21(const struct integrand *f, double a, double b, double *result,
		 double *abserr, double *resabs, double *resasc)
{
	double fv1[11], fv2[11];
	double centr = 0.5 * (a + b), hlgth = 0.5 * (b - a), dhlgth = fabs(hlgth);
	double resg = 0, fc = f_eval(f, centr), resk = wgk[11] * fc;
	*resabs = fabs(resk);
	for (int j = 1; j <= 5; j++) {
		int jtw = 2 * j;
		double absc = hlgth * xgk[jtw];
		double f1 = f_eval(f, centr - absc), f2 = f_eval(f, centr + absc);
		fv1[jtw] = f1;
		fv2[jtw] = f2;
		double fsum = f1 + f2;
		resg = resg + wg[j] * fsum;
		resk = resk + wgk[jtw] * fsum;
		*resabs = *resabs + wgk[jtw] * (fabs(f1) + fabs(f2));
	}
	for (int j = 1; j <= 5; j++) {
		int jtwm1 = 2 * j - 1;
		double absc = hlgth * xgk[jtwm1];
		double f1 = f_eval(f, centr - absc), f2 = f_eval(f, centr + absc);
		fv1[jtwm1] = f1;
		fv2[jtwm1] = f2;
		double fsum = f1 + f2;
		resk = resk + wgk[jtwm1] * fsum;
		*resabs = *resabs + wgk[jtwm1] * (fabs(f1) + fabs(f2));
	}
	double reskh = resk * 0.5;
	*resasc = wgk[11] * fabs(fc - reskh);
	for (int j = 1; j <= 10; j++)
		*resasc = *resasc + wgk[j] * (fabs(fv1[j] - reskh) + fabs(fv2[j] - reskh));
	*result = resk * hlgth;
	*resabs = *resabs * dhlgth;
	*resasc = *resasc * dhlgth;
	*abserr = fabs((resk - resg) * hlgth);
	if (*resasc != 0 && *abserr != 0)
		*abserr = *resasc * fmin(1.0, pow(200 * *abserr / *resasc, 1.5));
	if (*resabs > DBL_MIN / (50 * DBL_EPSILON))
		*abserr = fmax((DBL_EPSILON * 50) * *resabs, *abserr);
}

/* Wynn's epsilon algorithm on the table epstab[1..n] (QUADPACK dqelg). */
static void qelg(int *n, double *epstab, double *result, double *abserr,
		 double *res3la, int *nres)
{
	const double epmach = DBL_EPSILON, oflow = DBL_MAX;
	const int limexp = 50;
	*nres = *nres + 1;
	*abserr = oflow;
	*result = epstab[*n];
	if (*n < 3)
		goto done;
	epstab[*n + 2] = epstab[*n];
	int newelm = (*n - 1) / 2;
	epstab[*n] = oflow;
	int num = *n, k1 = *n;
	for (int i = 1; i <= newelm; i++) {
		int k2 = k1 - 1, k3 = k1 - 2;
		double res = epstab[k1 + 2], e0 = epstab[k3], e1 = epstab[k2], e2 = res;
		double e1abs = fabs(e1), delta2 = e2 - e1, err2 = fabs(delta2);
		double tol2 = fmax(fabs(e2), e1abs) * epmach;
		double delta3 = e1 - e0, err3 = fabs(delta3);
		double tol3 = fmax(e1abs, fabs(e0)) * epmach;
		if (err2 <= tol2 && err3 <= tol3) {
			/* e0, e1 and e2 are equal to machine accuracy: converged */
			*result = res;
			*abserr = err2 + err3;
			goto done;
		}
		double e3 = epstab[k1];
		epstab[k1] = e1;
		double delta1 = e1 - e3, err1 = fabs(delta1);
		double tol1 = fmax(e1abs, fabs(e3)) * epmach;
		if (err1 <= tol1 || err2 <= tol2 || err3 <= tol3) {
			*n = i + i - 1;
			break;
		}
		double ss = 1 / delta1 + 1 / delta2 - 1 / delta3;
		double epsinf = fabs(ss * e1);
		if (!(epsinf > 1e-4)) {
			*n = i + i - 1;
			break;
		}
		res = e1 + 1 / ss;
		epstab[k1] = res;
		k1 = k1 - 2;
		double error = err2 + fabs(res - e2) + err3;
		if (error > *abserr)
			continue;
		*abserr = error;
		*result = res;
	}
	if (*n == limexp)
		*n = 2 * (limexp / 2) - 1;
	int ib = (num / 2) * 2 == num ? 2 : 1;
	int ie = newelm + 1;
	for (int i = 1; i <= ie; i++) {
		int ib2 = ib + 2;
		epstab[ib] = epstab[ib2];
		ib = ib2;
	}
	if (num != *n) {
		int indx = num - *n + 1;
		for (int i = 1; i <= *n; i++) {
			epstab[i] = epstab[indx];
			indx = indx + 1;
		}
	}
	if (*nres < 4) {
		res3la[*nres] = *result;
		*abserr = oflow;
	} else {
		*abserr = fabs(*result - res3la[3]) + fabs(*result - res3la[2]) +
			  fabs(*result - res3la[1]);
		res3la[1] = res3la[2];
		res3la[2] = res3la[3];
		res3la[3] = *result;
	}
done:
	*abserr = fmax(*abserr, 5 * epmach * fabs(*result));
}

/* Keep iord[1..] pointing at the error estimates in decreasing order
 * (QUADPACK dqpsrt). */
static void qpsrt(int limit, int last, int *maxerr, double *ermax,
		  const double *elist, int *iord, int *nrmax)
{
	if (last <= 2) {
		iord[1] = 1;
		iord[2] = 2;
		goto done;
	}
	double errmax = elist[*maxerr];
	if (*nrmax != 1) {
		int ido = *nrmax - 1;
		for (int i = 1; i <= ido; i++) {
			int isucc = iord[*nrmax - 1];
			if (errmax <= elist[isucc])
				break;
			iord[*nrmax] = isucc;
			*nrmax = *nrmax - 1;
		}
	}
	int jupbn = last > limit / 2 + 2 ? limit + 3 - last : last;
	double errmin = elist[last];
	int jbnd = jupbn - 1, ibeg = *nrmax + 1, i;
	for (i = ibeg; i <= jbnd; i++) {
		int isucc = iord[i];
		if (errmax >= elist[isucc])
			break;
		iord[i - 1] = isucc;
	}
	if (i > jbnd) {
		iord[jbnd] = *maxerr;
		iord[jupbn] = last;
		goto done;
	}
	iord[i - 1] = *maxerr;
	int k = jbnd, j;
	for (j = i; j <= jbnd; j++) {
		int isucc = iord[k];
		if (errmin < elist[isucc])
			break;
		iord[k + 1] = isucc;
		k = k - 1;
	}
	if (j > jbnd)
		iord[i] = last;
	else
		iord[k + 1] = last;
done:
	*maxerr = iord[*nrmax];
	*ermax = elist[*maxerr];
}

/* QUADPACK dqagse with scipy.integrate.quad's defaults; returns the result. */
static double qags(const struct integrand *f, double a, double b)
{
	const double epsabs = QAGS_EPS, epsrel = QAGS_EPS, epmach = DBL_EPSILON;
	const double uflow = DBL_MIN, oflow = DBL_MAX;
	const int limit = QAGS_LIMIT;
	double alist[QAGS_LIMIT + 1], blist[QAGS_LIMIT + 1], rlist[QAGS_LIMIT + 1];
	double elist[QAGS_LIMIT + 1], rlist2[53], res3la[4];
	int iord[QAGS_LIMIT + 1];
	int ier = 0, ierro = 0, last;
	double result, abserr, defabs, resabs;

	alist[1] = a;
	blist[1] = b;
	rlist[1] = 0;
	elist[1] = 0;
	qk21(f, a, b, &result, &abserr, &defabs, &resabs);
	double dres = fabs(result), errbnd = fmax(epsabs, epsrel * dres);
	last = 1;
	rlist[1] = result;
	elist[1] = abserr;
	iord[1] = 1;
	if (abserr <= 100 * epmach * defabs && abserr > errbnd)
		ier = 2;
	if (ier != 0 || (abserr <= errbnd && abserr != resabs) || abserr == 0)
		return result;

	rlist2[1] = result;
	double errmax = abserr, area = result, errsum = abserr;
	double small = 0, erlarg = 0, ertest = 0, correc = 0;
	int maxerr = 1, nrmax = 1, nres = 0, numrl2 = 2, ktmin = 0;
	int extrap = 0, noext = 0, iroff1 = 0, iroff2 = 0, iroff3 = 0;
	abserr = oflow;

	for (last = 2; last <= limit; last++) {
		double a1 = alist[maxerr], b1 = 0.5 * (alist[maxerr] + blist[maxerr]);
		double a2 = b1, b2 = blist[maxerr], erlast = errmax;
		double area1, error1, defab1, area2, error2, defab2;
		qk21(f, a1, b1, &area1, &error1, &resabs, &defab1);
		qk21(f, a2, b2, &area2, &error2, &resabs, &defab2);
		double area12 = area1 + area2, erro12 = error1 + error2;
		errsum = errsum + erro12 - errmax;
		area = area + area12 - rlist[maxerr];
		if (defab1 != error1 && defab2 != error2) {
			if (!(fabs(rlist[maxerr] - area12) > 1e-5 * fabs(area12) ||
			      erro12 < 0.99 * errmax)) {
				if (extrap)
					iroff2++;
				else
					iroff1++;
			}
			if (last > 10 && erro12 > errmax)
				iroff3++;
		}
		rlist[maxerr] = area1;
		rlist[last] = area2;
		errbnd = fmax(epsabs, epsrel * fabs(area));
		if (iroff1 + iroff2 >= 10 || iroff3 >= 20)
			ier = 2;
		if (iroff2 >= 5)
			ierro = 3;
		if (last == limit)
			ier = 1;
		if (fmax(fabs(a1), fabs(b2)) <= (1 + 100 * epmach) * (fabs(a2) + 1000 * uflow))
			ier = 4;
		if (error2 > error1) {
			alist[maxerr] = a2;
			alist[last] = a1;
			blist[last] = b1;
			rlist[maxerr] = area2;
			rlist[last] = area1;
			elist[maxerr] = error2;
			elist[last] = error1;
		} else {
			alist[last] = a2;
			blist[maxerr] = b1;
			blist[last] = b2;
			elist[maxerr] = error1;
			elist[last] = error2;
		}
		qpsrt(limit, last, &maxerr, &errmax, elist, iord, &nrmax);
		if (errsum <= errbnd)
			goto sum;
		if (ier != 0)
			goto final;
		if (last == 2) {
			small = fabs(b - a) * 0.375;
			erlarg = errsum;
			ertest = errbnd;
			rlist2[2] = area;
			continue;
		}
		if (noext)
			continue;
		erlarg = erlarg - erlast;
		if (fabs(b1 - a1) > small)
			erlarg = erlarg + erro12;
		if (!extrap) {
			/* is the interval to bisect next the smallest one? */
			if (fabs(blist[maxerr] - alist[maxerr]) > small)
				continue;
			extrap = 1;
			nrmax = 2;
		}
		if (ierro != 3 && erlarg > ertest) {
			/* the smallest interval has the largest error: first bisect
			 * the larger ones, unless none has a larger error */
			int id = nrmax, jupbnd = last > 2 + limit / 2 ? limit + 3 - last : last;
			int larger = 0;
			for (int k = id; k <= jupbnd; k++) {
				maxerr = iord[nrmax];
				errmax = elist[maxerr];
				if (fabs(blist[maxerr] - alist[maxerr]) > small) {
					larger = 1;
					break;
				}
				nrmax++;
			}
			if (larger)
				continue;
		}
		numrl2++;
		rlist2[numrl2] = area;
		double reseps, abseps;
		qelg(&numrl2, rlist2, &reseps, &abseps, res3la, &nres);
		ktmin++;
		if (ktmin > 5 && abserr < 1e-3 * errsum)
			ier = 5;
		if (abseps < abserr) {
			ktmin = 0;
			abserr = abseps;
			result = reseps;
			correc = erlarg;
			ertest = fmax(epsabs, epsrel * fabs(reseps));
			if (abserr <= ertest)
				goto final;
		}
		if (numrl2 == 1)
			noext = 1;
		if (ier == 5)
			goto final;
		maxerr = iord[1];
		errmax = elist[maxerr];
		nrmax = 1;
		extrap = 0;
		small = small * 0.5;
		erlarg = errsum;
	}
final:
	if (abserr == oflow)
		goto sum;
	if (ier + ierro != 0) {
		if (ierro == 3)
			abserr = abserr + correc;
		if (ier == 0)
			ier = 3;
		if (result != 0 && area != 0) {
			if (abserr / fabs(result) > errsum / fabs(area))
				goto sum;
		} else if (abserr > errsum) {
			goto sum;
		} else if (area == 0) {
			return result;
		}
	}
	/* QUADPACK's divergence test only sets ier (a warning in quad) */
	return result;

sum:
	result = 0;
	for (int k = 1; k <= last; k++)
		result = result + rlist[k];
	return result;
}

double dd_lsh_false_positive(double threshold, unsigned bands, unsigned rows)
{
	struct integrand f = { (double)rows, (double)bands, 0 };
	return qags(&f, 0.0, threshold);
}

double dd_lsh_false_negative(double threshold, unsigned bands, unsigned rows)
{
	struct integrand f = { (double)rows, (double)bands, 1 };
	return qags(&f, threshold, 1.0);
}

void dd_lsh_params(double threshold, unsigned perm, double fp_weight,
		   double fn_weight, unsigned *bands, unsigned *rows)
{
	double min_error = INFINITY;
	*bands = *rows = 0;
	for (unsigned b = 1; b <= perm; b++) {
		for (unsigned r = 1; r <= perm / b; r++) {
			double fp = dd_lsh_false_positive(threshold, b, r);
			double fn = dd_lsh_false_negative(threshold, b, r);
			double error = fp * fp_weight + fn * fn_weight;
			if (error < min_error) {
				min_error = error;
				*bands = b;
				*rows = r;
			}
		}
	}
}
