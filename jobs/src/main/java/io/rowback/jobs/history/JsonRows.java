package io.rowback.jobs.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * One row as one JSON object, its values written as csv and table write them (binary as 0x and hex,
 * timestamps UTC, see {@link ValueText}); every column is there, NULL as null. Spark's toJSON
 * writes binary as base64 and leaves NULL fields out.
 */
final class JsonRows {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonRows() {
    }

    static String line(String[] names, Row row) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (int i = 0; i < names.length; i++) {
                g.writeFieldName(names[i]);
                value(g, row.get(i));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(v.toString());
            } else {
                g.writeString(v.toString());
            }
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (v instanceof Row r) {
            g.writeStartObject();
            for (int i = 0; i < r.length(); i++) {
                g.writeFieldName(r.schema() == null ? "_" + (i + 1) : r.schema().fields()[i].name());
                value(g, r.get(i));
            }
            g.writeEndObject();
        } else if (v instanceof scala.collection.Map<?, ?> m) {
            g.writeStartObject();
            scala.collection.Iterator<? extends scala.Tuple2<?, ?>> it = m.iterator();
            while (it.hasNext()) {
                scala.Tuple2<?, ?> e = it.next();
                g.writeFieldName(String.valueOf(ValueText.of(e._1())));
                value(g, e._2());
            }
            g.writeEndObject();
        } else if (v instanceof scala.collection.Seq<?> seq) {
            g.writeStartArray();
            scala.collection.Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                value(g, it.next());
            }
            g.writeEndArray();
        } else {
            g.writeString(ValueText.of(v));
        }
    }
}
