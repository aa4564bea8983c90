/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where a listener listens: loopback when no host is given, every
 * interface only with listen-public, and UDP bound to its host.
 */
#include "scd-error.h"
#include "scd-listen-address.h"

static void
test_rewrites (void)
{
  const struct
  {
    const char *source;
    const char *expected; /* NULL: refused without listen-public */
  } cases[] = {
    { "tcp://:9000?listen", "tcp://127.0.0.1:9000?listen" },
    { "tcp://user@:9000?listen=1", "tcp://user@127.0.0.1:9000?listen=1" },
    { "tcp://127.0.0.1:9000?listen", "tcp://127.0.0.1:9000?listen" },
    { "tcp://192.168.1.5:9000?listen", "tcp://192.168.1.5:9000?listen" },
    { "tcp://0.0.0.0:9000?listen", NULL },
    { "tcp://[::]:9000?listen", NULL },
    { "tcp://example.com:9000", "tcp://example.com:9000" },
    { "tcp://0.0.0.0:9000?listen=0", "tcp://0.0.0.0:9000?listen=0" },
    { "udp://127.0.0.1:1234", "udp://127.0.0.1:1234?localaddr=127.0.0.1" },
    { "udp://:1234?fifo_size=100", "udp://127.0.0.1:1234?fifo_size=100&localaddr=127.0.0.1" },
    { "udp://[::1]:1234", "udp://[::1]:1234?localaddr=::1" },
    { "udp://@239.1.1.1:1234", "udp://@239.1.1.1:1234" },
    { "udp://0.0.0.0:1234", NULL },
    { "udp://0.0.0.0:1234?localaddr=127.0.0.1", "udp://0.0.0.0:1234?localaddr=127.0.0.1" },
    { "unix:/run/user/1000/s.sock", "unix:/run/user/1000/s.sock" },
    { "/home/user/talk.mp4", "/home/user/talk.mp4" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *source = g_strdup (cases[i].source);
      g_autofree char *public_source = g_strdup (cases[i].source);
      g_autoptr (GError) error = NULL;
      gboolean ok = scd_listen_address_check (&source, FALSE, &error);

      g_test_message ("%s -> %s", cases[i].source, ok ? source : error->message);
      if (cases[i].expected == NULL)
        {
          g_assert_false (ok);
          g_assert_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT);
          /* Allowed, and left as given. */
          g_assert_true (scd_listen_address_check (&public_source, TRUE, NULL));
          g_assert_cmpstr (public_source, ==, cases[i].source);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (source, ==, cases[i].expected);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/listen-address/rewrites", test_rewrites);
  return g_test_run ();
}
