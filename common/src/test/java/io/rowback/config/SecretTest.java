package io.rowback.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretTest {
    @Test
    void printsStarsAndRevealsOnlyOnRequest() {
        Secret s = new Secret("hunter2");
        assertEquals("***", s.toString());
        assertEquals("hunter2", s.reveal());
        assertTrue(s.isPresent());
        assertFalse(String.valueOf(s).contains("hunter2"));
    }

    @Test
    void noneHasNoValue() {
        assertEquals("(none)", Secret.NONE.toString());
        assertNull(Secret.NONE.reveal());
        assertFalse(Secret.NONE.isPresent());
    }
}
