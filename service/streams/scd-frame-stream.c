/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The decode thread decides which frames go out (scd-constant-rate.c) and
 * queues a reference to each: no copy, no conversion there. The stream's
 * writer thread converts each to the stream's size and pixel format with
 * its own swscale context and writes it.
 *
 * The frame size is fixed when the stream opens, so that a reader can
 * count on it: a 0 width or height is worked out from the picture being
 * decoded then (its display aspect ratio, rounded to even). A later
 * picture of another size (a sender that reconnected) is scaled to it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
#include <math.h>

#include "scd-constant-rate.h"
#include "scd-error.h"
#include "scd-frame-stream.h"
#include "scd-option-check.h"

#define QUEUE_FRAMES 2
#define MAX_SIZE 8192
#define MAX_FPS 240.0

typedef struct
{
  int width;
  int height;
  enum AVPixelFormat format;
  gsize frame_size;

  /* Decode thread. */
  ScdConstantRate rate;
  AVFrame *last; /* the frame before, for slots a frame jumped over */

  /* Writer thread. */
  struct SwsContext *sws;
  guint8 *buffer;
} FrameStream;

static const struct
{
  const char *name;
  enum AVPixelFormat format;
} pixel_formats[] = {
  { "rgb24", AV_PIX_FMT_RGB24 },
  { "bgr24", AV_PIX_FMT_BGR24 },
  { "gray", AV_PIX_FMT_GRAY8 },
  { "yuv420p", AV_PIX_FMT_YUV420P },
};

static void
free_frame (gpointer frame)
{
  av_frame_free ((AVFrame **) &frame);
}

static void
frame_stream_free (gpointer data)
{
  FrameStream *fs = data;

  av_frame_free (&fs->last);
  sws_freeContext (fs->sws);
  g_free (fs->buffer);
  g_free (fs);
}

static gboolean
send_frame (ScdStream *stream, gpointer item, GError **error)
{
  FrameStream *fs = scd_stream_get_impl (stream);
  const AVFrame *frame = item;
  guint8 *planes[4];
  int linesizes[4];

  fs->sws = sws_getCachedContext (fs->sws, frame->width, frame->height, frame->format, fs->width,
                                  fs->height, fs->format, SWS_FAST_BILINEAR, NULL, NULL, NULL);
  if (fs->sws == NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED,
                   _("Cannot convert %dx%d %s frames for a stream"), frame->width, frame->height,
                   av_get_pix_fmt_name (frame->format));
      return FALSE;
    }
  av_image_fill_arrays (planes, linesizes, fs->buffer, fs->format, fs->width, fs->height, 1);
  sws_scale (fs->sws, (const guint8 *const *) frame->data, frame->linesize, 0, frame->height,
             planes, linesizes);
  return scd_stream_write (stream, fs->buffer, fs->frame_size, error);
}

static const ScdStreamFuncs frame_stream_funcs = {
  .kind = "frames",
  .send = send_frame,
  .finish = NULL,
  .free_item = free_frame,
  .free_impl = frame_stream_free,
};

static int
even (double value)
{
  return MAX (2, 2 * (int) lround (value / 2.0));
}

/* Works out a 0 width or height from the picture's display aspect ratio. */
static gboolean
resolve_size (guint *width, guint *height, const ScdPictureSize *picture, GError **error)
{
  double aspect;

  if (*width != 0 && *height != 0)
    return TRUE;
  if (picture->width <= 0 || picture->height <= 0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_STATE,
                   _("No frame has been decoded yet: give both a width and a height, or open "
                     "the stream once the session has a picture"));
      return FALSE;
    }
  aspect = (double) picture->width / picture->height;
  if (picture->sample_aspect_ratio.num > 0 && picture->sample_aspect_ratio.den > 0)
    aspect *= av_q2d (picture->sample_aspect_ratio);
  if (*width == 0 && *height == 0)
    {
      *width = (guint) even (picture->height * aspect);
      *height = (guint) even (picture->height);
    }
  else if (*width == 0)
    *width = (guint) even (*height * aspect);
  else
    *height = (guint) even (*width / aspect);
  *width = MIN (*width, MAX_SIZE);
  *height = MIN (*height, MAX_SIZE);
  return TRUE;
}

