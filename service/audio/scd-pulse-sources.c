/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Blocking, for a worker thread: a private pa_mainloop is iterated until
 * the source list is complete, with a deadline so that a server that
 * accepts and never answers cannot hang the call. A sink's monitor is
 * kind "monitor" (the desktop's sound), any other source "source" (a
 * microphone).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <pulse/pulseaudio.h>

#include "scd-error.h"
#include "scd-pulse-sources.h"

#define DEADLINE (5 * G_USEC_PER_SEC)

typedef struct
{
  GVariantBuilder builder;
  gboolean done;
  gboolean failed;
} Listing;

static void
source_info_cb (pa_context *context, const pa_source_info *info, int eol, void *user_data)
{
  Listing *listing = user_data;

  if (eol < 0)
    listing->failed = TRUE;
  if (eol != 0)
    {
      listing->done = TRUE;
      return;
    }
  g_variant_builder_add (&listing->builder, "(sss)", info->name,
                         info->description != NULL ? info->description : "",
                         info->monitor_of_sink != PA_INVALID_INDEX ? "monitor" : "source");
}

GVariant *
scd_pulse_list_sources (GError **error)
{
  pa_mainloop *mainloop = pa_mainloop_new ();
  pa_context *context = pa_context_new (pa_mainloop_get_api (mainloop), "scened");
  gint64 deadline = g_get_monotonic_time () + DEADLINE;
  pa_operation *operation = NULL;
  GVariant *result = NULL;
  Listing listing = { 0 };
  int pa_error = 0;

  g_variant_builder_init (&listing.builder, G_VARIANT_TYPE ("a(sss)"));

  if (pa_context_connect (context, NULL, PA_CONTEXT_NOAUTOSPAWN, NULL) < 0)
    goto out;
  while (g_get_monotonic_time () < deadline)
    {
      pa_context_state_t state = pa_context_get_state (context);

      if (state == PA_CONTEXT_READY && operation == NULL)
        operation = pa_context_get_source_info_list (context, source_info_cb, &listing);
      if (!PA_CONTEXT_IS_GOOD (state) || listing.done
          || (state == PA_CONTEXT_READY && operation == NULL))
        break;
      /* Wake at least every 100 ms to look at the deadline. */
      if (pa_mainloop_prepare (mainloop, 100 * 1000) < 0 || pa_mainloop_poll (mainloop) < 0
          || pa_mainloop_dispatch (mainloop) < 0)
        break;
    }

out:
  pa_error = pa_context_errno (context);
  if (listing.done && !listing.failed)
    result = g_variant_builder_end (&listing.builder);
  else
    {
      g_variant_builder_clear (&listing.builder);
      if (pa_error != 0)
        g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE, "%s: %s",
                     _("No PulseAudio server"), pa_strerror (pa_error));
      else
        g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                     _("The PulseAudio server did not answer"));
    }

  if (operation != NULL)
    {
      pa_operation_cancel (operation);
      pa_operation_unref (operation);
    }
  pa_context_disconnect (context);
  pa_context_unref (context);
  pa_mainloop_free (mainloop);
  return result;
}
