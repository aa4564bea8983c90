/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * MPEG-TS because it stays readable while it grows and after a crash: no
 * index at the end, every packet self-contained. Each packet is flushed to
 * the file as it is written (AVFMT_FLAG_FLUSH_PACKETS), so a player
 * following the growing file is at most one packet behind. libavformat
 * inserts the bitstream filters MPEG-TS needs (h264_mp4toannexb, ADTS for
 * AAC) by itself.
 *
 * Packets arrive with the session timeline's timestamps; the muxer shifts
 * them to start at zero if they would be negative.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-safe-path.h"
#include "scd-private-file.h"
#include "scd-libav.h"
#include "scd-recorder.h"

struct _ScdRecorder
{
  AVFormatContext *muxer;
  int *map; /* input stream index -> output stream index, or -1 */
  guint n_map;
  AVRational *in_time_base;
  AVPacket *packet;
  gboolean header_written;
};

void
scd_recorder_free (ScdRecorder *recorder)
{
  if (recorder == NULL)
    return;
  if (recorder->muxer != NULL)
    {
      if (recorder->muxer->pb != NULL)
        avio_closep (&recorder->muxer->pb);
      avformat_free_context (recorder->muxer);
    }
  av_packet_free (&recorder->packet);
  g_free (recorder->map);
  g_free (recorder->in_time_base);
  g_free (recorder);
}

/* Records the input streams listed in @streams (indexes into @input). */
ScdRecorder *
scd_recorder_open (const char *path,
                   AVFormatContext *input,
                   const int *streams,
                   guint n_streams,
                   GError **error)
{
  g_autoptr (ScdRecorder) recorder = g_new0 (ScdRecorder, 1);
  g_autofree char *open_path = NULL;
  int ret;

  recorder->n_map = input->nb_streams;
  recorder->map = g_new (int, input->nb_streams);
  recorder->in_time_base = g_new0 (AVRational, input->nb_streams);
  recorder->packet = av_packet_alloc ();
  for (guint i = 0; i < input->nb_streams; i++)
    recorder->map[i] = -1;

  ret = avformat_alloc_output_context2 (&recorder->muxer, NULL, "mpegts", path);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_UNSUPPORTED, ret, _("No MPEG-TS muxer"));
      return NULL;
    }

  for (guint i = 0; i < n_streams; i++)
    {
      AVStream *in = input->streams[streams[i]];
      AVStream *out = avformat_new_stream (recorder->muxer, NULL);

      ret = avcodec_parameters_copy (out->codecpar, in->codecpar);
      if (ret < 0)
        {
          scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not set up recording"));
          return NULL;
        }
      out->codecpar->codec_tag = 0;
      out->time_base = in->time_base;
      recorder->map[streams[i]] = out->index;
      recorder->in_time_base[streams[i]] = in->time_base;
    }

  open_path = scd_private_file_create (path, error);
  if (open_path == NULL)
    return NULL;
  ret = avio_open (&recorder->muxer->pb, open_path, AVIO_FLAG_WRITE);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, path);
      return NULL;
    }
  recorder->muxer->flags |= AVFMT_FLAG_FLUSH_PACKETS;
  /* Audio interleaved just before the first video packet maps a little
   * before the segment's start; MPEG-TS would wrap it round 33 bits. */
  recorder->muxer->avoid_negative_ts = AVFMT_AVOID_NEG_TS_MAKE_NON_NEGATIVE;
  ret = avformat_write_header (recorder->muxer, NULL);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_UNSUPPORTED, ret,
                        _("The source's codecs cannot be recorded in MPEG-TS"));
      return NULL;
    }
  recorder->header_written = TRUE;
  return g_steal_pointer (&recorder);
}

gboolean
scd_recorder_write (ScdRecorder *recorder, const AVPacket *packet, GError **error)
{
  AVStream *out;
  int ret;

  if (packet->stream_index < 0 || (guint) packet->stream_index >= recorder->n_map
      || recorder->map[packet->stream_index] < 0)
    return TRUE;

  ret = av_packet_ref (recorder->packet, packet);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not record a packet"));
      return FALSE;
    }
  out = recorder->muxer->streams[recorder->map[packet->stream_index]];
  recorder->packet->stream_index = out->index;
  av_packet_rescale_ts (recorder->packet, recorder->in_time_base[packet->stream_index],
                        out->time_base);
  recorder->packet->pos = -1;

  /* Not interleaved: packets go to the file as they come, for latency.
   * av_write_frame() leaves the reference to us. */
  ret = av_write_frame (recorder->muxer, recorder->packet);
  av_packet_unref (recorder->packet);
  if (ret < 0)
    {
      /* A packet the muxer refuses (a timestamp out of order after a
       * glitch) is dropped; a write error ends the recording. */
      if (recorder->muxer->pb != NULL && recorder->muxer->pb->error < 0)
        {
          scd_set_av_error (error, SCD_ERROR_FAILED, recorder->muxer->pb->error,
                            _("Could not write the recording"));
          return FALSE;
        }
      g_debug ("Recording: dropped a packet the muxer refused: %s", av_err2str (ret));
    }
  return TRUE;
}

gboolean
scd_recorder_close (ScdRecorder *recorder, GError **error)
{
  int ret = av_write_trailer (recorder->muxer);

  if (ret >= 0)
    ret = avio_closep (&recorder->muxer->pb);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not finish the recording"));
      return FALSE;
    }
  return TRUE;
}
