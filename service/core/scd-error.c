/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The org.scened.Scened1.Error domain.
 */
#include "scd-error.h"

static const GDBusErrorEntry scd_error_entries[] = {
  { SCD_ERROR_FAILED, "org.scened.Scened1.Error.Failed" },
  { SCD_ERROR_INVALID_ARGUMENT, "org.scened.Scened1.Error.InvalidArgument" },
  { SCD_ERROR_NOT_FOUND, "org.scened.Scened1.Error.NotFound" },
  { SCD_ERROR_INVALID_STATE, "org.scened.Scened1.Error.InvalidState" },
  { SCD_ERROR_SOURCE_UNAVAILABLE, "org.scened.Scened1.Error.SourceUnavailable" },
  { SCD_ERROR_UNSUPPORTED, "org.scened.Scened1.Error.Unsupported" },
  { SCD_ERROR_ACCESS_DENIED, "org.scened.Scened1.Error.AccessDenied" },
};

GQuark
scd_error_quark (void)
{
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("scd-error-quark", &quark, scd_error_entries,
                                      G_N_ELEMENTS (scd_error_entries));
  return (GQuark) quark;
}
