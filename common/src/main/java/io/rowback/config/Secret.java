package io.rowback.config;

import java.io.Serializable;

/** A password: its value is handed to the JDBC driver and nowhere else; it prints as ***. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Secret NONE = new Secret(null);

    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** The secret itself, for the driver's connection properties only. */
    public String reveal() {
        return value;
    }

    public boolean isPresent() {
        return value != null;
    }

    @Override
    public String toString() {
        return value == null ? "(none)" : "***";
    }
}
