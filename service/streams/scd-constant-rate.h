/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Turns frames at any timestamps into a constant rate: which frames to
 * send and how often to repeat the one before, so that exactly @fps
 * frames come out per second of timeline (as ffmpeg's fps filter does).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double fps;
  gboolean started;
  double origin; /* timeline seconds of output slot 0 */
  gint64 next;   /* the next output slot to fill */
} ScdConstantRate;

void scd_constant_rate_init (ScdConstantRate *rate, double fps);

/* A frame at @timestamp arrives. Returns how many times the frame before
 * it must be sent first (slots it left empty); *@take says whether this
 * frame fills a slot of its own (FALSE: it came too soon, skip it). */
guint scd_constant_rate_place (ScdConstantRate *rate, double timestamp, gboolean *take);

G_END_DECLS
