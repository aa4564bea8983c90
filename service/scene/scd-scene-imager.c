/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The small image is 64 pixels wide with the frame's aspect ratio. For the
 * 8-bit YUV layouts decoders usually give, each small pixel is the mean of
 * a 4x4 grid of samples spread over its block of the frame: a few thousand
 * reads per frame, never a pass over the whole frame. Other formats go
 * through libswscale's area filter.
 *
 * A frame on the GPU is first shrunk there to SCD_SCENE_GRID times the small size
 * (scd-gpu-shrink.c), and that copy alone comes to memory; the grid then
 * reads every one of its pixels, an area mean of the GPU's output. If
 * the GPU cannot shrink it, the whole frame is downloaded instead.
 */
#include <string.h>

#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#include "scd-gpu-frame.h"
#include "scd-gpu-shrink.h"
#include "scd-libav.h"
#include "scd-scene-imager.h"
#include "scd-scene-tuning.h"

/* A libswscale context, remade when the frames or the image change size
 * or format. */
typedef struct
{
  struct SwsContext *sws;
  int width, height, format;
  guint image_width, image_height;
} Scaler;

struct _ScdSceneImager
{
  Scaler small;        /* to the small image */
  Scaler detail;       /* to the detail image */
  Scaler readable;     /* to a whole frame read directly */
  ScdGpuShrink *gpu;   /* made for the first GPU frame */
  gboolean gpu_failed; /* once it fails, whole frames are downloaded */
};

ScdSceneImager *
scd_scene_imager_new (void)
{
  return g_new0 (ScdSceneImager, 1);
}

void
scd_scene_imager_free (ScdSceneImager *imager)
{
  if (imager == NULL)
    return;
  sws_freeContext (imager->small.sws);
  sws_freeContext (imager->detail.sws);
  sws_freeContext (imager->readable.sws);
  scd_gpu_shrink_free (imager->gpu);
  g_free (imager);
}

static void
sized (const AVFrame *frame,
       const ScdSceneRegion *region,
       guint wanted,
       guint *width,
       guint *height)
{
  double aspect = (double) region->height / region->width;
  guint h;

  if (frame->sample_aspect_ratio.num > 0 && frame->sample_aspect_ratio.den > 0)
    aspect /= av_q2d (frame->sample_aspect_ratio);
  h = (guint) (wanted * aspect + 0.5);
  *width = wanted;
  *height = CLAMP (h & ~1u, 8, 4 * wanted);
}

static void
small_size (const AVFrame *frame, const ScdSceneRegion *region, guint *width, guint *height)
{
  sized (frame, region, SCD_SCENE_IMAGE_WIDTH, width, height);
}

/* The lines of a plane that small line @y reads: SCD_SCENE_GRID of them,
 * spread over its band of the plane's lines. */
static void
grid_lines (const guint8 *src,
            int linesize,
            int src_h,
            guint y,
            guint dst_h,
            const guint8 *lines[SCD_SCENE_GRID])
{
  int y0 = (int) ((guint64) y * src_h / dst_h);
  int y1 = MAX ((int) ((guint64) (y + 1) * src_h / dst_h), y0 + 1);

  for (int j = 0; j < SCD_SCENE_GRID; j++)
    lines[j] = src + (gsize) (y0 + (y1 - y0) * (2 * j + 1) / (2 * SCD_SCENE_GRID)) * linesize;
}

/* How many small lines ahead of the one being summed its lines are asked
 * for. The frame was decoded on another thread, most often on another
 * core: without asking, each of the grid's reads waits on memory in turn
 * (86 us a 1080p frame on the bench's screen clip, 41 us with this, the
 * shrinking thread's own CPU time). */
#define PREFETCH_AHEAD 2

static void
prefetch_line (const guint8 *src, int linesize, int src_h, guint y, guint dst_h, int bytes)
{
  const guint8 *lines[SCD_SCENE_GRID];

  if (y >= dst_h)
    return;
  grid_lines (src, linesize, src_h, y, dst_h, lines);
  for (int j = 0; j < SCD_SCENE_GRID; j++)
    for (int at = 0; at < bytes; at += 64)
      __builtin_prefetch (lines[j] + at);
}

