/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One timeline across reconnects and timestamp jumps.
 */
#include "scd-timeline.h"

#define S ((gint64) G_USEC_PER_SEC)
#define FRAME (S / 25)

static void
test_file (void)
{
  ScdTimeline tl;

  scd_timeline_init_file (&tl, 1400000);
  g_assert_cmpint (scd_timeline_map (&tl, 1400000, FRAME), ==, 0);
  g_assert_cmpint (scd_timeline_map (&tl, 2400000, FRAME), ==, S);
  /* A file's container is trusted: a jump stays a jump. */
  g_assert_cmpint (scd_timeline_map (&tl, 60 * S, FRAME), ==, 60 * S - 1400000);
}

static void
test_reconnect_continues (void)
{
  ScdTimeline tl;
  gint64 last = 0;

  scd_timeline_init_live (&tl);
  scd_timeline_new_connection (&tl, SCD_TIMELINE_UNKNOWN);
  /* The first sender's clock starts at 10 s: the timeline at 0. */
  for (int i = 0; i < 50; i++)
    last = scd_timeline_map (&tl, 10 * S + i * FRAME, FRAME);
  g_assert_cmpint (last, ==, 49 * FRAME);
  g_assert_cmpint (scd_timeline_get_end (&tl), ==, 50 * FRAME);

  /* The second sender starts its clock at 0 again: it goes on at 2 s. */
  scd_timeline_new_connection (&tl, SCD_TIMELINE_UNKNOWN);
  g_assert_cmpint (scd_timeline_map (&tl, 0, FRAME), ==, 50 * FRAME);
  g_assert_cmpint (scd_timeline_map (&tl, FRAME, FRAME), ==, 51 * FRAME);
}

static void
test_jump_within_connection (void)
{
  ScdTimeline tl;

  scd_timeline_init_live (&tl);
  scd_timeline_new_connection (&tl, SCD_TIMELINE_UNKNOWN);
  g_assert_cmpint (scd_timeline_map (&tl, 5 * S, FRAME), ==, 0);
  g_assert_cmpint (scd_timeline_map (&tl, 5 * S + FRAME, FRAME), ==, FRAME);
  /* Backwards by hours (a 33-bit wrap), then forwards by hours. */
  g_assert_cmpint (scd_timeline_map (&tl, 100, FRAME), ==, 2 * FRAME);
  g_assert_cmpint (scd_timeline_map (&tl, 100 + FRAME, FRAME), ==, 3 * FRAME);
  g_assert_cmpint (scd_timeline_map (&tl, 7200 * S, FRAME), ==, 4 * FRAME);
}

static void
test_interleave_is_not_a_jump (void)
{
  ScdTimeline tl;

  scd_timeline_init_live (&tl);
  scd_timeline_new_connection (&tl, SCD_TIMELINE_UNKNOWN);
  g_assert_cmpint (scd_timeline_map (&tl, 10 * S, FRAME), ==, 0);
  /* Audio a second behind the video it is interleaved with. */
  g_assert_cmpint (scd_timeline_map (&tl, 9 * S, 0), ==, -S);
  g_assert_cmpint (scd_timeline_map (&tl, 10 * S + FRAME, FRAME), ==, FRAME);
}

static void
test_anchor_on_earliest_stream (void)
{
  ScdTimeline tl;

  scd_timeline_init_live (&tl);
  scd_timeline_new_connection (&tl, 10 * S);
  /* Video first, then audio that starts before it: neither is negative. */
  g_assert_cmpint (scd_timeline_map (&tl, 10 * S + 40000, FRAME), ==, 40000);
  g_assert_cmpint (scd_timeline_map (&tl, 10 * S, 21333), ==, 0);
  /* The next connection starts where this one ended. */
  scd_timeline_new_connection (&tl, 3 * S);
  g_assert_cmpint (scd_timeline_map (&tl, 3 * S, FRAME), ==, 40000 + FRAME);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timeline/file", test_file);
  g_test_add_func ("/timeline/reconnect", test_reconnect_continues);
  g_test_add_func ("/timeline/jump", test_jump_within_connection);
  g_test_add_func ("/timeline/interleave", test_interleave_is_not_a_jump);
  g_test_add_func ("/timeline/anchor-on-earliest", test_anchor_on_earliest_stream);
  return g_test_run ();
}
