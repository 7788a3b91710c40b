package io.rowback.dialect;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;

import java.util.List;

/** H2, the embedded database of the demo. Standard SQL; only the catalog is read through JDBC metadata. */
public class H2Dialect extends AbstractDialect {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public String driverClass() {
        return "org.h2.Driver";
    }

    @Override
    public Column store(SourceColumn c) {
        return storeCommon(c);
    }

    @Override
    public List<String> scriptSession() {
        return List.of();
    }

    @Override
    public String beginTransaction() {
        return "BEGIN";
    }

    @Override
    public String keyBoundariesQuery(String schema, Table table, String keyColumn, long step) {
        String k = quote(keyColumn);
        return "SELECT k FROM (SELECT " + k + " AS k, ROW_NUMBER() OVER (ORDER BY " + k + ") AS rn FROM "
                + qualified(schema, table.name()) + ") numbered WHERE MOD(rn, " + step + ") = 0 ORDER BY k";
    }

    @Override
    public CatalogReader catalogReader() {
        return new JdbcMetadataCatalogReader();
    }
}
