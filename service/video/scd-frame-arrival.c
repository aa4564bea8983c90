/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <libavutil/avutil.h>
#include <libavutil/buffer.h>

#include "scd-frame-arrival.h"

/* @pts: the packet's presentation timestamp, AV_NOPTS_VALUE if it has
 * none; @when: the real time it was read. */
void
scd_frame_arrival_note (ScdFrameArrival *arrival, gint64 pts, gint64 when)
{
  arrival->pts[arrival->next] = pts;
  arrival->when[arrival->next] = when;
  arrival->next = (arrival->next + 1) % SCD_FRAME_ARRIVAL_SLOTS;
  arrival->latest = when;
}

/* The arrival of the packet with timestamp @pts; one that is not known
 * (no timestamp, a decoder that makes its own) takes the last packet's,
 * which is when the frame came out of the decoder. */
gint64
scd_frame_arrival_lookup (const ScdFrameArrival *arrival, gint64 pts)
{
  if (pts != AV_NOPTS_VALUE)
    for (guint i = 0; i < SCD_FRAME_ARRIVAL_SLOTS; i++)
      {
        /* Newest first: a timestamp seen twice (a reconnect) means the last. */
        guint slot = (arrival->next + SCD_FRAME_ARRIVAL_SLOTS - 1 - i) % SCD_FRAME_ARRIVAL_SLOTS;

        if (arrival->when[slot] != 0 && arrival->pts[slot] == pts)
          return arrival->when[slot];
      }
  return arrival->latest;
}

/* FALSE when out of memory: the frame then has no arrival. */
gboolean
scd_frame_arrival_stamp (AVFrame *frame, gint64 when)
{
  av_buffer_unref (&frame->opaque_ref);
  frame->opaque_ref = av_buffer_alloc (sizeof (gint64));
  if (frame->opaque_ref == NULL)
    return FALSE;
  memcpy (frame->opaque_ref->data, &when, sizeof (gint64));
  return TRUE;
}

/* 0 when the frame was never stamped. */
gint64
scd_frame_arrival_get (const AVFrame *frame)
{
  gint64 when;

  if (frame->opaque_ref == NULL || frame->opaque_ref->size != sizeof (gint64))
    return 0;
  memcpy (&when, frame->opaque_ref->data, sizeof (gint64));
  return when;
}
