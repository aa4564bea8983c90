/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Test media made at test time with the ffmpeg CLI, with what the test needs
 * to know about them (cut frames, sizes, sample counts). Nothing binary is
 * kept in the repository. Each clip is made once per test program, in a
 * temporary directory removed by scd_test_media_cleanup().
 */
#pragma once

#include <glib.h>

#include "scd-test-clip.h"

G_BEGIN_DECLS

gboolean scd_test_media_have_ffmpeg (void);
gboolean scd_test_media_require_ffmpeg (void);
const char *scd_test_media_dir (void);
const ScdTestClip *scd_test_media_keep (ScdTestClip *clip);
void scd_test_media_cleanup (void);

/* Each returns NULL (after g_test_skip) when ffmpeg is missing. */
const ScdTestClip *scd_test_media_cut_clip (void);
const ScdTestClip *scd_test_media_long_clip (void);
const ScdTestClip *scd_test_media_video_only_clip (void);
const ScdTestClip *scd_test_media_nuisance_clip (void);
const ScdTestClip *scd_test_media_presenter_clip (void);
const ScdTestClip *scd_test_media_deck_clip (void);
const ScdTestClip *scd_test_media_buildup_clip (void);
gboolean scd_test_media_mean_difference (const char *image,
                                         const char *clip,
                                         guint frame,
                                         double *difference,
                                         GError **error);
const ScdTestClip *scd_test_media_wav_16k_mono (void);
const ScdTestClip *scd_test_media_flac_48k_stereo (void);
const char *scd_test_media_not_media (void);

guint64
scd_test_media_decoded_samples (const char *path, guint rate, guint channels, GError **error);
gboolean scd_test_media_probe_image (const char *path, guint *width, guint *height, GError **error);
/* Speech: espeak-ng speaking @text at @speed words a minute into a new WAV
 * file @name in the media folder (its own rate, mono, with the silence
 * espeak leaves at either end). require_espeak() skips the test, saying
 * why, without it (or without ffmpeg). */
gboolean scd_test_media_require_espeak (void);
char *scd_test_media_speak (const char *text, const char *speed, const char *name);

gboolean scd_test_media_run (const char *const *argv,
                             char **standard_output,
                             gsize *output_length,
                             GError **error);

G_END_DECLS
