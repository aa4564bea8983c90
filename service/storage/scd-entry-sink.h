/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where the stages report what they wrote: the pipeline gives the video
 * and the audio stage the same sink, and each calls it with every entry
 * once the file and the index are on disk, from the thread that wrote
 * them. The pipeline takes it to the main context, where it becomes a
 * NewFrames or AudioChunk signal.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SCD_ENTRY_FRAME, /* scd-frame-entry.h */
  SCD_ENTRY_CHUNK, /* scd-chunk-entry.h */
} ScdEntryKind;

typedef void (*ScdEntrySinkFunc) (ScdEntryKind kind, GVariant *entry, gpointer user_data);

G_END_DECLS
