package org.siegegrid.core.session;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A siege URL file with errors. Carries every error of the file (not just the first); its message
 * lists them one per line, each as {@code urls.txt:7: unknown method FOO}.
 */
public final class UrlFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<LineError> errors;

    /** One bad line; line 0 means the file as a whole. */
    public record LineError(String file, int line, String message) {
        @Override
        public String toString() {
            return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
        }
    }

    public UrlFileException(List<LineError> errors) {
        super(errors.stream().map(LineError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no errors");
        }
        this.errors = List.copyOf(errors);
    }

    public List<LineError> errors() {
        return errors;
    }

    /** File name of the first error. */
    public String file() {
        return errors.get(0).file();
    }

    /** Line (1-based) of the first error. */
    public int line() {
        return errors.get(0).line();
    }
}
