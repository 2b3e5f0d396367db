/* invigil — logging to stderr (journald under systemd, var/log/ under ./dev). */
#ifndef INVIGIL_LOG_H
#define INVIGIL_LOG_H

enum log_level { LOG_LVL_ERROR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

/* Lines below level are dropped. */
void log_set_level(enum log_level level);
/* Parses "error", "warn", "info" or "debug"; -1 when unknown. */
int log_level_parse(const char *s);
/* The request id printed in every line until the next call; NULL clears it.
 * The string is copied. */
void log_set_request_id(const char *id);
/* The current request id, or "-". */
const char *log_request_id(void);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_LVL_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

#endif
