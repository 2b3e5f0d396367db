/* invigil — the Testpress face's handlers; only src/api/testpress/ includes this. */
#ifndef INVIGIL_API_TESTPRESS_H
#define INVIGIL_API_TESTPRESS_H

#include <stdint.h>

#include <stdbool.h>

#include "invigil/err.h"

struct exam;
struct json_object;
struct req;
struct resp;

/* The exam object of the seed's attempt listings (new reference). */
/* The memo slot of the Testpress face in an exam content (model.h). */
#define TP_MEMO_SLOT 0

/* --- src/api/testpress/views.c: small renderers the views share --- */
/* A JSON string of s, or NULL (JSON null) for NULL. */
struct json_object *tp_str_or_null(const char *s);
/* A number of ten-thousandths as Testpress's "2.50". */
struct json_object *tp_decimal2(int64_t e4);
/* A node that serializes as the JSON text text (kept, not copied: it must
 * outlive the node); release, when not NULL, is called on text when the
 * node is freed, or at once when out of memory.  A new reference; NULL when
 * out of memory. */
struct json_object *tp_text_node(char *text, void (*release)(struct json_object *, void *));
/* ec's exam object without the learner's counts (attempts_count,
 * paused_attempts_count): a new reference the caller owns. */
struct json_object *tp_exam_shared(struct req *r, const struct exam_content *ec);
/* The object view_testpress_exam_full renders, with every member but the
 * learner's counts, as JSON text without its closing brace: rendered once
 * per exam version into ec's memo, and kept there as long as ec is (the
 * request).  NULL when the memo keeps another base URL's, or out of memory:
 * the caller then builds the object. */
const char *tp_exam_head(struct req *r, const struct exam_content *ec);

/* --- src/api/testpress/questions.c --- */
/* The question object of q (an element of ec->questions) as a questions
 * page (review false) or a review (show: with the key) shows it; a new
 * reference the caller owns.  Rendered once per content version and variant,
 * then served from ec's memo; NULL only when out of memory. */
struct json_object *tp_question_json(struct req *r, const struct exam_content *ec, const struct ex_question *q,
                                     bool review, bool show);
/* tp_question_json's JSON text: the memo's (lives as long as ec is held,
 * the request), or rendered into r's arena when there is no memo.  NULL
 * only when out of memory. */
const char *tp_question_text(struct req *r, const struct exam_content *ec, const struct ex_question *q, bool review,
                             bool show);

/* --- src/api/testpress/items.c --- */
/* The JSON array of the items rows[0..n) of attempt a, each as
 * view_testpress_item renders it, as one node (a new reference the caller
 * owns; its text lives in r's arena).  NULL when out of memory. */
struct json_object *tp_items_node(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                  const struct answer *rows, size_t n);
/* The same for review items: rows[i] with its question's statistics
 * stats[i] (eq_id 0: none), as view_testpress_review_item renders them
 * under rights. */
struct json_object *tp_review_items_node(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                         const struct answer *rows, const struct question_stat *stats, size_t n,
                                         const struct review_rights *rights);

struct json_object *view_testpress_exam(struct req *r, const struct exam *e);
/* A DRF page {count, next, previous, per_page, results}; takes results. */
struct json_object *view_testpress_page(struct req *r, int64_t count, int64_t page, int64_t per_page,
                                        struct json_object *results);

/* POST /api/v2.2/auth-token/: 200 {"token"}, 400 bad credentials or fields,
 * 403 when tokens come from an outside issuer, 429 locked out, 503. */
enum inv_err h_auth_token(struct req *r, struct resp *w);
/* GET /api/v2.2/exams/: 200 a DRF page of exam objects, 400 bad page, 503. */
enum inv_err h_exams_list(struct req *r, struct resp *w);

/* Exam detail and the attempt lifecycle (src/api/testpress/attempts.c).
 * Each raises 401 (no token), 403 (another user's attempt, not enrolled,
 * window closed, no attempts left), 404 (unknown exam, attempt or question),
 * 400 (bad input, completed attempt, time over), 503 (database away). */
