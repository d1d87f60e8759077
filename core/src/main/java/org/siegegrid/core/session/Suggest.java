package org.siegegrid.core.session;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean": the known name nearest to a misspelt one (edit distance at most 2, ignoring case and _/-). */
final class Suggest {
    private Suggest() {
    }

    static String closest(String word, Collection<String> known) {
        String w = fold(word);
        String best = null;
        int bestDistance = 3;
        for (String k : known.stream().sorted().toList()) {
            int d = distance(w, fold(k));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
