/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A live MPEG-TS is read without libavformat's parsers (AVFMT_FLAG_NOPARSE,
 * set by scd_ts_framer_prepare() before the streams are probed), so the
 * demuxer hands on each PES packet as soon as it has all of it. Encoders
 * write one video frame per PES packet, timestamped; the framer hands each
 * on at once, through a parser told that its input is whole frames
 * (PARSER_FLAG_COMPLETE_FRAMES), which marks key frames as libavformat's
 * own parsing did. With libavformat's parser a frame waited for the first
 * bytes of the next one, a frame's time (33 ms at 30 fps) on every cut.
 *
 * Only H.264 and HEVC, whose packets show whether they open a frame,
 * are framed early; other codecs go through a parser that finds each
 * frame's end, as libavformat's did. Two things break "one PES packet,
 * one frame":
 *
 * - libavformat cuts a PES packet of unwritten length (a frame over 64 KiB)
 *   into pieces of 200 KiB (MAX_PES_PAYLOAD in its mpegts.c); the pieces
 *   share the packet's position in the stream and have no timestamps of
 *   their own (libavformat makes some up). A piece of that size is held,
 *   and what follows at the same position joined to it, until a smaller
 *   piece or the next frame's packet comes.
 * - A sender may split frames over PES packets, or put several in one. A
 *   packet that does not open a frame, right after a frame went on, shows
 *   it: from then on the stream goes through the parser, one frame later.
 *   The frame that went on cut short is lost, once.
 *
 * Audio stays as the demuxer gives it (a PES packet of several audio
 * frames): decoders take those whole.
 */
#include "config.h"

#include <string.h>

#include "scd-libav.h"

#include "scd-ts-framer.h"

/* libavformat's mpegts.c: the size it cuts PES packets of unwritten
 * length into, give or take one TS packet's payload. */
#define DEMUXER_PIECE_BYTES (200 * 1024)
#define TS_PAYLOAD_BYTES 184

struct _ScdTsFramer
{
  AVCodecContext *codec;        /* the stream's parameters, for the parser */
  AVCodecParserContext *parser; /* NULL: no parser for this codec */
  enum AVCodecID codec_id;
  int stream_index;
  AVPacket *unit;   /* the frame being gathered; empty when none */
  gboolean early;   /* each PES packet a frame: hand it on at once */
  gboolean went_on; /* the last packet's frame went on whole */
  int64_t unit_pos; /* where the frame's packet began in the stream */
  GQueue ready;     /* AVPacket *: frames to pop */
};

/* A live MPEG-TS is framed here, not by libavformat's parsers. */
void
scd_ts_framer_prepare (AVFormatContext *input)
{
  if (g_str_equal (input->iformat->name, "mpegts"))
    input->flags |= AVFMT_FLAG_NOPARSE;
}

/* A framer for @stream, or NULL when @input is parsed by libavformat and
 * its packets are frames already. */
ScdTsFramer *
scd_ts_framer_new (const AVFormatContext *input, const AVStream *stream)
{
  ScdTsFramer *framer;

  if (!(input->flags & AVFMT_FLAG_NOPARSE))
    return NULL;
  framer = g_new0 (ScdTsFramer, 1);
  framer->codec = avcodec_alloc_context3 (NULL);
  framer->unit = av_packet_alloc ();
  if (framer->codec == NULL || framer->unit == NULL
      || avcodec_parameters_to_context (framer->codec, stream->codecpar) < 0)
    {
      scd_ts_framer_free (framer);
      return NULL;
    }
  framer->codec_id = stream->codecpar->codec_id;
  framer->stream_index = stream->index;
  framer->parser = av_parser_init (framer->codec_id);
  framer->early = (framer->codec_id == AV_CODEC_ID_H264 || framer->codec_id == AV_CODEC_ID_HEVC)
                  && framer->parser != NULL;
  if (framer->early)
    framer->parser->flags |= PARSER_FLAG_COMPLETE_FRAMES;
  framer->unit_pos = -1;
  g_queue_init (&framer->ready);
  return framer;
}

