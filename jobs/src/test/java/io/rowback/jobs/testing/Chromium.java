package io.rowback.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a page in headless Chromium (Debian's package, installed by .ci/run) and measures it from
 * the rendered document: a wrapper page loads it in a frame, a script reads the layout (sizes of the
 * chart's bars, rows of the tables as displayed), and Chromium prints the wrapper's DOM with the
 * measurements in it.
 */
public final class Chromium {
    private Chromium() {
    }

    public static Path binary() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new IllegalStateException("Chromium is required by this test (Debian: apt-get install chromium; .ci/run installs it)");
    }

    /**
     * Measurements of the rendered report: bars (date, roots, height in pixels), the chart's text labels
     * and the chart as laid out (boxes: left, top, right, bottom), and the visible rows of each table by id.
     */
    public static JsonNode measure(Path page) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("chromium");
        Path wrapper = dir.resolve("measure.html");
        Files.writeString(wrapper, "<!DOCTYPE html><html><body><iframe id=\"f\" style=\"width:1400px;height:3000px\" src=\""
                + page.toUri() + "\"></iframe><pre id=\"result\">pending</pre><script>\n"
                + "document.getElementById('f').onload = function () {\n"
                + "  var d = this.contentDocument, out = {bars: [], tables: {}, title: d.title, visibleText: d.body.innerText.length};\n"
                + "  d.querySelectorAll('rect.bar').forEach(function (r) { var b = r.getBoundingClientRect();\n"
                + "    out.bars.push({date: r.getAttribute('data-date'), roots: +r.getAttribute('data-roots'), series: +r.getAttribute('data-series'),\n"
                + "      height: b.height, width: b.width, fill: getComputedStyle(r).fill}); });\n"
                + "  d.querySelectorAll('table[id]').forEach(function (t) { var rows = [];\n"
                + "    t.querySelectorAll('tr').forEach(function (tr) { if (tr.getBoundingClientRect().height > 0) {\n"
                + "      rows.push(Array.prototype.map.call(tr.children, function (c) { return c.innerText; })); } });\n"
                + "    out.tables[t.id] = rows; });\n"
                + "  out.labels = Array.prototype.map.call(d.querySelectorAll('svg text'), function (t) { var b = t.getBoundingClientRect();\n"
                + "    return {cls: t.getAttribute('class'), text: t.textContent, left: b.left, top: b.top, right: b.right, bottom: b.bottom}; });\n"
                + "  var svg = d.querySelector('svg'); if (svg) { var b = svg.getBoundingClientRect(); out.chart = {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; }\n"
                + "  out.highlighted = Array.prototype.map.call(d.querySelectorAll('td.diff'), function (c) { return c.innerText; });\n"
                + "  document.getElementById('result').textContent = JSON.stringify(out);\n"
                + "};\n</script></body></html>\n");
        Process p = new ProcessBuilder(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--allow-file-access-from-files",
                "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=5000", "--dump-dom", wrapper.toUri().toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("chromium failed: " + Files.readString(dir.resolve("stderr.txt")));
        }
        int start = dom.indexOf("<pre id=\"result\">");
        int end = dom.indexOf("</pre>", start);
        String json = dom.substring(start + "<pre id=\"result\">".length(), end).replace("&quot;", "\"").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
        if (json.equals("pending")) {
            throw new IllegalStateException("the page did not load in the frame: " + dom);
        }
        return new ObjectMapper().readTree(json);
    }
}
