/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include <libavutil/pixdesc.h>

#include "scd-gpu-frame.h"
#include "scd-libav.h"
#include "scd-scene-view.h"

/* The median of the samples of one component in a one-sample ring around
 * [x0, x1) x [y0, y1) of a @width x @height plane (the ring clipped to
 * it); @fallback when there is no ring: the region is the whole picture. */
static guint8
ring_median (const guint8 *data,
             int linesize,
             int step,
             int width,
             int height,
             int x0,
             int y0,
             int x1,
             int y1,
             guint8 fallback)
{
  guint histogram[256] = { 0 };
  guint n = 0, below = 0;
  int median;

  for (int y = y0 - 1; y <= y1; y++)
    {
      gboolean edge_row = y == y0 - 1 || y == y1;

      if (y < 0 || y >= height)
        continue;
      for (int x = x0 - 1; x <= x1; x++)
        {
          if (x < 0 || x >= width || (!edge_row && x != x0 - 1 && x != x1))
            continue;
          histogram[data[(gsize) y * linesize + (gsize) x * step]]++;
          n++;
        }
    }
  if (n == 0)
    return fallback;
  for (median = 0; median < 255 && below + histogram[median] <= n / 2; median++)
    below += histogram[median];
  return (guint8) median;
}

/* Fills [x, x + w) x [y, y + h), in luma samples, of every component. */
static void
fill (AVFrame *view, const ScdScenePlane *planes, guint n_planes, int x, int y, int w, int h)
{
  for (guint i = 0; i < n_planes; i++)
    {
      const ScdScenePlane *p = &planes[i];
      guint8 *data = view->data[p->plane] + p->offset;
      int linesize = view->linesize[p->plane];
      int width = -((-view->width) >> p->hs), height = -((-view->height) >> p->vs);
      int x0 = x >> p->hs, y0 = y >> p->vs;
      int x1 = MIN (-((-(x + w)) >> p->hs), width), y1 = MIN (-((-(y + h)) >> p->vs), height);
      guint8 value = ring_median (data, linesize, p->step, width, height, x0, y0, x1, y1,
                                  i == 0 ? 16 : 128);

      for (int row = y0; row < y1; row++)
        {
          guint8 *line = data + (gsize) row * linesize;

          if (p->step == 1)
            memset (line + x0, value, (gsize) (x1 - x0));
          else
            for (int col = x0; col < x1; col++)
              line[(gsize) col * p->step] = value;
        }
    }
}

/* @frame in memory, in a layout read directly: a new reference, or a
 * copy. */
static AVFrame *
readable (ScdSceneImager *imager, const AVFrame *frame)
{
  g_autoptr (AVFrame) in_memory = NULL;
  AVFrame *copy;

  if (scd_gpu_frame_is_hardware (frame))
    {
      in_memory = scd_gpu_frame_to_memory (frame, NULL);
      if (in_memory == NULL)
        return NULL;
      frame = in_memory;
    }
  if (scd_scene_imager_reads (frame->format))
    return in_memory != NULL ? g_steal_pointer (&in_memory) : av_frame_clone (frame);
  copy = scd_scene_imager_readable (imager, frame);
  return copy;
}

AVFrame *
scd_scene_view_make (ScdSceneImager *imager, const AVFrame *frame, const ScdRegions *regions)
{
  g_autoptr (AVFrame) view = NULL;
  ScdScenePlane planes[3];
  guint n_planes;
  int left = 0, top = 0, x, y, w, h;

  if (!scd_regions_any (regions))
    return av_frame_clone (frame);
  view = readable (imager, frame);
  if (view == NULL || !scd_scene_imager_planes (view->format, planes, &n_planes))
    return NULL;

  /* Regions are given on the source picture; a converted copy may be a
   * pixel smaller (even sizes), which does not matter at this scale. */
  if (regions->watch_set
      && scd_rect_to_pixels (&regions->watch, frame->width, frame->height, &x, &y, &w, &h))
    {
      /* Even edges keep the chroma of 4:2:0 and 4:2:2 in step. */
      left = MIN (x & ~1, view->width - 16);
      top = MIN (y & ~1, view->height - 16);
      w = MAX (w & ~1, 16);
      h = MAX (h & ~1, 16);
      view->crop_left = (size_t) MAX (left, 0);
      view->crop_top = (size_t) MAX (top, 0);
      view->crop_right = (size_t) MAX (view->width - left - w, 0);
      view->crop_bottom = (size_t) MAX (view->height - top - h, 0);
      left = (int) view->crop_left;
      top = (int) view->crop_top;
      if (av_frame_apply_cropping (view, AV_FRAME_CROP_UNALIGNED) < 0)
        return NULL;
    }

  for (guint i = 0; i < regions->n_exclude; i++)
    {
      if (!scd_rect_to_pixels (&regions->exclude[i], frame->width, frame->height, &x, &y, &w, &h))
        continue;
      /* Into the view's coordinates, within it. */
      w = MIN (x - left + w, view->width) - MAX (x - left, 0);
      h = MIN (y - top + h, view->height) - MAX (y - top, 0);
      x = MAX (x - left, 0);
      y = MAX (y - top, 0);
      if (w <= 0 || h <= 0)
        continue;
      if (av_frame_make_writable (view) < 0)
        return NULL;
      fill (view, planes, n_planes, x, y, w, h);
    }
  return g_steal_pointer (&view);
}
