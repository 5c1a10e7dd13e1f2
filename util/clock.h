/*
 * The program's one source of "now".  Tests replace it to move the clock
 * (password expiry, retention boundaries); the program never reads the
 * time any other way.
 */
#ifndef MADOGUCHI_CLOCK_H
#define MADOGUCHI_CLOCK_H

#include <time.h>

/* Seconds since the epoch, from the installed source (time(2) by default). */
time_t clock_now(void);
/* Replace the source; NULL restores time(2). */
void clock_set_source(time_t (*)(void));
/* Local time as "YYYY-MM-DD HH:MM:SS" into out (at least 20 bytes). */
void clock_format(time_t, char *out, size_t size);
/* Local date as "YYYY-MM-DD" into out (at least 11 bytes). */
void clock_format_date(time_t, char *out, size_t size);
/* Monotonic seconds for timeouts and benchmarks. */
double clock_mono(void);

#endif