typedef struct
{
  guint width;
  guint height;
  double fps;
  const char *format_name;
  enum AVPixelFormat format;
} Options;

/* Everything about @options that does not depend on the picture. */
static gboolean
parse_options (GVariant *options, Options *o, GError **error)
{
  *o = (Options){ 0, 0, SCD_FRAME_STREAM_DEFAULT_FPS, "rgb24", AV_PIX_FMT_NONE };
  if (!scd_option_check (&scd_frame_stream_options, options, error))
    return FALSE;
  g_variant_lookup (options, "width", "u", &o->width);
  g_variant_lookup (options, "height", "u", &o->height);
  g_variant_lookup (options, "fps", "d", &o->fps);
  g_variant_lookup (options, "pixel-format", "&s", &o->format_name);

  for (gsize i = 0; i < G_N_ELEMENTS (pixel_formats); i++)
    if (g_str_equal (pixel_formats[i].name, o->format_name))
      o->format = pixel_formats[i].format;
  if (o->format == AV_PIX_FMT_NONE)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("Unknown value “%s” for “%s”"),
                   o->format_name, "pixel-format");
      return FALSE;
    }
  if (!isfinite (o->fps) || o->fps <= 0.0 || o->fps > MAX_FPS)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("The frame rate must be above 0 and at most %g, not %g"), MAX_FPS, o->fps);
      return FALSE;
    }
  if (o->width > MAX_SIZE || o->height > MAX_SIZE)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("A stream’s frames can be at most %dx%d"), MAX_SIZE, MAX_SIZE);
      return FALSE;
    }
  if (o->format == AV_PIX_FMT_YUV420P && (o->width % 2 != 0 || o->height % 2 != 0))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("yuv420p frames need an even width and height"));
      return FALSE;
    }
  return TRUE;
}

gboolean
scd_frame_stream_check (GVariant *options, gboolean *needs_picture, GError **error)
{
  Options o;

  if (!parse_options (options, &o, error))
    return FALSE;
  *needs_picture = o.width == 0 || o.height == 0;
  return TRUE;
}

ScdStream *
scd_frame_stream_new (GVariant *options,
                      const ScdPictureSize *picture,
                      int *read_fd,
                      GError **error)
{
  Options o;
  FrameStream *fs;
  GVariantDict dict;
  int size;

  if (!parse_options (options, &o, error) || !resolve_size (&o.width, &o.height, picture, error))
    return NULL;

  size = av_image_get_buffer_size (o.format, (int) o.width, (int) o.height, 1);
  fs = g_new0 (FrameStream, 1);
  fs->width = (int) o.width;
  fs->height = (int) o.height;
  fs->format = o.format;
  fs->frame_size = (gsize) size;
  fs->buffer = g_malloc (fs->frame_size);
  scd_constant_rate_init (&fs->rate, o.fps);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "width", "u", o.width);
  g_variant_dict_insert (&dict, "height", "u", o.height);
  g_variant_dict_insert (&dict, "pixel-format", "s", o.format_name);
  g_variant_dict_insert (&dict, "frame-size", "u", (guint32) size);
  g_variant_dict_insert (&dict, "fps", "d", o.fps);
  return scd_stream_new (&frame_stream_funcs, fs, QUEUE_FRAMES, fs->frame_size,
                         g_variant_dict_end (&dict), read_fd, error);
}

static void
queue_copy (ScdStream *stream, const AVFrame *frame)
{
  AVFrame *ref = av_frame_clone (frame);

  if (ref != NULL)
    scd_stream_push (stream, ref);
}

void
scd_frame_stream_push (ScdStream *stream, const AVFrame *frame, double timestamp)
{
  FrameStream *fs = scd_stream_get_impl (stream);
  gboolean take;
  guint repeats = scd_constant_rate_place (&fs->rate, timestamp, &take);

  for (guint i = 0; i < repeats && fs->last != NULL; i++)
    queue_copy (stream, fs->last);
  if (take)
    queue_copy (stream, frame);
  if (fs->last == NULL)
    fs->last = av_frame_alloc ();
  av_frame_unref (fs->last);
  if (av_frame_ref (fs->last, frame) < 0)
    av_frame_free (&fs->last);
}
