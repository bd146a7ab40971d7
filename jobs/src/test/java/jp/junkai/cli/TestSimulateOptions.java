package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.junkai.schema.Flavour;
import jp.junkai.source.sim.Scale;
import jp.junkai.source.sim.SimulationOptions;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class TestSimulateOptions {

    private static SimulateCommand parse(String... args) {
        CommandLine cmd = Junkai.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "simulate";
        System.arraycopy(args, 0, all, 1, args.length);
        return cmd.parseArgs(all).subcommand().commandSpec().commandLine().getCommand();
    }

    @Test
    void defaultsAreTheSmallScaleWithSeedOneAndBothFileFlavours() {
        SimulationOptions options = parse("--out", "work/inbox").toOptions();

        assertThat(options).isEqualTo(new SimulationOptions(1, Path.of("work/inbox"), Scale.SMALL.stations(),
                Scale.SMALL.units(), Scale.SMALL.months(), SimulationOptions.DEFAULT_END, 0.0,
                List.of(Flavour.JSONL, Flavour.CSV_SJIS), Map.of(), null, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void scalePresetSetsStationsUnitsAndMonths() {
        SimulationOptions options = parse("--out", "o", "--scale", "prefecture").toOptions();

        assertThat(options.stations()).isEqualTo(Scale.PREFECTURE.stations());
        assertThat(options.units()).isEqualTo(Scale.PREFECTURE.units());
        assertThat(options.months()).isEqualTo(Scale.PREFECTURE.months());
    }

    @Test
    void explicitOptionsOverrideThePreset() {
        SimulationOptions options = parse("--out", "o", "--scale", "medium", "--seed", "42", "--stations", "5",
                "--units", "1000", "--months", "6", "--end", "2025-03-31", "--defects", "0.05", "--threads", "3",
                "--flavours", "csv-sjis,jsonl").toOptions();

        assertThat(options).isEqualTo(new SimulationOptions(42, Path.of("o"), 5, 1000, 6, LocalDate.of(2025, 3, 31),
                0.05, List.of(Flavour.CSV_SJIS, Flavour.JSONL), Map.of(), null, 3));
    }

    @Test
    void jdbcUrlAddsJdbcToTheDefaultCycle() {
        SimulationOptions options = parse("--out", "o", "--jdbc", "jdbc:postgresql://127.0.0.1/sim").toOptions();

        assertThat(options.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/sim");
        assertThat(options.flavourCycle()).containsExactly(Flavour.JSONL, Flavour.CSV_SJIS, Flavour.JDBC);
    }

    @Test
    void stationFlavoursAreRepeatable() {
        SimulationOptions options = parse("--out", "o", "--jdbc", "jdbc:mariadb://127.0.0.1/sim",
                "--station-flavour", "S01=jdbc", "--station-flavour", "S02=csv-sjis").toOptions();

        assertThat(options.stationFlavours()).containsExactlyInAnyOrderEntriesOf(
                Map.of("S01", Flavour.JDBC, "S02", Flavour.CSV_SJIS));
    }

    @Test
    void outIsRequiredForANewWorld() {
        assertThatThrownBy(() -> parse("--seed", "2").toOptions())
                .isInstanceOf(ParameterException.class)
                .hasMessage("Cannot simulate: no output folder; give --out DIR (or --continue DIR --days N)");
    }

    @Test
    void continuationTakesDays() {
        assertThat(parse("--continue", "work/inbox", "--days", "7").continuationDays()).isEqualTo(7);
    }

    @Test
    void continuationTakesTheDatabaseAndThreadsAgain() {
        SimulateCommand command = parse("--continue", "o", "--days", "1", "--jdbc", "jdbc:postgresql://127.0.0.1/sim",
                "--threads", "2");

        assertThat(command.continuationDays()).isEqualTo(1);
    }

    @Test
    void helpShowsTheDefaultEnd() {
        CliRun run = CliRun.of("simulate", "--help");

        assertThat(run.out()).contains("(default: " + SimulationOptions.DEFAULT_END + ",");
    }

    @Test
    void invalidCombinationsAreUsageErrors() {
        assertUsageError("Cannot simulate: --days extends an earlier run and needs --continue DIR",
                "--out", "o", "--days", "3");
        assertUsageError("Cannot continue a simulation with --out, --scale: the world was set by the earlier run; "
                + "--continue takes only --days, --jdbc and --threads",
                "--continue", "o", "--days", "3", "--out", "o", "--scale", "small", "--threads", "2");
        assertUsageError("Cannot continue a simulation: give --days N", "--continue", "o");
        assertUsageError("Cannot continue a simulation: --days must be at least 1, got 0", "--continue", "o", "--days", "0");
        assertUsageError("Cannot simulate jdbc stations: no --jdbc URL given", "--out", "o", "--flavours", "jsonl,jdbc");
        assertUsageError("Cannot simulate: --defects must be between 0 and 0.5, got 0.9", "--out", "o", "--defects", "0.9");
    }

    @Test
    void invalidValuesNameWhatIsAccepted() {
        assertUsageError("Invalid value for option '--scale': 'huge' is not a scale; use one of small, medium, prefecture",
                "--out", "o", "--scale", "huge");
        assertUsageError("Invalid value for option '--flavours' (FLAVOUR): 'xml' is not a flavour; "
                + "use one of jsonl, csv-sjis, jdbc", "--out", "o", "--flavours", "xml");
        assertUsageError("Invalid value for option '--end': '2024-02-30' is not a valid date in the form YYYY-MM-DD",
                "--out", "o", "--end", "2024-02-30");
    }

    private static void assertUsageError(String message, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "simulate";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun run = CliRun.of(all);

        assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(run.err()).as(String.join(" ", args))
                .isEqualTo("junkai: " + message + "%nTry 'junkai simulate --help' for more information.%n".formatted());
        assertThat(run.out()).isEmpty();
    }
}
