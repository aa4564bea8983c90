/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The JPEG writer (scd-jpeg-writer.c): a limited-range frame, with every
 * luma and chroma level in it, makes the same JPEG as the frame libswscale
 * widens to full range; a full-range frame makes the same JPEG whichever
 * way its range is said; frames of any size, odd ones too, and of other
 * formats decode back to their own size and picture; a flat frame of an
 * odd size decodes flat up to its edges; a size JPEG cannot hold is
 * refused.
 */
#include <libswscale/swscale.h>

#include <libavutil/pixdesc.h>

#include "scd-error.h"
#include "scd-jpeg-writer.h"
#include "scd-libav.h"

#define W 512
#define H 48

/* Every level of each plane, in a pattern that differs row by row. */
static AVFrame *
levels (int format, enum AVColorRange range)
{
  AVFrame *frame = av_frame_alloc ();

  frame->format = format;
  frame->color_range = range;
  frame->width = W;
  frame->height = H;
  g_assert_cmpint (av_frame_get_buffer (frame, 0), ==, 0);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      frame->data[0][(gsize) y * frame->linesize[0] + x] = (guint8) ((x + 37 * y) & 255);
  for (int y = 0; y < H / 2; y++)
    for (int x = 0; x < W / 2; x++)
      {
        frame->data[1][(gsize) y * frame->linesize[1] + x] = (guint8) ((x + 11 * y) & 255);
        frame->data[2][(gsize) y * frame->linesize[2] + x] = (guint8) ((255 - x + 5 * y) & 255);
      }
  return frame;
}

static GBytes *
jpeg_of (const AVFrame *frame)
{
  g_autoptr (GError) error = NULL;
  GBytes *jpeg = scd_jpeg_encode (frame, &error);

  g_assert_no_error (error);
  g_assert_nonnull (jpeg);
  return jpeg;
}

/* @frame converted to @format by libswscale, with @flags. */
static AVFrame *
converted (const AVFrame *frame, int format, int flags)
{
  AVFrame *out = av_frame_alloc ();
  struct SwsContext *sws;

  out->format = format;
  out->width = frame->width;
  out->height = frame->height;
  g_assert_cmpint (av_frame_get_buffer (out, 0), ==, 0);
  sws = sws_getContext (frame->width, frame->height, frame->format, frame->width, frame->height,
                        format, flags, NULL, NULL, NULL);
  g_assert_nonnull (sws);
  g_assert_cmpint (sws_scale (sws, (const guint8 *const *) frame->data, frame->linesize, 0,
                              frame->height, out->data, out->linesize),
                   ==, frame->height);
  sws_freeContext (sws);
  return out;
}

static void
test_limited_range (void)
{
  g_autoptr (AVFrame) frame = levels (AV_PIX_FMT_YUV420P, AVCOL_RANGE_MPEG);
  g_autoptr (AVFrame) widened = converted (frame, AV_PIX_FMT_YUVJ420P, SWS_BICUBIC);
  g_autoptr (GBytes) ours = NULL;
  g_autoptr (GBytes) theirs = NULL;

  ours = jpeg_of (frame);
  theirs = jpeg_of (widened);
  g_assert_true (g_bytes_equal (ours, theirs));
}

static void
test_full_range (void)
{
  g_autoptr (AVFrame) flagged = levels (AV_PIX_FMT_YUV420P, AVCOL_RANGE_JPEG);
  g_autoptr (AVFrame) full = levels (AV_PIX_FMT_YUVJ420P, AVCOL_RANGE_UNSPECIFIED);
  g_autoptr (AVFrame) limited = levels (AV_PIX_FMT_YUV420P, AVCOL_RANGE_UNSPECIFIED);
  g_autoptr (GBytes) a = jpeg_of (flagged);
  g_autoptr (GBytes) b = jpeg_of (full);
  g_autoptr (GBytes) c = jpeg_of (limited);

  g_assert_true (g_bytes_equal (a, b));
  /* Unsaid is limited, and gets widened. */
  g_assert_false (g_bytes_equal (a, c));
}

/* A smooth picture with an edge, in @format, limited range where YUV. */
static AVFrame *
picture (int format, int width, int height)
{
  g_autoptr (AVFrame) yuv = av_frame_alloc ();

  yuv->format = AV_PIX_FMT_YUV420P;
  yuv->width = width;
  yuv->height = height;
  g_assert_cmpint (av_frame_get_buffer (yuv, 0), ==, 0);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      yuv->data[0][(gsize) y * yuv->linesize[0] + x] = (guint8) (x < width / 2 ? 40 + (x + y) % 64
                                                                               : 200 - y % 32);
  for (int y = 0; y < AV_CEIL_RSHIFT (height, 1); y++)
    for (int x = 0; x < AV_CEIL_RSHIFT (width, 1); x++)
      {
        yuv->data[1][(gsize) y * yuv->linesize[1] + x] = (guint8) (100 + (x + 3 * y) % 50);
        yuv->data[2][(gsize) y * yuv->linesize[2] + x] = (guint8) (150 - y % 40);
      }
  if (format == AV_PIX_FMT_YUV420P)
    return g_steal_pointer (&yuv);
  return converted (yuv, format, SWS_POINT);
}

