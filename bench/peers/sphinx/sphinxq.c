/* SphinxQL client for the Sphinx peer: runs prepared query batches warm (timed per query) or in a throughput loop over N connections. */
#include <mysql.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One line of the batch file: qid TAB class TAB SphinxQL batch (statements separated by ';'). */
typedef struct {
  char *qid, *cls, *sql;
} Batch;

static Batch *batches;
static int n_batches;
static int port;

static void die(const char *what, const char *detail) {
  fprintf(stderr, "sphinxq: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(1);
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void read_batches(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) die("cannot open", path);
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int room = 0;
  while ((len = getline(&line, &cap, f)) > 0) {
    if (line[len - 1] == '\n') line[--len] = 0;
    if (!len) continue;
    char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (!t2) die("batch line without 3 columns", line);
    *t1 = *t2 = 0;
    if (n_batches == room) {
      room = room ? 2 * room : 256;
      batches = realloc(batches, room * sizeof *batches);
      if (!batches) die("out of memory", NULL);
    }
    batches[n_batches++] = (Batch){strdup(line), strdup(t1 + 1), strdup(t2 + 1)};
  }
  free(line);
  fclose(f);
  if (!n_batches) die("no queries in", path);
}

static MYSQL *connect_sphinx(void) {
  MYSQL *db = mysql_init(NULL);
  if (!db) die("mysql_init failed", NULL);
  if (!mysql_real_connect(db, "127.0.0.1", NULL, NULL, NULL, port, NULL, CLIENT_MULTI_STATEMENTS))
    die("cannot connect to searchd", mysql_error(db));
  return db;
}

static void json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else if (c < 0x20) fprintf(out, "\\u%04x", c);
    else fputc(c, out);
  }
  fputc('"', out);
}

/* Runs one batch and reads every result set; with `out`, writes the results as one JSON line:
   result set 1 = top hits (id, aid, title), then FACET rows (source, count) if any, then SHOW META (total_found). */
static void run(MYSQL *db, const Batch *b, FILE *out) {
  if (mysql_real_query(db, b->sql, strlen(b->sql))) die("query failed", mysql_error(db));
  if (out) {
    fprintf(out, "{\"qid\": ");
    json_string(out, b->qid);
  }
  int set = 0, facets = 0;
  do {
    MYSQL_RES *res = mysql_store_result(db);
    if (!res) {
      if (mysql_field_count(db)) die("reading results failed", mysql_error(db));
      continue;
    }
    if (out) {
      MYSQL_ROW row;
      int is_meta = mysql_num_fields(res) == 2 && !strcmp(mysql_fetch_field_direct(res, 0)->name, "Variable_name");
      if (set == 0) fprintf(out, ", \"top\": [");
      else if (!is_meta && !facets++) fprintf(out, ", \"facets\": [");
      int n = 0;
      while ((row = mysql_fetch_row(res))) {
        if (is_meta) {
          if (!strcmp(row[0], "total_found")) fprintf(out, ", \"hits\": %s, \"exact\": true", row[1]);
          continue;
        }
        if (n++) fprintf(out, ", ");
        fputc('[', out);
        if (set == 0) {
          json_string(out, row[1]);
          fprintf(out, ", ");
          json_string(out, row[2]);
        } else {
          json_string(out, row[0]);
          fprintf(out, ", %s", row[1]);
        }
        fputc(']', out);
      }
      if (set == 0 || !is_meta) fputc(']', out);
    }
    mysql_free_result(res);
    set++;
  } while (mysql_next_result(db) == 0);
  if (mysql_errno(db)) die("query failed", mysql_error(db));
  if (out) fprintf(out, "}\n");
}

/* warm PORT BATCHES REPEATS WARMUP_S RESULTS_OUT: untimed passes (at least one, at least WARMUP_S seconds), the results
   of one pass, then REPEATS timed passes; prints {"warmup_passes": n, "samples_us": {class: [...]}}. */
