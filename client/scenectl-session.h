/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service and its sessions, as proxies (scenectl-session.c).
 */
#pragma once

#include <gio/gio.h>

#include "scd-dbus.h"
#include "scenectl-context.h"

G_BEGIN_DECLS

#define SCENECTL_BUS_NAME "org.scened.Scened1"
#define SCENECTL_MANAGER_PATH "/org/scened/Scened1"
#define SCENECTL_SESSION_PATH_PREFIX "/org/scened/Scened1/session/"
#define SCENECTL_SCENE_DETECTOR_IFACE "org.scened.Scened1.SceneDetector"
#define SCENECTL_AUDIO_EXTRACTOR_IFACE "org.scened.Scened1.AudioExtractor"
#define SCENECTL_SESSION_IFACE "org.scened.Scened1.Session"

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScenectlSession, scenectl_session_free)

G_END_DECLS
