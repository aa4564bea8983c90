/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The shrinking graph of scd-gpu-shrink.c, run on frames in memory (its
 * "scale" graph; no GPU here): sizes, pixels, square pixels out, a graph
 * built again when the frame or the size asked for changes, bad sizes
 * refused without spoiling the next frame. And what the GPU route feeds
 * the scene score, a small copy shrunk again by the imager, scores as the
 * frame itself does. And libavfilter is not in the process until the
 * first graph is built (scd-libavfilter.c says why).
 */
#include "scd-gpu-frame.h"
#include "scd-gpu-shrink.h"
#include "scd-libav.h"
#include "scd-scene-imager.h"
#include "scd-scene-score.h"

/* Luma: 200 left of @split (a share of the width), 50 right of it;
 * chroma 128, or the chroma plane @format has. */
static AVFrame *
two_halves (int format, int width, int height, double split)
{
  AVFrame *frame = av_frame_alloc ();
  int edge = (int) (width * split);

  frame->format = format;
  frame->width = width;
  frame->height = height;
  g_assert_cmpint (av_frame_get_buffer (frame, 0), ==, 0);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      frame->data[0][y * frame->linesize[0] + x] = x < edge ? 200 : 50;
  for (int p = 1; p < 3 && frame->data[p] != NULL; p++)
    memset (frame->data[p], 128, (gsize) frame->linesize[p] * ((height + 1) / 2));
  return frame;
}

static guint8
luma (const AVFrame *frame, int x, int y)
{
  return frame->data[0][y * frame->linesize[0] + x];
}

static AVFrame *
shrink_ok (ScdGpuShrink *shrink, const AVFrame *frame, int width, int height)
{
  g_autoptr (GError) error = NULL;
  AVFrame *small = scd_gpu_shrink_frame (shrink, frame, width, height, &error);

  g_assert_no_error (error);
  g_assert_nonnull (small);
  g_assert_cmpint (small->width, ==, width);
  g_assert_cmpint (small->height, ==, height);
  g_assert_cmpint (small->format, ==, frame->format);
  g_assert_false (scd_gpu_frame_is_hardware (small));
  g_assert_cmpint (small->sample_aspect_ratio.num, ==, 1);
  g_assert_cmpint (small->sample_aspect_ratio.den, ==, 1);
  return small;
}

static gboolean
libavfilter_mapped (void)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, "/libavfilter.so") != NULL;
}

/* Runs first: the code the service runs (this test links the same
 * library) must not bring libavfilter in at start. */
static void
test_loads_libavfilter_late (void)
{
  g_autoptr (ScdGpuShrink) shrink = scd_gpu_shrink_new ();
  g_autoptr (AVFrame) frame = two_halves (AV_PIX_FMT_YUV420P, 64, 48, 0.5);
  g_autoptr (AVFrame) small = NULL;

  g_assert_false (libavfilter_mapped ());
  small = shrink_ok (shrink, frame, 32, 24);
  g_assert_true (libavfilter_mapped ());
}

static void
test_sizes_and_pixels (void)
{
  g_autoptr (ScdGpuShrink) shrink = scd_gpu_shrink_new ();
  g_autoptr (AVFrame) frame = two_halves (AV_PIX_FMT_YUV420P, 1920, 1080, 0.5);
  g_autoptr (AVFrame) small = shrink_ok (shrink, frame, 256, 144);

  g_assert_cmpint (ABS (luma (small, 10, 70) - 200), <=, 2);
  g_assert_cmpint (ABS (luma (small, 250, 70) - 50), <=, 2);
  g_assert_cmpint (ABS (small->data[1][small->linesize[1] * 30 + 30] - 128), <=, 2);
}

/* Each change makes a new graph: a picture of another size (a reconnect),
 * another size asked for, another format; and back again. */
