/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scened uses libavfilter only on the GPU path (scd-gpu-shrink.c), and
 * linking it costs every service about 11 MB of resident memory before
 * any work: it pulls in some thirty libraries (speech synthesis voices,
 * Vulkan, LAPACK, ...), which the memory target for a software session
 * (under 100 MB) cannot afford. So the library is opened with GModule the
 * first time a graph is built, and only its major version, the one the
 * headers were built against, is taken. It stays open.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <libavfilter/version.h>

#include "scd-error.h"
#include "scd-libavfilter.h"

static ScdLibavfilter functions;
static char *load_error; /* why it did not load, once tried */

#define SYMBOL(field, name)                                                                        \
  {                                                                                                \
#name, (gpointer *) &functions.field                                                           \
  }

static void
load (void)
{
  g_autofree char *soname = g_strdup_printf ("libavfilter.so.%d", LIBAVFILTER_VERSION_MAJOR);
  const struct
  {
    const char *name;
    gpointer *address;
  } symbols[] = {
    SYMBOL (graph_alloc, avfilter_graph_alloc),
    SYMBOL (graph_free, avfilter_graph_free),
    SYMBOL (get_by_name, avfilter_get_by_name),
    SYMBOL (graph_create_filter, avfilter_graph_create_filter),
    SYMBOL (link, avfilter_link),
    SYMBOL (graph_config, avfilter_graph_config),
    SYMBOL (buffersrc_parameters_alloc, av_buffersrc_parameters_alloc),
    SYMBOL (buffersrc_parameters_set, av_buffersrc_parameters_set),
    SYMBOL (buffersrc_add_frame_flags, av_buffersrc_add_frame_flags),
    SYMBOL (buffersink_get_frame, av_buffersink_get_frame),
  };
  GModule *module = g_module_open (soname, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      load_error = g_strdup (g_module_error ());
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (!g_module_symbol (module, symbols[i].name, symbols[i].address))
      {
        load_error = g_strdup (g_module_error ());
        memset (&functions, 0, sizeof functions);
        g_module_close (module);
        return;
      }
  g_module_make_resident (module);
}

const ScdLibavfilter *
scd_libavfilter_get (GError **error)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      load ();
      g_once_init_leave (&loaded, 1);
    }
  if (load_error != NULL)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED, _("Could not load libavfilter: %s"),
                   load_error);
      return NULL;
    }
  return &functions;
}