void
scd_ts_framer_free (ScdTsFramer *framer)
{
  AVPacket *packet;

  if (framer == NULL)
    return;
  while ((packet = g_queue_pop_head (&framer->ready)) != NULL)
    av_packet_free (&packet);
  av_parser_close (framer->parser);
  av_packet_free (&framer->unit);
  avcodec_free_context (&framer->codec);
  g_free (framer);
}

/* Whether the frame the parser last gave is a key frame, as libavformat
 * decides it: the parser's word, else an intra picture, else (the parser
 * knows nothing of the picture) the demuxer's @said_key. */
static gboolean
is_key_frame (const ScdTsFramer *framer, gboolean said_key)
{
  const AVCodecParserContext *parser = framer->parser;

  if (parser->key_frame != -1)
    return parser->key_frame == 1;
  return parser->pict_type == AV_PICTURE_TYPE_I
         || (parser->pict_type == AV_PICTURE_TYPE_NONE && said_key);
}

static void
mark_key_frame (const ScdTsFramer *framer, AVPacket *frame, gboolean said_key)
{
  if (is_key_frame (framer, said_key))
    frame->flags |= AV_PKT_FLAG_KEY;
  else
    frame->flags &= ~AV_PKT_FLAG_KEY;
}

/* The gathered frame goes on, whole. */
static void
hand_on_unit (ScdTsFramer *framer)
{
  AVPacket *frame;

  if (framer->unit->size == 0)
    return;
  if (framer->parser != NULL)
    {
      uint8_t *out = NULL;
      int out_size = 0;

      av_parser_parse2 (framer->parser, framer->codec, &out, &out_size, framer->unit->data,
                        framer->unit->size, framer->unit->pts, framer->unit->dts,
                        framer->unit->pos);
      mark_key_frame (framer, framer->unit, framer->unit->flags & AV_PKT_FLAG_KEY);
    }
  frame = av_packet_alloc ();
  if (frame == NULL)
    {
      av_packet_unref (framer->unit);
      return;
    }
  av_packet_move_ref (frame, framer->unit);
  g_queue_push_tail (&framer->ready, frame);
}

static void
join_piece (ScdTsFramer *framer, const AVPacket *piece)
{
  int had = framer->unit->size;

  if (av_grow_packet (framer->unit, piece->size) < 0)
    return;
  memcpy (framer->unit->data + had, piece->data, piece->size);
}

/* Runs @size bytes of @pes through the parser that finds frame ends
 * (@size 0: what it holds), queueing each frame it completes. As in
 * libavformat, only the first call for a packet has its timestamps. */
static void
parse (ScdTsFramer *framer, const AVPacket *pes, const uint8_t *data, int size)
{
  gboolean first = TRUE;

  do
    {
      uint8_t *out = NULL;
      int out_size = 0;
      int used = av_parser_parse2 (framer->parser, framer->codec, &out, &out_size, data, size,
                                   first ? pes->pts : AV_NOPTS_VALUE,
                                   first ? pes->dts : AV_NOPTS_VALUE, first ? pes->pos : -1);
      AVPacket *frame;

      first = FALSE;
      data += used;
      size -= used;
      if (out_size == 0)
        continue;
      frame = av_packet_alloc ();
      if (frame == NULL || av_new_packet (frame, out_size) < 0)
        {
          av_packet_free (&frame);
          continue;
        }
      memcpy (frame->data, out, out_size);
      frame->stream_index = framer->stream_index;
      frame->time_base = pes->time_base;
      frame->duration = pes->duration;
      frame->pts = framer->parser->pts;
      frame->dts = framer->parser->dts;
      frame->pos = framer->parser->pos;
      mark_key_frame (framer, frame, pes->flags & AV_PKT_FLAG_KEY);
      g_queue_push_tail (&framer->ready, frame);
    }
  while (size > 0);
}

