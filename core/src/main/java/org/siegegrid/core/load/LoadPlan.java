package org.siegegrid.core.load;

import org.siegegrid.core.session.SessionSpec;

/** Placeholder: the engine work replaces this with the engine's own view of a spec. */
public record LoadPlan(SessionSpec spec) {
    public static LoadPlan from(SessionSpec spec) {
        return new LoadPlan(spec);
    }
}
