package io.vamp.testing;

/**
 * A server the test asked for could not be started or stopped. The message says what is missing and how to install
 * it, or which port clashed, and ends with the tail of the server's log when there is one.
 */
public final class ServerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean portClash;

    public ServerStartException(String message) {
        this(message, null, false);
    }

    public ServerStartException(String message, Throwable cause) {
        this(message, cause, false);
    }

    ServerStartException(String message, Throwable cause, boolean portClash) {
        super(message, cause);
        this.portClash = portClash;
    }

    /** Whether the server's log says one of its ports was taken: starting again on other ports may work. */
    public boolean isPortClash() {
        return portClash;
    }
}
