package org.siegegrid.web.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plain text table with aligned columns for the admin commands: two spaces between columns,
 * numbers right-aligned (a column whose every cell is a number or "-"), no trailing spaces, a
 * missing value printed as "-".
 */
final class Table {
    static final String NONE = "-";
    private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9,]*(\\.[0-9]+)?( ?(%|/s|ms|s))?");

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column headers; none = a table without a header line. */
    Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; null cells print as "-", other objects by {@code toString}. */
    Table row(Object... cells) {
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) {
            String s = c == null ? NONE : c.toString();
            r.add(s.isEmpty() ? NONE : s.replaceAll("\\s*\\R\\s*", " "));
        }
        rows.add(r);
        return this;
    }

    int size() {
        return rows.size();
    }

    /** The lines, each ending with a newline. */
    String render() {
        int cols = headers.size();
        for (List<String> r : rows) {
            cols = Math.max(cols, r.size());
        }
        int[] width = new int[cols];
        boolean[] right = new boolean[cols];
        Arrays.fill(right, true);
        for (int c = 0; c < cols; c++) {
            boolean any = false;
            for (List<String> r : rows) {
                String cell = c < r.size() ? r.get(c) : NONE;
                width[c] = Math.max(width[c], cell.length());
                if (!cell.equals(NONE)) {
                    any = true;
                    right[c] &= NUMBER.matcher(cell).matches();
                }
            }
            right[c] &= any;
            if (c < headers.size()) {
                width[c] = Math.max(width[c], headers.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!headers.isEmpty()) {
            line(sb, headers, width, right);
        }
        for (List<String> r : rows) {
            line(sb, r, width, right);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width, boolean[] right) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String cell = c < cells.size() ? cells.get(c) : NONE;
            if (c > 0) {
                l.append("  ");
            }
            String pad = " ".repeat(width[c] - cell.length());
            l.append(right[c] ? pad + cell : cell + pad);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
