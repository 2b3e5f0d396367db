/* Unit tests: the rules every face shares through the engine — the gates
 * (access code, IP filter), results, kept scores, rank publication and
 * subject totals (src/rules/). */
#include "config.h"

#include <string.h>

#include "invigil/rules.h"
#include "../tap.h"

static void test_ip_filter(void)
{
	static const char *const bad[] = {"10.0.0.0/", "10.0.0.0/33", "300.1.1.1", "10.0.0.0/8,", "abc",
	                                  "10.0.0.0/8 junk", ",10.0.0.0/8", "10.0.0.0/+8", "10.0.0.0/08x", "::1/129",
	                                  "10.0.0.0/-1", "10.0.0.0//8", " , "};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(ip_filter_problem(bad[i]) != NULL, "malformed filter '%s' is refused", bad[i]);
		ok(!ip_filter_allows(bad[i], "10.1.2.3"), "malformed filter '%s' admits nobody", bad[i]);
	}
	ok(ip_filter_problem(NULL) == NULL && ip_filter_problem("") == NULL, "no filter is fine");
	ok(ip_filter_problem("10.0.0.0/8, 192.168.1.7,2001:db8::/32") == NULL, "a list of v4, v6 and bare addresses");
	ok(ip_filter_allows("", "1.2.3.4") && ip_filter_allows(NULL, "1.2.3.4"), "no filter admits everyone");
	ok(ip_filter_allows("10.1.2.0/24", "10.1.2.200"), "inside a /24");
	ok(!ip_filter_allows("10.1.2.0/24", "10.1.3.1"), "outside a /24");
	ok(!ip_filter_allows("10.1.2.0/24", "127.0.0.1"), "loopback outside a campus filter");
	ok(ip_filter_allows("127.0.0.0/8, 10.0.0.0/8", "127.0.0.1"), "the second network of a list");
	ok(ip_filter_allows("10.1.2.3", "10.1.2.3") && !ip_filter_allows("10.1.2.3", "10.1.2.4"), "a bare address is a /32");
	ok(ip_filter_allows("10.0.0.0/12", "10.15.255.255") && !ip_filter_allows("10.0.0.0/12", "10.16.0.0"),
	   "a prefix that is not a whole byte");
	ok(ip_filter_allows("0.0.0.0/0", "8.8.8.8"), "an explicit /0 admits every IPv4 address");
	ok(!ip_filter_allows("0.0.0.0/0", "::2"), "but no IPv6 one");
	ok(ip_filter_allows("2001:db8::/32", "2001:db8:1::5") && !ip_filter_allows("2001:db8::/32", "2001:db9::1"),
	   "IPv6 networks");
	ok(ip_filter_allows("10.0.0.0/8", "::ffff:10.2.3.4"), "an IPv4-mapped client address");
	ok(!ip_filter_allows("10.0.0.0/8", NULL) && !ip_filter_allows("10.0.0.0/8", "not-an-ip"),
	   "an unknown client address is outside");
}

static void test_gates(void)
{
	ok(access_code_matches(NULL, NULL) && access_code_matches("", NULL), "no code: nothing to match");
	ok(access_code_matches("s3cret", "s3cret"), "the right code");
	ok(!access_code_matches("s3cret", NULL) && !access_code_matches("s3cret", ""), "a missing code");
	ok(!access_code_matches("s3cret", "s3cre") && !access_code_matches("s3cret", "s3cret!") &&
	   !access_code_matches("s3cret", "S3cret"), "a wrong code");
	is_int(gate_check("s3cret", NULL, true, NULL, "1.2.3.4"), REF_ACCESS_CODE, "start without the code");
	is_int(gate_check("s3cret", NULL, false, NULL, "1.2.3.4"), REF_NONE, "a later write need not resend it");
	is_int(gate_check("s3cret", NULL, true, "x", "1.2.3.4"), REF_ACCESS_CODE, "a wrong code sent");
	is_int(gate_check(NULL, "10.0.0.0/8", true, NULL, "1.2.3.4"), REF_IP_DENIED, "outside the filter");
	is_int(gate_check("c", "10.0.0.0/8", true, "c", "10.9.9.9"), REF_NONE, "both gates pass");
}

