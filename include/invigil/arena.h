/* invigil — per-request arena: everything that dies with the request. */
#ifndef INVIGIL_ARENA_H
#define INVIGIL_ARENA_H

#include <stddef.h>

struct arena_chunk;

/* A bump allocator.  Zero-initialise it ({0}) before first use; memory from
 * it is released all at once by arena_reset() or arena_free(). */
struct arena {
	struct arena_chunk *head;
	size_t used_total; /* bytes handed out since the last reset */
};

/* Returns size bytes aligned for any type, or NULL when out of memory.
 * The arena owns the memory. */
void *arena_alloc(struct arena *a, size_t size);
/* Same, zero-filled. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copies len bytes of s plus a NUL. NULL s gives NULL. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
/* Copies the NUL-terminated s. NULL s gives NULL. */
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena; NULL when out of memory. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Releases everything but the first chunk, keeping it for the next request. */
void arena_reset(struct arena *a);
/* Releases everything. */
void arena_free(struct arena *a);

#endif
