package jp.junkai.source.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.source.SourceRecord;
import jp.junkai.source.StationOutput;

/**
 * Streams a station's records into batches by the day their {@code updated_at} falls on, the way
 * a station system exports on a schedule: monthly batches for the history of a fresh simulation,
 * daily batches for {@code --continue}. A batch file is open while its period runs and finished
 * (its {@code .done} marker written) when the period is over, so memory does not grow with the
 * size of a batch. Records outside the days to write are dropped (an earlier run wrote them, or
 * they are not yet entered at the last simulated day).
 */
final class BatchingSink implements RecordSink {

    /** How long one batch covers. */
    enum Period { MONTH, DAY }

    static final DateTimeFormatter BATCH_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'-230000'");
    /** Tombstones still owed at the end of a run: after the day's batch, before the next day's. */
    static final DateTimeFormatter LATE_BATCH_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'-233000'");
    static final DateTimeFormatter UNFINISHED_BATCH_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'-235900'");

    private static final int REMEMBERED = 64;

    private final StationOutput output;
    private final Path stationFolder;
    private final String station;
    private final Flavour flavour;
    private final Period period;
    private final long writeFrom;
    private final long writeTo;
    private final DefectPlanter planter;
    private final SplittableRandom fileRnd;
    /** Open batches: batch day → entity → writer. */
    private final TreeMap<Long, Map<Entity, OpenBatch>> open = new TreeMap<>();
    private final Map<Entity, List<SourceRecord>> recent = new EnumMap<>(Entity.class);
    private final Map<String, Long> written = new TreeMap<>();
    private final List<PlantedDefect> defects = new ArrayList<>();
    private final List<String> duplicateFiles = new ArrayList<>();
    private final List<String> unfinishedFiles = new ArrayList<>();
    private long batches;
    private long monthStart = Long.MAX_VALUE;
    private long monthEnd = Long.MIN_VALUE;

    /** One batch file being written. */
    private final class OpenBatch implements DefectPlanter.Target {
        final Entity entity;
        final String name;
        final StationOutput.BatchWriter writer;
        long lines;

        OpenBatch(Entity entity, String name) throws IOException {
            this.entity = entity;
            this.name = name;
            this.writer = output.openBatch(entity, name);
        }

        @Override
        public void good(SourceRecord record) throws IOException {
            writer.write(record);
            lines++;
        }

        @Override
        public void bad(SourceRecord record, String reason) throws IOException {
            defects.add(new PlantedDefect(station, entity.code(), flavour.isFile() ? name : null, writer.write(record),
                    reason));
            lines++;
        }

        @Override
        public void raw(byte[] bytes, String reason) throws IOException {
            defects.add(new PlantedDefect(station, entity.code(), flavour.isFile() ? name : null,
                    writer.writeRawLine(bytes), reason));
            lines++;
        }

        void finish(boolean complete) throws IOException {
            writer.close(complete);
            written.merge(entity.code(), lines, Long::sum);
            if (complete) {
                batches++;
            }
        }
    }

    BatchingSink(StationOutput output, Path stationFolder, String station, Flavour flavour, Period period,
                 LocalDate writeFrom, LocalDate writeTo, DefectPlanter planter, long seed) {
        this.output = output;
        this.stationFolder = stationFolder;
        this.station = station;
        this.flavour = flavour;
        this.period = period;
        this.writeFrom = writeFrom.toEpochDay();
        this.writeTo = writeTo.toEpochDay();
        this.planter = planter;
        this.fileRnd = new SplittableRandom(seed ^ station.hashCode() ^ 0x2545F4914F6CDD1DL);
    }

