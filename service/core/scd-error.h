/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one error domain of scened. Registered with GDBus so that clients
 * see org.scened.Scened1.Error.NAME rather than an unmapped GError.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SCD_ERROR_FAILED,
  SCD_ERROR_INVALID_ARGUMENT,
  SCD_ERROR_NOT_FOUND,
  SCD_ERROR_INVALID_STATE,
  SCD_ERROR_SOURCE_UNAVAILABLE,
  SCD_ERROR_UNSUPPORTED,
  SCD_ERROR_ACCESS_DENIED, /* a session another client controls */
} ScdError;

#define SCD_ERROR (scd_error_quark ())

GQuark scd_error_quark (void);

G_END_DECLS
