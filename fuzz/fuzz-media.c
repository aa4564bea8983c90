/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libFuzzer harness for the path every frame takes: demux (the common
 * containers), scened's decoder setup and frame-size check, the scene
 * detector with its lookahead and transition follower, and the JPEG
 * encoder for each frame it keeps. Inputs are mutated tiny clips (seeds
 * made at build time by make-media-seeds.sh), read from memory. At most
 * MAX_PACKETS packets of an input are read, so one input stays quick.
 *
 * An input that starts as MPEG-TS does is read as a live stream is: through
 * scd-ts-reader.c, which tells the demuxer where frames end (and so sends
 * it down its end-of-input path at every frame), without libavformat's
 * parsers.
 *
 * No single libav allocation may pass MAX_ALLOC. The service takes up to
 * SCD_VIDEO_MAX_SIDE on a side, and a mutated header easily asks for
 * that: an 8192×8192 10-bit 4:4:4 H.264 stream with 16 reference frames
 * makes libavcodec's frame threads hold about 2.4 GB. That is what
 * decoding such a stream costs (ffmpeg needs the same), not a leak, but it
 * is over libFuzzer's memory limit, and a fuzzer stuck on huge pictures
 * finds nothing else. With the cap, a big picture fails to allocate, and
 * that error path is fuzzed too; wide, thin pictures (16384×16, say)
 * still reach scd_video_decoder_check_size.
 */
#include "config.h"

#include "scd-jpeg-writer.h"
#include "scd-libav.h"
#include "scd-scene-detector.h"
#include "scd-ts-reader.h"
#include "scd-video-decoder.h"

#define MAX_PACKETS 300
#define IO_BUFFER 4096
#define MAX_ALLOC (16 << 20)

/* What a live MPEG-TS brings in one read: a UDP datagram's seven TS
 * packets. */
#define LIVE_READ (7 * 188)

typedef struct
{
  const guint8 *data;
  size_t size;
  size_t pos;
  size_t most; /* bytes one read gives at most */
} Memory;

static int
read_memory (void *opaque, uint8_t *buf, int size)
{
  Memory *memory = opaque;
  size_t left = memory->size - memory->pos;
  size_t n = MIN (MIN ((size_t) size, left), memory->most);

  if (n == 0)
    return AVERROR_EOF;
  memcpy (buf, memory->data + memory->pos, n);
  memory->pos += n;
  return (int) n;
}

static int64_t
seek_memory (void *opaque, int64_t offset, int whence)
{
  Memory *memory = opaque;
  int64_t to;

  switch (whence & ~AVSEEK_FORCE)
    {
    case AVSEEK_SIZE:
      return (int64_t) memory->size;
    case SEEK_SET:
      to = offset;
      break;
    case SEEK_CUR:
      to = (int64_t) memory->pos + offset;
      break;
    case SEEK_END:
      to = (int64_t) memory->size + offset;
      break;
    default:
      return -1;
    }
  if (to < 0 || to > (int64_t) memory->size)
    return -1;
  memory->pos = (size_t) to;
  return to;
}

static void
keep (const AVFrame *frame, double timestamp, double score, ScdFrameReason reason, gpointer data)
{
  g_autoptr (GBytes) jpeg = NULL;

  if (reason == SCD_FRAME_REASON_CANDIDATE)
    return;
  jpeg = scd_jpeg_encode (frame, NULL);
}

static void
decode (AVCodecContext *codec,
        const AVPacket *packet,
        AVFrame *frame,
        ScdSceneDetector *detector,
        AVRational time_base)
{
  static const ScdSceneParams params = { 4.0, 0.0, 0.5 };

  if (avcodec_send_packet (codec, packet) < 0 && packet == NULL)
    return;
  while (avcodec_receive_frame (codec, frame) >= 0)
    {
      if (scd_video_decoder_check_size (frame->width, frame->height, NULL))
        {
          gint64 pts = frame->best_effort_timestamp;
          double timestamp = pts == AV_NOPTS_VALUE ? 0.0 : (double) pts * av_q2d (time_base);

          scd_scene_detector_push (detector, frame, isfinite (timestamp) ? timestamp : 0.0,
                                   &params);
        }
      av_frame_unref (frame);
    }
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  Memory memory = { data, size, 0, G_MAXSIZE };
  AVFormatContext *input = avformat_alloc_context ();
  AVIOContext *io = NULL;
  AVCodecContext *codec = NULL;
  AVPacket *packet = NULL;
  AVFrame *frame = NULL;
  ScdSceneDetector *detector = NULL;
  ScdTsReader *reader = NULL;
  g_autofree char *description = NULL;
  int video, ret;

  av_log_set_level (AV_LOG_QUIET);
  av_max_alloc (MAX_ALLOC);
  io = avio_alloc_context (av_malloc (IO_BUFFER), IO_BUFFER, 0, &memory, read_memory, NULL,
                           seek_memory);
  input->pb = io;
  input->flags |= AVFMT_FLAG_CUSTOM_IO;
  input->format_whitelist = av_strdup ("mov,matroska,mpegts,avi,h264,mjpeg,mpeg,flv");
  input->probesize = 64 * 1024;
  if (size > 0 && data[0] == 0x47)
    {
      /* A tiny clip would be read whole while its streams are found (up to
       * the probe size), and the reader armed after that would tell
       * nothing: read it a datagram at a time, and look no further for
       * the streams than a few. */
      memory.most = LIVE_READ;
      input->probesize = 4 * LIVE_READ;
      input->max_analyze_duration = AV_TIME_BASE / 2;
      reader = scd_ts_reader_new (io);
      if (reader == NULL)
        goto out;
      input->pb = scd_ts_reader_get_io (reader);
      input->flags |= AVFMT_FLAG_NOPARSE;
    }
  /* Named, not probed: the probe would read a tiny clip whole. */
  if (avformat_open_input (&input, NULL, reader != NULL ? av_find_input_format ("mpegts") : NULL,
                           NULL)
      < 0)
    goto out;
  if (avformat_find_stream_info (input, NULL) < 0)
    goto out;
  if (reader != NULL)
    scd_ts_reader_arm (reader, input);
  video = av_find_best_stream (input, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
  if (video < 0)
    goto out;
  codec = scd_video_decoder_open (input->streams[video], SCD_HWACCEL_NONE, FALSE, &description,
                                  NULL);
  if (codec == NULL)
    goto out;

  detector = scd_scene_detector_new (keep, NULL);
  packet = av_packet_alloc ();
  frame = av_frame_alloc ();
  for (int n = 0; n < MAX_PACKETS; n++)
    {
      ret = av_read_frame (input, packet);
      if (reader != NULL)
        scd_ts_reader_resume (reader);
      if (ret == AVERROR (EAGAIN))
        continue;
      if (ret < 0)
        break;
      if (packet->stream_index == video)
        decode (codec, packet, frame, detector, input->streams[video]->time_base);
      av_packet_unref (packet);
    }
  decode (codec, NULL, frame, detector, input->streams[video]->time_base);
  scd_scene_detector_finish (detector);

out:
  g_clear_pointer (&detector, scd_scene_detector_free);
  av_frame_free (&frame);
  av_packet_free (&packet);
  avcodec_free_context (&codec);
  avformat_close_input (&input);
  g_clear_pointer (&reader, scd_ts_reader_free);
  if (io != NULL)
    av_freep (&io->buffer);
  avio_context_free (&io);
  return 0;
}
