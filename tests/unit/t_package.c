/* Unit tests: course package validation (src/cli/package.c). */
#include "config.h"

#include <string.h>

#include "invigil/arena.h"
#include "invigil/cli.h"
#include "invigil/content.h"
#include "../tap.h"

static struct arena a;
static struct content_errors errs;

static int parse(const char *text, struct course_content *p)
{
	arena_reset(&a);
	return package_parse(text, strlen(text), &a, p, &errs);
}

static bool has_error(const char *needle)
{
	for (size_t i = 0; i < errs.n; i++)
		if (strstr(errs.msg[i], needle) != NULL)
			return true;
	for (size_t i = 0; i < errs.n; i++)
		diag("  error: %s", errs.msg[i]);
	return false;
}

static const char good[] =
	"{\"format\":\"invigil-course-package/1\","
	"\"course\":{\"slug\":\"c1\",\"title\":\"Course\"},"
	"\"users\":[{\"username\":\"u1\",\"role\":\"learner\"}],"
	"\"enrollments\":[{\"user\":\"u1\"}],"
	"\"subjects\":[\"Maths/Algebra\"],"
	"\"questions\":["
	" {\"key\":\"q1\",\"type\":\"single_choice\",\"text\":\"<p>2+2?</p>\",\"subject\":\"Maths/Algebra\","
	"  \"marks\":\"2.50\",\"options\":[{\"key\":\"a\",\"text\":\"4\",\"correct\":true},{\"key\":\"b\",\"text\":\"5\"}]},"
	" {\"key\":\"q2\",\"type\":\"numeric\",\"text\":\"pi?\",\"answer\":3.14,\"tolerance\":0.01},"
	" {\"key\":\"q3\",\"type\":\"essay\",\"text\":\"Why?\"}],"
	"\"exams\":[{\"slug\":\"e1\",\"title\":\"Exam\",\"duration\":\"1:00:00\",\"negative_marks\":\"0.25\","
	" \"sections\":[{\"key\":\"s1\",\"title\":\"S\"}],"
	" \"questions\":[{\"question\":\"q1\",\"section\":\"s1\"},{\"question\":\"q2\",\"section\":\"s1\",\"bonus\":true}]}],"
	"\"sections\":[{\"key\":\"w1\",\"title\":\"Week 1\",\"lessons\":[{\"key\":\"l1\",\"title\":\"Quiz\",\"kind\":\"quiz\",\"exam\":\"e1\"}]}]}";

int main(void)
{
	struct course_content p;

	is_int(parse(good, &p), 0, "a valid package parses");
	is_str(p.slug, "c1", "course slug");
	is_int((int64_t)p.nsubjects, 2, "parent subject added before its child");
	is_str(p.subjects[0], "Maths", "parent first");
	is_int(p.questions[0].type, 'R', "single_choice is R");
	is_int(p.questions[0].marks_e4, 25000, "marks in ten-thousandths");
	is_int(p.exams[0].duration_s, 3600, "duration in seconds");
	is_int(p.exams[0].negative_e4, 2500, "negative marks");
	ok(p.exams[0].questions[1].bonus, "bonus flag");
	is_int(p.exams[0].max_attempts, 0, "max_attempts absent: unlimited");

	is_int(parse("{\"format\":\"invigil-course-package/1\",\"course\":{\"slug\":\"c\",\"title\":\"t\"},"
	             "\"questions\":[{\"key\":\"q\",\"type\":\"single_choice\",\"text\":\"x\","
	             "\"options\":[{\"key\":\"a\",\"text\":\"1\",\"correct\":\"yes\"},{\"key\":\"a\",\"text\":\"2\"}]}]}",
	             &p),
	       -1, "bad package refused");
	ok(has_error("questions[0] (\"q\").options[0] (\"a\").correct: must be true or false"),
	   "error names the exact element");
	ok(has_error("'a' appears twice"), "duplicate option key found in the same pass");
	ok(errs.n >= 3, "all problems reported at once (%zu)", errs.n);

	is_int(parse("{\"format\":\"invigil-course-package/1\",\"course\":{\"slug\":\"c\",\"title\":\"t\"},"
	             "\"questions\":[{\"key\":\"q\",\"type\":\"file\",\"text\":\"upload\"}]}", &p),
	       -1, "file questions refused");
	ok(has_error("not supported"), "clearly");
	is_int(parse("{\"format\":\"invigil-course-package/1\",\"course\":{\"slug\":\"c\",\"title\":\"t\"},"
	             "\"users\":[{\"username\":\"u\",\"password\":\"demo\"}]}", &p),
	       -1, "plaintext password refused");
	ok(has_error("users[0] (\"u\").password: plaintext passwords are refused"), "with the reason");
	is_int(parse("{\"format\":\"invigil-course-package/1\",\"course\":{\"slug\":\"c\",\"title\":\"t\"},"
	             "\"exams\":[{\"slug\":\"e\",\"title\":\"E\",\"questions\":[{\"question\":\"nope\"}]}]}", &p),
	       -1, "unknown question reference refused");
	ok(has_error("exams[0] (\"e\").questions[0].question: 'nope' is not a question"), "named");
	is_int(parse("{\"format\":\"invigil-course-package/1\",\"course\":{\"slug\":\"c\",\"title\":\"t\"},\"extra\":1}",
	             &p),
	       -1, "unknown top-level key refused");
	is_int(parse("{\"format\":\"other\",\"course\":{\"slug\":\"c\",\"title\":\"t\"}}", &p), -1, "wrong format refused");
	is_int(parse("{\"format\":", &p), -1, "broken JSON refused");
	ok(has_error("not valid JSON"), "as JSON");
	is_int(parse("{\"format\":\"invigil-course-package/1\",\"course\":{\"slug\":\"c\",\"title\":\"t\"},"
	             "\"questions\":[{\"key\":\"q\",\"type\":\"numeric\",\"text\":\"x\"},"
	             "{\"key\":\"t\",\"type\":\"true_false\",\"text\":\"x\",\"options\":[{\"key\":\"a\",\"text\":\"T\",\"correct\":true},"
	             "{\"key\":\"b\",\"text\":\"F\",\"correct\":true}]}]}",
	             &p),
	       -1, "type rules checked");
	ok(has_error("needs its answer"), "numeric without answer");
	ok(has_error("exactly one option must be correct"), "true_false with two correct");
	arena_free(&a);
	return done_testing();
}
