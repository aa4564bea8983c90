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

/* Speech clips: sentences spoken by espeak-ng, each trimmed to its speech
 * (where its amplitude rises above SPEECH_THRESHOLD) and joined with
 * silences (digital zeros) and tones of known lengths, so the test knows
 * where every sentence, pause and tone is to the sample. */

typedef enum
{
  PIECE_SPEECH,
  PIECE_SILENCE,
  PIECE_TONE,
} PieceKind;

typedef struct
{
  PieceKind kind;
  const char *text;   /* PIECE_SPEECH */
  double seconds;     /* PIECE_SILENCE and PIECE_TONE */
  guint64 start, end; /* samples, filled in by make_speech_clip() */
} Piece;

/* About -50 dBFS: espeak's own pauses are zeros, its words far louder. */
#define SPEECH_THRESHOLD 100
/* The envelope that tells words apart: 10 ms windows. */
#define WORD_WINDOW (RATE / 100)

/* @text spoken at 16 kHz mono, without the silence espeak-ng leaves at
 * either end. */
static void
append_sentence (GArray *samples, const char *text, guint index)
{
  g_autofree char *name = g_strdup_printf ("sentence-%u.wav", index);
  /* Two speeds, so that the clip is not one voice at one pace. */
  const char *speed = index % 2 ? "150" : "175";
  g_autofree char *spoken = scd_test_media_speak (text, speed, name);
  g_autofree char *pcm_name = g_strdup_printf ("sentence-%u-16k.wav", index);
  g_autofree char *pcm_path = g_build_filename (scd_test_media_dir (), pcm_name, NULL);
  const char *convert[] = { "ffmpeg", "-nostdin", "-loglevel", "error",  "-y",
                            "-i",     spoken,     "-ar",       "16000",  "-ac",
                            "1",      "-c:a",     "pcm_s16le", pcm_path, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pcm = NULL;
  const gint16 *data;
  gsize n, first = 0, end;

  g_assert_true (scd_test_media_run (convert, NULL, NULL, &error));
  g_assert_no_error (error);
  pcm = read_pcm (pcm_path);
  data = g_bytes_get_data (pcm, &n);
  n /= sizeof (gint16);
  end = n;
  while (first < n && ABS (data[first]) <= SPEECH_THRESHOLD)
    first++;
  while (end > first && ABS (data[end - 1]) <= SPEECH_THRESHOLD)
    end--;
  g_assert_cmpuint (end - first, >, RATE / 2);
  g_array_append_vals (samples, data + first, end - first);
}

/* The pieces one after the other, as a 16 kHz mono WAV; fills in each
 * piece's start and end. */
static char *
make_speech_clip (const char *name, Piece *pieces, guint n_pieces)
{
  g_autoptr (GArray) samples = g_array_new (FALSE, TRUE, sizeof (gint16));
  g_autofree char *raw = g_strdup_printf ("%s/%s.raw", scd_test_media_dir (), name);
  char *path = g_build_filename (scd_test_media_dir (), name, NULL);
  const char *wrap[] = { "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f",
                         "s16le",  "-ar",      "16000",     "-ac",   "1",  "-i",
                         raw,      "-c:a",     "pcm_s16le", path,    NULL };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < n_pieces; i++)
    {
      Piece *piece = &pieces[i];
      guint64 n = (guint64) (piece->seconds * RATE + 0.5);

      piece->start = samples->len;
      if (piece->kind == PIECE_SPEECH)
        append_sentence (samples, piece->text, i);
      else if (piece->kind == PIECE_SILENCE)
        g_array_set_size (samples, samples->len + n);
      else
        for (guint64 k = 0; k < n; k++)
          {
            gint16 v = (gint16) (0.3 * 32767 * sin (2 * G_PI * 440 * k / RATE));

            g_array_append_val (samples, v);
          }
      piece->end = samples->len;
    }
  g_assert_true (g_file_set_contents (raw, samples->data, samples->len * sizeof (gint16), &error));
  g_assert_no_error (error);
  g_assert_true (scd_test_media_run (wrap, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* The piece that holds sample @at. */
static const Piece *
piece_at (const Piece *pieces, guint n_pieces, guint64 at)
{
  for (guint i = 0; i < n_pieces; i++)
    if (at >= pieces[i].start && at < pieces[i].end)
      return &pieces[i];
  return NULL;
}

/* Whether a cut before sample @at splits a word: inside a sentence, with
 * sound (a sample above the threshold) in the 10 ms either side of it. A
 * gap between two words is 30 ms or more, so a cut in one is not in a
 * word. */
static gboolean
in_word (const gint16 *source, const Piece *pieces, guint n_pieces, guint64 at)
{
  const Piece *piece = piece_at (pieces, n_pieces, at);
  gboolean before = FALSE, after = FALSE;

  if (piece == NULL || piece->kind != PIECE_SPEECH)
    return FALSE;
  for (guint64 k = MAX (at, piece->start + WORD_WINDOW) - WORD_WINDOW; k < at; k++)
    before |= ABS (source[k]) > SPEECH_THRESHOLD;
  for (guint64 k = at; k < MIN (at + WORD_WINDOW, piece->end); k++)
    after |= ABS (source[k]) > SPEECH_THRESHOLD;
  return before && after;
}

/* The longest stretch of silence piece inside [@from, @to), in samples. */
static guint64
silence_in (const Piece *pieces, guint n_pieces, guint64 from, guint64 to)
{
  guint64 longest = 0;

  for (guint i = 0; i < n_pieces; i++)
    if (pieces[i].kind == PIECE_SILENCE)
      {
        guint64 a = MAX (from, pieces[i].start), b = MIN (to, pieces[i].end);

        if (b > a)
          longest = MAX (longest, b - a);
      }
  return longest;
}

/* The chunks of a speech clip: gapless and the clip's samples byte for
 * byte (check_cuts()); no cut splits a word; where the chunk's range
 * (@min_samples to @max_samples from its start) holds a silence of at
 * least two 100 ms windows, the cut is a pause and in a silence; a cut at
 * the longest is where nothing in range was a pause. Returns the
 * boundaries, comma-separated. */
static char *
check_speech_cuts (ScdTestSession *session,
                   const char *clip,
                   const Piece *pieces,
                   guint n_pieces,
                   guint64 min_samples,
                   guint64 max_samples)
{
  g_autoptr (GBytes) source = read_pcm (clip);
  const gint16 *samples = g_bytes_get_data (source, NULL);
  char *boundaries = check_cuts (session, clip, max_samples);
  guint64 start = 0;

  for (guint i = 0; i + 1 < session->chunks->len; i++)
    {
      guint64 n = 0, cut;
      const char *boundary = chunk_string (session, i, "boundary");
      const Piece *piece;
      guint64 silence;

      g_variant_lookup (g_ptr_array_index (session->chunks, i), "samples", "t", &n);
      cut = start + n;
      piece = piece_at (pieces, n_pieces, cut);
      silence = silence_in (pieces, n_pieces, start + min_samples, start + max_samples);
      g_test_message ("cut %u at %.3f s (%s) in a %s; %.2f s of silence in range", i,
                      (double) cut / RATE, boundary,
                      piece == NULL                  ? "nothing"
                      : piece->kind == PIECE_SPEECH  ? "sentence"
                      : piece->kind == PIECE_SILENCE ? "silence"
                                                     : "tone",
                      (double) silence / RATE);
      g_assert_false (in_word (samples, pieces, n_pieces, cut));
      if (silence >= RATE / 5)
        {
          g_assert_cmpstr (boundary, ==, "pause");
          g_assert_nonnull (piece);
          g_assert_cmpint (piece->kind, ==, PIECE_SILENCE);
        }
      start = cut;
    }
  return boundaries;
}

/* Twelve sentences, 1.5 to 3 s each, with pauses of 0.6 to 1 s between
 * them, in 10 s chunks (6.7 to 10 s): every range of 3.3 s holds a pause,
 * so every cut but the last is a pause between two sentences, never in a
 * word. */
static void
test_speech_pauses (void)
{
  static const char *const sentences[] = {
    "The birch canoe slid on the smooth planks.",  "Glue the sheet to the dark blue background.",
    "It is easy to tell the depth of a well.",     "These days a chicken leg is a rare dish.",
    "Rice is often served in round bowls.",        "The juice of lemons makes fine punch.",
    "The box was thrown beside the parked truck.", "The hogs were fed chopped corn and garbage.",
    "Four hours of steady work faced us.",         "A large size in stockings is hard to sell.",
    "The boy was there when the sun rose.",        "A rod is used to catch pink salmon.",
  };
  static const double pauses[] = { 0.6, 0.8, 1.0, 0.7, 0.9 };
  Piece pieces[2 * G_N_ELEMENTS (sentences) - 1] = { 0 };
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *boundaries = NULL;
  g_autoptr (GString) expected = g_string_new (NULL);

  if (!scd_test_media_require_espeak ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      pieces[2 * i] = (Piece){ PIECE_SPEECH, sentences[i], 0 };
      if (i > 0)
        pieces[2 * i - 1] = (Piece){ PIECE_SILENCE, NULL, pauses[i % G_N_ELEMENTS (pauses)] };
    }
  path = make_speech_clip ("speech-pauses.wav", pieces, G_N_ELEMENTS (pieces));
  for (guint i = 0; i < G_N_ELEMENTS (pieces); i++)
    {
      double seconds = (double) (pieces[i].end - pieces[i].start) / RATE;

      if (pieces[i].kind == PIECE_SPEECH)
        g_assert_cmpfloat (seconds + 0.6, <, 10.0 - 20.0 / 3);
    }
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, path,
                                       g_variant_new_parsed ("{'audio-chunk-seconds': <10.0>}"));
  boundaries = check_speech_cuts (session, path, pieces, G_N_ELEMENTS (pieces), 10 * RATE * 2 / 3,
                                  10 * RATE);
  for (guint i = 0; i + 1 < session->chunks->len; i++)
    g_string_append (expected, "pause,");
  g_string_append (expected, "end");
  g_assert_cmpstr (boundaries, ==, expected->str);
  g_assert_cmpuint (session->chunks->len, >=, 3);
  for (guint i = 0; i < session->chunks->len; i++)
    {
      g_assert_false (chunk_boolean (session, i, "silent"));
      g_assert_cmpfloat (chunk_double (session, i, "speech"), >, 0.5);
    }
}

/* Sentences, 14 s of silence, sentences, 24 s of a continuous tone,
 * sentences, in 10 s chunks: a chunk within the silence is "silent" with
 * no speech, the tone (no pause at all) is cut at the longest, and no cut
 * anywhere splits a word. */
static void
test_speech_silent_stretch (void)
{
  Piece pieces[] = {
    { PIECE_SPEECH, "Open the crate but do not break the glass." },  { PIECE_SILENCE, NULL, 0.8 },
    { PIECE_SPEECH, "The wide road shimmered in the hot sun." },     { PIECE_SILENCE, NULL, 0.7 },
    { PIECE_SPEECH, "Help the woman get back to her feet." },        { PIECE_SILENCE, NULL, 14.0 },
    { PIECE_SPEECH, "The lazy cow lay in the cool grass." },         { PIECE_SILENCE, NULL, 0.9 },
    { PIECE_SPEECH, "Lift the square stone over the fence." },       { PIECE_TONE, NULL, 24.0 },
    { PIECE_SPEECH, "The rope will bind the seven books at once." }, { PIECE_SILENCE, NULL, 0.6 },
    { PIECE_SPEECH, "Hoist the load to your left shoulder." },
  };
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *boundaries = NULL;
  guint silent = 0, at_max = 0;
  guint64 start = 0;

  if (!scd_test_media_require_espeak ())
    return;
  path = make_speech_clip ("speech-silent-stretch.wav", pieces, G_N_ELEMENTS (pieces));
  service = scd_test_service_start ();
  session = scd_test_session_run_file (service, path,
                                       g_variant_new_parsed ("{'audio-chunk-seconds': <10.0>}"));
  boundaries = check_speech_cuts (session, path, pieces, G_N_ELEMENTS (pieces), 10 * RATE * 2 / 3,
                                  10 * RATE);
  g_test_message ("boundaries: %s", boundaries);
  for (guint i = 0; i < session->chunks->len; i++)
    {
      guint64 n = 0;
      const Piece *first, *last;

      g_variant_lookup (g_ptr_array_index (session->chunks, i), "samples", "t", &n);
      first = piece_at (pieces, G_N_ELEMENTS (pieces), start);
      last = piece_at (pieces, G_N_ELEMENTS (pieces), start + n - 1);
      /* A chunk all in one silence has nothing to transcribe; one that
       * holds a sentence or the tone has. */
      if (first == last && first->kind == PIECE_SILENCE)
        {
          g_assert_true (chunk_boolean (session, i, "silent"));
          g_assert_cmpfloat (chunk_double (session, i, "speech"), ==, 0.0);
          silent++;
        }
      else
        g_assert_false (chunk_boolean (session, i, "silent"));
      if (g_str_equal (chunk_string (session, i, "boundary"), "max"))
        {
          g_assert_cmpint (piece_at (pieces, G_N_ELEMENTS (pieces), start + n)->kind, ==,
                           PIECE_TONE);
          at_max++;
        }
      start += n;
    }
  g_assert_cmpuint (silent, ==, 1);
  g_assert_cmpuint (at_max, >=, 1);
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
  g_test_add_func ("/audio/speech-pauses", test_speech_pauses);
  g_test_add_func ("/audio/speech-silent-stretch", test_speech_silent_stretch);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
