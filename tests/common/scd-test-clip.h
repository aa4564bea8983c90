/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one builder of the tests' clips (scd-test-media.c's files,
 * scd-test-sender.c's live streams): shots of lavfi sources concatenated
 * frame-exact, with a tone as long as the video to the sample, made with
 * the ffmpeg CLI, with what a test needs to know about the result.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *path;
  gboolean has_video;
  gboolean has_audio;
  guint width;
  guint height;
  guint fps_num;
  guint fps_den;
  guint n_frames;
  GArray *cut_frames; /* guint: the first frame of each shot after the first */
  guint audio_rate;
  guint audio_channels;
  guint64 audio_samples; /* per channel, as generated (lossy codecs may pad) */
  gboolean audio_lossless;
  double duration;
} ScdTestClip;

typedef struct
{
  const char *source; /* a lavfi video source, given size and rate by the builder */
  guint frames;
  const char *filter; /* applied to the shot (n counts its frames), or NULL */
} ScdTestShot;

typedef struct
{
  const char *path;
  guint width, height, fps;
  const ScdTestShot *shots;
  guint n_shots;
  guint audio_rate, audio_channels;
  const char *audio_codec; /* NULL: no audio */
  gboolean live;           /* MPEG-TS as a live sender sends it: no B-frames, a
                            * keyframe a second, MP2 audio with no encoder delay */
} ScdTestClipSpec;

ScdTestClip *scd_test_clip_build (const ScdTestClipSpec *spec, GError **error);
ScdTestClip *scd_test_clip_build_audio (const char *path,
                                        guint rate,
                                        guint channels,
                                        guint64 samples,
                                        const char *codec,
                                        GError **error);
void scd_test_clip_free (ScdTestClip *clip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdTestClip, scd_test_clip_free)

G_END_DECLS
