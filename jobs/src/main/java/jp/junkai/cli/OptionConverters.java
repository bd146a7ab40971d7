package jp.junkai.cli;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jp.junkai.schema.Flavour;
import jp.junkai.source.sim.Scale;
import picocli.CommandLine.TypeConversionException;

/**
 * Text → value for option types picocli does not know, by the codes users type ({@code csv-sjis},
 * not {@code CSV_SJIS}). A failed conversion is a usage error that names the accepted values.
 */
final class OptionConverters {

    private OptionConverters() {
    }

    static Scale scale(String text) {
        return Scale.byCode(text).orElseThrow(() -> new TypeConversionException(
                "'" + text + "' is not a scale; use one of " + join(Arrays.stream(Scale.values()).map(Scale::code))));
    }

    static Flavour flavour(String text) {
        return Flavour.byCode(text.trim()).orElseThrow(() -> new TypeConversionException(
                "'" + text + "' is not a flavour; use one of "
                        + join(Arrays.stream(Flavour.values()).map(Flavour::code))));
    }

    static LocalDate isoDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a valid date in the form YYYY-MM-DD");
        }
    }

    /** A local time to the minute, {@code 2026-11-01T06:00} (seconds allowed: {@code 2026-11-01T06:00:30}). */
    static LocalDateTime isoMinute(String text) {
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a valid time in the form YYYY-MM-DDTHH:MM");
        }
    }

    private static String join(Stream<String> codes) {
        return codes.collect(Collectors.joining(", "));
    }
}
