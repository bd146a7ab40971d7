package jp.junkai.source.sim;

import java.util.List;
import java.util.Map;

/** What one station's simulation wrote. */
record StationResult(String station, Map<String, Long> written, long batches, List<PlantedDefect> defects,
                     List<String> duplicateFiles, List<String> unfinishedFiles, Map<String, Long> counters) {
}
