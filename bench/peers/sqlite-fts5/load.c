/* bench/peers/sqlite-fts5/load.c: bulk-loads the benchmark JSONL corpus into a new SQLite FTS5 table in one transaction, then runs FTS5's 'optimize' (compiled at run time by ./run). */
/* Usage: load DB CORPUS.jsonl   Prints the number of rows loaded on stdout. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *db;

static void die(const char *what) {
  fprintf(stderr, "load: %s: %s\n", what, db ? sqlite3_errmsg(db) : "cannot open");
  exit(1);
}

static void exec(const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "load: %s: %s\n", sql, err ? err : "?");
    exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "load: usage: load DB CORPUS.jsonl\n");
    return 2;
  }
  FILE *in = fopen(argv[2], "r");
  if (!in) {
    fprintf(stderr, "load: cannot read %s\n", argv[2]);
    return 1;
  }
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) die("open");
  /* A fresh file built in one go: no journal or fsync to protect anything, as a fast bulk load is done. */
  exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
  /* All columns are stored in the FTS5 table's content; only title and body are indexed. The small
     columns come first: a filter on source or date then reads them without walking the body's overflow
     pages (a row is one record, its columns in this order). */
  exec("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, source UNINDEXED, date UNINDEXED, title, body,"
       " tokenize = 'porter unicode61')");
  /* ORDER BY rank uses this: title weighted 3 against body 1 (ptindex's default title weight). */
  exec("INSERT INTO t(t, rank) VALUES('rank', 'bm25(0.0, 0.0, 0.0, 3.0, 1.0)')");
  exec("BEGIN");
  /* SQLite's JSON functions parse each line once (json1 caches the parse across the five calls). */
  sqlite3_stmt *ins;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO t(id, title, body, source, date) VALUES(json_extract(?1, '$.id'), "
                         "json_extract(?1, '$.title'), json_extract(?1, '$.body'), json_extract(?1, '$.source'), "
                         "json_extract(?1, '$.date'))",
                         -1, &ins, NULL) != SQLITE_OK)
    die("prepare insert");
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  long rows = 0;
  while ((len = getline(&line, &cap, in)) > 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) --len;
    if (len == 0) continue;
    sqlite3_bind_text(ins, 1, line, (int)len, SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE) die("insert");
    sqlite3_reset(ins);
    ++rows;
  }
  free(line);
  fclose(in);
  sqlite3_finalize(ins);
  exec("COMMIT");
  /* Merges all segments into one, as a read-mostly index would be left. */
  exec("INSERT INTO t(t) VALUES('optimize')");
  if (sqlite3_close(db) != SQLITE_OK) die("close");
  printf("%ld\n", rows);
  return 0;
}
