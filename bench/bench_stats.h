/* Order statistics the benchmarks share: a qsort comparator for doubles
 * and the median of a sample (which sorts it in place).  Header only:
 * each benchmark is one program. */
#ifndef IOKITFS_BENCH_STATS_H
#define IOKITFS_BENCH_STATS_H

#include <stdlib.h>

static inline int bench_compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of n values (n > 0); sorts them. */
static inline double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), bench_compare_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif
