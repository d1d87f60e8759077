package org.siegegrid.core.session;

import java.util.Map;

/** {@code $(NAME)}, {@code ${NAME}} and {@code $NAME} expansion for URL files: file variables, then the environment. */
final class Expander {
    private Expander() {
    }

    static String expand(String s, Map<String, String> vars, Map<String, String> env) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = s.charAt(i + 1);
            if (next == '{' || next == '(') {
                char close = next == '{' ? '}' : ')';
                int end = s.indexOf(close, i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed $" + next + " in " + s);
                }
                String name = s.substring(i + 2, end);
                if (name.isEmpty() || !isName(name)) {
                    throw new IllegalArgumentException("bad variable name \"" + name + "\" in " + s);
                }
                out.append(lookup(name, vars, env));
                i = end + 1;
            } else if (isNameChar(next)) {
                int end = i + 1;
                while (end < s.length() && isNameChar(s.charAt(end))) {
                    end++;
                }
                out.append(lookup(s.substring(i + 1, end), vars, env));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String lookup(String name, Map<String, String> vars, Map<String, String> env) {
        String v = vars.get(name);
        if (v == null) {
            v = env.get(name);
        }
        if (v == null) {
            throw new IllegalArgumentException("undefined variable " + name);
        }
        return v;
    }

    private static boolean isName(String s) {
        return s.chars().allMatch(ch -> isNameChar((char) ch));
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
