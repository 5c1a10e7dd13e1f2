/*
 * Fuzz target: 和暦/西暦 dates (wareki_parse).  Any input either fails
 * with an error or gives a valid date; a parsed date, formatted in every
 * style, parses back to itself; and a date built from the input bytes
 * (明治6 = 1873 to 2200) survives format → parse unchanged.
 */
#include "fuzz.h"
#include "wareki.h"

static const enum wareki_style styles[] = {
	WAREKI_LONG, WAREKI_SHORT, WAREKI_ISO
};

static void
round_trip(const struct ymd *d, const char *from)
{
	struct ymd back;
	struct err e;
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof styles / sizeof styles[0]; i++) {
		if (wareki_format(d, styles[i], buf, sizeof buf) == NULL)
			continue;
		FUZZ_ASSERT(wareki_parse(buf, &back, &e) == 0,
		    "%s: '%s' (style %zu of %04d-%02d-%02d) does not parse: %s",
		    from, buf, i, d->y, d->m, d->d, err_message(e.code));
		FUZZ_ASSERT(ymd_cmp(d, &back) == 0,
		    "%s: '%s' parses to %04d-%02d-%02d, not %04d-%02d-%02d",
		    from, buf, back.y, back.m, back.d, d->y, d->m, d->d);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	struct ymd d;
	struct err e;

	if (wareki_parse(s, &d, &e) == 0) {
		FUZZ_ASSERT(ymd_valid(&d), "'%s' gave %d-%d-%d", s, d.y, d.m, d.d);
		round_trip(&d, "parsed");
	}
	free(s);
	if (size >= 4) {
		d.y = 1873 + (data[0] | data[1] << 8) % 328;
		d.m = 1 + data[2] % 12;
		d.d = 1 + data[3] % ymd_days_in_month(d.y, d.m);
		round_trip(&d, "built");
	}
	return 0;
}
