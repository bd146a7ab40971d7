package jp.junkai.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import jp.junkai.ingest.jdbc.JdbcPull;
import jp.junkai.ingest.jdbc.PullResult;
import jp.junkai.ingest.jdbc.Slice;
import jp.junkai.ingest.jdbc.Watermark;
import jp.junkai.lake.LakeSchema;
import jp.junkai.lake.RunRecord;
import jp.junkai.schema.Entity;
import jp.junkai.schema.StationSource;
import jp.junkai.source.file.ReadResult;

/**
 * Pulls one {@code jdbc} station (SPEC §1): every entity table after its durable watermark
 * ({@code updated_at}, then key), large tables in parallel slices, each row through the read
 * boundary. The station's rows are staged apart from the others', so a station that fails leaves
 * no row behind and its watermarks stay where they were: the next run catches up.
 */
final class JdbcStations {

    /** What one station's pull staged. */
    record Pulled(Map<Entity, Long> rows, Map<String, RunRecord.Mark> marks, Map<String, List<String>> held,
                  String batch) {
    }

    private JdbcStations() {
    }

    static String watermarkId(String station, Entity e) {
        return station + "/" + e.code();
    }

    /** Where a station's rows of one entity are staged: {@code src=<station>} beside {@code src=files}. */
    static Path staged(Path work, Entity e, String station) {
        return work.resolve("bronze").resolve(e.code()).resolve("src=" + station);
    }

    static Pulled pull(SparkSession spark, StationSource station, Map<String, String> env,
                       Map<String, RunRecord.Mark> watermarks, Map<String, List<String>> heldBefore, String run,
                       LocalDateTime pullTime, Path work)
            throws IOException {
        String user = station.jdbcUser(env);
        String password = station.jdbcPassword(env);
        String batch = "pull-" + run;
        Map<Entity, Long> rows = new EnumMap<>(Entity.class);
        Map<String, RunRecord.Mark> marks = new java.util.TreeMap<>();
        Map<String, List<String>> held = new java.util.TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, station.partitions()));
        try {
            for (Entity e : Ingest.ORDER) {
                JdbcPull pull = new JdbcPull(station.code(), station.url(), user, password, station.table(e), e);
                RunRecord.Mark mark = watermarks.get(watermarkId(station.code(), e));
                Watermark from = mark == null ? Watermark.START
                        : new Watermark(LocalDateTime.parse(mark.updatedAt()), mark.key());
                List<Slice> slices = pull.plan(from, station.partitions());
                String id = watermarkId(station.code(), e);
                java.util.Set<String> seen = new java.util.HashSet<>(heldBefore.getOrDefault(id, List.of()));
                java.util.Set<String> holding = java.util.concurrent.ConcurrentHashMap.newKeySet();
                List<Future<SliceRows>> futures = new ArrayList<>();
                for (Slice slice : slices) {
                    futures.add(pool.submit(() -> read(pull, slice, pullTime, e, station.code(), batch, seen, holding)));
                }
                List<PullResult> results = new ArrayList<>();
                List<Row> all = new ArrayList<>();
                for (Future<SliceRows> f : futures) {
                    SliceRows s = get(f);
                    results.add(s.result());
                    all.addAll(s.rows());
                }
                if (!all.isEmpty()) {
                    LakeSchema.entityWriter(spark.createDataFrame(all, LakeSchema.bronze(e)).coalesce(1).write(), e)
                            .mode(SaveMode.Append).parquet(staged(work, e, station.code()).toString());
                    rows.put(e, (long) all.size());
                }
                if (!holding.isEmpty()) {
                    held.put(id, holding.stream().sorted().toList());
                } else if (heldBefore.containsKey(id)) {
                    held.put(id, List.of());
                }
                Watermark next = PullResult.next(from, results);
                if (next != null && !next.isStart()) {
                    marks.put(watermarkId(station.code(), e), new RunRecord.Mark(next.updatedAt().toString(), next.key()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Pulled(rows, marks, held, batch);
    }

    private record SliceRows(PullResult result, List<Row> rows) {
    }

    /**
     * Reads one slice. Row numbers restart in every slice, so a slice's line is offset by its
     * index: the line stays unique within the pull's batch.
     */
    private static SliceRows read(JdbcPull pull, Slice slice, LocalDateTime pullTime, Entity e, String station,
                                  String batch, java.util.Set<String> seen, java.util.Set<String> holding)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        long offset = slice.index() * 1_000_000_000L;
        PullResult r = pull.read(slice, pullTime, new jp.junkai.ingest.jdbc.RowSink() {
            @Override
            public void accept(long rowNumber, ReadResult result) {
                throw new IllegalStateException("Cannot take a row without its identity");
            }

            @Override
            public void accept(long rowNumber, String key, LocalDateTime updatedAt, ReadResult result) {
                // a row dated after the pull holds the watermark back: later pulls deliver it again
                String identity = key + "|" + updatedAt;
                if (updatedAt != null && updatedAt.isAfter(pullTime)) {
                    holding.add(identity);
                }
                if (result != ReadResult.SKIPPED && !seen.contains(identity)) {
                    rows.add(BronzeRows.of(e, station, batch, offset + rowNumber, result));
                }
            }
        });
        return new SliceRows(r, rows);
    }

    private static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("Cannot pull: interrupted", ex);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof IOException io) {
                throw io;
            }
            if (ex.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(ex.getCause());
        }
    }
}
