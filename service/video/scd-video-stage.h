/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The video half of a session's decode pass: decode, score each frame on
 * a small image, decide which frames start a scene, and write them (JPEG,
 * then the index), as the audio stage writes its chunks. It also keeps
 * the latest frame for CaptureFrame and hands every frame to a tap (the
 * frame streams).
 */
#pragma once

#include <gio/gio.h>
#include <libavformat/avformat.h>

#include "scd-entry-sink.h"
#include "scd-index.h"
#include "scd-option-values.h"
#include "scd-scene-decision.h"

G_BEGIN_DECLS

typedef struct _ScdVideoStage ScdVideoStage;

/* Called with every decoded frame, in order, from the decoding thread. */
typedef void (*ScdVideoTapFunc) (const AVFrame *frame, double timestamp, gpointer user_data);

ScdVideoStage *scd_video_stage_new (const char *frames_dir,
                                    ScdIndex *index,
                                    gboolean live,
                                    ScdEntrySinkFunc sink,
                                    gpointer user_data);
void scd_video_stage_free (ScdVideoStage *stage);
void scd_video_stage_set_tap (ScdVideoStage *stage, ScdVideoTapFunc func, gpointer user_data);

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
                               gint64 arrival,
                               const ScdSceneParams *params,
                               GError **error);
gboolean scd_video_stage_capture (ScdVideoStage *stage, GTask *task, GError **error);
gboolean scd_video_stage_drain (ScdVideoStage *stage, const ScdSceneParams *params, GError **error);
gboolean scd_video_stage_finish (ScdVideoStage *stage, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdVideoStage, scd_video_stage_free)

G_END_DECLS
