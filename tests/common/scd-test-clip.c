/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Shots come from lavfi sources that look nothing alike (testsrc2,
 * smptebars, mandelbrot, rgbtestsrc...), each steady within the shot, so a
 * cut is exactly where one source ends and the next begins. Audio comes
 * from aevalsrc with an exact sample count. Everything is deterministic:
 * bitexact flags, no metadata, fixed sizes and rates.
 */
#include "config.h"

#include <string.h>

#include "scd-test-clip.h"
#include "scd-test-media.h"

void
scd_test_clip_free (ScdTestClip *clip)
{
  if (clip == NULL)
    return;
  g_free (clip->path);
  if (clip->cut_frames != NULL)
    g_array_unref (clip->cut_frames);
  g_free (clip);
}

static gboolean
have_libx264 (void)
{
  static int have = -1;

  if (have < 0)
    {
      const char *argv[] = { "ffmpeg", "-hide_banner", "-encoders", NULL };
      g_autofree char *out = NULL;

      have = scd_test_media_run (argv, &out, NULL, NULL) && strstr (out, " libx264 ") != NULL;
    }
  return have;
}

static void
add_encoder_args (GStrvBuilder *args, gboolean live)
{
  gboolean x264 = have_libx264 ();

  if (live)
    {
      if (x264)
        g_strv_builder_add_many (args, "-c:v", "libx264", "-preset", "ultrafast", "-tune",
                                 "zerolatency", "-profile:v", "baseline", NULL);
      else
        g_strv_builder_add_many (args, "-c:v", "mpeg4", "-q:v", "3", NULL);
      g_strv_builder_add_many (args, "-bf", "0", "-g", "25", "-keyint_min", "25", "-pix_fmt",
                               "yuv420p", "-flags:v", "+bitexact", NULL);
      return;
    }
  g_strv_builder_add_many (args, "-c:v", x264 ? "libx264" : "mpeg4", "-pix_fmt", "yuv420p", NULL);
  if (x264)
    g_strv_builder_add_many (args, "-preset", "ultrafast", "-g", "50", NULL);
  else
    g_strv_builder_add_many (args, "-q:v", "3", "-g", "50", NULL);
  g_strv_builder_add_many (args, "-flags:v", "+bitexact", NULL);
}

