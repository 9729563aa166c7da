package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.iso.caiso.Caiso;
import com.carbon254.ingestion.iso.ercot.Ercot;
import com.carbon254.ingestion.iso.isone.Isone;
import com.carbon254.ingestion.iso.miso.Miso;
import com.carbon254.ingestion.iso.nyiso.Nyiso;
import com.carbon254.ingestion.iso.pjm.Pjm;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.PriceProfile;
import com.carbon254.ingestion.iso.spp.Spp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The ISOs this build knows: the one place an ISO package is registered. Connectors, dialects and simulator formats
 * are looked up here (through the deployment's catalog), never named elsewhere.
 */
public final class Isos {
    private static final List<Iso> ALL = validated(List.of(new Miso(), new Caiso(), new Ercot(), new Pjm(), new Nyiso(),
            new Isone(), new Spp()));

    private Isos() {
    }

    /** Every registered ISO, in a stable order. */
    public static List<Iso> all() {
        return ALL;
    }

    /** The ISO with that code (case-insensitive). */
    public static Optional<Iso> byCode(String code) {
        if (code == null) return Optional.empty();
        String c = code.toUpperCase(Locale.ROOT);
        return ALL.stream().filter(i -> i.code().equals(c)).findFirst();
    }

    /** The ISO whose connector is named {@code name} ({@code connectors/<name>/}), case-insensitive. */
    public static Optional<Iso> byConnector(String name) {
        if (name == null) return Optional.empty();
        String n = name.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(i -> i.connector().name().equals(n)).findFirst();
    }

    /** Every registered connector, in the order of {@link #all()}. */
    public static List<Connector> connectors() {
        return ALL.stream().map(Iso::connector).toList();
    }

    /** Connector names, for "expected one of" messages. */
    public static List<String> connectorNames() {
        return ALL.stream().map(i -> i.connector().name()).toList();
    }

    /**
     * Checks that every registered ISO declares what the pipeline cannot guess: a code, a connector for that code, an
     * operating-day zone, default rules for that code, and a simulator (its own price stream, services at paths no
     * other ISO serves).
     *
     * @throws IllegalStateException listing every problem: a build with such an ISO must not start
     */
    static List<Iso> validated(List<Iso> isos) {
        List<String> problems = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<Integer> streams = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (Iso iso : isos) {
            String at = "ISO " + iso.getClass().getName();
            String code = iso.code();
            if (code == null || !code.matches("[A-Z][A-Z0-9-]*")) {
                problems.add(at + ": code must be upper case like MISO, found '" + code + "'");
                continue;
            }
            at = "ISO " + code;
            if (!codes.add(code)) problems.add(at + ": registered twice");
            Connector c = iso.connector();
            if (c == null) {
                problems.add(at + ": has no connector");
            } else {
                if (!code.equals(c.iso())) problems.add(at + ": its connector says ISO '" + c.iso() + "'");
                if (c.name() == null || !c.name().matches("[a-z][a-z0-9_-]*")) {
                    problems.add(at + ": connector name must be lower case like miso, found '" + c.name() + "'");
                } else if (!names.add(c.name())) {
                    problems.add(at + ": connector name '" + c.name() + "' is taken");
                }
            }
            if (iso.operatingDayZone() == null) problems.add(at + ": has no operating-day zone");
            IsoRules r = iso.defaultRules();
            if (r == null) {
                problems.add(at + ": has no default normalization rules");
            } else if (!code.equals(r.iso()) || r.zone() == null || r.label() == null) {
                problems.add(at + ": default rules must name " + code + ", a zone and a label convention");
            }
            simulatorProblems(at, code, iso.simulator(), streams, paths, problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid ISO registration:\n  - " + String.join("\n  - ", problems));
        }
        return List.copyOf(isos);
    }

    private static void simulatorProblems(String at, String code, IsoSimulator sim, Set<Integer> streams,
                                          Set<String> paths, List<String> problems) {
        if (sim == null) {
            problems.add(at + ": has no simulator");
            return;
        }
        PriceProfile prices = sim.prices();
        if (prices == null || !code.equals(prices.iso()) || prices.nodes().isEmpty()) {
            problems.add(at + ": its simulator's price profile must name " + code + " and its nodes");
        } else if (!streams.add(prices.stream())) {
            problems.add(at + ": simulator price stream " + prices.stream() + " is taken");
        }
        if (sim.services().isEmpty()) problems.add(at + ": its simulator serves nothing");
        for (IsoSimulator.Service s : sim.services()) {
            if (!s.path().matches("(/[A-Za-z0-9._-]+)+")) {
                problems.add(at + ": simulator path must look like /iso/name, found '" + s.path() + "'");
            } else if (!paths.add(s.path())) {
                problems.add(at + ": simulator path " + s.path() + " is taken");
            }
        }
    }
}
