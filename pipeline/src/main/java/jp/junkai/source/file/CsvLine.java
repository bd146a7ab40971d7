package jp.junkai.source.file;

/**
 * One CSV line, RFC 4180 style: cells separated by commas, a cell quoted with {@code "} when it
 * holds a comma or a quote, a quote inside doubled. A record is exactly one physical line (the
 * writers refuse line breaks in values), which keeps line numbers and {@code broken_line} simple.
 *
 * <p>Hand-written rather than commons-csv because readers split one line at a time, tens of
 * millions of times, and must turn only the allow-listed cells into strings.
 */
final class CsvLine {

    private final StringBuilder quoted = new StringBuilder();

    /**
     * Splits a decoded line into cells.
     *
     * @param chars  the line, without line end
     * @param length how many chars of {@code chars} are the line
     * @param wanted which columns to keep; cells at other positions are only counted
     * @param out    receives the kept cells (null for the others); at least {@code wanted.length} long
     * @return the number of cells, or -1 when the line is broken (an unclosed quote, a quote
     *         inside an unquoted cell, or text after a closing quote)
     */
    int split(char[] chars, int length, boolean[] wanted, String[] out) {
        int column = 0;
        int i = 0;
        while (true) {
            boolean keep = column < wanted.length && wanted[column];
            if (i < length && chars[i] == '"') {
                quoted.setLength(0);
                i++;
                while (true) {
                    if (i >= length) {
                        return -1;
                    }
                    char c = chars[i++];
                    if (c == '"') {
                        if (i < length && chars[i] == '"') {
                            quoted.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        quoted.append(c);
                    }
                }
                if (keep) {
                    out[column] = quoted.toString();
                }
                if (i < length && chars[i] != ',') {
                    return -1;
                }
            } else {
                int start = i;
                while (i < length && chars[i] != ',') {
                    if (chars[i] == '"') {
                        return -1;
                    }
                    i++;
                }
                if (keep) {
                    out[column] = new String(chars, start, i - start);
                }
            }
            column++;
            if (i >= length) {
                return column;
            }
            i++; // the comma; a comma at the very end opens one more, empty cell
        }
    }

    /**
     * Appends one cell, quoted only when it holds a comma or a quote.
     *
     * @return false (nothing appended) when the value holds a line break, which a line-based
     *         file cannot carry
     */
    static boolean appendCell(StringBuilder sb, String value) {
        boolean quote = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                return false;
            }
            if (c == ',' || c == '"') {
                quote = true;
            }
        }
        if (!quote) {
            sb.append(value);
            return true;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
        return true;
    }
}
