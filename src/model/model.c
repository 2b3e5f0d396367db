/* invigil — names of the domain's enums. */
#include "config.h"

#include <string.h>

#include "invigil/model.h"

static const char *const role_names[ROLE__MAX] = {
	"learner",    /* ROLE_LEARNER */
	"instructor", /* ROLE_INSTRUCTOR */
	"admin",      /* ROLE_ADMIN */
};

int role_parse(const char *s)
{
	for (int i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

const char *role_name(enum role role)
{
	return (unsigned)role < ROLE__MAX ? role_names[role] : "learner";
}
