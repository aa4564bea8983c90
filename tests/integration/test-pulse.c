/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * PulseAudio sources against a real pulseaudio that each test starts for
 * itself (scd-test-pulse.c): the sources listed with the right kind, a tone
 * played into a null sink found in the chunks of its monitor where and as
 * long as it was played, with peaks that follow it, on a timeline that
 * keeps pace with the wall clock; a video file whose audio comes from
 * PulseAudio; and clear errors, with the service alive, when there is no
 * server or no such source.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "scd-test-checks.h"
#include "scd-test-media.h"
#include "scd-test-pulse.h"
#include "scd-test-service.h"
#include "scd-test-stream.h"
#include "scd-test-wait.h"

#define RATE 16000
#define WINDOW (RATE / 10) /* the 100 ms of one peak */
#define TONE_AMPLITUDE 0.5
/* What a full window of the tone measures, in 16-bit units. */
#define TONE_RMS (TONE_AMPLITUDE * 32767.0 / G_SQRT2)
#define LOUD_RMS (0.25 * TONE_RMS)
#define QUIET_RMS 100.0 /* -50 dBFS: the null sink's silence is all zeros */

/* --- sessions ------------------------------------------------------------------ */

static GVariant *
session_options (const char *source, double chunk_seconds, GVariant *extra_options)
{
  g_autoptr (GVariant) extra = extra_options != NULL ? g_variant_ref_sink (extra_options) : NULL;
  GVariantDict dict;

  g_variant_dict_init (&dict, extra);
  g_variant_dict_insert (&dict, "source", "s", source);
  if (chunk_seconds > 0)
    g_variant_dict_insert (&dict, "audio-chunk-seconds", "d", chunk_seconds);
  return g_variant_dict_end (&dict);
}

/* CreateSession for source in chunks of chunk_seconds (0: the default). */
static ScdTestSession *
capture_create (ScdTestService *service, const char *source, double chunk_seconds, GVariant *extra)
{
  g_autoptr (GError) error = NULL;
  ScdTestSession *session;

  session = scd_test_session_create (service, session_options (source, chunk_seconds, extra),
                                     &error);
  if (session == NULL)
    g_error ("CreateSession for %s: %s", source, error->message);
  return session;
}

static gint
state_index (ScdTestSession *session, const char *state)
{
  for (guint i = 0; i < session->states->len; i++)
    if (g_str_equal (g_ptr_array_index (session->states, i), state))
      return (gint) i;
  return -1;
}

/* Waits for “running”; returns when it was seen. Start() must go through
 * “starting” first. */
static gint64
wait_running (ScdTestSession *session)
{
  guint timeout = scd_test_timeout_ms (15000);
  gint64 at;
  gint starting, running;

  if (!scd_test_session_wait_state (session, "running", timeout))
    {
      g_autofree char *seen = scd_test_session_describe (session);

      g_error ("%s did not become “running” within %u ms: %s", session->path, timeout, seen);
    }
  at = g_get_monotonic_time ();
  starting = state_index (session, "starting");
  running = state_index (session, "running");
  if (starting < 0 || starting > running)
    {
      g_autofree char *seen = scd_test_session_describe_states (session);

      g_error ("Start() should go “starting”, then “running”; saw %s", seen);
    }
  return at;
}

/* Iterates the main context (signals keep arriving) until the monotonic
 * time until_us. */
static void
iterate_until (gint64 until_us)
{
  while (g_get_monotonic_time () < until_us)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static guint64
get_overruns (ScdTestSession *session)
{
  g_autoptr (GVariant) v = scd_test_session_get (session, SCD_TEST_IFACE_AUDIO, "Overruns");

  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_UINT64))
    g_error ("AudioExtractor.Overruns is a %s, not a t", g_variant_get_type_string (v));
  return g_variant_get_uint64 (v);
}

static char *
get_audio_source (ScdTestSession *session)
{
  g_autoptr (GVariant) v = scd_test_session_get (session, SCD_TEST_IFACE_AUDIO, "Source");

  return g_variant_dup_string (v, NULL);
}

static double
chunk_double (GVariant *chunk, const char *key)
{
  double v = 0;

  g_assert_true (g_variant_lookup (chunk, key, "d", &v));
  return v;
}

static guint64
chunk_samples (GVariant *chunk)
{
  guint64 v = 0;

  g_assert_true (g_variant_lookup (chunk, "samples", "t", &v));
  return v;
}

static char *
describe_chunks (GPtrArray *chunks)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < chunks->len; i++)
    {
      GVariant *c = g_ptr_array_index (chunks, i);

      g_string_append_printf (s, "%s#%u %.4f s +%" G_GUINT64_FORMAT, i > 0 ? ", " : "", i,
                              chunk_double (c, "start"), chunk_samples (c));
    }
  return g_string_free (s, FALSE);
}

/* Chunks of chunk_seconds: the first at 0 on the timeline, every one but
 * the last exactly chunk_seconds long, the last no longer. */
static void
assert_chunk_lengths (GPtrArray *chunks, double chunk_seconds, gboolean first_at_zero)
{
  guint64 full = (guint64) llround (chunk_seconds * RATE);
  g_autofree char *seen = describe_chunks (chunks);

  g_test_message ("chunks: %s", seen);
  if (chunks->len == 0)
    return;
  if (first_at_zero && fabs (chunk_double (g_ptr_array_index (chunks, 0), "start")) > 0.5 / RATE)
    g_error ("the first chunk should start at 0 on the session timeline: %s", seen);
  for (guint i = 0; i < chunks->len; i++)
    {
      guint64 samples = chunk_samples (g_ptr_array_index (chunks, i));

      if (i + 1 < chunks->len ? samples != full : samples > full)
        g_error ("chunk %u has %" G_GUINT64_FORMAT " samples; with %.1f s chunks every chunk but "
                 "the last has %" G_GUINT64_FORMAT " and the last no more: %s",
                 i, samples, chunk_seconds, full, seen);
    }
}

/* Live, no chunk waits for a pause past its longest length (the lengths
 * are checked above), and the last one, which Stop() ends, is written as
 * it is rather than joined to the one before: "end"; the others end in a
 * pause or at the longest length. */
static void
assert_live_boundaries (GPtrArray *chunks)
{
  for (guint i = 0; i < chunks->len; i++)
    {
      const char *boundary = NULL;

      g_assert_true (g_variant_lookup (g_ptr_array_index (chunks, i), "boundary", "&s", &boundary));
      if (i + 1 == chunks->len)
        g_assert_cmpstr (boundary, ==, "end");
      else if (!g_str_equal (boundary, "pause") && !g_str_equal (boundary, "max"))
        g_error ("chunk %u of a live capture ended at “%s”", i, boundary);
    }
}

