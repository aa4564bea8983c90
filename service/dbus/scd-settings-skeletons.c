/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Thin subclasses whose only job is the guarded vtable; the session owns
 * them and all their state.
 */
#include "config.h"

#include "scd-property-guard.h"
#include "scd-settings-skeletons.h"

struct _ScdSceneDetector
{
  ScdDbusSceneDetectorSkeleton parent_instance;
};

struct _ScdAudioExtractor
{
  ScdDbusAudioExtractorSkeleton parent_instance;
};

G_DEFINE_TYPE (ScdSceneDetector, scd_scene_detector, SCD_DBUS_TYPE_SCENE_DETECTOR_SKELETON)
G_DEFINE_TYPE (ScdAudioExtractor, scd_audio_extractor, SCD_DBUS_TYPE_AUDIO_EXTRACTOR_SKELETON)

static GDBusInterfaceVTable *
scene_detector_get_vtable (GDBusInterfaceSkeleton *skeleton)
{
  return scd_property_guard_vtable (
      "org.scened.Scened1.SceneDetector",
      G_DBUS_INTERFACE_SKELETON_CLASS (scd_scene_detector_parent_class)->get_vtable (skeleton));
}

static GDBusInterfaceVTable *
audio_extractor_get_vtable (GDBusInterfaceSkeleton *skeleton)
{
  return scd_property_guard_vtable (
      "org.scened.Scened1.AudioExtractor",
      G_DBUS_INTERFACE_SKELETON_CLASS (scd_audio_extractor_parent_class)->get_vtable (skeleton));
}

static void
scd_scene_detector_init (ScdSceneDetector *self)
{
}

static void
scd_scene_detector_class_init (ScdSceneDetectorClass *klass)
{
  G_DBUS_INTERFACE_SKELETON_CLASS (klass)->get_vtable = scene_detector_get_vtable;
}

static void
scd_audio_extractor_init (ScdAudioExtractor *self)
{
}

static void
scd_audio_extractor_class_init (ScdAudioExtractorClass *klass)
{
  G_DBUS_INTERFACE_SKELETON_CLASS (klass)->get_vtable = audio_extractor_get_vtable;
}
