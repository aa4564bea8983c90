/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Printing entries, JSON, tables and fields (scenectl-output.c).
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *scenectl_format_frame (GVariant *frame);
char *scenectl_format_chunk (GVariant *chunk);
char *scenectl_format_segment (guint index, const char *path, double start);
void scenectl_json_add_variant_members (JsonObject *object, GVariant *dict);
void
scenectl_json_add_segment_members (JsonObject *object, guint index, const char *path, double start);
JsonObject *scenectl_json_event_new (const char *event, GVariant *dict);
void scenectl_print_json (JsonNode *node, gboolean pretty);
void scenectl_print_json_object (JsonObject *object, gboolean pretty);
void scenectl_print_json_array (JsonArray *array, gboolean pretty);
void scenectl_print_table (const char *const *headers, GPtrArray *rows);
void scenectl_print_fields (GPtrArray *fields);
void scenectl_fields_add (GPtrArray *fields, const char *label, char *value);

G_END_DECLS
