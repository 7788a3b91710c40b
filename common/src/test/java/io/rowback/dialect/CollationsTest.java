package io.rowback.dialect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CollationsTest {
    @ParameterizedTest(name = "{0}: ''{1}'' and ''{2}'' are the same key: {3}")
    @CsvSource(delimiter = '|', value = {
            "utf8mb4_general_ci     | Anna@X.org | anna@x.org  | true",
            "utf8mb4_unicode_ci     | José       | jose        | true",
            "utf8mb4_general_ci     | 'anna '    | anna        | true",
            "utf8mb4_nopad_bin      | Anna       | anna        | false",
            "utf8mb4_bin            | Anna       | anna        | false",
            "utf8mb4_0900_as_ci     | José       | jose        | false",
            "utf8mb4_0900_as_ci     | JOSÉ       | josé        | true",
            "utf8mb4_0900_ai_ci     | JOSÉ       | jose        | true",
            "utf8mb4_unicode_nopad_ci | 'anna '  | anna        | false",
            "citext                 | Anna@X.org | anna@x.org  | true",
            "citext                 | José       | jose        | false",
            "icu:und-u-ks-level2    | Straße     | STRASSE     | true",
            "icu:und-u-ks-level2    | Anna       | ANNA        | true",
            "icu:und-u-ks-level1    | Ánna       | anna        | true",
            "icu:und-u-ks-level2    | Ánna       | anna        | false",
            "c:C                    | Anna       | anna        | false",
    })
    void sameKeyUnderTheCollation(String collation, String a, String b, boolean same) {
        Collations c = Collations.of(collation);
        assertEquals(same, c.fold(a).equals(c.fold(b)), collation + ": " + c);
    }
}
