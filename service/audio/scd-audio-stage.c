/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Samples stream straight into the open chunk's WAV file; nothing holds a
 * whole chunk in memory. The first sample's place on the session timeline
 * comes from the first decoded frame's timestamp, rounded once to a whole
 * sample; from there on every chunk start is that offset plus a count of
 * samples. Packets arrive with the session timeline's timestamps.
 *
 * A reconnect opens a new decoder (after draining the old one) and the
 * chunk being filled simply goes on; where the new sender's audio starts
 * later or earlier than the last one's ended, the gap is filled with
 * silence or the overlap dropped (take_samples). Silence is bounded: a
 * gap longer than SCD_AUDIO_MAX_FILL, or one that would make the silence
 * written so far exceed the audio received by more than that, is not
 * filled (a file whose audio jumps ahead an hour once wrote 115 MB of
 * silence from 430 KB): the chunk ends there and the next starts after
 * the gap, with "gap" saying how much was skipped. Chunks closed faster
 * than the index can be saved are held back (unannounced) until a save is
 * due: every push looks. PulseAudio's samples come
 * in raw (push_samples) and follow each other on the session clock.
 * finish() closes the last, shorter chunk.
 *
 * Two PulseAudio sources (a microphone and a call, say) come in as one
 * stream of wide samples, each the first source's channels then the
 * second's (set_sources), so one chunker cuts both at the same samples:
 * chunk k of each covers the same stretch of the timeline. The pause
 * search sees both (its levels take every channel's power, so a pause is
 * where neither side speaks); each side goes to its own WAV, peaks and
 * levels, and each chunk closes as two entries, the first source's then
 * the second's, told apart by "source".
 *
 * A chunk's wallclock is when its first sample arrived: each push says
 * when its samples did (a packet's read, a PulseAudio capture), noted at
 * the sample they start from ("arrivals"), and a chunk takes the note at
 * or before its start. A cut in a pause starts the next chunk inside
 * samples that came earlier, and it gets their time; silence filling a
 * gap, and a gap skipped, take the time of the samples after them.
 *
 * Boundaries fall in pauses. A chunk's samples up to its shortest length
 * (min) go straight to the WAV; those between min and its longest (max)
 * are held in memory ("unwritten"), and when the chunk reaches max it is
 * cut at the centre of the quietest 100 ms window there
 * (scd-audio-pause.c), or at max when nothing there is a pause: the held
 * samples up to the cut are written, those after it start the next chunk.
 * That is max - min of audio in memory, 10 s by default (320 KB at 16 kHz
 * mono, 1.9 MB at 48 kHz stereo) and never more than
 * SCD_AUDIO_CHUNKER_HOLD_MAX; a live chunk is announced as soon as it
 * reaches max, never later.
 *
 * When the source ends (a file: join_last), a last chunk shorter than min
 * joins the one before. So a file's chunk, once cut, keeps its WAV open
 * and waits (deferred) until the next one reaches min, whose samples are
 * held meanwhile: a file holds up to max of audio (960 KB at 16 kHz mono
 * with the defaults), and min at most SCD_AUDIO_CHUNKER_HOLD_MAX, past
 * which the last chunk is written as is.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "scd-audio-chunker.h"
#include "scd-audio-decoder.h"
#include "scd-audio-levels.h"
#include "scd-audio-pause.h"
#include "scd-audio-peaks.h"
#include "scd-audio-stage.h"
#include "scd-chunk-entry.h"
#include "scd-session-layout.h"
#include "scd-error.h"
#include "scd-libav.h"
#include "scd-wav-writer.h"

/* What each source's side of the chunks goes to. */
typedef struct
{
  ScdWavWriter *wav;
  char *wav_path;
  ScdAudioPeaks peaks;   /* of the samples written to the WAV */
  ScdAudioLevels levels; /* likewise */
  char *source;          /* the entries' "source"; NULL with one source */
} Output;

struct _ScdAudioStage
{
  ScdEntrySinkFunc sink;
  gpointer user_data;
  ScdAudioTapFunc tap;
  gpointer tap_data;
  ScdAudioDecoder *decoder;
  guint rate;
  guint channels;
  char *audio_dir;
  ScdIndex *index;
  ScdAudioChunker chunker;
  guint sources; /* 1, or 2 side by side in each sample (set_sources) */
  guint width;   /* values in a sample: channels times sources */
  Output outputs[SCD_AUDIO_STAGE_SOURCES_MAX];
  ScdAudioLevels search; /* of the open chunk's samples, held ones too */
  GArray *unwritten;     /* of gint16, @width a sample: the open chunk's samples not in a WAV yet */

  /* A file's chunk that was cut but waits for the next one to reach min
   * (its WAVs are the outputs'), or to join it. */
  gboolean join_last;
  gboolean deferred;
  guint deferred_index;
  guint64 deferred_start;
  guint64 deferred_samples;
  const char *deferred_boundary;
  gboolean have_offset;
  gint64 offset;   /* timeline position of the first sample, in samples */
  gint64 received; /* samples that came in */
  gint64 filled;   /* samples of silence written into gaps */
  gint64 skipped;  /* samples skipped before the next chunk, unfilled */

  double chunk_seconds; /* for chunks opened from now on */
  double min_ratio;     /* the shortest and longest chunk over chunk_seconds */
  double max_ratio;
  GPtrArray *held; /* chunk entries in the index, not saved nor announced yet */

  gint64 arrival;   /* when the samples being pushed arrived (g_get_real_time()) */
  GArray *arrivals; /* of Arrival, by sample, from the open (or deferred) chunk's start on */
};

typedef struct
{
  guint64 at;  /* samples from the first, as chunker.start counts them */
  gint64 when; /* g_get_real_time() */
} Arrival;

void
scd_audio_stage_free (ScdAudioStage *stage)
{
  if (stage == NULL)
    return;
  scd_audio_decoder_free (stage->decoder);
  g_ptr_array_unref (stage->held);
  g_array_unref (stage->arrivals);
  g_free (stage->audio_dir);
  g_clear_pointer (&stage->index, scd_index_unref);
  for (guint i = 0; i < SCD_AUDIO_STAGE_SOURCES_MAX; i++)
    {
      Output *out = &stage->outputs[i];

      scd_audio_peaks_clear (&out->peaks);
      scd_audio_levels_clear (&out->levels);
      scd_wav_writer_free (out->wav);
      g_free (out->wav_path);
      g_free (out->source);
    }
  scd_audio_levels_clear (&stage->search);
  g_array_unref (stage->unwritten);
  g_free (stage);
}

/* The range a chunk may end in, for the target length in force. */
static void
update_range (ScdAudioStage *stage)
{
  double min, max;

  scd_audio_chunker_scale_range (stage->chunk_seconds, stage->min_ratio, stage->max_ratio, &min,
                                 &max);
  scd_audio_chunker_set_range (&stage->chunker, min, stage->chunk_seconds, max);
}

/* @chunk_min and @chunk_max: the shortest and longest chunk in seconds, 0
 * for the defaults (2/3 of @chunk_seconds, and @chunk_seconds); they
 * follow a new chunk length in proportion. */
ScdAudioStage *
scd_audio_stage_new (guint rate,
                     guint channels,
                     double chunk_seconds,
                     double chunk_min,
                     double chunk_max,
                     const char *audio_dir,
                     ScdIndex *index,
                     ScdEntrySinkFunc sink,
                     gpointer user_data)
{
  ScdAudioStage *stage = g_new0 (ScdAudioStage, 1);

  stage->held = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  stage->arrivals = g_array_new (FALSE, FALSE, sizeof (Arrival));
  stage->sink = sink;
  stage->user_data = user_data;
  stage->rate = rate;
  stage->channels = channels;
  stage->sources = 1;
  stage->width = channels;
  stage->chunk_seconds = chunk_seconds;
  stage->audio_dir = g_strdup (audio_dir);
  stage->index = scd_index_ref (index);
  stage->min_ratio = (chunk_min > 0.0 ? chunk_min : chunk_seconds * 2.0 / 3.0) / chunk_seconds;
  stage->max_ratio = (chunk_max > 0.0 ? chunk_max : chunk_seconds) / chunk_seconds;
  stage->unwritten = g_array_new (FALSE, FALSE, sizeof (gint16));
  scd_audio_chunker_init (&stage->chunker, rate, chunk_seconds);
  update_range (stage);
  for (guint i = 0; i < SCD_AUDIO_STAGE_SOURCES_MAX; i++)
    {
      scd_audio_peaks_init (&stage->outputs[i].peaks, rate);
      scd_audio_levels_init (&stage->outputs[i].levels, rate);
    }
  scd_audio_levels_init (&stage->search, rate);
  return stage;
}

/* The source ends (a file): its last chunk, if shorter than min, joins
 * the one before instead of standing alone. */
void
scd_audio_stage_set_join_last (ScdAudioStage *stage, gboolean join_last)
{
  stage->join_last = join_last;
}

/* Two sources side by side (PulseAudio only, before any sample): each
 * sample pushed holds the first source's channels then the second's;
 * @sources name them in the entries' "source". */
void
scd_audio_stage_set_sources (ScdAudioStage *stage, const char *const *sources, guint n_sources)
{
  g_return_if_fail (n_sources == SCD_AUDIO_STAGE_SOURCES_MAX);
  g_return_if_fail (!stage->have_offset);
  stage->sources = n_sources;
  stage->width = stage->channels * n_sources;
  for (guint i = 0; i < n_sources; i++)
    {
      g_free (stage->outputs[i].source);
      stage->outputs[i].source = g_strdup (sources[i]);
    }
}

void
scd_audio_stage_set_tap (ScdAudioStage *stage, ScdAudioTapFunc func, gpointer user_data)
{
  stage->tap = func;
  stage->tap_data = user_data;
}

static gboolean
take_samples (const gint16 *samples, gsize count, gint64 pts, gpointer user_data, GError **error);

/* Decodes @stream from now on, after draining the previous stream's
 * decoder, if any, into the current chunk. */
gboolean
scd_audio_stage_open (ScdAudioStage *stage, AVStream *stream, GError **error)
{
  if (stage->decoder != NULL
      && !scd_audio_decoder_push (stage->decoder, NULL, take_samples, stage, error))
    return FALSE;
  g_clear_pointer (&stage->decoder, scd_audio_decoder_free);

  stage->decoder = scd_audio_decoder_open (stream, stage->rate, stage->channels, error);
  if (stage->decoder == NULL)
    return FALSE;
  return TRUE;
}

/* Whether any sample has come through. */
gboolean
scd_audio_stage_has_samples (ScdAudioStage *stage)
{
  return stage->have_offset;
}

double
scd_audio_stage_get_position (ScdAudioStage *stage)
{
  guint64 end = stage->chunker.start + (stage->chunker.open ? stage->chunker.filled : 0);

  if (!stage->have_offset)
    return 0.0;
  return scd_audio_chunker_samples_to_seconds (stage->rate, (guint64) stage->offset + end);
}

/* The first samples decide where the audio starts on the timeline. */
static void
ensure_offset (ScdAudioStage *stage, gint64 pts)
{
  if (stage->have_offset)
    return;
  stage->have_offset = TRUE;
  stage->offset = pts != AV_NOPTS_VALUE ? MAX (0, pts) : 0;
}

/* Where the next sample goes on the timeline, in samples. */
static gint64
next_sample (ScdAudioStage *stage)
{
  return stage->offset + (gint64) stage->chunker.start
         + (gint64) (stage->chunker.open ? stage->chunker.filled : 0);
}

static gboolean
open_chunk (ScdAudioStage *stage, GError **error)
{
  for (guint i = 0; i < stage->sources; i++)
    {
      Output *out = &stage->outputs[i];

      g_free (out->wav_path);
      out->wav_path = scd_session_layout_chunk_of_source (stage->audio_dir, stage->chunker.index,
                                                          i);
      out->wav = scd_wav_writer_open (out->wav_path, stage->rate, stage->channels, error);
      if (out->wav == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Saves the index and announces the chunks held back, in order: now when
 * @force, else when a save is due (chunks closed faster than the index can
 * be saved wait; scd-index.h). */
static gboolean
save_held (ScdAudioStage *stage, gboolean force, GError **error)
{
  if (stage->held->len == 0 || (!force && scd_index_until_save_due (stage->index) > 0))
    return TRUE;
  if (!scd_index_save (stage->index, error))
    return FALSE;
  for (guint i = 0; i < stage->held->len; i++)
    stage->sink (SCD_ENTRY_CHUNK, g_ptr_array_index (stage->held, i), stage->user_data);
  g_ptr_array_set_size (stage->held, 0);
  return TRUE;
}

/* Writes @count samples into the WAV that is open, or opens the open
 * chunk's. */
static gboolean
commit (ScdAudioStage *stage, const gint16 *samples, gsize count, GError **error)
{
  g_autofree gint16 *side = NULL;

  if (count == 0)
    return TRUE;
  if (stage->outputs[0].wav == NULL && !open_chunk (stage, error))
    return FALSE;
  if (stage->sources > 1)
    side = g_new (gint16, count * stage->channels);
  for (guint i = 0; i < stage->sources; i++)
    {
      Output *out = &stage->outputs[i];
      const gint16 *values = samples;

      /* Each source's channels, out of the wide samples. */
      if (side != NULL)
        {
          for (gsize n = 0; n < count; n++)
            memcpy (side + n * stage->channels, samples + n * stage->width + i * stage->channels,
                    stage->channels * sizeof (gint16));
          values = side;
        }
      if (!scd_wav_writer_write (out->wav, values, count, error))
        return FALSE;
      scd_audio_peaks_add (&out->peaks, values, count, stage->channels);
      scd_audio_levels_add (&out->levels, values, count, stage->channels);
    }
  return TRUE;
}

/* The samples from here on arrived at stage->arrival. */
static void
note_arrival (ScdAudioStage *stage)
{
  Arrival note = {
    .at = stage->chunker.start + (stage->chunker.open ? stage->chunker.filled : 0),
    .when = stage->arrival,
  };

  if (note.when != 0)
    g_array_append_val (stage->arrivals, note);
}

/* When the sample @start arrived (0: unknown); notes before it are
 * dropped, since chunks close in order. */
static gint64
arrival_of (ScdAudioStage *stage, guint64 start)
{
  guint found = 0;

  while (found + 1 < stage->arrivals->len
         && g_array_index (stage->arrivals, Arrival, found + 1).at <= start)
    found++;
  if (stage->arrivals->len == 0)
    return 0;
  g_array_remove_range (stage->arrivals, 0, found);
  return g_array_index (stage->arrivals, Arrival, 0).when;
}

/* One source's side of chunk @index: its WAV closes, its entry goes to
 * the index and waits to be announced. */
static gboolean
close_output (ScdAudioStage *stage,
              Output *out,
              guint index,
              guint64 at,
              guint64 samples,
              const char *boundary,
              gint64 wallclock,
              GError **error)
{
  g_autoptr (GBytes) peaks = scd_audio_peaks_take (&out->peaks);
  ScdAudioLevelSummary summary;
  ScdChunkEntry entry = {
    .index = index,
    .path = out->wav_path,
    .start = scd_audio_chunker_samples_to_seconds (stage->rate, at),
    .duration = scd_audio_chunker_samples_to_seconds (stage->rate, samples),
    .samples = samples,
    .sample_rate = stage->rate,
    .channels = stage->channels,
    .gap = scd_audio_chunker_samples_to_seconds (stage->rate, (guint64) stage->skipped),
    .peaks = peaks,
    .boundary = boundary,
    .wallclock = wallclock,
    .source = out->source,
  };
  GVariant *value;

  scd_audio_levels_summarise (&out->levels, &summary);
  scd_audio_levels_reset (&out->levels);
  entry.speech = summary.speech;
  entry.silent = summary.silent;
  entry.level_peak = summary.peak;
  entry.level_mean = summary.mean;

  if (!scd_wav_writer_close (out->wav, error))
    return FALSE;
  g_clear_pointer (&out->wav, scd_wav_writer_free);

  g_debug ("Chunk %u closed (%s): %.3f s from %.3f s, speech %.2f, peak %.1f dBFS, %s", entry.index,
           boundary, entry.duration, entry.start, entry.speech, entry.level_peak, entry.path);
  value = g_variant_ref_sink (scd_chunk_entry_to_variant (&entry));
  scd_index_append (stage->index, value);
  g_ptr_array_add (stage->held, value);
  return TRUE;
}

/* Closes the WAVs being written as chunk @index, @samples long from @start
 * (in samples from the first), cut where @boundary says. */
static gboolean
close_wav (ScdAudioStage *stage,
           guint index,
           guint64 start,
           guint64 samples,
           const char *boundary,
           GError **error)
{
  guint64 at = (guint64) stage->offset + start;
  gint64 wallclock = arrival_of (stage, start);

  for (guint i = 0; i < stage->sources; i++)
    if (!close_output (stage, &stage->outputs[i], index, at, samples, boundary, wallclock, error))
      return FALSE;
  stage->skipped = 0;
  return save_held (stage, FALSE, error);
}

/* The chunk that waited for the next one to reach min closes; the next
 * one's samples so far start its own WAV. */
static gboolean
close_deferred (ScdAudioStage *stage, GError **error)
{
  stage->deferred = FALSE;
  if (!close_wav (stage, stage->deferred_index, stage->deferred_start, stage->deferred_samples,
                  stage->deferred_boundary, error))
    return FALSE;
  if (!commit (stage, (const gint16 *) stage->unwritten->data, stage->unwritten->len / stage->width,
               error))
    return FALSE;
  g_array_set_size (stage->unwritten, 0);
  return TRUE;
}

/* The open chunk, cut already (its samples all written), ends for
 * @boundary; a file's waits for the next one to reach min. */
static gboolean
close_chunk (ScdAudioStage *stage, const char *boundary, GError **error)
{
  guint index = stage->chunker.index;
  guint64 start = stage->chunker.start;
  guint64 samples = stage->chunker.filled;
  double hold = SCD_AUDIO_CHUNKER_HOLD_MAX * stage->rate;

  scd_audio_chunker_next (&stage->chunker);
  update_range (stage);
  scd_audio_levels_reset (&stage->search);
  if (stage->join_last && !g_str_equal (boundary, "end")
      && (double) stage->chunker.min_length <= hold)
    {
      g_debug ("Chunk %u cut (%s); it closes once the next one is long enough to stand alone",
               index, boundary);
      stage->deferred = TRUE;
      stage->deferred_index = index;
      stage->deferred_start = start;
      stage->deferred_samples = samples;
      stage->deferred_boundary = boundary;
      return TRUE;
    }
  return close_wav (stage, index, start, samples, boundary, error);
}

static gboolean feed (ScdAudioStage *stage, const gint16 *samples, gsize count, GError **error);

/* The open chunk reached max: it ends at the quietest pause after min,
 * or at max; what follows the cut starts the next chunk. */
static gboolean
cut_chunk (ScdAudioStage *stage, GError **error)
{
  ScdAudioChunker *chunker = &stage->chunker;
  GArray *levels = stage->search.levels;
  guint64 window = stage->search.window;
  gsize first = (gsize) ((chunker->min + window - 1) / window);
  gsize end = (gsize) MIN (chunker->max / window, (guint64) levels->len);
  double floor = scd_audio_pause_noise_floor ((const double *) levels->data, levels->len);
  gssize pause = scd_audio_pause_find ((const double *) levels->data, first, MAX (first, end),
                                       (gsize) (chunker->target / window), floor);
  guint64 at = pause >= 0 ? (guint64) pause * window + window / 2 : chunker->max;
  guint64 written = chunker->min;
  g_autoptr (GArray) carry = NULL;
  guint64 carried;

  if (pause >= 0)
    g_debug ("Chunk %u: the quietest pause from %.1f s to %.1f s is at %.2f s (%.1f dBFS, floor "
             "%.1f)",
             chunker->index, (double) chunker->min / stage->rate,
             (double) chunker->max / stage->rate, (double) at / stage->rate,
             g_array_index (levels, double, pause), floor);
  else
    g_debug ("Chunk %u: no pause from %.1f s to %.1f s (floor %.1f dBFS): cut at the longest",
             chunker->index, (double) chunker->min / stage->rate,
             (double) chunker->max / stage->rate, floor);

  carried = scd_audio_chunker_cut (chunker, at);
  if (!commit (stage, (const gint16 *) stage->unwritten->data, (gsize) (at - written), error))
    return FALSE;
  carry = g_array_sized_new (FALSE, FALSE, sizeof (gint16), (guint) (carried * stage->width));
  if (carried > 0)
    g_array_append_vals (carry,
                         &g_array_index (stage->unwritten, gint16, (at - written) * stage->width),
                         (guint) (carried * stage->width));
  g_array_set_size (stage->unwritten, 0);
  if (!close_chunk (stage, pause >= 0 ? "pause" : "max", error))
    return FALSE;
  return feed (stage, (const gint16 *) carry->data, (gsize) carried, error);
}

/* Samples into the chunks, in order: straight to the WAV up to min, held
 * from there to max, where the chunk is cut. */
static gboolean
feed (ScdAudioStage *stage, const gint16 *samples, gsize count, GError **error)
{
  while (count > 0)
    {
      gsize take = (gsize) MIN ((guint64) count, scd_audio_chunker_room (&stage->chunker));

      scd_audio_levels_add (&stage->search, samples, take, stage->width);
      if (stage->deferred || scd_audio_chunker_holding (&stage->chunker))
        g_array_append_vals (stage->unwritten, samples, (guint) (take * stage->width));
      else if (!commit (stage, samples, take, error))
        return FALSE;
      samples += take * stage->width;
      count -= take;

      if (scd_audio_chunker_add (&stage->chunker, take))
        {
          if (stage->deferred && !close_deferred (stage, error))
            return FALSE;
          if (!cut_chunk (stage, error))
            return FALSE;
        }
      else if (stage->deferred && scd_audio_chunker_holding (&stage->chunker)
               && !close_deferred (stage, error))
        return FALSE;
    }
  return TRUE;
}

/* The audio ends here (the source's end, a stop, a gap too long to fill):
 * the open chunk closes as it is, or joins the deferred one. */
static gboolean
flush (ScdAudioStage *stage, GError **error)
{
  if (stage->deferred)
    {
      guint64 joined = stage->chunker.filled;

      if (!commit (stage, (const gint16 *) stage->unwritten->data, (gsize) joined, error))
        return FALSE;
      g_array_set_size (stage->unwritten, 0);
      g_debug ("The last %.3f s join chunk %u", (double) joined / stage->rate,
               stage->deferred_index);
      if (stage->chunker.open)
        scd_audio_chunker_join (&stage->chunker);
      stage->deferred = FALSE;
      scd_audio_levels_reset (&stage->search);
      return close_wav (stage, stage->deferred_index, stage->deferred_start,
                        stage->deferred_samples + joined,
                        joined > 0 ? "end" : stage->deferred_boundary, error);
    }
  if (!scd_audio_chunker_finish (&stage->chunker))
    return TRUE;
  if (!commit (stage, (const gint16 *) stage->unwritten->data, stage->unwritten->len / stage->width,
               error))
    return FALSE;
  g_array_set_size (stage->unwritten, 0);
  return close_chunk (stage, "end", error);
}

/* Every sample the chunks get: the tap sees it as it comes, once. */
static gboolean
write_samples (ScdAudioStage *stage, const gint16 *samples, gsize count, GError **error)
{
  if (stage->tap != NULL && count > 0 && stage->sources == 1)
    stage->tap (samples, count, stage->tap_data);
  else if (stage->tap != NULL && count > 0)
    {
      /* The tap (a live stream's audio) gets one source's worth of
       * channels: the two mixed, each at half, so the sum cannot clip. */
      g_autofree gint16 *mix = g_new (gint16, count * stage->channels);

      for (gsize n = 0; n < count * stage->channels; n++)
        {
          gsize sample = n / stage->channels, channel = n % stage->channels;
          const gint16 *wide = samples + sample * stage->width + channel;

          mix[n] = (gint16) (((int) wide[0] + (int) wide[stage->channels]) / 2);
        }
      stage->tap (mix, count, stage->tap_data);
    }
  return feed (stage, samples, count, error);
}

static gboolean
write_silence (ScdAudioStage *stage, gint64 count, GError **error)
{
  g_autofree gint16 *zeros = g_new0 (gint16, (gsize) stage->rate * stage->width);

  while (count > 0)
    {
      gsize n = (gsize) MIN (count, (gint64) stage->rate);

      if (!write_samples (stage, zeros, n, error))
        return FALSE;
      count -= (gint64) n;
    }
  return TRUE;
}

/* A gap of @count samples, too long to fill: the open chunk ends, and the
 * next starts after the gap. */
static gboolean
skip_gap (ScdAudioStage *stage, gint64 count, GError **error)
{
  g_message ("Audio jumps %.1f s ahead: more than silence may fill; the next chunk starts after "
             "the gap",
             scd_audio_chunker_samples_to_seconds (stage->rate, (guint64) count));
  if (!flush (stage, error))
    return FALSE;
  scd_audio_chunker_skip (&stage->chunker, (guint64) count);
  stage->skipped += count;
  return TRUE;
}

/* Samples whose timeline position @pts is known are placed there: a gap
 * since the last samples (a lost packet, a reconnect, late audio) is
 * filled with silence, within bounds, an overlap is dropped, so the
 * sample count matches timeline time. Differences under a tolerance are
 * the jitter of timestamps and resampling, and are left alone. */
static gboolean
take_samples (const gint16 *samples, gsize count, gint64 pts, gpointer user_data, GError **error)
{
  ScdAudioStage *stage = user_data;
  gint64 tolerance = stage->rate / 50; /* 20 ms */

  if (!save_held (stage, FALSE, error))
    return FALSE;
  ensure_offset (stage, pts);
  note_arrival (stage);
  if (pts != AV_NOPTS_VALUE)
    {
      gint64 gap = pts - next_sample (stage);

      gint64 max_fill = (gint64) stage->rate * SCD_AUDIO_MAX_FILL;

      if (gap > tolerance && (gap > max_fill || stage->filled + gap > stage->received + max_fill))
        {
          if (!skip_gap (stage, gap, error))
            return FALSE;
        }
      else if (gap > tolerance)
        {
          g_debug ("Audio: %" G_GINT64_FORMAT " samples missing, filled with silence", gap);
          if (!write_silence (stage, gap, error))
            return FALSE;
          stage->filled += gap;
        }
      else if (gap < -tolerance)
        {
          gsize drop = (gsize) MIN ((guint64) -gap, (guint64) count);

          g_debug ("Audio: %" G_GSIZE_FORMAT " samples overlap what was written, dropped", drop);
          samples += drop * stage->width;
          count -= drop;
        }
    }
  stage->received += (gint64) count;
  return write_samples (stage, samples, count, error);
}

/* Raw samples on the session clock (PulseAudio): they follow the last.
 * @arrival: the real time the first of them was captured. */
gboolean
scd_audio_stage_push_samples (ScdAudioStage *stage,
                              const gint16 *samples,
                              gsize count,
                              gint64 arrival,
                              double chunk_seconds,
                              GError **error)
{
  stage->arrival = arrival;
  stage->chunk_seconds = chunk_seconds;
  if (!stage->chunker.open)
    update_range (stage);
  return take_samples (samples, count, AV_NOPTS_VALUE, stage, error);
}

/* Decodes @packet, or drains the decoder when it is NULL; @arrival: the
 * real time @packet was read (g_get_real_time()). */
gboolean
scd_audio_stage_push (ScdAudioStage *stage,
                      const AVPacket *packet,
                      gint64 arrival,
                      double chunk_seconds,
                      GError **error)
{
  stage->arrival = arrival;
  stage->chunk_seconds = chunk_seconds;
  if (!stage->chunker.open)
    update_range (stage);
  return scd_audio_decoder_push (stage->decoder, packet, take_samples, stage, error);
}

/* Drains the decoder and closes the last chunk. */
gboolean
scd_audio_stage_finish (ScdAudioStage *stage, GError **error)
{
  if (stage->decoder != NULL
      && !scd_audio_decoder_push (stage->decoder, NULL, take_samples, stage, error))
    return FALSE;
  ensure_offset (stage, AV_NOPTS_VALUE);
  if (!flush (stage, error))
    return FALSE;
  return save_held (stage, TRUE, error);
}
