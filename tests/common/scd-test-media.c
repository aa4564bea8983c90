/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The clips the file tests use, each made once per test program by
 * scd-test-clip.c, and what they hold.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "scd-test-media.h"
#include "scd-test-service.h"

static char *media_dir;
static GPtrArray *clips; /* ScdTestClip *, freed by cleanup */

gboolean
scd_test_media_have_ffmpeg (void)
{
  g_autofree char *ffmpeg = g_find_program_in_path ("ffmpeg");
  g_autofree char *ffprobe = g_find_program_in_path ("ffprobe");

  return ffmpeg != NULL && ffprobe != NULL;
}

gboolean
scd_test_media_require_ffmpeg (void)
{
  if (scd_test_media_have_ffmpeg ())
    return TRUE;
  g_test_skip ("the ffmpeg and ffprobe programs are needed to make the test media "
               "(Debian: apt-get install ffmpeg)");
  return FALSE;
}

gboolean
scd_test_media_require_espeak (void)
{
  g_autofree char *espeak = g_find_program_in_path ("espeak-ng");

  if (!scd_test_media_require_ffmpeg ())
    return FALSE;
  if (espeak != NULL)
    return TRUE;
  g_test_skip ("espeak-ng is needed to speak the test sentences "
               "(Debian: apt-get install espeak-ng)");
  return FALSE;
}

char *
scd_test_media_speak (const char *text, const char *speed, const char *name)
{
  char *path = g_build_filename (scd_test_media_dir (), name, NULL);
  const char *espeak[] = { "espeak-ng", "-v", "en-us", "-s", speed, "-w", path, text, NULL };
  g_autoptr (GError) error = NULL;

  g_assert_true (scd_test_media_run (espeak, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

const char *
scd_test_media_dir (void)
{
  if (media_dir == NULL)
    media_dir = scd_test_make_tmp_dir ("scened-media-XXXXXX");
  return media_dir;
}

void
scd_test_media_cleanup (void)
{
  g_clear_pointer (&clips, g_ptr_array_unref);
  if (media_dir != NULL)
    scd_test_remove_tree (media_dir);
  g_clear_pointer (&media_dir, g_free);
}

/* Runs a program; on failure the error carries its stderr. */
gboolean
scd_test_media_run (const char *const *argv,
                    char **standard_output,
                    gsize *output_length,
                    GError **error)
{
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) local_error = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            error);
  if (proc == NULL)
    return FALSE;
  if (!g_subprocess_communicate (proc, NULL, NULL, &out, &err, error))
    return FALSE;
  if (!g_spawn_check_wait_status (g_subprocess_get_status (proc), &local_error))
    {
      g_autofree char *cmd = g_strjoinv (" ", (char **) argv);
      gsize len = 0;
      const char *text = err != NULL ? g_bytes_get_data (err, &len) : NULL;

      g_set_error (error, local_error->domain, local_error->code, "%s: %s\n%.*s", cmd,
                   local_error->message, (int) MIN (len, 4000), text != NULL ? text : "");
      return FALSE;
    }
  if (standard_output != NULL)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (out, &len);

      *standard_output = g_malloc (len + 1);
      if (len > 0)
        memcpy (*standard_output, data, len);
      (*standard_output)[len] = '\0';
      if (output_length != NULL)
        *output_length = len;
    }
  return TRUE;
}

static ScdTestClip *
make_clip (const char *name,
           guint width,
           guint height,
           guint fps,
           const ScdTestShot *shots,
           guint n_shots,
           guint audio_rate,
           guint audio_channels,
           const char *audio_codec,
           GError **error)
{
  g_autofree char *path = g_build_filename (scd_test_media_dir (), name, NULL);
  ScdTestClipSpec spec = {
    .path = path,
    .width = width,
    .height = height,
    .fps = fps,
    .shots = shots,
    .n_shots = n_shots,
    .audio_rate = audio_rate,
    .audio_channels = audio_channels,
    .audio_codec = audio_codec,
  };

  return scd_test_clip_build (&spec, error);
}

/* Kept until scd_test_media_cleanup(). */
const ScdTestClip *
scd_test_media_keep (ScdTestClip *clip)
{
  if (clips == NULL)
    clips = g_ptr_array_new_with_free_func ((GDestroyNotify) scd_test_clip_free);
  g_ptr_array_add (clips, clip);
  g_test_message ("made %s", clip->path);
  return clip;
}

