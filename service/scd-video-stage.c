/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every decoded frame is shrunk and scored against the previous one; only
 * a frame the decision keeps is converted and encoded at full size. The
 * JPEG is on disk before its entry is in the index, and the index is on
 * disk before the entry is announced.
 *
 * Timestamps are the frame's presentation time minus the container's
 * start time, so 0 is what a player shows as 0:00.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scd-error.h"
#include "scd-jpeg-writer.h"
#include "scd-libav.h"
#include "scd-scene-image.h"
#include "scd-scene-score.h"
#include "scd-video-decoder.h"
#include "scd-video-stage.h"

struct _ScdVideoStage
{
  AVCodecContext *codec;
  AVFrame *frame;
  AVRational time_base;
  gint64 origin; /* container start, in the stream's time base */
  char *description;
  char *frames_dir;
  ScdIndex *index;
  ScdSceneImager *imager;
  ScdSceneImage *previous;
  ScdSceneDecision decision;
  guint64 frames_decoded;
  gint64 last_pts;
  double position;
};

void
scd_video_stage_free (ScdVideoStage *stage)
{
  if (stage == NULL)
    return;
  avcodec_free_context (&stage->codec);
  av_frame_free (&stage->frame);
  g_free (stage->description);
  g_free (stage->frames_dir);
  g_clear_pointer (&stage->index, scd_index_unref);
  scd_scene_imager_free (stage->imager);
  scd_scene_image_free (stage->previous);
  g_free (stage);
}

ScdVideoStage *
scd_video_stage_new (AVStream *stream,
                     gint64 origin,
                     const char *hwaccel,
                     const char *frames_dir,
                     ScdIndex *index,
                     GError **error)
{
  g_autoptr (ScdVideoStage) stage = g_new0 (ScdVideoStage, 1);

  stage->codec = scd_video_decoder_open (stream, hwaccel, &stage->description, error);
  if (stage->codec == NULL)
    return NULL;

  stage->frame = av_frame_alloc ();
  stage->time_base = stream->time_base;
  stage->origin = av_rescale_q (origin, AV_TIME_BASE_Q, stream->time_base);
  stage->frames_dir = g_strdup (frames_dir);
  stage->index = scd_index_ref (index);
  stage->imager = scd_scene_imager_new ();
  stage->last_pts = AV_NOPTS_VALUE;
  scd_scene_decision_init (&stage->decision);
  return g_steal_pointer (&stage);
}

const char *
scd_video_stage_get_description (ScdVideoStage *stage)
{
  return stage->description;
}

guint64
scd_video_stage_get_frames_decoded (ScdVideoStage *stage)
{
  return stage->frames_decoded;
}

double
scd_video_stage_get_position (ScdVideoStage *stage)
{
  return stage->position;
}

/* The frame's time on the session timeline; a frame without a timestamp
 * follows the previous one by its duration. */
static double
frame_timestamp (ScdVideoStage *stage, const AVFrame *frame)
{
  gint64 pts = frame->best_effort_timestamp;

  if (pts == AV_NOPTS_VALUE)
    pts = stage->last_pts == AV_NOPTS_VALUE ? stage->origin
                                            : stage->last_pts + MAX (frame->pkt_duration, 1);
  stage->last_pts = pts;
  return MAX (0.0, (double) (pts - stage->origin) * av_q2d (stage->time_base));
}

static gboolean
write_frame (ScdVideoStage *stage,
             const AVFrame *frame,
             double timestamp,
             double score,
             ScdFrameReason reason,
             GPtrArray *new_frames,
             GError **error)
{
  guint number = scd_index_get_count (stage->index);
  g_autofree char *id = g_strdup_printf ("F%04u", number + 1);
  g_autofree char *file = g_strconcat (id, ".jpg", NULL);
  g_autofree char *path = g_build_filename (stage->frames_dir, file, NULL);
  GVariantDict entry;

  if (!scd_jpeg_write (frame, path, error))
    return FALSE;

  g_variant_dict_init (&entry, NULL);
  g_variant_dict_insert (&entry, "id", "s", id);
  g_variant_dict_insert (&entry, "index", "u", number);
  g_variant_dict_insert (&entry, "timestamp", "d", timestamp);
  g_variant_dict_insert (&entry, "path", "s", path);
  g_variant_dict_insert (&entry, "score", "d", score);
  g_variant_dict_insert (&entry, "reason", "s", scd_frame_reason_to_string (reason));
  g_variant_dict_insert (&entry, "width", "u", (guint32) frame->width);
  g_variant_dict_insert (&entry, "height", "u", (guint32) frame->height);
  g_ptr_array_add (new_frames, g_variant_ref_sink (g_variant_dict_end (&entry)));
  scd_index_append (stage->index, g_ptr_array_index (new_frames, new_frames->len - 1));

  return scd_index_save (stage->index, error);
}

static gboolean
handle_frame (ScdVideoStage *stage,
              const AVFrame *frame,
              const ScdSceneParams *params,
              GPtrArray *new_frames,
              GError **error)
{
  g_autoptr (ScdSceneImage) image = scd_scene_imager_shrink (stage->imager, frame);
  double timestamp = frame_timestamp (stage, frame);
  double score = 0.0;
  ScdFrameReason reason;

  stage->frames_decoded++;
  stage->position = MAX (stage->position, timestamp);
  if (image == NULL)
    return TRUE;

  /* A change of size is a change of scene. */
  if (stage->previous != NULL)
    score = stage->previous->width == image->width && stage->previous->height == image->height
                ? scd_scene_score (stage->previous, image)
                : 100.0;

  reason = scd_scene_decision_take (&stage->decision, params, timestamp, score);
  scd_scene_image_free (stage->previous);
  stage->previous = g_steal_pointer (&image);

  if (reason == SCD_FRAME_REASON_NONE)
    return TRUE;
  return write_frame (stage, frame, timestamp, score, reason, new_frames, error);
}

gboolean
scd_video_stage_push (ScdVideoStage *stage,
                      const AVPacket *packet,
                      const ScdSceneParams *params,
                      GPtrArray *new_frames,
                      GError **error)
{
  int ret = avcodec_send_packet (stage->codec, packet);

  /* A damaged packet is skipped; the decoder resynchronises by itself. */
  if (ret < 0 && ret != AVERROR_EOF && ret != AVERROR (EAGAIN))
    g_debug ("Skipping a video packet the decoder refused");

  for (;;)
    {
      gboolean ok;

      ret = avcodec_receive_frame (stage->codec, stage->frame);
      if (ret == AVERROR (EAGAIN) || ret == AVERROR_EOF)
        return TRUE;
      if (ret < 0)
        {
          g_debug ("Skipping a video frame the decoder could not decode");
          return TRUE;
        }

      ok = handle_frame (stage, stage->frame, params, new_frames, error);
      av_frame_unref (stage->frame);
      if (!ok)
        return FALSE;
    }
}
