package jp.junkai.source.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.source.StationOutput;
import jp.junkai.source.sim.PersonalFields;

/**
 * A station system of a file flavour ({@code jsonl} or {@code csv-sjis}) dropping its exports in
 * an inbox folder (SPEC §1): batch {@code b} of entity {@code e} is written to
 * {@code <inbox>/<station>/<e>/<b>.jsonl} (or {@code .csv}), and the empty marker
 * {@code <b>.jsonl.done} is created only once the data file is complete, flushed and closed.
 *
 * <p>A batch whose data file exists without marker (left unfinished) is written again from
 * scratch; one whose marker exists is published and cannot be opened again. Closing this output
 * closes any batch still open without its marker, as if the station system had stopped mid-write.
 *
 * <p>Writers put out exactly what they are given, wrong types and {@link jp.junkai.source.RawValue}s
 * included: planting bad input is the simulator's business. Accepted values: {@code String},
 * {@code LocalDate}, {@code LocalDateTime} (Japan local), {@code Integer}/{@code Long},
 * {@code Boolean}, {@code int[]} (topics), {@code RawValue}; personal values may also be other
 * numbers, lists and maps. Line numbers returned by {@code write} and {@code writeRawLine} are
 * physical lines as {@link LineReader} counts them: the first jsonl record is line 1, a csv
 * header is line 1 and its first record line 2. The line formats are described on
 * {@code JsonlBatchWriter} and {@code CsvBatchWriter}.
 *
 * <p>Output is byte-deterministic for the same records, seed and names. Not thread-safe.
 */
public final class FileStationOutput implements StationOutput {

    /** The suffix of a batch's completion marker. */
    public static final String DONE_SUFFIX = ".done";

    private final Path inbox;
    private final String station;
    private final Flavour flavour;
    private final CsvMapping mapping;
    private final long seed;
    private final Set<FileBatchWriter> open = new LinkedHashSet<>();

    /** A {@code jsonl} station. */
    public FileStationOutput(Path inbox, String station, Flavour flavour) {
        this(inbox, station, flavour, null, 0L);
    }

    /**
     * A station of either file flavour.
     *
     * @param mapping the csv format ({@link CsvMapping#csvSjis()}); required for {@code csv-sjis}, ignored for {@code jsonl}
     * @param seed    with station, entity and batch, decides each csv row's date form, boolean
     *                spelling and full-width digits
     */
    public FileStationOutput(Path inbox, String station, Flavour flavour, CsvMapping mapping, long seed) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.station = plainName(station, "station code");
        this.flavour = Objects.requireNonNull(flavour, "flavour");
        if (!flavour.isFile()) {
            throw new IllegalArgumentException("Cannot write station " + station + " to files: flavour "
                    + flavour.code() + " is not a file flavour");
        }
        if (flavour == Flavour.CSV_SJIS && mapping == null) {
            throw new IllegalArgumentException("Cannot write station " + station + " as csv-sjis: no CsvMapping given");
        }
        if (flavour == Flavour.CSV_SJIS) {
            checkPersonalHeaders(mapping);
        }
        this.mapping = mapping;
        this.seed = seed;
    }

    /** Where a batch's data file goes. */
    public static Path dataFile(Path inbox, String station, Entity entity, String batchName, Flavour flavour) {
        return inbox.resolve(station).resolve(entity.code()).resolve(batchName + "." + flavour.fileExtension());
    }

    /** The completion marker of a data file. */
    public static Path markerFile(Path dataFile) {
        return dataFile.resolveSibling(dataFile.getFileName() + DONE_SUFFIX);
    }

    @Override
    public BatchWriter openBatch(Entity entity, String batchName) throws IOException {
        plainName(batchName, "batch name");
        Path file = dataFile(inbox, station, entity, batchName, flavour);
        if (Files.exists(markerFile(file))) {
            throw new IOException("Cannot open batch " + file + ": it is already complete (its marker exists)");
        }
        Files.createDirectories(file.getParent());
        FileBatchWriter writer = flavour == Flavour.JSONL
                ? new JsonlBatchWriter(file, entity, this::closed)
                : new CsvBatchWriter(file, entity, mapping, seed, station, batchName, this::closed);
        open.add(writer);
        return writer;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileBatchWriter w : new ArrayList<>(open)) {
            try {
                w.close(false);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void closed(FileBatchWriter writer) {
        open.remove(writer);
    }

    /** A personal column under a mapped header would be read as an allow-listed field: refuse at once. */
    private static void checkPersonalHeaders(CsvMapping mapping) {
        for (Entity entity : Entity.values()) {
            for (PersonalFields.Column c : PersonalFields.of(entity)) {
                if (mapping.entity(entity).fieldIndex(c.japaneseHeader()) >= 0) {
                    throw new IllegalArgumentException("Cannot write " + entity.code() + " as " + mapping.name()
                            + ": personal column " + c.japaneseHeader() + " has the header of a mapped field");
                }
            }
        }
    }

    /** Station codes and batch names become path segments: nothing that could leave the folder. */
    private static String plainName(String name, String what) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Cannot use " + what + " " + name + ": it must be a plain file name");
        }
        return name;
    }
}
