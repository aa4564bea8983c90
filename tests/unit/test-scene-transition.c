/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Fades and dissolves on hand-made small images (scd-scene-transition.c):
 * each reported once, at its end, also from or into a scene that moves on
 * its own; a pan, a zoom, a flash, a brightening and a scene that keeps
 * changing are not.
 */
#include <math.h>
#include <string.h>

#include "scd-scene-blend.h"
#include "scd-scene-transition.h"
#include "scd-scene-tuning.h"

#define W 64
#define H 36
#define THRESHOLD 5.0

typedef guint8 (*Pattern) (guint x, guint y);

static guint8
stripes (guint x, guint y)
{
  return (guint8) (40 + 150 * ((x / 6 + y / 5) % 2));
}

static guint8
rings (guint x, guint y)
{
  double d = hypot ((double) x - W / 2.0, (double) y - H / 2.0);

  return (guint8) (128 + 90 * sin (d / 2.0));
}

/* Dim, sparse lines: a dark shot. */
static guint8
dim_lines (guint x, guint y)
{
  return (guint8) ((x + 2 * y) % 9 == 0 ? 70 : 20);
}

static guint8
black (guint x, guint y)
{
  return 16;
}

/* Nearly black, with a trace of the rings: what the black in the middle
 * of a cross-fade through black may hold. */
static guint8
faint_rings (guint x, guint y)
{
  return (guint8) lround (16 + 0.05 * (rings (x, y) - 16));
}

/* A uniform random number in [-1, 1] for pixel (@x, @y) at @t. */
static double
noise (guint x, guint y, guint t)
{
  guint32 h = x * 73856093u ^ y * 19349663u ^ t * 83492791u;

  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return (h % 20001) / 10000.0 - 1.0;
}

/* A scene that keeps changing on its own without anything moving across
 * it (water, leaves, a crowd): every pixel is the mean of its last
 * RESTLESS_SPAN random draws, so a frame soon stops looking like the ones
 * before. A new draw every other frame, as 30 fps shown at 60; @flicker:
 * how many levels its brightness wavers. */
#define RESTLESS_SPAN 24
static ScdSceneImage *
restless (guint t, double flicker)
{
  ScdSceneImage *image = scd_scene_image_new (W, H);
  gsize luma = scd_scene_image_luma_size (image);

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      {
        double sum = 0.0;

        for (guint k = 0; k < RESTLESS_SPAN; k++)
          sum += noise (x, y, t / 2 + k);
        image->data[y * W + x] = (guint8) CLAMP (lround (128 + 8 * sum + flicker * sin (0.3 * t)),
                                                 16, 235);
      }
  memset (image->data + luma, 128, 2 * scd_scene_image_chroma_size (image));
  return image;
}

/* The game of life on a grid of LIFE_CELLS cells per small pixel each
 * way: a scene that keeps changing on its own, a little here and a little
 * there. */
#define LIFE_CELLS 4
#define LIFE_W (W * LIFE_CELLS)
#define LIFE_H (H * LIFE_CELLS)

typedef struct
{
  guint8 cells[LIFE_H][LIFE_W];
} Life;

static void
life_init (Life *life)
{
  for (guint y = 0; y < LIFE_H; y++)
    for (guint x = 0; x < LIFE_W; x++)
      life->cells[y][x] = noise (x, y, 0) > 0.4;
}

static void
life_step (Life *life)
{
  Life next;

  for (guint y = 0; y < LIFE_H; y++)
    for (guint x = 0; x < LIFE_W; x++)
      {
        guint around = 0;

        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            if (dx != 0 || dy != 0)
              around += life->cells[(y + LIFE_H + dy) % LIFE_H][(x + LIFE_W + dx) % LIFE_W];
        next.cells[y][x] = around == 3 || (around == 2 && life->cells[y][x]);
      }
  *life = next;
}

static ScdSceneImage *
life_image (const Life *life)
{
  ScdSceneImage *image = scd_scene_image_new (W, H);
  gsize luma = scd_scene_image_luma_size (image);

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      {
        guint alive = 0;

        for (guint cy = 0; cy < LIFE_CELLS; cy++)
          for (guint cx = 0; cx < LIFE_CELLS; cx++)
            alive += life->cells[y * LIFE_CELLS + cy][x * LIFE_CELLS + cx];
        image->data[y * W + x] = (guint8) (16 + 219 * alive / (LIFE_CELLS * LIFE_CELLS));
      }
  memset (image->data + luma, 128, 2 * scd_scene_image_chroma_size (image));
  return image;
}

