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
  return g_test_run ();
}