/* Mean of a SCD_SCENE_GRID x SCD_SCENE_GRID spread of samples in each block of a plane.
 * @step is the distance between samples of one component on a line (2 for
 * the interleaved chroma of NV12). Where each sample is on a line is worked
 * out once for all lines: this runs for every decoded frame. */
static void
shrink_plane (const guint8 *src,
              int linesize,
              int src_w,
              int src_h,
              int step,
              guint8 *dst,
              guint dst_w,
              guint dst_h)
{
  gsize stack[SCD_SCENE_DETAIL_WIDTH * SCD_SCENE_GRID];
  g_autofree gsize *heap = NULL;
  gsize *columns = stack;
  const guint8 *lines[SCD_SCENE_GRID];

  if (dst_w > SCD_SCENE_DETAIL_WIDTH)
    columns = heap = g_new (gsize, (gsize) dst_w * SCD_SCENE_GRID);
  for (guint x = 0; x < dst_w; x++)
    {
      int x0 = (int) ((guint64) x * src_w / dst_w);
      int x1 = MAX ((int) ((guint64) (x + 1) * src_w / dst_w), x0 + 1);

      for (int i = 0; i < SCD_SCENE_GRID; i++)
        columns[x * SCD_SCENE_GRID + i] =
            (gsize) ((x0 + (x1 - x0) * (2 * i + 1) / (2 * SCD_SCENE_GRID)) * step);
    }

  for (guint y = 0; y < PREFETCH_AHEAD; y++)
    prefetch_line (src, linesize, src_h, y, dst_h, src_w * step);
  for (guint y = 0; y < dst_h; y++)
    {
      prefetch_line (src, linesize, src_h, y + PREFETCH_AHEAD, dst_h, src_w * step);
      grid_lines (src, linesize, src_h, y, dst_h, lines);
      for (guint x = 0; x < dst_w; x++)
        {
          const gsize *at = columns + x * SCD_SCENE_GRID;
          guint sum = 0;

          for (int j = 0; j < SCD_SCENE_GRID; j++)
            for (int i = 0; i < SCD_SCENE_GRID; i++)
              sum += lines[j][at[i]];
          dst[y * dst_w + x] = (guint8) ((sum + SCD_SCENE_GRID * SCD_SCENE_GRID / 2)
                                         / (SCD_SCENE_GRID * SCD_SCENE_GRID));
        }
    }
}

/* The part of a chroma plane that covers @region, shrunk to @dst. */
static void
shrink_chroma (const AVFrame *frame,
               const ScdScenePlane *p,
               const ScdSceneRegion *region,
               guint8 *dst,
               guint dst_w,
               guint dst_h)
{
  int x0 = region->x >> p->hs, y0 = region->y >> p->vs;
  int w = MAX (-((-region->width) >> p->hs), 1), h = MAX (-((-region->height) >> p->vs), 1);

  shrink_plane (frame->data[p->plane] + (gsize) y0 * frame->linesize[p->plane] + x0 * p->step
                    + p->offset,
                frame->linesize[p->plane], w, h, p->step, dst, dst_w, dst_h);
}

gboolean
scd_scene_imager_planes (int format, ScdScenePlane planes[3], guint *n_planes)
{
  /* Luma, then the two chroma components: plane, offset, step, and
   * subsampling across and down. */
  static const ScdScenePlane yuv420[] = { { 0, 0, 1, 0, 0 }, { 1, 0, 1, 1, 1 }, { 2, 0, 1, 1, 1 } };
  static const ScdScenePlane yuv422[] = { { 0, 0, 1, 0, 0 }, { 1, 0, 1, 1, 0 }, { 2, 0, 1, 1, 0 } };
  static const ScdScenePlane yuv444[] = { { 0, 0, 1, 0, 0 }, { 1, 0, 1, 0, 0 }, { 2, 0, 1, 0, 0 } };
  static const ScdScenePlane nv12[] = { { 0, 0, 1, 0, 0 }, { 1, 0, 2, 1, 1 }, { 1, 1, 2, 1, 1 } };
  const ScdScenePlane *layout;

  switch (format)
    {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
      layout = yuv420;
      break;
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
      layout = yuv422;
      break;
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P:
      layout = yuv444;
      break;
    case AV_PIX_FMT_NV12:
      layout = nv12;
      break;
    case AV_PIX_FMT_GRAY8:
      planes[0] = yuv420[0];
      *n_planes = 1;
      return TRUE;
    default:
      return FALSE;
    }
  memcpy (planes, layout, 3 * sizeof *planes);
  *n_planes = 3;
  return TRUE;
}

