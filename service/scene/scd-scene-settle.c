/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "scd-scene-content.h"
#include "scd-scene-decision.h"
#include "scd-scene-settle.h"
#include "scd-scene-tuning.h"
#include "scd-screen-match.h"

struct _ScdSceneSettle
{
  ScdSceneImage *anchor;        /* what was last written for the scene */
  ScdSceneImage *anchor_detail; /* and its detail image; may be NULL */
  ScdSceneImage *still;         /* the picture when it last moved */
  double still_since;           /* and when */
  gboolean judged;              /* this stillness has been judged */
};

ScdSceneSettle *
scd_scene_settle_new (void)
{
  return g_new0 (ScdSceneSettle, 1);
}

void
scd_scene_settle_stop (ScdSceneSettle *settle)
{
  g_clear_pointer (&settle->anchor, scd_scene_image_free);
  g_clear_pointer (&settle->anchor_detail, scd_scene_image_free);
}

void
scd_scene_settle_free (ScdSceneSettle *settle)
{
  if (settle == NULL)
    return;
  scd_scene_settle_stop (settle);
  scd_scene_image_free (settle->still);
  g_free (settle);
}

static void
anchor_at (ScdSceneSettle *settle, const ScdSceneImage *image, const ScdSceneImage *detail)
{
  scd_scene_image_copy_into (&settle->anchor, image);
  scd_scene_image_copy_into (&settle->anchor_detail, detail);
}

void
scd_scene_settle_restart (ScdSceneSettle *settle,
                          const ScdSceneImage *image,
                          const ScdSceneImage *detail,
                          double timestamp)
{
  anchor_at (settle, image, detail);
  scd_scene_image_copy_into (&settle->still, image);
  settle->still_since = timestamp;
  settle->judged = FALSE;
}

static gboolean
same_size (const ScdSceneImage *a, const ScdSceneImage *b)
{
  return a != NULL && b != NULL && a->width == b->width && a->height == b->height;
}

/* The picture is still while it stays the same screen as when it last
 * moved: a pointer moving or a caret blinking keep it still, typing does
 * not once a few characters are in. */
gboolean
scd_scene_settle_due (ScdSceneSettle *settle,
                      const ScdSceneImage *image,
                      double timestamp,
                      double settle_seconds)
{
  if (!same_size (settle->still, image)
      || !scd_screen_match (settle->still->data, image->data, image->width, image->height, NULL))
    {
      scd_scene_image_copy_into (&settle->still, image);
      settle->still_since = timestamp;
      settle->judged = FALSE;
      return FALSE;
    }
  return settle_seconds > 0.0 && settle->anchor != NULL && !settle->judged
         && timestamp - settle->still_since >= settle_seconds;
}

gboolean
scd_scene_settle_judge (ScdSceneSettle *settle,
                        const ScdSceneImage *image,
                        const ScdSceneImage *detail)
{
  ScdSceneContentChange content;
  gboolean with_detail = same_size (settle->anchor_detail, detail);

  settle->judged = TRUE;
  if (!same_size (settle->anchor, image)
      || scd_screen_match (settle->anchor->data, image->data, image->width, image->height, NULL))
    return FALSE;
  scd_scene_content_change (with_detail ? settle->anchor_detail : settle->anchor,
                            with_detail ? detail : image, &content);
  /* Additions: little of the old detail went, and new detail came, more
   * than went (a leaf stirring in a still shot moves as much as it
   * brings). */
  if (!scd_scene_decision_added (content.went)
      || content.came < MAX (scd_tune (SCD_TUNE_SETTLE_CAME_SHARE), 2.0 * content.went))
    {
      g_debug ("Still, but not by additions: %.0f %% of what was written went, %.0f %% came",
               100.0 * content.went, 100.0 * content.came);
      return FALSE;
    }
  anchor_at (settle, image, detail);
  return TRUE;
}