/* A clip without audio, made the first time into *@slot; NULL without
 * ffmpeg. */
static const ScdTestClip *
silent_clip (const ScdTestClip **slot,
             const char *name,
             guint width,
             guint height,
             guint fps,
             const ScdTestShot *shots,
             guint n_shots)
{
  g_autoptr (GError) error = NULL;

  if (!scd_test_media_require_ffmpeg ())
    return NULL;
  if (*slot == NULL)
    {
      ScdTestClip *made = make_clip (name, width, height, fps, shots, n_shots, 0, 0, NULL, &error);

      g_assert_no_error (error);
      *slot = scd_test_media_keep (made);
    }
  return *slot;
}

/* 320x240, 25 fps, shots of 40, 50, 35 and 30 frames: cuts at 40, 90, 125;
 * 6.2 s of 48 kHz stereo AAC. */
static const ScdTestShot cut_shots[] = {
  { "testsrc2", 40 },
  { "smptebars", 50 },
  { "mandelbrot", 35 },
  { "rgbtestsrc", 30 },
};

const ScdTestClip *
scd_test_media_cut_clip (void)
{
  static const ScdTestClip *clip;
  g_autoptr (GError) error = NULL;

  if (!scd_test_media_require_ffmpeg ())
    return NULL;
  if (clip == NULL)
    {
      ScdTestClip *made = make_clip ("cuts.mp4", 320, 240, 25, cut_shots, G_N_ELEMENTS (cut_shots),
                                     48000, 2, "aac", &error);

      g_assert_no_error (error);
      clip = scd_test_media_keep (made);
    }
  return clip;
}

/* Lines of glyph-sized dark blocks on white, a blank line every sixth,
 * the blocks set by a hash of the glyph's column and line and @seed: a
 * page of text without fonts. @x and @y are the page's coordinates. */
#define PAGE_LUMA(x, y, seed)                                                                      \
  "if(lt(mod(" y ",14),10)*lt(mod(" x ",7),5)*lt(mod(floor(" y "/14),6),5)"                        \
  "*gt(mod(abs(sin(floor(" x "/7)*12.9898+floor(" y "/14)*78.233+" seed ")*43758.5453),1),0.25),"  \
  "40,245)"

/* Things that must not be cuts between three that must, 480x270 at 30 fps
 * (cuts at 60, 120 and 150):
 * - a moving test pattern with a one-frame white flash (frame 20) and a
 *   two-frame black flash (38-39);
 * - a desktop whose one window scrolls its page by three lines every half
 *   second (frames 75, 90, 105), its bar and the desktop still;
 * - two slides on one template: a title bar, then other text. */
static const ScdTestShot nuisance_shots[] = {
  { "testsrc2", 60,
    "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='eq(n,20)',"
    "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='between(n,38,39)'" },
  { "color", 60,
    "geq=lum='if(between(X,20,299)*between(Y,30,49),200,"
    "if(between(X,20,299)*between(Y,50,249)," PAGE_LUMA ("(X-20)",
                                                         "(Y-50+42*floor(N/15))",
                                                         "1") ",70))':cb=128:cr=128" },
  { "color", 30, "geq=lum='if(lt(Y,40),90," PAGE_LUMA ("X", "(Y-40)", "2") ")':cb=128:cr=128" },
  { "color", 30, "geq=lum='if(lt(Y,40),90," PAGE_LUMA ("X", "(Y-40)", "3") ")':cb=128:cr=128" },
};

const ScdTestClip *
scd_test_media_nuisance_clip (void)
{
  static const ScdTestClip *clip;

  return silent_clip (&clip, "nuisances.mkv", 480, 270, 30, nuisance_shots,
                      G_N_ELEMENTS (nuisance_shots));
}

/* A screen share with the presenter's camera beside the slides, 640x360
 * at 10 fps, for the regions a user fences off: three slides of 30 frames
 * (cuts at 30 and 60) on the left 60 %, a clock in the title bar whose
 * digits change every second (x 300-370, y 6-34), and on the right 40 %
 * (x 384 on) a camera whose picture moves every frame and switches to
 * another shot halfway through each slide (frames 15, 45, 75): a change
 * that big is a cut unless that region is excluded. The slides differ in
 * their glyph pitch and text. */