static void test_results_and_scores(void)
{
	struct grade_totals t = {.percentage_e4 = 699950};
	struct kept_scores k = {.count = 3, .highest_e4 = 70000, .sum_e4 = 150000, .latest_e4 = 50000};
	struct exam e = {.enable_ranks = true};
	struct attempt a = {.state = AS_COMPLETED, .graded = true};

	ok(!grade_passed(70, 699950), "69.995 does not pass 70");
	ok(grade_passed(70, 700000) && grade_passed(-1, 0), "70 passes 70; no pass mark passes");
	is_int(grade_result(70, &t), RESULT_FAILED, "failed");
	t.pending = 1;
	is_int(grade_result(70, &t), RESULT_PENDING, "pending while an essay waits");
	is_str(grade_result_name(RESULT_PASSED), "passed", "stored name");
	is_int(kept_score_of(NULL, &k), 70000, "keep_highest by default");
	is_int(kept_score_of("keep_latest", &k), 50000, "keep_latest");
	is_int(kept_score_of("keep_average", &k), 50000, "keep_average");
	ok(rank_visible(&e, &a, 1000), "ranks with no publishing date show at once");
	e.has_rank_publishing = true;
	e.rank_publishing_ms = 2000;
	ok(!rank_visible(&e, &a, 1000) && rank_visible(&e, &a, 2000), "ranks show from their publishing date");
	a.preview = true;
	ok(!rank_visible(&e, &a, 3000), "a preview is never ranked");
	a.preview = false;
	e.enable_ranks = false;
	ok(!rank_visible(&e, &a, 3000), "an exam without ranks");
}

static void test_subject_totals(void)
{
	struct ex_subject subs[] = {{1, 0, "Maths"}, {2, 1, "Algebra"}, {3, 2, "Linear"}, {4, 0, "Physics"}};
	struct subject_stat st[] = {{3, 2, 1, 1, 0, 0, 10000}, {2, 1, 1, 0, 0, 0, 10000}};
	struct subject_total t[4];

	stats_subject_totals(subs, 4, st, 2, t);
	is_int(t[0].total, 3, "a root sums its descendants");
	is_int(t[1].correct, 2, "a parent adds its child's correct answers to its own");
	is_int(t[2].marks_e4, 10000, "a leaf keeps its own marks");
	ok(!t[0].leaf && t[2].leaf && t[3].leaf, "leaves are the subjects without children");
	ok(!t[3].used, "an unused subject is marked so");
}

