/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A thin subclass whose only job is the guarded vtable.
 */
#include "config.h"

#include "scd-call-guard.h"
#include "scd-session-extractor.h"

struct _ScdSessionExtractor
{
  ScdDbusAudioExtractorSkeleton parent_instance;
};

G_DEFINE_TYPE (ScdSessionExtractor, scd_session_extractor, SCD_DBUS_TYPE_AUDIO_EXTRACTOR_SKELETON)

static GDBusInterfaceVTable *
get_vtable (GDBusInterfaceSkeleton *skeleton)
{
  return scd_call_guard_vtable (
      "org.scened.Scened1.AudioExtractor",
      G_DBUS_INTERFACE_SKELETON_CLASS (scd_session_extractor_parent_class)->get_vtable (skeleton));
}

static void
scd_session_extractor_init (ScdSessionExtractor *self)
{
}

static void
scd_session_extractor_class_init (ScdSessionExtractorClass *klass)
{
  G_DBUS_INTERFACE_SKELETON_CLASS (klass)->get_vtable = get_vtable;
}
