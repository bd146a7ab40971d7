package jp.junkai.source.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.schema.Entity;
import jp.junkai.source.file.ReadResult;

class TestSimulator {

    private static final Charset CP932 = Charset.forName("windows-31j");

    @TempDir
    static Path tmp;

    static Path world;
    static SimulationSummary summary;
    static List<InboxScan.Line> lines;

    @BeforeAll
    static void simulateOnce() throws IOException {
        world = tmp.resolve("world");
        summary = Simulator.run(SmallWorld.options(world, 1), m -> { });
        lines = InboxScan.scan(world);
    }

    @Test
    void sameSeedWritesIdenticalBytesWhateverTheThreads() throws Exception {
        Path again = tmp.resolve("again");
        SimulationOptions o = SmallWorld.options(again, 1);
        Simulator.run(new SimulationOptions(o.seed(), again, o.stations(), o.units(), o.months(), o.end(), 0.0,
                o.flavourCycle(), o.stationFlavours(), null, 1), m -> { });
        assertThat(digests(again)).isEqualTo(digests(world));
    }

    @Test
    void anotherSeedIsAnotherWorld() throws Exception {
        Path other = tmp.resolve("other-seed");
        Simulator.run(SmallWorld.options(other, 2), m -> { });
        assertThat(digests(other)).isNotEqualTo(digests(world));
    }

    @Test
    void writesTheInboxLayoutWithMarkersForEveryEntityAndBothFileFlavours() throws IOException {
        for (String station : List.of("S001", "S002")) {
            for (Entity e : Entity.values()) {
                Path folder = world.resolve(station).resolve(e.code());
                assertThat(folder).isDirectory();
                String ext = station.equals("S001") ? ".jsonl" : ".csv";
                List<Path> data = InboxScan.sorted(folder).stream()
                        .filter(p -> !p.toString().endsWith(".done")).toList();
                assertThat(data).isNotEmpty().allSatisfy(p -> {
                    assertThat(p.toString()).endsWith(ext);
                    assertThat(Path.of(p + ".done")).exists().isEmptyFile();
                });
            }
        }
        // monthly batches named by the month's last day
        assertThat(world.resolve("S001/visits/20261031-230000.jsonl")).exists();
        assertThat(world.resolve("S001/visits/20260930-230000.jsonl")).exists();
        assertThat(summary.totalRecords()).isEqualTo(lines.size());
        assertThat(summary.stations()).isEqualTo(2);
    }

    @Test
    void everyRecordOfBothFlavoursParsesBackThroughTheReadBoundary() {
        assertThat(lines).allSatisfy(l -> assertThat(l.result()).isInstanceOf(ReadResult.Parsed.class));
        Map<String, Long> perStationEntity = lines.stream()
                .collect(Collectors.groupingBy(l -> l.station() + "/" + l.entity().code(), TreeMap::new,
                        Collectors.counting()));
        assertThat(perStationEntity).hasSize(2 * Entity.values().length);
    }

    @Test
    void csvStationWritesCp932WithCrlfJapaneseHeadersEraDatesAndFullWidthDigits() throws IOException {
        byte[] bytes = Files.readAllBytes(world.resolve("S002/units/" + firstBatch("S002", "units")));
        String text = new String(bytes, CP932);
        assertThat(text).contains("\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n");
        assertThat(text.substring(0, text.indexOf("\r\n"))).contains("住所").contains("更新日時");
        assertThat(text).contains("令和").containsPattern("[RH]\\d\\d\\.\\d\\d\\.\\d\\d").contains("昭和");
        assertThat(text).containsPattern("[０-９]");
        assertThat(text).containsPattern("\\d{4}/\\d{2}/\\d{2}");
        // Japanese text in CP932 is not valid UTF-8
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\uFFFD");
    }

    @Test
    void sourcesCarryTheCanariesInBothEncodings() throws IOException {
        String jsonl = concat(world.resolve("S001"), StandardCharsets.UTF_8);
        String csv = concat(world.resolve("S002"), CP932);
        for (String canary : Canaries.ALL) {
            assertThat(jsonl).as("jsonl canary %s", canary).contains(canary);
            assertThat(csv).as("csv canary %s", canary).contains(canary);
        }
    }

