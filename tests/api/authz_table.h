/* The authorization matrix's expectations, one row per route of each face
 * (included by t_api_authz.c; see struct expect there for the columns).
 *
 * Conventions, per face (docs/testpress.md, docs/canvas.md, docs/assessments.md):
 * - Every face: no token or a malformed one is 401, before anything else.
 * - Testpress: another user's attempt is 403 (DRF's permission_denied, as
 *   the real v2.2 answers); an exam of a course the caller is not in is 404.
 *   The course's staff read a learner's attempt and may end it, but only
 *   the owner (or an admin) starts it, beats its heartbeat or answers it.
 *   A section id is the exam's, not the attempt's: another learner's own
 *   attempt with it is theirs to use (200 in "ids that disagree").
 * - Canvas: a non-member of the path's course is 403 on every
 *   /courses/:id path; a quiz of another course, or a submission of another
 *   quiz or user, is 404 (Canvas scopes its finds to the course and user).
 *   /quiz_submissions/:id/... is the owner's (a global admin reads); complete
 *   and events are the owner's (a teacher 403, anyone else 404).
 * - assessments: a non-member is 403 (not_enrolled), staff-only actions 403
 *   (forbidden), another user's submission 404 (not_found).
 * - Testpress admin: learners 403; someone who is staff of any course lists
 *   their courses' attempts (the other course's instructor gets 200 with
 *   none of the owner's) but reads no attempt of another course (403).
 * - course: a non-member of the path's course is 403 (not_joined) on every
 *   path; staff lists and the dashboard 403 to learners; a section, lesson or
 *   attempt the path's course does not hold is 404, as is another learner's
 *   attempt (docs/course.md).
 * An id of another face names nothing there (Canvas submission ids start at
 * 700000 in this test, so none equals an attempt id): 404 to every role. */