/* AudioChunk k comes once its audio has been captured, not long after:
 * between its end on the timeline (give or take 0.3 s) and 1 s later,
 * counted from “running”. The last one, written by Stop(), is left out. */
static void
assert_chunks_on_time (ScdTestSession *session, gint64 running_us)
{
  GPtrArray *chunks = session->chunks;
  double late = scd_test_timeout_ms (1000) / 1000.0;

  g_assert_cmpuint (session->chunk_arrivals->len, ==, chunks->len);
  for (guint i = 0; i + 1 < chunks->len; i++)
    {
      GVariant *c = g_ptr_array_index (chunks, i);
      double end = chunk_double (c, "start") + (double) chunk_samples (c) / RATE;
      double arrived = (double) (g_array_index (session->chunk_arrivals, gint64, i) - running_us)
                       / G_USEC_PER_SEC;

      g_test_message ("chunk %u ends at %.3f s, announced %.3f s after “running”", i, end, arrived);
      if (arrived < end - 0.3 || arrived > end + late)
        g_error ("chunk %u ends at %.3f s on the timeline but was announced %.3f s after "
                 "“running” (expected between %.3f and %.3f s)",
                 i, end, arrived, end - 0.3, end + late);
    }
}

/* --- the audio in the chunks ----------------------------------------------------- */

/* The 16-bit samples of a (mono) WAV file. */
static GArray *
read_wav_samples (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  gsize pos = 12;
  const guint8 *p;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  p = (const guint8 *) contents;
  while (pos + 8 <= len)
    {
      guint32 size = (guint32) p[pos + 4] | (guint32) p[pos + 5] << 8 | (guint32) p[pos + 6] << 16
                     | (guint32) p[pos + 7] << 24;

      if (memcmp (p + pos, "data", 4) == 0 && pos + 8 + size <= len)
        {
          GArray *samples = g_array_sized_new (FALSE, FALSE, sizeof (gint16), size / 2);

          for (gsize i = 0; i + 1 < size; i += 2)
            {
              gint16 v = (gint16) (p[pos + 8 + i] | p[pos + 9 + i] << 8);

              g_array_append_val (samples, v);
            }
          return samples;
        }
      pos += 8 + (gsize) size + (size & 1);
    }
  g_error ("%s: no data chunk", path);
}

typedef enum
{
  LEVEL_QUIET,
  LEVEL_MID,
  LEVEL_LOUD,
} Level;

typedef struct
{
  double start; /* on the session timeline */
  double rms;
  guint max;  /* the largest magnitude */
  guint peak; /* what the chunk's peaks say */
  Level level;
} Window;

static Level
classify (double rms)
{
  return rms >= LOUD_RMS ? LEVEL_LOUD : rms < QUIET_RMS ? LEVEL_QUIET : LEVEL_MID;
}

static char *
describe_levels (GArray *windows)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < windows->len; i++)
    {
      Window *w = &g_array_index (windows, Window, i);

      if (i > 0 && i % 10 == 0)
        g_string_append_c (s, '|');
      g_string_append_c (s, w->level == LEVEL_LOUD ? '#' : w->level == LEVEL_MID ? '+' : '.');
    }
  return g_string_free (s, FALSE);
}

/* The RMS and peak of each 100 ms of each chunk (windows restart with each
 * chunk, as the peaks do), next to the peak the chunk announced. The peaks
 * must follow the audio: each within 1 of the window's largest magnitude
 * scaled to 0..255. */
static GArray *
analyse_chunks (GPtrArray *chunks)
{
  GArray *windows = g_array_new (FALSE, FALSE, sizeof (Window));
  g_autofree char *levels = NULL;

  for (guint i = 0; i < chunks->len; i++)
    {
      GVariant *c = g_ptr_array_index (chunks, i);
      g_autoptr (GVariant) peaks = g_variant_lookup_value (c, "peaks", G_VARIANT_TYPE_BYTESTRING);
      const char *path = NULL;
      g_autoptr (GArray) samples = NULL;
      const guint8 *peak_bytes;
      gsize n_peaks = 0;
      double start = chunk_double (c, "start");

      g_assert_true (g_variant_lookup (c, "path", "&s", &path));
      g_assert_nonnull (peaks);
      samples = read_wav_samples (path);
      peak_bytes = g_variant_get_fixed_array (peaks, &n_peaks, 1);
      g_assert_cmpuint (samples->len, ==, chunk_samples (c));
      g_assert_cmpuint (n_peaks, ==, (samples->len + WINDOW - 1) / WINDOW);

      for (guint w = 0; w * WINDOW < samples->len; w++)
        {
          guint n = MIN (WINDOW, samples->len - w * WINDOW);
          double sum = 0;
          guint max = 0;
          Window window;
          guint expected;

          for (guint k = 0; k < n; k++)
            {
              gint16 v = g_array_index (samples, gint16, w * WINDOW + k);

              sum += (double) v * v;
              max = MAX (max, (guint) ABS ((int) v));
            }
          window.start = start + (double) w * WINDOW / RATE;
          window.rms = sqrt (sum / n);
          window.max = max;
          window.peak = peak_bytes[w];
          window.level = classify (window.rms);
          expected = (guint) MIN (lround (max * 255.0 / 32768.0), 255);
          if (ABS ((int) window.peak - (int) expected) > 1)
            g_error ("chunk %u, window %u (%.1f s): the peak is %u, but the largest magnitude "
                     "there is %u, which is %u of 255",
                     i, w, window.start, window.peak, max, expected);
          if (window.level == LEVEL_LOUD && window.peak < 32)
            g_error ("chunk %u, window %u (%.1f s): RMS %.0f (the tone) but a peak of only %u", i,
                     w, window.start, window.rms, window.peak);
          if (window.level == LEVEL_QUIET && window.peak > 2)
            g_error ("chunk %u, window %u (%.1f s): RMS %.0f (silence) but a peak of %u", i, w,
                     window.start, window.rms, window.peak);
          /* A short last window says little about the level. */
          if (n < WINDOW / 4)
            window.level = LEVEL_MID;
          g_array_append_val (windows, window);
        }
    }
  levels = describe_levels (windows);
  g_test_message ("levels per 100 ms (# loud, . silent, + between; | every second): %s", levels);
  return windows;
}

