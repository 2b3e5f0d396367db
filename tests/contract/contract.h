/* invigil tests — the real clients' contracts (tests/contract/NOTES.md), checked
 * against every response an API test program receives. */
#ifndef INVIGIL_TEST_CONTRACT_H
#define INVIGIL_TEST_CONTRACT_H

struct json_object;

/* Checks one response against the contract of the endpoint that method and path
 * (as requested: a query string and a trailing slash do not matter) name, when
 * status is 2xx and the path is one the Testpress Android SDK, canvasapi or SelfCommunity's
 * community-js reads;
 * every violation is kept for contract_tap(). body is the parsed response, NULL
 * when it was not JSON; it is only read. Loads the contracts from
 * $INVIGIL_SRCDIR/tests/contract/ on first use and does nothing when
 * $INVIGIL_SRCDIR is unset. */
void contract_check(const char *method, const char *path, long status, struct json_object *body);

/* Emits one TAP assertion: ok when every checked response met its contract,
 * else not ok with one "# contract: ..." line per distinct violation (a skip when
 * $INVIGIL_SRCDIR is unset). Then frees everything contract_check() loaded or
 * kept; a later contract_check() starts afresh. Made to be tap_before_plan. */
void contract_tap(void);

#endif
