/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A frame entry: the a{sv} that NewFrames and ListFrames carry and that
 * frames/index.json keeps (org.scened.Scened1.SceneDetector.xml says what
 * each key means). Built here and nowhere else.
 */
#pragma once

#include "scd-index.h"

G_BEGIN_DECLS

typedef struct
{
  guint index; /* 0-based; the id is scd_session_layout_frame_id (index) */
  const char *path;
  double timestamp;
  double score;
  const char *reason; /* "first", "scene", "interval" or "capture" */
  guint width;
  guint height;
  gint64 wallclock;         /* real time its packet arrived, µs since the epoch; 0: unknown */
  const char *duplicate_of; /* the id of an earlier frame of the same screen, or NULL */
  const char *settles;      /* "settled": the id of the frame that started its scene */
  const char *signature;    /* scd-frame-signature.h; index.json only; NULL: none */
} ScdFrameEntry;

extern const ScdIndexSchema scd_frame_entry_schema;

GVariant *scd_frame_entry_to_variant (const ScdFrameEntry *entry);

G_END_DECLS
