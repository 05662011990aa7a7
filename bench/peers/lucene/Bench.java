// Lucene peer for the benchmark: builds an index from the protocol's JSONL corpus, runs the query set warm / as a throughput loop, or one query cold.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressingStoredFieldsFormat;
import org.apache.lucene.codecs.lucene87.LZ4WithPresetDictCompressionMode;
import org.apache.lucene.codecs.lucene87.Lucene87Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;
import org.tartarus.snowball.ext.EnglishStemmer;

public final class Bench {
  // ptsearch counts each title word this many times in the one body stream (ptindex --title-weight default);
  // Lucene has no index-time boosts, so the title is added this many times to the searched field instead.
  static final int TITLE_COPIES = 3;
  static final String TEXT = "text";
  static final Set<String> READ_BACK = Set.of("id", "title");

  /** Like ptsearch: Unicode word tokens, lower-cased, accents folded, Snowball English (Porter2, Xapian's "english") stems, no stop words. */
  static final class StemAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String field) {
      Tokenizer source = new StandardTokenizer();
      TokenStream s = new LowerCaseFilter(source);
      s = new ASCIIFoldingFilter(s);
      s = new SnowballFilter(s, new EnglishStemmer());
      return new TokenStreamComponents(source, s);
    }

    // The title copies and the body are values of one field: the gap keeps phrases from spanning them, as ptsearch's gap does.
    @Override
    public int getPositionIncrementGap(String field) {
      return 100;
    }
  }

  /**
   * Lucene 8.8's default codec, except stored fields in Lucene 8.10+/9's BEST_SPEED blocks (10 sub-blocks of 8 kB, LZ4
   * with a preset dictionary) instead of 8.7-8.9's 10 x 60 kB (LUCENE-9917): with those, reading one document's id and
   * title decompresses ~120 kB and costs ~170 us, a regression Lucene itself reverted. Found by name through
   * META-INF/services/org.apache.lucene.codecs.Codec, which the harness writes next to the classes.
   */
  public static final class BenchCodec extends FilterCodec {
    private final StoredFieldsFormat stored =
        new CompressingStoredFieldsFormat("BenchStoredFields", new LZ4WithPresetDictCompressionMode(), 10 * 8 * 1024, 1024, 10);

    public BenchCodec() {
      super("BenchCodec", new Lucene87Codec());
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
      return stored;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) die("usage: Bench index|search|query ...");
    switch (args[0]) {
      case "index" -> index(args);
      case "search" -> search(args);
      case "query" -> query(args);
      case "version" -> System.out.println(Version.LATEST);
      default -> die("unknown mode " + args[0]);
    }
  }

  static void die(String message) {
    System.err.println("Bench: " + message);
    System.exit(1);
  }

  // ---------------------------------------------------------------- indexing

  /** index CORPUS INDEX_DIR THREADS RAM_MB: prints one JSON object with the phase timings and sizes. */
  static void index(String[] args) throws Exception {
    Path corpus = Paths.get(args[1]);
    Path dir = Paths.get(args[2]);
    int threads = Integer.parseInt(args[3]);
    double ramMb = Double.parseDouble(args[4]);
    long t0 = System.nanoTime();

    IndexWriterConfig iwc = new IndexWriterConfig(new StemAnalyzer());
    iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    iwc.setRAMBufferSizeMB(ramMb);
    iwc.setSimilarity(new BM25Similarity());
    iwc.setCodec(new BenchCodec());
    FacetsConfig facets = new FacetsConfig();
    final List<String> END = new ArrayList<>();
    BlockingQueue<List<String>> queue = new ArrayBlockingQueue<>(64);
    AtomicLong docs = new AtomicLong();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());

    try (Directory d = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(d, iwc)) {
      // One reader thread hands batches of lines to `threads` workers that parse and add them (IndexWriter is thread-safe).
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Thread t = new Thread(() -> {
          try {
            for (List<String> batch = queue.take(); batch != END; batch = queue.take()) {
              for (String line : batch) {
                writer.addDocument(facets.build(document(parseFlatJson(line))));
              }
              docs.addAndGet(batch.size());
            }
          } catch (Throwable e) {
            errors.add(e);
            queue.clear();
          }
        });
        t.start();
        workers.add(t);
      }
      try (BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
        List<String> batch = new ArrayList<>(256);
        for (String line; (line = in.readLine()) != null && errors.isEmpty(); ) {
          if (line.isBlank()) continue;
          batch.add(line);
          if (batch.size() == 256) {
            queue.put(batch);
            batch = new ArrayList<>(256);
          }
        }
        if (!batch.isEmpty()) queue.put(batch);
      }
      for (int i = 0; i < threads; i++) queue.put(END);
      for (Thread t : workers) t.join();
      if (!errors.isEmpty()) throw new RuntimeException(errors.get(0));

      writer.commit();
      long tCommit = System.nanoTime();
      SegmentInfos committed = SegmentInfos.readLatestCommit(d);
      int segmentsBefore = committed.size();
      long bytesBefore = commitBytes(d, committed);

      // One segment, as a compacted Xapian database: the searcher then reads one term dictionary per field.
      writer.forceMerge(1);
      writer.commit();
      long tMerge = System.nanoTime();
      long bytesAfter = commitBytes(d, SegmentInfos.readLatestCommit(d));
      System.out.printf("{\"docs\": %d, \"commit_s\": %.3f, \"commit_bytes\": %d, \"segments_before_merge\": %d, "
                      + "\"merge_s\": %.3f, \"bytes\": %d, \"threads\": %d, \"ram_mb\": %.0f, \"version\": \"%s\"}%n",
                        docs.get(), (tCommit - t0) / 1e9, bytesBefore, segmentsBefore, (tMerge - tCommit) / 1e9,
                        bytesAfter, threads, ramMb, Version.LATEST);
    }
  }

  static long commitBytes(Directory d, SegmentInfos infos) throws IOException {
    long total = 0;
    for (String f : infos.files(true)) total += d.fileLength(f);
    return total;
  }

  static Document document(Map<String, String> a) {
    String id = need(a, "id"), title = need(a, "title"), body = need(a, "body"), source = need(a, "source"), date = need(a, "date");
    if (date.length() < 4) throw new IllegalArgumentException("bad date " + date + " in " + id);
    Document doc = new Document();
    doc.add(new StringField("id", id, Field.Store.YES));
    doc.add(new StoredField("title", title));
    doc.add(new StoredField("body", body));
    // The searched field: title (TITLE_COPIES times) then body, with positions (TextField's default), not stored again.
    for (int i = 0; i < TITLE_COPIES; i++) doc.add(new TextField(TEXT, title, Field.Store.NO));
    doc.add(new TextField(TEXT, body, Field.Store.NO));
    doc.add(new StringField("source", source, Field.Store.NO));
    doc.add(new SortedSetDocValuesFacetField("source", source));
    doc.add(new StringField("year", date.substring(0, 4), Field.Store.NO));
    return doc;
  }

  static String need(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) throw new IllegalArgumentException("article without \"" + key + "\": " + a.get("id"));
    return v;
  }

  /** A one-level JSON object of strings (the corpus' lines); other value types are kept as their text. */
  static Map<String, String> parseFlatJson(String s) {
    Map<String, String> out = new HashMap<>();
    int[] i = {skip(s, 0)};
    expect(s, i, '{');
    if (s.charAt(skip(s, i[0])) == '}') return out;
    while (true) {
      i[0] = skip(s, i[0]);
      String key = string(s, i);
      i[0] = skip(s, i[0]);
      expect(s, i, ':');
      i[0] = skip(s, i[0]);
      String value;
      if (s.charAt(i[0]) == '"') {
        value = string(s, i);
      } else {
        int start = i[0];
        while (i[0] < s.length() && ",} \t".indexOf(s.charAt(i[0])) < 0) i[0]++;
        value = s.substring(start, i[0]);
      }
      out.put(key, value);
      i[0] = skip(s, i[0]);
      if (s.charAt(i[0]) == ',') {
        i[0]++;
        continue;
      }
      expect(s, i, '}');
      return out;
    }
  }

  static int skip(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  static void expect(String s, int[] i, char c) {
    if (i[0] >= s.length() || s.charAt(i[0]) != c) throw new IllegalArgumentException("bad JSON line near offset " + i[0]);
    i[0]++;
  }

  static String string(String s, int[] i) {
    expect(s, i, '"');
    StringBuilder b = new StringBuilder();
    for (int p = i[0]; ; p++) {
      char c = s.charAt(p);
      if (c == '"') {
        i[0] = p + 1;
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = s.charAt(++p);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          // UTF-16 code units: a surrogate pair arrives as two escapes and is kept as two chars, which Java strings are.
          b.append((char) Integer.parseInt(s.substring(p + 1, p + 5), 16));
          p += 4;
        }
        default -> b.append(e);
      }
    }
  }

  // ---------------------------------------------------------------- searching

  record Q(String qid, String cls, String text, String source, String year) {}

  record Result(long hits, boolean exact, List<String[]> top, List<LabelAndValue> facets) {}

  static final class Engine {
    final DirectoryReader reader;
    final IndexSearcher searcher;
    final SortedSetDocValuesReaderState facetState;
    final Analyzer analyzer = new StemAnalyzer();

    Engine(Path dir) throws IOException {
      reader = DirectoryReader.open(FSDirectory.open(dir));
      searcher = new IndexSearcher(reader);
      searcher.setSimilarity(new BM25Similarity());
      facetState = new DefaultSortedSetDocValuesReaderState(reader);
    }

    Query build(Q q) throws IOException {
      List<String> terms = new ArrayList<>();
      List<Integer> positions = new ArrayList<>();
      try (TokenStream ts = analyzer.tokenStream(TEXT, q.text)) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
        ts.reset();
        int pos = -1;
        while (ts.incrementToken()) {
          pos += inc.getPositionIncrement();
          terms.add(term.toString());
          positions.add(pos);
        }
        ts.end();
      }
      if (terms.isEmpty()) return new MatchNoDocsQuery();
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      if (q.cls.equals("phrase") && terms.size() > 1) {
        PhraseQuery.Builder p = new PhraseQuery.Builder();
        for (int i = 0; i < terms.size(); i++) p.add(new Term(TEXT, terms.get(i)), positions.get(i));
        b.add(p.build(), BooleanClause.Occur.MUST);
      } else {
        // Every word required (the protocol's AND), ranked by BM25.
        for (String t : terms) b.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.MUST);
      }
      // Filters do not score: FILTER clauses.
      if (!q.source.isEmpty()) b.add(new TermQuery(new Term("source", q.source)), BooleanClause.Occur.FILTER);
      if (!q.year.isEmpty()) b.add(new TermQuery(new Term("year", q.year)), BooleanClause.Occur.FILTER);
      return b.build();
    }

    Result run(Q q) throws IOException {
      Query query = build(q);
      TopDocs td;
      List<LabelAndValue> facetCounts = null;
      if (q.cls.equals("faceted")) {
        // FacetsCollector sees every match, so its total is exact.
        FacetsCollector fc = new FacetsCollector();
        td = FacetsCollector.search(searcher, query, 10, fc);
        FacetResult fr = new SortedSetDocValuesFacetCounts(facetState, fc).getTopChildren(10, "source");
        facetCounts = fr == null ? List.of() : List.of(fr.labelValues);
      } else {
        // Lucene's default: exact counts up to 1000 matches, then a lower bound (lets it skip non-competitive blocks).
        td = searcher.search(query, 10);
      }
      List<String[]> top = new ArrayList<>(td.scoreDocs.length);
      for (ScoreDoc sd : td.scoreDocs) {
        Document doc = searcher.doc(sd.doc, READ_BACK);
        top.add(new String[] {doc.get("id"), doc.get("title")});
      }
      return new Result(td.totalHits.value, td.totalHits.relation == TotalHits.Relation.EQUAL_TO, top, facetCounts);
    }
  }

  static List<Q> readQueries(Path path) throws IOException {
    List<Q> qs = new ArrayList<>();
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      if (line.isEmpty()) continue;
      String[] f = line.split("\t", -1);
      if (f.length != 5) throw new IllegalArgumentException("query line without 5 columns: " + line);
      qs.add(new Q(f[0], f[1], f[2], f[3], f[4]));
    }
    return qs;
  }

  /**
   * search INDEX_DIR QUERIES REPEATS WARMUP_S QPS_S THREADS,.. RESULTS_OUT: warm-up passes (at least one, and at least
   * WARMUP_S seconds, so the JIT has compiled the hot paths), then every query REPEATS times, then the throughput loops.
   * Prints one JSON object: warm-up passes, samples in microseconds per class, queries per second per thread count.
   */
  static void search(String[] args) throws Exception {
    Engine e = new Engine(Paths.get(args[1]));
    List<Q> qs = readQueries(Paths.get(args[2]));
    int repeats = Integer.parseInt(args[3]);
    double warmupS = Double.parseDouble(args[4]);
    double qpsS = Double.parseDouble(args[5]);
    String[] threadCounts = args[6].split(",");
    Path resultsOut = Paths.get(args[7]);

    int passes = 0;
    long warmStart = System.nanoTime();
    do {
      for (Q q : qs) e.run(q);
      passes++;
    } while ((System.nanoTime() - warmStart) / 1e9 < warmupS);

    // The results of one run of each query, for comparing engines.
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(resultsOut, StandardCharsets.UTF_8))) {
      for (Q q : qs) w.println(resultJson(q, e.run(q)));
    }

    // Pass after pass (not one query 10 times in a row), so that a query does not find its own blocks in the CPU caches.
    Map<String, List<Long>> samples = new LinkedHashMap<>();
    for (int r = 0; r < repeats; r++) {
      for (Q q : qs) {
        long t = System.nanoTime();
        e.run(q);
        long us = (System.nanoTime() - t) / 1000;
        samples.computeIfAbsent(q.cls, k -> new ArrayList<>()).add(us);
      }
    }

    Map<String, Double> qps = new LinkedHashMap<>();
    for (String tc : threadCounts) qps.put(tc, throughput(e, qs, Integer.parseInt(tc), qpsS));

    StringBuilder out = new StringBuilder();
    out.append("{\"warmup_passes\": ").append(passes).append(", \"samples_us\": {");
    int n = 0;
    for (var en : samples.entrySet()) {
      if (n++ > 0) out.append(", ");
      out.append(json(en.getKey())).append(": ").append(en.getValue());
    }
    out.append("}, \"qps\": {");
    n = 0;
    for (var en : qps.entrySet()) {
      if (n++ > 0) out.append(", ");
      out.append(json(en.getKey())).append(": ").append(String.format("%.1f", en.getValue()));
    }
    out.append("}}");
    System.out.println(out);
  }

  /** Threads sharing the one IndexSearcher each loop over the query set (from different starting points) for `seconds`. */
  static double throughput(Engine e, List<Q> qs, int threads, double seconds) throws Exception {
    AtomicLong done = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    long[] deadline = new long[1];
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int offset = t * qs.size() / threads;
      Thread th = new Thread(() -> {
        try {
          start.await();
          long count = 0;
          for (int i = offset; System.nanoTime() < deadline[0]; i++) {
            e.run(qs.get(i % qs.size()));
            count++;
          }
          done.addAndGet(count);
        } catch (Throwable x) {
          errors.add(x);
        }
      });
      th.start();
      ts.add(th);
    }
    long t0 = System.nanoTime();
    deadline[0] = t0 + (long) (seconds * 1e9);
    start.await();
    for (Thread th : ts) th.join();
    double elapsed = (System.nanoTime() - t0) / 1e9;
    if (!errors.isEmpty()) throw new RuntimeException(errors.get(0));
    return done.get() / elapsed;
  }

  /** query INDEX_DIR CLASS TEXT SOURCE YEAR: the cold path, one query in a fresh JVM, results on stdout. */
  static void query(String[] args) throws Exception {
    Engine e = new Engine(Paths.get(args[1]));
    Result r = e.run(new Q("cold", args[2], args[3], args[4], args[5]));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.println((r.exact ? "" : ">=") + r.hits + " matches");
    for (String[] h : r.top) out.println(h[0] + "\t" + h[1]);
    if (r.facets != null) for (LabelAndValue lv : r.facets) out.println("source\t" + lv.label + "\t" + lv.value);
    out.flush();
  }

  static String resultJson(Q q, Result r) {
    StringBuilder b = new StringBuilder();
    b.append("{\"qid\": ").append(json(q.qid)).append(", \"hits\": ").append(r.hits)
        .append(", \"exact\": ").append(r.exact).append(", \"top\": [");
    for (int i = 0; i < r.top.size(); i++) {
      if (i > 0) b.append(", ");
      b.append('[').append(json(r.top.get(i)[0])).append(", ").append(json(r.top.get(i)[1])).append(']');
    }
    b.append(']');
    if (r.facets != null) {
      b.append(", \"facets\": [");
      for (int i = 0; i < r.facets.size(); i++) {
        if (i > 0) b.append(", ");
        b.append('[').append(json(r.facets.get(i).label)).append(", ").append(r.facets.get(i).value).append(']');
      }
      b.append(']');
    }
    return b.append('}').toString();
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
