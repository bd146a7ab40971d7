package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

class TestFailureHandler {

    @Test
    void ownMessagesStandAlone() {
        assertThat(FailureHandler.reason(new IllegalArgumentException("Cannot read rules: no such rule"))).isEqualTo(
                "Cannot read rules: no such rule");
    }

    @Test
    void otherExceptionsAreNamed() {
        assertThat(FailureHandler.reason(new ArithmeticException("/ by zero"))).isEqualTo("ArithmeticException: / by zero");
        assertThat(FailureHandler.reason(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void wrappersAreUnwrapped() {
        Exception wrapped = new ExecutionException(new UncheckedIOException(new AccessDeniedException("/lake")));

        assertThat(FailureHandler.reason(wrapped)).isEqualTo("permission denied: /lake");
    }

    @Test
    void uncheckedIoWithItsOwnMessageIsKept() {
        Exception e = new UncheckedIOException("Cannot write batch b1: disk full", new IOException("No space left"));

        assertThat(FailureHandler.reason(e)).isEqualTo("Cannot write batch b1: disk full");
    }

    @Test
    void onlyTheFirstLineOfAMessageIsKept() {
        assertThat(FailureHandler.reason(new IllegalStateException("Cannot plan query\n  at line 1\n  at line 2")))
                .isEqualTo("Cannot plan query");
    }
}
