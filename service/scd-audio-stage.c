/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Samples stream straight into the open chunk's WAV file; nothing holds a
 * whole chunk in memory. The first sample's place on the session timeline
 * comes from the first decoded frame's timestamp, rounded once to a whole
 * sample; from there on every chunk start is that offset plus a count of
 * samples. Packets arrive with the session timeline's timestamps.
 *
 * A reconnect opens a new decoder (after draining the old one) and the
 * chunk being filled simply goes on. finish() closes the last, shorter
 * chunk.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-audio-chunker.h"
#include "scd-audio-decoder.h"
#include "scd-audio-peaks.h"
#include "scd-audio-stage.h"
#include "scd-error.h"
#include "scd-libav.h"
#include "scd-wav-writer.h"

struct _ScdAudioStage
{
  ScdAudioChunkFunc func;
  gpointer user_data;
  ScdAudioDecoder *decoder;
  AVRational time_base;
  guint rate;
  guint channels;
  char *audio_dir;
  ScdIndex *index;
  ScdAudioChunker chunker;
  ScdAudioPeaks peaks;
  ScdWavWriter *wav;
  char *wav_path;
  gboolean have_offset;
  gint64 offset; /* timeline position of the first sample, in samples */

  double chunk_seconds; /* for chunks opened from now on */
};

void
scd_audio_stage_free (ScdAudioStage *stage)
{
  if (stage == NULL)
    return;
  scd_audio_decoder_free (stage->decoder);
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
                     ScdAudioChunkFunc func,
                     gpointer user_data)
{
  ScdAudioStage *stage = g_new0 (ScdAudioStage, 1);

  stage->func = func;
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

static gboolean take_samples (const gint16 *samples, gsize count, gpointer user_data,
                              GError **error);

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
  stage->time_base = stream->time_base;
  return TRUE;
}

double
scd_audio_stage_get_position (ScdAudioStage *stage)
{
  guint64 end = stage->chunker.start + (stage->chunker.open ? stage->chunker.filled : 0);

  if (!stage->have_offset)
    return 0.0;
  return scd_audio_chunker_samples_to_seconds (stage->rate, (guint64) stage->offset + end);
}

static void
ensure_offset (ScdAudioStage *stage)
{
  gint64 pts;

  if (stage->have_offset)
    return;
  stage->have_offset = TRUE;
  if (scd_audio_decoder_get_first_pts (stage->decoder, &pts))
    stage->offset = MAX (0, av_rescale_q_rnd (pts, stage->time_base,
                                              (AVRational) { 1, (int) stage->rate },
                                              AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX));
}

static gboolean
open_chunk (ScdAudioStage *stage, GError **error)
{
  g_autofree char *file = g_strdup_printf ("chunk_%04u.wav", stage->chunker.index);

  g_free (stage->wav_path);
  stage->wav_path = g_build_filename (stage->audio_dir, file, NULL);
  stage->wav = scd_wav_writer_open (stage->wav_path, stage->rate, stage->channels, error);
  return stage->wav != NULL;
}

static gboolean
close_chunk (ScdAudioStage *stage, GError **error)
{
  g_autoptr (GBytes) peaks = scd_audio_peaks_take (&stage->peaks);
  guint64 samples = stage->chunker.filled;
  guint64 start = (guint64) stage->offset + stage->chunker.start;
  GVariantDict entry;
  GVariant *value;

  if (!scd_wav_writer_close (stage->wav, error))
    return FALSE;
  g_clear_pointer (&stage->wav, scd_wav_writer_free);

  g_variant_dict_init (&entry, NULL);
  g_variant_dict_insert (&entry, "index", "u", stage->chunker.index);
  g_variant_dict_insert (&entry, "path", "s", stage->wav_path);
  g_variant_dict_insert (&entry, "start", "d",
                         scd_audio_chunker_samples_to_seconds (stage->rate, start));
  g_variant_dict_insert (&entry, "duration", "d",
                         scd_audio_chunker_samples_to_seconds (stage->rate, samples));
  g_variant_dict_insert (&entry, "samples", "t", samples);
  g_variant_dict_insert (&entry, "sample-rate", "u", stage->rate);
  g_variant_dict_insert (&entry, "channels", "u", stage->channels);
  g_variant_dict_insert_value (&entry, "peaks",
                               g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, peaks, TRUE));
  value = g_variant_ref_sink (g_variant_dict_end (&entry));
  scd_index_append (stage->index, value);
  scd_audio_chunker_next (&stage->chunker);
  scd_audio_chunker_set_chunk_seconds (&stage->chunker, stage->chunk_seconds);

  if (!scd_index_save (stage->index, error))
    {
      g_variant_unref (value);
      return FALSE;
    }
  stage->func (value, stage->user_data);
  g_variant_unref (value);
  return TRUE;
}

static gboolean
take_samples (const gint16 *samples, gsize count, gpointer user_data, GError **error)
{
  ScdAudioStage *stage = user_data;

  ensure_offset (stage);
  while (count > 0)
    {
      gsize take = (gsize) MIN ((guint64) count, scd_audio_chunker_room (&stage->chunker));

      if (stage->wav == NULL && !open_chunk (stage, error))
        return FALSE;
      if (!scd_wav_writer_write (stage->wav, samples, take, error))
        return FALSE;
      scd_audio_peaks_add (&stage->peaks, samples, take, stage->channels);
      if (scd_audio_chunker_add (&stage->chunker, take) && !close_chunk (stage, error))
        return FALSE;

      samples += take * stage->channels;
      count -= take;
    }
  return TRUE;
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
  if (scd_audio_chunker_finish (&stage->chunker))
    return close_chunk (stage, error);
  return TRUE;
}
