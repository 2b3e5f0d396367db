/* invigil — the only code that touches FastCGI streams and params. */
#ifndef INVIGIL_FCGI_IO_H
#define INVIGIL_FCGI_IO_H

#include <fcgiapp.h>
#include <stdbool.h>

struct req;
struct resp;

/* Copies what the request needs from fr's params into r (r->arena must be
 * set) and reads the body, up to limit bytes.  A body past the limit is
 * not read: *too_big is set instead.  base_url, when not empty, wins over
 * the Host header for absolute URLs.  Returns 0, or -1 when out of memory. */
int fcgi_read_request(FCGX_Request *fr, struct req *r, long limit, const char *base_url,
                      bool *too_big);

/* Writes w as the CGI response.  Returns 0, or -1 when the client is gone
 * (EPIPE): nothing more is written then. */
int fcgi_write_response(FCGX_Request *fr, const struct req *r, const struct resp *w);

#endif
