package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.ingest.FileStation;
import jp.junkai.ingest.IngestOptions;
import jp.junkai.schema.Flavour;
import picocli.CommandLine;

/** How {@code junkai ingest} maps its options and the registry to {@link IngestOptions}; no Spark. */
class TestIngestOptions {

    private static final LocalDateTime PULL = LocalDateTime.of(2026, 11, 1, 6, 0);

    @TempDir
    Path tmp;

    private static IngestCommand parse(String... args) {
        CommandLine cmd = Junkai.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "ingest";
        System.arraycopy(args, 0, all, 1, args.length);
        return cmd.parseArgs(all).subcommand().commandSpec().commandLine().getCommand();
    }

    private static IngestOptions options(IngestCommand command) {
        if (command.env == System.getenv()) {
            command.env = java.util.Map.of(); // the machine's environment is no part of the expectations
        }
        return command.toOptions(command.registry());
    }

    /** Spark must not be started by a run that fails on its options or registry. */
    private static final Consumer<CommandLine> NO_SPARK = cmd -> ((IngestCommand) cmd.getSubcommands().get("ingest")
            .getCommand()).sparkSession = () -> {
                throw new AssertionError("Spark started");
            };

    @Test
    void inboxMakesEveryStationFolderAFileStation() throws IOException {
        Path inbox = tmp.resolve("inbox");
        write(inbox.resolve("S001/visits/2026-10.jsonl"));
        write(inbox.resolve("S002/units/2026-10.csv"));
        Files.createDirectories(inbox.resolve("S003/visits")); // no data file yet: skipped
        Files.createDirectories(inbox.resolve("_simulator"));

        IngestOptions options = options(parse("--lake", "lake", "--inbox", inbox.toString(),
                "--pull-time", "2026-11-01T06:00"));

        assertThat(options).isEqualTo(new IngestOptions(Path.of("lake"), List.of(
                new FileStation("S001", Flavour.JSONL, inbox.resolve("S001").toAbsolutePath().normalize()),
                new FileStation("S002", Flavour.CSV_SJIS, inbox.resolve("S002").toAbsolutePath().normalize())),
                PULL, null));
    }

    @Test
    void registryGivesItsFileStationsAndArchive() throws IOException {
        Path registry = registry("taken_files: archive", "archive_dir: taken");

        IngestOptions options = options(parse("--lake", "lake", "--sources", registry.toString(),
                "--pull-time", "2026-11-01T06:00:30"));

        Path base = registry.getParent().toAbsolutePath().normalize();
        assertThat(options.fileStations()).containsExactly(
                new FileStation("S001", Flavour.JSONL, base.resolve("S001")),
                new FileStation("S002", Flavour.CSV_SJIS, base.resolve("S002")));
        assertThat(options.archiveDir()).isEqualTo(base.resolve("taken"));
        assertThat(options.pullTime()).isEqualTo(PULL.withSecond(30));
    }

    @Test
    void registryThatKeepsFilesArchivesNothing() throws IOException {
        IngestOptions options = options(parse("--lake", "lake", "--sources", registry("taken_files: keep").toString()));

        assertThat(options.archiveDir()).isNull();
    }

    @Test
    void archiveOptionWinsOverTheRegistry() throws IOException {
        Path registry = registry("taken_files: archive", "archive_dir: taken");

        assertThat(options(parse("--lake", "lake", "--sources", registry.toString(), "--archive", "elsewhere"))
                .archiveDir()).isEqualTo(Path.of("elsewhere"));
        assertThat(options(parse("--lake", "lake", "--sources", registry("taken_files: keep").toString(),
                "--archive", "elsewhere")).archiveDir()).isEqualTo(Path.of("elsewhere"));
    }

    @Test
    void defaultPullTimeIsNowInJapan() throws IOException {
        IngestCommand command = parse("--lake", "lake", "--sources", registry().toString());
        command.clock = Clock.fixed(Instant.parse("2026-10-31T21:30:00.123456Z"), ZoneOffset.UTC);

        assertThat(options(command).pullTime()).isEqualTo(LocalDateTime.of(2026, 11, 1, 6, 30, 0, 123_000_000));
    }

