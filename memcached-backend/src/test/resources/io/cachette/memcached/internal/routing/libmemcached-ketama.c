/*
 * Regenerates libmemcached-ketama.txt's owner column: prints, for each key on stdin (one per line), the
 * host:port that libmemcached's weighted ketama picks. Needs only the runtime library (no headers):
 *   gcc -o ring libmemcached-ketama.c /usr/lib/x86_64-linux-gnu/libmemcached.so.11
 *   ./ring 10.0.0.1:11211/1 10.0.0.2:11211/2 < keys.txt
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
typedef struct memcached_st memcached_st;
memcached_st *memcached_create(memcached_st *ptr);
int memcached_behavior_set(memcached_st *ptr, int flag, uint64_t data);
int memcached_server_add_with_weight(memcached_st *ptr, const char *hostname, unsigned short port, uint32_t weight);
const void *memcached_server_by_key(memcached_st *ptr, const char *key, size_t key_length, int *error);
const char *memcached_server_name(const void *);
unsigned short memcached_server_port(const void *);
#define KETAMA_WEIGHTED 16 /* MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED in libmemcached-1.0/types/behavior.h */
/* usage: ring host:port:weight ... < keys ; prints host:port per key */
int main(int argc, char **argv) {
  memcached_st *m = memcached_create(NULL);
  if (memcached_behavior_set(m, KETAMA_WEIGHTED, 1) != 0) { fprintf(stderr, "behavior\n"); return 2; }
  for (int i = 1; i < argc; i++) {
    char *spec = strdup(argv[i]);
    char *w = strrchr(spec, '/'); *w++ = 0;
    char *p = strrchr(spec, ':'); *p++ = 0;
    if (memcached_server_add_with_weight(m, spec, (unsigned short) atoi(p), (uint32_t) atoi(w)) != 0) { fprintf(stderr, "add %s\n", argv[i]); return 2; }
  }
  static char line[4096];
  while (fgets(line, sizeof line, stdin)) {
    size_t n = strlen(line); if (n && line[n-1] == '\n') line[--n] = 0;
    int rc = 0;
    const void *s = memcached_server_by_key(m, line, n, &rc);
    if (!s || rc != 0) { printf("ERROR %d\n", rc); continue; }
    printf("%s:%u\n", memcached_server_name(s), memcached_server_port(s));
  }
  return 0;
}
