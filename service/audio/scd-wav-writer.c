/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A chunk is written to "NAME.part" and renamed to NAME when it is
 * complete, so a file with the final name always has a whole header and
 * every sample the index says it has. Freeing a writer that was not
 * closed removes the partial file.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "scd-error.h"
#include "scd-safe-path.h"
#include "scd-private-file.h"
#include "scd-libav.h"
#include "scd-wav-writer.h"

struct _ScdWavWriter
{
  AVFormatContext *muxer;
  AVPacket *packet;
  char *path;
  char *part_path;
  guint channels;
  gint64 written; /* samples per channel */
  gboolean header_written;
};

void
scd_wav_writer_free (ScdWavWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->muxer != NULL)
    {
      if (writer->muxer->pb != NULL)
        {
          avio_closep (&writer->muxer->pb);
          g_unlink (writer->part_path);
        }
      avformat_free_context (writer->muxer);
    }
  av_packet_free (&writer->packet);
  g_free (writer->path);
  g_free (writer->part_path);
  g_free (writer);
}

ScdWavWriter *
scd_wav_writer_open (const char *path, guint rate, guint channels, GError **error)
{
  g_autoptr (ScdWavWriter) writer = g_new0 (ScdWavWriter, 1);
  g_autofree char *open_path = NULL;
  AVStream *stream;
  int ret;

  writer->path = g_strdup (path);
  writer->part_path = g_strconcat (path, ".part", NULL);
  writer->channels = channels;
  writer->packet = av_packet_alloc ();

  ret = avformat_alloc_output_context2 (&writer->muxer, NULL, "wav", writer->part_path);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_UNSUPPORTED, ret, _("No WAV muxer"));
      return NULL;
    }

  stream = avformat_new_stream (writer->muxer, NULL);
  stream->time_base = (AVRational){ 1, (int) rate };
  stream->codecpar->codec_type = AVMEDIA_TYPE_AUDIO;
  stream->codecpar->codec_id = AV_CODEC_ID_PCM_S16LE;
  stream->codecpar->sample_rate = (int) rate;
  av_channel_layout_default (&stream->codecpar->ch_layout, (int) channels);
  stream->codecpar->bits_per_coded_sample = 16;
  stream->codecpar->block_align = (int) (2 * channels);
  stream->codecpar->bit_rate = (gint64) rate * channels * 16;

  open_path = scd_private_file_create (writer->part_path, error);
  if (open_path == NULL)
    return NULL;
  ret = avio_open (&writer->muxer->pb, open_path, AVIO_FLAG_WRITE);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, writer->part_path);
      return NULL;
    }

  /* Bit-exact output: no encoder tag, no LIST chunk that changes with the
   * FFmpeg version. */
  writer->muxer->flags |= AVFMT_FLAG_BITEXACT;
  ret = avformat_write_header (writer->muxer, NULL);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not write a WAV header"));
      return NULL;
    }
  writer->header_written = TRUE;
  return g_steal_pointer (&writer);
}

gboolean
scd_wav_writer_write (ScdWavWriter *writer, const gint16 *samples, gsize count, GError **error)
{
  int size = (int) (count * writer->channels * sizeof (gint16));
  int ret;

  if (count == 0)
    return TRUE;

  ret = av_new_packet (writer->packet, size);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not write audio"));
      return FALSE;
    }
  memcpy (writer->packet->data, samples, size);
  writer->packet->pts = writer->packet->dts = writer->written;
  writer->packet->duration = (gint64) count;
  writer->packet->stream_index = 0;
  writer->written += (gint64) count;

  ret = av_write_frame (writer->muxer, writer->packet);
  av_packet_unref (writer->packet);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not write audio"));
      return FALSE;
    }
  return TRUE;
}

gboolean
scd_wav_writer_close (ScdWavWriter *writer, GError **error)
{
  g_autofree char *part = scd_safe_path_resolve (writer->part_path);
  g_autofree char *final = scd_safe_path_resolve (writer->path);
  int ret = av_write_trailer (writer->muxer);

  if (ret >= 0)
    ret = avio_closep (&writer->muxer->pb);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, writer->part_path);
      return FALSE;
    }
  if (g_rename (part, final) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not write “%s”: %s"), writer->path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
