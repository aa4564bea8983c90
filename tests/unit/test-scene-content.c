/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a change covers, on hand-made detail images: how much of what the
 * picture shows changed (scd-scene-content.c), and the box around the
 * change (scd-scene-box.c), with the rules that read them
 * (scd-scene-decision.c).
 */
#include <string.h>

#include "scd-scene-box.h"
#include "scd-scene-content.h"
#include "scd-scene-decision.h"

#define W 256
#define H 144

static double
changed (const ScdSceneImage *before, const ScdSceneImage *after)
{
  ScdSceneContentChange change;

  scd_scene_content_change (before, after, &change);
  return change.changed;
}

static double
went (const ScdSceneImage *before, const ScdSceneImage *after)
{
  ScdSceneContentChange change;

  scd_scene_content_change (before, after, &change);
  return change.went;
}

static ScdSceneImage *
page (guint8 background)
{
  ScdSceneImage *image = scd_scene_image_new (W, H);
  gsize luma = scd_scene_image_luma_size (image);

  memset (image->data, background, luma);
  memset (image->data + luma, 128, 2 * scd_scene_image_chroma_size (image));
  return image;
}

static void
fill (ScdSceneImage *image, guint x, guint y, guint w, guint h, guint8 luma)
{
  for (guint j = y; j < y + h && j < image->height; j++)
    memset (image->data + (gsize) j * image->width + x, luma, MIN (w, image->width - x));
}

/* Lines of "text" from @y down every 8 pixels: glyphs 2 pixels wide a
 * pixel apart, each shown or not and tall or short as a hash of @seed and
 * its place says, and the line moved by up to 2 pixels, so that two
 * seeds write different words, which do not line up. */
static void
text (ScdSceneImage *image, guint x, guint y, guint lines, guint width, guint seed)
{
  for (guint line = 0; line < lines; line++)
    for (guint i = 0; i + 2 <= width; i += 3)
      {
        guint hash = (seed * 2654435761u) ^ ((line * 40503u + i) * 2246822519u);

        hash ^= hash >> 15;
        hash *= 2654435761u;
        if (hash % 5 != 0)
          fill (image, x + seed % 3 + i, y + 8 * line + (hash >> 8) % 2, 2, 3 + (hash >> 12) % 3,
                40);
      }
}

/* A slide: a header bar with a rule under it, a footer, the body: a
 * title and three to five lines of text, their number and length as
 * @seed says. */
static ScdSceneImage *
slide (guint seed)
{
  ScdSceneImage *image = page (230);

  fill (image, 0, 0, W, 18, 60);
  fill (image, 0, 18, W, 2, 200);
  fill (image, 0, H - 10, W, 10, 210);
  fill (image, 200, H - 9, 20, 8, 60);
  text (image, 10, 6, 1, 80 + 20 * (seed % 3), seed);
  text (image, 16, 30, 3 + seed % 3, 140 + 20 * (seed % 4), seed + 1);
  return image;
}

static void
test_new_slide (void)
{
  g_autoptr (ScdSceneImage) one = slide (1);
  g_autoptr (ScdSceneImage) two = slide (5);

  /* The template stays, yet much of what the slide shows is new. */
  g_assert_cmpfloat (changed (one, two), >=, 0.35);
  g_assert_false (scd_scene_decision_overlay (changed (one, two), 10.0));
  g_assert_cmpfloat (changed (one, one), ==, 0.0);
}

static void
test_line_typed (void)
{
  g_autoptr (ScdSceneImage) before = slide (1);
  g_autoptr (ScdSceneImage) after = slide (1);

  /* One more line under the body: a small part of what is shown. */
  text (after, 16, 30 + 4 * 8, 1, 60, 9);
  g_assert_cmpfloat (changed (before, after), <, 0.3);
  g_assert_true (scd_scene_decision_overlay (changed (before, after), 10.0));
  /* Had it changed a third of the picture's pixels, it would be a new
   * picture whatever it shows. */
  g_assert_false (scd_scene_decision_overlay (changed (before, after), 35.0));
}

static void
test_counter_over_a_picture (void)
{
  g_autoptr (ScdSceneImage) before = slide (2);
  g_autoptr (ScdSceneImage) after = slide (2);

  /* A bright digit box in a corner turns over. */
  fill (before, W - 40, H - 40, 30, 20, 250);
  fill (after, W - 40, H - 40, 30, 20, 250);
  text (before, W - 38, H - 36, 2, 24, 3);
  text (after, W - 38, H - 36, 2, 24, 4);
  g_assert_true (scd_scene_decision_overlay (changed (before, after), 10.0));
}