static const struct expect expects[] = {
	/* --- Testpress v2.2 ------------------------------------------------ */
	{"testpress", "POST", "/auth-token", "{\"username\":\"az-owner\",\"password\":\"not-the-password\"}", {"400 400 400 400 400 400 400"}},
	{"testpress", "GET", "/exams", NULL, {"401 401 200 200 200 200 200"}},
	{"testpress", "GET", "/exams/{slug:slug}", NULL, {"401 401 200 200 404 200 200"}},
	{"testpress", "GET", "/exams/{slug:slug}/languages", NULL, {"401 401 200 200 404 200 200"}},
	{"testpress", "GET", "/exams/{slug:slug}/attempts", NULL, {"401 401 200 200 404 200 200"}},
	{"testpress", "POST", "/exams/{slug:slug}/attempts", NULL, {"401 401 200 200 403 201 201"}},
	{"testpress", "GET", "/access_codes/{code:slug}/exams", NULL, {"401 401 200 200 200 200 200"}},
	{"testpress", "GET", "/analytics", NULL, {"401 401 200 200 200 200 200"}},
	{"testpress", "GET", "/attempts", NULL, {"401 401 200 200 200 200 200"}},
	{"testpress", "GET", "/questions/{id:int}/comments", NULL, {"401 401 200 200 404 200 200"}},
	{"testpress", "POST", "/questions/{id:int}/comments", "{\"comment\":\"A comment from the matrix\"}", {"401 401 201 201 404 201 201"}},
	{"testpress", "GET", "/attempts/{id:int}", NULL, {"401 401 200 403 403 200 200", "401 401 404 404 404 404 404"}},
	{"testpress", "PUT", "/attempts/{id:int}/start", NULL, {"401 401 200 403 403 403 200", "401 401 404 404 404 404 404"}},
	{"testpress", "PUT", "/attempts/{id:int}/heartbeat", NULL, {"401 401 200 403 403 403 200", "401 401 404 404 404 404 404"}},
	{"testpress", "PUT", "/attempts/{id:int}/end", NULL, {"401 401 200 403 403 200 200", "401 401 404 404 404 404 404"}},
	{"testpress", "GET", "/attempts/{id:int}/questions", NULL, {"401 401 200 403 403 200 200", "401 401 404 404 404 404 404"}},
	{"testpress", "PATCH", "/attempts/{id:int}/sections/{sec:int}/start", NULL, {"401 401 200 403 403 403 200", "401 401 404 404 404 404 404", NULL, "401 401 403 200 403 403 200"}},
	{"testpress", "PATCH", "/attempts/{id:int}/sections/{sec:int}/end", NULL, {"401 401 200 403 403 403 200", "401 401 404 404 404 404 404", NULL, "401 401 403 200 403 403 200"}},
	{"testpress", "PUT", "/attempts/{id:int}/questions/{aq:int}", "{\"selected_answers\":[{WRONG}]}", {"401 401 200 403 403 403 200", "401 401 404 404 404 404 404", NULL, "401 401 403 404 403 403 404"}},
	{"testpress", "GET", "/attempts/{id:int}/review", NULL, {"401 401 400 403 403 400 400", "401 401 404 404 404 404 404"}},
	{"testpress", "GET", "/attempts/{id:int}/review/subjects", NULL, {"401 401 400 403 403 400 400", "401 401 404 404 404 404 404"}},
	/* a lesson of the course (its members and staff open it; an outsider 403);
	 * a video progress row is its learner's alone (anyone else 404) */
	{"testpress", "GET", "/contents/{id:int}/attempts", NULL, {"401 401 200 200 403 200 200"}},
	{"testpress", "POST", "/contents/{id:int}/attempts", NULL, {"401 401 201 201 403 201 201"}},
	{"testpress", "PUT", "/user_videos/{id:int}", "{\"last_position\":1,\"time_ranges\":[[0,1]]}", {"401 401 200 404 404 404 404", "401 401 404 404 404 404 404"}},
	/* --- Canvas quiz submissions --------------------------------------- */
	{"canvas", "GET", "/courses", NULL, {"401 401 200 200 200 200 200"}},
	{"canvas", "GET", "/courses/{cid:int}", NULL, {"401 401 200 200 403 200 200", NULL, "401 401 403 403 200 403 200"}},
	{"canvas", "GET", "/courses/{cid:int}/quizzes", NULL, {"401 401 200 200 403 200 200", NULL, "401 401 403 403 200 403 200"}},
	{"canvas", "GET", "/courses/{cid:int}/quizzes/{qid:int}", NULL, {"401 401 200 200 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"canvas", "GET", "/courses/{cid:int}/quizzes/{qid:int}/questions", NULL, {"401 401 403 403 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"canvas", "GET", "/courses/{cid:int}/quizzes/{qid:int}/statistics", NULL, {"401 401 403 403 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"canvas", "GET", "/courses/{cid:int}/quizzes/{qid:int}/questions/{id:int}", NULL, {"401 401 403 403 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"canvas", "GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions", NULL, {"401 401 200 200 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"canvas", "POST", "/courses/{cid:int}/quizzes/{qid:int}/submissions", NULL, {"401 401 409 200 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"canvas", "GET", "/courses/{cid:int}/quizzes/{qid:int}/submission", NULL, {"401 401 200 200 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"canvas", "GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}", NULL, {"401 401 200 404 403 200 200", "401 401 404 404 403 404 404", "401 401 403 403 404 403 404", "401 401 404 404 403 404 404"}},
	{"canvas", "PUT", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}",
	 "{\"quiz_submissions\":[{\"attempt\":1,\"fudge_points\":5}]}", {"401 401 403 404 403 400 400", "401 401 404 404 403 404 404", "401 401 403 403 404 403 404", "401 401 404 404 403 404 404"}},
	{"canvas", "POST", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}/complete",
	 "{\"attempt\":1,\"validation_token\":\"{TOKEN}\"}", {"401 401 200 404 403 403 403", "401 401 404 404 403 404 404", "401 401 403 403 404 403 404", "401 401 404 404 403 404 404"}},
	{"canvas", "GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}/time", NULL, {"401 401 200 404 403 200 200", "401 401 404 404 403 404 404", "401 401 403 403 404 403 404", "401 401 404 404 403 404 404"}},
	{"canvas", "GET", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}/events", NULL, {"401 401 200 404 403 200 200", "401 401 404 404 403 404 404", "401 401 403 403 404 403 404", "401 401 404 404 403 404 404"}},
	{"canvas", "POST", "/courses/{cid:int}/quizzes/{qid:int}/submissions/{sid:int}/events",
	 "{\"quiz_submission_events\":[{\"event_type\":\"page_blurred\",\"event_data\":null,"
	 "\"client_timestamp\":\"2026-01-01T00:00:00Z\"}]}", {"401 401 204 404 403 403 403", "401 401 404 404 403 404 404", "401 401 403 403 404 403 404", "401 401 404 404 403 404 404"}},
	{"canvas", "POST", "/courses/{cid:int}/quizzes/{qid:int}/extensions",
	 "{\"quiz_extensions\":[{\"user_id\":{UID},\"extra_attempts\":1}]}", {"401 401 403 403 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"canvas", "GET", "/quiz_submissions/{sid:int}/questions", NULL, {"401 401 200 404 404 404 200", "401 401 404 404 404 404 404"}},
	{"canvas", "POST", "/quiz_submissions/{sid:int}/questions",
	 "{\"attempt\":1,\"validation_token\":\"{TOKEN}\",\"quiz_questions\":[{\"id\":{Q1},\"answer\":{WRONG}}]}", {"401 401 200 404 404 404 404", "401 401 404 404 404 404 404"}},
	{"canvas", "PUT", "/quiz_submissions/{sid:int}/questions/{qid:int}/flag",
	 "{\"attempt\":1,\"validation_token\":\"{TOKEN}\"}", {"401 401 200 404 404 404 404", "401 401 404 404 404 404 404"}},
	{"canvas", "PUT", "/quiz_submissions/{sid:int}/questions/{qid:int}/unflag",
	 "{\"attempt\":1,\"validation_token\":\"{TOKEN}\"}", {"401 401 200 404 404 404 404", "401 401 404 404 404 404 404"}},
	/* --- assessments v1 ------------------------------------------------ */
	{"assessments", "GET", "/", NULL, {"401 401 200 200 200 200 200"}},
	{"assessments", "POST", "/", "{\"course_id\":{CID},\"title\":\"Made by the matrix\",\"passing_score\":50}", {"401 401 403 403 403 201 201"}},
	{"assessments", "GET", "/{id:slug}", NULL, {"401 401 200 200 403 200 200"}},
	{"assessments", "PATCH", "/{id:slug}", "{\"title\":\"Authz: assessments objects\"}", {"401 401 403 403 403 200 200"}},
	{"assessments", "POST", "/{id:slug}/questions", "{\"type\":\"essay\",\"text\":\"Why not?\"}", {"401 401 403 403 403 201 201"}},
	{"assessments", "POST", "/{id:slug}/submissions",
	 "{\"answers\":[{\"question_id\":{Q1},\"selected_option_ids\":[{WRONG}]},{\"question_id\":{Q2},\"text\":\"x\"}]}",
	 {"401 401 201 201 403 201 201"}},
	{"assessments", "GET", "/{id:slug}/submissions/{sid:slug}", NULL, {"401 401 200 404 403 200 200", "401 401 404 404 403 404 404", NULL, "401 401 404 404 403 404 404"}},
	/* --- course (SelfCommunity v2) ------------------------------------- */
	{"course", "GET", "/course/{cid:int}", NULL, {"401 401 200 200 403 200 200", NULL, "401 401 403 403 200 403 200"}},
	{"course", "GET", "/course/{cid:int}/section", NULL, {"401 401 403 403 403 200 200", NULL, "401 401 403 403 200 403 200"}},
	{"course", "GET", "/course/{cid:int}/section/{sid:int}", NULL, {"401 401 403 403 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"course", "GET", "/course/{cid:int}/section/{sid:int}/lesson", NULL, {"401 401 403 403 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"course", "GET", "/course/{cid:int}/section/{sid:int}/lesson/{lid:int}", NULL, {"401 401 200 200 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"course", "POST", "/course/{cid:int}/section/{sid:int}/lesson/{lid:int}/complete", NULL, {"401 401 204 204 403 204 204", NULL, "401 401 403 403 404 403 404"}},
	{"course", "POST", "/course/{cid:int}/section/{sid:int}/lesson/{lid:int}/incomplete", NULL, {"401 401 204 204 403 204 204", NULL, "401 401 403 403 404 403 404"}},
	{"course", "POST", "/course/{cid:int}/section/{sid:int}/lesson/{lid:int}/attempt",
	 "{\"responses\":[{\"question_id\":{Q1},\"selected_options\":[{OPT}]}]}", {"401 401 200 200 403 200 200", NULL, "401 401 403 403 404 403 404"}},
	{"course", "GET", "/course/{cid:int}/section/{sid:int}/lesson/{lid:int}/attempt/{aid:int}", NULL,
	 {"401 401 200 404 403 200 200", "401 401 404 404 403 404 404", "401 401 403 403 404 403 404", "401 401 404 404 403 404 404"}},
	{"course", "GET", "/course/{cid:int}/quiz", NULL, {"401 401 403 403 403 200 200", NULL, "401 401 403 403 200 403 200"}},
	/* --- Testpress admin (v2.5/v3): admins, and course staff for their courses --- */
	{"testpress-admin", "GET", "/admin/attempts", NULL, {"401 401 403 403 200 200 200"}},
	{"testpress-admin", "GET", "/admin/chapter-content-attempts", NULL, {"401 401 403 403 200 200 200"}},
	{"testpress-admin", "GET", "/admin/attempts/{id:int}/video-conference", NULL, {"401 401 403 403 403 200 200", "401 401 404 404 404 404 404"}},
	{"testpress-admin", "GET", "/admin/attempts/{id:int}", NULL, {"401 401 403 403 403 200 200", "401 401 404 404 404 404 404"}},
	{"testpress-admin", "GET", "/admin/attempts/{id:int}/user_answers", NULL, {"401 401 403 403 403 200 200", "401 401 404 404 404 404 404"}},
};
