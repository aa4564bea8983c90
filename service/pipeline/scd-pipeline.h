/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session's single decode pass over its source, run in a worker thread,
 * reporting to the main context through events.
 */
#pragma once

#include <gio/gio.h>

#include "scd-index.h"
#include "scd-scene-decision.h"
#include "scd-session-options.h"
#include "scd-stream-set.h"

G_BEGIN_DECLS

typedef enum
{
  SCD_PIPELINE_EVENT_CONNECTED,    /* video_decoder, live, duration */
  SCD_PIPELINE_EVENT_DISCONNECTED, /* a live sender left; waiting for the next */
  SCD_PIPELINE_EVENT_PROGRESS,     /* position, progress, frames_decoded, video_decoder */
  SCD_PIPELINE_EVENT_FRAME,        /* entry: a{sv} */
  SCD_PIPELINE_EVENT_CHUNK,        /* entry: a{sv} */
  SCD_PIPELINE_EVENT_SEGMENT,      /* segment, path, start, duration, new_segment */
  SCD_PIPELINE_EVENT_OVERRUNS,     /* overruns */
  SCD_PIPELINE_EVENT_WAITING, /* message: why a live source is not open, and when it is tried again
                               */
} ScdPipelineEventKind;

typedef struct
{
  ScdPipelineEventKind kind;
  char *video_decoder;
  gboolean live;
  double duration;
  double position;
  double progress;
  guint64 frames_decoded;
  GVariant *entry;
  guint segment;
  char *path;
  double start;
  gboolean new_segment;
  guint64 overruns;
  char *message;
} ScdPipelineEvent;

/* Runs in the main context the pipeline was created in. */
typedef void (*ScdPipelineEventFunc) (GObject *owner, const ScdPipelineEvent *event);

typedef struct _ScdPipeline ScdPipeline;

ScdPipeline *scd_pipeline_new (const ScdSessionOptions *options,
                               const char *directory,
                               ScdIndex *frames,
                               ScdIndex *chunks,
                               ScdStreamSet *streams,
                               GObject *owner,
                               ScdPipelineEventFunc event_func);
void scd_pipeline_free (ScdPipeline *pipeline);

void scd_pipeline_set_scene_params (ScdPipeline *pipeline, const ScdSceneParams *params);
void scd_pipeline_set_chunk_seconds (ScdPipeline *pipeline, double seconds);
gboolean scd_pipeline_capture (ScdPipeline *pipeline, GTask *task, GError **error);

gboolean scd_pipeline_run (ScdPipeline *pipeline, GCancellable *cancellable, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdPipeline, scd_pipeline_free)

G_END_DECLS
