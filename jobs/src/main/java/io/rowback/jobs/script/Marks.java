package io.rowback.jobs.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comment lines that carry a step's expectations in a script, read by apply:
 * <pre>
 * -- @rowback step=12 expect=1 group=remap-1 needs=3,5
 * -- @rowback done: SELECT CASE WHEN EXISTS (...) THEN 1 ELSE 0 END
 * </pre>
 * A probe that holds a line break (a MySQL string in NO_BACKSLASH_ESCAPES mode) is written as a JSON string.
 */
public final class Marks {
    public static final String PREFIX = "-- @rowback ";
    private static final Pattern STEP = Pattern.compile("step=(\\d+)(?: expect=(-?\\d+|any))?(?: group=(\\S+))?(?: needs=([\\d,]+))?(?: after=([\\d,]+))?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the marks of one statement say. */
    /**
     * @param after steps that must have changed rows in this run for this one to run (a trigger fix-up after its insert);
     *              when none did, this one is already done
     */
    public record Mark(int step, int expect, String group, List<Integer> needs, List<Integer> after, String done, String row) {
        public boolean checked() {
            return expect != Step.Statement.UNCHECKED;
        }
    }

    private Marks() {
    }

    /** The mark lines for a statement of a step (forward or backward). */
    public static List<String> lines(Step step, Step.Statement s, boolean withNeeds) {
        return lines(step, s, withNeeds ? step.needs() : List.of());
    }

    /** The mark lines for a statement of a step, with the steps it needs in that direction (undo: those that needed it). */
    public static List<String> lines(Step step, Step.Statement s, List<Integer> needs) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder(PREFIX).append("step=").append(step.number());
        if (s.expect() != Step.Statement.UNCHECKED) {
            b.append(" expect=").append(s.expect() == Step.Statement.ANY ? "any" : String.valueOf(s.expect()));
        }
        if (step.group() != null) {
            b.append(" group=").append(step.group());
        }
        if (step.kind() == Step.Kind.FIX_UP) {
            if (!step.needs().isEmpty()) {
                b.append(" after=").append(String.join(",", step.needs().stream().map(String::valueOf).toList()));
            }
        } else if (!needs.isEmpty()) {
            b.append(" needs=").append(String.join(",", needs.stream().map(String::valueOf).toList()));
        }
        out.add(b.toString());
        if (step.about() != null) {
            out.add(PREFIX + "row: " + step.about().replace('\n', ' ').replace('\r', ' '));
        }
        if (s.done() != null) {
            String probe = s.done();
            if (probe.indexOf('\n') >= 0 || probe.indexOf('\r') >= 0) {
                try {
                    probe = JSON.writeValueAsString(probe);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            out.add(PREFIX + "done: " + probe);
        }
        return out;
    }

    private static List<Integer> numbers(String list) {
        List<Integer> out = new ArrayList<>();
        if (list != null) {
            for (String n : list.split(",")) {
                out.add(Integer.parseInt(n));
            }
        }
        return out;
    }

    /** The mark of a statement from its comment lines, or null when it has none (a script written by hand). */
    public static Mark parse(List<String> lines) {
        Integer step = null;
        int expect = Step.Statement.UNCHECKED;
        String group = null;
        List<Integer> needs = List.of();
        List<Integer> after = List.of();
        String done = null;
        String row = null;
        for (String l : lines) {
            if (!l.startsWith(PREFIX)) {
                continue;
            }
            String rest = l.substring(PREFIX.length()).strip();
            if (rest.startsWith("row: ")) {
                row = rest.substring("row: ".length());
                continue;
            }
            if (rest.startsWith("done: ")) {
                done = rest.substring("done: ".length());
                if (done.startsWith("\"")) {
                    try {
                        done = JSON.readValue(done, String.class);
                    } catch (JsonProcessingException e) {
                        throw new IllegalArgumentException("unreadable probe in '" + l + "'", e);
                    }
                }
                continue;
            }
            Matcher m = STEP.matcher(rest);
            if (m.matches()) {
                step = Integer.parseInt(m.group(1));
                if (m.group(2) != null) {
                    expect = m.group(2).equals("any") ? Step.Statement.ANY : Integer.parseInt(m.group(2));
                }
                group = m.group(3);
                needs = numbers(m.group(4));
                after = numbers(m.group(5));
            }
        }
        return step == null ? null : new Mark(step, expect, group, needs, after, done, row);
    }
}
