/* invigil — parallel tables for enum inv_err. */
#include "config.h"

#include "invigil/err.h"

static const int err_status[INV_ERR__MAX] = {
	200, /* INV_OK */
	201, /* INV_CREATED */
	400, /* INV_EINVAL */
	401, /* INV_EAUTH */
	403, /* INV_EFORBIDDEN */
	404, /* INV_ENOTFOUND */
	405, /* INV_EMETHOD */
	409, /* INV_ECONFLICT */
	410, /* INV_EGONE */
	413, /* INV_ETOOBIG */
	415, /* INV_EUNSUPPORTED */
	429, /* INV_ETHROTTLED */
	500, /* INV_EINTERNAL */
	503, /* INV_EUNAVAILABLE */
};

static const char *const err_code[INV_ERR__MAX] = {
	"ok",                  /* INV_OK */
	"created",             /* INV_CREATED */
	"invalid_request",     /* INV_EINVAL */
	"unauthorized",        /* INV_EAUTH */
	"forbidden",           /* INV_EFORBIDDEN */
	"not_found",           /* INV_ENOTFOUND */
	"method_not_allowed",  /* INV_EMETHOD */
	"conflict",            /* INV_ECONFLICT */
	"gone",                /* INV_EGONE */
	"payload_too_large",   /* INV_ETOOBIG */
	"unsupported_media",   /* INV_EUNSUPPORTED */
	"rate_limited",        /* INV_ETHROTTLED */
	"internal_error",      /* INV_EINTERNAL */
	"service_unavailable", /* INV_EUNAVAILABLE */
};

static enum inv_err clamp(enum inv_err err)
{
	return (unsigned)err < INV_ERR__MAX ? err : INV_EINTERNAL;
}

int inv_err_status(enum inv_err err) { return err_status[clamp(err)]; }
const char *inv_err_code(enum inv_err err) { return err_code[clamp(err)]; }