#define CAMERA_LUMA "if(lt(N,15),70+50*sin(X/5+N*0.6)*cos(Y/7-N*0.4),180+60*sin(X/13-N*0.5+Y/9))"
#define CLOCK_LUMA                                                                                 \
  "if(gt(mod(abs(sin(floor(X/10)*3.1+floor(Y/12)*1.7+floor(N/10)*7.7)*437.5),1),0.5),20,235)"
#define SLIDE_LUMA(pitch, seed)                                                                    \
  "if(lt(mod(Y-40,14),10)*lt(mod(X," pitch ")," pitch "-2)*lt(mod(floor((Y-40)/14),6),5)"          \
  "*gt(mod(abs(sin(floor(X/" pitch ")*12.9898+floor((Y-40)/14)*78.233+" seed ")*43758.5453),1),"   \
  "0.25),40,245)"
#define PRESENTER(pitch, seed)                                                                     \
  "geq=lum='if(gte(X,384)," CAMERA_LUMA ",if(between(X,300,370)*between(Y,6,34)," CLOCK_LUMA       \
  ",if(lt(Y,40),90," SLIDE_LUMA (pitch, seed) ")))':cb=128:cr=128"

static const ScdTestShot presenter_shots[] = {
  { "color", 30, PRESENTER ("9", "2") },
  { "color", 30, PRESENTER ("11", "3") },
  { "color", 30, PRESENTER ("13", "4") },
};

const ScdTestClip *
scd_test_media_presenter_clip (void)
{
  static const ScdTestClip *clip;

  return silent_clip (&clip, "presenter.mkv", 640, 360, 10, presenter_shots,
                      G_N_ELEMENTS (presenter_shots));
}

/* A talk that goes back, 640x360 at 10 fps, 20 frames a slide: slides A,
 * B, C, then B again and A again with the pointer elsewhere (cuts at 20,
 * 40, 60 and 80): the last two show screens already written. */
#define SLIDE(pitch, seed) "geq=lum='if(lt(Y,40),90," SLIDE_LUMA (pitch, seed) ")':cb=128:cr=128"
#define POINTER(x, y) ",drawbox=x=" x ":y=" y ":w=10:h=16:color=black:t=fill"

static const ScdTestShot deck_shots[] = {
  { "color", 20, SLIDE ("9", "2") POINTER ("100", "300") },
  { "color", 20, SLIDE ("11", "3") POINTER ("100", "300") },
  { "color", 20, SLIDE ("13", "4") POINTER ("100", "300") },
  { "color", 20, SLIDE ("11", "3") POINTER ("100", "300") },
  { "color", 20, SLIDE ("9", "2") POINTER ("500", "100") },
};

const ScdTestClip *
scd_test_media_deck_clip (void)
{
  static const ScdTestClip *clip;

  return silent_clip (&clip, "deck.mkv", 640, 360, 10, deck_shots, G_N_ELEMENTS (deck_shots));
}

/* A slide that builds up, 640x360 at 10 fps: slides A and B (20 frames
 * each), slide C whose three bullets come at its frames 0, 10 and 20 and
 * which then stays still for 4 s (60 frames), then B again (cuts at 20,
 * 40 and 100). C's finished state is the frame before B comes back. */
#define BULLET(y, n)                                                                               \
  ",drawbox=x=40:y=" y ":w=12:h=12:color=black:t=fill:enable='gte(n," n ")'"                       \
  ",drawbox=x=64:y=" y ":w=420:h=14:color=0x404040:t=fill:enable='gte(n," n ")'"
static const ScdTestShot buildup_shots[] = {
  { "color", 20, SLIDE ("9", "2") },
  { "color", 20, SLIDE ("11", "3") },
  { "color", 60,
    "geq=lum='if(lt(Y,40),90,235)':cb=128:cr=128" BULLET ("80", "0") BULLET ("140", "10")
        BULLET ("200", "20") },
  { "color", 20, SLIDE ("11", "3") },
};

const ScdTestClip *
scd_test_media_buildup_clip (void)
{
  static const ScdTestClip *clip;

  return silent_clip (&clip, "buildup.mkv", 640, 360, 10, buildup_shots,
                      G_N_ELEMENTS (buildup_shots));
}

