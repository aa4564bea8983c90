/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An audio chunk entry: the a{sv} that AudioChunk and ListChunks carry and
 * that audio/index.json keeps, without the peaks
 * (org.scened.Scened1.AudioExtractor.xml says what each key means). Built
 * here and nowhere else.
 */
#pragma once

#include "scd-index.h"

G_BEGIN_DECLS

typedef struct
{
  guint index; /* 0-based */
  const char *path;
  double start;    /* seconds on the session timeline */
  double duration; /* seconds */
  guint64 samples; /* per channel */
  guint sample_rate;
  guint channels;
  double gap;           /* seconds skipped before it, unfilled (0: it follows the last) */
  GBytes *peaks;        /* one byte per peak window; not saved */
  double speech;        /* share of 100 ms windows above the noise floor, 0..1 */
  gboolean silent;      /* no window above it */
  double level_peak;    /* dBFS */
  double level_mean;    /* dBFS */
  const char *boundary; /* "pause", "max" or "end"; NULL: none */
  gint64 wallclock;     /* real time its first sample arrived, µs since the epoch; 0: unknown */
  const char *source;   /* of two audio sources, which: a label or "pulse:NAME"; NULL: one */
} ScdChunkEntry;

extern const ScdIndexSchema scd_chunk_entry_schema;

GVariant *scd_chunk_entry_to_variant (const ScdChunkEntry *entry);

G_END_DECLS
