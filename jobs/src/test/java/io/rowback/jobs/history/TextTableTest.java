package io.rowback.jobs.history;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The table names what shows the rest with the options of the command that printed it. */
class TextTableTest {
    static List<String> print(List<Row> rows, int limit, String more) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TextTable.print(new String[]{"id", "name"}, rows, limit, more, new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void moreRowsThanShownSaysHowToSeeThem() {
        List<Row> rows = List.of(RowFactory.create(1, "a"), RowFactory.create(22, null), RowFactory.create(3, "c"));
        assertEquals(List.of("id | name", "---+-----", " 1 | a", "22 | NULL", "(first 2 rows; " + DiffJob.MORE + ")"), print(rows, 2, DiffJob.MORE));
        assertEquals("(3 rows)", print(rows, 3, SqlJob.MORE).get(5));
    }
}
