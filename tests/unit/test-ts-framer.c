/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Whole frames from PES packets: at once when each packet is a frame,
 * pieces joined, and a sender that splits frames parsed as libavformat
 * would.
 */
#include <string.h>

#include "scd-libav.h"

#include "scd-ts-framer.h"

/* libavformat's mpegts.c cuts PES packets of unwritten length here. */
#define PIECE (200 * 1024)

typedef struct
{
  AVFormatContext *input;
  AVStream *stream;
  ScdTsFramer *framer;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->input = avformat_alloc_context ();
  f->input->flags |= AVFMT_FLAG_NOPARSE;
  f->stream = avformat_new_stream (f->input, NULL);
  f->stream->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
  f->stream->codecpar->codec_id = AV_CODEC_ID_H264;
  f->framer = scd_ts_framer_new (f->input, f->stream);
  g_assert_nonnull (f->framer);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  scd_ts_framer_free (f->framer);
  avformat_free_context (f->input);
}

/* An H.264 access unit of @size bytes: a delimiter, then one slice (IDR
 * or not) that starts the picture, then filler with no start code. */
static GBytes *
access_unit (gsize size, gboolean idr)
{
  static const guint8 head[] = { 0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x65, 0x88, 0x84 };
  guint8 *bytes = g_malloc (size);

  g_assert_cmpuint (size, >, sizeof head);
  memset (bytes, 0x55, size);
  memcpy (bytes, head, sizeof head);
  if (!idr)
    bytes[10] = 0x41;
  return g_bytes_new_take (bytes, size);
}

/* A PES packet: @length bytes of @unit from @offset, timestamped @pts,
 * found at @pos in the stream (a piece of a packet: the packet's). */
static void
push (Fixture *f, GBytes *unit, gsize offset, gsize length, gint64 pts, gint64 pos)
{
  g_autoptr (AVPacket) pes = av_packet_alloc ();
  gsize size;
  const guint8 *data = g_bytes_get_data (unit, &size);

  g_assert_cmpuint (offset + length, <=, size);
  g_assert_cmpint (av_new_packet (pes, (int) length), ==, 0);
  memcpy (pes->data, data + offset, length);
  pes->pts = pes->dts = pts;
  pes->pos = pos;
  pes->stream_index = f->stream->index;
  scd_ts_framer_push (f->framer, pes);
  g_assert_cmpint (pes->size, ==, 0);
}

/* The next frame is @unit, whole, at @pts. */
static void
pop_unit (Fixture *f, GBytes *unit, gint64 pts, gboolean key)
{
  g_autoptr (AVPacket) frame = av_packet_alloc ();
  gsize size;
  const guint8 *data = g_bytes_get_data (unit, &size);

  g_assert_true (scd_ts_framer_pop (f->framer, frame));
  g_assert_cmpint (frame->size, ==, size);
  g_assert_true (memcmp (frame->data, data, size) == 0);
  g_assert_cmpint (frame->pts, ==, pts);
  g_assert_cmpint (frame->stream_index, ==, f->stream->index);
  g_assert_cmpint (!!(frame->flags & AV_PKT_FLAG_KEY), ==, key);
}

static void
assert_nothing_ready (Fixture *f)
{
  g_autoptr (AVPacket) frame = av_packet_alloc ();

  g_assert_false (scd_ts_framer_pop (f->framer, frame));
}

static void
test_parsed_input_needs_none (void)
{
  AVFormatContext *input = avformat_alloc_context ();
  AVStream *stream = avformat_new_stream (input, NULL);

  stream->codecpar->codec_id = AV_CODEC_ID_H264;
  g_assert_null (scd_ts_framer_new (input, stream));
  avformat_free_context (input);
}

/* One frame per PES packet: each goes on as it comes, none waits for the
 * next. */
static void
test_whole_packets_at_once (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) idr = access_unit (5000, TRUE);
  g_autoptr (GBytes) p = access_unit (700, FALSE);

  push (f, idr, 0, 5000, 0, 0);
  pop_unit (f, idr, 0, TRUE);
  assert_nothing_ready (f);
  push (f, p, 0, 700, 3000, 5100);
  pop_unit (f, p, 3000, FALSE);
  assert_nothing_ready (f);
  scd_ts_framer_drain (f->framer);
  assert_nothing_ready (f);
}

