/* invigil — an exam's gates: its access code and its IP filter.  The
 * filter is a comma-separated list of IPv4 or IPv6 addresses, each with an
 * optional /prefix; it is parsed strictly (an import refuses a malformed
 * one) and a filter that does not parse admits nobody. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "invigil/rules.h"

/* One network of a filter: 16 address bytes (IPv4 in its first 4). */
struct net {
	int family;
	unsigned char addr[16];
	int bits;
};

/* Parses one "addr[/bits]" token of len bytes; 0 or -1. */
static int parse_net(const char *tok, size_t len, struct net *n)
{
	char buf[64];
	const char *slash;
	int max;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, tok, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	if (slash != NULL)
		buf[slash - buf] = '\0';
	memset(n, 0, sizeof(*n));
	if (inet_pton(AF_INET, buf, n->addr) == 1)
		n->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, n->addr) == 1)
		n->family = AF_INET6;
	else
		return -1;
	max = n->family == AF_INET ? 32 : 128;
	n->bits = max;
	if (slash != NULL) {
		const char *p = slash + 1;
		int bits = 0;

		/* digits only: "10.0.0.0/" and "/+8" are errors, not /0 */
		if (*p == '\0' || strlen(p) > 3)
			return -1;
		for (; *p; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			bits = bits * 10 + (*p - '0');
		}
		if (bits > max)
			return -1;
		n->bits = bits;
	}
	return 0;
}

static bool net_contains(const struct net *n, int family, const unsigned char *addr)
{
	int full = n->bits / 8, rest = n->bits % 8;

	if (n->family != family)
		return false;
	if (memcmp(n->addr, addr, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((n->addr[full] ^ addr[full]) & (unsigned char)(0xFF << (8 - rest))) == 0;
}

/* Calls each token of filter (spaces trimmed); -1 at the first that does
 * not parse or at an empty one. */
static int each_net(const char *filter, const unsigned char *addr, int family, bool *hit)
{
	const char *p = filter;

	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct net n;

		while (len > 0 && (*p == ' ' || *p == '\t'))
			p++, len--;
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (parse_net(p, len, &n) != 0)
			return -1;
		if (addr != NULL && net_contains(&n, family, addr))
			*hit = true;
		if (end == NULL)
			return 0;
		p = end + 1;
	}
}

const char *ip_filter_problem(const char *filter)
{
	bool hit = false;

	if (filter == NULL || *filter == '\0')
		return NULL;
	if (strlen(filter) > 255)
		return "is longer than 255 characters";
	if (each_net(filter, NULL, 0, &hit) != 0)
		return "must be IP addresses or CIDR networks (10.0.0.0/8, 2001:db8::/32), separated by commas";
	return NULL;
}

bool ip_filter_allows(const char *filter, const char *remote_addr)
{
	unsigned char addr[16] = {0};
	int family;
	bool hit = false;

	if (filter == NULL || *filter == '\0')
		return true;
	if (remote_addr == NULL)
		return false;
	if (inet_pton(AF_INET, remote_addr, addr) == 1) {
		family = AF_INET;
	} else if (inet_pton(AF_INET6, remote_addr, addr) == 1) {
		family = AF_INET6;
		/* an IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d) */
		if (memcmp(addr, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
			memmove(addr, addr + 12, 4);
			memset(addr + 4, 0, 12);
			family = AF_INET;
		}
	} else {
		return false;
	}
	/* a filter that does not parse admits nobody (fail closed) */
	return each_net(filter, addr, family, &hit) == 0 && hit;
}

bool access_code_matches(const char *expected, const char *given)
{
	size_t n;
	unsigned char diff = 0;

	if (expected == NULL || *expected == '\0')
		return true;
	if (given == NULL)
		return false;
	n = strlen(expected);
	if (strlen(given) != n)
		return false;
	/* constant time in the code's length */
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(expected[i] ^ given[i]);
	return diff == 0;
}

enum refusal gate_check(const char *access_code, const char *ip_filter, bool check_code, const char *given_code,
                        const char *remote_addr)
{
	if (check_code && !access_code_matches(access_code, given_code))
		return REF_ACCESS_CODE;
	if (!ip_filter_allows(ip_filter, remote_addr))
		return REF_IP_DENIED;
	return REF_NONE;
}
