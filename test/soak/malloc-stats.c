/*
 * Test-only SQLite extension for the memory soak, never part of the kiosk: heap-probe.ts loads
 * it into an in-memory connection of its own inside the kiosk process to ask glibc's malloc
 * what it holds (native memory: SQLite's page cache, buffers — V8's heap is not malloc'd) and to
 * give free pages back to the system after a heap snapshot, whose ~100 MB of scratch memory
 * would otherwise stay resident and hide any later native growth. memory-kiosk.ts compiles it:
 *   gcc -shared -fPIC -O2 -I node_modules/better-sqlite3/deps/sqlite3 -o X.so malloc-stats.c
 * SQL: malloc_in_use() bytes allocated (arenas + mmapped chunks); malloc_free() bytes free in the
 * arenas; malloc_trim() releases free memory (1 when some was released).
 */
#include <malloc.h>
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1

static void in_use(sqlite3_context *context, int argc, sqlite3_value **argv) {
  struct mallinfo2 info = mallinfo2();
  (void)argc;
  (void)argv;
  sqlite3_result_int64(context, (sqlite3_int64)(info.uordblks + info.hblkhd));
}

static void free_bytes(sqlite3_context *context, int argc, sqlite3_value **argv) {
  struct mallinfo2 info = mallinfo2();
  (void)argc;
  (void)argv;
  sqlite3_result_int64(context, (sqlite3_int64)info.fordblks);
}

static void trim(sqlite3_context *context, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  sqlite3_result_int(context, malloc_trim(0));
}

int sqlite3_mallocstats_init(sqlite3 *db, char **error, const sqlite3_api_routines *api) {
  (void)error;
  SQLITE_EXTENSION_INIT2(api);
  int flags = SQLITE_UTF8;
  int code = sqlite3_create_function(db, "malloc_in_use", 0, flags, 0, in_use, 0, 0);
  if (code == SQLITE_OK) code = sqlite3_create_function(db, "malloc_free", 0, flags, 0, free_bytes, 0, 0);
  if (code == SQLITE_OK) code = sqlite3_create_function(db, "malloc_trim", 0, flags, 0, trim, 0, 0);
  return code;
}
