/* bench/peers/sqlite-fts5/query.c: warm latency and throughput of the query set on the FTS5 table that load.c builds (compiled at run time by ./run). */
/* Usage: query DB QUERIES.tsv REPEATS QPS_SECONDS
   Prints one JSON object on stdout: {"docs", "samples": {class: [us...]}, "qps": {"1", "2"}, "results": [...]}.
   One execution = the top 10 by rank (bm25) with id and title, the exact number of matches, and for
   "faceted" the matches per source (the facet query also gives the number of matches). */
#define _GNU_SOURCE
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  char *qid, *cls, *text, *source, *year;
  char *match; /* the FTS5 query string */
  int phrase, filtered, faceted;
} Query;

typedef struct {
  long long matches;
  int nhits;
  char *ids[10], *titles[10];
  int nfacets;
  char *facet_values[10];
  long long facet_counts[10];
} Result;

/* One connection with its statements; variant v = (source filter ? 1 : 0) | (year filter ? 2 : 0). */
typedef struct {
  sqlite3 *db;
  sqlite3_stmt *top[4], *count[4], *facet;
} Conn;

static Query *queries;
static int nqueries;

static void die(const char *a, const char *b) {
  fprintf(stderr, "query: %s%s%s\n", a, b ? ": " : "", b ? b : "");
  exit(1);
}

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static char *dup_n(const char *s, size_t n) {
  char *d = malloc(n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

/* The FTS5 query: every word as a quoted string (implicit AND), or one quoted phrase. Words are
   letters and digits only (PROTOCOL.md), so quoting cannot clash with FTS5's syntax or keywords. */
static char *match_string(const char *text, int phrase) {
  size_t n = strlen(text);
  char *out = malloc(3 * n + 4), *o = out;
  if (phrase) {
    o += sprintf(o, "\"%s\"", text);
    return out;
  }
  const char *p = text;
  while (*p) {
    const char *sp = strchr(p, ' ');
    size_t len = sp ? (size_t)(sp - p) : strlen(p);
    if (len) o += sprintf(o, "%s\"%.*s\"", o == out ? "" : " ", (int)len, p);
    p += len;
    while (*p == ' ') ++p;
  }
  *o = 0;
  return out;
}

static void read_queries(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) die("cannot read", path);
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int alloc = 0;
  while ((len = getline(&line, &cap, f)) > 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
    if (!len) continue;
    char *field[5];
    int nf = 0;
    char *p = line;
    for (;;) {
      char *tab = strchr(p, '\t');
      if (nf < 5) field[nf] = dup_n(p, tab ? (size_t)(tab - p) : strlen(p));
      ++nf;
      if (!tab) break;
      p = tab + 1;
    }
    if (nf != 5) die("bad query line (want 5 tab-separated columns)", line);
    if (nqueries == alloc) queries = realloc(queries, sizeof(Query) * (alloc = alloc ? 2 * alloc : 256));
    Query *q = &queries[nqueries++];
    q->qid = field[0], q->cls = field[1], q->text = field[2], q->source = field[3], q->year = field[4];
    q->phrase = !strcmp(q->cls, "phrase");
    q->filtered = !strcmp(q->cls, "filtered");
    q->faceted = !strcmp(q->cls, "faceted");
    q->match = match_string(q->text, q->phrase);
  }
  free(line);
  fclose(f);
  if (!nqueries) die("no queries", path);
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) die(sql, sqlite3_errmsg(db));
  return st;
}

static void open_conn(Conn *c, const char *path) {
  if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) die("cannot open", path);
  static const char *filters[4] = {"", " AND source = ?2", " AND substr(date, 1, 4) = ?3",
                                   " AND source = ?2 AND substr(date, 1, 4) = ?3"};
  char sql[512];
  for (int v = 0; v < 4; ++v) {
    /* ORDER BY rank: FTS5 sorts by the table's rank function (bm25 with the weights load.c set) itself
       and the content of only the rows returned is read. */
    snprintf(sql, sizeof sql, "SELECT id, title FROM t WHERE t MATCH ?1%s ORDER BY rank LIMIT 10", filters[v]);
    c->top[v] = prepare(c->db, sql);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM t WHERE t MATCH ?1%s", filters[v]);
    c->count[v] = prepare(c->db, sql);
  }
  /* Every source's count, largest first: the first 10 are the facet, their sum the number of matches. */
  c->facet = prepare(c->db, "SELECT source, count(*) FROM t WHERE t MATCH ?1 GROUP BY source ORDER BY 2 DESC, 1");
}

static void bind_query(sqlite3_stmt *st, const Query *q, int v) {
  sqlite3_bind_text(st, 1, q->match, -1, SQLITE_STATIC);
  if (v & 1) sqlite3_bind_text(st, 2, q->source, -1, SQLITE_STATIC);
  if (v & 2) sqlite3_bind_text(st, 3, q->year, -1, SQLITE_STATIC);
}

static void step_error(Conn *c, const Query *q) { die(q->qid, sqlite3_errmsg(c->db)); }

