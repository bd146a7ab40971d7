package jp.junkai.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code junkai query}: runs one SQL statement against the marts' DuckDB file, read-only, and prints
 * the result as tab-separated lines with a header: a way to look at the marts without installing
 * the DuckDB command line.
 */
@Command(name = "query", sortOptions = false,
        description = {"Run one SQL query on the marts' DuckDB file (read-only); prints tab-separated rows "
                + "with a header."},
        footerHeading = "%nExamples:%n",
        footer = {"  junkai query --duckdb work/demo/marts.duckdb \"SHOW TABLES\"",
                "  junkai query --duckdb work/demo/marts.duckdb \\",
                "      \"SELECT beat_code, compliance_rate FROM compliance_beat_monthly "
                        + "WHERE as_of = DATE '2026-10-31' ORDER BY compliance_rate LIMIT 5\""})
final class QueryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--duckdb", paramLabel = "FILE", required = true, description = "The DuckDB file of the marts.")
    Path duckdb;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1000",
            description = "Print at most N rows (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Parameters(paramLabel = "SQL", description = "The query.")
    String sql;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(duckdb)) {
            throw new CommandFailure("Cannot query " + duckdb + ": no such file (run junkai run first)", null);
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        PrintWriter out = spec.commandLine().getOut();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdb.toAbsolutePath(), readOnly);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                header.add(meta.getColumnLabel(i));
            }
            out.println(String.join("\t", header));
            int rows = 0;
            while (rs.next()) {
                if (rows++ == maxRows) {
                    out.println("… (more rows; raise --max-rows)");
                    break;
                }
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    cells.add(v == null ? "NULL" : v.toString());
                }
                out.println(String.join("\t", cells));
            }
            out.flush();
        } catch (SQLException e) {
            throw new CommandFailure("Cannot query " + duckdb + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return 0;
    }
}
