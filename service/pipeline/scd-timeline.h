/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The session timeline: maps each connection's timestamps onto one clock
 * that runs on across reconnects and timestamp jumps.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean follow_jumps; /* live: re-anchor on a jump; files: trust the container */
  gboolean anchored;     /* the current connection has an offset */
  gint64 offset;         /* added to the connection's timestamps, in microseconds */
  gint64 last_in;        /* the last timestamp seen on this connection */
  gint64 end;            /* the end of what was mapped so far */
} ScdTimeline;

void scd_timeline_init_file (ScdTimeline *timeline, gint64 start_time);
void scd_timeline_init_live (ScdTimeline *timeline);
#define SCD_TIMELINE_UNKNOWN G_MININT64

void scd_timeline_new_connection (ScdTimeline *timeline, gint64 start);
gint64 scd_timeline_map (ScdTimeline *timeline, gint64 ts, gint64 duration);
gint64 scd_timeline_get_end (const ScdTimeline *timeline);

G_END_DECLS