/* Runs one query; fills r if given (the untimed pass), else only does the work. */
static void run(Conn *c, const Query *q, Result *r) {
  int v = q->filtered ? ((q->source[0] ? 1 : 0) | (q->year[0] ? 2 : 0)) : 0;
  sqlite3_stmt *st = c->top[v];
  bind_query(st, q, v);
  int rc, n = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const unsigned char *id = sqlite3_column_text(st, 0), *title = sqlite3_column_text(st, 1);
    if (r && n < 10) {
      r->ids[n] = strdup(id ? (const char *)id : "");
      r->titles[n] = strdup(title ? (const char *)title : "");
    }
    ++n;
  }
  if (rc != SQLITE_DONE) step_error(c, q);
  sqlite3_reset(st);
  if (r) r->nhits = n;
  long long matches = 0;
  if (q->faceted) {
    st = c->facet;
    bind_query(st, q, 0);
    int nf = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      long long k = sqlite3_column_int64(st, 1);
      matches += k;
      if (r && nf < 10) {
        const unsigned char *val = sqlite3_column_text(st, 0);
        r->facet_values[nf] = strdup(val ? (const char *)val : "");
        r->facet_counts[nf] = k;
        ++nf;
      }
    }
    if (rc != SQLITE_DONE) step_error(c, q);
    sqlite3_reset(st);
    if (r) r->nfacets = nf;
  } else {
    st = c->count[v];
    bind_query(st, q, v);
    if ((rc = sqlite3_step(st)) != SQLITE_ROW) step_error(c, q);
    matches = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
  }
  if (r) r->matches = matches;
}

typedef struct {
  const char *path;
  int index, threads;
  double deadline;
  long done;
} Worker;

static void *worker(void *arg) {
  Worker *w = arg;
  Conn c;
  open_conn(&c, w->path);
  /* Threads start at different places in the query set so they do not run the same query in step. */
  int i = (int)((long)nqueries * w->index / w->threads);
  while (now_us() < w->deadline) {
    run(&c, &queries[i], NULL);
    ++w->done;
    if (++i == nqueries) i = 0;
  }
  sqlite3_close(c.db);
  return NULL;
}

/* Completed queries per second over `seconds` with `threads` threads, each with its own connection. */
static double throughput(const char *path, int threads, double seconds) {
  pthread_t tid[2];
  Worker w[2];
  double start = now_us();
  for (int t = 0; t < threads; ++t) {
    w[t] = (Worker){path, t, threads, start + seconds * 1e6, 0};
    pthread_create(&tid[t], NULL, worker, &w[t]);
  }
  long done = 0;
  for (int t = 0; t < threads; ++t) {
    pthread_join(tid[t], NULL);
    done += w[t].done;
  }
  return done / ((now_us() - start) / 1e6);
}

static void json_string(const char *s) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; ++p) {
    if (*p == '"' || *p == '\\')
      printf("\\%c", *p);
    else if (*p < 0x20)
      printf("\\u%04x", *p);
    else
      putchar(*p);
  }
  putchar('"');
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  if (argc != 5) die("usage: query DB QUERIES.tsv REPEATS QPS_SECONDS", NULL);
  const char *path = argv[1];
  read_queries(argv[2]);
  int repeats = atoi(argv[3]);
  double qps_seconds = atof(argv[4]);
  Conn c;
  open_conn(&c, path);
  sqlite3_stmt *st = prepare(c.db, "SELECT count(*) FROM t");
  if (sqlite3_step(st) != SQLITE_ROW) die("count", sqlite3_errmsg(c.db));
  long long docs = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);

  /* The untimed pass warms the caches; its results are the ones reported for checking. */
  Result *results = calloc(nqueries, sizeof(Result));
  for (int i = 0; i < nqueries; ++i) run(&c, &queries[i], &results[i]);
  double *samples = malloc(sizeof(double) * nqueries * (repeats > 0 ? repeats : 1));
  for (int r = 0; r < repeats; ++r)
    for (int i = 0; i < nqueries; ++i) {
      double t0 = now_us();
      run(&c, &queries[i], NULL);
      samples[r * nqueries + i] = now_us() - t0;
    }
  double qps1 = throughput(path, 1, qps_seconds), qps2 = throughput(path, 2, qps_seconds);

  printf("{\"docs\": %lld, \"samples\": {", docs);
  /* Samples grouped by class: the distinct classes, sorted. */
  char **classes = malloc(sizeof(char *) * nqueries);
  int ncls = 0;
  for (int i = 0; i < nqueries; ++i) {
    int seen = 0;
    for (int k = 0; k < ncls; ++k) seen |= !strcmp(classes[k], queries[i].cls);
    if (!seen) classes[ncls++] = queries[i].cls;
  }
  qsort(classes, ncls, sizeof(char *), cmp_str);
  for (int k = 0; k < ncls; ++k) {
    printf("%s", k ? ", " : "");
    json_string(classes[k]);
    printf(": [");
    int first = 1;
    for (int r = 0; r < repeats; ++r)
      for (int i = 0; i < nqueries; ++i)
        if (!strcmp(queries[i].cls, classes[k])) {
          printf("%s%.3f", first ? "" : ",", samples[r * nqueries + i]);
          first = 0;
        }
    printf("]");
  }
  printf("}, \"qps\": {\"1\": %.1f, \"2\": %.1f}, \"results\": [", qps1, qps2);
  for (int i = 0; i < nqueries; ++i) {
    Result *r = &results[i];
    printf("%s{\"qid\": ", i ? ",\n" : "\n");
    json_string(queries[i].qid);
    printf(", \"matches\": %lld, \"hits\": [", r->matches);
    for (int h = 0; h < r->nhits && h < 10; ++h) {
      printf("%s[", h ? ", " : "");
      json_string(r->ids[h]);
      printf(", ");
      json_string(r->titles[h]);
      printf("]");
    }
    printf("], \"facets\": [");
    for (int f = 0; f < r->nfacets; ++f) {
      printf("%s[", f ? ", " : "");
      json_string(r->facet_values[f]);
      printf(", %lld]", r->facet_counts[f]);
    }
    printf("]}");
  }
  printf("]}\n");
  sqlite3_close(c.db);
  return 0;
}