/* Seed 000's four lesson rules, each both ways. */
static void test_lesson_rules(void)
{
	const int64_t day = 86400000LL, now = 1000 * day;
	struct lesson_facts f = {.lesson_id = 1, .published = true, .type = COURSE_SELF_PACED};

	is_int(lesson_refusal(&f, now), REF_NONE, "a published lesson of a self-paced course is open");
	f.published = false;
	is_int(lesson_refusal(&f, now), REF_LESSON_UNPUBLISHED, "rule 1: an unpublished lesson is refused");
	f.published = true;

	f.type = COURSE_SCHEDULED;
	f.dripped_ms = now + 1;
	is_int(lesson_refusal(&f, now), REF_LESSON_NOT_OPEN, "rule 2: scheduled, before dripped_at");
	f.dripped_ms = now;
	is_int(lesson_refusal(&f, now), REF_NONE, "rule 2: scheduled, at dripped_at (now >= dripped_at)");
	f.dripped_ms = 0;
	is_int(lesson_refusal(&f, now), REF_NONE, "rule 2: a scheduled section without a date is open");
	f.drip_delay_days = 5;
	is_int(lesson_refusal(&f, now), REF_NONE, "a drip delay does not apply to a scheduled course");

	f.type = COURSE_STRUCTURED;
	f.joined_ms = now - 5 * day + 1;
	is_int(lesson_refusal(&f, now), REF_LESSON_NOT_OPEN, "rule 3: structured, a millisecond before joined + delay");
	f.joined_ms = now - 5 * day;
	is_int(lesson_refusal(&f, now), REF_NONE, "rule 3: structured, at joined + delay");
	f.joined_ms = 0;
	is_int(lesson_refusal(&f, now), REF_LESSON_NOT_OPEN, "rule 3: no join time, a delayed section stays shut");
	f.drip_delay_days = 0;
	is_int(lesson_refusal(&f, now), REF_NONE, "rule 3: a section without a delay is open");
	f.dripped_ms = now + day;
	is_int(lesson_refusal(&f, now), REF_NONE, "a dripped_at does not apply to a structured course");
	f.dripped_ms = 0;

	f.earlier_open = 2;
	is_int(lesson_refusal(&f, now), REF_NONE, "rule 4 off: earlier lessons need not be completed");
	f.enforce_order = true;
	is_int(lesson_refusal(&f, now), REF_LESSON_ORDER, "rule 4: two earlier lessons not completed");
	f.earlier_open = 0;
	is_int(lesson_refusal(&f, now), REF_NONE, "rule 4: every earlier lesson completed");
	f.published = false;
	is_int(lesson_refusal(&f, now), REF_LESSON_UNPUBLISHED, "rule 1 comes first");
	ok(strlen(refusal_text(REF_LESSON_ORDER)) > 0 && strlen(refusal_text(REF_LESSON_NOT_OPEN)) > 0 &&
	       strlen(refusal_text(REF_LESSON_UNPUBLISHED)) > 0, "each lesson refusal has its text");
}

/* The watched share of a video (rules/watch.c): parts overlapped by a
 * played range count once, clamped to the video; the stored text round-trips. */
static void test_watch(void)
{
	unsigned char bits[WATCH_PARTS / 8], again[WATCH_PARTS / 8];
	char hex[WATCH_HEX_LEN + 1];

	ok(watch_decode(NULL, bits) == 0 && watch_permille(bits) == 0, "nothing stored: nothing watched");
	watch_mark(bits, 600000, 0, 120500);
	is_int(watch_permille(bits), 201, "0-120.5 s of 600 s overlaps parts 0..200");
	watch_mark(bits, 600000, 10000, 20000);
	is_int(watch_permille(bits), 201, "watching a part again adds nothing");
	watch_mark(bits, 600000, 120000, 560000);
	is_int(watch_permille(bits), 934, "120-560 s joins on: parts 0..933");
	ok(watch_complete(934) && !watch_complete(899) && watch_complete(900), "90 %% completes");
	watch_mark(bits, 600000, 590000, 9999999);
	is_int(watch_permille(bits), 951, "a range past the end is clamped");
	watch_mark(bits, 600000, 5000, 1000);
	watch_mark(bits, 0, 0, 1000);
	watch_mark(bits, 600000, -500, 0);
	is_int(watch_permille(bits), 951, "reversed, empty, and length-unknown ranges mark nothing");
	watch_encode(bits, hex);
	is_int((int64_t)strlen(hex), WATCH_HEX_LEN, "stored as 250 hex digits");
	ok(watch_decode(hex, again) == 0 && memcmp(bits, again, sizeof(bits)) == 0, "which read back the same");
	hex[7] = 'x';
	ok(watch_decode(hex, again) == -1 && watch_permille(again) == 0, "a damaged text reads as nothing, refused");
	ok(watch_decode("abc", again) == -1, "so does a short one");
	memset(bits, 0, sizeof(bits));
	watch_mark(bits, 1000, 0, 1000);
	is_int(watch_permille(bits), 1000, "a whole 1 s video is every part");
	memset(bits, 0, sizeof(bits));
	watch_mark(bits, 3000, 1, 2);
	is_int(watch_permille(bits), 1, "a millisecond inside a part marks that part");
}

int main(void)
{
	test_ip_filter();
	test_gates();
	test_results_and_scores();
	test_subject_totals();
	test_lesson_rules();
	test_watch();
	return done_testing();
}
