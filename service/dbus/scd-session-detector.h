/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session's SceneDetector interface: the generated skeleton, refusing
 * bad values written to its settings (scd-call-guard.c). The session
 * owns it and all its state.
 */
#pragma once

#include "scd-dbus.h"

G_BEGIN_DECLS

#define SCD_TYPE_SESSION_DETECTOR (scd_session_detector_get_type ())
G_DECLARE_FINAL_TYPE (ScdSessionDetector,
                      scd_session_detector,
                      SCD,
                      SESSION_DETECTOR,
                      ScdDbusSceneDetectorSkeleton)

G_END_DECLS
