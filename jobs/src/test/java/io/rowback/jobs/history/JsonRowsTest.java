package io.rowback.jobs.history;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** sql --format json writes values as csv and table do, and every column, NULL as null. */
class JsonRowsTest {
    @Test
    void binaryIsHexAndNullIsWritten() {
        Row r = new GenericRowWithSchema(new Object[]{42, new byte[]{(byte) 0xca, (byte) 0xfe}, null, new BigDecimal("1.50"), true, "a \"b\""},
                new StructType().add("id", DataTypes.IntegerType).add("b", DataTypes.BinaryType).add("n", DataTypes.StringType)
                        .add("d", DataTypes.createDecimalType(5, 2)).add("f", DataTypes.BooleanType).add("s", DataTypes.StringType));
        assertEquals("{\"id\":42,\"b\":\"0xcafe\",\"n\":null,\"d\":1.50,\"f\":true,\"s\":\"a \\\"b\\\"\"}",
                JsonRows.line(new String[]{"id", "b", "n", "d", "f", "s"}, r));
    }

    @Test
    void datesTimesAndNestedValuesAsTheOtherFormats() {
        StructType inner = new StructType().add("x", DataTypes.BinaryType).add("y", DataTypes.StringType);
        Row nested = new GenericRowWithSchema(new Object[]{new byte[]{1}, null}, inner);
        Row r = new GenericRowWithSchema(new Object[]{LocalDate.of(2015, 6, 5), Instant.parse("2015-06-05T10:00:00Z"), nested,
                scala.collection.JavaConverters.asScalaBuffer(java.util.List.of(1L, 2L)), Double.NaN},
                new StructType().add("d", DataTypes.DateType).add("t", DataTypes.TimestampType).add("r", inner)
                        .add("a", DataTypes.createArrayType(DataTypes.LongType)).add("nan", DataTypes.DoubleType));
        assertEquals("{\"d\":\"2015-06-05\",\"t\":\"2015-06-05 10:00:00Z\",\"r\":{\"x\":\"0x01\",\"y\":null},\"a\":[1,2],\"nan\":\"NaN\"}",
                JsonRows.line(new String[]{"d", "t", "r", "a", "nan"}, r));
    }
}
