package io.rowback.dialect;

import io.rowback.config.SourceConfig;

/** The dialect of a source, chosen by its URL. */
public final class Dialects {
    private Dialects() {
    }

    public static Dialect forSource(SourceConfig source) {
        return forUrl(source.url(), source.noBackslashEscapes()).withSchema(source.schema());
    }

    public static Dialect forUrl(String url, boolean noBackslashEscapes) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        if (u.startsWith("jdbc:mariadb:")) {
            return new MariaDbDialect(noBackslashEscapes);
        }
        if (u.startsWith("jdbc:mysql:")) {
            return new MySqlDialect(noBackslashEscapes);
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        if (u.startsWith("jdbc:h2:")) {
            return new H2Dialect();
        }
        throw new IllegalArgumentException("no dialect for " + io.rowback.errors.Errors.redact(url));
    }
}
