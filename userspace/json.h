/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A small streaming JSON writer: values go straight to a FILE, so output of
 * any size needs no memory beyond the nesting stack. It places commas,
 * colons and (when pretty) newlines and indentation itself; callers only
 * say what comes next. Used by every `-j` output of the CLI.
 *
 *	struct json w;
 *	json_init(&w, stdout, true);
 *	json_array_begin(&w);
 *	json_object_begin(&w);
 *	json_key_string(&w, "name", "cam1");
 *	json_key_uint(&w, "packets", 3);
 *	json_object_end(&w);
 *	json_array_end(&w);
 *	if (json_finish(&w)) ... error
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
void json_int(struct json *w, int64_t v);
void json_uint(struct json *w, uint64_t v);
void json_double(struct json *w, double v);	/* non-finite writes null */
/* Fixed-point: "1700000000.000001" for decimals 6; non-finite writes null. */
void json_fixed(struct json *w, double v, unsigned int decimals);
void json_bool(struct json *w, bool v);
void json_null(struct json *w);

/* key + value in one call, the common case inside objects. */
void json_key_string(struct json *w, const char *key, const char *s);
void json_key_int(struct json *w, const char *key, int64_t v);
void json_key_uint(struct json *w, const char *key, uint64_t v);
void json_key_double(struct json *w, const char *key, double v);
void json_key_bool(struct json *w, const char *key, bool v);
void json_key_null(struct json *w, const char *key);

#endif /* P2PFENCE_JSON_H */
