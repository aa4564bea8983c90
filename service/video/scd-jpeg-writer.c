/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * JPEGs are made by libjpeg-turbo from 4:2:0 planes handed over sixteen
 * lines at a time (libjpeg's raw data input), so no full-size copy of the
 * frame is made, and its SIMD code makes a 1080p JPEG in a few
 * milliseconds. libavcodec's mjpeg encoder, used before, took 15 to 25 ms
 * and two full-size copies of the frame (ours at full range and, at a
 * height not a multiple of 16, its own): 7 MB at 1080p made while the
 * decoder runs beside it, which put the service's peak memory at a JPEG.
 *
 * JPEG wants full-range YUV. Decoders mostly give limited-range 4:2:0:
 * its samples are widened line by line through a table that gives what
 * libswscale gives, sample for sample (test-jpeg-writer.c checks it). A
 * full-range 4:2:0 frame is copied as it is; any other format is first
 * converted whole by libswscale, which is rare.
 *
 * The JPEGs use the standard Huffman tables, not tables made for each
 * picture: those need the whole picture's coefficients kept for a second
 * pass (6 MB at 1080p) to make the file about a tenth smaller.
 *
 * A frame still on the GPU (a live session's latest frame, captured) is
 * downloaded here, in the writer's thread.
 */
#include "config.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <jpeglib.h>
#include <libavutil/pixdesc.h>

#include "scd-error.h"
#include "scd-safe-path.h"
#include "scd-gpu-frame.h"
#include "scd-jpeg-writer.h"
#include "scd-libav.h"

/* The quantiser, for luma and chroma alike: MPEG-1's default intra matrix
 * (ISO/IEC 11172-2), in raster order, at 3/8 of its size, with DC at 8.
 * These are the tables libavcodec's mjpeg encoder wrote at qscale 3, so
 * the JPEGs keep the quality they had: near-transparent, text and edges
 * clean. libjpeg rounds where mjpeg rounded down, so they come out a
 * little better and larger (0.3-0.6 dB PSNR, 7-19 % on real clips). */
/* clang-format off */
static const unsigned int MPEG1_INTRA_MATRIX[64] = {
   8, 16, 19, 22, 26, 27, 29, 34,
  16, 16, 22, 24, 27, 29, 34, 37,
  19, 22, 26, 27, 29, 34, 34, 38,
  22, 22, 26, 27, 29, 34, 37, 40,
  22, 26, 27, 29, 32, 35, 40, 48,
  26, 27, 29, 32, 35, 40, 48, 58,
  26, 27, 29, 34, 38, 46, 56, 69,
  27, 29, 35, 38, 46, 56, 69, 83,
};
/* clang-format on */
#define QUANT_SCALE_EIGHTHS 3
#define QUANT_DC 8

/* Lines of luma in one call of jpeg_write_raw_data() at 4:2:0 (chroma:
 * half as many). */
#define STRIP_LINES 16

/* Limited range to full: 16-235 to 0-255 for luma, 16-240 about 128 to
 * 0-255 for chroma, rounded as libswscale rounds. */
typedef struct
{
  guint8 luma[256];
  guint8 chroma[256];
} RangeTables;

static const RangeTables *
range_tables (void)
{
  static RangeTables tables;
  static gsize made = 0;

  if (g_once_init_enter (&made))
    {
      for (int v = 0; v < 256; v++)
        {
          int y = ((v - 16) * 255 + 109) / 219;
          int c = ((v - 128) * 255 + (v >= 128 ? 112 : -112)) / 224 + 128;

          tables.luma[v] = (guint8) CLAMP (y, 0, 255);
          tables.chroma[v] = (guint8) CLAMP (c, 0, 255);
        }
      g_once_init_leave (&made, 1);
    }
  return &tables;
}

/* One plane's lines as libjpeg takes them: a whole number of 8x8 blocks
 * wide, the right edge repeated into the padding. */
typedef struct
{
  const guint8 *data;
  int linesize;
  int width;
  int height;
  const guint8 *table; /* NULL: copied as it is */
  int padded_width;
  guint8 *strip;
  JSAMPROW rows[STRIP_LINES];
} PlaneStrip;

/* Fills @plane's strip with @lines lines from @first, repeating the last
 * line below the picture. */
static void
fill_strip (PlaneStrip *plane, int first, int lines)
{
  for (int i = 0; i < lines; i++)
    {
      const guint8 *src = plane->data
                          + (gsize) MIN (first + i, plane->height - 1) * plane->linesize;
      guint8 *dst = plane->rows[i];

      if (plane->table != NULL)
        for (int x = 0; x < plane->width; x++)
          dst[x] = plane->table[src[x]];
      else
        memcpy (dst, src, plane->width);
      memset (dst + plane->width, dst[plane->width - 1], plane->padded_width - plane->width);
    }
}

typedef struct
{
  struct jpeg_error_mgr manager;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
} ErrorExit;

static void
error_exit (j_common_ptr info)
{
  ErrorExit *handler = (ErrorExit *) info->err;

  info->err->format_message (info, handler->message);
  longjmp (handler->jump, 1);
}

static void
output_message (j_common_ptr info)
{
  char message[JMSG_LENGTH_MAX];

  info->err->format_message (info, message);
  g_debug ("libjpeg: %s", message);
}

/* The state of one JPEG, kept out of compress()'s locals, which
 * longjmp() may leave undefined. */
typedef struct
{
  struct jpeg_compress_struct info;
  ErrorExit error;
  PlaneStrip planes[3];
  unsigned char *out;
  unsigned long out_size;
} Compression;

static void
add_quant_tables (struct jpeg_compress_struct *info)
{
  unsigned int table[64];

  table[0] = QUANT_DC;
  for (int i = 1; i < 64; i++)
    table[i] = MPEG1_INTRA_MATRIX[i] * QUANT_SCALE_EIGHTHS / 8;
  jpeg_add_quant_table (info, 0, table, 100, TRUE);
  jpeg_add_quant_table (info, 1, table, 100, TRUE);
}

static gboolean
compress (Compression *c, int width, int height)
{
  JSAMPARRAY planes[3] = { c->planes[0].rows, c->planes[1].rows, c->planes[2].rows };

  c->info.err = jpeg_std_error (&c->error.manager);
  c->error.manager.error_exit = error_exit;
  c->error.manager.output_message = output_message;
  if (setjmp (c->error.jump))
    return FALSE;

  jpeg_create_compress (&c->info);
  jpeg_mem_dest (&c->info, &c->out, &c->out_size);
  c->info.image_width = (JDIMENSION) width;
  c->info.image_height = (JDIMENSION) height;
  c->info.input_components = 3;
  c->info.in_color_space = JCS_YCbCr;
  jpeg_set_defaults (&c->info);
  add_quant_tables (&c->info);
  c->info.raw_data_in = TRUE;
  c->info.dct_method = JDCT_ISLOW;
  c->info.comp_info[0].h_samp_factor = c->info.comp_info[0].v_samp_factor = 2;
  for (int i = 1; i < 3; i++)
    c->info.comp_info[i].h_samp_factor = c->info.comp_info[i].v_samp_factor = 1;

  jpeg_start_compress (&c->info, TRUE);
  for (int line = 0; line < height; line += STRIP_LINES)
    {
      fill_strip (&c->planes[0], line, STRIP_LINES);
      fill_strip (&c->planes[1], line / 2, STRIP_LINES / 2);
      fill_strip (&c->planes[2], line / 2, STRIP_LINES / 2);
      jpeg_write_raw_data (&c->info, planes, STRIP_LINES);
    }
  jpeg_finish_compress (&c->info);
  return TRUE;
}

/* The JPEG of a 4:2:0 @frame, its planes widened through @luma and
 * @chroma (NULL: full range already). */
static GBytes *
encode_420 (const AVFrame *frame, const guint8 *luma, const guint8 *chroma, GError **error)
{
  g_autofree Compression *c = g_new0 (Compression, 1);
  gboolean done;

  for (int p = 0; p < 3; p++)
    {
      PlaneStrip *plane = &c->planes[p];
      int lines = p == 0 ? STRIP_LINES : STRIP_LINES / 2;

      plane->data = frame->data[p];
      plane->linesize = frame->linesize[p];
      plane->width = p == 0 ? frame->width : AV_CEIL_RSHIFT (frame->width, 1);
      plane->height = p == 0 ? frame->height : AV_CEIL_RSHIFT (frame->height, 1);
      plane->table = p == 0 ? luma : chroma;
      plane->padded_width = FFALIGN (plane->width, p == 0 ? 16 : 8);
      plane->strip = g_malloc ((gsize) plane->padded_width * lines);
      for (int i = 0; i < lines; i++)
        plane->rows[i] = plane->strip + (gsize) i * plane->padded_width;
    }

  done = compress (c, frame->width, frame->height);
  jpeg_destroy_compress (&c->info);
  for (int p = 0; p < 3; p++)
    g_free (c->planes[p].strip);
  if (!done)
    {
      free (c->out);
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not encode a JPEG: %s"),
                   c->error.message);
      return NULL;
    }
  return g_bytes_new_with_free_func (c->out, c->out_size, free, c->out);
}

static gboolean
is_full_range_420 (const AVFrame *frame)
{
  return frame->format == AV_PIX_FMT_YUVJ420P
         || (frame->format == AV_PIX_FMT_YUV420P && frame->color_range == AVCOL_RANGE_JPEG);
}

/* @frame in full-range 4:2:0, by libswscale. */
static AVFrame *
convert (const AVFrame *frame, GError **error)
{
  g_autoptr (AVFrame) converted = av_frame_alloc ();
  struct SwsContext *sws;
  int ret;

  converted->width = frame->width;
  converted->height = frame->height;
  converted->format = AV_PIX_FMT_YUVJ420P;
  converted->color_range = AVCOL_RANGE_JPEG;
  sws = sws_getContext (frame->width, frame->height, frame->format, frame->width, frame->height,
                        AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, NULL, NULL, NULL);
  if (sws == NULL || av_frame_get_buffer (converted, 0) < 0)
    {
      sws_freeContext (sws);
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
                   _("Cannot convert frames of format “%s” to JPEG"),
                   av_get_pix_fmt_name (frame->format));
      return NULL;
    }

  ret = sws_scale (sws, (const guint8 *const *) frame->data, frame->linesize, 0, frame->height,
                   converted->data, converted->linesize);
  sws_freeContext (sws);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_FAILED, ret, _("Could not convert a frame for JPEG"));
      return NULL;
    }
  return g_steal_pointer (&converted);
}

