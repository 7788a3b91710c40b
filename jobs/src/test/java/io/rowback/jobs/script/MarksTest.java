package io.rowback.jobs.script;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarksTest {
    private static Step step(Step.Statement s) {
        return new Step(12, Step.Kind.INSERT, "customer", "customer customer_id = 11", "remap-1", List.of(3, 5), null, s, null);
    }

    @Test
    void whatAStatementExpectsIsReadBackAsWritten() {
        Step.Statement s = new Step.Statement("INSERT ...", 1, "SELECT CASE WHEN EXISTS (SELECT 1 FROM t WHERE id = 1) THEN 1 ELSE 0 END");
        List<String> lines = Marks.lines(step(s), s, true);
        assertEquals("-- @rowback step=12 expect=1 group=remap-1 needs=3,5", lines.get(0));
        Marks.Mark m = Marks.parse(lines);
        assertEquals(new Marks.Mark(12, 1, "remap-1", List.of(3, 5), List.of(), s.done(), "customer customer_id = 11"), m);
    }

    @Test
    void undoLinesCarryNoNeeds() {
        Step.Statement s = new Step.Statement("DELETE ...", 1, null);
        Marks.Mark m = Marks.parse(Marks.lines(step(s), s, false));
        assertEquals(List.of(), m.needs());
        assertNull(m.done());
    }

    @Test
    void undoLinesNeedTheUndoOfWhatNeededTheStep() {
        Step.Statement s = new Step.Statement("DELETE ...", 1, null);
        List<String> lines = Marks.lines(step(s), s, List.of(40, 41));
        assertEquals("-- @rowback step=12 expect=1 group=remap-1 needs=40,41", lines.get(0));
        assertEquals(List.of(40, 41), Marks.parse(lines).needs());
    }

    @Test
    void aProbeWithALineBreakSurvivesAsJson() {
        String probe = "SELECT CASE WHEN EXISTS (SELECT 1 FROM t WHERE s = 'a\nb \"q\"') THEN 1 ELSE 0 END";
        Step.Statement s = new Step.Statement("UPDATE ...", Step.Statement.ANY, probe);
        List<String> lines = Marks.lines(step(s), s, true);
        assertTrue(lines.stream().noneMatch(l -> l.contains("\n")), "one line each: " + lines);
        Marks.Mark m = Marks.parse(lines);
        assertEquals(probe, m.done());
        assertEquals(Step.Statement.ANY, m.expect());
    }

    @Test
    void sessionSettingsAreNotChecked() {
        Step.Statement s = new Step.Statement("SET FOREIGN_KEY_CHECKS = 0", Step.Statement.UNCHECKED, null);
        Step st = new Step(1, Step.Kind.SESSION, null, null, null, List.of(), null, s, s);
        Marks.Mark m = Marks.parse(Marks.lines(st, s, true));
        assertEquals(false, m.checked());
    }

    @Test
    void aHandWrittenScriptHasNoMarks() {
        assertNull(Marks.parse(List.of("-- just a comment")));
    }
}
