/*
 * Fuzz target: the configuration file parser (config_parse).  Input
 * either is refused with an error or gives a configuration whose common
 * keys can be read.
 */
#include "config.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {
		"terminal_id", "idle_seconds", "office.city", "template_dir",
		"search_cap", "", "x",
	};
	char *s = fuzz_cstr(data, size);
	struct config *c;
	struct err e;
	size_t i;

	if ((c = config_parse(s, "fuzz", &e)) != NULL) {
		for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			(void)config_get(c, keys[i]);
			(void)config_get_long(c, keys[i], 7, 0, 100);
		}
		config_set(c, "terminal_id", "T9");
		FUZZ_ASSERT(strcmp(config_get(c, "terminal_id"), "T9") == 0,
		    "set does not stick");
		config_free(&c);
		FUZZ_ASSERT(c == NULL, "config_free leaves the pointer");
	}
	free(s);
	return 0;
}
