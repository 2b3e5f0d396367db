/* invigil — splitting a migration script into its statements (pure text). */
#include "config.h"

#include "invigil/db.h"

const char *sql_statement_end(const char *p)
{
	bool in_str = false;

	/* statements end at a ';' outside quotes; migrations hold no procedures */
	for (; *p != '\0'; p++) {
		if (*p == '\'')
			in_str = !in_str;
		else if (*p == '-' && p[1] == '-' && !in_str) {
			while (*p != '\0' && *p != '\n')
				p++;
			if (*p == '\0')
				break;
		} else if (*p == ';' && !in_str)
			break;
	}
	return p;
}

bool sql_only_comments(const char *p, const char *end)
{
	while (p < end) {
		if (*p == '-' && p + 1 < end && p[1] == '-') {
			while (p < end && *p != '\n')
				p++;
		} else if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
		} else {
			return false;
		}
	}
	return true;
}