/* Whether frames of @format are read here as they are: 8-bit luma
 * planes, which the motion checks (scd-scene-motion.c) read too. */
gboolean
scd_scene_imager_reads (int format)
{
  ScdScenePlane planes[3];
  guint n;

  return scd_scene_imager_planes (format, planes, &n);
}

static gboolean
shrink_direct (const AVFrame *frame, const ScdSceneRegion *region, ScdSceneImage *image)
{
  guint8 *y = image->data;
  guint8 *u = y + scd_scene_image_luma_size (image);
  guint8 *v = u + scd_scene_image_chroma_size (image);
  guint cw = image->width / 2, ch = image->height / 2;
  ScdScenePlane planes[3];
  guint n;

  if (!scd_scene_imager_planes (frame->format, planes, &n))
    return FALSE;
  if (n == 1)
    memset (u, 128, 2 * scd_scene_image_chroma_size (image));
  else
    {
      shrink_chroma (frame, &planes[1], region, u, cw, ch);
      shrink_chroma (frame, &planes[2], region, v, cw, ch);
    }
  shrink_plane (frame->data[0] + (gsize) region->y * frame->linesize[0] + region->x,
                frame->linesize[0], region->width, region->height, 1, y, image->width,
                image->height);
  return TRUE;
}

/* @scaler's context for frames like @frame to @width x @height 8-bit
 * YUV 4:2:0, made anew when they change; NULL if there can be none. */
static struct SwsContext *
scaler_for (Scaler *scaler, const AVFrame *frame, guint width, guint height)
{
  if (scaler->sws == NULL || scaler->width != frame->width || scaler->height != frame->height
      || scaler->format != frame->format || scaler->image_width != width
      || scaler->image_height != height)
    {
      sws_freeContext (scaler->sws);
      scaler->sws = sws_getContext (frame->width, frame->height, frame->format, (int) width,
                                    (int) height, AV_PIX_FMT_YUV420P, SWS_AREA, NULL, NULL, NULL);
      scaler->width = frame->width;
      scaler->height = frame->height;
      scaler->format = frame->format;
      scaler->image_width = width;
      scaler->image_height = height;
    }
  return scaler->sws;
}

static gboolean
shrink_with_sws (Scaler *scaler, const AVFrame *frame, ScdSceneImage *image)
{
  guint8 *planes[4];
  int linesizes[4];

  if (scaler_for (scaler, frame, image->width, image->height) == NULL)
    return FALSE;

  planes[0] = image->data;
  planes[1] = planes[0] + scd_scene_image_luma_size (image);
  planes[2] = planes[1] + scd_scene_image_chroma_size (image);
  planes[3] = NULL;
  linesizes[0] = (int) image->width;
  linesizes[1] = linesizes[2] = (int) image->width / 2;
  linesizes[3] = 0;
  return sws_scale (scaler->sws, (const guint8 *const *) frame->data, frame->linesize, 0,
                    frame->height, planes, linesizes)
         > 0;
}

/* A GPU frame in memory: shrunk to SCD_SCENE_GRID times @width x @height with
 * square pixels, or else whole (from the first failure on: a graph that
 * cannot be built for one frame will not be for the next). */
static AVFrame *
bring_to_memory (ScdSceneImager *imager, const AVFrame *frame, guint width, guint height)
{
  g_autoptr (GError) error = NULL;
  AVFrame *small;

  if (!imager->gpu_failed)
    {
      if (imager->gpu == NULL)
        imager->gpu = scd_gpu_shrink_new ();
      small = scd_gpu_shrink_frame (imager->gpu, frame, (int) (width * SCD_SCENE_GRID),
                                    (int) (height * SCD_SCENE_GRID), &error);
      if (small != NULL)
        return small;
      g_message ("Scoring from whole frames from now on: %s", error->message);
      imager->gpu_failed = TRUE;
    }
  return scd_gpu_frame_to_memory (frame, NULL);
}