/* @jpeg decoded by libavcodec, as full-range 4:2:0. */
static AVFrame *
decode (GBytes *jpeg)
{
  const AVCodec *codec = avcodec_find_decoder (AV_CODEC_ID_MJPEG);
  g_autoptr (AVCodecContext) decoder = avcodec_alloc_context3 (codec);
  g_autoptr (AVPacket) packet = av_packet_alloc ();
  g_autoptr (AVFrame) frame = av_frame_alloc ();
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);

  g_assert_cmpint (avcodec_open2 (decoder, codec, NULL), ==, 0);
  g_assert_cmpint (av_new_packet (packet, (int) size), ==, 0);
  memcpy (packet->data, data, size);
  g_assert_cmpint (avcodec_send_packet (decoder, packet), ==, 0);
  g_assert_cmpint (avcodec_receive_frame (decoder, frame), ==, 0);
  g_assert_cmpint (frame->format, ==, AV_PIX_FMT_YUVJ420P);
  return g_steal_pointer (&frame);
}

typedef struct
{
  double mean; /* in the plane where it is largest */
  int most;
} Difference;

/* How far @decoded's samples are from @source's, widened to full range. */
static Difference
difference (const AVFrame *source, const AVFrame *decoded)
{
  Difference d = { 0, 0 };

  for (int p = 0; p < 3; p++)
    {
      double sum = 0;
      int width = p == 0 ? source->width : AV_CEIL_RSHIFT (source->width, 1);
      int height = p == 0 ? source->height : AV_CEIL_RSHIFT (source->height, 1);

      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            int v = source->data[p][(gsize) y * source->linesize[p] + x];
            int widened = p == 0 ? ((v - 16) * 255 + 109) / 219
                                 : ((v - 128) * 255 + (v >= 128 ? 112 : -112)) / 224 + 128;
            int off = ABS (widened - decoded->data[p][(gsize) y * decoded->linesize[p] + x]);

            sum += off;
            d.most = MAX (d.most, off);
          }
      d.mean = MAX (d.mean, sum / ((double) width * height));
    }
  return d;
}

/* The JPEG of @source, decoded: it must have @reference's size; returns
 * how far its picture is from @reference's. */
static Difference
round_trip (const AVFrame *source, const AVFrame *reference, const char *what)
{
  g_autoptr (GBytes) jpeg = jpeg_of (source);
  g_autoptr (AVFrame) decoded = decode (jpeg);
  Difference d;

  g_assert_cmpint (decoded->width, ==, reference->width);
  g_assert_cmpint (decoded->height, ==, reference->height);
  d = difference (reference, decoded);
  g_test_message ("%s: %zu bytes, off by %.2f on average, %d at most", what,
                  g_bytes_get_size (jpeg), d.mean, d.most);
  return d;
}

static void
test_any_size (void)
{
  static const int sizes[][2] = {
    { 1, 1 }, { 2, 2 }, { 17, 9 }, { 33, 31 }, { 64, 48 }, { 650, 37 }
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (AVFrame) source = picture (AV_PIX_FMT_YUV420P, sizes[i][0], sizes[i][1]);
      g_autofree char *what = g_strdup_printf ("%dx%d", sizes[i][0], sizes[i][1]);

      g_assert_cmpfloat (round_trip (source, source, what).mean, <, 4.0);
    }
}

/* A flat frame of an odd size decodes flat to its edges: the blocks past
 * the picture's edge are filled with the edge's samples, not anything
 * that would ring into it. */
static void
test_flat_edges (void)
{
  g_autoptr (AVFrame) source = picture (AV_PIX_FMT_YUV420P, 37, 19);

  for (int p = 0; p < 3; p++)
    for (int y = 0; y < AV_CEIL_RSHIFT (19, p ? 1 : 0); y++)
      memset (source->data[p] + (gsize) y * source->linesize[p], p == 0 ? 180 : 90,
              AV_CEIL_RSHIFT (37, p ? 1 : 0));
  g_assert_cmpint (round_trip (source, source, "flat 37x19").most, <=, 1);
}

static void
test_other_formats (void)
{
  static const int formats[] = { AV_PIX_FMT_YUV444P, AV_PIX_FMT_NV12, AV_PIX_FMT_RGB24,
                                 AV_PIX_FMT_YUV420P10LE };
  g_autoptr (AVFrame) reference = picture (AV_PIX_FMT_YUV420P, 99, 41);

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr (AVFrame) source = picture (formats[i], 99, 41);

      g_assert_cmpfloat (round_trip (source, reference, av_get_pix_fmt_name (formats[i])).mean, <,
                         4.0);
    }
}

static void
test_bad_size (void)
{
  g_autoptr (AVFrame) frame = picture (AV_PIX_FMT_YUV420P, 16, 16);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) jpeg = NULL;

  frame->width = 70000;
  jpeg = scd_jpeg_encode (frame, &error);
  g_assert_null (jpeg);
  g_assert_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  av_log_set_level (AV_LOG_ERROR);
  g_test_add_func ("/jpeg-writer/limited-range", test_limited_range);
  g_test_add_func ("/jpeg-writer/full-range", test_full_range);
  g_test_add_func ("/jpeg-writer/any-size", test_any_size);
  g_test_add_func ("/jpeg-writer/flat-edges", test_flat_edges);
  g_test_add_func ("/jpeg-writer/other-formats", test_other_formats);
  g_test_add_func ("/jpeg-writer/bad-size", test_bad_size);
  return g_test_run ();
}
