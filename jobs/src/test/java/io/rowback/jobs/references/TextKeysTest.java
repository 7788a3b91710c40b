package io.rowback.jobs.references;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Column;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
import io.rowback.graph.ReferenceGraph;
import io.rowback.jobs.testing.SparkExtension;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A reference between text keys is found like one between numbers: the numeric spread of its values
 * is none, also on Spark 4, where ANSI mode makes a plain CAST of 'de' to a number fail.
 */
class TextKeysTest {
    private static Column text(String name, int position, boolean nullable) {
        return new Column(name, position, "varchar(8)", "varchar", nullable, false, false, 8, "STRING", false);
    }

    @Test
    void aTextColumnInsideATextKeyIsSuggested() {
        SparkSession spark = SparkExtension.spark();
        Table country = new Table("country", false, 4, List.of(text("code", 1, false), text("name", 2, true)), new Key("pk", List.of("code")),
                List.of(), List.of());
        Table city = new Table("city", false, 40, List.of(new Column("id", 1, "int", "int", false, false, false, 0, "INT", false),
                text("country_id", 2, true)), new Key("pk", List.of("id")), List.of(), List.of());
        Catalog catalog = new Catalog(List.of(country, city));
        List<String> codes = List.of("de", "fr", "it", "nl", "1e3", "x-1");
        LocalDate[] dates = {LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2)};
        Map<String, List<Row>> rows = Map.of("country.code", new ArrayList<>(), "city.country_id", new ArrayList<>(), "city.id", new ArrayList<>(),
                "country.name", new ArrayList<>());
        for (LocalDate d : dates) {
            codes.forEach(c -> rows.get("country.code").add(RowFactory.create(d, c)));
            for (int i = 1; i <= 40; i++) {
                rows.get("city.country_id").add(RowFactory.create(d, codes.get(i % codes.size())));
                rows.get("city.id").add(RowFactory.create(d, String.valueOf(i)));
            }
        }
        ColumnValues values = (table, columns) -> {
            assertEquals(1, columns.size(), "one column at a time in this test: " + columns);
            StructType schema = new StructType().add(ColumnValues.DATE, DataTypes.DateType).add("c0", DataTypes.StringType);
            Dataset<Row> df = spark.createDataFrame(rows.getOrDefault(table.name() + "." + columns.get(0), List.of()), schema);
            return df;
        };
        ReferenceFinder.Found found = new ReferenceFinder(spark, values, 0.99, t -> true).find(ReferenceGraph.declared(catalog));
        assertEquals(List.of("city.country_id -> country.code"), found.suggestions().stream().map(Suggestion::reference).toList(), found.toString());
    }
}
