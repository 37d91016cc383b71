/* Differential-test client: prints what libxlutil makes of a config file, in
 * the format of our_dump.cpp. Built by cfg_differential.sh against the
 * system's libxlutil; never part of the product.
 *
 *   xlu_dump FILE KEY...   ->  "ok" then per key "KEY = VALUE" and
 *                              "KEY long OK N" / "KEY long ERR"; or "error". */
#include <stdio.h>
#include <stdlib.h>
#include <libxlutil.h>

static void put_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 32 || c > 126) printf("\\x%02x", c);
    else putchar(c);
  }
  putchar('"');
}

static void put_value(const XLU_Config *cfg, XLU_ConfigValue *v) {
  if (xlu_cfg_value_type(v) == XLU_STRING) {
    char *s;
    xlu_cfg_value_get_string(cfg, v, &s, 1);
    put_string(s);
    return;
  }
  XLU_ConfigList *l;
  xlu_cfg_value_get_list(cfg, v, &l, 1);
  putchar('[');
  for (int i = 0;; i++) {
    XLU_ConfigValue *item = xlu_cfg_get_listitem2(l, i);
    if (!item) break;
    if (i) putchar(',');
    put_value(cfg, item);
  }
  putchar(']');
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 2;
  size_t cap = 1 << 16, n = 0, r;
  char *buf = malloc(cap);
  while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  FILE *devnull = fopen("/dev/null", "w");
  XLU_Config *cfg = xlu_cfg_init(devnull, argv[1]);
  if (xlu_cfg_readdata(cfg, buf, (int)n)) {
    puts("error");
    return 0;
  }
  puts("ok");
  for (int i = 2; i < argc; i++) {
    const char *key = argv[i];
    const char *s;
    XLU_ConfigList *list;
    long l;
    printf("%s = ", key);
    if (!xlu_cfg_get_string(cfg, key, &s, 1)) {
      put_string(s);
    } else if (!xlu_cfg_get_list(cfg, key, &list, NULL, 1)) {
      putchar('[');
      for (int j = 0;; j++) {
        XLU_ConfigValue *item = xlu_cfg_get_listitem2(list, j);
        if (!item) break;
        if (j) putchar(',');
        put_value(cfg, item);
      }
      putchar(']');
    } else {
      printf("(absent)");
    }
    putchar('\n');
    if (!xlu_cfg_get_long(cfg, key, &l, 1)) printf("%s long OK %ld\n", key, l);
    else printf("%s long ERR\n", key);
  }
  xlu_cfg_destroy(cfg);
  fclose(devnull);
  free(buf);
  return 0;
}
