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

/* What rides on the frame. */
typedef struct
{
  gint64 read;    /* the packet's arrival */
  gint64 decoded; /* when the frame came out of the decoder */
} Stamp;

static const Stamp *
stamp_of (const AVFrame *frame)
{
  if (frame->opaque_ref == NULL || frame->opaque_ref->size != sizeof (Stamp))
    return NULL;
  return (const Stamp *) frame->opaque_ref->data;
}

/* Stamps @frame, just decoded, with @when its packet was read. FALSE
 * when out of memory: the frame then has no arrival. */
gboolean
scd_frame_arrival_stamp (AVFrame *frame, gint64 when)
{
  Stamp stamp = { when, g_get_real_time () };

  av_buffer_unref (&frame->opaque_ref);
  frame->opaque_ref = av_buffer_alloc (sizeof (Stamp));
  if (frame->opaque_ref == NULL)
    return FALSE;
  memcpy (frame->opaque_ref->data, &stamp, sizeof (Stamp));
  return TRUE;
}

/* 0 when the frame was never stamped. */
gint64
scd_frame_arrival_get (const AVFrame *frame)
{
  const Stamp *stamp = stamp_of (frame);

  return stamp != NULL ? stamp->read : 0;
}

/* The real time @frame came out of the decoder; 0 when it was never
 * stamped. For the stage timings a debug log shows. */
gint64
scd_frame_arrival_decoded (const AVFrame *frame)
{
  const Stamp *stamp = stamp_of (frame);

  return stamp != NULL ? stamp->decoded : 0;
}
