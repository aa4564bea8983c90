/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The video half of a session's decode pass: decode, score each frame on
 * a small image, decide, and write scene frames as JPEGs into the index.
 */
#pragma once

#include <gio/gio.h>
#include <libavformat/avformat.h>

#include "scd-index.h"
#include "scd-scene-decision.h"

G_BEGIN_DECLS

typedef struct _ScdVideoStage ScdVideoStage;

ScdVideoStage *scd_video_stage_new (AVStream *stream,
                                    gint64 origin,
                                    const char *hwaccel,
                                    const char *frames_dir,
                                    ScdIndex *index,
                                    GError **error);
void scd_video_stage_free (ScdVideoStage *stage);

const char *scd_video_stage_get_description (ScdVideoStage *stage);
guint64 scd_video_stage_get_frames_decoded (ScdVideoStage *stage);
double scd_video_stage_get_position (ScdVideoStage *stage);

gboolean scd_video_stage_push (ScdVideoStage *stage,
                               const AVPacket *packet,
                               const ScdSceneParams *params,
                               GPtrArray *new_frames,
                               GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdVideoStage, scd_video_stage_free)

G_END_DECLS
