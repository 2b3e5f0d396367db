/* invigil — jansson's duplicate-name check for token segments.
 *
 * A file of its own because jansson's and json-c's headers both declare
 * json_object and json_type: one translation unit cannot include both. */
#include "config.h"

#include <jansson.h>

#include "invigil/auth.h"

bool auth_json_unique(const char *text, size_t len)
{
	json_error_t err;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);

	if (o == NULL)
		return false;
	json_decref(o);
	return true;
}
