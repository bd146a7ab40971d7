package jp.junkai.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.testing.SharedSpark;

class TestDuckDbExport {

    /** Every column type a mart may have. */
    private static final StructType VISITS = new StructType()
            .add("station", DataTypes.StringType, true)
            .add("visit_date", DataTypes.DateType, true)
            .add("visited_at", DataTypes.TimestampNTZType, true)
            .add("households", DataTypes.IntegerType, true)
            .add("units", DataTypes.LongType, true)
            .add("coverage", DataTypes.DoubleType, true)
            .add("night", DataTypes.BooleanType, true);

    private static final List<Tuple> VISITS_COLUMNS = List.of(
            tuple("station", "VARCHAR"), tuple("visit_date", "DATE"), tuple("visited_at", "TIMESTAMP"),
            tuple("households", "INTEGER"), tuple("units", "BIGINT"), tuple("coverage", "DOUBLE"),
            tuple("night", "BOOLEAN"));

    private static final StructType STATIONS = new StructType()
            .add("code", DataTypes.IntegerType, false)
            .add("name", DataTypes.StringType, false);

    @TempDir
    Path dir;

    @Test
    void everyCellOfTwoMartsArrivesAsWritten() throws Exception {
        Path visits = parquet("visits", VISITS,
                RowFactory.create("中央署", LocalDate.of(2026, 10, 1), LocalDateTime.of(2026, 10, 1, 9, 15, 30, 123_456_000),
                        120, 8_000_000_000L, 0.875, true),
                RowFactory.create(null, null, null, null, null, null, null),
                RowFactory.create("港南署 'こうなん'", LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 23, 59, 59),
                        -1, -42L, 1e-9, false),
                RowFactory.create("", LocalDate.of(1970, 1, 1), LocalDateTime.of(1999, 12, 31, 0, 0), 0, 0L, -2.5, null));
        // A key=value folder above the mart must not turn into a hive partition column.
        Path stations = parquet("snapshot=2026-10/stations", STATIONS,
                RowFactory.create(1, "中央署"), RowFactory.create(2, "北署"));
        Path target = dir.resolve("out/nested/junkai.duckdb");

        DuckDbExport.write(ordered("visits", visits, "stations", stations), target);

