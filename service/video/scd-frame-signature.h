/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A written frame's perceptual signature, and whether two frames show the
 * same screen (the entry key "duplicate-of").
 *
 * The signature is the frame's lightness on a grid of about 2304 cells
 * in its shape (64 x 36 at 16:9, 55 x 41 at 4:3, at most 64 across), the
 * mean of each cell (0 to 255): "WxH:" then the cells, a byte each,
 * base64 (3 KB at most, within what an index entry's string may hold).
 *
 * Two frames show the same screen when their grids are the same size and
 * scd_screen_match() says so.
 */
#pragma once

#include <libavutil/frame.h>
#include <glib.h>

G_BEGIN_DECLS

#define SCD_FRAME_SIGNATURE_COLUMNS 64
#define SCD_FRAME_SIGNATURE_CELLS 2304 /* 64 x 36: base64 of 3072 characters at most */

typedef struct _ScdFrameSignature ScdFrameSignature;

/* Makes the grid with libswscale's area filter; *@sws is its context,
 * reused between calls (sws_freeContext() it). NULL if the frame cannot
 * be read (a GPU frame not brought to memory, an unknown layout). */
ScdFrameSignature *scd_frame_signature_new (const AVFrame *frame, struct SwsContext **sws);
ScdFrameSignature *scd_frame_signature_from_string (const char *text);
void scd_frame_signature_free (ScdFrameSignature *signature);
char *scd_frame_signature_to_string (const ScdFrameSignature *signature);

/* Whether @a and @b show the same screen (see above); @distance, if not
 * NULL, gets the mean difference of their cells in levels when they do,
 * to choose between several matches. */
gboolean scd_frame_signature_matches (const ScdFrameSignature *a,
                                      const ScdFrameSignature *b,
                                      double *distance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdFrameSignature, scd_frame_signature_free)

G_END_DECLS
