package org.siegegrid.core.session;

/** One thing wrong with user input: the field (JSON path, flag, or file:line) and what is wrong with it. */
public record Problem(String field, String message) {
    @Override
    public String toString() {
        return field == null || field.isEmpty() ? message : field + ": " + message;
    }
}
