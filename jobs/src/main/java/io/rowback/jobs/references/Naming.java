package io.rowback.jobs.references;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The frameworks' table naming: Django's app_label_model, Rails' and Laravel's plural of the class name. */
final class Naming {
    private static final Map<String, String> IRREGULAR = Map.of("person", "people", "man", "men", "woman", "women",
            "child", "children", "mouse", "mice", "goose", "geese", "foot", "feet", "tooth", "teeth");

    private Naming() {
    }

    static String django(String appLabel, String model) {
        return (appLabel + "_" + model).toLowerCase(Locale.ROOT);
    }

    /**
     * The tables a polymorphic type value may name, most likely first: {@code Admin::BlogPost} gives
     * blog_posts (Rails' default) and admin_blog_posts (a table_name_prefix); {@code App\Models\Client}
     * gives clients (Laravel); a morph-map alias such as {@code client} gives clients and client.
     */
    static List<String> polymorphic(String type) {
        String t = type.strip();
        String[] parts = t.split("::|\\\\|\\.");
        String base = parts[parts.length - 1];
        Set<String> out = new LinkedHashSet<>();
        out.add(plural(underscore(base)));
        if (parts.length > 1) {
            List<String> all = new ArrayList<>();
            for (String p : parts) {
                if (!p.isEmpty()) {
                    all.add(underscore(p));
                }
            }
            String full = String.join("_", all);
            out.add(full.substring(0, full.length() - underscore(base).length()) + plural(underscore(base)));
        }
        out.add(underscore(base));
        return List.copyOf(out);
    }

    /** BlogPost -> blog_post, HTTPRequest -> http_request. */
    static String underscore(String name) {
        String s = name.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2").replaceAll("([a-z\\d])([A-Z])", "$1_$2");
        return s.replace('-', '_').toLowerCase(Locale.ROOT);
    }

    /** English plural of the last word, as Rails' inflector makes it for ordinary words. */
    static String plural(String word) {
        int cut = word.lastIndexOf('_') + 1;
        String head = word.substring(0, cut);
        String w = word.substring(cut);
        String irregular = IRREGULAR.get(w);
        if (irregular != null) {
            return head + irregular;
        }
        String p;
        if (w.matches(".*[^aeiou]y")) {
            p = w.substring(0, w.length() - 1) + "ies";
        } else if (w.matches(".*(s|x|z|ch|sh)")) {
            p = w + "es";
        } else if (w.matches(".*([^f]fe|[lr]f)")) {
            p = w.replaceAll("fe?$", "ves");
        } else {
            p = w + "s";
        }
        return head + p;
    }
}
