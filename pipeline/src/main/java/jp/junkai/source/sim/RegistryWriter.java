package jp.junkai.source.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.schema.SourceRegistry;
import jp.junkai.schema.StationSource;
import jp.junkai.source.jdbc.JdbcStationOutput;

/**
 * Writes the source registry of a simulated prefecture, {@code <out>/_simulator/sources.yaml}
 * (format: {@code docs/sources.md}), so that ingest can be pointed at the whole simulated world,
 * {@code jdbc} stations included. File stations name their folder relative to the registry
 * ({@code ../S001}); {@code jdbc} stations carry the simulator's URL without its user and password,
 * the names of the environment variables that must hold them ({@code JUNKAI_S003_USER},
 * {@code JUNKAI_S003_PASSWORD}: named only when the simulator's URL had a user or a password), and
 * their nine table names.
 */
final class RegistryWriter {

    private RegistryWriter() {
    }

    static Path file(Path out) {
        return out.resolve(SimulatorState.FOLDER).resolve(SourceRegistry.FILE_NAME);
    }

    /** Writes the registry (replacing it atomically) and returns its path. */
    static Path write(SimulationOptions o) throws IOException {
        Path file = file(o.out());
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text(o), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** The registry's text. */
    static String text(SimulationOptions o) {
        StringBuilder y = new StringBuilder();
        y.append("# Source registry of a simulated prefecture, written by junkai simulate (see docs/sources.md).\n");
        y.append("# Paths are relative to this file's folder. No secret is written here: before ingesting a jdbc\n");
        y.append("# station, set the environment variables its user_env / password_env name.\n");
        y.append("taken_files: keep\n");
        y.append("stations:\n");
        for (int i = 1; i <= o.stations(); i++) {
            String code = StationSimulation.stationCode(i);
            Flavour flavour = Simulator.flavourOf(o, i);
            y.append("  - code: ").append(quote(code)).append('\n');
            y.append("    flavour: ").append(flavour.code()).append('\n');
            if (flavour.isFile()) {
                y.append("    inbox: ").append(quote("../" + code)).append('\n');
                continue;
            }
            Url url = Url.parse(o.jdbcUrl());
            y.append("    url: ").append(quote(url.withoutCredentials())).append('\n');
            if (url.hadUser()) {
                y.append("    user_env: ").append(StationSource.defaultUserEnv(code)).append('\n');
            }
            if (url.hadPassword()) {
                y.append("    password_env: ").append(StationSource.defaultPasswordEnv(code)).append('\n');
            }
            y.append("    tables:\n");
            String prefix = JdbcStationOutput.tablePrefix(code);
            for (Entity e : Entity.values()) {
                y.append("      ").append(e.code()).append(": ").append(prefix).append(e.code()).append('\n');
            }
        }
        return y.toString();
    }

    /** A YAML double-quoted scalar (JSON string escapes are valid YAML escapes). */
    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /**
     * A JDBC URL split into what the registry may hold and what it must not. Unlike
     * {@code SqlDialect.withoutCredentials} (meant for messages), only the credentials go: other
     * parameters ({@code connectTimeout}, {@code currentSchema}, {@code sslmode}, …) decide how and
     * where the tables are read, and stay.
     */
    record Url(String withoutCredentials, boolean hadUser, boolean hadPassword) {

        static Url parse(String url) {
            int q = firstOf(url, '?', ';');
            String head = q < 0 ? url : url.substring(0, q);
            boolean user = false;
            boolean password = false;
            int authority = head.indexOf("//");
            if (authority >= 0) {
                int end = head.indexOf('/', authority + 2);
                int hostsEnd = end < 0 ? head.length() : end;
                int at = head.lastIndexOf('@', hostsEnd - 1);
                if (at > authority) {
                    user = true;
                    password = head.substring(authority + 2, at).indexOf(':') >= 0;
                    head = head.substring(0, authority + 2) + head.substring(at + 1);
                }
            }
            if (q < 0) {
                return new Url(head, user, password);
            }
            char separator = url.charAt(q);
            String joiner = separator == '?' ? "&" : ";";
            List<String> kept = new ArrayList<>();
            for (String part : url.substring(q + 1).split(separator == '?' ? "&" : ";")) {
                int eq = part.indexOf('=');
                String name = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                if (name.equals("user")) {
                    user = true;
                } else if (name.contains("password") || name.equals("pwd")) {
                    password = true;
                } else if (!part.isEmpty()) {
                    kept.add(part);
                }
            }
            return new Url(kept.isEmpty() ? head : head + separator + String.join(joiner, kept), user, password);
        }

        private static int firstOf(String s, char a, char b) {
            int i = s.indexOf(a);
            int j = s.indexOf(b);
            return i < 0 ? j : j < 0 ? i : Math.min(i, j);
        }
    }
}