    @Test
    void jdbcStationsArePulledWithCredentialsFromTheEnvironment() throws IOException {
        IngestCommand command = parse("--lake", "lake", "--sources", registry().toString(), "--rebuild-silver");
        command.env = java.util.Map.of("JUNKAI_S003_PASSWORD", "secret");

        IngestOptions options = options(command);

        assertThat(options.fileStations()).extracting(FileStation::code).containsExactly("S001", "S002");
        assertThat(options.jdbcStations()).extracting(jp.junkai.schema.StationSource::code).containsExactly("S003");
        assertThat(options.env()).containsEntry("JUNKAI_S003_PASSWORD", "secret");
        assertThat(options.rebuildSilver()).isTrue();
    }

    @Test
    void sourcesAndInboxAreMutuallyExclusive() throws IOException {
        assertUsageError("Cannot ingest: give either --sources FILE or --inbox DIR, not both",
                "--lake", "lake", "--sources", registry().toString(), "--inbox", tmp.toString());
    }

    @Test
    void sourcesOrInboxIsRequired() {
        assertUsageError("Cannot ingest: no stations; give --sources FILE (a source registry) or --inbox DIR",
                "--lake", "lake");
    }

    @Test
    void lakeIsRequired() {
        assertUsageError("Cannot ingest: no lake folder; give --lake DIR", "--inbox", tmp.toString());
    }

    @Test
    void badPullTimeIsAUsageError() {
        for (String bad : new String[] {"2026-11-31T06:00", "2026-11-01 06:00", "2026-11-01", "now"}) {
            assertUsageError("Invalid value for option '--pull-time': '" + bad
                    + "' is not a valid time in the form YYYY-MM-DDTHH:MM",
                    "--lake", "lake", "--inbox", tmp.toString(), "--pull-time", bad);
        }
    }

    @Test
    void registryThatDoesNotLoadFailsWithItsOwnMessage() throws IOException {
        Path registry = tmp.resolve("sources.yaml");
        Files.writeString(registry, "stations:\n  - code: S001\n    flavour: xml\n    inbox: S001\n");

        CliRun run = CliRun.of(NO_SPARK, "ingest", "--lake", tmp.resolve("lake").toString(),
                "--sources", registry.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).matches("junkai: Cannot load source registry \\Q" + registry
                + "\\E: line 3: .*xml.*\\R");
        assertThat(run.out()).isEmpty();
        assertThat(tmp.resolve("lake")).doesNotExist();
    }

    @Test
    void missingRegistryFailsWithItsOwnMessage() {
        Path registry = tmp.resolve("no-such.yaml");

        CliRun run = CliRun.of(NO_SPARK, "ingest", "--lake", "lake", "--sources", registry.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("junkai: Cannot load source registry " + registry + ": no such file%n"
                .formatted());
    }

    @Test
    void missingInboxFails() {
        Path inbox = tmp.resolve("no-such-inbox");

        CliRun run = CliRun.of(NO_SPARK, "ingest", "--lake", "lake", "--inbox", inbox.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("junkai: Cannot discover stations in inbox " + inbox + ": no such folder%n"
                .formatted());
    }

    private Path registry(String... head) throws IOException {
        Path file = tmp.resolve("reg-" + head.length + "-" + String.join("", head).hashCode()).resolve("sources.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", head) + (head.length == 0 ? "" : "\n") + String.join("\n",
                "stations:",
                "  - code: S001",
                "    flavour: jsonl",
                "    inbox: S001",
                "  - code: S002",
                "    flavour: csv-sjis",
                "    inbox: S002",
                "  - code: S003",
                "    flavour: jdbc",
                "    url: jdbc:postgresql://127.0.0.1:5432/sim",
                ""), StandardCharsets.UTF_8);
        return file;
    }

    private static void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
        Files.writeString(Path.of(file + ".done"), "");
    }

    private static void assertUsageError(String message, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "ingest";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun run = CliRun.of(NO_SPARK, all);

        assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(run.err()).as(String.join(" ", args))
                .isEqualTo("junkai: " + message + "%nTry 'junkai ingest --help' for more information.%n".formatted());
        assertThat(run.out()).isEmpty();
    }
}
