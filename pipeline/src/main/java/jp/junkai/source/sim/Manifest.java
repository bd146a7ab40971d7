package jp.junkai.source.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The record of what a simulation planted and what ingest must therefore show: written to
 * {@code _simulator/manifest.json} (summary, expected {@code quarantine_summary} rows, duplicate
 * and unfinished files) and {@code _simulator/planted.jsonl} (one line per planted bad record).
 * {@code jdbc} stations have no batch names of their own: their rows carry batch {@code "*"}.
 */
final class Manifest {

    static final String MANIFEST = "manifest.json";
    static final String PLANTED = "planted.jsonl";

    private final List<PlantedDefect> defects = new ArrayList<>();
    private final List<String> duplicateFiles = new ArrayList<>();
    private final List<String> unfinishedFiles = new ArrayList<>();
    private final Map<String, Long> counters = new TreeMap<>();

    void add(StationResult r) {
        defects.addAll(r.defects());
        duplicateFiles.addAll(r.duplicateFiles());
        unfinishedFiles.addAll(r.unfinishedFiles());
        r.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
    }

    List<String> unfinishedFiles() {
        return unfinishedFiles;
    }

    /** Expected quarantine rows: (station, entity, batch, reason) → records. */
    Map<List<String>, Long> expectedQuarantine() {
        Map<List<String>, Long> rows = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        for (PlantedDefect d : defects) {
            rows.merge(List.of(d.station(), d.entity(), d.batch() == null ? "*" : d.batch(), d.reason()), 1L, Long::sum);
        }
        return rows;
    }

    /** Writes the manifest files; {@code append} keeps the earlier runs' entries ({@code --continue}). */
    Path write(Path out, SimulatorState state, boolean append) throws IOException {
        Path folder = out.resolve(SimulatorState.FOLDER);
        Files.createDirectories(folder);
        Path planted = folder.resolve(PLANTED);
        List<PlantedDefect> all = new ArrayList<>();
        if (append && Files.exists(planted)) {
            for (String line : Files.readAllLines(planted, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    all.add(SimulatorState.JSON.readValue(line, PlantedDefect.class));
                }
            }
        }
        all.addAll(defects);
        try (BufferedWriter w = Files.newBufferedWriter(planted, StandardCharsets.UTF_8)) {
            for (PlantedDefect d : all) {
                w.write(SimulatorState.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(d));
                w.write('\n');
            }
        }
        Manifest merged = new Manifest();
        merged.defects.addAll(all);
        Path manifest = folder.resolve(MANIFEST);
        List<String> duplicates = new ArrayList<>();
        Map<String, Long> totals = new TreeMap<>();
        if (append && Files.exists(manifest)) {
            var old = SimulatorState.JSON.readTree(manifest.toFile());
            old.get("duplicate_files").forEach(x -> duplicates.add(x.asText()));
            old.get("counters").fields().forEachRemaining(e -> totals.put(e.getKey(), e.getValue().asLong()));
        }
        duplicates.addAll(duplicateFiles);
        counters.forEach((k, v) -> totals.merge(k, v, Long::sum));

        ObjectNode root = SimulatorState.JSON.createObjectNode();
        root.put("seed", state.options().seed());
        root.put("defect_rate", state.options().defectRate());
        root.put("start", state.start().toString());
        root.put("written_through", state.writtenThrough().toString());
        root.put("planted_bad_records", all.size());
        root.putPOJO("counters", totals);
        Map<String, Long> byReason = new TreeMap<>();
        all.forEach(d -> byReason.merge(d.reason(), 1L, Long::sum));
        root.putPOJO("planted_by_reason", byReason);
        ArrayNode rows = root.putArray("expected_quarantine_summary");
        merged.expectedQuarantine().forEach((k, v) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("station_code", k.get(0));
            row.put("entity", k.get(1));
            row.put("batch", k.get(2));
            row.put("reason", k.get(3));
            row.put("records", v);
            rows.addPOJO(row);
        });
        root.putPOJO("duplicate_files", duplicates);
        root.putPOJO("unfinished_files", state.unfinishedFiles());
        root.put("notes", "Planted bad records must appear in quarantine_summary exactly as expected_quarantine_summary "
                + "(batch \"*\" for jdbc stations). duplicate_files must be skipped by content hash; unfinished_files "
                + "have no .done marker and must not be taken until --continue finishes them.");
        SimulatorState.JSON.writeValue(manifest.toFile(), root);
        return manifest;
    }
}