static int warm(char **argv) {
  int repeats = atoi(argv[4]);
  double warmup_s = atof(argv[5]);
  MYSQL *db = connect_sphinx();
  int passes = 0;
  double t0 = now_s();
  do {
    for (int i = 0; i < n_batches; i++) run(db, &batches[i], NULL);
    passes++;
  } while (now_s() - t0 < warmup_s);

  FILE *results = fopen(argv[6], "w");
  if (!results) die("cannot write", argv[6]);
  for (int i = 0; i < n_batches; i++) run(db, &batches[i], results);
  fclose(results);

  /* Pass after pass, like the other harnesses. */
  long *us = malloc(sizeof(long) * n_batches * repeats);
  for (int r = 0; r < repeats; r++)
    for (int i = 0; i < n_batches; i++) {
      double t = now_s();
      run(db, &batches[i], NULL);
      us[r * n_batches + i] = (long)((now_s() - t) * 1e6);
    }
  mysql_close(db);

  printf("{\"warmup_passes\": %d, \"samples_us\": {", passes);
  int first_cls = 1;
  for (int i = 0; i < n_batches; i++) {
    int seen = 0; /* each class once, in order of first appearance */
    for (int j = 0; j < i && !seen; j++) seen = !strcmp(batches[j].cls, batches[i].cls);
    if (seen) continue;
    printf("%s", first_cls ? "" : ", ");
    first_cls = 0;
    json_string(stdout, batches[i].cls);
    printf(": [");
    int n = 0;
    for (int r = 0; r < repeats; r++)
      for (int j = 0; j < n_batches; j++)
        if (!strcmp(batches[j].cls, batches[i].cls)) printf("%s%ld", n++ ? ", " : "", us[r * n_batches + j]);
    printf("]");
  }
  printf("}}\n");
  free(us);
  return 0;
}

typedef struct {
  int offset;
  double seconds;
  long done;
  pthread_barrier_t *start;
} Loop;

static void *loop(void *arg) {
  Loop *l = arg;
  MYSQL *db = connect_sphinx();
  /* The clock starts once every connection is open, so connecting is not counted. */
  pthread_barrier_wait(l->start);
  double deadline = now_s() + l->seconds;
  for (int i = l->offset; now_s() < deadline; i++, l->done++) run(db, &batches[i % n_batches], NULL);
  mysql_close(db);
  return NULL;
}

/* qps PORT BATCHES SECONDS CONNECTIONS: each connection (its own thread) loops over the batches; prints queries per second. */
static int qps(char **argv) {
  double seconds = atof(argv[4]);
  int conns = atoi(argv[5]);
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, conns + 1);
  Loop *loops = calloc(conns, sizeof *loops);
  pthread_t *threads = calloc(conns, sizeof *threads);
  for (int c = 0; c < conns; c++) {
    loops[c] = (Loop){c * n_batches / conns, seconds, 0, &start};
    if (pthread_create(&threads[c], NULL, loop, &loops[c])) die("pthread_create failed", NULL);
  }
  pthread_barrier_wait(&start);
  double t0 = now_s();
  long done = 0;
  for (int c = 0; c < conns; c++) {
    pthread_join(threads[c], NULL);
    done += loops[c].done;
  }
  printf("%.1f\n", done / (now_s() - t0));
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) die("usage: sphinxq warm|qps PORT BATCHES ...", NULL);
  port = atoi(argv[2]);
  read_batches(argv[3]);
  if (mysql_library_init(0, NULL, NULL)) die("mysql_library_init failed", NULL);
  if (!strcmp(argv[1], "warm") && argc == 7) return warm(argv);
  if (!strcmp(argv[1], "qps") && argc == 6) return qps(argv);
  die("usage: sphinxq warm PORT BATCHES REPEATS WARMUP_S RESULTS_OUT | qps PORT BATCHES SECONDS CONNECTIONS", NULL);
}