/* (1 - t)·@a + t·@b, pixel by pixel. */
static ScdSceneImage *
blend (const ScdSceneImage *a, const ScdSceneImage *b, double t)
{
  ScdSceneImage *image = scd_scene_image_new (W, H);
  gsize size = scd_scene_image_luma_size (image) + 2 * scd_scene_image_chroma_size (image);

  for (gsize i = 0; i < size; i++)
    image->data[i] = (guint8) lround ((1 - t) * a->data[i] + t * b->data[i]);
  return image;
}

/* A mix of @a and @b (t = 0: @a, t = 1: @b), shifted @dx pixels. */
static ScdSceneImage *
mix (Pattern a, Pattern b, double t, guint dx)
{
  ScdSceneImage *image = scd_scene_image_new (W, H);
  gsize luma = scd_scene_image_luma_size (image);

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      image->data[y * W + x] = (guint8) lround ((1 - t) * a (x + dx, y) + t * b (x + dx, y));
  memset (image->data + luma, 128, 2 * scd_scene_image_chroma_size (image));
  return image;
}

/* Rings zoomed in by @zoom around the centre. */
static ScdSceneImage *
zoomed_rings (double zoom)
{
  ScdSceneImage *image = scd_scene_image_new (W, H);
  gsize luma = scd_scene_image_luma_size (image);

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      {
        double d = hypot ((double) x - W / 2.0, (double) y - H / 2.0) / zoom;

        image->data[y * W + x] = (guint8) lround (128 + 90 * sin (d / 2.0) * cos (d / 5.0));
      }
  memset (image->data + luma, 128, 2 * scd_scene_image_chroma_size (image));
  return image;
}

/* What scd_scene_transition_take() made of @image, frame @i at @fps, as
 * one letter: '.' nothing, 'h' hold, 'D' done, 'x' drop. */
static char
take (ScdSceneTransition *transition, const ScdSceneImage *image, guint i, double fps)
{
  double score = 0.0;

  switch (scd_scene_transition_take (transition, image, i / fps, THRESHOLD, &score))
    {
    case SCD_TRANSITION_HOLD:
      return 'h';
    case SCD_TRANSITION_DONE:
      g_assert_cmpfloat (score, >=, THRESHOLD);
      return 'D';
    case SCD_TRANSITION_DROP:
      return 'x';
    case SCD_TRANSITION_NOTHING:
    default:
      return '.';
    }
}

/* Feeds frames at 25 fps: @n_before of @a, @n_during mixing to @b, then
 * @n_after of @b; returns what was reported as a string, one letter a
 * frame (take()). */
static char *
run (Pattern a, Pattern b, guint n_before, guint n_during, guint n_after)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  GString *out = g_string_new (NULL);
  guint n = n_before + n_during + n_after;

  for (guint i = 0; i < n; i++)
    {
      double t = i < n_before ? 0.0 : MIN (1.0, (double) (i - n_before + 1) / (n_during + 1));
      g_autoptr (ScdSceneImage) image = mix (a, b, t, 0);

      g_string_append_c (out, take (transition, image, i, 25.0));
    }
  return g_string_free (out, FALSE);
}

static guint
count (const char *s, char c)
{
  guint n = 0;

  for (; *s != '\0'; s++)
    n += *s == c;
  return n;
}

/* The last frame held before the first 'D'. */
static int
last_hold_before_done (const char *s)
{
  const char *done = strchr (s, 'D');

  g_assert_nonnull (done);
  for (const char *p = done; p >= s; p--)
    if (*p == 'h')
      return (int) (p - s);
  return -1;
}

static void
test_dissolve (void)
{
  /* 20 frames of stripes, a 15-frame dissolve, 20 frames of rings: the
   * rings are whole at frame 34. */
  g_autofree char *got = run (stripes, rings, 20, 14, 20);

  g_assert_cmpuint (count (got, 'D'), ==, 1);
  g_assert_cmpint (ABS (last_hold_before_done (got) - 34), <=, 2);
}

