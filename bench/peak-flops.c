/* peak-flops: this machine's float32 FMA throughput, to judge ds-knn-div's
 * GFLOP/s against (bench/vectors.sh builds it with -march=native; it is not
 * part of dsutils). Independent FMA chains per thread, widest vectors the
 * compiler targets. Each thread's rate is taken over its own CPU time, so
 * other load on the machine does not lower the figure; the total is the sum.
 * Usage: peak-flops THREADS */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
typedef __m512 vec;
#define LANES 16
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define STORE _mm512_storeu_ps
#elif defined(__FMA__)
typedef __m256 vec;
#define LANES 8
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define STORE _mm256_storeu_ps
#else
#error "needs FMA"
#endif

#define CHAINS 12
#define ITERS 100000000L

struct job { float sink; double cpu; };

static void *work(void *arg)
{
	struct job *j = arg;
	struct timespec t0, t1;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	vec acc[CHAINS], a = SET1(0.999999f), b = SET1(1e-7f);
	for (int c = 0; c < CHAINS; c++)
		acc[c] = SET1((float)c);
	for (long i = 0; i < ITERS; i++)
		for (int c = 0; c < CHAINS; c++)
			acc[c] = FMA(acc[c], a, b);
	float out[LANES];
	for (int c = 1; c < CHAINS; c++)
		acc[0] = FMA(acc[c], a, acc[0]);
	STORE(out, acc[0]);
	j->sink = out[0];
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	j->cpu = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	if (n < 1 || n > 64)
		n = 1;
	pthread_t t[64];
	struct job jobs[64];
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, work, &jobs[i]);
	double rate = 0;
	for (int i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		rate += (double)ITERS * CHAINS * LANES * 2 / jobs[i].cpu;
	}
	printf("%.1f GFLOP/s float32 FMA, %d thread%s, %d-bit vectors (%g)\n",
	       rate / 1e9, n, n == 1 ? "" : "s", LANES * 32, (double)jobs[0].sink);
	return 0;
}