    @Test
    void theWorldLooksLikePatrolLiaison() {
        List<InboxScan.Line> visits = of(Entity.VISITS);
        long absent = visits.stream().filter(v -> "absent".equals(v.get("outcome"))).count();
        assertThat((double) absent / visits.size()).isBetween(0.35, 0.65);
        assertThat(visits).anySatisfy(v -> assertThat(v.get("outcome")).isEqualTo("met"))
                .anySatisfy(v -> assertThat(v.get("outcome")).isEqualTo("refused"))
                .anySatisfy(v -> assertThat(v.get("outcome")).isEqualTo("vacant"))
                .anySatisfy(v -> assertThat(v.get("card_action")).isEqualTo("created"))
                .anySatisfy(v -> assertThat(v.get("card_action")).isEqualTo("corrected"))
                .anySatisfy(v -> assertThat(v.get("dedicated_day")).isEqualTo(true))
                .anySatisfy(v -> assertThat(((int[]) v.get("topics")).length).isGreaterThan(1));
        List<InboxScan.Line> night = visits.stream().filter(v -> {
            int h = ((LocalDateTime) v.get("visited_at")).getHour();
            return h >= 20 || h < 6;
        }).toList();
        assertThat(night).anySatisfy(v -> assertThat(v.get("night_approval_id")).isNotNull())
                .anySatisfy(v -> assertThat(v.get("night_approval_id")).isNull())
                .anySatisfy(v -> assertThat(((LocalDateTime) v.get("visited_at")).getHour()).isLessThan(6));
        assertThat(of(Entity.CARD_CHANGES)).anySatisfy(c -> assertThat(c.get("kind")).isEqualTo("move_in"))
                .anySatisfy(c -> assertThat(c.get("kind")).isEqualTo("move_out"));
        List<InboxScan.Line> units = of(Entity.UNITS);
        assertThat(units).anySatisfy(u -> assertThat(u.get("closed_on")).isNotNull())
                .anySatisfy(u -> assertThat(u.get("exempt_from")).isNotNull())
                .anySatisfy(u -> assertThat(u.get("unit_kind")).isEqualTo("business"))
                .anySatisfy(u -> assertThat(u.get("dwelling")).isEqualTo("apartment"))
                .anySatisfy(u -> assertThat(u.get("foreign_resident")).isEqualTo(true))
                .anySatisfy(u -> assertThat((LocalDate) u.get("registered_on")).isAfter(LocalDate.of(2025, 9, 1)))
                .anySatisfy(u -> assertThat((LocalDate) u.get("registered_on")).isBefore(LocalDate.of(1989, 1, 8)));
        assertThat(of(Entity.CARDS)).anySatisfy(c -> assertThat(c.get("language")).isNotEqualTo("ja"))
                .anySatisfy(c -> assertThat(c.get("status")).isEqualTo("archived"))
                .anySatisfy(c -> assertThat(c.get("method")).isEqualTo("resident"))
                .anySatisfy(c -> assertThat(c.get("method")).isEqualTo("officer"));
        assertThat(of(Entity.OFFICERS)).anySatisfy(o -> assertThat(o.get("department")).isEqualTo("other"));
        assertThat(of(Entity.ASSIGNMENTS)).anySatisfy(a -> assertThat(a.get("end_date")).isNotNull())
                .anySatisfy(a -> assertThat(a.get("role")).isEqualTo("support"));
        assertThat(of(Entity.NIGHT_APPROVALS)).isNotEmpty();
        assertThat(of(Entity.INSPECTIONS)).isNotEmpty();
        assertThat(of(Entity.BEATS).stream().map(b -> b.get("area_type")).collect(Collectors.toSet())).hasSizeGreaterThan(1);
    }

    @Test
    void everyVisitNamesAUnitAndAnOfficerOfItsStation() {
        Set<Object> units = new HashSet<>();
        of(Entity.UNITS).forEach(u -> units.add(u.get("unit_id")));
        Set<Object> officers = new HashSet<>();
        of(Entity.OFFICERS).forEach(o -> officers.add(o.get("officer_id")));
        assertThat(of(Entity.VISITS)).allSatisfy(v -> {
            assertThat(units).contains(v.get("unit_id"));
            assertThat(officers).contains(v.get("officer_id"));
            assertThat((String) v.get("unit_id")).startsWith(v.station());
        });
    }

    @Test
    void refusesToOverwriteAFolderThatIsNotEmpty() {
        assertThatThrownBy(() -> Simulator.run(SmallWorld.options(world, 1), m -> { }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot simulate into").hasMessageContaining("not empty");
    }

    @Test
    void writesStateForContinue() throws IOException {
        String state = Files.readString(SimulatorState.file(world));
        assertThat(state).contains("\"written_through\" : \"2026-10-31\"").contains("\"start\" : \"2025-09-01\"");
    }

    private static List<InboxScan.Line> of(Entity e) {
        return lines.stream().filter(l -> l.entity() == e).toList();
    }

    private static String firstBatch(String station, String entity) {
        return InboxScan.sorted(world.resolve(station).resolve(entity)).get(0).getFileName().toString();
    }

    static String concat(Path folder, Charset charset) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path f : InboxScan.files(folder)) {
            sb.append(new String(Files.readAllBytes(f), charset));
        }
        return sb.toString();
    }

    static Map<String, String> digests(Path root) throws IOException, NoSuchAlgorithmException {
        Map<String, String> out = new HashMap<>();
        for (Path f : InboxScan.files(root)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            out.put(root.relativize(f).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(f))));
        }
        return out;
    }
}
