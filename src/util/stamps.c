/* invigil — stamps shared by the processes of one deployment.
 *
 * A file mapped by every worker holds one 64-bit word per slot: the top 40
 * bits name a key, the low 24 the second (modulo 2^24) it was stamped.  A
 * word is read and written whole (lock-free atomics work across processes),
 * so no reader sees half of two stamps.  After them, slots of facts that
 * never change once true (several words, so a check word over the key and
 * the facts tells a slot written whole from one two writers mixed).  It is
 * a cache: a lost, stale or overwritten stamp or fact only makes a caller do
 * the work it would have done without it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "invigil/stamps.h"

#define STAMP_SLOTS 65536u /* 512 KiB */
#define TIME_BITS 24
#define TIME_MASK ((UINT64_C(1) << TIME_BITS) - 1)
/* after the stamps: a table of facts per enum stamp_table, each a slot of
 * 12 words: the key, the facts, and a check word over them both */
#define FACT_SLOTS 16384u /* 1.5 MiB a table */
#define FACT_WORDS 12

static _Atomic uint64_t *slots; /* NULL: not open, every call a no-op */
static _Atomic uint64_t *facts; /* STAMP_TABLES tables of FACT_SLOTS slots of FACT_WORDS, after slots */

_Static_assert(STAMP_FACTS + 2 <= FACT_WORDS, "a fact slot holds the key, the facts and the check");

_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "64-bit atomics must be lock-free to be shared between processes");

int stamps_open(const char *path)
{
	size_t size = (STAMP_SLOTS + (size_t)STAMP_TABLES * FACT_SLOTS * FACT_WORDS) * sizeof(*slots);
	struct stat st;
	void *m;
	int fd;

	if (slots != NULL)
		return 0;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	/* in a shared directory (/dev/shm) another user could have made the
	 * file first and would then write stamps: only our own, private file */
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	/* the first worker sizes it; the rest find it sized (a shorter file,
	 * from another build, is grown: every slot reads as empty) */
	if (st.st_size < (off_t)size && ftruncate(fd, (off_t)size) != 0) {
		close(fd);
		return -1;
	}
	/* every page mapped now (MAP_POPULATE), not by a page fault in the
	 * requests that first use it: those came in an exam's synchronized
	 * start.  The file counts whole in each worker's resident size (pages
	 * shared by them all, not copies). */
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	slots = m;
	facts = slots + STAMP_SLOTS;
	return 0;
}

static _Atomic uint64_t *slot_of(uint64_t key) { return &slots[key % STAMP_SLOTS]; }

static uint64_t name_of(uint64_t key) { return key & ~TIME_MASK; }

int64_t stamps_age(uint64_t key, int64_t now_s)
{
	uint64_t w;

	if (slots == NULL)
		return -1;
	w = atomic_load_explicit(slot_of(key), memory_order_relaxed);
	if (w == 0 || (w & ~TIME_MASK) != name_of(key))
		return -1;
	/* the age modulo 2^24 s (194 days); a stamp from the future (another
	 * clock) reads as about that old, so as stale as it can be */
	return (int64_t)(((uint64_t)now_s - w) & TIME_MASK);
}

void stamps_put(uint64_t key, int64_t now_s)
{
	if (slots != NULL)
		atomic_store_explicit(slot_of(key), name_of(key) | ((uint64_t)now_s & TIME_MASK), memory_order_relaxed);
}

void stamps_drop(uint64_t key)
{
	_Atomic uint64_t *s;
	uint64_t w;

	if (slots == NULL)
		return;
	s = slot_of(key);
	w = atomic_load_explicit(s, memory_order_relaxed);
	/* only this key's stamp: another key's in the slot stays */
	if ((w & ~TIME_MASK) == name_of(key))
		atomic_compare_exchange_strong(s, &w, 0);
}

/* The check word of key's facts v: a mix of them all, never 0 (an empty
 * slot's), so a slot half overwritten by another key's facts fails it. */
static uint64_t facts_check(uint64_t key, const uint64_t v[STAMP_FACTS])
{
	uint64_t h = key * UINT64_C(0x9e3779b97f4a7c15);

	for (int i = 0; i < STAMP_FACTS; i++) {
		h ^= v[i] + UINT64_C(0x9e3779b97f4a7c15) + (h << 6) + (h >> 2);
		h *= UINT64_C(0xbf58476d1ce4e5b9);
	}
	return h | 1;
}

static _Atomic uint64_t *fact_slot(enum stamp_table t, uint64_t key)
{
	return &facts[((size_t)t * FACT_SLOTS + key % FACT_SLOTS) * FACT_WORDS];
}

int stamps_facts_get(enum stamp_table t, uint64_t key, uint64_t v[STAMP_FACTS])
{
	_Atomic uint64_t *s;

	if (facts == NULL || (unsigned)t >= STAMP_TABLES)
		return 0;
	s = fact_slot(t, key);
	if (atomic_load_explicit(&s[0], memory_order_acquire) != key)
		return 0;
	for (int i = 0; i < STAMP_FACTS; i++)
		v[i] = atomic_load_explicit(&s[1 + i], memory_order_relaxed);
	/* a writer between the loads leaves words of two puts: the check fails */
	return atomic_load_explicit(&s[1 + STAMP_FACTS], memory_order_acquire) == facts_check(key, v) &&
	       atomic_load_explicit(&s[0], memory_order_relaxed) == key;
}

void stamps_facts_put(enum stamp_table t, uint64_t key, const uint64_t v[STAMP_FACTS])
{
	_Atomic uint64_t *s;

	if (facts == NULL || (unsigned)t >= STAMP_TABLES)
		return;
	s = fact_slot(t, key);
	atomic_store_explicit(&s[0], key, memory_order_relaxed);
	for (int i = 0; i < STAMP_FACTS; i++)
		atomic_store_explicit(&s[1 + i], v[i], memory_order_relaxed);
	atomic_store_explicit(&s[1 + STAMP_FACTS], facts_check(key, v), memory_order_release);
}
