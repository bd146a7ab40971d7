package jp.junkai.schema;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * One station system of the {@link SourceRegistry}: where and how the pipeline pulls its exports.
 *
 * <p>A file station ({@code jsonl}, {@code csv-sjis}) has an {@link #inbox()}: the station folder
 * holding {@code <entity>/<batch>.<ext>}. A {@code jdbc} station has a {@link #url()} without
 * secrets, the names of the environment variables that hold its user and password (either may be
 * absent: no user or no password is sent), one table name per entity and the number of parallel
 * readers for large tables.
 *
 * <p>Immutable. The canonical constructor checks the same rules as {@link SourceRegistry#load}
 * (without line numbers) and fills the default table names of a {@code jdbc} station.
 *
 * @param code        the station code, {@code [A-Za-z0-9_-]{1,32}}
 * @param flavour     how the station delivers
 * @param inbox       file stations: the absolute, normalised station folder; null for jdbc
 * @param url         jdbc: a {@code jdbc:postgresql:} or {@code jdbc:mariadb:} URL holding no
 *                    password; null for file stations
 * @param userEnv     jdbc: name of the environment variable holding the user, or null
 * @param passwordEnv jdbc: name of the environment variable holding the password, or null
 * @param tables      jdbc: the table of every entity (complete); empty for file stations
 * @param partitions  jdbc: parallel readers of a large table (1–{@value #MAX_PARTITIONS})
 */
public record StationSource(String code, Flavour flavour, Path inbox, String url, String userEnv,
                            String passwordEnv, Map<Entity, String> tables, int partitions) {

    /** Parallel readers of a large jdbc table when the registry does not say. */
    public static final int DEFAULT_PARTITIONS = 4;
    /** More readers than this would be a denial of service on a station's database. */
    public static final int MAX_PARTITIONS = 64;

    public static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    public static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    public static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");

    public StationSource {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(flavour, "flavour");
        String what = "Cannot describe station " + code + ": ";
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(what + codeProblem(code));
        }
        if (flavour.isFile()) {
            if (inbox == null) {
                throw new IllegalArgumentException(what + "a " + flavour.code() + " station needs an inbox");
            }
            if (url != null || userEnv != null || passwordEnv != null || (tables != null && !tables.isEmpty())) {
                throw new IllegalArgumentException(what + "url, user_env, password_env and tables are for jdbc stations");
            }
            inbox = inbox.toAbsolutePath().normalize();
            tables = Map.of();
        } else {
            if (inbox != null) {
                throw new IllegalArgumentException(what + "a jdbc station has a url, not an inbox");
            }
            if (url == null) {
                throw new IllegalArgumentException(what + "a jdbc station needs a url");
            }
            String urlProblem = urlProblem(url);
            if (urlProblem != null) {
                throw new IllegalArgumentException(what + urlProblem);
            }
            for (String env : new String[] {userEnv, passwordEnv}) {
                if (env != null && !ENV_NAME.matcher(env).matches()) {
                    throw new IllegalArgumentException(what + envNameProblem(env));
                }
            }
            Map<Entity, String> all = new EnumMap<>(Entity.class);
            for (Entity e : Entity.values()) {
                String table = tables == null ? null : tables.get(e);
                if (table == null) {
                    table = defaultTable(code, e);
                }
                if (!TABLE_NAME.matcher(table).matches()) {
                    throw new IllegalArgumentException(what + tableNameProblem(e, table));
                }
                all.put(e, table);
            }
            tables = java.util.Collections.unmodifiableMap(all);
        }
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException(what + partitionsProblem(partitions));
        }
    }

    /** A {@code jsonl} or {@code csv-sjis} station delivering into {@code inbox}. */
    public static StationSource file(String code, Flavour flavour, Path inbox) {
        if (!flavour.isFile()) {
            throw new IllegalArgumentException("Cannot describe station " + code + ": " + flavour.code()
                    + " is not a file flavour");
        }
        return new StationSource(code, flavour, inbox, null, null, null, Map.of(), DEFAULT_PARTITIONS);
    }

    /** A {@code jdbc} station with the default table names and partitions. */
    public static StationSource jdbc(String code, String url, String userEnv, String passwordEnv) {
        return new StationSource(code, Flavour.JDBC, null, url, userEnv, passwordEnv, Map.of(), DEFAULT_PARTITIONS);
    }

    /** The table name a jdbc station uses unless the registry says otherwise: {@code s003_visits}. */
    public static String defaultTable(String code, Entity entity) {
        return code.toLowerCase(Locale.ROOT) + "_" + entity.code();
    }

    /** The conventional variable holding a station's database user: {@code JUNKAI_S003_USER}. */
    public static String defaultUserEnv(String code) {
        return envPrefix(code) + "_USER";
    }

    /** The conventional variable holding a station's database password: {@code JUNKAI_S003_PASSWORD}. */
    public static String defaultPasswordEnv(String code) {
        return envPrefix(code) + "_PASSWORD";
    }

    private static String envPrefix(String code) {
        return "JUNKAI_" + code.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    public boolean isFile() {
        return flavour.isFile();
    }

    /** The table holding {@code entity} in this jdbc station's database. */
    public String table(Entity entity) {
        requireJdbc("have tables");
        return tables.get(entity);
    }

    /**
     * The database user: the value of the variable named by {@code user_env}, or null when the
     * registry names none (the URL or the driver's defaults decide).
     *
     * @param env the environment, usually {@link System#getenv()}
     * @throws IllegalStateException "Cannot connect station S003: environment variable
     *                               JUNKAI_S003_USER is not set"
     */
    public String jdbcUser(Map<String, String> env) {
        return resolve(userEnv, env);
    }

    /**
     * The database password: the value of the variable named by {@code password_env} (it may be
     * set to the empty text), or null when the registry names none.
     *
     * @throws IllegalStateException when the named variable is not set
     */
    public String jdbcPassword(Map<String, String> env) {
        return resolve(passwordEnv, env);
    }

    /**
     * Driver properties {@code user} and {@code password} as far as the registry names them, for
     * {@code DriverManager.getConnection(url(), properties)}.
     *
     * @throws IllegalStateException when a named variable is not set
     */
    public Properties jdbcCredentials(Map<String, String> env) {
        Properties p = new Properties();
        String user = jdbcUser(env);
        String password = jdbcPassword(env);
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    private String resolve(String variable, Map<String, String> env) {
        requireJdbc("have database credentials");
        if (variable == null) {
            return null;
        }
        String value = env.get(variable);
        if (value == null) {
            throw new IllegalStateException("Cannot connect station " + code + ": environment variable " + variable
                    + " is not set");
        }
        return value;
    }

    private void requireJdbc(String what) {
        if (isFile()) {
            throw new IllegalStateException("Station " + code + " is a " + flavour.code() + " station and does not "
                    + what + ": only jdbc stations do");
        }
    }

    @Override
    public String toString() {
        return isFile() ? code + " (" + flavour.code() + ", " + inbox + ")" : code + " (jdbc, " + url + ")";
    }

    // ---- the rules, shared with SourceRegistry's loader (which adds the line) ----

    static String codeProblem(String code) {
        return "station code '" + code + "' is not valid: use 1 to 32 letters, digits, _ or -";
    }

    static String envNameProblem(String name) {
        return "environment variable name '" + name + "' is not valid: use upper-case letters, digits and _,"
                + " not starting with a digit (e.g. JUNKAI_S003_PASSWORD)";
    }

    static String tableNameProblem(Entity entity, String table) {
        return "table name '" + table + "' for " + entity.code() + " is not valid: use 1 to 63 letters, digits or _";
    }

    static String partitionsProblem(long partitions) {
        return "partitions must be from 1 to " + MAX_PARTITIONS + ", got " + partitions;
    }

    /**
     * What is wrong with a jdbc URL, or null: it must be PostgreSQL or MariaDB and must not hold a
     * password (a {@code password} parameter of any spelling, or {@code user:password@} in the
     * authority). The problem never quotes the URL, which may hold the secret.
     */
    static String urlProblem(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:postgresql:") && !lower.startsWith("jdbc:mariadb:")) {
            int colon = url.indexOf(':', Math.min(url.length(), 5));
            String scheme = lower.startsWith("jdbc:") && colon > 0 ? url.substring(0, colon + 1) : "not a jdbc: URL";
            return "url must start with jdbc:postgresql: or jdbc:mariadb: (" + scheme + ")";
        }
        if (hasPassword(url)) {
            return "url holds a password: secrets belong in environment variables; remove it from the url and"
                    + " name the variable with password_env:";
        }
        return null;
    }

    /** True when the URL names a user ({@code user=} parameter or {@code user@} in the authority). */
    static boolean urlHasUser(String url) {
        String userInfo = userInfo(url);
        if (userInfo != null) {
            return true;
        }
        for (String name : parameterNames(url)) {
            if (name.equals("user")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPassword(String url) {
        String userInfo = userInfo(url);
        if (userInfo != null && userInfo.indexOf(':') >= 0) {
            return true;
        }
        for (String name : parameterNames(url)) {
            if (name.contains("password") || name.equals("pwd")) {
                return true;
            }
        }
        return false;
    }

    /** The {@code user[:password]} before {@code @} in the URL's authority, or null. */
    private static String userInfo(String url) {
        int q = firstOf(url, '?', ';');
        String head = q < 0 ? url : url.substring(0, q);
        int authority = head.indexOf("//");
        if (authority < 0) {
            return null;
        }
        int end = head.indexOf('/', authority + 2);
        String hosts = end < 0 ? head.substring(authority + 2) : head.substring(authority + 2, end);
        int at = hosts.lastIndexOf('@');
        return at < 0 ? null : hosts.substring(0, at);
    }

    /** Lower-case names of the URL's parameters ({@code ?a=1&b=2}, or {@code ;a=1;b=2}). */
    private static java.util.List<String> parameterNames(String url) {
        java.util.List<String> names = new java.util.ArrayList<>();
        int q = firstOf(url, '?', ';');
        if (q < 0) {
            return names;
        }
        for (String part : url.substring(q + 1).split("[&;?]")) {
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
