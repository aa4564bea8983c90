/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The producer copies the session's samples (signed 16-bit, interleaved,
 * at the session's rate) into the queue. The writer thread owns every
 * libav context of the stream: a resampler when the stream's rate, channel
 * count or sample format differ, and for "aac" libavcodec's AAC encoder
 * and libavformat's ADTS muxer, which writes through an AVIOContext into
 * the pipe, flushed after every packet so that a reader hears it at once.
 *
 * The queue holds about two seconds; a reader that falls further behind
 * loses the oldest audio, and the AAC timestamps simply go on.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/opt.h>

#include "scd-audio-stream.h"
#include "scd-error.h"
#include "scd-libav.h"
#include "scd-option-check.h"

/* Pushes come one decoded frame at a time (often 1024 samples, about 20
 * to 60 ms) or one PulseAudio fragment (about 20 ms): 64 is about two
 * seconds or more. */
#define QUEUE_BUFFERS 64
#define AVIO_BUFFER_SIZE 4096

typedef struct
{
  gboolean aac;
  guint in_rate;
  guint in_channels;
  guint rate;
  guint channels;

  /* Writer thread. */
  ScdStream *stream; /* for the AVIO callback; not a reference */
  gboolean opened;
  SwrContext *swr;
  AVCodecContext *encoder;
  AVFormatContext *muxer;
  AVAudioFifo *fifo;
  AVFrame *frame;
  AVPacket *packet;
  gint64 next_pts;
  guint8 *converted;
  int converted_samples;
} AudioStream;

static void
audio_stream_free (gpointer data)
{
  AudioStream *as = data;

  swr_free (&as->swr);
  avcodec_free_context (&as->encoder);
  if (as->muxer != NULL)
    {
      if (as->muxer->pb != NULL)
        {
          av_freep (&as->muxer->pb->buffer);
          avio_context_free (&as->muxer->pb);
        }
      avformat_free_context (as->muxer);
    }
  if (as->fifo != NULL)
    av_audio_fifo_free (as->fifo);
  av_frame_free (&as->frame);
  av_packet_free (&as->packet);
  av_freep (&as->converted);
  g_free (as);
}

static int
write_to_pipe (void *opaque, guint8 *buf, int size)
{
  AudioStream *as = opaque;

  return scd_stream_write (as->stream, buf, (gsize) size, NULL) ? size : AVERROR (EPIPE);
}

static gboolean
open_encoder (AudioStream *as, GError **error)
{
  const AVCodec *codec = avcodec_find_encoder (AV_CODEC_ID_AAC);
  const AVOutputFormat *adts = av_guess_format ("adts", NULL, NULL);
  guint8 *avio_buffer;
  AVStream *st;
  int ret;

  if (codec == NULL || adts == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
                   _("This FFmpeg has no AAC encoder or ADTS muxer"));
      return FALSE;
    }
  as->encoder = avcodec_alloc_context3 (codec);
  as->encoder->sample_fmt = AV_SAMPLE_FMT_FLTP;
  as->encoder->sample_rate = (int) as->rate;
  av_channel_layout_default (&as->encoder->ch_layout, (int) as->channels);
  as->encoder->bit_rate = 64000 * as->channels;
  as->encoder->time_base = (AVRational){ 1, (int) as->rate };
  if ((ret = avcodec_open2 (as->encoder, codec, NULL)) < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Cannot open the AAC encoder"));
      return FALSE;
    }

  if ((ret = avformat_alloc_output_context2 (&as->muxer, adts, NULL, NULL)) < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Cannot open the ADTS muxer"));
      return FALSE;
    }
  avio_buffer = av_malloc (AVIO_BUFFER_SIZE);
  as->muxer->pb = avio_alloc_context (avio_buffer, AVIO_BUFFER_SIZE, 1, as, NULL, write_to_pipe,
                                      NULL);
  as->muxer->flags |= AVFMT_FLAG_FLUSH_PACKETS;
  st = avformat_new_stream (as->muxer, NULL);
  avcodec_parameters_from_context (st->codecpar, as->encoder);
  st->time_base = as->encoder->time_base;
  if ((ret = avformat_write_header (as->muxer, NULL)) < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Cannot start the ADTS stream"));
      return FALSE;
    }
  as->fifo = av_audio_fifo_alloc (AV_SAMPLE_FMT_FLTP, (int) as->channels, as->encoder->frame_size);
  as->frame = av_frame_alloc ();
  as->packet = av_packet_alloc ();
  return TRUE;
}

