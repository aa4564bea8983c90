/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * session.json: what a session is, how it was set up, and where it got to.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "scd-session-options.h"
#include "scd-session-state.h"

G_BEGIN_DECLS

typedef struct
{
  guint index;
  char *path;
  double start;
  double duration;
} ScdManifestSegment;

typedef struct
{
  const char *id;
  const char *created;
  gint64 started_wallclock; /* real time Start() was called, µs since the epoch; 0: not yet */
  ScdSessionState state;
  const char *error;
  const char *error_name; /* its D-Bus name; NULL or "" when none */
  const char *video_decoder;
  const ScdSessionOptions *options;
  double threshold;
  double min_scene_length;
  double max_frame_interval;
  double chunk_duration;
  double position;
  double duration;
  guint frame_count;
  guint chunk_count;
  const GArray *segments; /* of ScdManifestSegment */
} ScdManifest;

/* What a reopened session needs back from its session.json. */
typedef struct
{
  ScdSessionOptions *options;
  char *created;
  gint64 started_wallclock; /* 0: never started, or written before scened kept it */
  ScdSessionState state;    /* unknown in the file: running (never finished) */
  char *error;
  char *error_name;
  char *video_decoder;
  double position;
  double duration;
  GArray *segments; /* of ScdManifestSegment, cleared with scd_manifest_segment_clear() */
} ScdManifestContents;

void scd_manifest_segment_clear (gpointer segment);
JsonNode *scd_manifest_to_json (const ScdManifest *manifest);
gboolean scd_manifest_parse (JsonNode *root, ScdManifestContents *contents, GError **error);
void scd_manifest_contents_clear (ScdManifestContents *contents);

G_END_DECLS