static void
test_rebuilds (void)
{
  g_autoptr (ScdGpuShrink) shrink = scd_gpu_shrink_new ();
  struct
  {
    int format, width, height, out_width, out_height;
    double split;
  } steps[] = {
    { AV_PIX_FMT_YUV420P, 1920, 1080, 256, 144, 0.25 },
    { AV_PIX_FMT_YUV420P, 640, 480, 256, 192, 0.75 },
    { AV_PIX_FMT_YUV420P, 640, 480, 128, 96, 0.5 },
    { AV_PIX_FMT_NV12, 640, 480, 128, 96, 0.25 },
    { AV_PIX_FMT_YUV420P, 1920, 1080, 256, 144, 0.75 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr (AVFrame)
          frame = two_halves (steps[i].format, steps[i].width, steps[i].height, steps[i].split);
      g_autoptr (AVFrame)
          small = shrink_ok (shrink, frame, steps[i].out_width, steps[i].out_height);
      int edge = (int) (steps[i].out_width * steps[i].split);

      g_assert_cmpint (ABS (luma (small, edge - 4, 10) - 200), <=, 2);
      g_assert_cmpint (ABS (luma (small, edge + 4, 10) - 50), <=, 2);
    }
}

/* Non-square source pixels: the small copy is what is shown, square. */
static void
test_square_pixels (void)
{
  g_autoptr (ScdGpuShrink) shrink = scd_gpu_shrink_new ();
  g_autoptr (AVFrame) frame = two_halves (AV_PIX_FMT_YUV420P, 720, 576, 0.5);
  g_autoptr (AVFrame) small = NULL;

  frame->sample_aspect_ratio = (AVRational){ 16, 11 };
  small = shrink_ok (shrink, frame, 256, 140);
  g_assert_cmpint (ABS (luma (small, 100, 70) - 200), <=, 2);
}

static void
test_bad_sizes (void)
{
  g_autoptr (ScdGpuShrink) shrink = scd_gpu_shrink_new ();
  g_autoptr (AVFrame) frame = two_halves (AV_PIX_FMT_YUV420P, 320, 240, 0.5);
  g_autoptr (AVFrame) empty = av_frame_alloc ();
  g_autoptr (AVFrame) small = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_null (scd_gpu_shrink_frame (shrink, frame, 0, 10, &error));
  g_assert_error (error, SCD_ERROR, SCD_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (scd_gpu_shrink_frame (shrink, empty, 64, 36, &error));
  g_assert_error (error, SCD_ERROR, SCD_ERROR_FAILED);
  g_clear_error (&error);
  /* A size libavfilter refuses fails the graph; the next frame builds a
   * good one. */
  g_assert_null (scd_gpu_shrink_frame (shrink, frame, 100000, 100000, &error));
  g_assert_error (error, SCD_ERROR, SCD_ERROR_FAILED);
  small = shrink_ok (shrink, frame, 64, 48);
  g_assert_cmpint (ABS (luma (small, 4, 4) - 200), <=, 2);
}

/* A made-up scene: blocks of flat colour over a gradient, a ring, and a
 * grain of noise; @scene picks the blocks and colours, @shift moves it
 * all right (the next frame of a pan), @grain_seed the noise. */
static AVFrame *
scene_frame (int width, int height, guint scene, int shift, guint grain_seed)
{
  AVFrame *frame = av_frame_alloc ();
  GRand *grain = g_rand_new_with_seed (grain_seed);

  frame->format = AV_PIX_FMT_NV12;
  frame->width = width;
  frame->height = height;
  g_assert_cmpint (av_frame_get_buffer (frame, 0), ==, 0);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int sx = x - shift;
        guint32 h = (guint32) ((sx / 160 + 100) * 73856093u) ^ (guint32) ((y / 120) * 19349663u)
                    ^ (scene * 83492791u);
        double r = hypot (sx - width / 2.0, y - height / 2.0) / height;
        int v;

        h = (h ^ (h >> 13)) * 0x5bd1e995u;
        h ^= h >> 15;
        v = (int) (h % 140) + sx * 50 / width + (r > 0.3 && r < 0.35 ? 60 : 0)
            + g_rand_int_range (grain, -6, 7);
        frame->data[0][y * frame->linesize[0] + x] = (guint8) CLAMP (v + 20, 0, 255);
      }
  for (int y = 0; y < height / 2; y++)
    for (int x = 0; x < width / 2; x++)
      {
        guint8 *uv = frame->data[1] + y * frame->linesize[1] + 2 * x;

        uv[0] = (guint8) (128 + 40 * sin ((x - shift / 2) / 90.0 + scene));
        uv[1] = (guint8) (128 + 40 * cos (y / 70.0 + 2.0 * scene));
      }
  g_rand_free (grain);
  return frame;
}

static double
score_frames (ScdSceneImager *imager, ScdGpuShrink *shrink, const AVFrame *a, const AVFrame *b)
{
  g_autoptr (AVFrame) small_a = NULL;
  g_autoptr (AVFrame) small_b = NULL;
  g_autoptr (ScdSceneImage) image_a = NULL;
  g_autoptr (ScdSceneImage) image_b = NULL;

  if (shrink != NULL)
    {
      small_a = shrink_ok (shrink, a, 256, 144);
      small_b = shrink_ok (shrink, b, 256, 144);
      a = small_a;
      b = small_b;
    }
  image_a = scd_scene_imager_shrink (imager, a);
  image_b = scd_scene_imager_shrink (imager, b);
  g_assert_cmpuint (image_a->width, ==, 64);
  g_assert_cmpuint (image_a->height, ==, 36);
  return scd_scene_score (image_a, image_b);
}

/* The GPU route's images (shrunk to 4 times the small size, then by the
 * imager) tell a cut from the next frame of a pan as the frame's own do:
 * the cut scores far above the pan either way, the pan no worse in two
 * steps, and the cut about the same. */
static void
test_two_steps_score_alike (void)
{
  g_autoptr (ScdGpuShrink) shrink = scd_gpu_shrink_new ();
  g_autoptr (ScdSceneImager) imager = scd_scene_imager_new ();
  g_autoptr (AVFrame) a = scene_frame (1920, 1080, 1, 0, 1);
  g_autoptr (AVFrame) panned = scene_frame (1920, 1080, 1, 4, 2);
  g_autoptr (AVFrame) cut = scene_frame (1920, 1080, 2, 0, 3);
  double pan_direct = score_frames (imager, NULL, a, panned);
  double pan_stepped = score_frames (imager, shrink, a, panned);
  double cut_direct = score_frames (imager, NULL, a, cut);
  double cut_stepped = score_frames (imager, shrink, a, cut);

  g_test_message ("pan %.2f directly, %.2f in two steps; cut %.2f, %.2f", pan_direct, pan_stepped,
                  cut_direct, cut_stepped);
  g_assert_cmpfloat (cut_direct, >, 5.0 * pan_direct);
  g_assert_cmpfloat (cut_stepped, >, 5.0 * pan_stepped);
  g_assert_cmpfloat (pan_stepped, <, 1.5 * pan_direct + 1.0);
  g_assert_cmpfloat (fabs (cut_stepped - cut_direct), <, 0.15 * cut_direct);
}

/* A frame in memory is only referenced, not copied. */
static void
test_to_memory_references (void)
{
  g_autoptr (AVFrame) frame = two_halves (AV_PIX_FMT_YUV420P, 64, 48, 0.5);
  g_autoptr (AVFrame) copy = scd_gpu_frame_to_memory (frame, NULL);

  g_assert_false (scd_gpu_frame_is_hardware (frame));
  g_assert_nonnull (copy);
  g_assert_true (copy->data[0] == frame->data[0]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gpu-shrink/loads-libavfilter-late", test_loads_libavfilter_late);
  g_test_add_func ("/gpu-shrink/sizes-and-pixels", test_sizes_and_pixels);
  g_test_add_func ("/gpu-shrink/rebuilds", test_rebuilds);
  g_test_add_func ("/gpu-shrink/square-pixels", test_square_pixels);
  g_test_add_func ("/gpu-shrink/bad-sizes", test_bad_sizes);
  g_test_add_func ("/gpu-shrink/two-steps-score-alike", test_two_steps_score_alike);
  g_test_add_func ("/gpu-shrink/to-memory-references", test_to_memory_references);
  return g_test_run ();
}
