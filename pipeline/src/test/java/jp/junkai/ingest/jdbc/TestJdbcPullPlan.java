package jp.junkai.ingest.jdbc;

import static jp.junkai.ingest.jdbc.PullFixtures.PULL;
import static jp.junkai.ingest.jdbc.PullFixtures.T0;
import static jp.junkai.ingest.jdbc.PullFixtures.pull;
import static jp.junkai.ingest.jdbc.PullFixtures.read;
import static jp.junkai.ingest.jdbc.PullFixtures.tombstone;
import static jp.junkai.ingest.jdbc.PullFixtures.visit;
import static jp.junkai.ingest.jdbc.PullFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jp.junkai.ingest.jdbc.PullFixtures.Row;
import jp.junkai.schema.Entity;
import jp.junkai.source.SourceRecord;
import jp.junkai.testing.TestDatabases;

/** {@link JdbcPull#plan} on a table large enough to split, read slice by slice from several threads. */
class TestJdbcPullPlan {

    private static final int ROWS = 120_000;
    /** Rows per updated_at: every slice edge falls inside a run of equal updated_at or at its end. */
    private static final int RUN = 7;

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private String url(String vendor) {
        return vendor.equals("postgres") ? databases.postgres() : databases.mariaDb();
    }

    private static LocalDateTime timeOf(int i) {
        return T0.plusSeconds(i / RUN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void aLargeTableSplitsIntoSlicesWhoseUnionIsOneFullRead(String vendor) throws Exception {
        String url = url(vendor);
        List<SourceRecord> records = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            // Keys out of time order within a run, so that key order and write order differ.
            int runStart = i - i % RUN;
            int runEnd = Math.min(runStart + RUN, ROWS);
            int k = runStart + (runEnd - 1 - i);
            records.add(i % 1000 == 999 ? tombstone(Entity.VISITS, String.format("V%06d", k), timeOf(i))
                    : visit(String.format("V%06d", k), timeOf(i)));
        }
        long start = System.nanoTime();
        write(url, Entity.VISITS, records);
        System.out.printf("%s: %d rows written in %d ms%n", vendor, ROWS, (System.nanoTime() - start) / 1_000_000);
        JdbcPull pull = pull(url, Entity.VISITS);

        start = System.nanoTime();
        List<Slice> slices = pull.plan(Watermark.START, 4);
        long planMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(slices).hasSize(4);
        assertThat(slices.get(0).after()).isEqualTo(Watermark.START);
        for (int i = 1; i < slices.size(); i++) {
            assertThat(slices.get(i).after()).isEqualTo(slices.get(i - 1).through());
        }
        // Edges after rows 30 000, 60 000, 90 000: (30 000 - 1) / 7 is inside a run of equal updated_at.
        assertThat(slices.get(0).through()).isEqualTo(new Watermark(timeOf(29_999), "V029999"));
        assertThat(timeOf(29_999)).isEqualTo(timeOf(30_000));
        assertThat(slices.get(3).through()).isEqualTo(new Watermark(timeOf(ROWS - 1), String.format("V%06d", ROWS - 1)));

        start = System.nanoTime();
        AtomicReference<PullResult> fullResult = new AtomicReference<>();
        List<Row> full = read(pull, Watermark.START, fullResult);
        long fullMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(full).hasSize(ROWS);
        assertThat(fullResult.get().rejected()).isZero();

        // The slices read at once, one thread each, as Spark tasks would.
        start = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(slices.size());
        List<Future<List<Row>>> parts = new ArrayList<>();
        List<AtomicReference<PullResult>> results = new ArrayList<>();
        try {
            for (Slice s : slices) {
                AtomicReference<PullResult> r = new AtomicReference<>();
                results.add(r);
                parts.add(threads.submit(() -> read(pull, s, PULL, r)));
            }
            List<String> union = new ArrayList<>(ROWS);
            for (int i = 0; i < parts.size(); i++) {
                List<Row> rows = parts.get(i).get();
                assertThat(rows).hasSize(ROWS / 4);
                assertThat(rows.get(0).number()).isEqualTo(1);
                assertThat(rows.get(rows.size() - 1).number()).isEqualTo(ROWS / 4);
                assertThat(results.get(i).get().highest()).isEqualTo(slices.get(i).through());
                rows.forEach(r -> union.add(r.identity()));
            }
            long parallelMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("%s: plan %d ms, one read %d ms, four slices at once %d ms%n", vendor, planMillis,
                    fullMillis, parallelMillis);
            assertThat(union).containsExactlyElementsOf(full.stream().map(Row::identity).toList());
            assertThat(new HashSet<>(union)).hasSize(ROWS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(PullResult.next(Watermark.START, results.stream().map(AtomicReference::get).toList()))
                .isEqualTo(fullResult.get().highest());
        assertThat(full.stream().filter(r -> Boolean.TRUE.equals(r.get(Entity.VISITS, "deleted"))).count())
                .isEqualTo(ROWS / 1000);

        // From a watermark in the middle of a run: the rest in slices, the same rows as one read.
        Watermark middle = new Watermark(full.get(50_002).updatedAt(), full.get(50_002).key());
        List<Slice> rest = pull.plan(middle, 3);
        assertThat(rest).hasSize(3);
        List<String> restUnion = new ArrayList<>();
        for (Slice s : rest) {
            read(pull, s, PULL, null).forEach(r -> restUnion.add(r.identity()));
        }
        assertThat(restUnion).containsExactlyElementsOf(
                full.subList(50_003, ROWS).stream().map(Row::identity).toList());

        // Fewer rows than MIN_ROWS_TO_SPLIT after the watermark: one slice.
        Watermark late = new Watermark(full.get(ROWS - 1000).updatedAt(), full.get(ROWS - 1000).key());
        assertThat(pull.plan(late, 4)).containsExactly(new Slice(0, late, slices.get(3).through()));
    }
}
