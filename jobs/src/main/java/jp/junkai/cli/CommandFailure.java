package jp.junkai.cli;

/**
 * A command failed for a reason the user can act on. Its message is the complete one-line report,
 * "Cannot &lt;do what&gt;: &lt;why&gt;"; the cause is kept for {@code --verbose}.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    CommandFailure(String message) {
        super(message);
    }
}
