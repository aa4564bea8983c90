/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Chunk arithmetic: whole samples, no gaps, no overlaps, exact totals.
 */
#include "scd-audio-chunker.h"

typedef struct
{
  guint64 start;
  guint64 length;
} Chunk;

/* Pushes @total samples in runs of @run, returning the chunks made. */
static GArray *
cut (guint rate, double seconds, guint64 total, guint64 run)
{
  ScdAudioChunker chunker;
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  guint64 left = total;

  scd_audio_chunker_init (&chunker, rate, seconds);
  while (left > 0)
    {
      guint64 n = MIN (run, left);

      while (n > 0)
        {
          guint64 take = MIN (n, scd_audio_chunker_room (&chunker));

          if (scd_audio_chunker_add (&chunker, take))
            {
              Chunk c = { chunker.start, chunker.filled };
              g_array_append_val (chunks, c);
              scd_audio_chunker_next (&chunker);
            }
          n -= take;
          left -= take;
        }
    }
  if (scd_audio_chunker_finish (&chunker))
    {
      Chunk c = { chunker.start, chunker.filled };
      g_array_append_val (chunks, c);
      scd_audio_chunker_next (&chunker);
    }
  return chunks;
}

static void
assert_gapless (GArray *chunks, guint64 total)
{
  guint64 expected_start = 0;

  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *c = &g_array_index (chunks, Chunk, i);

      g_assert_cmpuint (c->start, ==, expected_start);
      g_assert_cmpuint (c->length, >, 0);
      expected_start += c->length;
    }
  g_assert_cmpuint (expected_start, ==, total);
}