static void
test_dissolve_to_a_dark_shot (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  g_autoptr (ScdSceneImage) dark = mix (dim_lines, dim_lines, 0.0, 0);
  GString *out = g_string_new (NULL);
  g_autofree char *got = NULL;

  /* At 60 fps, rings zooming in slowly dissolve in 20 frames to a dark
   * shot (whole at frame 79). Early on the mix only looks like the rings
   * darkened; judged then, each check dropped what was followed, and the
   * dissolve was never reported. (Only some speeds and lengths show it:
   * at 16 or 24 frames the old check also found it.) */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr (ScdSceneImage) moving = zoomed_rings (1.0 + 0.005 * i);
      g_autoptr (ScdSceneImage) image = blend (moving, dark, CLAMP ((i - 59.0) / 20.0, 0.0, 1.0));

      g_string_append_c (out, take (transition, image, i, 60.0));
    }
  got = g_string_free (g_steal_pointer (&out), FALSE);
  g_test_message ("%s", got);
  g_assert_cmpuint (count (got, 'D'), ==, 1);
  g_assert_cmpint (ABS (last_hold_before_done (got) - 79), <=, 3);
}

static void
test_fade_through_black (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  guint done = 0, i = 0;
  int held = -1, reported = -1;

  /* Stripes fade to black in 10 frames, black for 5, rings fade in over
   * 10 frames (whole at frame 45), then stay. */
  for (; i < 70; i++)
    {
      g_autoptr (ScdSceneImage) image = NULL;
      double score;

      if (i < 20)
        image = mix (stripes, black, 0.0, 0);
      else if (i < 30)
        image = mix (stripes, black, (i - 19) / 10.0, 0);
      else if (i < 35)
        image = mix (black, black, 0.0, 0);
      else
        image = mix (black, rings, MIN (1.0, (i - 35) / 10.0), 0);

      switch (scd_scene_transition_take (transition, image, i / 25.0, THRESHOLD, &score))
        {
        case SCD_TRANSITION_HOLD:
          held = (int) i;
          break;
        case SCD_TRANSITION_DONE:
          done++;
          reported = held;
          break;
        default:
          break;
        }
    }
  g_test_message ("fade-in reported at frame %d", reported);
  /* The black in the middle is not reported; the rings are, once. */
  g_assert_cmpuint (done, ==, 1);
  g_assert_cmpint (ABS (reported - 45), <=, 2);
}

static void
test_fade_in_from_faint_black (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  GString *out = g_string_new (NULL);
  g_autofree char *got = NULL;

  /* Stripes fade in 10 frames to a black that already holds a trace of
   * the rings, which stays 10 frames, then the rings fade in over 10
   * frames (whole at frame 49). The black is flat: the rings come out of
   * it as the next scene, not as the trace brightened. */
  for (guint i = 0; i < 70; i++)
    {
      g_autoptr (ScdSceneImage) image = NULL;

      if (i < 20)
        image = mix (stripes, faint_rings, 0.0, 0);
      else if (i < 30)
        image = mix (stripes, faint_rings, (i - 19) / 10.0, 0);
      else if (i < 40)
        image = mix (faint_rings, faint_rings, 0.0, 0);
      else
        image = mix (faint_rings, rings, MIN (1.0, (i - 39) / 10.0), 0);
      g_string_append_c (out, take (transition, image, i, 25.0));
    }
  got = g_string_free (g_steal_pointer (&out), FALSE);
  g_test_message ("%s (end held: %d)", got, strchr (got, 'D') ? last_hold_before_done (got) : -1);
  g_assert_cmpuint (count (got, 'D'), ==, 1);
  g_assert_cmpint (ABS (last_hold_before_done (got) - 49), <=, 2);
}

static void
test_cut_to_black_then_fade_in (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  GString *out = g_string_new (NULL);
  g_autofree char *got = NULL;

  /* At 10 fps a short fade out is all in one step: stripes, then black
   * for three frames, then the rings fade in over four (whole at frame
   * 16). What comes out of the black is reported, once. */
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr (ScdSceneImage) image = NULL;

      if (i < 10)
        image = mix (stripes, black, 0.0, 0);
      else if (i < 13)
        image = mix (black, black, 0.0, 0);
      else
        image = mix (black, rings, MIN (1.0, (i - 12) / 4.0), 0);
      g_string_append_c (out, take (transition, image, i, 10.0));
    }
  got = g_string_free (g_steal_pointer (&out), FALSE);
  g_test_message ("%s (end held: %d)", got, strchr (got, 'D') ? last_hold_before_done (got) : -1);
  g_assert_cmpuint (count (got, 'D'), ==, 1);
  g_assert_cmpint (ABS (last_hold_before_done (got) - 16), <=, 1);
}