/* One tone of tone_seconds, whose player was spawned at tone_offset on the
 * timeline (its first sound comes a little later: ffmpeg's start and a
 * 200 ms buffer): silence before it, the tone without a break for as long as
 * it was played, silence after it. Windows at its edges may be partly
 * loud. */
static void
assert_tone_where_played (GArray *windows, double tone_offset, double tone_seconds)
{
  g_autofree char *levels = describe_levels (windows);
  gint first = -1, last = -1;
  double onset, length;

  for (guint i = 0; i < windows->len; i++)
    if (g_array_index (windows, Window, i).level == LEVEL_LOUD)
      {
        if (first < 0)
          first = (gint) i;
        last = (gint) i;
      }
  if (first < 0)
    g_error ("the %.1f s tone played from %.2f s is nowhere in the chunks: %s", tone_seconds,
             tone_offset, levels);

  onset = g_array_index (windows, Window, first).start;
  length = (last - first + 1) * 0.1;
  g_test_message ("the tone is in the chunks from %.1f s for %.1f s; it was played from %.2f s "
                  "for %.1f s",
                  onset, length, tone_offset, tone_seconds);
  for (gint i = first; i <= last; i++)
    if (g_array_index (windows, Window, i).level != LEVEL_LOUD)
      g_error ("the tone has a break at %.1f s (RMS %.0f): %s",
               g_array_index (windows, Window, i).start, g_array_index (windows, Window, i).rms,
               levels);
  if (fabs (length - tone_seconds) > 0.3)
    g_error ("the tone lasts %.1f s in the chunks but %.1f s were played: %s", length, tone_seconds,
             levels);
  if (onset < tone_offset - 0.35 || onset > tone_offset + 1.2)
    g_error ("the tone starts at %.1f s on the timeline, but its player started %.2f s after "
             "“running” (expected %.2f .. %.2f s): %s",
             onset, tone_offset, tone_offset - 0.35, tone_offset + 1.2, levels);
  for (guint i = 0; i < windows->len; i++)
    {
      Window *w = &g_array_index (windows, Window, i);

      if (((gint) i < first - 1 || (gint) i > last + 1) && w->level == LEVEL_LOUD)
        g_error ("sound at %.1f s (RMS %.0f), away from the tone: %s", w->start, w->rms, levels);
      if (((gint) i < first - 1 || (gint) i > last + 1) && w->level == LEVEL_MID
          && i + 1 < windows->len)
        g_error ("sound at %.1f s (RMS %.0f), where there should be silence: %s", w->start, w->rms,
                 levels);
    }
}

/* The chunks hold as much audio as the wall clock ran, give or take 0.5 s. */
static void
assert_total_matches_wall_clock (guint64 total, double min_seconds, double max_seconds)
{
  double seconds = (double) total / RATE;

  g_test_message ("%" G_GUINT64_FORMAT " samples = %.3f s of audio; the wall clock ran %.3f .. "
                  "%.3f s",
                  total, seconds, min_seconds, max_seconds);
  if (seconds < min_seconds - 0.5 || seconds > max_seconds + 0.5)
    g_error ("the chunks hold %.3f s of audio, but the capture ran %.3f .. %.3f s by the wall "
             "clock (0.5 s either way allowed)",
             seconds, min_seconds, max_seconds);
}

/* --- sources ------------------------------------------------------------------------- */

static GVariant *
list_audio_sources (ScdTestService *service, GError **error)
{
  g_autoptr (GVariant) reply = NULL;

  reply = scd_test_service_call (service, SCD_TEST_MANAGER_PATH, SCD_TEST_IFACE_MANAGER,
                                 "ListAudioSources", NULL, G_VARIANT_TYPE ("(a(sss))"), error);
  if (reply == NULL)
    return NULL;
  return g_variant_get_child_value (reply, 0);
}

static GVariant *
list_audio_sources_ok (ScdTestService *service)
{
  g_autoptr (GError) error = NULL;
  GVariant *sources = list_audio_sources (service, &error);

  if (sources == NULL)
    g_error ("ListAudioSources() with a PulseAudio server running: %s", error->message);
  return sources;
}

static gboolean
find_source (GVariant *sources, const char *name, const char **description, const char **kind)
{
  GVariantIter iter;
  const char *n, *d, *k;

  g_variant_iter_init (&iter, sources);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &n, &d, &k))
    if (g_str_equal (n, name))
      {
        if (description != NULL)
          *description = d;
        if (kind != NULL)
          *kind = k;
        return TRUE;
      }
  return FALSE;
}

static void
assert_monitor_listed (GVariant *sources)
{
  g_autofree char *seen = g_variant_print (sources, FALSE);
  const char *description = NULL, *kind = NULL;

  if (!find_source (sources, SCD_TEST_PULSE_MONITOR, &description, &kind))
    g_error ("ListAudioSources() does not list %s: %s", SCD_TEST_PULSE_MONITOR, seen);
  if (g_strcmp0 (kind, "monitor") != 0 || description == NULL || *description == '\0')
    g_error ("%s should be listed with a description and the kind “monitor”: %s",
             SCD_TEST_PULSE_MONITOR, seen);
}

/* What pactl says the server has: name → "description\nkind". */
static GHashTable *
pactl_sources (ScdTestPulse *pulse)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *json = scd_test_pulse_pactl (pulse, &error, "-f", "json", "list", "sources",
                                                NULL);
  GHashTable *sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *array;

  g_assert_no_error (error);
  if (!json_parser_load_from_data (parser, json, -1, &error))
    g_error ("pactl -f json list sources: %s\n%s", error->message, json);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      /* pactl 16 names the sink a monitor belongs to "monitor_source". */
      const char *of_sink = json_object_get_string_member_with_default (o, "monitor_source", "");
      const char *description = json_object_get_string_member_with_default (o, "description", "");

      g_hash_table_insert (
          sources, g_strdup (json_object_get_string_member (o, "name")),
          g_strdup_printf ("%s\n%s", description, *of_sink != '\0' ? "monitor" : "source"));
    }
  return sources;
}

/* ListAudioSources() == what pactl lists, name for name, with the same
 * descriptions and kinds. */
