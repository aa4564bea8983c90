/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A written frame's perceptual signature, and whether two frames show the
 * same screen (the entry key "duplicate-of").
 *
 * The signature is the frame's lightness on a grid 64 cells across (and
 * as many down as keep the aspect ratio), the mean of each cell (0 to
 * 255): "WxH:" then the cells, a byte each, base64 (about 3 KB at 16:9).
 *
 * Two frames show the same screen when their grids are the same size and
 * the cells whose lightness is 4 levels or more apart form at most three
 * groups (touching cells, diagonals too), none more than three cells
 * across or down, at most twelve cells in all: a pointer in its old and
 * new place, a blinking caret, a digit of a clock. Re-encoding moves a
 * cell's mean by a level or two. A line of text, a bullet added, a window
 * moved, even a dark panel opening on a dark background (5 levels
 * lighter) are more.
 */
#pragma once

#include <libavutil/frame.h>
#include <glib.h>

G_BEGIN_DECLS

#define SCD_FRAME_SIGNATURE_COLUMNS 64

typedef struct _ScdFrameSignature ScdFrameSignature;

/* Makes the grid with libswscale's area filter; *@sws is its context,
 * reused between calls (sws_freeContext() it). NULL if the frame cannot
 * be read (a GPU frame not brought to memory, an unknown layout). */
ScdFrameSignature *scd_frame_signature_new (const AVFrame *frame, struct SwsContext **sws);
ScdFrameSignature *scd_frame_signature_from_string (const char *text);
void scd_frame_signature_free (ScdFrameSignature *signature);
char *scd_frame_signature_to_string (const ScdFrameSignature *signature);

/* Whether @a and @b show the same screen (see above); @distance, if not
 * NULL, gets the mean difference of their cells in levels, to choose
 * between several matches. */
gboolean scd_frame_signature_matches (const ScdFrameSignature *a,
                                      const ScdFrameSignature *b,
                                      double *distance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdFrameSignature, scd_frame_signature_free)

G_END_DECLS
