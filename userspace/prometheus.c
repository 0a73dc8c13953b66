// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `p2pfence stats --prometheus`: the counters in the Prometheus text
 * exposition format, for node_exporter's textfile collector (the
 * p2pfence-prometheus timer writes the file; README).
 *
 * Naming: counters end in _total; the namespace-wide ones are p2pfence_*,
 * per device p2pfence_device_*{device}, per protocol *_proto_*{proto}. A
 * `kind` label splits a counter only where its parts add up to it:
 * dropped{kind="handshake"|"flow"} (recognised packets, packets of the
 * flows they opened) and events{kind="sent"|"suppressed"}. Gauges: flows
 * remembered and discovered sources now, with the module's limits (its
 * parameters, when sysfs shows them), and the number of devices.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "devmsg.h"
#include "p2p_classify.h"
#include "stats.h"

#define SYS_PARAMS "/sys/module/p2pfence/parameters/"

static void head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP p2pfence_%s %s\n# TYPE p2pfence_%s %s\n", name, help, name, type);
}

/* A label value: backslash, double quote and newline escaped. */
static void label_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n') {
			fputs("\\n", f);
			continue;
		}
		fputc(*s, f);
	}
}

/* NAME{device="D",LABEL="V"} VALUE, the labels that are non-NULL. */
static void sample(FILE *f, const char *name, const char *device, const char *label,
		   const char *value, uint64_t v)
{
	fprintf(f, "p2pfence_%s", name);
	if (device || label) {
		fputc('{', f);
		if (device) {
			fputs("device=\"", f);
			label_value(f, device);
			fputc('"', f);
		}
		if (label) {
			fprintf(f, "%s%s=\"", device ? "," : "", label);
			label_value(f, value);
			fputc('"', f);
		}
		fputc('}', f);
	}
	fprintf(f, " %" PRIu64 "\n", v);
}

/* A module parameter, or -1 when sysfs does not show it. */
static long long param(const char *name)
{
	char path[128];
	long long v = -1;
	FILE *p;

	snprintf(path, sizeof(path), SYS_PARAMS "%s", name);
	p = fopen(path, "r");
	if (!p)
		return -1;
	if (fscanf(p, "%lld", &v) != 1)
		v = -1;
	fclose(p);
	return v;
}

/* One family: the global sample (prefix ""), or one per device. */
enum scope { GLOBAL, DEVICE };

static const struct stat_counters *stats_of(enum scope sc, const struct stat_counters *g,
					 const struct prom_device *devs, size_t i)
{
	return sc == GLOBAL ? g : devs[i].stats;
}

static void family(FILE *f, enum scope sc, const char *name, const char *help,
		   const struct stat_counters *g, const struct prom_device *devs, size_t n,
		   size_t off)
{
	char full[64];
	size_t i, count = sc == GLOBAL ? 1 : n;

	snprintf(full, sizeof(full), "%s%s", sc == GLOBAL ? "" : "device_", name);
	head(f, full, "counter", help);
	for (i = 0; i < count; i++) {
		uint64_t v;

		memcpy(&v, (const char *)stats_of(sc, g, devs, i) + off, sizeof(v));
		sample(f, full, sc == GLOBAL ? NULL : devs[i].name, NULL, NULL, v);
	}
}

static void dropped(FILE *f, enum scope sc, const struct stat_counters *g,
		    const struct prom_device *devs, size_t n)
{
	const char *full = sc == GLOBAL ? "dropped_total" : "device_dropped_total";
	size_t i, count = sc == GLOBAL ? 1 : n;

	head(f, full, "counter",
	     "Packets dropped: recognised P2P packets (handshake) and packets of the flows they opened (flow).");
	for (i = 0; i < count; i++) {
		const struct stat_counters *s = stats_of(sc, g, devs, i);
		const char *dev = sc == GLOBAL ? NULL : devs[i].name;
		uint64_t flow = s->flow_dropped <= s->dropped ? s->flow_dropped : s->dropped;

		sample(f, full, dev, "kind", "handshake", s->dropped - flow);
		sample(f, full, dev, "kind", "flow", flow);
	}
}

