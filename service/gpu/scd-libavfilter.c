/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scened uses libavfilter only on the GPU path (scd-gpu-shrink.c), and
 * linking it costs every service about 11 MB of resident memory before
 * any work: it pulls in some thirty libraries (speech synthesis voices,
 * Vulkan, LAPACK, ...), which the memory target for a software session
 * (under 100 MB) cannot afford. So the library is opened with GModule the
 * first time a graph is built, and only its major version, the one the
 * headers were built against, is taken. It stays open.
 *
 * A library opened so is invisible to packaging tools, which read the
 * DT_NEEDED entries: the binary therefore carries an ELF note naming it,
 * in the format systemd defined for this (https://systemd.io/ELF_DLOPEN_METADATA/):
 * a ".note.dlopen" section holding a note of owner "FDO", type 0x407c0c0a,
 * whose descriptor is a JSON array of what may be opened and why.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <libavfilter/version.h>

#include "scd-error.h"
#include "scd-libavfilter.h"

#define SCD_LIBAVFILTER_SONAME "libavfilter.so." G_STRINGIFY (LIBAVFILTER_VERSION_MAJOR)

#define DLOPEN_NOTE_JSON                                                                           \
  "[{\"feature\":\"nvdec\",\"description\":\"Scaling of NVDEC-decoded frames on the GPU\","        \
  "\"priority\":\"recommended\",\"soname\":[\"" SCD_LIBAVFILTER_SONAME "\"]}]"
/* The note's name and descriptor are each padded to 4 bytes. */
#define DLOPEN_NOTE_DESC_SIZE ((sizeof DLOPEN_NOTE_JSON + 3) & ~(gsize) 3)

__attribute__ ((used, section (".note.dlopen"), aligned (4))) static const struct
{
  guint32 name_size;
  guint32 desc_size;
  guint32 type;
  char name[4];
  char desc[DLOPEN_NOTE_DESC_SIZE];
} dlopen_note = {
  .name_size = 4, /* "FDO" and its NUL */
  .desc_size = DLOPEN_NOTE_DESC_SIZE,
  .type = 0x407c0c0a,
  .name = "FDO",
  .desc = DLOPEN_NOTE_JSON,
};

static ScdLibavfilter functions;
static char *load_error; /* why it did not load, once tried */

#define SYMBOL(field, name)                                                                        \
  {                                                                                                \
#name, (gpointer *) &functions.field                                                           \
  }

static void
load (void)
{
  const char *soname = SCD_LIBAVFILTER_SONAME;
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
