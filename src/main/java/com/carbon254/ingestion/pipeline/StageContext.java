package com.carbon254.ingestion.pipeline;

import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.pipeline.store.LatestStore;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.ext.web.Router;

import java.time.Clock;

/**
 * What the deployment hands every stage verticle: the process settings and the stage's own config, the transport and
 * store ports the descriptor chose, the process's metrics and HTTP router, the catalog, the policy files and the
 * stage chain. Stages never construct these themselves, so they cannot tell which transport or store they got.
 *
 * @param stores null when no stage of this process needs a store
 * @param latest the served latest values (Redis or the process's map); null when no stage of this process serves them
 * @param tracing where a connector starts a document's trace ({@link Tracing#OFF} when tracing is off)
 */
public record StageContext(Settings settings, StageSpec spec, Transport transport, Stores stores, Metrics metrics,
                           Router router, Clock clock, Catalog catalog, PolicyFiles policyFiles, StageChain chain,
                           LatestStore latest, Tracing tracing) {

    public StageContext {
        if (tracing == null) tracing = Tracing.OFF;
    }

    /** A stage context without tracing. */
    public StageContext(Settings settings, StageSpec spec, Transport transport, Stores stores, Metrics metrics,
                        Router router, Clock clock, Catalog catalog, PolicyFiles policyFiles, StageChain chain,
                        LatestStore latest) {
        this(settings, spec, transport, stores, metrics, router, clock, catalog, policyFiles, chain, latest, null);
    }

    /** A stage context without latest values (every stage but the projector). */
    public StageContext(Settings settings, StageSpec spec, Transport transport, Stores stores, Metrics metrics,
                        Router router, Clock clock, Catalog catalog, PolicyFiles policyFiles, StageChain chain) {
        this(settings, spec, transport, stores, metrics, router, clock, catalog, policyFiles, chain, null);
    }

    public String tenant() {
        return settings.tenant();
    }

    /** How this stage's rejections and anomalies leave it ({@link StageOutputs}). */
    public StageOutputs outputs() {
        return new StageOutputs(transport, metrics, clock);
    }
}
