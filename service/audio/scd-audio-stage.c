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
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-audio-chunker.h"
#include "scd-audio-decoder.h"
#include "scd-audio-peaks.h"
#include "scd-audio-stage.h"
#include "scd-chunk-entry.h"
#include "scd-session-layout.h"
#include "scd-error.h"
#include "scd-libav.h"
#include "scd-wav-writer.h"

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
  ScdAudioPeaks peaks;
  ScdWavWriter *wav;
  char *wav_path;
  gboolean have_offset;
  gint64 offset;   /* timeline position of the first sample, in samples */
  gint64 received; /* samples that came in */
  gint64 filled;   /* samples of silence written into gaps */
  gint64 skipped;  /* samples skipped before the next chunk, unfilled */

  double chunk_seconds; /* for chunks opened from now on */
  GPtrArray *held;      /* chunk entries in the index, not saved nor announced yet */
};

void
scd_audio_stage_free (ScdAudioStage *stage)
{
  if (stage == NULL)
    return;
  scd_audio_decoder_free (stage->decoder);
  g_ptr_array_unref (stage->held);
  g_free (stage->audio_dir);
  g_clear_pointer (&stage->index, scd_index_unref);
  scd_audio_peaks_clear (&stage->peaks);
  scd_wav_writer_free (stage->wav);
  g_free (stage->wav_path);
  g_free (stage);
}

ScdAudioStage *
scd_audio_stage_new (guint rate,
                     guint channels,
                     double chunk_seconds,
                     const char *audio_dir,
                     ScdIndex *index,
                     ScdEntrySinkFunc sink,
                     gpointer user_data)
{
  ScdAudioStage *stage = g_new0 (ScdAudioStage, 1);

  stage->held = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  stage->sink = sink;
  stage->user_data = user_data;
  stage->rate = rate;
  stage->channels = channels;
  stage->chunk_seconds = chunk_seconds;
  stage->audio_dir = g_strdup (audio_dir);
  stage->index = scd_index_ref (index);
  scd_audio_chunker_init (&stage->chunker, rate, chunk_seconds);
  scd_audio_peaks_init (&stage->peaks, rate);
  return stage;
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
  g_free (stage->wav_path);
  stage->wav_path = scd_session_layout_chunk (stage->audio_dir, stage->chunker.index);
  stage->wav = scd_wav_writer_open (stage->wav_path, stage->rate, stage->channels, error);
  return stage->wav != NULL;
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

static gboolean
close_chunk (ScdAudioStage *stage, GError **error)
{
  g_autoptr (GBytes) peaks = scd_audio_peaks_take (&stage->peaks);
  guint64 samples = stage->chunker.filled;
  guint64 start = (guint64) stage->offset + stage->chunker.start;
  ScdChunkEntry entry = {
    .index = stage->chunker.index,
    .path = stage->wav_path,
    .start = scd_audio_chunker_samples_to_seconds (stage->rate, start),
    .duration = scd_audio_chunker_samples_to_seconds (stage->rate, samples),
    .samples = samples,
    .sample_rate = stage->rate,
    .channels = stage->channels,
    .gap = scd_audio_chunker_samples_to_seconds (stage->rate, (guint64) stage->skipped),
    .peaks = peaks,
  };
  GVariant *value;

  if (!scd_wav_writer_close (stage->wav, error))
    return FALSE;
  g_clear_pointer (&stage->wav, scd_wav_writer_free);

  g_debug ("Chunk %u closed: %.3f s from %.3f s, %s", entry.index, entry.duration, entry.start,
           entry.path);
  value = g_variant_ref_sink (scd_chunk_entry_to_variant (&entry));
  scd_index_append (stage->index, value);
  g_ptr_array_add (stage->held, value);
  stage->skipped = 0;
  scd_audio_chunker_next (&stage->chunker);
  scd_audio_chunker_set_chunk_seconds (&stage->chunker, stage->chunk_seconds);
  return save_held (stage, FALSE, error);
}

static gboolean
write_samples (ScdAudioStage *stage, const gint16 *samples, gsize count, GError **error)
{
  while (count > 0)
    {
      gsize take = (gsize) MIN ((guint64) count, scd_audio_chunker_room (&stage->chunker));

      if (stage->wav == NULL && !open_chunk (stage, error))
        return FALSE;
      if (!scd_wav_writer_write (stage->wav, samples, take, error))
        return FALSE;
      scd_audio_peaks_add (&stage->peaks, samples, take, stage->channels);
      if (stage->tap != NULL)
        stage->tap (samples, take, stage->tap_data);
      if (scd_audio_chunker_add (&stage->chunker, take) && !close_chunk (stage, error))
        return FALSE;

      samples += take * stage->channels;
      count -= take;
    }
  return TRUE;
}

static gboolean
write_silence (ScdAudioStage *stage, gint64 count, GError **error)
{
  g_autofree gint16 *zeros = g_new0 (gint16, (gsize) stage->rate * stage->channels);

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
  if (stage->chunker.open && !close_chunk (stage, error))
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
          samples += drop * stage->channels;
          count -= drop;
        }
    }
  stage->received += (gint64) count;
  return write_samples (stage, samples, count, error);
}

/* Raw samples on the session clock (PulseAudio): they follow the last. */
gboolean
scd_audio_stage_push_samples (ScdAudioStage *stage,
                              const gint16 *samples,
                              gsize count,
                              double chunk_seconds,
                              GError **error)
{
  stage->chunk_seconds = chunk_seconds;
  if (!stage->chunker.open)
    scd_audio_chunker_set_chunk_seconds (&stage->chunker, chunk_seconds);
  return take_samples (samples, count, AV_NOPTS_VALUE, stage, error);
}

/* Decodes @packet, or drains the decoder when it is NULL. */
gboolean
scd_audio_stage_push (ScdAudioStage *stage,
                      const AVPacket *packet,
                      double chunk_seconds,
                      GError **error)
{
  stage->chunk_seconds = chunk_seconds;
  if (!stage->chunker.open)
    scd_audio_chunker_set_chunk_seconds (&stage->chunker, chunk_seconds);
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
  if (scd_audio_chunker_finish (&stage->chunker) && !close_chunk (stage, error))
    return FALSE;
  return save_held (stage, TRUE, error);
}