/* The same shots, without audio. */
const ScdTestClip *
scd_test_media_video_only_clip (void)
{
  static const ScdTestClip *clip;

  return silent_clip (&clip, "video-only.mp4", 320, 240, 25, cut_shots, G_N_ELEMENTS (cut_shots));
}

static const ScdTestClip *
audio_clip (const char *name, guint rate, guint channels, guint64 samples, const char *codec)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (scd_test_media_dir (), name, NULL);
  ScdTestClip *clip = scd_test_clip_build_audio (path, rate, channels, samples, codec, &error);

  g_assert_no_error (error);
  return scd_test_media_keep (clip);
}

/* 16 kHz mono 16-bit PCM, 65 s and 123 samples: the service's default output
 * format, so the chunks must hold exactly these samples. */
const ScdTestClip *
scd_test_media_wav_16k_mono (void)
{
  static const ScdTestClip *clip;

  if (!scd_test_media_require_ffmpeg ())
    return NULL;
  if (clip == NULL)
    clip = audio_clip ("tone-16k-mono.wav", 16000, 1, 16000 * 65 + 123, "pcm_s16le");
  return clip;
}

/* 48 kHz stereo FLAC, 40 s and 777 samples: resampled by the service. */
const ScdTestClip *
scd_test_media_flac_48k_stereo (void)
{
  static const ScdTestClip *clip;

  if (!scd_test_media_require_ffmpeg ())
    return NULL;
  if (clip == NULL)
    clip = audio_clip ("tone-48k-stereo.flac", 48000, 2, 48000 * 40 + 777, "flac");
  return clip;
}

/* 120 s of 1280x720 with PCM audio, for stopping a session midway: a 10 s
 * piece is encoded once and repeated by the concat demuxer without
 * re-encoding, which takes about a second. */
static const ScdTestShot long_shots[] = {
  { "testsrc2", 75 },
  { "smptebars", 75 },
  { "rgbtestsrc", 50 },
  { "testsrc", 50 },
};

const ScdTestClip *
scd_test_media_long_clip (void)
{
  static const ScdTestClip *clip;
  const guint repeat = 12;

  if (!scd_test_media_require_ffmpeg ())
    return NULL;
  if (clip == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ScdTestClip) piece = NULL;
      g_autoptr (GString) list = g_string_new (NULL);
      g_autofree char *list_path = g_build_filename (scd_test_media_dir (), "long.txt", NULL);
      ScdTestClip *made;
      guint piece_frames;

      piece = make_clip ("long-piece.mkv", 1280, 720, 25, long_shots, G_N_ELEMENTS (long_shots),
                         48000, 2, "pcm_s16le", &error);
      g_assert_no_error (error);
      for (guint i = 0; i < repeat; i++)
        g_string_append_printf (list, "file '%s'\n", piece->path);
      g_file_set_contents (list_path, list->str, -1, &error);
      g_assert_no_error (error);

      made = g_new0 (ScdTestClip, 1);
      made->path = g_build_filename (scd_test_media_dir (), "long.mkv", NULL);
      made->has_video = TRUE;
      made->has_audio = TRUE;
      made->width = piece->width;
      made->height = piece->height;
      made->fps_num = piece->fps_num;
      made->fps_den = 1;
      piece_frames = piece->n_frames;
      made->n_frames = piece_frames * repeat;
      made->cut_frames = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < repeat; i++)
        {
          guint base = i * piece_frames;

          if (i > 0)
            g_array_append_val (made->cut_frames, base);
          for (guint c = 0; c < piece->cut_frames->len; c++)
            {
              guint f = base + g_array_index (piece->cut_frames, guint, c);

              g_array_append_val (made->cut_frames, f);
            }
        }
      made->audio_rate = piece->audio_rate;
      made->audio_channels = piece->audio_channels;
      made->audio_samples = piece->audio_samples * repeat;
      made->audio_lossless = TRUE;
      made->duration = piece->duration * repeat;

      {
        const char *argv[] = { "ffmpeg", "-hide_banner", "-nostdin",  "-loglevel", "error",
                               "-y",     "-f",           "concat",    "-safe",     "0",
                               "-i",     list_path,      "-c",        "copy",      "-map_metadata",
                               "-1",     "-fflags",      "+bitexact", made->path,  NULL };

        scd_test_media_run (argv, NULL, NULL, &error);
        g_assert_no_error (error);
      }
      clip = scd_test_media_keep (made);
    }
  return clip;
}