/* What scd_scene_transition_take() made of frames that are each a
 * pattern at a level over black (1: the pattern itself), at @fps. */
typedef struct
{
  Pattern pattern;
  double level;
  guint n_frames;
} Stretch;

static char *
run_stretches (ScdSceneTransition *transition, const Stretch *stretches, gsize n, double fps)
{
  GString *out = g_string_new (NULL);
  guint i = 0;

  for (gsize k = 0; k < n; k++)
    for (guint j = 0; j < stretches[k].n_frames; j++, i++)
      {
        g_autoptr (ScdSceneImage) image = mix (black, stretches[k].pattern, stretches[k].level, 0);

        g_string_append_c (out, take (transition, image, i, fps));
      }
  g_test_message ("%s", out->str);
  return g_string_free (out, FALSE);
}

static void
test_broken_fade_through_black (void)
{
  /* At 10 fps, a fade through black of 0.9 s: the stripes dim for three
   * frames, drop to a fifth in one step, which ends what was followed, then
   * to nearly black; the rings come back as a faint trace and brighten in
   * four frames (whole at frame 19). Brightened five times, the trace was
   * the rings fading in, not a picture relit. */
  static const Stretch frames[] = {
    { stripes, 1.0, 10 }, { stripes, 0.92, 1 }, { stripes, 0.84, 1 }, { stripes, 0.76, 1 },
    { stripes, 0.18, 1 }, { stripes, 0.03, 1 }, { rings, 0.2, 1 },    { rings, 0.45, 1 },
    { rings, 0.7, 1 },    { rings, 0.9, 1 },    { rings, 1.0, 14 },
  };
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  g_autofree char *got = run_stretches (transition, frames, G_N_ELEMENTS (frames), 10.0);

  g_assert_cmpuint (count (got, 'D'), ==, 1);
  g_assert_cmpint (ABS (last_hold_before_done (got) - 19), <=, 1);
}

static void
test_fade_in_after_a_cut_is_the_cut (void)
{
  /* A cut out of black to the faint start of a fade in was reported, and
   * the transition restarted on it: the rest of the fade in is that scene
   * brightened, however much, and not reported again. */
  static const Stretch frames[] = {
    { rings, 0.2, 1 }, { rings, 0.4, 1 }, { rings, 0.6, 1 }, { rings, 0.8, 1 }, { rings, 1.0, 20 },
  };
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  g_autoptr (ScdSceneImage) cut = mix (black, rings, 0.1, 0);
  g_autofree char *got = NULL;

  scd_scene_transition_restart (transition, cut);
  got = run_stretches (transition, frames, G_N_ELEMENTS (frames), 25.0);
  g_assert_cmpuint (count (got, 'D'), ==, 0);
}

static void
test_dissolve_from_restless_scene (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  g_autoptr (ScdSceneImage) still = mix (rings, rings, 0.0, 0);
  GString *out = g_string_new (NULL);
  g_autofree char *got = NULL;

  /* At 60 fps, a second of a scene that keeps changing, a 1.2 s dissolve
   * from it to the rings (whole at frame 132), a second of the rings: the
   * scene's own change hides the mix until the dissolve is well under
   * way, so only the whole may be judged. */
  for (guint i = 0; i < 192; i++)
    {
      g_autoptr (ScdSceneImage) moving = restless (i, 0.0);
      g_autoptr (ScdSceneImage) image = blend (moving, still, CLAMP ((i - 60.0) / 72.0, 0.0, 1.0));

      g_string_append_c (out, take (transition, image, i, 60.0));
    }
  got = g_string_free (g_steal_pointer (&out), FALSE);
  g_test_message ("%s (end held: %d)", got, strchr (got, 'D') ? last_hold_before_done (got) : -1);
  g_assert_cmpuint (count (got, 'D'), ==, 1);
  g_assert_cmpint (ABS (last_hold_before_done (got) - 132), <=, 3);
}

