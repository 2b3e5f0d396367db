/* libFuzzer target: the attendance CSV reader (`invigil attendance import`
 * parses a conferencing system's export with it before anything touches the
 * database): any bytes, quoted fields, odd headers, times of any shape. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "invigil/cli.h"
#include "invigil/engine.h"

#define FUZZ_ROWS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct attendance_in rows[FUZZ_ROWS];
	char msg[256], *text = malloc(size + 1);

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	(void)attendance_parse(text, size, rows, FUZZ_ROWS, msg, sizeof(msg));
	free(text);
	return 0;
}
