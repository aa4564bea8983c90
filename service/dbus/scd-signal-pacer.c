/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A file analysed faster than real time, or a short MaxFrameInterval, can
 * write hundreds of frames a second; one D-Bus signal each would flood
 * every client that monitors the session. The pacer sends an entry at once
 * when the last signal went out at least an interval ago (so a lone live
 * cut is not delayed), and otherwise keeps it and sends everything kept in
 * one signal when the interval is up. flush() sends what is kept at once:
 * the session calls it before each change of State, so a client that sees
 * "stopped" has already had every frame.
 *
 * It runs on the thread whose main context made it (the main loop).
 */
#include "config.h"

#include "scd-signal-pacer.h"

struct _ScdSignalPacer
{
  guint interval_ms;
  ScdSignalPacerFunc func;
  gpointer user_data;
  GPtrArray *kept;  /* GVariant a{sv}, in order */
  gint64 last_sent; /* g_get_monotonic_time(), or 0 */
  guint timeout_id;
};

ScdSignalPacer *
scd_signal_pacer_new (guint interval_ms, ScdSignalPacerFunc func, gpointer user_data)
{
  ScdSignalPacer *pacer = g_new0 (ScdSignalPacer, 1);

  pacer->interval_ms = interval_ms;
  pacer->func = func;
  pacer->user_data = user_data;
  pacer->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  return pacer;
}

/* What is still kept is dropped: flush() first to send it. */
void
scd_signal_pacer_free (ScdSignalPacer *pacer)
{
  if (pacer == NULL)
    return;
  g_clear_handle_id (&pacer->timeout_id, g_source_remove);
  g_ptr_array_unref (pacer->kept);
  g_free (pacer);
}

void
scd_signal_pacer_flush (ScdSignalPacer *pacer)
{
  GVariant *entries;

  g_clear_handle_id (&pacer->timeout_id, g_source_remove);
  if (pacer->kept->len == 0)
    return;
  entries = g_variant_new_array (G_VARIANT_TYPE_VARDICT, (GVariant **) pacer->kept->pdata,
                                 pacer->kept->len);
  g_ptr_array_set_size (pacer->kept, 0);
  pacer->last_sent = g_get_monotonic_time ();
  pacer->func (entries, pacer->user_data);
}

static gboolean
on_interval_up (gpointer user_data)
{
  ScdSignalPacer *pacer = user_data;

  pacer->timeout_id = 0;
  scd_signal_pacer_flush (pacer);
  return G_SOURCE_REMOVE;
}

void
scd_signal_pacer_push (ScdSignalPacer *pacer, GVariant *entry)
{
  gint64 since = g_get_monotonic_time () - pacer->last_sent;

  g_ptr_array_add (pacer->kept, g_variant_ref_sink (entry));
  if (pacer->timeout_id != 0)
    return;
  if (pacer->last_sent == 0 || since >= (gint64) pacer->interval_ms * G_TIME_SPAN_MILLISECOND)
    scd_signal_pacer_flush (pacer);
  else
    pacer->timeout_id = g_timeout_add (
        (guint) (pacer->interval_ms - since / G_TIME_SPAN_MILLISECOND), on_interval_up, pacer);
}
