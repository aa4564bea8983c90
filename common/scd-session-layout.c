/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "scd-session-layout.h"

#include <string.h>

static const char *const parts[] = {
  [SCD_SESSION_PART_STREAM] = "stream",
  [SCD_SESSION_PART_FRAMES] = "frames",
  [SCD_SESSION_PART_AUDIO] = "audio",
  [SCD_SESSION_PART_PROXIES] = "proxies",
};

char *
scd_session_layout_sessions_dir (const char *data_dir)
{
  return g_build_filename (data_dir, "sessions", NULL);
}

char *
scd_session_layout_manifest (const char *session_dir)
{
  return g_build_filename (session_dir, "session.json", NULL);
}

char *
scd_session_layout_dir (const char *session_dir, ScdSessionPart part)
{
  g_return_val_if_fail ((guint) part < G_N_ELEMENTS (parts), NULL);
  return g_build_filename (session_dir, parts[part], NULL);
}

/* The index of the frames or of the audio chunks. */
char *
scd_session_layout_index (const char *session_dir, ScdSessionPart part)
{
  g_return_val_if_fail (part == SCD_SESSION_PART_FRAMES || part == SCD_SESSION_PART_AUDIO, NULL);
  return g_build_filename (session_dir, parts[part], "index.json", NULL);
}

/* @number counts from 1. */
char *
scd_session_layout_segment (const char *stream_dir, guint number)
{
  g_autofree char *name = g_strdup_printf ("segment_%04u.ts", number);

  return g_build_filename (stream_dir, name, NULL);
}

/* A frame's id, from its 0-based index: F0001 for the first. */
char *
scd_session_layout_frame_id (guint index)
{
  return g_strdup_printf ("F%04u", index + 1);
}

char *
scd_session_layout_frame (const char *frames_dir, const char *id)
{
  g_autofree char *name = g_strconcat (id, ".jpg", NULL);

  return g_build_filename (frames_dir, name, NULL);
}

/* @index counts from 0, as the chunks' "index" does. */
char *
scd_session_layout_chunk (const char *audio_dir, guint index)
{
  g_autofree char *name = g_strdup_printf ("chunk_%04u.wav", index);

  return g_build_filename (audio_dir, name, NULL);
}

/* Chunk @index of the session's @source-th audio source, counting from 0:
 * the first keeps the single source's name, so a client that only knows
 * chunk_NNNN.wav still finds it; the second is chunk_NNNN-2.wav, sorting
 * right after it. */
char *
scd_session_layout_chunk_of_source (const char *audio_dir, guint index, guint source)
{
  g_autofree char *name = NULL;

  if (source == 0)
    return scd_session_layout_chunk (audio_dir, index);
  name = g_strdup_printf ("chunk_%04u-%u.wav", index, source + 1);
  return g_build_filename (audio_dir, name, NULL);
}

/* The proxy of a recorded segment (or of any input) at @height lines. */
char *
scd_session_layout_proxy (const char *proxies_dir, const char *segment_path, guint height)
{
  g_autofree char *base = g_path_get_basename (segment_path);
  char *dot = strrchr (base, '.');
  g_autofree char *name = NULL;

  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strdup_printf ("%s-%up.mkv", base, height);
  return g_build_filename (proxies_dir, name, NULL);
}