        assertThat(DuckDbExport.tables(target)).containsExactly("stations", "visits");
        assertThat(columns(target, "visits")).containsExactlyElementsOf(VISITS_COLUMNS);
        assertThat(columns(target, "stations")).containsExactly(tuple("code", "INTEGER"), tuple("name", "VARCHAR"));
        assertThat(rows(target, "SELECT * FROM visits ORDER BY households NULLS FIRST")).containsExactly(
                Arrays.asList(null, null, null, null, null, null, null),
                List.of("港南署 'こうなん'", LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 23, 59, 59),
                        -1, -42L, 1e-9, false),
                Arrays.asList("", LocalDate.of(1970, 1, 1), LocalDateTime.of(1999, 12, 31, 0, 0), 0, 0L, -2.5, null),
                List.of("中央署", LocalDate.of(2026, 10, 1), LocalDateTime.of(2026, 10, 1, 9, 15, 30, 123_456_000),
                        120, 8_000_000_000L, 0.875, true));
        assertThat(rows(target, "SELECT * FROM stations ORDER BY code"))
                .containsExactly(List.of(1, "中央署"), List.of(2, "北署"));
        assertThat(entries(target.getParent())).containsExactly("junkai.duckdb");
    }

    @Test
    void anEmptyMartBecomesAnEmptyTableWithItsColumns() throws Exception {
        // Spark writes one schema-only Parquet file for an empty DataFrame, whether it has no
        // partitions (an empty local list) or only empty ones (a filter that keeps nothing).
        Path none = parquet("none", VISITS);
        Path filtered = dir.resolve("lake/filtered");
        SharedSpark.spark().createDataFrame(List.of(RowFactory.create(1, "中央署"), RowFactory.create(2, "北署")), STATIONS)
                .repartition(2).filter("code < 0").write().parquet(filtered.toString());
        assertThat(entries(none)).filteredOn(n -> n.endsWith(".parquet") && !n.startsWith(".")).hasSize(1);
        assertThat(entries(filtered)).filteredOn(n -> n.endsWith(".parquet") && !n.startsWith(".")).isNotEmpty();
        Path target = dir.resolve("empty.duckdb");

        DuckDbExport.write(ordered("none", none, "filtered", filtered), target);

        assertThat(DuckDbExport.tables(target)).containsExactly("filtered", "none");
        assertThat(columns(target, "none")).containsExactlyElementsOf(VISITS_COLUMNS);
        assertThat(columns(target, "filtered")).containsExactly(tuple("code", "INTEGER"), tuple("name", "VARCHAR"));
        assertThat(rows(target, "SELECT * FROM none")).isEmpty();
        assertThat(rows(target, "SELECT * FROM filtered")).isEmpty();
    }

    @Test
    void exportingAgainReplacesTheFileWhileAnOpenReaderKeepsTheOldOne() throws Exception {
        Path first = parquet("first", STATIONS, RowFactory.create(1, "中央署"));
        Path second = parquet("second", STATIONS, RowFactory.create(7, "北署"), RowFactory.create(8, "南署"));
        Path target = dir.resolve("junkai.duckdb");
        DuckDbExport.write(Map.of("stations", first), target);

        try (Connection oldReader = readOnly(target)) {
            DuckDbExport.write(ordered("stations", second, "more", first), target);

            assertThat(rows(oldReader, "SELECT * FROM stations ORDER BY code")).containsExactly(List.of(1, "中央署"));
        }
        assertThat(DuckDbExport.tables(target)).containsExactly("more", "stations");
        assertThat(rows(target, "SELECT * FROM stations ORDER BY code"))
                .containsExactly(List.of(7, "北署"), List.of(8, "南署"));
        assertThat(rows(target, "SELECT * FROM more")).containsExactly(List.of(1, "中央署"));
        assertThat(entries(dir)).containsExactly("junkai.duckdb", "lake");
    }

    @Test
    void badInputFailsClearlyAndLeavesTheOldFileByteIdentical() throws Exception {
        Path good = parquet("good", STATIONS, RowFactory.create(1, "中央署"));
        Path target = dir.resolve("out/junkai.duckdb");
        DuckDbExport.write(Map.of("stations", good), target);
        byte[] before = Files.readAllBytes(target);
        Path missing = dir.resolve("lake/missing");
        Path noParquet = Files.createDirectories(dir.resolve("lake/no_parquet"));
        Files.writeString(noParquet.resolve("_SUCCESS"), "");
        Path corrupt = Files.createDirectories(dir.resolve("lake/corrupt"));
        Files.writeString(corrupt.resolve("part-00000.parquet"), "not parquet at all");

        assertThatThrownBy(() -> DuckDbExport.write(ordered("stations", good, "beats", missing), target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mart 'beats'").hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> DuckDbExport.write(ordered("stations", good, "Beats-2", good), target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mart 'Beats-2'").hasMessageContaining("[a-z_][a-z0-9_]*");
        assertThatThrownBy(() -> DuckDbExport.write(Map.of("empty", noParquet), target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mart 'empty'").hasMessageContaining("holds no Parquet files");
        // Fails inside DuckDB after the first table was written to the temp file.
        assertThatThrownBy(() -> DuckDbExport.write(ordered("stations", good, "broken", corrupt), target))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mart 'broken'").hasMessageContaining(corrupt.toString());

        assertThat(Files.readAllBytes(target)).isEqualTo(before);
        assertThat(entries(target.getParent())).containsExactly("junkai.duckdb");
        assertThat(DuckDbExport.tables(target)).containsExactly("stations");
    }

    @Test
    void aFailedFirstExportLeavesNothingBehind() throws Exception {
        Path corrupt = Files.createDirectories(dir.resolve("lake/corrupt"));
        Files.writeString(corrupt.resolve("part-00000.parquet"), "not parquet at all");
        Path target = dir.resolve("out/junkai.duckdb");

        assertThatThrownBy(() -> DuckDbExport.write(Map.of("broken", corrupt), target))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mart 'broken'");

        assertThat(entries(target.getParent())).isEmpty();
        assertThatThrownBy(() -> DuckDbExport.tables(target))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such file");
    }

    // --- helpers ---

    private Path parquet(String folder, StructType schema, Row... rows) {
        Path path = dir.resolve("lake").resolve(folder);
        Dataset<Row> df = SharedSpark.spark().createDataFrame(List.of(rows), schema);
        df.write().parquet(path.toString());
        return path;
    }

    private static Map<String, Path> ordered(String name1, Path folder1, String name2, Path folder2) {
        Map<String, Path> marts = new LinkedHashMap<>();
        marts.put(name1, folder1);
        marts.put(name2, folder2);
        return marts;
    }

    private static Connection readOnly(Path file) throws SQLException {
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props);
    }

    private static List<Tuple> columns(Path file, String table) throws SQLException {
        List<Tuple> columns = new ArrayList<>();
        for (List<Object> r : rows(file, "SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_name = '" + table + "' ORDER BY ordinal_position")) {
            columns.add(tuple(r.toArray()));
        }
        return columns;
    }

    private static List<List<Object>> rows(Path file, String sql) throws SQLException {
        try (Connection c = readOnly(file)) {
            return rows(c, sql);
        }
    }

    /** Each row as a list of Java values: dates and timestamps as java.time values. */
    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = switch (md.getColumnTypeName(i)) {
                        case "DATE" -> rs.getObject(i, LocalDate.class);
                        case "TIMESTAMP" -> rs.getObject(i, LocalDateTime.class);
                        default -> rs.getObject(i);
                    };
                    row.add(rs.wasNull() ? null : v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
