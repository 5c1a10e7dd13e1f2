/*
 * Fuzz target: notice templates (template_parse) and the placeholder
 * expansion of their text (template_expand) with a few fields, the office
 * and a span list: refused cleanly or parsed; spans inside the output.
 */
#include "buf.h"
#include "fuzz.h"
#include "template.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct notice_field items[] = {
		{ "name", "漏洩　太郎" }, { "amount", "12345" },
		{ "date", "2024-04-01" }, { "address", "京都市中京区" },
	};
	static const struct notice_fields fields = { items, 4 };
	static const struct office office = {
		"京都市", "門川　一郎", "長寿福祉課", "京都市中京区", "6048571",
		"075-222-3111"
	};
	struct template_span spans[TEMPLATE_MAX_SPANS];
	struct template *t;
	struct buf out;
	struct err e;
	size_t ns = 0, i;
	char *s, *keys;

	if ((t = template_parse((const char *)data, size, "fuzz", &e)) != NULL) {
		keys = template_keys(t);
		free(keys);
		template_free(&t);
	}
	s = fuzz_cstr(data, size);
	buf_init(&out);
	if (template_expand(s, &fields, &office, &out, spans, &ns, &e) == 0) {
		FUZZ_ASSERT(ns <= TEMPLATE_MAX_SPANS, "%zu spans", ns);
		for (i = 0; i < ns; i++)
			FUZZ_ASSERT(spans[i].start <= spans[i].end &&
			    spans[i].end <= out.len, "span %zu", i);
	}
	buf_free(&out);
	free(s);
	return 0;
}
