/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Audio chunks over D-Bus, default settings (30 s chunks, 16 kHz mono):
 * gapless to the sample, each WAV what its entry says, the index, ListChunks,
 * ChunkCount and the AudioChunk signals all the same entries, and together
 * exactly the decoded audio.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-service.h"
#include "scd-test-stream.h"

#define RATE 16000
#define CHANNELS 1
#define CHUNK_SAMPLES (30 * RATE)
/* Resamplers may differ from ffmpeg's by their flush: 0.5 ms. */
#define RESAMPLE_TOLERANCE 8

static guint64
reference_samples (const char *path)
{
  g_autoptr (GError) error = NULL;
  guint64 samples = scd_test_media_decoded_samples (path, RATE, CHANNELS, &error);

  g_assert_no_error (error);
  return samples;
}

/* How many chunks audio of @samples makes in 30 s chunks cut at 30 s: a
 * last piece under @min_samples joins the chunk before. */
static guint
expected_chunks (guint64 samples, guint64 min_samples)
{
  guint64 whole = samples / CHUNK_SAMPLES;
  guint64 rest = samples % CHUNK_SAMPLES;

  return (guint) (whole + (rest > 0 && (whole == 0 || rest >= min_samples)));
}

/* Every chunk but the last is exactly 30 s; the first starts at 0. */
static void
assert_chunk_lengths (ScdTestSession *session)
{
  for (guint i = 0; i + 1 < session->chunks->len; i++)
    {
      guint64 samples = 0;

      g_variant_lookup (g_ptr_array_index (session->chunks, i), "samples", "t", &samples);
      g_assert_cmpuint (samples, ==, CHUNK_SAMPLES);
    }
  if (session->chunks->len > 0)
    {
      double start = -1;

      g_variant_lookup (g_ptr_array_index (session->chunks, 0), "start", "d", &start);
      g_assert_cmpfloat_with_epsilon (start, 0.0, 0.5 / RATE);
    }
}

static void
assert_no_video (ScdTestSession *session)
{
  g_autofree char *decoder = scd_test_session_get_string (session, "VideoDecoder");
  g_autofree char *error_text = scd_test_session_get_string (session, "Error");

  g_assert_cmpstr (error_text, ==, "");
  g_assert_cmpuint (session->frames->len, ==, 0);
  scd_test_check_frames (session, 0, 0);
  g_assert_cmpstr (decoder, ==, "");
}

/* Runs @clip and checks that its chunks hold as many samples as ffmpeg
 * decodes from it, give or take the resampler's flush. */
static ScdTestSession *
run_as_long_as_ffmpeg (ScdTestService *service, const ScdTestClip *clip)
{
  guint64 expected = reference_samples (clip->path);
  ScdTestSession *session = scd_test_session_run_file (service, clip->path, NULL);
  guint64 total = scd_test_check_chunks (session, RATE, CHANNELS);

  g_test_message ("chunks: %" G_GUINT64_FORMAT " samples; ffmpeg: %" G_GUINT64_FORMAT, total,
                  expected);
  g_assert_cmpuint (total, >=, expected - RESAMPLE_TOLERANCE);
  g_assert_cmpuint (total, <=, expected + RESAMPLE_TOLERANCE);
  return session;
}

/* 16 kHz mono PCM in, 16 kHz mono out: the chunks hold exactly N samples. */
static void
test_pcm_exact (void)
{
  const ScdTestClip *clip = scd_test_media_wav_16k_mono ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  guint64 total;

  if (clip == NULL)
    return;
  g_assert_cmpuint (reference_samples (clip->path), ==, clip->audio_samples);
  service = scd_test_service_start ();
  /* The tone pauses 0.3 s every second, so chunks would end in a pause
   * before 30 s; a shortest length equal to the target keeps them 30 s. */
  session = scd_test_session_run_file (service, clip->path,
                                       g_variant_new_parsed ("{'audio-chunk-min': <30.0>}"));

  total = scd_test_check_chunks (session, RATE, CHANNELS);
  g_assert_cmpuint (total, ==, clip->audio_samples);
  /* 65 s: 30 s, then 35 s, since the last 5 s are shorter than the
   * shortest chunk and join the one before. */
  g_assert_cmpuint (session->chunks->len, ==, expected_chunks (clip->audio_samples, CHUNK_SAMPLES));
  assert_chunk_lengths (session);
  assert_no_video (session);
}

