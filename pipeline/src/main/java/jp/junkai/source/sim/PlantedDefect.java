package jp.junkai.source.sim;

/**
 * One bad record the simulator planted, and where quarantine must show it.
 *
 * @param station station code
 * @param entity  entity code
 * @param batch   batch name ({@code null} for {@code jdbc} stations, whose batches are the pulls)
 * @param line    1-based line in the batch file (0 for {@code jdbc})
 * @param reason  the SPEC §6.8 reason code quarantine must give
 */
public record PlantedDefect(String station, String entity, String batch, int line, String reason) {
}
