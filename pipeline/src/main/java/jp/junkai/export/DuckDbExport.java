package jp.junkai.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Exports marts (folders of Parquet files written by Spark) as tables of one DuckDB database file.
 *
 * <p>DuckDB allows one writer or many read-only readers per file, never both, and a reader must
 * never see half a file. So the database is built in a new temporary file beside the target,
 * checkpointed and closed, then renamed onto the target atomically: readers see the old file or
 * the new one. On failure the temporary file is removed and the old target stays as it was.
 */
public final class DuckDbExport {

    /** Table names allowed: plain lower-case SQL identifiers. */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    /** Characters DuckDB would read as a glob in a file path. */
    private static final Pattern GLOB = Pattern.compile("[*?\\[\\]{}]");

    private static final SecureRandom RANDOM = new SecureRandom();

    private DuckDbExport() {
    }

    /**
     * Writes each mart, in map order, as table {@code <name>} with exactly its Parquet columns and
     * rows into a new DuckDB file that then atomically replaces {@code target} (whose folder is
     * created if missing).
     *
     * @param marts  table name ({@code [a-z_][a-z0-9_]*}) to the folder Spark wrote the mart in
     *               ({@code df.write().parquet(folder)}, unpartitioned)
     * @param target the DuckDB file to create or replace
     * @throws IllegalArgumentException a bad table name, a missing folder or one without Parquet
     *                                  files, or no marts at all; nothing is written
     * @throws IllegalStateException    DuckDB failed on a mart (the message names it)
     * @throws UncheckedIOException     the file could not be created or moved into place
     */
    public static void write(Map<String, Path> marts, Path target) {
        if (marts == null || marts.isEmpty()) {
            throw new IllegalArgumentException("Cannot export to DuckDB: no marts given");
        }
        if (target == null) {
            throw new IllegalArgumentException("Cannot export to DuckDB: no target file given");
        }
        List<Mart> plan = new ArrayList<>();
        for (Map.Entry<String, Path> e : marts.entrySet()) {
            plan.add(mart(e.getKey(), e.getValue()));
        }
        Path file = target.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("Cannot export to DuckDB file " + file + ": it is a folder");
        }
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder " + dir + " of DuckDB file " + file
                    + ": " + e.getMessage(), e);
        }
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + HexFormat.of().formatHex(randomBytes()));
        Path wal = wal(tmp);
        try {
            build(tmp, plan, file);
            if (Files.exists(wal)) {
                throw new IllegalStateException("DuckDB left a write-ahead log " + wal
                        + " after its checkpoint; not replacing " + file);
            }
            sync(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("Cannot move the DuckDB export " + tmp
                    + " onto " + file + ": " + e.getMessage(), e);
            deleteTemp(tmp, wal, failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            deleteTemp(tmp, wal, e);
            throw e;
        }
        syncQuietly(dir);
    }

    /**
     * The names of the tables of a DuckDB file, sorted; the file is opened read-only.
     *
     * @throws IllegalArgumentException the file does not exist
     * @throws IllegalStateException    DuckDB cannot read it
     */
    public static List<String> tables(Path duckdbFile) {
        Path file = duckdbFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Cannot list the tables of DuckDB file " + file + ": no such file");
        }
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, props);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM duckdb_tables() "
                     + "WHERE database_name = current_database() AND NOT internal")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list the tables of DuckDB file " + file + ": "
                    + e.getMessage(), e);
        }
        names.sort(null);
        return List.copyOf(names);
    }

    /** One validated mart: its table name, folder and Parquet files. */
    private record Mart(String name, Path folder, List<Path> files) {
    }

    private static Mart mart(String name, Path folder) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Cannot export mart '" + name
                    + "' to DuckDB: a table name must match [a-z_][a-z0-9_]*");
        }
        if (folder == null) {
            throw new IllegalArgumentException("Cannot export mart '" + name + "' to DuckDB: no folder given");
        }
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Cannot export mart '" + name + "' to DuckDB: folder " + dir
                    + (Files.exists(dir) ? " is not a folder" : " does not exist"));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            // Spark's data files; it hides _SUCCESS, .crc files and the like behind _ and .
            files = list.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")
                        && Files.isRegularFile(p);
            }).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot export mart '" + name + "' to DuckDB: cannot list folder "
                    + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            // Spark writes one schema-only file even for an empty DataFrame; none means no Spark output.
            throw new IllegalArgumentException("Cannot export mart '" + name + "' to DuckDB: folder " + dir
                    + " holds no Parquet files");
        }
        for (Path f : files) {
            if (GLOB.matcher(f.toString()).find()) {
                throw new IllegalArgumentException("Cannot export mart '" + name + "' to DuckDB: path " + f
                        + " contains a glob character (* ? [ ] { }), which DuckDB would expand");
            }
        }
        return new Mart(name, dir, files);
    }

    /** Creates the database at {@code tmp} with every mart, checkpoints and closes it. */
    private static void build(Path tmp, List<Mart> plan, Path target) {
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:" + tmp);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create DuckDB file " + tmp + " for " + target + ": "
                    + e.getMessage(), e);
        }
        try (c; Statement s = c.createStatement()) {
            for (Mart m : plan) {
                try {
                    s.execute("CREATE TABLE " + identifier(m.name()) + " AS SELECT * FROM read_parquet("
                            + fileList(m.files()) + ", hive_partitioning = false)");
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot export mart '" + m.name() + "' from " + m.folder()
                            + " to DuckDB file " + target + ": " + e.getMessage(), e);
                }
            }
            try {
                s.execute("CHECKPOINT");
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot checkpoint DuckDB file " + tmp + " for " + target + ": "
                        + e.getMessage(), e);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot close DuckDB file " + tmp + " for " + target + ": "
                    + e.getMessage(), e);
        }
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    private static String fileList(List<Path> files) {
        return files.stream().map(f -> literal(f.toString())).collect(Collectors.joining(", ", "[", "]"));
    }

    private static Path wal(Path db) {
        return db.resolveSibling(db.getFileName() + ".wal");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Makes the rename durable where the platform allows syncing a folder. */
    private static void syncQuietly(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // Not every platform can sync a folder; the rename itself is still atomic.
        }
    }

    private static void deleteTemp(Path tmp, Path wal, Throwable failure) {
        for (Path p : List.of(tmp, wal)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
