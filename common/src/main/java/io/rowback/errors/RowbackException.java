package io.rowback.errors;

/**
 * An error meant for the person running rowback: the message is one line that says what went wrong,
 * where, and how to fix it. {@link #exitStatus()} is 2 for bad input (nothing was written) and 1 for
 * a failure while working.
 */
public final class RowbackException extends RuntimeException {
    public static final int BAD_INPUT = 2;
    public static final int FAILED = 1;

    private final int exitStatus;

    RowbackException(int exitStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
