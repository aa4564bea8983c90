/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The SceneDetector and AudioExtractor skeletons of a session, refusing
 * bad values written to their settings (scd-property-guard.c).
 */
#pragma once

#include "scd-dbus.h"

G_BEGIN_DECLS

#define SCD_TYPE_SCENE_DETECTOR (scd_scene_detector_get_type ())
G_DECLARE_FINAL_TYPE (ScdSceneDetector,
                      scd_scene_detector,
                      SCD,
                      SCENE_DETECTOR,
                      ScdDbusSceneDetectorSkeleton)

#define SCD_TYPE_AUDIO_EXTRACTOR (scd_audio_extractor_get_type ())
G_DECLARE_FINAL_TYPE (ScdAudioExtractor,
                      scd_audio_extractor,
                      SCD,
                      AUDIO_EXTRACTOR,
                      ScdDbusAudioExtractorSkeleton)

G_END_DECLS