static void
assert_sources_match_pactl (GVariant *sources, ScdTestPulse *pulse)
{
  g_autoptr (GHashTable) expected = pactl_sources (pulse);
  g_autofree char *seen = g_variant_print (sources, FALSE);
  GVariantIter iter;
  const char *name, *description, *kind;

  g_test_message ("ListAudioSources(): %s", seen);
  if (g_variant_n_children (sources) != g_hash_table_size (expected))
    g_error ("ListAudioSources() lists %" G_GSIZE_FORMAT " sources, pactl %u: %s",
             g_variant_n_children (sources), g_hash_table_size (expected), seen);
  g_variant_iter_init (&iter, sources);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &name, &description, &kind))
    {
      const char *want = g_hash_table_lookup (expected, name);
      g_autofree char *got = g_strdup_printf ("%s\n%s", description, kind);

      if (want == NULL)
        g_error ("ListAudioSources() lists %s, which pactl does not (or lists twice): %s", name,
                 seen);
      if (*description == '\0' || !g_str_equal (want, got))
        g_error ("%s: ListAudioSources() says “%s”, %s; pactl says “%s” (description, kind)", name,
                 description, kind, want);
      g_hash_table_remove (expected, name);
    }
}

/* A pulse: source that cannot be had: CreateSession() or Start() says
 * SourceUnavailable, or the session fails with Error set, without ever
 * claiming to run. */
static void
assert_source_unavailable (ScdTestService *service, const char *source)
{
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *error_text = NULL;
  g_autofree char *seen = NULL;
  guint timeout = scd_test_timeout_ms (15000);

  session = scd_test_session_create (service, session_options (source, 1.0, NULL), &error);
  if (session == NULL)
    {
      g_test_message ("CreateSession(%s) refused", source);
      scd_test_assert_scened_error (error, "SourceUnavailable");
      return;
    }
  if (!scd_test_session_start (session, &error))
    {
      g_test_message ("Start() on %s refused", source);
      scd_test_assert_scened_error (error, "SourceUnavailable");
      seen = scd_test_session_describe_states (session);
      if (state_index (session, "running") >= 0)
        g_error ("Start() on %s failed but the session said “running”: %s", source, seen);
      return;
    }
  if (!scd_test_session_wait_state (session, "failed", timeout))
    {
      seen = scd_test_session_describe (session);
      g_error ("a session on %s should fail (or CreateSession or Start refuse it with "
               "SourceUnavailable); within %u ms it did not: %s",
               source, timeout, seen);
    }
  error_text = scd_test_session_get_string (session, "Error");
  seen = scd_test_session_describe_states (session);
  g_test_message ("the session on %s failed: %s; Error “%s”", source, seen, error_text);
  g_assert_cmpstr (error_text, !=, "");
  if (state_index (session, "running") >= 0)
    g_error ("the session on %s failed but first said “running”: %s", source, seen);
}

/* --- tests ------------------------------------------------------------------------------ */

/* The null sink's monitor with its kind and description, and the same
 * sources as pactl sees, also after a module comes and goes. */
static void
test_list_sources (void)
{
  g_autoptr (ScdTestPulse) pulse = scd_test_pulse_start ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (GVariant) before = NULL;
  g_autoptr (GVariant) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *module = NULL;
  const char *kind = NULL;

  /* A source that is not a monitor. */
  module = scd_test_pulse_pactl (pulse, &error, "load-module", "module-null-source",
                                 "source_name=scdtestmic", NULL);
  g_assert_no_error (error);
  scd_test_pulse_use_server (pulse);
  service = scd_test_service_start ();

  before = list_audio_sources_ok (service);
  assert_monitor_listed (before);
  if (!find_source (before, "scdtestmic", NULL, &kind) || g_strcmp0 (kind, "source") != 0)
    g_error ("ListAudioSources() should list scdtestmic as a “source”: %s",
             g_variant_print (before, FALSE));
  assert_sources_match_pactl (before, pulse);

  /* Asked again, not remembered: a new sink's monitor shows, the unloaded
   * source is gone. */
  g_free (scd_test_pulse_pactl (pulse, &error, "load-module", "module-null-sink",
                                "sink_name=scdtest2", NULL));
  g_assert_no_error (error);
  g_strstrip (module);
  g_free (scd_test_pulse_pactl (pulse, &error, "unload-module", module, NULL));
  g_assert_no_error (error);
  after = list_audio_sources_ok (service);
  if (!find_source (after, "scdtest2.monitor", NULL, &kind) || g_strcmp0 (kind, "monitor") != 0)
    g_error ("after loading a second null sink, ListAudioSources() should list "
             "scdtest2.monitor as a “monitor”: %s",
             g_variant_print (after, FALSE));
  if (find_source (after, "scdtestmic", NULL, NULL))
    g_error ("scdtestmic is still listed after it was unloaded: %s",
             g_variant_print (after, FALSE));
  assert_sources_match_pactl (after, pulse);
  scd_test_service_assert_alive (service);
}

/* libpulse's default when PULSE_SERVER is unset: XDG_RUNTIME_DIR/pulse/native. */
static void
test_runtime_dir (void)
{
  g_autoptr (ScdTestPulse) pulse = scd_test_pulse_start ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (GVariant) sources = NULL;

  service = scd_test_pulse_start_service_by_runtime_dir (pulse);
  sources = list_audio_sources_ok (service);
  assert_monitor_listed (sources);
  scd_test_service_assert_alive (service);
}

/* No server at all: clear errors, quickly, and the service lives on. */
static void
test_no_server (void)
{
  g_autofree char *dir = scd_test_make_tmp_dir ("scened-nopulse-XXXXXX");
  g_autofree char *server = scd_test_pulse_use_missing_server (dir);
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (GVariant) sources = NULL;
  g_autoptr (GError) error = NULL;
  gint64 before;
  double took;

  g_test_message ("PULSE_SERVER=%s", server);
  service = scd_test_service_start ();

  before = g_get_monotonic_time ();
  sources = list_audio_sources (service, &error);
  took = (double) (g_get_monotonic_time () - before) / G_USEC_PER_SEC;
  if (sources != NULL)
    g_error ("ListAudioSources() without a server returned %s", g_variant_print (sources, FALSE));
  g_test_message ("ListAudioSources() failed after %.3f s", took);
  scd_test_assert_scened_error (error, "SourceUnavailable");
  g_assert_cmpfloat (took, <, scd_test_timeout_ms (10000) / 1000.0);
  scd_test_service_assert_alive (service);

  assert_source_unavailable (service, "pulse:");
  scd_test_service_assert_alive (service);
  assert_source_unavailable (service, "pulse:" SCD_TEST_PULSE_MONITOR);
  scd_test_service_assert_alive (service);

  /* And again: nothing was left in a bad state. */
  g_clear_error (&error);
  sources = list_audio_sources (service, &error);
  g_assert_null (sources);
  scd_test_assert_scened_error (error, "SourceUnavailable");
  scd_test_service_assert_alive (service);
  scd_test_remove_tree (dir);
}