static void
test_from_and_to_black (void)
{
  g_autoptr (ScdSceneImage) black = page (16);
  g_autoptr (ScdSceneImage) shown = slide (3);

  /* A black picture shows nothing: all that comes out of it is new, and
   * all that goes into it is gone. */
  g_assert_cmpfloat (changed (black, shown), ==, 1.0);
  g_assert_cmpfloat (changed (shown, black), ==, 1.0);
}

static void
test_output_added (void)
{
  g_autoptr (ScdSceneImage) before = page (20);
  g_autoptr (ScdSceneImage) after = page (20);
  g_autoptr (ScdSceneImage) next = page (20);
  g_autoptr (ScdSceneImage) black = page (16);

  /* A terminal: two lines, then three more printed under them. What was
   * shown stays: however much came, the change only added to it. */
  text (before, 8, 8, 2, 200, 7);
  text (after, 8, 8, 2, 200, 7);
  text (after, 8, 24, 3, 200, 8);
  for (gsize i = 0; i < scd_scene_image_luma_size (before); i++)
    {
      before->data[i] = 255 - before->data[i];
      after->data[i] = 255 - after->data[i];
    }
  g_assert_cmpfloat (changed (before, after), >=, 0.3);
  g_assert_false (scd_scene_decision_overlay (changed (before, after), 10.0));
  g_assert_cmpfloat (went (before, after), <, 0.05);
  g_assert_true (scd_scene_decision_added (went (before, after)));

  /* The screen rewritten (another program, the next slide): what was
   * shown went. */
  text (next, 8, 8, 6, 200, 9);
  for (gsize i = 0; i < scd_scene_image_luma_size (next); i++)
    next->data[i] = 255 - next->data[i];
  g_assert_cmpfloat (went (before, next), >=, 0.5);
  g_assert_false (scd_scene_decision_added (went (before, next)));

  /* Out of black, nothing was shown: all of it is new. */
  g_assert_false (scd_scene_decision_added (went (black, after)));
}

static void
test_popup (void)
{
  g_autoptr (ScdSceneImage) before = slide (1);
  g_autoptr (ScdSceneImage) after = slide (1);
  g_autoptr (ScdSceneImage) next = slide (6);
  ScdSceneChangeBox box;

  /* A dialog: a solid box a fifth of the picture. */
  fill (after, 80, 40, 100, 50, 150);
  fill (after, 80, 40, 100, 6, 90);
  scd_scene_change_box (before, after, &box);
  g_assert_cmpfloat_with_epsilon (box.box, 100.0 * 50 / (W * H), 0.01);
  g_assert_cmpfloat (box.fill, >=, 0.9);
  g_assert_cmpfloat (box.border, >=, 0.9);
  g_assert_true (scd_scene_decision_popup (&box));

  /* A new slide changes its text here and there, not a solid block. */
  scd_scene_change_box (before, next, &box);
  g_assert_cmpfloat (box.fill, <, 0.9);
  g_assert_false (scd_scene_decision_popup (&box));

  /* Nothing changed: no box. */
  scd_scene_change_box (before, before, &box);
  g_assert_cmpfloat (box.box, ==, 0.0);
  g_assert_false (scd_scene_decision_popup (&box));
}

static void
test_window_over_most (void)
{
  g_autoptr (ScdSceneImage) before = slide (1);
  g_autoptr (ScdSceneImage) after = slide (1);
  ScdSceneChangeBox box;

  /* A window raised over most of the picture is a switch, not a popup. */
  fill (after, 10, 10, 236, 124, 150);
  scd_scene_change_box (before, after, &box);
  g_assert_cmpfloat (box.box, >, 0.5);
  g_assert_false (scd_scene_decision_popup (&box));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scene/content/new-slide", test_new_slide);
  g_test_add_func ("/scene/content/line-typed", test_line_typed);
  g_test_add_func ("/scene/content/counter", test_counter_over_a_picture);
  g_test_add_func ("/scene/content/black", test_from_and_to_black);
  g_test_add_func ("/scene/content/output-added", test_output_added);
  g_test_add_func ("/scene/content/popup", test_popup);
  g_test_add_func ("/scene/content/window", test_window_over_most);
  return g_test_run ();
}
