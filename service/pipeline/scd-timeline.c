/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * All in microseconds. A file's timeline is its own timestamps less the
 * container's start time. A live session's timeline counts media time: a
 * new connection (a sender that reconnected) starts where the previous one
 * ended, whatever its own timestamps say, so timestamps never restart at
 * zero and never go backwards. Within a connection, a jump of more than
 * MAX_JUMP either way (an MPEG-TS discontinuity, a sender restarting its
 * clock, a wrap libavformat did not correct) is treated the same way: the
 * stream goes on from where it was.
 *
 * Packets of different streams interleave a little out of order, so a
 * jump is judged against the last timestamp seen, with room to spare.
 */
#include "scd-timeline.h"

#define MAX_JUMP (3 * G_USEC_PER_SEC)

void
scd_timeline_init_file (ScdTimeline *timeline, gint64 start_time)
{
  *timeline = (ScdTimeline){
    .follow_jumps = FALSE,
    .anchored = TRUE,
    .offset = -start_time,
    .last_in = start_time,
  };
}

void
scd_timeline_init_live (ScdTimeline *timeline)
{
  *timeline = (ScdTimeline){ .follow_jumps = TRUE };
}

/* A new connection's @start (its earliest timestamp over all streams, as
 * probed; SCD_TIMELINE_UNKNOWN if not known) goes where the timeline
 * ended. Anchoring on the earliest stream keeps audio that is interleaved
 * just before the first video packet from landing before the start. */
void
scd_timeline_new_connection (ScdTimeline *timeline, gint64 start)
{
  timeline->anchored = FALSE;
  if (start != SCD_TIMELINE_UNKNOWN)
    {
      timeline->offset = timeline->end - start;
      timeline->last_in = start;
      timeline->anchored = TRUE;
    }
}

static void
anchor (ScdTimeline *timeline, gint64 ts)
{
  timeline->offset = timeline->end - ts;
  timeline->anchored = TRUE;
}

/* Maps @ts (microseconds, the connection's clock) onto the timeline;
 * @duration (0 if unknown) extends the timeline's end past it. */
gint64
scd_timeline_map (ScdTimeline *timeline, gint64 ts, gint64 duration)
{
  gint64 mapped;

  if (!timeline->anchored)
    anchor (timeline, ts);
  else if (timeline->follow_jumps
           && (ts > timeline->last_in + MAX_JUMP || ts < timeline->last_in - MAX_JUMP))
    anchor (timeline, ts);

  timeline->last_in = ts;
  mapped = ts + timeline->offset;
  timeline->end = MAX (timeline->end, mapped + MAX (duration, 0));
  return mapped;
}

gint64
scd_timeline_get_end (const ScdTimeline *timeline)
{
  return timeline->end;
}