/* A source the server does not have: a clear error; then a real one works. */
static void
test_unknown_source (void)
{
  g_autoptr (ScdTestPulse) pulse = scd_test_pulse_start ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) capture = NULL;
  g_autoptr (GVariant) sources = NULL;

  scd_test_pulse_use_server (pulse);
  service = scd_test_service_start ();
  assert_source_unavailable (service, "pulse:nosuchsource");
  scd_test_service_assert_alive (service);

  sources = list_audio_sources_ok (service);
  assert_monitor_listed (sources);
  capture = capture_create (service, "pulse:" SCD_TEST_PULSE_MONITOR, 1.0, NULL);
  scd_test_session_start_ok (capture);
  wait_running (capture);
  iterate_until (g_get_monotonic_time () + 1500 * 1000);
  scd_test_session_stop_ok (capture);
  scd_test_check_chunks (capture, RATE, 1);
  assert_chunk_lengths (capture->chunks, 1.0, TRUE);
  scd_test_service_assert_alive (service);
}

/* Silence, 2 s of 440 Hz, silence, from the monitor in 1 s chunks. */
static void
test_capture_tone (void)
{
  g_autoptr (ScdTestPulse) pulse = scd_test_pulse_start ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) capture = NULL;
  g_autoptr (ScdTestTone) tone = NULL;
  g_autoptr (GArray) windows = NULL;
  g_autofree char *audio_source = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *decoder = NULL;
  g_autoptr (GVariant) live = NULL;
  const double tone_seconds = 2.0;
  ScdTestSession *session;
  gint64 running_us, stop_us, stopped_us;
  double tone_offset, progress;
  guint64 total;

  scd_test_pulse_use_server (pulse);
  service = scd_test_service_start ();
  capture = capture_create (service, "pulse:" SCD_TEST_PULSE_MONITOR, 1.0, NULL);
  session = capture;
  scd_test_session_start_ok (session);
  running_us = wait_running (session);

  live = scd_test_session_get (session, SCD_TEST_IFACE_SESSION, "Live");
  if (!g_variant_get_boolean (live))
    g_error ("Live is false on a PulseAudio session");
  progress = scd_test_session_get_double (session, SCD_TEST_IFACE_SESSION, "Progress");
  if (progress != -1.0)
    g_error ("Progress is %g on a running PulseAudio session, not -1", progress);
  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_AUDIO, "SampleRate"), ==,
                    RATE);
  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_AUDIO, "Channels"), ==, 1);
  g_assert_cmpfloat (scd_test_session_get_double (session, SCD_TEST_IFACE_AUDIO, "ChunkDuration"),
                     ==, 1.0);

  iterate_until (running_us + 1000 * 1000);
  tone = scd_test_pulse_play_tone (pulse, 440, TONE_AMPLITUDE, tone_seconds);
  tone_offset = (double) (scd_test_tone_get_spawned_us (tone) - running_us) / G_USEC_PER_SEC;
  if (!scd_test_tone_wait (tone, scd_test_timeout_ms (20000)))
    g_error ("the tone could not be played (see the messages above)");
  iterate_until (running_us + 5200 * 1000);
  if (session->chunks->len < 3)
    {
      g_autofree char *seen = scd_test_session_describe (session);

      g_error ("5 s into a capture in 1 s chunks, %u AudioChunk signals came: %s",
               session->chunks->len, seen);
    }

  stop_us = g_get_monotonic_time ();
  scd_test_session_stop_ok (session);
  stopped_us = g_get_monotonic_time ();

  total = scd_test_check_chunks (session, RATE, 1);
  g_assert_cmpuint (session->chunks->len, >=, 3);
  assert_chunk_lengths (session->chunks, 1.0, TRUE);
  assert_live_boundaries (session->chunks);
  windows = analyse_chunks (session->chunks);
  assert_total_matches_wall_clock (total, (double) (stop_us - running_us) / G_USEC_PER_SEC,
                                   (double) (stopped_us - running_us) / G_USEC_PER_SEC);
  assert_chunks_on_time (capture, running_us);
  assert_tone_where_played (windows, tone_offset, tone_seconds);
  g_assert_cmpuint (get_overruns (session), ==, 0);

  audio_source = get_audio_source (session);
  g_assert_cmpstr (audio_source, ==, "pulse:" SCD_TEST_PULSE_MONITOR);
  g_assert_cmpuint (session->frames->len, ==, 0);
  decoder = scd_test_session_get_string (session, "VideoDecoder");
  g_assert_cmpstr (decoder, ==, "");
  scd_test_check_manifest (session, "stopped");
  dir = scd_test_session_get_directory (session);
  scd_test_assert_private_tree (dir);
  scd_test_service_assert_alive (service);
}

/* "pulse:" is the server's default source: here the null sink's monitor. */
static void
test_default_source (void)
{
  g_autoptr (ScdTestPulse) pulse = scd_test_pulse_start ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) capture = NULL;
  g_autoptr (ScdTestTone) tone = NULL;
  g_autoptr (GArray) windows = NULL;
  g_autofree char *audio_source = NULL;
  g_autofree char *levels = NULL;
  gint64 running_us, stop_us;
  guint64 total;
  guint loud = 0;

  scd_test_pulse_use_server (pulse);
  service = scd_test_service_start ();
  capture = capture_create (service, "pulse:", 1.0, NULL);
  scd_test_session_start_ok (capture);
  running_us = wait_running (capture);

  iterate_until (running_us + 500 * 1000);
  tone = scd_test_pulse_play_tone (pulse, 660, TONE_AMPLITUDE, 1.0);
  if (!scd_test_tone_wait (tone, scd_test_timeout_ms (20000)))
    g_error ("the tone could not be played (see the messages above)");
  iterate_until (running_us + 3000 * 1000);
  stop_us = g_get_monotonic_time ();
  scd_test_session_stop_ok (capture);

  total = scd_test_check_chunks (capture, RATE, 1);
  assert_chunk_lengths (capture->chunks, 1.0, TRUE);
  assert_total_matches_wall_clock (total, (double) (stop_us - running_us) / G_USEC_PER_SEC,
                                   (double) (g_get_monotonic_time () - running_us)
                                       / G_USEC_PER_SEC);
  windows = analyse_chunks (capture->chunks);
  levels = describe_levels (windows);
  for (guint i = 0; i < windows->len; i++)
    loud += g_array_index (windows, Window, i).level == LEVEL_LOUD;
  if (loud < 8 || loud > 12)
    g_error ("a 1 s tone into the default sink should be about 1 s of the default source's "
             "chunks; %u windows of 100 ms are loud: %s",
             loud, levels);
  g_assert_cmpuint (get_overruns (capture), ==, 0);
  audio_source = get_audio_source (capture);
  g_test_message ("AudioExtractor.Source: %s", audio_source);
  g_assert_true (g_str_has_prefix (audio_source, "pulse:"));
}

