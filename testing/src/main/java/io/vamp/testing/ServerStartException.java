package io.vamp.testing;

/**
 * A server the test asked for could not be started or stopped. The message says what is missing and how to install
 * it, or which port clashed, and ends with the tail of the server's log when there is one.
 */
public final class ServerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ServerStartException(String message) {
        super(message);
    }

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
