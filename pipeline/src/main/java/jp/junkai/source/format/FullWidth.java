package jp.junkai.source.format;

/**
 * Full-width (全角) ASCII in Japanese exports: station systems type dates and counts as
 * {@code ２０２４／０９／１３} or {@code １２}. Readers fold them to half-width before parsing;
 * writers use {@link #digits} to plant them.
 */
public final class FullWidth {

    private static final char FULL_FIRST = '\uFF01'; // ！, full-width counterpart of '!'
    private static final char FULL_LAST = '\uFF5E';  // ～, full-width counterpart of '~'
    private static final int OFFSET = FULL_FIRST - '!';
    private static final char IDEOGRAPHIC_SPACE = '\u3000';

    private FullWidth() {
    }

    /**
     * Folds the full-width ASCII block (U+FF01–FF5E) and the ideographic space to their
     * half-width forms; other characters are kept. Returns {@code text} itself when there is
     * nothing to fold, so the common half-width case allocates nothing.
     */
    public static String normalize(String text) {
        int first = -1;
        for (int i = 0; i < text.length(); i++) {
            if (isFullWidth(text.charAt(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return text;
        }
        char[] out = text.toCharArray();
        for (int i = first; i < out.length; i++) {
            char c = out[i];
            if (c >= FULL_FIRST && c <= FULL_LAST) {
                out[i] = (char) (c - OFFSET);
            } else if (c == IDEOGRAPHIC_SPACE) {
                out[i] = ' ';
            }
        }
        return new String(out);
    }

    /** Turns the ASCII digits of {@code sb} from index {@code from} on into full-width digits, in place. */
    public static void digits(StringBuilder sb, int from) {
        for (int i = from; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.setCharAt(i, (char) (c + OFFSET));
            }
        }
    }

    private static boolean isFullWidth(char c) {
        return (c >= FULL_FIRST && c <= FULL_LAST) || c == IDEOGRAPHIC_SPACE;
    }
}
