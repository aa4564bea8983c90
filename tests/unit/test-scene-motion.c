/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Motion of the picture, on hand-made grey frames (scd-scene-motion.c): a
 * whole-picture shift, and a jitter of a pixel or two, are found; a wheel step in one window is
 * explained as a scroll, a new page on the same layout and a window switch are not. The
 * detector (scd-scene-detector.c) finds the scroll in frames of any layout: a GIF's are
 * BGRA.
 */
#include <string.h>

#include "scd-libav.h"
#include "scd-scene-detector.h"
#include "scd-scene-motion.h"

#define W 640
#define H 360
/* The window: the page scrolls inside it, the rest stays. */
#define WIN_X 20
#define WIN_Y 60
#define WIN_W 360
#define WIN_H 280
#define LINE 14

/* A page of text-like lines: glyph-sized dark blocks on white, their
 * pattern set by @page and the line's number in the page. */
static guint8
page_at (guint page, int x, int y)
{
  int line = y / LINE, glyph = x / 7;
  guint32 h = (guint32) (page * 2654435761u) ^ (guint32) (line * 40503u)
              ^ (guint32) (glyph * 69069u);

  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  if (y % LINE >= 10 || x % 7 >= 5 || line % 6 == 5 || h % 4 == 0)
    return 245;
  return (guint8) (30 + h % 40);
}

/* A W x H frame of @format, its pixels not set. */
static AVFrame *
new_frame (enum AVPixelFormat format)
{
  AVFrame *frame = av_frame_alloc ();

  frame->format = format;
  frame->width = W;
  frame->height = H;
  g_assert_cmpint (av_frame_get_buffer (frame, 0), ==, 0);
  return frame;
}

static AVFrame *
grey_frame (void)
{
  return new_frame (AV_PIX_FMT_GRAY8);
}

/* A desktop with a window at (WIN_X, WIN_Y) showing @page scrolled down
 * by @scroll lines; the bar above the page is the window's own. */
static AVFrame *
screen (guint page, int scroll)
{
  AVFrame *frame = grey_frame ();

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        guint8 v = (guint8) (60 + (x + y) / 40);

        if (x >= WIN_X && x < WIN_X + WIN_W && y >= WIN_Y - 24 && y < WIN_Y)
          v = (guint8) (200 + ((x / 50) % 2) * 30);
        else if (x >= WIN_X && x < WIN_X + WIN_W && y >= WIN_Y && y < WIN_Y + WIN_H)
          v = page_at (page, x - WIN_X, y - WIN_Y + scroll);
        frame->data[0][(gsize) y * frame->linesize[0] + x] = v;
      }
  return frame;
}

static void
test_wheel_step (void)
{
  /* Three lines, and a bigger step: both scrolls, either way. */
  int steps[] = { 3 * LINE, 110, -3 * LINE };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr (AVFrame) before = screen (1, 200);
      g_autoptr (AVFrame) after = screen (1, 200 + steps[i]);
      double share = scd_scene_motion_scrolled_share (before, after);

      g_test_message ("step %d: scrolled share %.2f", steps[i], share);
      g_assert_cmpfloat (share, >=, 0.8);
    }
}

/* @frame, grey and W x H, as BGRA. */
static AVFrame *
to_bgra (const AVFrame *frame)
{
  AVFrame *bgra = new_frame (AV_PIX_FMT_BGRA);

  for (int y = 0; y < frame->height; y++)
    for (int x = 0; x < frame->width; x++)
      {
        guint8 *p = bgra->data[0] + (gsize) y * bgra->linesize[0] + 4 * x;

        p[0] = p[1] = p[2] = frame->data[0][(gsize) y * frame->linesize[0] + x];
        p[3] = 255;
      }
  return bgra;
}

static void
count_kept (const AVFrame *frame,
            double timestamp,
            double score,
            ScdFrameReason reason,
            gpointer user_data)
{
  if (reason == SCD_FRAME_REASON_SCENE)
    (*(guint *) user_data)++;
}

/* Scenes the detector reports in a second of the page still, a wheel step
 * of @step, a second still; in BGRA when @bgra, else grey. */
static guint
scenes_in_scroll (int step, gboolean bgra)
{
  ScdSceneParams params = { .threshold = 4.0, .min_scene_length = 0.25 };
  guint scenes = 0;
  g_autoptr (ScdSceneDetector) detector = scd_scene_detector_new (count_kept, &scenes);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr (AVFrame) grey = screen (1, i < 25 ? 0 : step);
      g_autoptr (AVFrame) frame = bgra ? to_bgra (grey) : g_steal_pointer (&grey);

      scd_scene_detector_push (detector, frame, i / 25.0, &params);
    }
  scd_scene_detector_finish (detector);
  return scenes;
}