static void
add_common_head (GStrvBuilder *args)
{
  g_strv_builder_add_many (args, "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                           NULL);
}

static void
add_common_tail (GStrvBuilder *args, const char *path)
{
  g_strv_builder_add_many (args, "-map_metadata", "-1", "-fflags", "+bitexact", "-threads", "2",
                           path, NULL);
}

/* A tone that is on for 0.7 s of every second, so the peaks vary; in
 * frames of @frame_size samples (MP2's 1152: no padding). */
static char *
audio_source (guint rate, guint channels, guint64 samples, guint frame_size)
{
  const char *exprs = channels == 1 ? "0.4*sin(2*PI*440*t)*gt(mod(t\\,1)\\,0.3)"
                                    : "0.4*sin(2*PI*440*t)*gt(mod(t\\,1)\\,0.3)"
                                      "|0.3*sin(2*PI*660*t)";

  g_assert_true (channels == 1 || channels == 2);
  return g_strdup_printf ("aevalsrc=exprs=%s:s=%u:c=%s:n=%u,atrim=end_sample=%" G_GUINT64_FORMAT,
                          exprs, rate, channels == 1 ? "mono" : "stereo", frame_size, samples);
}

ScdTestClip *
scd_test_clip_build (const ScdTestClipSpec *spec, GError **error)
{
  g_autoptr (ScdTestClip) clip = g_new0 (ScdTestClip, 1);
  g_autoptr (GStrvBuilder) args = g_strv_builder_new ();
  g_autoptr (GString) graph = g_string_new (NULL);
  g_auto (GStrv) argv = NULL;
  guint frame = 0;

  g_return_val_if_fail (!spec->live || (spec->n_shots > 0 && spec->audio_codec != NULL), NULL);

  clip->path = g_strdup (spec->path);
  clip->cut_frames = g_array_new (FALSE, FALSE, sizeof (guint));
  clip->has_video = spec->n_shots > 0;
  clip->has_audio = spec->audio_codec != NULL;
  clip->width = spec->width;
  clip->height = spec->height;
  clip->fps_num = spec->fps;
  clip->fps_den = 1;

  for (guint i = 0; i < spec->n_shots; i++)
    {
      const ScdTestShot *shot = &spec->shots[i];

      g_string_append_printf (graph,
                              "%s=s=%ux%u:r=%u,trim=end_frame=%u,setpts=PTS-STARTPTS,"
                              "format=yuv420p%s%s[v%u];",
                              shot->source, spec->width, spec->height, spec->fps, shot->frames,
                              shot->filter != NULL ? "," : "",
                              shot->filter != NULL ? shot->filter : "", i);
      if (i > 0)
        g_array_append_val (clip->cut_frames, frame);
      frame += shot->frames;
    }
  clip->n_frames = frame;
  if (spec->n_shots > 0)
    {
      for (guint i = 0; i < spec->n_shots; i++)
        g_string_append_printf (graph, "[v%u]", i);
      g_string_append_printf (graph, "concat=n=%u:v=1:a=0[v]", spec->n_shots);
      clip->duration = (double) frame / spec->fps;
    }

  if (clip->has_audio)
    {
      g_autofree char *src = NULL;

      clip->audio_rate = spec->audio_rate;
      clip->audio_channels = spec->audio_channels;
      /* As long as the video, to the sample. */
      g_assert_cmpuint (spec->n_shots, >, 0);
      g_assert_cmpuint ((guint64) frame * spec->audio_rate % spec->fps, ==, 0);
      clip->audio_samples = (guint64) frame * spec->audio_rate / spec->fps;
      src = audio_source (spec->audio_rate, spec->audio_channels, clip->audio_samples,
                          spec->live ? 1152 : 1024);
      g_string_append_printf (graph, ";%s[a]", src);
      clip->audio_lossless = g_str_has_prefix (spec->audio_codec, "pcm_")
                             || g_str_equal (spec->audio_codec, "flac");
    }

  add_common_head (args);
  g_strv_builder_add_many (args, "-filter_complex", graph->str, NULL);
  if (spec->live)
    {
      g_strv_builder_add_many (args, "-map", "[v]", "-map", "[a]", NULL);
      add_encoder_args (args, TRUE);
      g_strv_builder_add_many (args, "-c:a", spec->audio_codec, "-b:a", "128k", "-flags:a",
                               "+bitexact", "-omit_video_pes_length", "0", "-map_metadata", "-1",
                               "-fflags", "+bitexact", "-threads", "2", "-f", "mpegts", clip->path,
                               NULL);
    }
  else
    {
      if (clip->has_video)
        {
          g_strv_builder_add_many (args, "-map", "[v]", NULL);
          add_encoder_args (args, FALSE);
        }
      if (clip->has_audio)
        g_strv_builder_add_many (args, "-map", "[a]", "-c:a", spec->audio_codec, "-flags:a",
                                 "+bitexact", NULL);
      add_common_tail (args, clip->path);
    }
  argv = g_strv_builder_end (args);

  if (!scd_test_media_run ((const char *const *) argv, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&clip);
}

/* Audio alone: the tone, @samples of it per channel, losslessly coded. */
ScdTestClip *
scd_test_clip_build_audio (const char *path,
                           guint rate,
                           guint channels,
                           guint64 samples,
                           const char *codec,
                           GError **error)
{
  g_autoptr (ScdTestClip) clip = g_new0 (ScdTestClip, 1);
  g_autoptr (GStrvBuilder) args = g_strv_builder_new ();
  g_auto (GStrv) argv = NULL;
  g_autofree char *src = audio_source (rate, channels, samples, 1024);

  clip->path = g_strdup (path);
  clip->has_audio = TRUE;
  clip->audio_rate = rate;
  clip->audio_channels = channels;
  clip->audio_samples = samples;
  clip->audio_lossless = TRUE;
  clip->duration = (double) samples / rate;

  add_common_head (args);
  g_strv_builder_add_many (args, "-filter_complex", src, "-c:a", codec, "-flags:a", "+bitexact",
                           NULL);
  add_common_tail (args, clip->path);
  argv = g_strv_builder_end (args);
  if (!scd_test_media_run ((const char *const *) argv, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&clip);
}