/* The JPEG of @frame, at full size. */
GBytes *
scd_jpeg_encode (const AVFrame *frame, GError **error)
{
  g_autoptr (AVFrame) in_memory = NULL;
  g_autoptr (AVFrame) converted = NULL;

  if (scd_gpu_frame_is_hardware (frame))
    {
      in_memory = scd_gpu_frame_to_memory (frame, error);
      if (in_memory == NULL)
        return NULL;
      frame = in_memory;
    }
  if (frame->width <= 0 || frame->height <= 0 || frame->width > JPEG_MAX_DIMENSION
      || frame->height > JPEG_MAX_DIMENSION)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED, _("A JPEG cannot be %d by %d pixels"),
                   frame->width, frame->height);
      return NULL;
    }
  if (is_full_range_420 (frame))
    return encode_420 (frame, NULL, NULL, error);
  if (frame->format == AV_PIX_FMT_YUV420P)
    {
      const RangeTables *tables = range_tables ();

      return encode_420 (frame, tables->luma, tables->chroma, error);
    }
  converted = convert (frame, error);
  if (converted == NULL)
    return NULL;
  return encode_420 (converted, NULL, NULL, error);
}

/* Writes @jpeg (scd_jpeg_encode()) to @path, whole or not at all. */
gboolean
scd_jpeg_save (GBytes *jpeg, const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *safe_path = scd_safe_path_resolve (path);
  gsize size;
  const char *data = g_bytes_get_data (jpeg, &size);

  if (!g_file_set_contents_full (safe_path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &local_error))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
