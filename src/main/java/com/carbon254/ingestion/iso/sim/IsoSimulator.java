package com.carbon254.ingestion.iso.sim;

import java.util.List;
import java.util.Objects;

/**
 * How one ISO is simulated: its prices, the base URLs its connector is pointed at with what each serves, and the
 * faults only it has. Returned by the ISO's {@code Iso.simulator()}; the simulator shell mounts every registered ISO's
 * services and adds what every ISO shares (status faults, empty and truncated bodies, slowness, resets, the clock and
 * status endpoints).
 *
 * <p>Everything here is pure: a handler answers from its {@link SimRequest} alone (the path and query, the simulated
 * clock and the seeded price model) and may run on any thread. Immutable.
 *
 * @param prices   how the ISO's prices look
 * @param services the ISO's base URLs as the simulator serves them, in the order they are listed
 * @param faults   faults only this ISO has, by name
 */
public record IsoSimulator(PriceProfile prices, List<Service> services, List<Fault> faults) {
    public IsoSimulator {
        Objects.requireNonNull(prices, "prices");
        services = List.copyOf(services);
        faults = List.copyOf(faults);
    }

    /** Answers one request to an endpoint or one ISO fault. */
    @FunctionalInterface
    public interface Handler {
        SimResponse handle(SimRequest request);
    }

    /**
     * One base URL of the ISO, as its connector is configured with it.
     *
     * @param urlVariable the connector's variable for this base URL; {@code ingestion simulate} and {@code /sim/status}
     *                    show it with the simulator's URL
     * @param path        where it is mounted in the simulator: {@code /<iso>/<name>}, no trailing slash
     * @param contentType what its documents are (an {@code empty} fault answers with it)
     * @param endpoints   what is served below {@code path}
     */
    public record Service(String urlVariable, String path, String contentType, List<Endpoint> endpoints) {
        public Service {
            Objects.requireNonNull(urlVariable, "urlVariable");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(contentType, "contentType");
            endpoints = List.copyOf(endpoints);
        }

        /** The full path of {@code endpoint} (for {@link Endpoint#files} the directory its files are in). */
        public String pathOf(Endpoint endpoint) {
            return path + endpoint.path();
        }
    }

    /**
     * One GET endpoint of a {@link Service}.
     *
     * @param path      below the service's path ({@code /SingleZip}), or {@code ""} for the service path itself
     * @param files     true: it serves every one-segment name below {@code path} ({@code path/<file>}), and the
     *                  request's path is {@code path/<file>} decoded
     * @param rateLimit how often it answers, or null when it always does
     * @param handler   the answer
     */
    public record Endpoint(String path, boolean files, RateLimit rateLimit, Handler handler) {
        public Endpoint {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(handler, "handler");
        }

        /** The endpoint at {@code path}. */
        public static Endpoint at(String path, Handler handler) {
            return new Endpoint(path, false, null, handler);
        }

        /** Every file directly below {@code path}. */
        public static Endpoint filesUnder(String path, Handler handler) {
            return new Endpoint(path, true, null, handler);
        }

        /** This endpoint, answering 429 within {@code limit}'s spacing. */
        public Endpoint limitedBy(RateLimit limit) {
            return new Endpoint(path, files, limit, handler);
        }
    }

    /**
     * The ISO answers HTTP 429 with {@code Retry-After} to a request that comes within a configured spacing of the last
     * one it served (its endpoints sharing a limit share the spacing).
     *
     * @param configKey         the simulator config key of the spacing in ms (0 = off); named after the ISO
     * @param defaultSpacingMs  the spacing when the config does not set it
     * @param retryAfterSeconds what the 429 tells the client to wait
     */
    public record RateLimit(String configKey, long defaultSpacingMs, int retryAfterSeconds) {
        public RateLimit {
            Objects.requireNonNull(configKey, "configKey");
            if (defaultSpacingMs < 0 || retryAfterSeconds < 0) {
                throw new IllegalArgumentException("spacing and Retry-After must be >= 0");
            }
        }
    }

    /**
     * A fault only this ISO has, queued or asked for by name like the shared ones ({@code POST /sim/faults},
     * {@code ?sim_fault=}).
     *
     * @param name    lower case, as written in the API
     * @param handler what a faulted request gets instead of normal service
     */
    public record Fault(String name, Handler handler) {
        public Fault {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(handler, "handler");
        }
    }
}
