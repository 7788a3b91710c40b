package io.rowback.jobs.history;

import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Values of Spark rows as text for people: dates ISO, times UTC, bytes in hex. */
public final class ValueText {
    private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSS]");

    private ValueText() {
    }

    public static String of(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof LocalDateTime t) {
            return wall(t);
        }
        if (v instanceof Instant i) {
            return wall(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "Z";
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            StringBuilder s = new StringBuilder("[");
            scala.collection.Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                s.append(of(it.next()));
                if (it.hasNext()) {
                    s.append(", ");
                }
            }
            return s.append(']').toString();
        }
        if (v instanceof Row r) {
            StringBuilder s = new StringBuilder("{");
            for (int i = 0; i < r.length(); i++) {
                if (i > 0) {
                    s.append(", ");
                }
                s.append(r.schema() == null ? "" : r.schema().fields()[i].name() + ": ").append(of(r.get(i)));
            }
            return s.append('}').toString();
        }
        return v.toString();
    }

    private static String wall(LocalDateTime t) {
        String s = WALL.format(t);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }
}