enum inv_err h_exam_get(struct req *r, struct resp *w);
enum inv_err h_exam_attempts(struct req *r, struct resp *w);
enum inv_err h_exam_attempt_create(struct req *r, struct resp *w);
enum inv_err h_attempts_list(struct req *r, struct resp *w);
enum inv_err h_attempt_get(struct req *r, struct resp *w);
enum inv_err h_attempt_start(struct req *r, struct resp *w);
enum inv_err h_attempt_heartbeat(struct req *r, struct resp *w);
enum inv_err h_attempt_end(struct req *r, struct resp *w);
enum inv_err h_attempt_questions(struct req *r, struct resp *w);
enum inv_err h_attempt_answer(struct req *r, struct resp *w);
enum inv_err h_attempt_review(struct req *r, struct resp *w);
enum inv_err h_attempt_review_subjects(struct req *r, struct resp *w);
/* GET /api/v2.3/exams/{slug}/languages/: a page of the exam's languages
 * (invigil has one per exam: an empty list, as Testpress sends for it). */
enum inv_err h_exam_languages(struct req *r, struct resp *w);
/* GET /api/v2.2.1/access_codes/{code}/exams/: a page of the exams with that
 * access code the caller may take (empty for an unknown code). */
enum inv_err h_access_code_exams(struct req *r, struct resp *w);
/* GET and POST /api/v2.2/questions/{id}/comments/: a page of a question's
 * comments, and a new one (201); 400 no comment; 404 not a member of its course. */
enum inv_err h_question_comments(struct req *r, struct resp *w);
enum inv_err h_question_comment_add(struct req *r, struct resp *w);
/* PATCH …/attempts/{id}/sections/{sec}/start|end/: the SDK's section calls;
 * sections run by the attempt's clock, so both answer the section as it now
 * stands (404 unknown section). */
enum inv_err h_attempt_section(struct req *r, struct resp *w);
/* admin.c and admin_content.c: the admin API (its own face) */
/* A time as the admin API sends it (ISO 8601 UTC with milliseconds), or
 * null for 0. */
struct json_object *tp_admin_time(int64_t ms);
/* Pass or Fail once graded and not waiting for a grader; NA otherwise. */
const char *tp_admin_result(const struct exam_content *ec, const struct attempt *a);
/* ?key=: a date (with upper, the whole day: the bound is the next day's
 * start) or a datetime, from 1970 to 9999, into *out (0: not given);
 * false (400 sent) when it is neither. */
bool tp_admin_date(struct req *r, const char *key, bool upper, int64_t *out);
enum inv_err h_admin_content_attempts(struct req *r, struct resp *w);
enum inv_err h_admin_video_conference(struct req *r, struct resp *w);
/* content.c: a learner opens a lesson that runs no exam, watches a video */
/* A content attempt's id, unique across the admin report: twice an exam
 * attempt's id, or twice a progress row's plus one. */
int64_t tp_content_attempt_id(int64_t attempt_id, int64_t progress_id);
enum inv_err h_content_attempts(struct req *r, struct resp *w);
enum inv_err h_content_attempt_create(struct req *r, struct resp *w);
enum inv_err h_user_video_update(struct req *r, struct resp *w);

struct attempt;
struct answer;
struct exam_content;
struct ex_question;
struct question_stat;

struct standing;
struct review_rights;

struct json_object *view_testpress_exam_full(struct req *r, const struct exam_content *ec,
                                             const struct standing *uf);
/* Section i of attempt a as the SDK's AttemptSection. */
struct json_object *view_testpress_section(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                           size_t i);
struct json_object *view_testpress_attempt(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                           const struct standing *uf);
struct json_object *view_testpress_item(struct req *r, const struct attempt *a, const struct exam_content *ec,
                                        const struct answer *ans);
struct json_object *view_testpress_review_item(struct req *r, const struct attempt *a,
                                               const struct exam_content *ec, const struct answer *ans,
                                               const struct question_stat *st, const struct review_rights *rights);
/* Subject analytics per page (200), optionally ?parent= (an id, or "null"
 * for the roots): the review's and the overall analytics' page. */
#define TP_SUBJECTS_PAGE 200
struct subject_total;
enum inv_err tp_subject_page(struct req *r, struct resp *w, const struct subject_total *t, size_t n);
/* GET /api/v2.2/analytics/: the caller's subject analytics over every
 * completed attempt (the SDK's overall analytics). */
enum inv_err h_analytics(struct req *r, struct resp *w);
/* An engine refusal as the face's error (cx's field and message, DRF's
 * envelope); a database failure passes through as it is. */
struct engine_ctx;
enum inv_err tp_fail(struct req *r, struct engine_ctx *cx, enum inv_err err);
/* DRF's page number from ?page=; INV_ENOTFOUND "Invalid page." */
enum inv_err tp_page_number(struct req *r, int64_t *page);

#endif
