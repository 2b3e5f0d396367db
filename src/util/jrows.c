/* invigil — reading a JSON array of fixed-shape arrays (jrows.h).
 *
 * A scanner of that one shape, not a JSON library: the rows are read on
 * every review page and by every statistics fold, and json-c built an
 * object for each cell (600 for a 100-question attempt) only to free them. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/jrows.h"

struct scan {
	char *p;      /* the next character */
	bool deliver; /* decode strings in place (the second pass) */
};

static void skip_ws(struct scan *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
		s->p++;
}

static bool take(struct scan *s, char c)
{
	skip_ws(s);
	if (*s->p != c)
		return false;
	s->p++;
	return true;
}

/* A JSON integer (no fraction, no exponent) that fits int64_t. */
static bool scan_int(struct scan *s, int64_t *out)
{
	const char *p = s->p + (*s->p == '-');
	char *end;
	long long v;

	if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9'))
		return false; /* no digit, or a leading zero */
	errno = 0;
	v = strtoll(s->p, &end, 10);
	if (errno == ERANGE || *end == '.' || *end == 'e' || *end == 'E')
		return false;
	*out = v;
	s->p = end;
	return true;
}

static long hex4(const char *p)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Code point cp as UTF-8 at out: the bytes written. */
static size_t put_utf8(char *out, long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The escape at p (after its backslash) as a code point, *len its length
 * after the backslash; -1 when it is none of JSON's (a lone surrogate is
 * none either). */
static long escape_at(const char *p, size_t *len)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k = *p != '\0' ? strchr(from, *p) : NULL;
	long hi, lo;

	*len = 1;
	if (k != NULL)
		return (unsigned char)to[k - from];
	if (*p != 'u' || (hi = hex4(p + 1)) < 0)
		return -1;
	*len = 5;
	if (hi < 0xd800 || hi > 0xdfff)
		return hi;
	if (hi > 0xdbff || p[5] != '\\' || p[6] != 'u' || (lo = hex4(p + 7)) < 0xdc00 || lo > 0xdfff)
		return -1;
	*len = 11;
	return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
}

/* A JSON string.  When delivering it is decoded in place (decoding never
 * lengthens it) and NUL-terminated, *out pointing at it. */
static bool scan_string(struct scan *s, const char **out)
{
	char *p = s->p + 1, *w = p;

	if (*s->p != '"')
		return false;
	*out = p;
	while (*p != '"') {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20)
			return false; /* the end of the text, or a raw control character */
		if (c == '\\') {
			size_t len;
			long cp = escape_at(p + 1, &len);

			if (cp < 0)
				return false;
			if (s->deliver)
				w += put_utf8(w, cp);
			p += 1 + len;
			continue;
		}
		if (s->deliver)
			*w++ = (char)c;
		p++;
	}
	s->p = p + 1;
	if (s->deliver)
		*w = '\0'; /* over the closing quote at the latest */
	return true;
}

/* One cell of kind ('i', 'n' or 's') into *c. */
static bool scan_cell(struct scan *s, char kind, struct jcell *c)
{
	memset(c, 0, sizeof(*c));
	skip_ws(s);
	if (kind == 's')
		return scan_string(s, &c->s);
	if (kind == 'n' && strncmp(s->p, "null", 4) == 0) {
		s->p += 4;
		return (c->is_null = true);
	}
	return scan_int(s, &c->i);
}

/* One row of the kinds' shape into cells. */
static bool scan_row(struct scan *s, const char *kinds, size_t n, struct jcell *cells)
{
	if (!take(s, '['))
		return false;
	for (size_t k = 0; k < n; k++)
		if ((k > 0 && !take(s, ',')) || !scan_cell(s, kinds[k], &cells[k]))
			return false;
	return take(s, ']');
}

/* Every row of text: 0, -1 when fn returned non-zero, -2 when malformed. */
static int scan_rows(struct scan *s, const char *kinds, int (*fn)(void *, const struct jcell *), void *ctx)
{
	struct jcell cells[JROWS_MAX_CELLS];
	size_t n = strlen(kinds);

	if (!take(s, '['))
		return -2;
	skip_ws(s);
	if (*s->p != ']')
		do {
			if (!scan_row(s, kinds, n, cells))
				return -2;
			if (fn != NULL && fn(ctx, cells) != 0)
				return -1;
		} while (take(s, ','));
	if (!take(s, ']'))
		return -2;
	skip_ws(s);
	return *s->p == '\0' ? 0 : -2;
}

int jrows_read(const char *text, const char *kinds, int (*fn)(void *ctx, const struct jcell *cells), void *ctx)
{
	size_t len = strlen(text);
	char *copy;
	struct scan s;
	int rc;

	if (strlen(kinds) > JROWS_MAX_CELLS)
		return -2;
	/* the whole text is checked before any row reaches fn */
	s = (struct scan){(char *)text, false};
	if ((rc = scan_rows(&s, kinds, NULL, NULL)) != 0)
		return rc;
	if ((copy = malloc(len + 1)) == NULL)
		return -2;
	memcpy(copy, text, len + 1);
	s = (struct scan){copy, true};
	rc = scan_rows(&s, kinds, fn, ctx);
	free(copy);
	return rc;
}
