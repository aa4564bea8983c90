/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * When a frame arrived: the real time (g_get_real_time(), microseconds
 * since the epoch) its packet was read from the source, which a frame
 * entry carries as "wallclock". The decoder gives a frame out a few
 * packets after its own (reordering, threads), so the stage notes each
 * packet's arrival by its timestamp and stamps the frame that comes out
 * with the arrival of the packet of the same timestamp. The stamp rides
 * on the frame itself (opaque_ref, which every reference and copy of the
 * frame keeps), through the scene detector and the GPU download to the
 * frame writer, without a parameter in each of them. It also holds when
 * the frame came out of the decoder, for the stage timings the frame
 * writer logs (scd-frame-writer.c).
 */
#pragma once

#include <glib.h>
#include <libavutil/frame.h>

G_BEGIN_DECLS

/* How many packets back a frame's arrival is remembered: well past any
 * decoder's delay. */
#define SCD_FRAME_ARRIVAL_SLOTS 64

typedef struct
{
  gint64 pts[SCD_FRAME_ARRIVAL_SLOTS];
  gint64 when[SCD_FRAME_ARRIVAL_SLOTS];
  guint next;
  gint64 latest; /* the last packet's arrival; 0: none yet */
} ScdFrameArrival;

void scd_frame_arrival_note (ScdFrameArrival *arrival, gint64 pts, gint64 when);
gint64 scd_frame_arrival_lookup (const ScdFrameArrival *arrival, gint64 pts);

gboolean scd_frame_arrival_stamp (AVFrame *frame, gint64 when);
gint64 scd_frame_arrival_get (const AVFrame *frame);
gint64 scd_frame_arrival_decoded (const AVFrame *frame);

G_END_DECLS
