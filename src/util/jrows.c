/* invigil — reading a JSON array of fixed-shape arrays (jrows.h). */
#include "config.h"

#include <json-c/json.h>
#include <string.h>

#include "invigil/jrows.h"

/* Cell k of row as kinds[k] says into *c; false when it is not that. */
static bool cell_of(struct json_object *row, size_t k, char kind, struct jcell *c)
{
	struct json_object *x = json_object_array_get_idx(row, k);

	memset(c, 0, sizeof(*c));
	if (x == NULL)
		return (c->is_null = kind == 'n');
	if (kind == 's')
		return json_object_is_type(x, json_type_string) && (c->s = json_object_get_string(x)) != NULL;
	if (!json_object_is_type(x, json_type_int))
		return false;
	c->i = json_object_get_int64(x);
	return true;
}

/* Row into cells; false when its shape is not kinds'. */
static bool row_of(struct json_object *row, const char *kinds, size_t n, struct jcell *cells)
{
	if (!json_object_is_type(row, json_type_array) || json_object_array_length(row) != n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (!cell_of(row, k, kinds[k], &cells[k]))
			return false;
	return true;
}

int jrows_read(const char *text, const char *kinds, int (*fn)(void *ctx, const struct jcell *cells), void *ctx)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *arr = NULL;
	struct jcell cells[JROWS_MAX_CELLS];
	size_t n = strlen(kinds), rows = 0;
	int rc = -2;

	if (tok == NULL || n > JROWS_MAX_CELLS) {
		json_tokener_free(tok);
		return -2;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	arr = json_tokener_parse_ex(tok, text, (int)strlen(text));
	if (json_tokener_get_error(tok) == json_tokener_success && json_object_is_type(arr, json_type_array)) {
		rows = json_object_array_length(arr);
		rc = 0;
		for (size_t i = 0; rc == 0 && i < rows; i++)
			if (!row_of(json_object_array_get_idx(arr, i), kinds, n, cells))
				rc = -2;
		for (size_t i = 0; rc == 0 && i < rows; i++)
			if (row_of(json_object_array_get_idx(arr, i), kinds, n, cells) && fn(ctx, cells) != 0)
				rc = -1;
	}
	json_object_put(arr);
	json_tokener_free(tok);
	return rc;
}
