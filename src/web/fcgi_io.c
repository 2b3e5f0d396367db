/* invigil — FastCGI params in, CGI response out. */
#include "config.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/arena.h"
#include "invigil/fcgi_io.h"
#include "invigil/req.h"
#include "invigil/resp.h"

/* libfcgi frees params at FCGX_Finish_r: copy every one we keep. */
static const char *param(FCGX_Request *fr, struct req *r, const char *name)
{
	const char *v = FCGX_GetParam(name, fr->envp);

	return v ? arena_strdup(r->arena, v) : NULL;
}

/* nginx sends "" for GET; Apache leaves it unset with a chunked body. */
static int content_length(FCGX_Request *fr, long *out)
{
	const char *s = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
	char *end;
	long n;

	if (s == NULL || *s == '\0')
		return 0;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < 0)
		return -1;
	*out = n;
	return 1;
}

static int read_body(FCGX_Request *fr, struct req *r, long limit, bool *too_big)
{
	long len = -1;
	int known = content_length(fr, &len);
	size_t cap, got = 0;
	char *buf;

	*too_big = false;
	if (known > 0 && len == 0)
		known = 0, len = -1;
	if (known < 0 || (known > 0 && len > limit)) {
		*too_big = known > 0; /* a garbled length is treated as empty */
		r->body = "";
		r->body_len = 0;
		return 0;
	}
	/* with no length, read to EOF, stopping one byte past the limit */
	cap = known > 0 ? (size_t)len : (limit + 1 < 4096 ? (size_t)limit + 1 : 4096);
	buf = arena_alloc(r->arena, cap + 1);
	if (buf == NULL)
		return -1;
	for (;;) {
		int n = FCGX_GetStr(buf + got, (int)(cap - got), fr->in);

		got += n > 0 ? (size_t)n : 0;
		if (n <= 0 || got < cap || known > 0)
			break;
		if ((long)got > limit) {
			*too_big = true;
			got = 0;
			break;
		}
		/* grow: copy into a larger arena block (the old one dies with the request) */
		size_t ncap = cap * 2 > (size_t)limit + 1 ? (size_t)limit + 1 : cap * 2;
		char *nbuf = arena_alloc(r->arena, ncap + 1);

		if (nbuf == NULL)
			return -1;
		memcpy(nbuf, buf, got);
		buf = nbuf;
		cap = ncap;
	}
	if ((long)got > limit) {
		*too_big = true;
		got = 0;
	}
	buf[got] = '\0';
	r->body = buf;
	r->body_len = got;
	return 0;
}

static const char *make_request_id(struct req *r)
{
	unsigned char raw[12];
	char *hex = arena_alloc(r->arena, sizeof(raw) * 2 + 1);

	if (hex == NULL)
		return "-";
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(raw) * 2 + 1, raw, sizeof(raw));
	return hex;
}

static const char *request_uri(FCGX_Request *fr, struct req *r)
{
	const char *uri = param(fr, r, "REQUEST_URI");
	const char *script, *info, *query;

	if (uri != NULL && *uri != '\0')
		return uri;
	script = FCGX_GetParam("SCRIPT_NAME", fr->envp);
	info = FCGX_GetParam("PATH_INFO", fr->envp);
	query = FCGX_GetParam("QUERY_STRING", fr->envp);
	return arena_printf(r->arena, "%s%s%s%s", script ? script : "", info ? info : "",
	                    query && *query ? "?" : "", query && *query ? query : "");
}

int fcgi_read_request(FCGX_Request *fr, struct req *r, long limit, const char *base_url,
                      bool *too_big)
{
	const char *https;

	r->method = param(fr, r, "REQUEST_METHOD");
	r->uri = request_uri(fr, r);
	r->content_type = param(fr, r, "CONTENT_TYPE");
	r->authorization = param(fr, r, "HTTP_AUTHORIZATION");
	r->host = param(fr, r, "HTTP_HOST");
	r->remote_addr = param(fr, r, "REMOTE_ADDR");
	r->request_id = param(fr, r, "REQUEST_ID");
	if (r->request_id == NULL || *r->request_id == '\0')
		r->request_id = param(fr, r, "UNIQUE_ID"); /* Apache mod_unique_id */
	if (r->request_id == NULL || *r->request_id == '\0')
		r->request_id = make_request_id(r);
	https = FCGX_GetParam("HTTPS", fr->envp);
	r->scheme = (https != NULL && (strcmp(https, "on") == 0 || strcmp(https, "1") == 0)) ? "https" : "http";
	if (base_url != NULL && *base_url != '\0') {
		/* base_url may carry a path prefix (https://host/quiz): the front end
		 * passes it in REQUEST_URI, the routes are below it */
		const char *host = strstr(base_url, "://"), *prefix = host ? strchr(host + 3, '/') : NULL;
		size_t n = prefix ? strlen(prefix) : 0;

		if (n > 0 && strncmp(r->uri, prefix, n) == 0 && (r->uri[n] == '/' || r->uri[n] == '?'))
			r->uri += n;
		r->base_url = base_url;
	}
	else
		r->base_url = arena_printf(r->arena, "%s://%s", r->scheme, r->host ? r->host : "localhost");
	if (r->method == NULL || r->uri == NULL || r->base_url == NULL)
		return -1;
	return read_body(fr, r, limit, too_big);
}

int fcgi_write_response(FCGX_Request *fr, const struct req *r, const struct resp *w)
{
	FCGX_Stream *out = fr->out;

	FCGX_FPrintF(out, "Status: %d %s\r\n", w->status, resp_reason(w->status));
	FCGX_FPrintF(out, "Content-Type: %s\r\n", w->content_type ? w->content_type : "application/json");
	FCGX_FPrintF(out, "X-Request-Id: %s\r\n", r->request_id);
	FCGX_PutS("Cache-Control: no-store\r\n", out);
	for (size_t i = 0; i < w->nheaders; i++)
		FCGX_FPrintF(out, "%s: %s\r\n", w->headers[i].name, w->headers[i].value);
	FCGX_PutS("\r\n", out);
	if (w->body_len > 0)
		FCGX_PutStr(w->body, (int)w->body_len, out);
	if (FCGX_GetError(out) != 0) {
		FCGX_ClearError(out);
		return -1;
	}
	return 0;
}
