/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Debian's FFmpeg loads the CUDA driver at run time: creating the device
 * is what tells whether there is one, and it can take a while (driver
 * start-up), hence the thread. Each decoder makes its own device later;
 * this only says what Manager.HardwareDecoders lists and whether
 * hwaccel "cuda" can be granted.
 */
#include "config.h"

#include <libavutil/hwcontext.h>

#include "scd-hwaccel.h"

static const enum AVHWDeviceType probed[] = { AV_HWDEVICE_TYPE_CUDA };

static void
probe_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (probed); i++)
    {
      AVBufferRef *device = NULL;
      int ret = av_hwdevice_ctx_create (&device, probed[i], NULL, NULL, 0);

      if (ret >= 0)
        g_strv_builder_add (names, av_hwdevice_get_type_name (probed[i]));
      else
        g_debug ("No %s device: %s", av_hwdevice_get_type_name (probed[i]), av_err2str (ret));
      av_buffer_unref (&device);
    }
  g_task_return_pointer (task, g_strv_builder_end (names), (GDestroyNotify) g_strfreev);
}

void
scd_hwaccel_probe_async (GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, scd_hwaccel_probe_async);
  g_task_run_in_thread (task, probe_thread);
}

GStrv
scd_hwaccel_probe_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
