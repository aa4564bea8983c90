/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Output slot k stands for timeline time origin + k / fps. A frame goes
 * to the slot nearest its timestamp; the first frame to reach a slot
 * fills it at once (a live reader gets it without waiting for the next
 * frame), later ones for the same slot are skipped, and slots a frame
 * jumped over are filled with the frame before it.
 *
 * A jump of more than MAX_GAP_SECONDS (a sender that paused, a timeline
 * discontinuity) is not filled: the rate starts again from that frame.
 */
#include "config.h"

#include <math.h>

#include "scd-constant-rate.h"

#define MAX_GAP_SECONDS 10.0

void
scd_constant_rate_init (ScdConstantRate *rate, double fps)
{
  *rate = (ScdConstantRate){ .fps = fps };
}

guint
scd_constant_rate_place (ScdConstantRate *rate, double timestamp, gboolean *take)
{
  gint64 slot, repeats;

  if (!rate->started)
    {
      rate->started = TRUE;
      rate->origin = timestamp;
      rate->next = 0;
    }
  slot = (gint64) floor ((timestamp - rate->origin) * rate->fps + 0.5);
  if (slot < rate->next)
    {
      *take = FALSE;
      return 0;
    }
  repeats = slot - rate->next;
  if (repeats > (gint64) (MAX_GAP_SECONDS * rate->fps))
    {
      rate->origin = timestamp - (double) rate->next / rate->fps;
      slot = rate->next;
      repeats = 0;
    }
  rate->next = slot + 1;
  *take = TRUE;
  return (guint) repeats;
}
