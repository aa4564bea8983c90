/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The on-disk layout of a session, the one place that spells it:
 *
 *   DATA_DIR/sessions/ID/         ID: the creation time, YYYYmmdd_HHMMSS[_N]
 *     session.json                the manifest
 *     stream/segment_NNNN.ts      the recording, one segment per connection
 *     frames/FNNNN.jpg            the frames, and their index.json
 *     audio/chunk_NNNN.wav        the audio chunks, and their index.json
 *     proxies/SEGMENT-HEIGHTp.mkv scrubbing proxies
 *
 * Every function returns a new path or name.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SCD_SESSION_PART_STREAM,
  SCD_SESSION_PART_FRAMES,
  SCD_SESSION_PART_AUDIO,
  SCD_SESSION_PART_PROXIES,
} ScdSessionPart;

char *scd_session_layout_sessions_dir (const char *data_dir);
char *scd_session_layout_manifest (const char *session_dir);
char *scd_session_layout_dir (const char *session_dir, ScdSessionPart part);
char *scd_session_layout_index (const char *session_dir, ScdSessionPart part);

char *scd_session_layout_segment (const char *stream_dir, guint number);
char *scd_session_layout_frame_id (guint index);
char *scd_session_layout_frame (const char *frames_dir, const char *id);
char *scd_session_layout_chunk (const char *audio_dir, guint index);
char *scd_session_layout_chunk_of_source (const char *audio_dir, guint index, guint source);
char *scd_session_layout_proxy (const char *proxies_dir, const char *segment_path, guint height);

G_END_DECLS