static void
test_exact_multiple (void)
{
  g_autoptr (GArray) chunks = cut (16000, 30.0, 16000 * 90, 1024);

  g_assert_cmpuint (chunks->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (g_array_index (chunks, Chunk, i).length, ==, 480000);
  assert_gapless (chunks, 16000 * 90);
}

static void
test_last_shorter (void)
{
  g_autoptr (GArray) chunks = cut (16000, 30.0, 16000 * 70 + 123, 1000);

  g_assert_cmpuint (chunks->len, ==, 3);
  g_assert_cmpuint (g_array_index (chunks, Chunk, 2).length, ==, 16000 * 10 + 123);
  assert_gapless (chunks, 16000 * 70 + 123);
}

static void
test_odd_lengths (void)
{
  /* A chunk length that is not a whole number of samples rounds once;
   * every chunk has the same length and the starts never drift. */
  g_autoptr (GArray) chunks = cut (44100, 0.3333333, 44100 * 10, 4096);
  guint64 len = g_array_index (chunks, Chunk, 0).length;

  g_assert_cmpuint (len, ==, 14700);
  for (guint i = 0; i + 1 < chunks->len; i++)
    g_assert_cmpuint (g_array_index (chunks, Chunk, i).start, ==, (guint64) i * len);
  assert_gapless (chunks, 44100 * 10);
}

static void
test_run_sizes_do_not_matter (void)
{
  guint64 runs[] = { 1, 7, 160, 1600, 99999, 1000000 };

  for (gsize r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      g_autoptr (GArray) chunks = cut (16000, 2.5, 123457, runs[r]);

      g_assert_cmpuint (chunks->len, ==, 4);
      assert_gapless (chunks, 123457);
    }
}

static void
test_change_length_between_chunks (void)
{
  ScdAudioChunker chunker;

  scd_audio_chunker_init (&chunker, 16000, 1.0);
  g_assert_cmpuint (scd_audio_chunker_room (&chunker), ==, 16000);
  scd_audio_chunker_add (&chunker, 8000);
  /* A new length applies from the next chunk, not to the open one. */
  scd_audio_chunker_set_chunk_seconds (&chunker, 2.0);
  g_assert_cmpuint (scd_audio_chunker_room (&chunker), ==, 8000);
  g_assert_true (scd_audio_chunker_add (&chunker, 8000));
  scd_audio_chunker_next (&chunker);
  g_assert_cmpuint (chunker.start, ==, 16000);
  g_assert_cmpuint (chunker.index, ==, 1);
  g_assert_cmpuint (scd_audio_chunker_room (&chunker), ==, 32000);
}

static void
test_nothing (void)
{
  ScdAudioChunker chunker;

  scd_audio_chunker_init (&chunker, 16000, 30.0);
  g_assert_false (scd_audio_chunker_finish (&chunker));
}

static void
test_seconds (void)
{
  g_assert_cmpuint (scd_audio_chunker_seconds_to_samples (16000, 30.0), ==, 480000);
  g_assert_cmpuint (scd_audio_chunker_seconds_to_samples (16000, 0.00001), ==, 1);
  g_assert_cmpfloat (scd_audio_chunker_samples_to_seconds (16000, 8000), ==, 0.5);
}

static void
test_range (void)
{
  ScdAudioChunker chunker;

  /* 2 to 3 s around 3 s at 1 kHz: 2000 straight, then 1000 held. */
  scd_audio_chunker_init (&chunker, 1000, 3.0);
  scd_audio_chunker_set_range (&chunker, 2.0, 3.0, 3.0);
  g_assert_cmpuint (scd_audio_chunker_room (&chunker), ==, 2000);
  g_assert_false (scd_audio_chunker_holding (&chunker));
  g_assert_false (scd_audio_chunker_add (&chunker, 1500));
  g_assert_cmpuint (scd_audio_chunker_room (&chunker), ==, 500);
  g_assert_false (scd_audio_chunker_add (&chunker, 500));
  g_assert_true (scd_audio_chunker_holding (&chunker));
  g_assert_cmpuint (scd_audio_chunker_room (&chunker), ==, 1000);
  g_assert_true (scd_audio_chunker_add (&chunker, 1000));

  /* Cut at 2.45 s: 550 samples start the next chunk, right after it. */
  g_assert_cmpuint (scd_audio_chunker_cut (&chunker, 2450), ==, 550);
  g_assert_cmpuint (chunker.filled, ==, 2450);
  scd_audio_chunker_next (&chunker);
  g_assert_cmpuint (chunker.start, ==, 2450);
  g_assert_cmpuint (chunker.index, ==, 1);

  /* A short last piece joins the chunk before: the next keeps index 1. */
  g_assert_false (scd_audio_chunker_add (&chunker, MIN (700, scd_audio_chunker_room (&chunker))));
  scd_audio_chunker_join (&chunker);
  g_assert_cmpuint (chunker.start, ==, 3150);
  g_assert_cmpuint (chunker.index, ==, 1);
  g_assert_false (chunker.open);
}

static void
test_range_bounds (void)
{
  ScdAudioChunker chunker;
  double min, max;

  /* min and max stay on either side of the target. */
  scd_audio_chunker_init (&chunker, 1000, 3.0);
  scd_audio_chunker_set_range (&chunker, 5.0, 3.0, 2.0);
  g_assert_cmpuint (chunker.min_length, ==, 3000);
  g_assert_cmpuint (chunker.max_length, ==, 3000);

  /* No more than SCD_AUDIO_CHUNKER_HOLD_MAX held: 1 to 600 s searches
   * 540 to 600 s. */
  scd_audio_chunker_set_range (&chunker, 1.0, 600.0, 600.0);
  g_assert_cmpuint (chunker.min_length, ==, 540000);
  g_assert_cmpuint (chunker.max_length, ==, 600000);

  /* Ratios follow a new target: 2/3 and 1 of 30 s, then of 6 s. */
  scd_audio_chunker_scale_range (6.0, 2.0 / 3.0, 1.0, &min, &max);
  g_assert_cmpfloat_with_epsilon (min, 4.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (max, 6.0, 1e-12);
  /* 20 to 40 around 30, then a 90 s target: 60 to 120. */
  scd_audio_chunker_scale_range (90.0, 20.0 / 30.0, 40.0 / 30.0, &min, &max);
  g_assert_cmpfloat_with_epsilon (min, 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (max, 120.0, 1e-9);
  /* Never under 1 s, never over 3600 s. */
  scd_audio_chunker_scale_range (2.0, 0.1, 10.0, &min, &max);
  g_assert_cmpfloat (min, ==, 1.0);
  scd_audio_chunker_scale_range (3000.0, 1.0, 2.0, &min, &max);
  g_assert_cmpfloat (max, ==, 3600.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audio-chunker/exact-multiple", test_exact_multiple);
  g_test_add_func ("/audio-chunker/last-shorter", test_last_shorter);
  g_test_add_func ("/audio-chunker/odd-lengths", test_odd_lengths);
  g_test_add_func ("/audio-chunker/run-sizes", test_run_sizes_do_not_matter);
  g_test_add_func ("/audio-chunker/change-length", test_change_length_between_chunks);
  g_test_add_func ("/audio-chunker/nothing", test_nothing);
  g_test_add_func ("/audio-chunker/seconds", test_seconds);
  g_test_add_func ("/audio-chunker/range", test_range);
  g_test_add_func ("/audio-chunker/range-bounds", test_range_bounds);
  return g_test_run ();
}
