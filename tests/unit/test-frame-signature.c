/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Frame signatures (scd-frame-signature.c) on 1280x720 slides made here:
 * the same slide re-encoded, with the pointer elsewhere or a caret
 * blinking is the same screen; with a line of text added, a dark panel
 * opened on a dark screen, or another slide, it is not. The text form reads back the same.
 */
#include <string.h>

#include <libswscale/swscale.h>

#include "scd-frame-signature.h"
#include "scd-libav.h"

#define W 1280
#define H 720

static void
fill (AVFrame *frame, int x, int y, int w, int h, guint8 value)
{
  for (int row = y; row < y + h; row++)
    memset (frame->data[0] + (gsize) row * frame->linesize[0] + x, value, (gsize) w);
}

/* A white slide with a grey title bar and @lines lines of "text" (glyph
 * blocks 10x16 with gaps, set by @seed), and per-pixel noise of up to
 * @noise levels (a re-encoding). */
static AVFrame *
slide (guint seed, guint lines, guint noise)
{
  AVFrame *frame = av_frame_alloc ();
  GRand *rand = g_rand_new_with_seed (seed);
  GRand *grain = g_rand_new_with_seed (seed + 1000 + noise);

  frame->format = AV_PIX_FMT_GRAY8;
  frame->width = W;
  frame->height = H;
  g_assert_cmpint (av_frame_get_buffer (frame, 0), ==, 0);
  fill (frame, 0, 0, W, H, 235);
  fill (frame, 0, 0, W, 90, 70);
  for (guint line = 0; line < lines; line++)
    for (int x = 100; x < 100 + 60 * 14; x += 14)
      if (g_rand_int_range (rand, 0, 4) != 0)
        fill (frame, x, 140 + (int) line * 50, 10, 16, 30);
  if (noise > 0)
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++)
        {
          guint8 *p = frame->data[0] + (gsize) y * frame->linesize[0] + x;

          *p = (guint8) CLAMP (*p + g_rand_int_range (grain, -(int) noise, (int) noise + 1), 0,
                               255);
        }
  g_rand_free (rand);
  g_rand_free (grain);
  return frame;
}

/* A pointer: a 12x19 dark wedge with a light edge. */
static void
pointer (AVFrame *frame, int x, int y)
{
  for (int row = 0; row < 19; row++)
    fill (frame, x, y + row, MAX (1, MIN (row * 12 / 19 + 1, 12)), 1, row % 18 == 0 ? 255 : 0);
}

static ScdFrameSignature *
sign (AVFrame *frame, struct SwsContext **sws)
{
  ScdFrameSignature *signature = scd_frame_signature_new (frame, sws);

  g_assert_nonnull (signature);
  return signature;
}

static void
test_same_screen (void)
{
  struct SwsContext *sws = NULL;
  g_autoptr (AVFrame) a = slide (1, 8, 0);
  g_autoptr (AVFrame) reencoded = slide (1, 8, 6);
  g_autoptr (AVFrame) pointer_moved = slide (1, 8, 0);
  g_autoptr (AVFrame) caret = slide (1, 8, 0);
  g_autoptr (ScdFrameSignature) sa = NULL;
  g_autoptr (ScdFrameSignature) sr = NULL;
  g_autoptr (ScdFrameSignature) sp = NULL;
  g_autoptr (ScdFrameSignature) sc = NULL;
  double distance = -1.0;

  pointer (a, 300, 600);
  pointer (reencoded, 300, 600);
  pointer (pointer_moved, 900, 200);
  pointer (caret, 300, 600);
  fill (caret, 940, 140, 2, 18, 0);
  sa = sign (a, &sws);
  sr = sign (reencoded, &sws);
  sp = sign (pointer_moved, &sws);
  sc = sign (caret, &sws);
  g_assert_true (scd_frame_signature_matches (sa, sr, &distance));
  g_assert_cmpfloat (distance, <, 2.0);
  g_assert_true (scd_frame_signature_matches (sa, sp, NULL));
  g_assert_true (scd_frame_signature_matches (sa, sc, NULL));
  sws_freeContext (sws);
}

static void
test_other_screen (void)
{
  struct SwsContext *sws = NULL;
  g_autoptr (AVFrame) a = slide (1, 7, 0);
  g_autoptr (AVFrame) one_more_line = slide (1, 8, 0);
  g_autoptr (AVFrame) other = slide (2, 7, 0);
  g_autoptr (AVFrame) narrow = av_frame_alloc ();
  g_autoptr (AVFrame) dark = slide (4, 0, 0);
  g_autoptr (AVFrame) dark_panel = slide (4, 0, 0);
  g_autoptr (ScdFrameSignature) sd = NULL;
  g_autoptr (ScdFrameSignature) sdp = NULL;
  g_autoptr (ScdFrameSignature) sa = NULL;
  g_autoptr (ScdFrameSignature) sl = NULL;
  g_autoptr (ScdFrameSignature) so = NULL;
  g_autoptr (ScdFrameSignature) sn = NULL;

  narrow->format = AV_PIX_FMT_GRAY8;
  narrow->width = 640;
  narrow->height = 480;
  g_assert_cmpint (av_frame_get_buffer (narrow, 0), ==, 0);
  fill (narrow, 0, 0, 640, 480, 235);
  sa = sign (a, &sws);
  sl = sign (one_more_line, &sws);
  so = sign (other, &sws);
  sn = sign (narrow, &sws);
  /* A dark editor, and the same with a panel 5 levels lighter opened. */
  fill (dark, 0, 0, W, H, 26);
  fill (dark_panel, 0, 0, W, H, 26);
  fill (dark_panel, 600, 300, 600, 300, 31);
  sd = sign (dark, &sws);
  sdp = sign (dark_panel, &sws);
  g_assert_false (scd_frame_signature_matches (sd, sdp, NULL));
  g_assert_false (scd_frame_signature_matches (sa, sl, NULL));
  g_assert_false (scd_frame_signature_matches (sa, so, NULL));
  g_assert_false (scd_frame_signature_matches (sa, sn, NULL));
  sws_freeContext (sws);
}

static void
test_text_form (void)
{
  struct SwsContext *sws = NULL;
  g_autoptr (AVFrame) a = slide (3, 5, 0);
  g_autoptr (ScdFrameSignature) signature = sign (a, &sws);
  g_autofree char *text = scd_frame_signature_to_string (signature);
  g_autoptr (ScdFrameSignature) back = scd_frame_signature_from_string (text);
  g_autofree char *again = NULL;
  double distance = -1.0;

  g_assert_true (g_str_has_prefix (text, "64x36:"));
  g_assert_nonnull (back);
  again = scd_frame_signature_to_string (back);
  g_assert_cmpstr (again, ==, text);
  g_assert_true (scd_frame_signature_matches (signature, back, &distance));
  g_assert_cmpfloat (distance, ==, 0.0);
  g_assert_null (scd_frame_signature_from_string ("64x36:AAAA"));
  g_assert_null (scd_frame_signature_from_string ("nonsense"));
  g_assert_null (scd_frame_signature_from_string ("0x0:"));
  sws_freeContext (sws);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frame-signature/same-screen", test_same_screen);
  g_test_add_func ("/frame-signature/other-screen", test_other_screen);
  g_test_add_func ("/frame-signature/text-form", test_text_form);
  return g_test_run ();
}