static void
test_scroll_in_any_layout (void)
{
  /* Half the window: the scroll explains it, in grey and in BGRA. */
  g_assert_cmpuint (scenes_in_scroll (WIN_H / 2, FALSE), ==, 0);
  g_assert_cmpuint (scenes_in_scroll (WIN_H / 2, TRUE), ==, 0);
}

static void
test_new_page (void)
{
  /* Same window, same line layout, other words: a slide change. */
  g_autoptr (AVFrame) before = screen (1, 0);
  g_autoptr (AVFrame) after = screen (2, 0);
  double share = scd_scene_motion_scrolled_share (before, after);

  g_test_message ("new page: scrolled share %.2f", share);
  g_assert_cmpfloat (share, <, 0.3);
}

/* A sky: lightness rising smoothly down the picture from @lift, in the
 * colour (@u, @v). */
static AVFrame *
sky (int lift, guint8 u, guint8 v)
{
  AVFrame *frame = new_frame (AV_PIX_FMT_YUV420P);

  for (int y = 0; y < H; y++)
    memset (frame->data[0] + (gsize) y * frame->linesize[0], lift + y / 3, W);
  for (int y = 0; y < H / 2; y++)
    {
      memset (frame->data[1] + (gsize) y * frame->linesize[1], u, W / 2);
      memset (frame->data[2] + (gsize) y * frame->linesize[2], v, W / 2);
    }
  return frame;
}

static void
test_graded_is_not_a_scroll (void)
{
  /* The same shot graded warmer and brighter: its smooth lightness
   * matches itself some lines away, but not its colour. */
  g_autoptr (AVFrame) before = sky (40, 128, 128);
  g_autoptr (AVFrame) after = sky (70, 90, 170);
  double share = scd_scene_motion_scrolled_share (before, after);

  g_test_message ("graded: scrolled share %.2f", share);
  g_assert_cmpfloat (share, <, 0.3);
}

static void
test_still (void)
{
  g_autoptr (AVFrame) before = screen (1, 0);
  g_autoptr (AVFrame) after = screen (1, 0);

  g_assert_cmpfloat (scd_scene_motion_scrolled_share (before, after), ==, 0.0);
}

static void
test_whole_picture_shift (void)
{
  /* The same window dragged 30 lines up and 12 columns left, whole: a
   * shift of everything found by the profiles. */
  g_autoptr (AVFrame) before = screen (3, 0);
  g_autoptr (AVFrame) after = screen (3, 0);
  int dx = 0, dy = 0;

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      after->data[0][(gsize) y * after->linesize[0] + x] =
          before->data[0][(gsize) MIN (H - 1, y + 30) * before->linesize[0] + MIN (W - 1, x + 12)];
  g_assert_true (scd_scene_motion_estimate (before, after, &dx, &dy));
  g_assert_cmpint (dx, ==, -12);
  g_assert_cmpint (dy, ==, -30);
}

/* Colour bars, three bands high, with grain, moved @dx and @dy pixels. */
static AVFrame *
bars (int dx, int dy)
{
  AVFrame *frame = grey_frame ();
  GRand *rand = g_rand_new_with_seed ((guint32) (7 + 31 * dx + dy));

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        int u = x + dx, v = y + dy;
        int level = v < 200 ? 40 + 25 * (u / 91 % 7) : v < 250 ? 180 : 16 + 35 * (u / 160 % 4);

        frame->data[0][(gsize) y * frame->linesize[0] + x] = (guint8) CLAMP (
            level + g_rand_int_range (rand, -6, 7), 0, 255);
      }
  g_rand_free (rand);
  return frame;
}

static void
test_jitter (void)
{
  /* A camera jitter of two columns and a line: the sharp edges move,
   * little else does, and the grain is as large as the change. */
  g_autoptr (AVFrame) before = bars (0, 0);
  g_autoptr (AVFrame) after = bars (2, 1);
  int dx = 0, dy = 0;

  g_assert_true (scd_scene_motion_estimate (before, after, &dx, &dy));
  g_assert_cmpint (dx, ==, -2);
  g_assert_cmpint (dy, ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene-motion/wheel-step", test_wheel_step);
  g_test_add_func ("/scene-motion/new-page", test_new_page);
  g_test_add_func ("/scene-motion/scroll-in-any-layout", test_scroll_in_any_layout);
  g_test_add_func ("/scene-motion/graded", test_graded_is_not_a_scroll);
  g_test_add_func ("/scene-motion/still", test_still);
  g_test_add_func ("/scene-motion/whole-picture-shift", test_whole_picture_shift);
  g_test_add_func ("/scene-motion/jitter", test_jitter);
  return g_test_run ();
}
