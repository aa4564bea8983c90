/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Samples stream straight into the open chunk's WAV file; nothing holds a
 * whole chunk in memory. The first sample's place on the session timeline
 * comes from the first decoded frame's timestamp, rounded once to a whole
 * sample; from there on every chunk start is that offset plus a count of
 * samples. A NULL packet drains the decoder and closes the last, shorter
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
  ScdAudioDecoder *decoder;
  AVRational time_base;
  gint64 origin; /* container start, in the stream's time base */
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

  /* Valid during push () only. */
  GPtrArray *new_chunks;
  double chunk_seconds;
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
scd_audio_stage_new (AVStream *stream,
                     gint64 origin,
                     guint rate,
                     guint channels,
                     double chunk_seconds,
                     const char *audio_dir,
                     ScdIndex *index,
                     GError **error)
{
  g_autoptr (ScdAudioStage) stage = g_new0 (ScdAudioStage, 1);

  stage->decoder = scd_audio_decoder_open (stream, rate, channels, error);
  if (stage->decoder == NULL)
    return NULL;

  stage->time_base = stream->time_base;
  stage->origin = av_rescale_q (origin, AV_TIME_BASE_Q, stream->time_base);
  stage->rate = rate;
  stage->channels = channels;
  stage->audio_dir = g_strdup (audio_dir);
  stage->index = scd_index_ref (index);
  scd_audio_chunker_init (&stage->chunker, rate, chunk_seconds);
  scd_audio_peaks_init (&stage->peaks, rate);
  return g_steal_pointer (&stage);
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
    stage->offset = MAX (0, av_rescale_q_rnd (pts - stage->origin, stage->time_base,
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
  g_ptr_array_add (stage->new_chunks, value);
  scd_index_append (stage->index, value);
  scd_audio_chunker_next (&stage->chunker);
  scd_audio_chunker_set_chunk_seconds (&stage->chunker, stage->chunk_seconds);

  return scd_index_save (stage->index, error);
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

gboolean
scd_audio_stage_push (ScdAudioStage *stage,
                      const AVPacket *packet,
                      double chunk_seconds,
                      GPtrArray *new_chunks,
                      GError **error)
{
  gboolean ok;

  stage->new_chunks = new_chunks;
  stage->chunk_seconds = chunk_seconds;
  if (!stage->chunker.open)
    scd_audio_chunker_set_chunk_seconds (&stage->chunker, chunk_seconds);

  ok = scd_audio_decoder_push (stage->decoder, packet, take_samples, stage, error);
  if (ok && packet == NULL && scd_audio_chunker_finish (&stage->chunker))
    ok = close_chunk (stage, error);

  stage->new_chunks = NULL;
  return ok;
}