/* Writer thread, before the first samples. */
static gboolean
open_writer (AudioStream *as, GError **error)
{
  AVChannelLayout in_layout, out_layout;
  enum AVSampleFormat out_format = as->aac ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_S16;
  int ret;

  as->opened = TRUE;
  if (as->aac && !open_encoder (as, error))
    return FALSE;
  if (!as->aac && as->rate == as->in_rate && as->channels == as->in_channels)
    return TRUE;

  av_channel_layout_default (&in_layout, (int) as->in_channels);
  av_channel_layout_default (&out_layout, (int) as->channels);
  ret = swr_alloc_set_opts2 (&as->swr, &out_layout, out_format, (int) as->rate, &in_layout,
                             AV_SAMPLE_FMT_S16, (int) as->in_rate, 0, NULL);
  if (ret >= 0)
    ret = swr_init (as->swr);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Cannot resample audio for a stream"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
encode (AudioStream *as, AVFrame *frame, GError **error)
{
  int ret = avcodec_send_frame (as->encoder, frame);

  while (ret >= 0)
    {
      ret = avcodec_receive_packet (as->encoder, as->packet);
      if (ret == AVERROR (EAGAIN) || ret == AVERROR_EOF)
        return TRUE;
      if (ret < 0)
        break;
      as->packet->stream_index = 0;
      av_packet_rescale_ts (as->packet, as->encoder->time_base, as->muxer->streams[0]->time_base);
      ret = av_write_frame (as->muxer, as->packet);
      av_packet_unref (as->packet);
      if (ret == AVERROR (EPIPE))
        return FALSE; /* the reader left */
    }
  if (ret < 0)
    scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Cannot encode a stream’s audio"));
  return FALSE;
}

/* Encodes every whole frame in the FIFO, and with @all the rest too. */
static gboolean
encode_fifo (AudioStream *as, gboolean all, GError **error)
{
  int frame_size = as->encoder->frame_size;

  while (av_audio_fifo_size (as->fifo) >= frame_size || (all && av_audio_fifo_size (as->fifo) > 0))
    {
      int n = MIN (frame_size, av_audio_fifo_size (as->fifo));
      int ret;

      av_frame_unref (as->frame);
      as->frame->nb_samples = n;
      as->frame->format = AV_SAMPLE_FMT_FLTP;
      as->frame->sample_rate = (int) as->rate;
      av_channel_layout_copy (&as->frame->ch_layout, &as->encoder->ch_layout);
      if ((ret = av_frame_get_buffer (as->frame, 0)) < 0)
        {
          scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Cannot encode a stream’s audio"));
          return FALSE;
        }
      av_audio_fifo_read (as->fifo, (void **) as->frame->data, n);
      as->frame->pts = as->next_pts;
      as->next_pts += n;
      if (!encode (as, as->frame, error))
        return FALSE;
    }
  return TRUE;
}

/* Resampled (or not) samples: written as PCM or fed to the encoder. */
static gboolean
take (AudioStream *as, const guint8 *const *data, int samples, GError **error)
{
  if (samples <= 0)
    return TRUE;
  if (!as->aac)
    return scd_stream_write (as->stream, data[0], (gsize) samples * as->channels * sizeof (gint16),
                             error);
  if (av_audio_fifo_write (as->fifo, (void **) data, samples) < samples)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Out of memory"));
      return FALSE;
    }
  return encode_fifo (as, FALSE, error);
}

/* Feeds @samples (NULL: flush) through the resampler. */
static gboolean
resample (AudioStream *as, const guint8 *samples, int count, GError **error)
{
  int out = swr_get_out_samples (as->swr, count);

  if (out > as->converted_samples)
    {
      av_freep (&as->converted);
      if (av_samples_alloc (&as->converted, NULL, (int) as->channels, out,
                            as->aac ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_S16, 0)
          < 0)
        {
          g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Out of memory"));
          return FALSE;
        }
      as->converted_samples = out;
    }
  if (out <= 0)
    return TRUE;
  {
    enum AVSampleFormat format = as->aac ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_S16;
    guint8 *planes[AV_NUM_DATA_POINTERS] = { 0 };

    av_samples_fill_arrays (planes, NULL, as->converted, (int) as->channels, out, format, 0);
    out = swr_convert (as->swr, planes, out, samples != NULL ? &samples : NULL, count);
    if (out < 0)
      {
        scd_set_av_error (error, SCD_ERROR_FAILED, out, _("Cannot resample audio for a stream"));
        return FALSE;
      }
    return take (as, (const guint8 *const *) planes, out, error);
  }
}

