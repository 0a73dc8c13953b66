/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A small streaming JSON writer: values go straight to a FILE, so output of
 * any size needs no memory beyond the nesting stack. It places commas,
 * colons and (when pretty) newlines and indentation itself; callers only
 * say what comes next. The verbs reach it through output.h, which writes
 * every `-j` output of the CLI with it.
 *
 *	struct json w;
 *	json_init(&w, stdout, true);
 *	json_array_begin(&w);
 *	json_object_begin(&w);
 *	json_key(&w, "packets");
 *	json_uint(&w, 3);
 *	json_object_end(&w);
 *	json_array_end(&w);
 *	if (!json_finish(&w)) ... error
 */
#ifndef P2PFENCE_JSON_H
#define P2PFENCE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
	FILE *f;
	bool pretty;
	bool error;		/* misuse or nesting too deep: output is invalid */
	bool after_key;		/* a key was written: the value follows it */
	unsigned int depth;
	bool nonempty[JSON_MAX_DEPTH];	/* per level: a member was written */
	bool is_object[JSON_MAX_DEPTH];
};

void json_init(struct json *w, FILE *f, bool pretty);
/* Ends the document (a newline after the top value); false on misuse or
 * when a container is still open. */
bool json_finish(struct json *w);

void json_object_begin(struct json *w);
void json_object_end(struct json *w);
void json_array_begin(struct json *w);
void json_array_end(struct json *w);

/* Inside an object: the key of the next value. */
void json_key(struct json *w, const char *key);

void json_string(struct json *w, const char *s);	/* NULL writes null */
void json_string_len(struct json *w, const char *s, size_t len);
void json_uint(struct json *w, uint64_t v);
/* Fixed-point: "1700000000.000001" for decimals 6; non-finite writes null. */
void json_fixed(struct json *w, double v, unsigned int decimals);
void json_bool(struct json *w, bool v);
void json_null(struct json *w);

#endif /* P2PFENCE_JSON_H */