static void
test_fade_into_restless_scene (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  g_autoptr (ScdSceneImage) still = mix (stripes, stripes, 0.0, 0);
  g_autoptr (ScdSceneImage) dark = mix (black, black, 0.0, 0);
  GString *out = g_string_new (NULL);
  g_autofree char *got = NULL;

  /* At 60 fps, stripes fade out in 0.4 s, black for 0.2 s, then a scene
   * that keeps changing fades in over 0.4 s (whole at frame 84): its end
   * is where the fade ends, however much the new scene changes after. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr (ScdSceneImage) moving = restless (i, 4.0);
      g_autoptr (ScdSceneImage) image = NULL;

      if (i < 48)
        image = blend (still, dark, CLAMP ((i - 24.0) / 24.0, 0.0, 1.0));
      else
        image = blend (dark, moving, CLAMP ((i - 60.0) / 24.0, 0.0, 1.0));
      g_string_append_c (out, take (transition, image, i, 60.0));
    }
  got = g_string_free (g_steal_pointer (&out), FALSE);
  g_test_message ("%s (end held: %d)", got, strchr (got, 'D') ? last_hold_before_done (got) : -1);
  g_assert_cmpuint (count (got, 'D'), ==, 1);
  g_assert_cmpint (ABS (last_hold_before_done (got) - 84), <=, 2);
}

static void
test_life_is_not_a_transition (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  g_autofree Life *life = g_new (Life, 1);
  g_autoptr (ScdSceneImage) now = NULL;
  g_autoptr (ScdSceneImage) next = NULL;
  GString *out = g_string_new (NULL);
  g_autofree char *got = NULL;

  /* Ten seconds at 30 fps of six generations a second, each blended into
   * the next over the frames between (as ffmpeg's framerate filter does),
   * past the first chaotic ones: a string of small dissolves, not one of
   * them a scene of its own. */
  life_init (life);
  for (guint i = 0; i < 30; i++)
    life_step (life);
  next = life_image (life);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr (ScdSceneImage) image = NULL;

      if (i % 5 == 0)
        {
          scd_scene_image_free (now);
          now = g_steal_pointer (&next);
          life_step (life);
          next = life_image (life);
        }
      image = blend (now, next, (i % 5) / 5.0);
      g_string_append_c (out, take (transition, image, i, 30.0));
    }
  got = g_string_free (g_steal_pointer (&out), FALSE);
  g_test_message ("%s", got);
  g_assert_cmpuint (count (got, 'D'), ==, 0);
}

static void
test_last_step_to_black_continues (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  g_autoptr (ScdSceneImage) cut = mix (rings, rings, 0.0, 0);

  /* Stripes fade to black in five steps at 10 fps. In lightness the last
   * step is the biggest, but it is a step of the fade; a cut to the
   * rings in the middle of it is not. */
  for (guint i = 0; i < 15; i++)
    {
      g_autoptr (ScdSceneImage) image = mix (stripes, black, i < 10 ? 0.0 : (i - 9) / 5.0, 0);

      if (i == 14)
        g_assert_true (scd_scene_transition_continues (transition, image));
      if (i >= 12)
        g_assert_false (scd_scene_transition_continues (transition, cut));
      take (transition, image, i, 10.0);
    }
}

static void
test_pan_is_not_a_transition (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();

  /* Rings moving one pixel a frame for three seconds. */
  for (guint i = 0; i < 75; i++)
    {
      g_autoptr (ScdSceneImage) image = mix (rings, rings, 0.0, i);
      double score;

      g_assert_cmpint (scd_scene_transition_take (transition, image, i / 25.0, THRESHOLD, &score),
                       !=, SCD_TRANSITION_DONE);
    }
}

/* Rings with a box of stripes over their left fifth, @t of the way in. */
static ScdSceneImage *
box_fading_in (double t)
{
  ScdSceneImage *image = mix (rings, rings, 0.0, 0);

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W / 5; x++)
      image->data[y * W + x] = (guint8) lround ((1 - t) * rings (x, y) + t * stripes (x, y));
  return image;
}

/* A caption or a logo fading in over a fifth of a still shot: a mix, but
 * the end still shows most of what the start did. */
static char *
run_box_fading_in (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr (ScdSceneImage) image = box_fading_in (CLAMP ((i - 20.0) / 12.0, 0.0, 1.0));

      g_string_append_c (out, take (transition, image, i, 25.0));
    }
  return g_string_free (out, FALSE);
}

static void
test_box_fading_in_is_not_a_transition (void)
{
  g_autofree char *kept = NULL;
  g_autofree char *seen = NULL;

  /* Taken for a transition when nothing is asked of its end: the change
   * is big enough to be followed and judged. */
  g_assert_true (scd_tune_set ("transition-went-share", 0.0, NULL));
  kept = run_box_fading_in ();
  scd_tune_reset ();
  g_assert_cmpuint (count (kept, 'D'), ==, 1);

  seen = run_box_fading_in ();
  g_assert_cmpuint (count (seen, 'h'), >, 0);
  g_assert_cmpuint (count (seen, 'D'), ==, 0);
}

