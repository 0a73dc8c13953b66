// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Streaming JSON writer: see json.h. It writes a byte or a few at a time,
 * from one thread: stdio's unlocked calls, or a dump of 100 000 devices
 * spends more in stdio's locks than in the writing.
 */
#include "json.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

void json_init(struct json *w, FILE *f, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->pretty = pretty;
}

static void newline_indent(struct json *w, unsigned int depth)
{
	unsigned int i;

	if (!w->pretty)
		return;
	putc_unlocked('\n', w->f);
	for (i = 0; i < depth; i++)
		fputs_unlocked("  ", w->f);
}

/* Writes what separates this value from the previous one; false when a
 * value is not allowed here (inside an object without a key). */
static bool value_prefix(struct json *w)
{
	if (w->error)
		return false;
	if (w->after_key) {
		w->after_key = false;
		return true;
	}
	if (w->depth == 0)
		return true;
	if (w->is_object[w->depth - 1]) {
		w->error = true;
		return false;
	}
	if (w->nonempty[w->depth - 1])
		putc_unlocked(',', w->f);
	newline_indent(w, w->depth);
	w->nonempty[w->depth - 1] = true;
	return true;
}

static void open_container(struct json *w, bool object)
{
	if (!value_prefix(w))
		return;
	if (w->depth >= JSON_MAX_DEPTH) {
		w->error = true;
		return;
	}
	putc_unlocked(object ? '{' : '[', w->f);
	w->is_object[w->depth] = object;
	w->nonempty[w->depth] = false;
	w->depth++;
}

static void close_container(struct json *w, bool object)
{
	if (w->error)
		return;
	if (!w->depth || w->is_object[w->depth - 1] != object || w->after_key) {
		w->error = true;
		return;
	}
	w->depth--;
	if (w->nonempty[w->depth])
		newline_indent(w, w->depth);
	putc_unlocked(object ? '}' : ']', w->f);
}

void json_object_begin(struct json *w)
{
	open_container(w, true);
}

void json_object_end(struct json *w)
{
	close_container(w, true);
}

void json_array_begin(struct json *w)
{
	open_container(w, false);
}

void json_array_end(struct json *w)
{
	close_container(w, false);
}

bool json_finish(struct json *w)
{
	if (w->depth || w->after_key)
		w->error = true;
	if (!w->error)
		putc_unlocked('\n', w->f);
	return !w->error && !ferror(w->f);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid:
 * overlong forms, surrogates and values past U+10FFFF are rejected so the
 * output is always valid JSON text. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* Printable ASCII that JSON takes as it is. */
static bool json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* Bytes from s that go out unchanged: plain ASCII and whole UTF-8. */
static size_t plain_run(const unsigned char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		len = json_plain(s[i]) ? 1 : s[i] >= 0x80 ? utf8_seq_len(s + i, n - i) : 0;
		if (!len)
			break;
		i += len;
	}
	return i;
}

/* JSON's two-character escapes; other control bytes take \u00XX. */
static const char *const short_escape[128] = {
	['"'] = "\\\"", ['\\'] = "\\\\", ['\n'] = "\\n", ['\r'] = "\\r",
	['\t'] = "\\t", ['\b'] = "\\b", ['\f'] = "\\f",
};

/* A byte that stopped a run: its escape. */
static void write_escape(struct json *w, unsigned char c)
{
	if (c < 128 && short_escape[c])
		fputs_unlocked(short_escape[c], w->f);
	else if (c < 0x20 || c == 0x7f)
		fprintf(w->f, "\\u%04x", c);
	else	/* not UTF-8: the replacement character */
		fputs_unlocked("\\ufffd", w->f);
}

/* Runs go out whole: a name is written in one call, not a byte a call. */
static void write_escaped(struct json *w, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run;

	putc_unlocked('"', w->f);
	while (i < n) {
		run = plain_run(s + i, n - i);
		fwrite_unlocked(s + i, 1, run, w->f);
		i += run;
		if (i < n)
			write_escape(w, s[i++]);
	}
	putc_unlocked('"', w->f);
}

void json_key(struct json *w, const char *key)
{
	if (w->error)
		return;
	if (!w->depth || !w->is_object[w->depth - 1] || w->after_key || !key) {
		w->error = true;
		return;
	}
	if (w->nonempty[w->depth - 1])
		putc_unlocked(',', w->f);
	newline_indent(w, w->depth);
	write_escaped(w, key, strlen(key));
	fputs_unlocked(w->pretty ? ": " : ":", w->f);
	w->nonempty[w->depth - 1] = true;
	w->after_key = true;
}

void json_string_len(struct json *w, const char *s, size_t len)
{
	if (value_prefix(w))
		write_escaped(w, s, len);
}

void json_string(struct json *w, const char *s)
{
	if (!s)
		json_null(w);
	else
		json_string_len(w, s, strlen(s));
}

void json_uint(struct json *w, uint64_t v)
{
	if (value_prefix(w))
		fprintf(w->f, "%" PRIu64, v);
}

void json_fixed(struct json *w, double v, unsigned int decimals)
{
	if (decimals > 17)
		decimals = 17;
	if (!isfinite(v))
		json_null(w);
	else if (value_prefix(w))
		fprintf(w->f, "%.*f", (int)decimals, v);
}

void json_bool(struct json *w, bool v)
{
	if (value_prefix(w))
		fputs_unlocked(v ? "true" : "false", w->f);
}

void json_null(struct json *w)
{
	if (value_prefix(w))
		fputs_unlocked("null", w->f);
}
