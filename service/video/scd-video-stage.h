/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The video half of a session's decode pass: decode, score each frame on
 * a small image, and decide which frames start a scene.
 */
#pragma once

#include <gio/gio.h>
#include <libavformat/avformat.h>

#include "scd-scene-decision.h"

#include "scd-option-values.h"

G_BEGIN_DECLS

typedef struct _ScdVideoStage ScdVideoStage;

/* Called for every decoded frame, in order, with SCD_FRAME_REASON_NONE;
 * and once more for each frame to be written, with its reason: a scene
 * frame is known a few frames after it was decoded. A candidate cut comes
 * with SCD_FRAME_REASON_CANDIDATE when it is decoded (ScdSceneKeepFunc). */
typedef void (*ScdVideoFrameFunc) (const AVFrame *frame,
                                   double timestamp,
                                   double score,
                                   ScdFrameReason reason,
                                   gpointer user_data);

ScdVideoStage *scd_video_stage_new (ScdVideoFrameFunc func, gpointer user_data);
void scd_video_stage_free (ScdVideoStage *stage);

gboolean scd_video_stage_open (ScdVideoStage *stage,
                               AVStream *stream,
                               ScdHwaccel hwaccel,
                               gboolean low_delay,
                               GError **error);
const char *scd_video_stage_get_description (ScdVideoStage *stage);
guint64 scd_video_stage_get_frames_decoded (ScdVideoStage *stage);
double scd_video_stage_get_position (ScdVideoStage *stage);

gboolean scd_video_stage_push (ScdVideoStage *stage,
                               const AVPacket *packet,
                               const ScdSceneParams *params,
                               GError **error);
void scd_video_stage_finish (ScdVideoStage *stage);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdVideoStage, scd_video_stage_free)

G_END_DECLS
