package org.siegegrid.web.api;

/** DELETE /api/v1/sessions/{id}: 204 for a FINISHED or FAILED session (with its stats and report), else 409. */
final class SessionDeleteHandler implements ApiHandler {
    private final ApiContext ctx;

    SessionDeleteHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        ctx.node().delete(call.path("id"));
        call.noContent();
    }
}
