/* The authorization matrix's shared state: the roles that ask, the ids of
 * the objects az-owner owns on every face (made by t_api_authz.c's setup),
 * and the checks each cell runs (tests/api/t_api_authz.c, authz_leak.c). */
#ifndef INVIGIL_TEST_AUTHZ_H
#define INVIGIL_TEST_AUTHZ_H

#include <stdbool.h>
#include <stddef.h>

struct http;
struct json_object;

/* Who asks: no token, a malformed one, the objects' owner, another learner
 * of the course, an instructor of another course, the course's
 * instructor, a global admin. */
enum azrole { R_ANON, R_BADTOKEN, R_OWNER, R_OTHER, R_STRANGER, R_TEACHER, R_ADMIN, ROLES };

/* Which ids fill a route's parameters: the owner's own objects; an id of
 * the same owner's object on another face; another course in the path (the
 * stranger's own); ids that disagree (another learner's attempt with the
 * owner's answer, the owner's submission under another quiz). */
enum objcase { O_NATIVE, O_XFACE, O_XCOURSE, O_MISMATCH, OBJCASES };

enum face_id { F_TP, F_CV, F_AS, F_CO, F_TA };

struct fixture {
	char *tok[ROLES]; /* raw tokens; NULL for R_ANON */
	long long course, demo_course, owner_uid, other_uid;
	long long tp_exam, cv_quiz;           /* az-tp (Testpress objects), az-cv (Canvas objects) */
	long long q_choice, opt_right, opt_wrong, q_text, q_essay; /* s1, s2, e1's question ids, s1's options */
	long long tp_att, tp_sec, tp_aq;      /* the owner's running Testpress attempt, its section, s1's answer */
	long long other_att;                  /* az-other's own running Testpress attempt */
	long long cv_sid, cv_attempt;         /* the owner's running Canvas quiz submission */
	char cv_token[80];                    /* its validation token */
	char as_id[64], as_other_id[64];      /* az-as's and az-shown's public ids */
	char as_sid[64];                      /* the owner's assessments submission */
	long long co_sec, co_read, co_quiz;   /* the course face's section, reading and quiz lessons */
	long long co_video, co_vc, tp_video;  /* a video and a video-conference lesson; the owner's video progress */
	long long co_att;                     /* the owner's quiz attempt made on the course face */
};

extern struct fixture fx;

/* Text only the owner's objects carry (saved answers, name, email, the
 * validation token): a cell refused to another role must show none. */
extern const char *const owner_marks[];

/* face's Authorization value for role (NULL for anonymous), static buffer. */
const char *authz_auth(enum face_id face, enum azrole role);
/* One request as role; returns the status (-1: no response), h kept. */
long authz_call(enum face_id face, enum azrole role, const char *method, const char *path, const char *json,
                struct http *h);
/* The first owner mark in body, or NULL. */
const char *authz_leaked_mark(const char *body);
/* A checksum of every table a request could change (login_failures aside);
 * 0 when the database cannot be read. */
unsigned long long authz_db_sum(void);
/* One integer a SQL query returns (test setup only); bails without one. */
long long authz_sql_int(const char *q);

/* Leakage per state (authz_leak.c): ok lines; adds its cells to *cells and leaks to *leaks. */
void authz_leak_states(int *cells, int *leaks);

/* Small readers shared by both files. */
struct json_object *authz_idx(struct json_object *arr, size_t i);
long long authz_jint(struct json_object *o, const char *k);

#endif
