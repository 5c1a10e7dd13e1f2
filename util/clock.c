/*
 * Wall clock with a replaceable source, and a monotonic clock.
 */
#include <stdio.h>
#include <time.h>

#include "clock.h"

static time_t (*source)(void);

time_t
clock_now(void)
{
	return source ? source() : time(NULL);
}

void
clock_set_source(time_t (*fn)(void))
{
	source = fn;
}

void
clock_format(time_t t, char *out, size_t size)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%d %H:%M:%S", &tm);
}

void
clock_format_date(time_t t, char *out, size_t size)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%d", &tm);
}

double
clock_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