/* A video file read in real time, its audio from the monitor: the frames
 * are the file's (the cuts), the chunks PulseAudio's (silence and a tone,
 * where the file's own audio is never silent for more than 0.3 s). */
static void
test_video_with_pulse_audio (void)
{
  const ScdTestClip *clip = scd_test_media_cut_clip ();
  g_autoptr (ScdTestPulse) pulse = NULL;
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) capture = NULL;
  g_autoptr (ScdTestTone) tone = NULL;
  g_autoptr (GArray) windows = NULL;
  g_autofree char *audio_source = NULL;
  g_autofree char *frames_seen = NULL;
  g_autofree gboolean *found = NULL;
  g_autofree char *state = NULL;
  const double tone_seconds = 2.0;
  double fps, tone_offset, ran;
  ScdTestSession *session;
  GVariantDict extra;
  gint64 running_us, stopped_us;
  guint64 total;

  if (clip == NULL)
    return;
  pulse = scd_test_pulse_start ();
  scd_test_pulse_use_server (pulse);
  service = scd_test_service_start ();
  g_variant_dict_init (&extra, NULL);
  g_variant_dict_insert (&extra, "realtime", "b", TRUE);
  g_variant_dict_insert (&extra, "audio-source", "s", "pulse:" SCD_TEST_PULSE_MONITOR);
  capture = capture_create (service, clip->path, 1.0, g_variant_dict_end (&extra));
  session = capture;
  scd_test_session_start_ok (session);
  running_us = wait_running (session);

  iterate_until (running_us + 1500 * 1000);
  tone = scd_test_pulse_play_tone (pulse, 1000, TONE_AMPLITUDE, tone_seconds);
  tone_offset = (double) (scd_test_tone_get_spawned_us (tone) - running_us) / G_USEC_PER_SEC;
  if (!scd_test_tone_wait (tone, scd_test_timeout_ms (20000)))
    g_error ("the tone could not be played (see the messages above)");
  if (!scd_test_wait_until (scd_test_session_final, session, scd_test_timeout_ms (30000)))
    {
      g_autofree char *seen = scd_test_session_describe (session);

      g_error ("the realtime session on a %.1f s file did not end by itself: %s", clip->duration,
               seen);
    }
  stopped_us = g_get_monotonic_time ();
  scd_test_iterate_pending ();
  state = scd_test_session_get_string (session, "State");
  if (g_strcmp0 (state, "stopped") != 0)
    {
      g_autofree char *seen = scd_test_session_describe (session);

      g_error ("the session ended “%s”, not “stopped”: %s", state, seen);
    }

  /* The frames: the file's cuts. */
  scd_test_check_frames (session, clip->width, clip->height);
  frames_seen = scd_test_describe_frames (session->frames);
  g_test_message ("frames: %s", frames_seen);
  fps = (double) clip->fps_num / clip->fps_den;
  found = g_new0 (gboolean, clip->cut_frames->len);
  if (session->frames->len == 0
      || fabs (scd_test_frame_timestamp (g_ptr_array_index (session->frames, 0))) > 2 / fps)
    g_error ("the first frame should be at 0: %s", frames_seen);
  for (guint i = 1; i < session->frames->len; i++)
    {
      double at = scd_test_frame_timestamp (g_ptr_array_index (session->frames, i)) * fps;
      gboolean matched = FALSE;

      for (guint c = 0; c < clip->cut_frames->len; c++)
        if (fabs (at - g_array_index (clip->cut_frames, guint, c)) <= 2.0)
          matched = found[c] = TRUE;
      if (!matched)
        g_error ("frame %u is at video frame %.1f, which is no cut: %s", i, at, frames_seen);
    }
  for (guint c = 0; c < clip->cut_frames->len; c++)
    if (!found[c])
      g_error ("no frame for the cut at video frame %u: %s",
               g_array_index (clip->cut_frames, guint, c), frames_seen);

  /* The chunks: PulseAudio's, as long as the session ran. */
  total = scd_test_check_chunks (session, RATE, 1);
  if (session->chunks->len < 3)
    g_error ("a %.1f s session in 1 s chunks has %u chunks", clip->duration, session->chunks->len);
  assert_chunk_lengths (session->chunks, 1.0, FALSE);
  windows = analyse_chunks (session->chunks);
  ran = (double) (stopped_us - running_us) / G_USEC_PER_SEC;
  assert_total_matches_wall_clock (total, MIN (clip->duration, ran), MAX (clip->duration, ran));
  assert_tone_where_played (windows, tone_offset, tone_seconds);
  g_assert_cmpuint (get_overruns (session), ==, 0);
  audio_source = get_audio_source (session);
  g_assert_cmpstr (audio_source, ==, "pulse:" SCD_TEST_PULSE_MONITOR);
  scd_test_check_manifest (session, "stopped");
  scd_test_service_assert_alive (service);
}

/* An audio stream of a PulseAudio session carries the samples its chunks
 * hold, byte for byte, the tone included: the stream is fed from the
 * PulseAudio thread as the file ones are from the decoder. */
