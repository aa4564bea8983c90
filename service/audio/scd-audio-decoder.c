/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Any number of channels is mixed down to the session's (a layout FFmpeg
 * has no name for, evenly). libswresample is set up from the first
 * decoded frame rather than from the stream parameters, which some
 * demuxers leave incomplete, and set up again if the input format changes
 * mid-stream. A NULL packet drains both
 * the decoder and the resampler, so no sample is left behind at the end.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-audio-decoder.h"
#include "scd-error.h"
#include "scd-libav.h"

struct _ScdAudioDecoder
{
  AVCodecContext *codec;
  SwrContext *swr;
  AVFrame *frame;
  AVChannelLayout out_layout;
  guint rate;
  guint channels;
  AVChannelLayout in_layout;
  int in_rate;
  int in_format;
  AVRational time_base;
  gint16 *buffer;
  int buffer_samples;
};

void
scd_audio_decoder_free (ScdAudioDecoder *decoder)
{
  if (decoder == NULL)
    return;
  avcodec_free_context (&decoder->codec);
  swr_free (&decoder->swr);
  av_frame_free (&decoder->frame);
  av_channel_layout_uninit (&decoder->out_layout);
  av_channel_layout_uninit (&decoder->in_layout);
  g_free (decoder->buffer);
  g_free (decoder);
}

ScdAudioDecoder *
scd_audio_decoder_open (AVStream *stream, guint rate, guint channels, GError **error)
{
  g_autoptr (ScdAudioDecoder) decoder = g_new0 (ScdAudioDecoder, 1);
  const AVCodec *codec = avcodec_find_decoder (stream->codecpar->codec_id);
  int ret;

  if (codec == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED, _("No decoder for audio codec “%s”"),
                   avcodec_get_name (stream->codecpar->codec_id));
      return NULL;
    }

  decoder->codec = avcodec_alloc_context3 (codec);
  ret = avcodec_parameters_to_context (decoder->codec, stream->codecpar);
  if (ret >= 0)
    {
      decoder->codec->pkt_timebase = stream->time_base;
      ret = avcodec_open2 (decoder->codec, codec, NULL);
    }
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not open the audio decoder"));
      return NULL;
    }

  decoder->frame = av_frame_alloc ();
  decoder->time_base = stream->time_base;
  decoder->rate = rate;
  decoder->channels = channels;
  decoder->in_format = -1;
  av_channel_layout_default (&decoder->out_layout, (int) channels);
  return g_steal_pointer (&decoder);
}

static void
frame_layout (const AVFrame *frame, AVChannelLayout *layout)
{
  if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
    av_channel_layout_default (layout, frame->ch_layout.nb_channels);
  else
    av_channel_layout_copy (layout, &frame->ch_layout);
}

static gboolean
resampler_matches (ScdAudioDecoder *decoder, const AVFrame *frame)
{
  AVChannelLayout layout = { 0 };
  gboolean same;

  frame_layout (frame, &layout);
  same = decoder->in_rate == frame->sample_rate && decoder->in_format == frame->format
         && av_channel_layout_compare (&decoder->in_layout, &layout) == 0;
  av_channel_layout_uninit (&layout);
  return same;
}

/* A layout of more channels than FFmpeg names (a 32-channel recorder
 * track) has no order libswresample can mix down: input channel i goes to
 * output channel i modulo the output's, each output the mean of its
 * inputs. */
static int
set_even_downmix (ScdAudioDecoder *decoder)
{
  int in = decoder->in_layout.nb_channels;
  int out = (int) decoder->channels;
  g_autofree double *matrix = g_new0 (double, (gsize) in *(gsize) out);

  for (int i = 0; i < in; i++)
    {
      int o = i % out;
      int inputs = in / out + (o < in % out ? 1 : 0);

      matrix[o * in + i] = 1.0 / inputs;
    }
  return swr_set_matrix (decoder->swr, matrix, in);
}

