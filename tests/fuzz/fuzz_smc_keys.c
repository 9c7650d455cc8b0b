/* Fuzz target for registry/drivers/smc_keys.c: any input either parses into
 * a table whose invariants hold (sizes within SMCBytes_t, every key found by
 * lookup at its own index, no duplicates) or fails with a message; a table
 * written back in the dump format parses to the same keys. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "drivers/smc_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *write_dump(void *ctx, const struct smc_key_table *t)
{
	char *text = talloc_strdup(ctx, "");

	for (size_t i = 0; text && i < t->count; i++) {
		const struct smc_key *k = &t->keys[i];
		char key[5], type[5];

		smc_fourcc_text(k->key, key);
		smc_fourcc_text(k->type, type);
		text = talloc_asprintf_append(text, "  %s  [%s]  (bytes", key, type);
		for (size_t b = 0; text && b < k->size; b++)
			text = talloc_asprintf_append(text, " %02x", k->data[b]);
		if (text)
			text = talloc_asprintf_append(text, ") attr=%02x\n", k->attributes);
	}
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	struct reg_parse_error err = { .message = "" };
	struct smc_key_table *t = smc_keys_parse(ctx, (const char *)data, size, &err);

	if (!t) {
		if (!err.message[0])
			abort();
		talloc_free(ctx);
		return 0;
	}
	for (size_t i = 0; i < t->count; i++) {
		if (t->keys[i].size > SMC_KEY_DATA_MAX)
			abort();
		if (smc_keys_find(t, t->keys[i].key) != &t->keys[i])
			abort();
	}
	/* Keys whose names hold a '[' or start with a blank do not survive
	 * the round trip by design (the format cannot say them); skip those. */
	{
		bool printable = true;

		for (size_t i = 0; i < t->count && printable; i++) {
			char key[5], type[5];

			smc_fourcc_text(t->keys[i].key, key);
			smc_fourcc_text(t->keys[i].type, type);
			printable = key[0] != ' ' && !strchr(type, ']') && !strchr(type, '\n');
		}
		if (printable) {
			char *text = write_dump(ctx, t);
			struct smc_key_table *back;

			if (!text)
				abort();
			back = smc_keys_parse(ctx, text, strlen(text), &err);
			if (!back || back->count != t->count)
				abort();
			for (size_t i = 0; i < t->count; i++) {
				const struct smc_key *a = &t->keys[i], *b = &back->keys[i];

				if (a->key != b->key || a->type != b->type ||
				    a->attributes != b->attributes || a->size != b->size ||
				    memcmp(a->data, b->data, a->size) != 0)
					abort();
			}
		}
	}
	if (smc_keys_ensure_count_key(t) != 0 || !smc_keys_find(t, smc_fourcc("#KEY")))
		abort();
	talloc_free(ctx);
	return 0;
}
