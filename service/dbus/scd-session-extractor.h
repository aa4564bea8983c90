/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session's AudioExtractor interface: the generated skeleton, refusing
 * bad values written to its settings (scd-call-guard.c). The session
 * owns it and all its state.
 */
#pragma once

#include "scd-dbus.h"

G_BEGIN_DECLS

#define SCD_TYPE_SESSION_EXTRACTOR (scd_session_extractor_get_type ())
G_DECLARE_FINAL_TYPE (ScdSessionExtractor,
                      scd_session_extractor,
                      SCD,
                      SESSION_EXTRACTOR,
                      ScdDbusAudioExtractorSkeleton)

G_END_DECLS