static gboolean
setup_resampler (ScdAudioDecoder *decoder, const AVFrame *frame, GError **error)
{
  int ret;

  swr_free (&decoder->swr);
  av_channel_layout_uninit (&decoder->in_layout);
  frame_layout (frame, &decoder->in_layout);
  decoder->in_rate = frame->sample_rate;
  decoder->in_format = frame->format;

  ret = swr_alloc_set_opts2 (&decoder->swr, &decoder->out_layout, AV_SAMPLE_FMT_S16,
                             (int) decoder->rate, &decoder->in_layout, frame->format,
                             frame->sample_rate, 0, NULL);
  if (ret >= 0 && decoder->in_layout.order == AV_CHANNEL_ORDER_UNSPEC
      && decoder->in_layout.nb_channels > (int) decoder->channels)
    ret = set_even_downmix (decoder);
  if (ret >= 0)
    ret = swr_init (decoder->swr);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not set up audio resampling"));
      return FALSE;
    }
  return TRUE;
}

/* Converts @frame (NULL: drain) and hands the samples to @sink. */
static gboolean
convert (ScdAudioDecoder *decoder,
         AVFrame *frame,
         ScdAudioSink sink,
         gpointer user_data,
         GError **error)
{
  int in_samples = frame != NULL ? frame->nb_samples : 0;
  gint64 pts = AV_NOPTS_VALUE;
  int out_samples;

  if (decoder->swr == NULL)
    return TRUE;

  /* The first sample out is the frame's first sample in, less what the
   * resampler still holds from before. */
  if (frame != NULL && frame->best_effort_timestamp != AV_NOPTS_VALUE)
    pts = av_rescale_q_rnd (frame->best_effort_timestamp, decoder->time_base,
                            (AVRational){ 1, (int) decoder->rate },
                            AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX)
          - swr_get_delay (decoder->swr, decoder->rate);

  out_samples = swr_get_out_samples (decoder->swr, in_samples);
  if (out_samples <= 0)
    return TRUE;
  if (out_samples > decoder->buffer_samples)
    {
      decoder->buffer = g_realloc_n (decoder->buffer, (gsize) out_samples * decoder->channels,
                                     sizeof (gint16));
      decoder->buffer_samples = out_samples;
    }

  out_samples = swr_convert (decoder->swr, (guint8 **) &decoder->buffer, out_samples,
                             frame != NULL ? (const guint8 **) frame->extended_data : NULL,
                             in_samples);
  if (out_samples < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, out_samples, _("Could not resample audio"));
      return FALSE;
    }
  return out_samples == 0 || sink (decoder->buffer, (gsize) out_samples, pts, user_data, error);
}

gboolean
scd_audio_decoder_push (ScdAudioDecoder *decoder,
                        const AVPacket *packet,
                        ScdAudioSink sink,
                        gpointer user_data,
                        GError **error)
{
  int ret = avcodec_send_packet (decoder->codec, packet);
  gboolean ok = TRUE;

  /* A damaged packet is skipped; the stream goes on. */
  if (ret < 0 && ret != AVERROR_EOF && ret != AVERROR (EAGAIN))
    {
      g_debug ("Skipping an audio packet the decoder refused");
      return TRUE;
    }

  for (;;)
    {
      ret = avcodec_receive_frame (decoder->codec, decoder->frame);
      if (ret == AVERROR (EAGAIN))
        return TRUE;
      if (ret == AVERROR_EOF)
        break;
      if (ret < 0)
        {
          g_debug ("Skipping an audio frame the decoder could not decode");
          return TRUE;
        }

      /* A format change drains the old resampler before replacing it. */
      if (decoder->swr == NULL || !resampler_matches (decoder, decoder->frame))
        ok = convert (decoder, NULL, sink, user_data, error)
             && setup_resampler (decoder, decoder->frame, error);
      if (!ok || !convert (decoder, decoder->frame, sink, user_data, error))
        {
          av_frame_unref (decoder->frame);
          return FALSE;
        }
      av_frame_unref (decoder->frame);
    }

  /* End of stream: drain what the resampler still holds. */
  return convert (decoder, NULL, sink, user_data, error);
}