static void by_proto(FILE *f, enum scope sc, bool drop, const struct stat_counters *g,
		     const struct prom_device *devs, size_t n)
{
	char full[64];
	size_t i, count = sc == GLOBAL ? 1 : n;
	unsigned int id;

	snprintf(full, sizeof(full), "%sproto_%s_total", sc == GLOBAL ? "" : "device_",
		 drop ? "dropped" : "detected");
	head(f, full, "counter", drop ?
	     "Packets dropped, by the protocol of the handshake that opened their flow." :
	     "Packets recognised as P2P, by protocol.");
	for (i = 0; i < count; i++) {
		const struct stat_counters *s = stats_of(sc, g, devs, i);

		for (id = 1; id < 32; id++)
			if (s->proto_seen & (1U << id))
				sample(f, full, sc == GLOBAL ? NULL : devs[i].name, "proto",
				       p2p_proto_name(id),
				       drop ? s->proto_dropped[id] : s->proto_detected[id]);
	}
}

static void gauge(FILE *f, const char *name, const char *help, long long v)
{
	if (v < 0)
		return;
	head(f, name, "gauge", help);
	sample(f, name, NULL, NULL, NULL, (uint64_t)v);
}

#define OFF(field) offsetof(struct stat_counters, field)

void stats_prometheus(FILE *f, const struct stat_counters *g, const struct prom_device *devs,
		      size_t n)
{
	enum scope sc;
	size_t i;

	for (sc = GLOBAL; sc <= DEVICE; sc++) {
		family(f, sc, "inspected_packets_total",
		       "Outbound UDP packets of tagged devices inspected.", g, devs, n, OFF(packets));
		family(f, sc, "detected_total", "Packets recognised as P2P (any mode).",
		       g, devs, n, OFF(detected));
		dropped(f, sc, g, devs, n);
		family(f, sc, "marked_total",
		       "Packets marked instead of dropped (mode mark).", g, devs, n, OFF(marked));
		by_proto(f, sc, false, g, devs, n);
		by_proto(f, sc, true, g, devs, n);
	}
	family(f, GLOBAL, "untagged_packets_total", "UDP packets of untagged sources.",
	       g, devs, n, OFF(untagged));
	head(f, "events_total", "counter",
	     "Events: sent to listeners, or suppressed by the event rate limit.");
	sample(f, "events_total", NULL, "kind", "sent", g->events);
	sample(f, "events_total", NULL, "kind", "suppressed", g->events_suppressed);
	family(f, GLOBAL, "flows_refused_total",
	       "Flows not remembered because the flow table was full.", g, devs, n,
	       OFF(flows_refused));
	family(f, GLOBAL, "discovery_refused_total",
	       "New sources not discovered because the discovery table was full.", g, devs, n,
	       OFF(disc_refused));
	family(f, GLOBAL, "tiny_fragments_total",
	       "First IP fragments of tagged devices too short to judge, dropped or marked with their datagram.",
	       g, devs, n, OFF(tiny_fragments));
	gauge(f, "flows", "Flows remembered now.", g->flows);
	gauge(f, "flows_limit", "Flows the table holds at most (module parameter flow_max).",
	      param("flow_max"));
	gauge(f, "discovered_sources", "Untagged sources in the discovery table now.",
	      g->discovered);
	gauge(f, "discovered_sources_limit",
	      "Sources the discovery table holds at most (module parameter max_discovered).",
	      param("max_discovered"));
	gauge(f, "devices", "Tagged devices.", (long long)n);
	head(f, "device_info", "gauge", "A tagged device and its mode (always 1).");
	for (i = 0; i < n; i++) {
		fputs("p2pfence_device_info{device=\"", f);
		label_value(f, devs[i].name);
		fprintf(f, "\",mode=\"%s\"} 1\n", mode_name(devs[i].mode));
	}
}