ScdSceneImage *
scd_scene_imager_shrink (ScdSceneImager *imager, const AVFrame *frame)
{
  ScdSceneRegion whole = { 0, 0, frame->width, frame->height };
  g_autoptr (ScdSceneImage) image = NULL;
  g_autoptr (AVFrame) in_memory = NULL;
  guint width, height;

  if (frame->width <= 0 || frame->height <= 0)
    return NULL;

  small_size (frame, &whole, &width, &height);
  if (scd_gpu_frame_is_hardware (frame))
    {
      in_memory = bring_to_memory (imager, frame, width, height);
      if (in_memory == NULL)
        return NULL;
      frame = in_memory;
      whole = (ScdSceneRegion){ 0, 0, frame->width, frame->height };
    }
  image = scd_scene_image_new (width, height);
  if (!shrink_direct (frame, &whole, image) && !shrink_with_sws (&imager->small, frame, image))
    return NULL;
  return g_steal_pointer (&image);
}

/* Only for the layouts read directly: the others return NULL. */
ScdSceneImage *
scd_scene_imager_shrink_region (ScdSceneImager *imager,
                                const AVFrame *frame,
                                const ScdSceneRegion *region)
{
  g_autoptr (ScdSceneImage) image = NULL;
  guint width, height;

  (void) imager;
  if (region->x < 0 || region->y < 0 || region->width < 8 || region->height < 8
      || region->x + region->width > frame->width || region->y + region->height > frame->height)
    return NULL;

  small_size (frame, region, &width, &height);
  image = scd_scene_image_new (width, height);
  if (!shrink_direct (frame, region, image))
    return NULL;
  return g_steal_pointer (&image);
}

/* The detail image: SCD_SCENE_DETAIL_WIDTH wide, or the frame's width if
 * that is less (rounded down to even), for a frame in memory; NULL for a
 * frame on the GPU. Text and lines that the small image blurs away are
 * still there. */
ScdSceneImage *
scd_scene_imager_shrink_detail (ScdSceneImager *imager, const AVFrame *frame)
{
  ScdSceneRegion whole = { 0, 0, frame->width, frame->height };
  g_autoptr (ScdSceneImage) image = NULL;
  guint width, height;

  if (frame->width < 16 || frame->height < 16 || scd_gpu_frame_is_hardware (frame))
    return NULL;
  sized (frame, &whole, MIN (SCD_SCENE_DETAIL_WIDTH, (guint) frame->width & ~1u), &width, &height);
  image = scd_scene_image_new (width, height);
  if (!shrink_direct (frame, &whole, image) && !shrink_with_sws (&imager->detail, frame, image))
    return NULL;
  return g_steal_pointer (&image);
}

/* A whole copy of @frame, a frame in memory whose layout is not read here
 * (RGB, a palette, more than 8 bits), as 8-bit YUV 4:2:0: what the motion
 * checks and the regions read. NULL when it is read as it is, or cannot
 * be converted. */
AVFrame *
scd_scene_imager_readable (ScdSceneImager *imager, const AVFrame *frame)
{
  g_autoptr (AVFrame) copy = NULL;
  guint width = (guint) frame->width & ~1u, height = (guint) frame->height & ~1u;

  if (scd_scene_imager_reads (frame->format) || scd_gpu_frame_is_hardware (frame) || width < 16
      || height < 16 || scaler_for (&imager->readable, frame, width, height) == NULL)
    return NULL;
  copy = av_frame_alloc ();
  copy->format = AV_PIX_FMT_YUV420P;
  copy->width = (int) width;
  copy->height = (int) height;
  if (av_frame_get_buffer (copy, 0) < 0
      || sws_scale (imager->readable.sws, (const guint8 *const *) frame->data, frame->linesize, 0,
                    frame->height, copy->data, copy->linesize)
             <= 0)
    return NULL;
  return g_steal_pointer (&copy);
}
