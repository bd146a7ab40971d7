package jp.junkai.source.sim;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a simulation wrote.
 *
 * @param stations         stations simulated
 * @param recordsByEntity  records written per entity code (planted bad records included)
 * @param batches          batches written (file and jdbc)
 * @param manifest         the manifest file ({@code _simulator/manifest.json})
 */
public record SimulationSummary(int stations, Map<String, Long> recordsByEntity, long batches, Path manifest) {

    public long totalRecords() {
        return recordsByEntity.values().stream().mapToLong(Long::longValue).sum();
    }
}