/* Text with a video file's name. */
const char *
scd_test_media_not_media (void)
{
  static char *path;

  if (path == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GString) text = g_string_new (NULL);

      for (guint i = 0; i < 200; i++)
        g_string_append_printf (text, "line %u: this is plain text, not a video.\n", i);
      path = g_build_filename (scd_test_media_dir (), "not-media.mp4", NULL);
      g_file_set_contents (path, text->str, -1, &error);
      g_assert_no_error (error);
    }
  return path;
}

/* What `ffmpeg -i FILE -ar RATE -ac CHANNELS -f s16le -` decodes, in samples
 * per channel: the reference for the service's chunks. */
guint64
scd_test_media_decoded_samples (const char *path, guint rate, guint channels, GError **error)
{
  g_autofree char *rate_s = g_strdup_printf ("%u", rate);
  g_autofree char *channels_s = g_strdup_printf ("%u", channels);
  const char *argv[] = { "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                         "-i",     path,           "-map",     "0:a:0",     "-ar",
                         rate_s,   "-ac",          channels_s, "-c:a",      "pcm_s16le",
                         "-f",     "s16le",        "-",        NULL };
  g_autofree char *out = NULL;
  gsize len = 0;

  if (!scd_test_media_run (argv, &out, &len, error))
    return 0;
  return len / (2 * channels);
}

/* Decodes an image with ffprobe (-count_frames decodes it, not just the
 * header) and returns its size; fails on any decoder complaint. */
/* The mean absolute difference, in levels of 255 (the lightness of the
 * difference of their RGB pictures), between the picture in @image and
 * frame @frame (0-based) of @clip, as the ffmpeg CLI decodes both. */
gboolean
scd_test_media_mean_difference (const char *image,
                                const char *clip,
                                guint frame,
                                double *difference,
                                GError **error)
{
  g_autofree char *graph = g_strdup_printf (
      "[1:v]select=eq(n\\,%u),setpts=0,format=gbrp[b];[0:v]setpts=0,format=gbrp[a];"
      "[a][b]blend=all_mode=difference:shortest=1,format=gray,"
      "signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-",
      frame);
  const char *argv[] = { "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                         "-i",     image,          "-i",       clip,        "-filter_complex",
                         graph,    "-f",           "null",     "-",         NULL };
  g_autoptr (GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *at;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, error))
    return FALSE;
  at = out != NULL ? strstr (out, "lavfi.signalstats.YAVG=") : NULL;
  if (!g_subprocess_get_successful (proc) || at == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "comparing %s with %s: %s", image,
                   clip, err != NULL && *err != '\0' ? err : "no result");
      return FALSE;
    }
  *difference = g_ascii_strtod (at + strlen ("lavfi.signalstats.YAVG="), NULL);
  return TRUE;
}

gboolean
scd_test_media_probe_image (const char *path, guint *width, guint *height, GError **error)
{
  const char *argv[] = { "ffprobe",
                         "-v",
                         "error",
                         "-count_frames",
                         "-select_streams",
                         "v:0",
                         "-show_entries",
                         "stream=codec_name,width,height,nb_read_frames",
                         "-of",
                         "default=noprint_wrappers=1",
                         path,
                         NULL };
  g_autoptr (GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) lines = NULL;
  guint64 frames = 0;

  *width = *height = 0;
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, error))
    return FALSE;
  if (!g_subprocess_get_successful (proc) || (err != NULL && *err != '\0'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "ffprobe %s: %s", path,
                   err != NULL ? err : "failed");
      return FALSE;
    }
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "width="))
        *width = (guint) g_ascii_strtoull (lines[i] + 6, NULL, 10);
      else if (g_str_has_prefix (lines[i], "height="))
        *height = (guint) g_ascii_strtoull (lines[i] + 7, NULL, 10);
      else if (g_str_has_prefix (lines[i], "nb_read_frames="))
        frames = g_ascii_strtoull (lines[i] + 15, NULL, 10);
    }
  if (frames != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "ffprobe %s: decoded %" G_GUINT64_FORMAT " frames, not 1:\n%s", path, frames,
                   out);
      return FALSE;
    }
  return TRUE;
}
