/* invigil — binding a prepared statement's parameters and result columns
 * (struct dbq); executing and fetching is db.c's. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "invigil/db.h"

void dbq_init(struct dbq *q, enum stmt_id id, struct arena *a)
{
	q->id = id;
	q->st = NULL;
	q->arena = a;
	q->nin = q->nout = 0;
	q->has_result = false;
	memset(q->in, 0, sizeof(q->in));
	memset(q->out, 0, sizeof(q->out));
	/* the client library reads these before it writes them (valgrind) */
	memset(q->out_null, 0, sizeof(q->out_null));
	memset(q->out_err, 0, sizeof(q->out_err));
	memset(q->out_len, 0, sizeof(q->out_len));
}

static MYSQL_BIND *in_slot(struct dbq *q)
{
	return q->nin < DBQ_MAX ? &q->in[q->nin++] : NULL;
}

static MYSQL_BIND *out_slot(struct dbq *q, char kind, void *dst, bool *isnull)
{
	int i = q->nout;

	if (i >= DBQ_MAX)
		return NULL;
	q->nout++;
	q->out_kind[i] = kind;
	q->out_dst[i] = dst;
	q->out_isnull[i] = isnull;
	q->out[i].is_null = &q->out_null[i];
	q->out[i].length = &q->out_len[i];
	q->out[i].error = &q->out_err[i];
	return &q->out[i];
}

void dbq_in_i64(struct dbq *q, const int64_t *v)
{
	MYSQL_BIND *b = in_slot(q);

	if (b == NULL)
		return;
	if (v == NULL) {
		b->buffer_type = MYSQL_TYPE_NULL;
		return;
	}
	b->buffer_type = MYSQL_TYPE_LONGLONG;
	b->buffer = (void *)v;
}

void dbq_in_double(struct dbq *q, const double *v)
{
	MYSQL_BIND *b = in_slot(q);

	if (b == NULL)
		return;
	if (v == NULL) {
		b->buffer_type = MYSQL_TYPE_NULL;
		return;
	}
	b->buffer_type = MYSQL_TYPE_DOUBLE;
	b->buffer = (void *)v;
}

void dbq_in_strn(struct dbq *q, const char *s, size_t n)
{
	int i = q->nin;
	MYSQL_BIND *b = in_slot(q);

	if (b == NULL)
		return;
	if (s == NULL) {
		b->buffer_type = MYSQL_TYPE_NULL;
		return;
	}
	q->in_len[i] = (unsigned long)n;
	b->buffer_type = MYSQL_TYPE_STRING;
	b->buffer = (void *)s;
	b->buffer_length = (unsigned long)n;
	b->length = &q->in_len[i];
}

void dbq_in_str(struct dbq *q, const char *s)
{
	dbq_in_strn(q, s, s ? strlen(s) : 0);
}

static void ms_to_time(int64_t ms, MYSQL_TIME *t)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	memset(t, 0, sizeof(*t));
	t->year = (unsigned)tm.tm_year + 1900;
	t->month = (unsigned)tm.tm_mon + 1;
	t->day = (unsigned)tm.tm_mday;
	t->hour = (unsigned)tm.tm_hour;
	t->minute = (unsigned)tm.tm_min;
	t->second = (unsigned)tm.tm_sec;
	t->second_part = (unsigned long)(ms % 1000) * 1000;
	t->time_type = MYSQL_TIMESTAMP_DATETIME;
}

int64_t dbq_time_to_ms(const MYSQL_TIME *t)
{
	struct tm tm = {0};

	tm.tm_year = (int)t->year - 1900;
	tm.tm_mon = (int)t->month - 1;
	tm.tm_mday = (int)t->day;
	tm.tm_hour = (int)t->hour;
	tm.tm_min = (int)t->minute;
	tm.tm_sec = (int)t->second;
	return (int64_t)timegm(&tm) * 1000 + (int64_t)(t->second_part / 1000);
}

void dbq_in_ms(struct dbq *q, const int64_t *ms)
{
	int i = q->nin;
	MYSQL_BIND *b = in_slot(q);

	if (b == NULL)
		return;
	if (ms == NULL) {
		b->buffer_type = MYSQL_TYPE_NULL;
		return;
	}
	ms_to_time(*ms, &q->in_time[i]);
	b->buffer_type = MYSQL_TYPE_DATETIME;
	b->buffer = &q->in_time[i];
}

void dbq_out_i64(struct dbq *q, int64_t *v, bool *isnull)
{
	MYSQL_BIND *b = out_slot(q, 'i', v, isnull);

	if (b == NULL)
		return;
	b->buffer_type = MYSQL_TYPE_LONGLONG;
	b->buffer = v;
}

void dbq_out_double(struct dbq *q, double *v)
{
	MYSQL_BIND *b = out_slot(q, 'd', v, NULL);

	if (b == NULL)
		return;
	b->buffer_type = MYSQL_TYPE_DOUBLE;
	b->buffer = v;
}

void dbq_out_str(struct dbq *q, char *buf, size_t cap, bool *isnull)
{
	MYSQL_BIND *b = out_slot(q, 's', buf, isnull);

	if (b == NULL)
		return;
	b->buffer_type = MYSQL_TYPE_STRING;
	b->buffer = buf;
	b->buffer_length = (unsigned long)cap;
}

void dbq_out_text(struct dbq *q, const char **dst)
{
	int i = q->nout;
	MYSQL_BIND *b = out_slot(q, 't', (void *)dst, NULL);

	if (b == NULL)
		return;
	b->buffer_type = MYSQL_TYPE_STRING;
	b->buffer = q->out_small[i];
	b->buffer_length = sizeof(q->out_small[i]);
}

void dbq_out_ms(struct dbq *q, int64_t *ms, bool *isnull)
{
	int i = q->nout;
	MYSQL_BIND *b = out_slot(q, 'm', ms, isnull);

	if (b == NULL)
		return;
	b->buffer_type = MYSQL_TYPE_DATETIME;
	b->buffer = &q->out_time[i];
}
