/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The settled frame (scd-scene-settle.c), through the detector on grey
 * 640x360 frames at 10 fps made here: a slide whose bullets come one by
 * one settles once, 2 s after the last; a pointer that moves and stops, a
 * blinking caret, typing that goes on, a picture that moves all the time
 * and a still shot whose detail shifts settle never.
 */
#include <string.h>

#include "scd-libav.h"
#include "scd-scene-detector.h"

#define W 640
#define H 360
#define FPS 10.0
#define SETTLE 2.0

static void
fill (AVFrame *frame, int x, int y, int w, int h, guint8 value)
{
  for (int row = MAX (y, 0); row < MIN (y + h, H); row++)
    memset (frame->data[0] + (gsize) row * frame->linesize[0] + MAX (x, 0), value,
            (gsize) (MIN (x + w, W) - MAX (x, 0)));
}

/* A white slide with a title bar and @bullets bullets (a dot and a line
 * of "text": glyph blocks). */
static AVFrame *
slide (guint bullets)
{
  AVFrame *frame = av_frame_alloc ();

  frame->format = AV_PIX_FMT_GRAY8;
  frame->width = W;
  frame->height = H;
  g_assert_cmpint (av_frame_get_buffer (frame, 0), ==, 0);
  fill (frame, 0, 0, W, H, 235);
  fill (frame, 0, 0, W, 40, 60);
  for (guint b = 0; b < bullets; b++)
    {
      fill (frame, 30, 70 + 50 * (int) b, 10, 10, 20);
      for (int x = 60; x < 500; x += 12)
        fill (frame, x, 66 + 50 * (int) b, 8, 18, 30);
    }
  return frame;
}

typedef struct
{
  GArray *settled; /* double: timestamps */
  guint scenes;
} Found;

static void
on_keep (const AVFrame *frame, double timestamp, double score, ScdFrameReason reason, gpointer data)
{
  Found *found = data;

  if (reason == SCD_FRAME_REASON_SETTLED)
    g_array_append_val (found->settled, timestamp);
  else if (reason == SCD_FRAME_REASON_SCENE)
    found->scenes++;
}

typedef AVFrame *(*MakeFrame) (guint i);

/* Runs @n frames of @make through a detector; the settled frames' times. */
static GArray *
settled_in (MakeFrame make, guint n, guint *scenes)
{
  ScdSceneParams params = { .threshold = 4.0, .min_scene_length = 0.25, .settle_seconds = SETTLE };
  Found found = { g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  g_autoptr (ScdSceneDetector) detector = scd_scene_detector_new (on_keep, &found);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (AVFrame) frame = make (i);

      scd_scene_detector_push (detector, frame, i / FPS, &params);
    }
  scd_scene_detector_finish (detector);
  if (scenes != NULL)
    *scenes = found.scenes;
  return found.settled;
}

/* Bullets at 0, 1 and 2 s, then still. */
static AVFrame *
building_up (guint i)
{
  return slide (1 + MIN (i / 10, 2));
}

static void
test_bullets_settle_once (void)
{
  g_autoptr (GArray) settled = settled_in (building_up, 80, NULL);

  g_assert_cmpuint (settled->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (settled, double, 0), 2.0 + SETTLE, 0.15);
}

/* Three bullets from the start; a pointer moves for 2 s and stops, a
 * caret blinks. */
static AVFrame *
pointer_and_caret (guint i)
{
  AVFrame *frame = slide (3);
  int x = 100 + 20 * (int) MIN (i, 20);

  fill (frame, x, 250, 6, 10, 0);
  if ((i / 5) % 2 == 0)
    fill (frame, 520, 166, 2, 18, 0);
  return frame;
}

/* A character more every 0.2 s, for the whole 8 s. */
static AVFrame *
typing (guint i)
{
  AVFrame *frame = slide (1);

  for (guint c = 0; c < i / 2; c++)
    fill (frame, 60 + 10 * (int) (c % 55), 150 + 30 * (int) (c / 55), 8, 18, 30);
  return frame;
}

/* Glyph blocks that all move a little every frame: video. */
static AVFrame *
moving (guint i)
{
  AVFrame *frame = slide (0);

  for (int y = 50; y < H - 20; y += 30)
    for (int x = 10; x < W - 40; x += 40)
      fill (frame, x + (int) ((i * 7 + (guint) y) % 23), y, 16, 16, 40);
  return frame;
}

/* A still shot where a few things move a little, then stay (a leaf
 * stirring): as much detail goes as comes. */
static AVFrame *
stirring (guint i)
{
  AVFrame *frame = slide (0);

  for (int y = 50; y < H - 20; y += 30)
    for (int x = 10; x < W - 40; x += 40)
      fill (frame, x + (y == 110 && i >= 10 ? 6 : 0), y, 16, 16, 40);
  return frame;
}

static void
test_no_settling (void)
{
  const struct
  {
    const char *name;
    MakeFrame make;
  } cases[] = {
    { "pointer and caret", pointer_and_caret },
    { "typing", typing },
    { "moving", moving },
    { "stirring", stirring },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint scenes = 0;
      g_autoptr (GArray) settled = settled_in (cases[i].make, 80, &scenes);

      g_test_message ("%s: %u settled, %u scenes", cases[i].name, settled->len, scenes);
      g_assert_cmpuint (settled->len, ==, 0);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene-settle/bullets-settle-once", test_bullets_settle_once);
  g_test_add_func ("/scene-settle/no-settling", test_no_settling);
  return g_test_run ();
}
