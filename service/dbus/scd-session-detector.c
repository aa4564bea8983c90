/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A thin subclass whose only job is the guarded vtable.
 */
#include "config.h"

#include "scd-call-guard.h"
#include "scd-session-detector.h"

struct _ScdSessionDetector
{
  ScdDbusSceneDetectorSkeleton parent_instance;
};

G_DEFINE_TYPE (ScdSessionDetector, scd_session_detector, SCD_DBUS_TYPE_SCENE_DETECTOR_SKELETON)

static GDBusInterfaceVTable *
get_vtable (GDBusInterfaceSkeleton *skeleton)
{
  return scd_call_guard_vtable (
      "org.scened.Scened1.SceneDetector",
      G_DBUS_INTERFACE_SKELETON_CLASS (scd_session_detector_parent_class)->get_vtable (skeleton));
}

static void
scd_session_detector_init (ScdSessionDetector *self)
{
}

static void
scd_session_detector_class_init (ScdSessionDetectorClass *klass)
{
  G_DBUS_INTERFACE_SKELETON_CLASS (klass)->get_vtable = get_vtable;
}