/* 48 kHz stereo FLAC: resampled and downmixed, as long as ffmpeg's output. */
static void
test_flac_resampled (void)
{
  const ScdTestClip *clip = scd_test_media_flac_48k_stereo ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;

  if (clip == NULL)
    return;
  g_test_message ("source: %" G_GUINT64_FORMAT " samples at 48 kHz", clip->audio_samples);
  service = scd_test_service_start ();
  session = run_as_long_as_ffmpeg (service, clip);
  assert_chunk_lengths (session);
  assert_no_video (session);
}

/* AAC in MP4 next to video: the chunks hold what the decoder gives. */
static void
test_aac_with_video (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;

  if (clip == NULL)
    return;
  service = scd_test_service_start ();
  session = run_as_long_as_ffmpeg (service, clip);
  g_assert_cmpuint (session->chunks->len, ==, 1);
}

/* 4 s of a 16 kHz tone whose timestamps jump @jump seconds ahead at 2 s,
 * or every 0.5 s when @repeat. */
static char *
make_jumping_audio (double jump, gboolean repeat)
{
  g_autofree char *name = g_strdup_printf ("jump-%.0f%s.mkv", jump, repeat ? "-repeated" : "");
  g_autofree char *filter = repeat
                                ? g_strdup_printf ("asetpts='PTS+floor(T/0.5)*%.0f/TB'", jump)
                                : g_strdup_printf ("asetpts='if(gte(T,2),PTS+%.0f/TB,PTS)'", jump);
  char *path = g_build_filename (scd_test_media_dir (), name, NULL);
  const char *argv[] = { "ffmpeg",    "-nostdin", "-loglevel",
                         "error",     "-y",       "-f",
                         "lavfi",     "-i",       "sine=f=440:d=4:r=16000",
                         "-af",       filter,     "-c:a",
                         "pcm_s16le", path,       NULL };
  g_autoptr (GError) error = NULL;

  g_assert_true (scd_test_media_run (argv, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static double
chunk_double (ScdTestSession *session, guint i, const char *key)
{
  double value = 0.0;

  g_variant_lookup (g_ptr_array_index (session->chunks, i), key, "d", &value);
  return value;
}

/* Audio whose timestamps jump an hour ahead (a 130 KB file once wrote
 * 115 MB of silence): the chunk ends at the jump and the next starts after
 * it, saying how much was skipped; only the 4 s of audio are written. A
 * jump of 5 s is still filled with silence, gapless. Jumps of 50 s every
 * 0.5 s are filled only while the silence stays within a minute of the
 * audio received. */
static void
test_timestamp_jump (void)
{
  g_autoptr (ScdTestService) service = NULL;
  g_autofree char *hour = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *repeated = NULL;

  if (!scd_test_media_require_ffmpeg ())
    return;
  hour = make_jumping_audio (3600, FALSE);
  seconds = make_jumping_audio (5, FALSE);
  repeated = make_jumping_audio (50, TRUE);
  service = scd_test_service_start ();
  {
    g_autoptr (ScdTestSession) session = scd_test_session_run_file (service, hour, NULL);
    guint64 total = scd_test_check_chunks (session, RATE, CHANNELS);

    g_test_message ("an hour's jump: %u chunks, %" G_GUINT64_FORMAT " samples",
                    session->chunks->len, total);
    g_assert_cmpuint (session->chunks->len, ==, 2);
    g_assert_cmpuint (total, <=, 4 * RATE + RESAMPLE_TOLERANCE);
    g_assert_cmpfloat (fabs (chunk_double (session, 0, "duration") - 2.0), <, 0.1);
    g_assert_cmpfloat (fabs (chunk_double (session, 1, "gap") - 3600.0), <, 0.1);
    g_assert_cmpfloat (fabs (chunk_double (session, 1, "start") - 3602.0), <, 0.1);
    g_assert_cmpfloat (chunk_double (session, 0, "gap"), ==, 0.0);
  }
  {
    g_autoptr (ScdTestSession) session = scd_test_session_run_file (service, seconds, NULL);
    guint64 total = scd_test_check_chunks (session, RATE, CHANNELS);

    g_test_message ("a 5 s jump: %u chunks, %" G_GUINT64_FORMAT " samples", session->chunks->len,
                    total);
    g_assert_cmpuint (session->chunks->len, ==, 1);
    g_assert_cmpuint (total, >=, 9 * RATE - RESAMPLE_TOLERANCE);
  }
  {
    g_autoptr (ScdTestSession) session = scd_test_session_run_file (service, repeated, NULL);
    guint64 total = scd_test_check_chunks (session, RATE, CHANNELS);

    g_test_message ("50 s jumps every 0.5 s: %u chunks, %" G_GUINT64_FORMAT " samples",
                    session->chunks->len, total);
    g_assert_cmpuint (total, >=, 4 * RATE - RESAMPLE_TOLERANCE);
    g_assert_cmpuint (total, <=, 64 * RATE + RESAMPLE_TOLERANCE);
    g_assert_cmpfloat (chunk_double (session, session->chunks->len - 1, "gap"), >, 40.0);
  }
}

/* A 32-channel track (a recorder's, or a hostile file's) once failed the
 * whole session, video included: it is mixed down, and its tone is in
 * the chunks. */
static void
test_many_channels (void)
{
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GString) graph = g_string_new ("[1]aformat=channel_layouts=mono,asplit=32");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) peaks = NULL;
  g_autofree char *error_text = NULL;
  guint8 loudest = 0;

  if (!scd_test_media_require_ffmpeg ())
    return;
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (graph, "[a%u]", i);
  g_string_append (graph, ";");
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (graph, "[a%u]", i);
  g_string_append (graph, "amerge=inputs=32[a]");
  path = g_build_filename (scd_test_media_dir (), "32-channels.mkv", NULL);
  {
    const char *argv[] = { "ffmpeg",
                           "-nostdin",
                           "-loglevel",
                           "error",
                           "-y",
                           "-f",
                           "lavfi",
                           "-i",
                           "testsrc2=s=160x120:r=10:d=3",
                           "-f",
                           "lavfi",
                           "-i",
                           "sine=r=16000:d=3",
                           "-filter_complex",
                           graph->str,
                           "-map",
                           "0:v",
                           "-map",
                           "[a]",
                           "-c:v",
                           "mjpeg",
                           "-c:a",
                           "pcm_s16le",
                           path,
                           NULL };

    g_assert_true (scd_test_media_run (argv, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, path, NULL);
  error_text = scd_test_session_get_string (session, "Error");
  g_assert_cmpstr (error_text, ==, "");
  g_assert_cmpuint (session->frames->len, >=, 1);
  g_assert_cmpuint (scd_test_check_chunks (session, RATE, CHANNELS), >=,
                    3 * RATE - RESAMPLE_TOLERANCE);
  peaks = g_variant_lookup_value (g_ptr_array_index (session->chunks, 0), "peaks",
                                  G_VARIANT_TYPE_BYTESTRING);
  for (gsize i = 0; i < g_variant_n_children (peaks); i++)
    {
      guint8 peak;

      g_variant_get_child (peaks, i, "y", &peak);
      loudest = MAX (loudest, peak);
    }
  g_test_message ("loudest peak: %u of 255", loudest);
  g_assert_cmpuint (loudest, >, 20);
}

static const char *
chunk_string (ScdTestSession *session, guint i, const char *key)
{
  const char *value = NULL;

  g_variant_lookup (g_ptr_array_index (session->chunks, i), key, "&s", &value);
  g_assert_nonnull (value);
  return value;
}

static gboolean
chunk_boolean (ScdTestSession *session, guint i, const char *key)
{
  gboolean value = FALSE;

  g_assert_true (g_variant_lookup (g_ptr_array_index (session->chunks, i), key, "b", &value));
  return value;
}

/* The samples of a 16-bit PCM WAV file's data chunk. */
static GBytes *
read_pcm (const char *path)
{
  GByteArray *samples = g_byte_array_new ();

  scd_test_wav_append_data (path, samples);
  return g_byte_array_free_to_bytes (samples);
}

/* A 16 kHz mono WAV made by ffmpeg from @expression, @seconds long. */
static char *
make_clip (const char *name, const char *expression, double seconds)
{
  g_autofree char *source = g_strdup_printf ("aevalsrc='%s':s=16000:d=%g", expression, seconds);
  char *path = g_build_filename (scd_test_media_dir (), name, NULL);
  const char *argv[] = { "ffmpeg", "-nostdin", "-loglevel", "error", "-y",        "-f",
                         "lavfi",  "-i",       source,      "-c:a",  "pcm_s16le", "-ar",
                         "16000",  "-ac",      "1",         path,    NULL };
  g_autoptr (GError) error = NULL;

  g_assert_true (scd_test_media_run (argv, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* The chunks, one after the other, are the clip's samples, byte for byte;
 * a chunk cut at a pause is cut in 100 ms of silence (the source is all
 * zeros 50 ms either side of the cut), one cut at the longest is exactly
 * @max_samples long. Returns the chunks' boundaries, comma-separated. */
static char *
check_cuts (ScdTestSession *session, const char *clip, guint64 max_samples)
{
  g_autoptr (GBytes) source = read_pcm (clip);
  const gint16 *expected = g_bytes_get_data (source, NULL);
  guint64 total = g_bytes_get_size (source) / sizeof (gint16);
  g_autoptr (GString) boundaries = g_string_new (NULL);
  guint64 at = 0;

  g_assert_cmpuint (scd_test_check_chunks (session, RATE, CHANNELS), ==, total);
  for (guint i = 0; i < session->chunks->len; i++)
    {
      g_autoptr (GBytes) pcm = NULL;
      const char *path = chunk_string (session, i, "path");
      const char *boundary = chunk_string (session, i, "boundary");
      gsize n;

      pcm = read_pcm (path);
      n = g_bytes_get_size (pcm) / sizeof (gint16);
      g_assert_cmpuint (at + n, <=, total);
      g_assert_true (memcmp (g_bytes_get_data (pcm, NULL), expected + at, n * sizeof (gint16))
                     == 0);
      at += n;
      g_test_message ("chunk %u: %.2f s, ends %.2f s (%s), speech %.2f, silent %d, level %.1f / "
                      "%.1f dBFS",
                      i, (double) n / RATE, (double) at / RATE, boundary,
                      chunk_double (session, i, "speech"), chunk_boolean (session, i, "silent"),
                      chunk_double (session, i, "level-peak"),
                      chunk_double (session, i, "level-mean"));
      if (g_str_equal (boundary, "pause"))
        for (guint64 k = at - RATE / 20; k < at + RATE / 20; k++)
          g_assert_cmpint (expected[k], ==, 0);
      else if (g_str_equal (boundary, "max"))
        g_assert_cmpuint (n, ==, max_samples);
      else
        g_assert_cmpstr (boundary, ==, "end");
      g_string_append_printf (boundaries, "%s%s", i > 0 ? "," : "", boundary);
    }
  g_assert_cmpuint (at, ==, total);
  return g_string_free (g_steal_pointer (&boundaries), FALSE);
}

/* Tone bursts, 7.5 s on, 1.5 s off, for 30 s; 20 s of silence; 28 s of
 * tone; 10 s chunks (6.7 to 10 s). Each of the first chunks ends in a
 * pause, the silent one is "silent", the tone's chunks end at the longest
 * with speech 1, and the last 1.15 s join the chunk before. */
static void
test_pauses (void)
{
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *boundaries = NULL;
  guint last;

  if (!scd_test_media_require_ffmpeg ())
    return;
  path = make_clip ("pauses.wav", "0.5*sin(2*PI*440*t)*(lt(t,30)*lt(mod(t,9),7.5)+gte(t,50))",
                    78.0);
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, path,
                                       g_variant_new_parsed ("{'audio-chunk-seconds': <10.0>}"));
  boundaries = check_cuts (session, path, 10 * RATE);
  g_assert_cmpstr (boundaries, ==, "pause,pause,pause,pause,pause,max,max,end");

  /* The first cut is in the first pause (7.5 to 9 s), the nearest to the
   * target: the centre of its last window, 8.9 to 9 s. */
  g_assert_cmpfloat_with_epsilon (chunk_double (session, 0, "duration"), 8.95, 1e-9);
  /* 75 windows of tone of 90 (the last one half). */
  g_assert_cmpfloat_with_epsilon (chunk_double (session, 0, "speech"), 75.0 / 90.0, 1e-9);
  g_assert_false (chunk_boolean (session, 0, "silent"));
  /* A 0.5 full scale sine: peak -6 dBFS; mean square 1/8 of full scale
   * squared, -9 dBFS, over 7.5 of 8.9 s. */
  g_assert_cmpfloat (fabs (chunk_double (session, 0, "level-peak") + 6.02), <, 0.05);
  g_assert_cmpfloat (
      fabs (chunk_double (session, 0, "level-mean") - (-9.03 + 10.0 * log10 (7.5 / 8.95))), <,
      0.05);

  /* 36.9 to 46.85 s: all silence, cut near its end, by the target. */
  g_assert_true (chunk_boolean (session, 4, "silent"));
  g_assert_cmpfloat (chunk_double (session, 4, "speech"), ==, 0.0);
  g_assert_cmpfloat (chunk_double (session, 4, "level-peak"), ==, -100.0);
  g_assert_cmpfloat (chunk_double (session, 4, "level-mean"), ==, -100.0);

  /* All tone: speech throughout, although the chunk never pauses. */
  g_assert_cmpfloat (chunk_double (session, 6, "speech"), ==, 1.0);
  g_assert_false (chunk_boolean (session, 6, "silent"));

  /* 10 s and the 1.15 s that were left. */
  last = session->chunks->len - 1;
  g_assert_cmpfloat (chunk_double (session, last, "duration"), >, 11.0);
  g_assert_cmpfloat (chunk_double (session, last, "speech"), ==, 1.0);
}

/* A continuous tone of 23 s in 5 s chunks (3.3 to 5 s): no pause, so every
 * chunk is 5 s, and the last 3 s (under 3.3 s) join the fourth. */
static void
test_no_pause (void)
{
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *boundaries = NULL;

  if (!scd_test_media_require_ffmpeg ())
    return;
  path = make_clip ("no-pause.wav", "0.3*sin(2*PI*1000*t)", 23.0);
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, path,
                                       g_variant_new_parsed ("{'audio-chunk-seconds': <5.0>}"));
  boundaries = check_cuts (session, path, 5 * RATE);
  g_assert_cmpstr (boundaries, ==, "max,max,max,end");
  g_assert_cmpfloat (chunk_double (session, 3, "duration"), ==, 8.0);
  for (guint i = 0; i < session->chunks->len; i++)
    {
      g_assert_cmpfloat (chunk_double (session, i, "speech"), ==, 1.0);
      g_assert_false (chunk_boolean (session, i, "silent"));
    }
}

/* The chunk range as given: 4 to 12 s around 10 s. The bursts' pauses
 * (7.5 to 9 s, every 9 s) are in range, so every cut but the last is in
 * one; 2 s of tone are left at the end and join the last chunk. */
static void
test_range_options (void)
{
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *boundaries = NULL;

  if (!scd_test_media_require_ffmpeg ())
    return;
  path = make_clip ("bursts.wav", "0.5*sin(2*PI*440*t)*lt(mod(t,9),7.5)", 38.0);
  service = scd_test_service_start ();
  session = scd_test_session_run_file (
      service, path,
      g_variant_new_parsed ("{'audio-chunk-seconds': <10.0>, 'audio-chunk-min': <4.0>, "
                            "'audio-chunk-max': <12.0>}"));
  boundaries = check_cuts (session, path, 12 * RATE);
  g_assert_cmpstr (boundaries, ==, "pause,pause,pause,end");
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/audio/pcm-16k-mono-exact", test_pcm_exact);
  g_test_add_func ("/audio/flac-48k-stereo-resampled", test_flac_resampled);
  g_test_add_func ("/audio/aac-with-video", test_aac_with_video);
  g_test_add_func ("/audio/timestamp-jump", test_timestamp_jump);
  g_test_add_func ("/audio/many-channels", test_many_channels);
  g_test_add_func ("/audio/pauses", test_pauses);
  g_test_add_func ("/audio/no-pause", test_no_pause);
  g_test_add_func ("/audio/range-options", test_range_options);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