static gboolean
send_samples (ScdStream *stream, gpointer item, GError **error)
{
  AudioStream *as = scd_stream_get_impl (stream);
  gsize size;
  const guint8 *data = g_bytes_get_data (item, &size);
  int count = (int) (size / (sizeof (gint16) * as->in_channels));

  if (!as->opened && !open_writer (as, error))
    return FALSE;
  if (as->swr == NULL)
    return take (as, &data, count, error);
  return resample (as, data, count, error);
}

static gboolean
finish (ScdStream *stream, GError **error)
{
  AudioStream *as = scd_stream_get_impl (stream);

  if (!as->opened)
    return TRUE;
  if (as->swr != NULL && !resample (as, NULL, 0, error))
    return FALSE;
  if (!as->aac)
    return TRUE;
  if (!encode_fifo (as, TRUE, error) || !encode (as, NULL, error))
    return FALSE;
  return av_write_trailer (as->muxer) >= 0;
}

static const ScdStreamFuncs audio_stream_funcs = {
  .kind = "audio",
  .send = send_samples,
  .finish = finish,
  .free_item = (GDestroyNotify) g_bytes_unref,
  .free_impl = audio_stream_free,
};

static gboolean
aac_supports_rate (guint rate)
{
  const AVCodec *codec = avcodec_find_encoder (AV_CODEC_ID_AAC);

  if (codec == NULL)
    return FALSE;
  if (codec->supported_samplerates == NULL)
    return TRUE;
  for (const int *r = codec->supported_samplerates; *r != 0; r++)
    if ((guint) *r == rate)
      return TRUE;
  return FALSE;
}

ScdStream *
scd_audio_stream_new (GVariant *options, guint rate, guint channels, int *read_fd, GError **error)
{
  const char *codec = "pcm_s16le";
  AudioStream *as;
  GVariantDict dict;
  ScdStream *stream;
  guint out_rate = rate, out_channels = channels;

  if (!scd_option_check (&scd_audio_stream_options, options, error))
    return NULL;
  g_variant_lookup (options, "codec", "&s", &codec);
  g_variant_lookup (options, "sample-rate", "u", &out_rate);
  g_variant_lookup (options, "channels", "u", &out_channels);

  if (!g_str_equal (codec, "pcm_s16le") && !g_str_equal (codec, "aac"))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("Unknown value “%s” for “%s”"),
                   codec, "codec");
      return NULL;
    }
  if (!scd_option_check_range (scd_option_table_find (&scd_audio_stream_options, "sample-rate"),
                               out_rate, error)
      || !scd_option_check_range (scd_option_table_find (&scd_audio_stream_options, "channels"),
                                  out_channels, error))
    return NULL;
  if (g_str_equal (codec, "aac") && !aac_supports_rate (out_rate))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
                   _("The AAC encoder cannot encode at %u Hz"), out_rate);
      return NULL;
    }

  as = g_new0 (AudioStream, 1);
  as->aac = g_str_equal (codec, "aac");
  as->in_rate = rate;
  as->in_channels = channels;
  as->rate = out_rate;
  as->channels = out_channels;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "codec", "s", codec);
  g_variant_dict_insert (&dict, "sample-rate", "u", out_rate);
  g_variant_dict_insert (&dict, "channels", "u", out_channels);
  stream = scd_stream_new (&audio_stream_funcs, as, QUEUE_BUFFERS, 64 * 1024,
                           g_variant_dict_end (&dict), read_fd, error);
  if (stream != NULL)
    as->stream = stream;
  return stream;
}

void
scd_audio_stream_push (ScdStream *stream, const gint16 *samples, gsize count)
{
  AudioStream *as = scd_stream_get_impl (stream);

  if (count > 0)
    scd_stream_push (stream, g_bytes_new (samples, count * as->in_channels * sizeof (gint16)));
}
