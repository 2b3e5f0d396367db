/* invigil — stamps shared by the processes of one deployment (a mapped
 * file): "key K was done at second T", and facts of keys that never change,
 * read and written without locks. */
#ifndef INVIGIL_STAMPS_H
#define INVIGIL_STAMPS_H

#include <stdint.h>

/* Maps the stamps file at path, creating it (mode 0600) when missing; a
 * file that is not a regular one of this user's, private to it, is refused
 * (EPERM).  Returns 0, or -1 (errno set) and the stamps stay off: every call below
 * is then a no-op and stamps_age -1.  The mapping lives as long as
 * the process. */
int stamps_open(const char *path);
/* How many seconds before now_s key was stamped, by any process of the
 * file; -1 when it was not (or another key has the slot now). */
int64_t stamps_age(uint64_t key, int64_t now_s);
/* Stamps key at now_s. */
void stamps_put(uint64_t key, int64_t now_s);
/* Removes key's stamp, if the slot still holds it. */
void stamps_drop(uint64_t key);

/* Facts about key that never change once true, STAMP_FACTS words of them,
 * shared in the same file, in tables of their own: which exam an attempt
 * is of and whose it is (STAMP_ATTEMPTS, src/engine/save_known.c), what a
 * verified token says (STAMP_TOKENS, src/web/auth.c).  stamps_facts_get
 * fills v and returns 1 when table t holds facts of key whole; 0 when not
 * (never put, another key's now, or a put of another process half written:
 * a cache, so a miss only costs the caller the work it would have done). */
enum stamp_table { STAMP_ATTEMPTS, STAMP_TOKENS, STAMP_TABLES };
#define STAMP_FACTS 10
int stamps_facts_get(enum stamp_table t, uint64_t key, uint64_t v[STAMP_FACTS]);
/* Puts key's facts v in table t, over whatever the slot held. */
void stamps_facts_put(enum stamp_table t, uint64_t key, const uint64_t v[STAMP_FACTS]);

#endif
