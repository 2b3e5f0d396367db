/* libFuzzer target: the reader of stored rows (src/util/jrows.c), which
 * every review page and statistics fold runs on an attempt's grades row,
 * on arbitrary text.  The first byte picks the rows' shape.  Besides
 * crashes, it checks that what the reader accepts is JSON (json-c, strict,
 * parses it to an array) and that every string cell lies within the text's
 * length. */
#include "config.h"

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/jrows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	const char *kinds;
	size_t size;
};

static int check_row(void *p, const struct jcell *c)
{
	const struct seen *s = p;

	for (size_t k = 0; s->kinds[k] != '\0'; k++)
		if (s->kinds[k] == 's' && (c[k].s == NULL || strlen(c[k].s) > s->size))
			abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const shapes[] = {"isniis", "ns", "s", "i"};
	struct seen s;
	char *text;

	if (size == 0)
		return 0;
	s.kinds = shapes[data[0] % 4];
	s.size = size - 1;
	if ((text = malloc(size)) == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (jrows_read(text, s.kinds, check_row, &s) == 0) {
		struct json_tokener *tok = json_tokener_new();
		struct json_object *o;

		json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
		o = json_tokener_parse_ex(tok, text, (int)strlen(text));
		if (json_tokener_get_error(tok) != json_tokener_success || !json_object_is_type(o, json_type_array))
			abort(); /* accepted what is not a JSON array */
		json_object_put(o);
		json_tokener_free(tok);
	}
	free(text);
	return 0;
}