/* The sender's PES packets are not one frame each (@pes continues a frame
 * that went on): find frame ends as libavformat would have. */
static void
stop_early (ScdTsFramer *framer, const AVPacket *pes)
{
  g_message ("A live video stream's PES packets do not hold one frame each; "
             "each frame now waits for the start of the next");
  framer->early = FALSE;
  av_parser_close (framer->parser);
  framer->parser = av_parser_init (framer->codec_id);
  parse (framer, pes, pes->data, pes->size);
}

/* Whether @pes begins with a NAL unit that opens an access unit: a
 * delimiter or parameter set, or the first slice of a picture. */
static gboolean
opens_frame (const ScdTsFramer *framer, const AVPacket *pes)
{
  const uint8_t *data = pes->data;
  int i = 0;

  while (i < pes->size && data[i] == 0)
    i++;
  if (i < 2 || i + 3 >= pes->size || data[i] != 1)
    return FALSE;
  i++;
  if (framer->codec_id == AV_CODEC_ID_H264)
    {
      int type = data[i] & 0x1f;

      if (type == 1 || type == 5) /* first_mb_in_slice == 0 */
        return (data[i + 1] & 0x80) != 0;
      return type == 6 || type == 7 || type == 8 || type == 9 || type == 14 || type == 15;
    }
  else
    {
      int type = (data[i] >> 1) & 0x3f;

      if (type < 32) /* first_slice_segment_in_pic_flag */
        return (data[i + 2] & 0x80) != 0;
      return (type >= 32 && type <= 35) || type == 39;
    }
}

/* Whether @pes goes on with the frame before: a piece of it, or a packet
 * that opens no frame. */
static gboolean
continues_frame (const ScdTsFramer *framer, const AVPacket *pes)
{
  return (pes->pos >= 0 && pes->pos == framer->unit_pos) || !opens_frame (framer, pes);
}

static gboolean
is_piece_sized (int size)
{
  return size >= DEMUXER_PIECE_BYTES - TS_PAYLOAD_BYTES && size <= DEMUXER_PIECE_BYTES;
}

/* Takes a PES packet of the stream (leaving @pes empty). */
void
scd_ts_framer_push (ScdTsFramer *framer, AVPacket *pes)
{
  gboolean went_on = framer->went_on;
  int piece = pes->size;

  framer->went_on = FALSE;
  if (!framer->early)
    {
      if (framer->parser != NULL)
        parse (framer, pes, pes->data, pes->size);
      else
        {
          av_packet_move_ref (framer->unit, pes);
          hand_on_unit (framer);
        }
      av_packet_unref (pes);
      return;
    }

  if (!continues_frame (framer, pes))
    {
      hand_on_unit (framer);
      framer->unit_pos = pes->pos;
      av_packet_move_ref (framer->unit, pes);
    }
  else if (framer->unit->size > 0)
    join_piece (framer, pes);
  else if (went_on)
    stop_early (framer, pes);
  /* else: bytes before the first frame's start, of no use */
  av_packet_unref (pes);

  if (framer->early && framer->unit->size > 0 && !is_piece_sized (piece))
    {
      hand_on_unit (framer);
      framer->went_on = TRUE;
    }
}

/* The stream ended: what is gathered goes on. */
void
scd_ts_framer_drain (ScdTsFramer *framer)
{
  hand_on_unit (framer);
  if (!framer->early && framer->parser != NULL)
    {
      AVPacket none = { .pts = AV_NOPTS_VALUE, .dts = AV_NOPTS_VALUE, .pos = -1 };

      parse (framer, &none, NULL, 0);
    }
}

/* The next whole frame, moved into @frame; FALSE when there is none yet. */
gboolean
scd_ts_framer_pop (ScdTsFramer *framer, AVPacket *frame)
{
  AVPacket *next = g_queue_pop_head (&framer->ready);

  if (next == NULL)
    return FALSE;
  av_packet_move_ref (frame, next);
  av_packet_free (&next);
  return TRUE;
}
