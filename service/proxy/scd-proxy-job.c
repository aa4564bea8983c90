/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A proxy newer than its input is kept as it is; the others are made by
 * scd-proxy.c. Progress goes to the main context a few times a second,
 * as a fraction of the whole job (each input counts the same).
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "scd-error.h"
#include "scd-safe-path.h"
#include "scd-proxy-job.h"
#include "scd-proxy.h"
#include "scd-session-layout.h"

typedef struct
{
  GPtrArray *inputs;
  char *proxies_dir;
  guint height;
  ScdProxyJobProgressFunc progress;
  GMainContext *context;
  GObject *source;
  guint current;
} Job;

typedef struct
{
  GObject *source;
  ScdProxyJobProgressFunc progress;
  double fraction;
} Progress;

static void
job_free (Job *job)
{
  g_ptr_array_unref (job->inputs);
  g_free (job->proxies_dir);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
dispatch_progress (gpointer data)
{
  Progress *p = data;

  p->progress (p->source, p->fraction);
  return G_SOURCE_REMOVE;
}

static void
free_progress (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->source);
  g_free (p);
}

/* The making thread: one input's fraction. */
static void
on_progress (double fraction, gpointer user_data)
{
  Job *job = user_data;
  Progress *p = g_new0 (Progress, 1);

  p->source = g_object_ref (job->source);
  p->progress = job->progress;
  p->fraction = (job->current + fraction) / job->inputs->len;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, dispatch_progress, p,
                              free_progress);
}

static char *
proxy_path (const Job *job, const char *input)
{
  return scd_session_layout_proxy (job->proxies_dir, input, job->height);
}

static void
job_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (GStrvBuilder) paths = g_strv_builder_new ();
  GError *error = NULL;

  if (!scd_safe_path_ensure_dir (job->proxies_dir, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  for (job->current = 0; job->current < job->inputs->len; job->current++)
    {
      const char *input = g_ptr_array_index (job->inputs, job->current);
      g_autofree char *output = proxy_path (job, input);

      if (scd_proxy_is_up_to_date (input, output))
        g_debug ("Proxy %s is up to date", output);
      else
        {
          gint64 started = g_get_monotonic_time ();

          g_debug ("Making proxy %s (%u lines) of %s", output, job->height, input);
          if (!scd_proxy_make (input, output, job->height, cancellable, on_progress, job, &error))
            {
              g_debug ("Proxy %s not made: %s", output, error->message);
              g_task_return_error (task, error);
              return;
            }
          g_debug ("Proxy %s made in %.1f s", output,
                   (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC);
        }
      g_strv_builder_add (paths, output);
    }
  g_task_return_pointer (task, g_strv_builder_end (paths), (GDestroyNotify) g_strfreev);
}

void
scd_proxy_job_run_async (GObject *source,
                         GPtrArray *inputs,
                         const char *proxies_dir,
                         guint height,
                         GCancellable *cancellable,
                         ScdProxyJobProgressFunc progress,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (source, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->inputs = g_ptr_array_ref (inputs);
  job->proxies_dir = g_strdup (proxies_dir);
  job->height = height;
  job->progress = progress;
  job->context = g_main_context_ref_thread_default ();
  job->source = source; /* the task holds a reference */
  g_task_set_source_tag (task, scd_proxy_job_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

char **
scd_proxy_job_run_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