static void
test_audio_stream (void)
{
  g_autoptr (ScdTestPulse) pulse = scd_test_pulse_start ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestTone) tone = NULL;
  g_autoptr (ScdTestReader) reader = NULL;
  g_autoptr (GVariant) format = NULL;
  g_autoptr (GVariant) entry = NULL;
  g_autoptr (GByteArray) chunks = g_byte_array_new ();
  gint64 running_us;

  scd_test_pulse_use_server (pulse);
  service = scd_test_service_start ();
  session = capture_create (service, "pulse:" SCD_TEST_PULSE_MONITOR, 1.0, NULL);
  reader = scd_test_reader_start (
      scd_test_open_stream_ok (session, "OpenAudioStream",
                               g_variant_new_parsed ("{'codec': <'pcm_s16le'>}"), &format),
      0, TRUE);
  g_assert_cmpuint (scd_test_format_uint (format, "sample-rate"), ==, RATE);
  /* Sound only: no picture to stream. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GVariant) unused = NULL;

    g_assert_cmpint (scd_test_open_stream (session, "OpenFrameStream",
                                           g_variant_new_parsed ("{'width': <uint32 64>, "
                                                                 "'height': <uint32 48>}"),
                                           &unused, &error),
                     ==, -1);
    scd_test_assert_scened_error (error, "InvalidState");
  }
  scd_test_reader_run (reader);
  scd_test_session_start_ok (session);
  running_us = wait_running (session);
  tone = scd_test_pulse_play_tone (pulse, 440, TONE_AMPLITUDE, 1.0);
  if (!scd_test_tone_wait (tone, scd_test_timeout_ms (20000)))
    g_error ("the tone could not be played (see the messages above)");
  iterate_until (running_us + 2500 * 1000);
  scd_test_session_stop_ok (session);
  scd_test_reader_wait_eof (reader);

  for (guint i = 0; i < session->chunks->len; i++)
    {
      const char *path = NULL;

      g_variant_lookup (g_ptr_array_index (session->chunks, i), "path", "&s", &path);
      scd_test_wav_append_data (path, chunks);
    }
  entry = scd_test_stream_entry (session, scd_test_format_uint (format, "stream-id"));
  g_test_message ("%u bytes streamed, %u in %u chunks, %" G_GUINT64_FORMAT " dropped",
                  reader->kept->len, chunks->len, session->chunks->len,
                  scd_test_entry_count (entry, "dropped"));
  g_assert_cmpuint (scd_test_entry_count (entry, "dropped"), ==, 0);
  g_assert_cmpuint (chunks->len, >=, 2 * RATE * 2);
  g_assert_cmpuint (reader->kept->len, ==, chunks->len);
  g_assert_true (memcmp (reader->kept->data, chunks->data, chunks->len) == 0);
}

/* Two null sinks, a tone played into each in turn, recorded as two
 * sources ("pulse:A=desk+pulse:B", the second unlabelled): two chunk
 * streams with the same boundaries, each labelled, each holding its own
 * tone where it was played and silence where the other side's played. */
static void
test_two_sources (void)
{
  g_autoptr (ScdTestPulse) pulse = scd_test_pulse_start ();
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) capture = NULL;
  g_autoptr (ScdTestTone) tone1 = NULL;
  g_autoptr (ScdTestTone) tone2 = NULL;
  g_autoptr (GPtrArray) side1 = g_ptr_array_new ();
  g_autoptr (GPtrArray) side2 = g_ptr_array_new ();
  GPtrArray *sides[2] = { side1, side2 };
  g_autoptr (GVariant) listed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *dir = NULL;
  const char *const labels[2] = { "desk", "pulse:scdtest2.monitor" };
  const double tone_seconds = 1.5;
  double tone_offsets[2];
  ScdTestSession *session;
  gint64 running_us;

  loaded = scd_test_pulse_pactl (pulse, &error, "load-module", "module-null-sink",
                                 "sink_name=scdtest2", "rate=48000", "channels=2", NULL);
  g_assert_no_error (error);
  scd_test_pulse_use_server (pulse);
  service = scd_test_service_start ();
  capture = capture_create (service, "pulse:" SCD_TEST_PULSE_MONITOR "=desk+pulse:scdtest2.monitor",
                            1.0, NULL);
  session = capture;
  scd_test_session_start_ok (session);
  running_us = wait_running (session);

  iterate_until (running_us + 1000 * 1000);
  tone1 = scd_test_pulse_play_tone (pulse, 440, TONE_AMPLITUDE, tone_seconds);
  tone_offsets[0] = (double) (scd_test_tone_get_spawned_us (tone1) - running_us) / G_USEC_PER_SEC;
  if (!scd_test_tone_wait (tone1, scd_test_timeout_ms (20000)))
    g_error ("the first tone could not be played (see the messages above)");
  iterate_until (running_us + 4000 * 1000);
  tone2 = scd_test_pulse_play_tone_into (pulse, "scdtest2", 660, TONE_AMPLITUDE, tone_seconds);
  tone_offsets[1] = (double) (scd_test_tone_get_spawned_us (tone2) - running_us) / G_USEC_PER_SEC;
  if (!scd_test_tone_wait (tone2, scd_test_timeout_ms (20000)))
    g_error ("the second tone could not be played (see the messages above)");
  iterate_until (running_us + 7500 * 1000);
  scd_test_session_stop_ok (session);

  /* Each chunk is two entries in a row, the first source's then the
   * second's; ChunkCount counts chunks. */
  listed = scd_test_session_list_chunks (session);
  scd_test_assert_entries_match_list (session->chunks, listed, "ListChunks");
  g_assert_cmpuint (session->chunks->len % 2, ==, 0);
  g_assert_cmpuint (session->chunks->len, >=, 12);
  g_assert_cmpuint (scd_test_session_get_uint (session, SCD_TEST_IFACE_AUDIO, "ChunkCount"), ==,
                    session->chunks->len / 2);
  dir = scd_test_session_get_directory (session);
  for (guint i = 0; i < session->chunks->len; i++)
    {
      GVariant *c = g_ptr_array_index (session->chunks, i);
      GVariant *first = g_ptr_array_index (session->chunks, i - i % 2);
      g_autofree char *file = i % 2 == 0 ? g_strdup_printf ("chunk_%04u.wav", i / 2)
                                         : g_strdup_printf ("chunk_%04u-2.wav", i / 2);
      g_autofree char *expected = g_build_filename (dir, "audio", file, NULL);
      const char *path = NULL, *source = NULL;
      guint32 index = 0;

      g_assert_true (g_variant_lookup (c, "index", "u", &index));
      g_assert_cmpuint (index, ==, i / 2);
      g_assert_true (g_variant_lookup (c, "path", "&s", &path));
      g_assert_cmpstr (path, ==, expected);
      g_assert_true (g_variant_lookup (c, "source", "&s", &source));
      g_assert_cmpstr (source, ==, labels[i % 2]);
      /* Same boundaries: the same stretch of the timeline, to the sample. */
      g_assert_cmpfloat (chunk_double (c, "start"), ==, chunk_double (first, "start"));
      g_assert_cmpuint (chunk_samples (c), ==, chunk_samples (first));
      g_ptr_array_add (sides[i % 2], c);
    }
  for (guint side = 0; side < 2; side++)
    {
      g_autoptr (GArray) windows = NULL;

      g_test_message ("source %u (%s):", side + 1, labels[side]);
      assert_chunk_lengths (sides[side], 1.0, TRUE);
      windows = analyse_chunks (sides[side]);
      assert_tone_where_played (windows, tone_offsets[side], tone_seconds);
    }
  g_assert_cmpuint (get_overruns (session), ==, 0);
  scd_test_check_manifest (session, "stopped");
  scd_test_service_assert_alive (service);
}

