/* invigil tests — the contract checker's parts shared by its files
 * (contract.c: loading, matching, the walker; contract_cond.c: the formats
 * and the conditions the data writes). Only tests/contract/ includes this. */
#ifndef INVIGIL_CONTRACT_IMPL_H
#define INVIGIL_CONTRACT_IMPL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

enum client_id {
	CL_TESTPRESS,
	CL_CANVAS,
	CL_SELFCOMMUNITY,
	CL__MAX
};

struct client {
	const char *file;            /* under tests/contract/ */
	const char *const *prefixes; /* where invigil serves the face; each serves the whole route table */
	bool scalar_strings;         /* conventions.types: a number or a bool is read as a string's text */
	bool java_ints;              /* conventions.types: int is a Java Integer (32 bits) */
	struct json_object *doc;     /* the loaded file; NULL before load() or when it failed */
	struct json_object *models;  /* doc's "models" */
};

extern struct client clients[CL__MAX];

#define MAX_DEPTH 32

/* One field of a model or an endpoint, as the data writes it. */
struct field {
	const char *owner;     /* model name or endpoint path, for the message */
	const char *key, *type, *items, *model, *format, *source;
	const char *condition; /* the data's condition, kept only once it is known to hold */
	struct json_object *enums;
	bool nullable, required, live;
	int64_t min_items;
};

/* Where the walker is: the endpoint, the value's JSON pointer and the objects
 * enclosing it (the conditions look at them). */
struct walk {
	const struct client *cl;
	struct json_object *ep;
	const char *method, *path; /* the request, as sent */
	const char *page_model;    /* stands for "<model>" in a page envelope */
	char ptr[512];
	struct json_object *up[MAX_DEPTH];
	int depth;
};

/* --- small readers (contract.c) --- */
/* The member key of o, or NULL (o may be NULL or not an object). */
struct json_object *member(struct json_object *o, const char *key);
/* The member key of o when it is a string, else NULL. */
const char *member_str(struct json_object *o, const char *key);
/* Whether the member key of o is the string want. */
bool member_is(struct json_object *o, const char *key, const char *want);
/* The key an endpoint is found by: invigil_path, else path. */
const char *ep_key(struct json_object *ep);

/* --- contract_cond.c --- */
/* Whether s is written in format (the data's text, whose first word names
 * it); true for a format this checker does not know. */
bool format_ok(const char *format, const char *s);
/* Seconds in an H:MM:SS text; -1 when it is not one. */
long hms_seconds(const char *s);
/* Adjusts f to its condition on object obj: what it asks when the condition
 * holds, what it asks when it does not or cannot be known. */
void apply_condition(const struct walk *w, struct field *f, struct json_object *obj);

#endif