static void
test_flash_is_not_a_transition (void)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr (ScdSceneImage) image = mix (stripes, black, i == 20 || i == 21 ? 1.0 : 0.0, 0);
      double score;

      g_assert_cmpint (scd_scene_transition_take (transition, image, i / 25.0, THRESHOLD, &score),
                       !=, SCD_TRANSITION_DONE);
    }
}

/* Zooms the rings in 1 % a frame at 30 fps for @n_zoom frames; when
 * @n_fade, then fades to the stripes over @n_fade frames, still zooming,
 * and shows them for a second. */
static char *
run_zoom (guint n_zoom, guint n_fade)
{
  g_autoptr (ScdSceneTransition) transition = scd_scene_transition_new ();
  g_autoptr (ScdSceneImage) after = mix (stripes, stripes, 0.0, 0);
  GString *out = g_string_new (NULL);
  guint n = n_zoom + (n_fade > 0 ? n_fade + 30 : 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ScdSceneImage) zoom = zoomed_rings (pow (1.01, i));
      double t = i < n_zoom ? 0.0 : MIN (1.0, (double) (i - n_zoom + 1) / n_fade);
      g_autoptr (ScdSceneImage) image = blend (zoom, after, t);

      g_string_append_c (out, take (transition, image, i, 30.0));
    }
  return g_string_free (out, FALSE);
}

static void
test_fade_out_of_a_zoom (void)
{
  /* The zoom is followed from its start, and from there the frames are
   * no mix: the fade begins later, at frame 60, and is whole at frame
   * 89. */
  g_autofree char *got = run_zoom (60, 30);
  g_autofree char *zoom = run_zoom (120, 0);

  g_test_message ("%s (end held: %d)", got, strchr (got, 'D') ? last_hold_before_done (got) : -1);
  g_assert_cmpuint (count (got, 'D'), ==, 1);
  g_assert_cmpint (ABS (last_hold_before_done (got) - 89), <=, 2);

  /* Nor does a stretch of the zoom on its own look like one. */
  g_test_message ("%s", zoom);
  g_assert_cmpuint (count (zoom, 'D'), ==, 0);
}

static void
test_blend_residual (void)
{
  g_autoptr (ScdSceneImage) a = mix (stripes, rings, 0.0, 0);
  g_autoptr (ScdSceneImage) b = mix (stripes, rings, 1.0, 0);
  g_autoptr (ScdSceneImage) half = mix (stripes, rings, 0.5, 0);
  g_autoptr (ScdSceneImage) moved = mix (stripes, stripes, 0.0, 7);

  g_assert_cmpfloat (scd_scene_blend_residual (a, half, b), <, 0.05);
  g_assert_cmpfloat (scd_scene_blend_residual (a, moved, b), >, 0.3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene-transition/dissolve", test_dissolve);
  g_test_add_func ("/scene-transition/dissolve-to-dark", test_dissolve_to_a_dark_shot);
  g_test_add_func ("/scene-transition/fade-through-black", test_fade_through_black);
  g_test_add_func ("/scene-transition/fade-in-from-faint-black", test_fade_in_from_faint_black);
  g_test_add_func ("/scene-transition/cut-to-black-then-fade-in", test_cut_to_black_then_fade_in);
  g_test_add_func ("/scene-transition/broken-fade-through-black", test_broken_fade_through_black);
  g_test_add_func ("/scene-transition/fade-in-after-a-cut", test_fade_in_after_a_cut_is_the_cut);
  g_test_add_func ("/scene-transition/dissolve-from-restless", test_dissolve_from_restless_scene);
  g_test_add_func ("/scene-transition/fade-into-restless", test_fade_into_restless_scene);
  g_test_add_func ("/scene-transition/life", test_life_is_not_a_transition);
  g_test_add_func ("/scene-transition/last-step-to-black", test_last_step_to_black_continues);
  g_test_add_func ("/scene-transition/pan", test_pan_is_not_a_transition);
  g_test_add_func ("/scene-transition/flash", test_flash_is_not_a_transition);
  g_test_add_func ("/scene-transition/box-fading-in", test_box_fading_in_is_not_a_transition);
  g_test_add_func ("/scene-transition/fade-out-of-a-zoom", test_fade_out_of_a_zoom);
  g_test_add_func ("/scene-transition/blend-residual", test_blend_residual);
  return g_test_run ();
}
