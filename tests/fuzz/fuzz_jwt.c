/* libFuzzer target: the token check every request passes through — the
 * Authorization header's scheme, libjwt's decode, the pinned algorithm and
 * every claim check — on arbitrary header bytes, with an HS256 key set. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "invigil/arena.h"
#include "invigil/auth.h"
#include "invigil/conf.h"
#include "invigil/req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf c;
	static bool ready;
	static struct arena a;
	struct req r = {0};
	struct token_claims tc;
	char *header;

	if (!ready) {
		if (auth_init() != 0)
			abort();
		conf_defaults(&c);
		free(c.jwt_secret);
		c.jwt_secret = strdup("fuzzing-secret-fuzzing-secret-fuzzing-secret!");
		ready = true;
	}
	arena_reset(&a);
	r.arena = &a;
	header = arena_strndup(&a, (const char *)data, size);
	if (header != NULL)
		(void)auth_token_verify(&c, &r, header, time(NULL), &tc);
	return 0;
}
