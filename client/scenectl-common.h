/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What every scenectl subcommand shares: the command context, option
 * parsing with the common --json switch, turning a SESSION argument into
 * proxies, and the one text and JSON shape of frame and chunk entries, so
 * that analyze, frames, capture and monitor print them the same way.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "scd-dbus.h"

G_BEGIN_DECLS

#define SCENECTL_BUS_NAME "org.scened.Scened1"
#define SCENECTL_MANAGER_PATH "/org/scened/Scened1"
#define SCENECTL_SESSION_PATH_PREFIX "/org/scened/Scened1/session/"
#define SCENECTL_SCENE_DETECTOR_IFACE "org.scened.Scened1.SceneDetector"
#define SCENECTL_AUDIO_EXTRACTOR_IFACE "org.scened.Scened1.AudioExtractor"
#define SCENECTL_SESSION_IFACE "org.scened.Scened1.Session"

typedef enum
{
  SCENECTL_EXIT_OK = 0,
  SCENECTL_EXIT_ERROR = 1,
  SCENECTL_EXIT_USAGE = 2,
} ScenectlExit;

typedef struct
{
  const char *command; /* the subcommand's name, e.g. "analyze" */
  gboolean json;
  GDBusConnection *bus;
  ScdDbusManager *manager;
} ScenectlContext;

typedef int (*ScenectlCommandFunc) (ScenectlContext *ctx, int argc, char **argv);

/* The session objects' three interfaces, as proxies on one path. */
typedef struct
{
  char *path;
  ScdDbusSession *session;
  ScdDbusSceneDetector *detector;
  ScdDbusAudioExtractor *audio;
} ScenectlSession;

/* The two lists a session keeps: scene frames and audio chunks. */
typedef enum
{
  SCENECTL_ENTRIES_FRAMES,
  SCENECTL_ENTRIES_CHUNKS,
} ScenectlEntries;

void scenectl_context_clear (ScenectlContext *ctx);

GOptionContext *scenectl_option_context_new (ScenectlContext *ctx,
                                             const char *parameter,
                                             const char *summary,
                                             const GOptionEntry *entries);
gboolean scenectl_parse_options (ScenectlContext *ctx,
                                 GOptionContext *optctx,
                                 int *argc,
                                 char ***argv,
                                 int min_args,
                                 int max_args);
int scenectl_usage_error (ScenectlContext *ctx, const char *format, ...) G_GNUC_PRINTF (2, 3);
int scenectl_report_error (ScenectlContext *ctx, GError *error);

GDBusConnection *scenectl_get_bus (ScenectlContext *ctx, GError **error);
ScdDbusManager *scenectl_get_manager (ScenectlContext *ctx, GError **error);
GDBusObjectManager *scenectl_object_manager_new (ScenectlContext *ctx, GError **error);
GList *scenectl_list_sessions (GDBusObjectManager *manager);

gboolean scenectl_session_arg_valid (const char *arg, GError **error);
ScenectlSession *scenectl_session_new (GDBusConnection *bus, const char *path, GError **error);
ScenectlSession *scenectl_session_lookup (ScenectlContext *ctx, const char *arg, GError **error);
void scenectl_session_free (ScenectlSession *self);
const char *scenectl_session_id (ScenectlSession *self);
char *scenectl_id_from_path (const char *path);
gboolean scenectl_session_list_entries (ScenectlSession *self,
                                        ScenectlEntries kind,
                                        guint first,
                                        guint count,
                                        GVariant **entries,
                                        GError **error);

char *scenectl_resolve_source (const char *arg);
gboolean scenectl_parse_typed_value (const char *key,
                                     const char *text,
                                     const GVariantType *type,
                                     GVariant **out,
                                     GError **error);
gboolean scenectl_parse_session_option (GVariantDict *dict,
                                        const char *key,
                                        const char *text,
                                        GError **error);

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScenectlSession, scenectl_session_free)

int scenectl_cmd_analyze (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_record (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_list (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_sources (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_status (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_stop (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_close (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_capture (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_proxy (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_set (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_frames (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_chunks (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_stream (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_monitor (ScenectlContext *ctx, int argc, char **argv);

G_END_DECLS