/* A frame over 200 KiB comes in pieces: the first is held, the rest
 * joined, and it goes on when a smaller piece ends it. */
static void
test_pieces_joined (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) big = access_unit (PIECE - 100 + PIECE - 50 + 9000, TRUE);
  g_autoptr (GBytes) p = access_unit (900, FALSE);

  push (f, big, 0, PIECE - 100, 0, 0);
  assert_nothing_ready (f);
  /* libavformat makes up timestamps for the pieces */
  push (f, big, PIECE - 100, PIECE - 50, 3000, 0);
  assert_nothing_ready (f);
  push (f, big, 2 * PIECE - 150, 9000, 6000, 0);
  pop_unit (f, big, 0, TRUE);
  assert_nothing_ready (f);

  push (f, p, 0, 900, 3000, 500000);
  pop_unit (f, p, 3000, FALSE);
}

/* A last piece the size of a whole one goes on with the next frame's
 * packet, or when the stream ends. */
static void
test_piece_sized_frame_waits (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) big = access_unit (PIECE, TRUE);
  g_autoptr (GBytes) p = access_unit (800, FALSE);

  push (f, big, 0, PIECE, 0, 0);
  assert_nothing_ready (f);
  push (f, p, 0, 800, 3000, 300000);
  pop_unit (f, big, 0, TRUE);
  pop_unit (f, p, 3000, FALSE);

  push (f, big, 0, PIECE, 6000, 400000);
  assert_nothing_ready (f);
  scd_ts_framer_drain (f->framer);
  pop_unit (f, big, 6000, TRUE);
}

/* A sender that splits a frame over two PES packets: that frame is lost, and from then on frames
 * are found by their starts, each whole, one frame late. */
static void
test_split_frames_parsed (Fixture *f, gconstpointer data)
{
  g_autoptr (AVPacket) frame = av_packet_alloc ();
  GBytes *units[4];
  gsize size;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    units[i] = access_unit (2000, i == 0);

  push (f, units[0], 0, 1000, 0, 0);
  g_assert_true (scd_ts_framer_pop (f->framer, frame)); /* cut short */
  av_packet_unref (frame);
  push (f, units[0], 1000, 1000, 3000, 1128);
  for (guint i = 1; i < G_N_ELEMENTS (units); i++)
    {
      push (f, units[i], 0, 1000, i * 3000, i * 2256);
      push (f, units[i], 1000, 1000, AV_NOPTS_VALUE, i * 2256 + 1128);
      if (i >= 2)
        {
          /* The frame before, whole, ends where this one starts. */
          const guint8 *data = g_bytes_get_data (units[i - 1], &size);

          g_assert_true (scd_ts_framer_pop (f->framer, frame));
          g_assert_cmpint (frame->size, >=, size);
          g_assert_true (memcmp (frame->data + frame->size - size, data, size) == 0);
          if (i >= 3) /* the first starts with the lost frame's rest */
            g_assert_cmpint (frame->pts, ==, (i - 1) * 3000);
          av_packet_unref (frame);
        }
      assert_nothing_ready (f);
    }
  scd_ts_framer_drain (f->framer);
  pop_unit (f, units[3], 3 * 3000, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    g_bytes_unref (units[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  av_log_set_level (AV_LOG_QUIET);

  g_test_add_func ("/ts-framer/parsed-input-needs-none", test_parsed_input_needs_none);
  g_test_add ("/ts-framer/whole-packets-at-once", Fixture, NULL, fixture_set_up,
              test_whole_packets_at_once, fixture_tear_down);
  g_test_add ("/ts-framer/pieces-joined", Fixture, NULL, fixture_set_up, test_pieces_joined,
              fixture_tear_down);
  g_test_add ("/ts-framer/piece-sized-frame-waits", Fixture, NULL, fixture_set_up,
              test_piece_sized_frame_waits, fixture_tear_down);
  g_test_add ("/ts-framer/split-frames-parsed", Fixture, NULL, fixture_set_up,
              test_split_frames_parsed, fixture_tear_down);
  return g_test_run ();
}
