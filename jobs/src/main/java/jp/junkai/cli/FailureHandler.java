package jp.junkai.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Failures while a command runs (exit 1): one line {@code junkai: <what went wrong>} on stderr,
 * preceded by the stack trace only when {@code --verbose} was given.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    /** Exceptions whose message reads well on its own; others are prefixed with their class name. */
    private static final Set<Class<?>> SELF_EXPLAINING = Set.of(CommandFailure.class, IllegalArgumentException.class,
            IllegalStateException.class, UnsupportedOperationException.class, IOException.class,
            UncheckedIOException.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (Junkai.isVerbose(parseResult)) {
            ex.printStackTrace(err);
        }
        err.println("junkai: " + reason(ex));
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /** A one-line description of a failure: its message, unwrapped from wrappers that only repeat their cause. */
    static String reason(Throwable failure) {
        Throwable t = failure;
        while (isWrapper(t) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof FileSystemException fse) {
            return describe(fse);
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + t.getMessage() + "); raise JUNKAI_HEAP (max heap now "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB)";
        }
        String message = firstLine(t.getMessage());
        if (message.isEmpty()) {
            return t.getClass().getName();
        }
        return SELF_EXPLAINING.contains(t.getClass()) ? message : t.getClass().getSimpleName() + ": " + message;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof CommandLine.ExecutionException || t instanceof InvocationTargetException
                || t instanceof UndeclaredThrowableException
                // new UncheckedIOException(cause) only repeats the cause; one with its own message says more.
                || (t instanceof UncheckedIOException && t.getCause() != null
                        && Objects.equals(t.getMessage(), t.getCause().toString()));
    }

    private static String describe(FileSystemException e) {
        String what = e instanceof NoSuchFileException ? "no such file or folder"
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileAlreadyExistsException ? "already exists"
                : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        String file = e.getOtherFile() == null ? e.getFile() : e.getFile() + " -> " + e.getOtherFile();
        return file == null ? what : what + ": " + file;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        int end = trimmed.indexOf('\n');
        return end < 0 ? trimmed : trimmed.substring(0, end).strip();
    }
}
