package jp.junkai.source.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.junkai.schema.Flavour;

/**
 * What {@code --continue} needs to extend a simulated world: the options it was made with, the
 * days written so far, and the files still waiting for their {@code .done} marker. Kept in
 * {@code <out>/_simulator/state.json}.
 */
record SimulatorState(SimulationOptions options, LocalDate start, LocalDate writtenThrough, List<String> unfinishedFiles) {

    static final String FOLDER = "_simulator";
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static Path file(Path out) {
        return out.resolve(FOLDER).resolve("state.json");
    }

    void write(Path out) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("seed", options.seed());
        node.put("stations", options.stations());
        node.put("units", options.units());
        node.put("months", options.months());
        node.put("start", start.toString());
        node.put("first_end", options.end().toString());
        node.put("written_through", writtenThrough.toString());
        node.put("defect_rate", options.defectRate());
        List<String> cycle = new ArrayList<>();
        options.flavourCycle().forEach(f -> cycle.add(f.code()));
        node.putPOJO("flavour_cycle", cycle);
        Map<String, String> explicit = new TreeMap<>();
        options.stationFlavours().forEach((k, v) -> explicit.put(k, v.code()));
        node.putPOJO("station_flavours", explicit);
        // the URL is not kept: it may hold a password; --continue takes it again
        node.put("has_jdbc", options.jdbcUrl() != null);
        node.putPOJO("unfinished_files", unfinishedFiles);
        Files.createDirectories(out.resolve(FOLDER));
        JSON.writeValue(file(out).toFile(), node);
    }

    static SimulatorState read(Path out, String jdbcUrl, int threads) throws IOException {
        Path f = file(out);
        if (!Files.isRegularFile(f)) {
            throw new IOException("Cannot continue " + out + ": no " + FOLDER + "/state.json (was it written by junkai simulate?)");
        }
        JsonNode n = JSON.readTree(f.toFile());
        List<Flavour> cycle = new ArrayList<>();
        n.get("flavour_cycle").forEach(x -> cycle.add(Flavour.byCode(x.asText()).orElseThrow()));
        Map<String, Flavour> explicit = new LinkedHashMap<>();
        n.get("station_flavours").fields().forEachRemaining(e ->
                explicit.put(e.getKey(), Flavour.byCode(e.getValue().asText()).orElseThrow()));
        if (n.get("has_jdbc").asBoolean() && jdbcUrl == null) {
            throw new IOException("Cannot continue " + out + ": it has jdbc stations; give --jdbc URL again");
        }
        SimulationOptions options = new SimulationOptions(n.get("seed").asLong(), out, n.get("stations").asInt(),
                n.get("units").asLong(), n.get("months").asInt(), LocalDate.parse(n.get("first_end").asText()),
                n.get("defect_rate").asDouble(), cycle, explicit, n.get("has_jdbc").asBoolean() ? jdbcUrl : null,
                threads);
        List<String> unfinished = new ArrayList<>();
        n.get("unfinished_files").forEach(x -> unfinished.add(x.asText()));
        return new SimulatorState(options, LocalDate.parse(n.get("start").asText()),
                LocalDate.parse(n.get("written_through").asText()), unfinished);
    }
}