/* The same with speech, as a call is recorded: espeak-ng speaks one
 * sentence into each sink in turn ("desk", then "call"). Each stream holds
 * its own side: sound while it spoke, chunks flagged silent well before
 * (the call) or well after (the desk) it; the two streams stay aligned,
 * cut at the same samples in pauses or at the maximum. */
static void
test_two_sources_speech (void)
{
  g_autoptr (ScdTestPulse) pulse = NULL;
  g_autoptr (ScdTestService) service = NULL;
  g_autoptr (ScdTestSession) session = NULL;
  g_autoptr (ScdTestTone) desk = NULL;
  g_autoptr (ScdTestTone) call = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *desk_wav = NULL;
  g_autofree char *call_wav = NULL;
  const char *const labels[2] = { "desk", "call" };
  double spoke_from[2], spoke_until[2];
  gboolean heard[2] = { FALSE, FALSE };
  gint64 running_us;

  if (!scd_test_media_require_espeak ())
    return;
  desk_wav = scd_test_media_speak ("This is the person at the desk, speaking into the microphone.",
                                   "160", "desk.wav");
  call_wav = scd_test_media_speak ("And this is the other side of the call, answering.", "160",
                                   "call.wav");
  pulse = scd_test_pulse_start ();
  loaded = scd_test_pulse_pactl (pulse, &error, "load-module", "module-null-sink",
                                 "sink_name=scdtest2", NULL);
  g_assert_no_error (error);
  scd_test_pulse_use_server (pulse);
  service = scd_test_service_start ();
  session = capture_create (
      service, "pulse:" SCD_TEST_PULSE_MONITOR "=desk+pulse:scdtest2.monitor=call", 2.0, NULL);
  scd_test_session_start_ok (session);
  running_us = wait_running (session);

  iterate_until (running_us + 500 * 1000);
  desk = scd_test_pulse_play_file_into (pulse, SCD_TEST_PULSE_SINK, desk_wav);
  spoke_from[0] = (double) (scd_test_tone_get_spawned_us (desk) - running_us) / G_USEC_PER_SEC;
  if (!scd_test_tone_wait (desk, scd_test_timeout_ms (30000)))
    g_error ("the desk's sentence could not be played (see the messages above)");
  spoke_until[0] = (double) (g_get_monotonic_time () - running_us) / G_USEC_PER_SEC;
  iterate_until (g_get_monotonic_time () + 1500 * 1000);
  call = scd_test_pulse_play_file_into (pulse, "scdtest2", call_wav);
  spoke_from[1] = (double) (scd_test_tone_get_spawned_us (call) - running_us) / G_USEC_PER_SEC;
  if (!scd_test_tone_wait (call, scd_test_timeout_ms (30000)))
    g_error ("the call's sentence could not be played (see the messages above)");
  spoke_until[1] = (double) (g_get_monotonic_time () - running_us) / G_USEC_PER_SEC;
  iterate_until (g_get_monotonic_time () + 1000 * 1000);
  scd_test_session_stop_ok (session);

  g_test_message ("desk spoke %.2f .. %.2f s, the call %.2f .. %.2f s", spoke_from[0],
                  spoke_until[0], spoke_from[1], spoke_until[1]);
  g_assert_cmpuint (session->chunks->len % 2, ==, 0);
  g_assert_cmpuint (session->chunks->len, >=, 4);
  for (guint i = 0; i < session->chunks->len; i++)
    {
      GVariant *c = g_ptr_array_index (session->chunks, i);
      GVariant *first = g_ptr_array_index (session->chunks, i - i % 2);
      const char *source = NULL, *boundary = NULL;
      gboolean silent = TRUE;
      double start = chunk_double (c, "start");
      double end = start + chunk_double (c, "duration");
      guint side = i % 2;

      g_assert_true (g_variant_lookup (c, "source", "&s", &source));
      g_assert_cmpstr (source, ==, labels[side]);
      g_assert_true (g_variant_lookup (c, "boundary", "&s", &boundary));
      g_assert_true (g_variant_lookup (c, "silent", "b", &silent));
      g_test_message ("chunk %u %s: %.2f .. %.2f s, %s, %s", i / 2, source, start, end, boundary,
                      silent ? "silent" : "sound");
      g_assert_cmpfloat (start, ==, chunk_double (first, "start"));
      g_assert_cmpuint (chunk_samples (c), ==, chunk_samples (first));
      if (i + 2 >= session->chunks->len)
        g_assert_cmpstr (boundary, ==, "end");
      else if (!g_str_equal (boundary, "pause") && !g_str_equal (boundary, "max"))
        g_error ("chunk %u ended at “%s”", i / 2, boundary);
      /* Sound only around where that side spoke (a second either way for
       * the players' start and the capture's latency). */
      if (!silent && (end < spoke_from[side] - 1.0 || start > spoke_until[side] + 1.0))
        g_error ("the %s stream has sound at %.2f .. %.2f s, but that side spoke only at "
                 "%.2f .. %.2f s",
                 source, start, end, spoke_from[side], spoke_until[side]);
      heard[side] |= !silent;
    }
  g_assert_true (heard[0]);
  g_assert_true (heard[1]);
  g_assert_cmpuint (get_overruns (session), ==, 0);
  scd_test_service_assert_alive (service);
}

int
main (int argc, char **argv)
{
  int ret;

  scd_test_init (&argc, &argv);
  g_test_add_func ("/pulse/list-sources", test_list_sources);
  g_test_add_func ("/pulse/runtime-dir", test_runtime_dir);
  g_test_add_func ("/pulse/no-server", test_no_server);
  g_test_add_func ("/pulse/unknown-source", test_unknown_source);
  g_test_add_func ("/pulse/capture-tone", test_capture_tone);
  g_test_add_func ("/pulse/default-source", test_default_source);
  g_test_add_func ("/pulse/video-with-pulse-audio", test_video_with_pulse_audio);
  g_test_add_func ("/pulse/audio-stream", test_audio_stream);
  g_test_add_func ("/pulse/two-sources", test_two_sources);
  g_test_add_func ("/pulse/two-sources-speech", test_two_sources_speech);
  ret = g_test_run ();
  scd_test_media_cleanup ();
  return ret;
}