    @Override
    public void emit(SourceRecord record) throws IOException {
        LocalDateTime updatedAt = (LocalDateTime) record.get(Entity.UPDATED_AT);
        long day = updatedAt.toLocalDate().toEpochDay();
        if (day < writeFrom || day > writeTo) {
            return;
        }
        long batchDay = day;
        if (period == Period.MONTH) {
            if (day > monthEnd || day < monthStart) {
                LocalDate d = LocalDate.ofEpochDay(day);
                monthStart = d.withDayOfMonth(1).toEpochDay();
                monthEnd = d.withDayOfMonth(d.lengthOfMonth()).toEpochDay();
            }
            batchDay = Math.min(monthEnd, writeTo);
        }
        OpenBatch batch = batch(batchDay, record.entity());
        batch.good(record);
        List<SourceRecord> before = recent.computeIfAbsent(record.entity(), k -> new ArrayList<>());
        planter.afterRecord(record, before, batch);
        if (before.size() >= REMEMBERED) {
            before.remove(0);
        }
        before.add(record);
    }

    private OpenBatch batch(long batchDay, Entity entity) throws IOException {
        Map<Entity, OpenBatch> byEntity = open.computeIfAbsent(batchDay, k -> new EnumMap<>(Entity.class));
        OpenBatch batch = byEntity.get(entity);
        if (batch == null) {
            batch = new OpenBatch(entity, BATCH_NAME.format(LocalDate.ofEpochDay(batchDay)));
            byEntity.put(entity, batch);
            planter.atBatchStart(entity, LocalDate.ofEpochDay(batchDay), batch);
        }
        return batch;
    }

    @Override
    public void endOfDay(long epochDay) throws IOException {
        while (!open.isEmpty() && open.firstKey() <= epochDay) {
            for (OpenBatch batch : open.pollFirstEntry().getValue().values()) {
                batch.finish(true);
                if (planter.active() && flavour.isFile() && fileRnd.nextDouble() < planter.rate() * 5) {
                    duplicateFile(batch.entity, batch.name);
                }
            }
        }
    }

    /** Finishes the open batches, writes the tombstones still owed, and leaves one file unfinished. */
    void finish() throws IOException {
        endOfDay(writeTo);
        LocalDate last = LocalDate.ofEpochDay(writeTo);
        if (planter.active()) {
            for (Entity entity : planter.entitiesOwingTombstones()) {
                OpenBatch batch = new OpenBatch(entity, LATE_BATCH_NAME.format(last));
                planter.atBatchStart(entity, last, batch);
                batch.finish(true);
            }
            if (flavour.isFile()) {
                unfinishedFile(last);
            }
        }
    }

    /**
     * A visits batch still being written at the time of the pull: no {@code .done} marker yet. It
     * holds valid re-sends; {@code --continue} finishes it.
     */
    private void unfinishedFile(LocalDate last) throws IOException {
        List<SourceRecord> visits = recent.getOrDefault(Entity.VISITS, List.of());
        if (visits.isEmpty()) {
            return;
        }
        String name = UNFINISHED_BATCH_NAME.format(last);
        OpenBatch batch = new OpenBatch(Entity.VISITS, name);
        for (int i = 0; i < Math.min(5, visits.size()); i++) {
            batch.good(visits.get(i).with(Entity.UPDATED_AT, last.atTime(23, 30, i)));
        }
        batch.finish(false);
        unfinishedFiles.add(stationFolder.getFileName() + "/" + Entity.VISITS.code() + "/" + name + "."
                + flavour.fileExtension());
    }

    /** The same file delivered again under another name: its content hash gives it away (SPEC §6.3). */
    private void duplicateFile(Entity entity, String batch) throws IOException {
        Path folder = stationFolder.resolve(entity.code());
        String ext = "." + flavour.fileExtension();
        Path original = folder.resolve(batch + ext);
        // delivered again a quarter of an hour later: the name sorts after the original's
        String again = batch.replace("-230000", "-231500");
        Path copy = folder.resolve(again + ext);
        Files.copy(original, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.createFile(folder.resolve(again + ext + ".done"));
        duplicateFiles.add(stationFolder.getFileName() + "/" + entity.code() + "/" + copy.getFileName());
    }

    long batches() {
        return batches;
    }

    Map<String, Long> written() {
        return written;
    }

    List<PlantedDefect> defects() {
        return defects;
    }

    List<String> duplicateFiles() {
        return duplicateFiles;
    }

    List<String> unfinishedFiles() {
        return unfinishedFiles;
    }
}
