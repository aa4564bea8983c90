/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The JPEG writer's conversions (scd-jpeg-writer.c): a limited-range
 * frame, with every luma and chroma level in it, makes the same JPEG as
 * the frame libswscale widens to full range; a full-range frame makes the
 * same JPEG whichever way its range is said.
 */
#include <libswscale/swscale.h>

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

static void
test_limited_range (void)
{
  g_autoptr (AVFrame) frame = levels (AV_PIX_FMT_YUV420P, AVCOL_RANGE_MPEG);
  g_autoptr (AVFrame) widened = av_frame_alloc ();
  g_autoptr (GBytes) ours = NULL;
  g_autoptr (GBytes) theirs = NULL;
  struct SwsContext *sws;

  widened->format = AV_PIX_FMT_YUVJ420P;
  widened->width = W;
  widened->height = H;
  g_assert_cmpint (av_frame_get_buffer (widened, 0), ==, 0);
  sws = sws_getContext (W, H, AV_PIX_FMT_YUV420P, W, H, AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, NULL,
                        NULL, NULL);
  g_assert_nonnull (sws);
  g_assert_cmpint (sws_scale (sws, (const guint8 *const *) frame->data, frame->linesize, 0, H,
                              widened->data, widened->linesize),
                   ==, H);
  sws_freeContext (sws);

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  av_log_set_level (AV_LOG_ERROR);
  g_test_add_func ("/jpeg-writer/limited-range", test_limited_range);
  g_test_add_func ("/jpeg-writer/full-range", test_full_range);
  return g_test_run ();
}
