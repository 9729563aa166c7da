package com.carbon254.ingestion.reprocess;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.ops.auth.Callers;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST /reprocess} → 202 {@code {"id"}} (400 listing every problem of the body); {@code GET /reprocess/{id}}
 * → {@code {"status", "documents_done", "documents_total", "records", "eta_seconds", ...}}; {@code GET /reprocess}
 * lists the recent jobs; {@code DELETE /reprocess/{id}} cancels one (after the document in hand).
 */
public final class ReprocessApi {
    private final ReprocessService service;
    private final Set<String> isos;
    private final Stage defaultStage;
    private final String tenant;
    private final Function<String, ZoneId> zones;
    private final Clock clock;

    /** @param defaultStage the stage a request naming none starts at: this process's first replayable stage */
    public ReprocessApi(ReprocessService service, Set<String> isos, Stage defaultStage, String tenant,
                        Function<String, ZoneId> zones, Clock clock) {
        this.service = service;
        this.isos = isos;
        this.defaultStage = defaultStage;
        this.tenant = tenant;
        this.zones = zones;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.post("/reprocess").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::submit);
        router.get("/reprocess").handler(rc -> {
            JsonArray out = new JsonArray();
            String caller = Callers.tenant(rc, tenant);
            service.jobs().stream().filter(j -> caller.equals(j.request().tenant()))
                    .forEach(j -> out.add(j.toJson(clock.instant())));
            json(rc, 200, new JsonObject().put("jobs", out));
        });
        router.get("/reprocess/:id").handler(rc -> own(rc, rc.pathParam("id")).ifPresentOrElse(
                j -> json(rc, 200, j.toJson(clock.instant())),
                () -> json(rc, 404, new JsonObject().put("error", "no reprocess job " + rc.pathParam("id")
                        + " (finished jobs are kept for the last " + ReprocessService.KEEP_FINISHED + ")"))));
        router.delete("/reprocess/:id").handler(rc -> {
            String id = rc.pathParam("id");
            if (own(rc, id).isEmpty()) {
                json(rc, 404, new JsonObject().put("error", "no reprocess job " + id));
            } else if (service.cancel(id)) {
                json(rc, 202, new JsonObject().put("id", id).put("status", "cancelling"));
            } else if (service.job(id).isPresent()) {
                json(rc, 409, new JsonObject().put("error", "reprocess job " + id + " already ended"));
            } else {
                json(rc, 404, new JsonObject().put("error", "no reprocess job " + id));
            }
        });
    }

    private void submit(RoutingContext rc) {
        JsonObject body;
        try {
            body = rc.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            json(rc, 400, new JsonObject().put("error", "body must be a JSON object {\"from\", \"to\", \"isos\"?,"
                    + " \"stage\"?, \"tenant\"?}").put("problem", e instanceof DecodeException
                    ? "not valid JSON: " + e.getMessage() : "not a JSON object"));
            return;
        }
        ReprocessRequest req;
        try {
            req = ReprocessRequest.parse(body, isos, defaultStage, tenant, zones);
        } catch (ReprocessRequest.Invalid e) {
            json(rc, 400, new JsonObject().put("error", "invalid reprocess request")
                    .put("problems", new JsonArray(e.problems())));
            return;
        }
        // a body naming another tenant than the token's is refused; naming none replays the token's own tenant
        String caller = Callers.tenant(rc, tenant);
        if (body.getValue("tenant") != null && Callers.refuseOtherTenant(rc, String.valueOf(body.getValue("tenant")),
                tenant)) {
            return;
        }
        if (!caller.equals(req.tenant())) {
            req = new ReprocessRequest(req.from(), req.to(), req.isos(), req.stage(), caller, req.windows());
        }
        String id = service.submit(req);
        rc.response().putHeader("location", "/reprocess/" + id);
        json(rc, 202, new JsonObject().put("id", id).put("status_url", "/reprocess/" + id));
    }

    /** The job {@code id} when it replays the caller's tenant: another tenant's job is as absent as an unknown one. */
    private java.util.Optional<ReprocessJob> own(RoutingContext rc, String id) {
        String caller = Callers.tenant(rc, tenant);
        return service.job(id).filter(j -> caller.equals(j.request().tenant()));
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
