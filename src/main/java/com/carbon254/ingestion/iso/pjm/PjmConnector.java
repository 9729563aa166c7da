package com.carbon254.ingestion.iso.pjm;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.Markets;
import com.carbon254.ingestion.iso.Timestamps;
import com.carbon254.ingestion.iso.csv.SmallMaps;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * PJM Data Miner 2 JSON ({@code https://api.pjm.com/api/v1/<feed>}): the envelope
 * <code>{"links":[{"rel","href"}…],"items":[{…}…],"searchSpecification":{…},"totalRows":N}</code>, one item per
 * (pnode, interval, version), timestamps as naive ISO strings. Three LMP feeds:
 * <ul>
 *   <li>{@value #FEED_DA} → market {@value #MARKET_DA}: {@code total_lmp_da}, {@code system_energy_price_da},
 *       {@code congestion_price_da}, {@code marginal_loss_price_da};</li>
 *   <li>{@value #FEED_RT} (verified 5-minute LMPs) → {@value #MARKET_RT}: the same with {@code _rt};</li>
 *   <li>{@value #FEED_RT_UNVERIFIED} → {@value #MARKET_RT}: {@code total_lmp_rt}, no system energy price (what the
 *       {@code fallback_endpoint} of the real-time dataset fetches while the verified feed is still empty).</li>
 * </ul>
 * The feed is recognised from the content: the feed name in {@code links[rel=self].href} when the envelope has one,
 * else the price fields of the items (and {@code searchSpecification.fields}): {@code *_da} → day-ahead, {@code *_rt}
 * with {@code system_energy_price_rt} → verified, {@code *_rt} without it → unverified. The file name is never read.
 * Other Data Miner feeds (gen_by_fuel, da_marginal_value, …) and other ISOs' documents are refused with
 * {@code unknown_format}; PJM's error answers with {@code iso_error}; an envelope with an empty {@code items} is a
 * valid document with 0 records (the real-time dataset's fallback then fetches the unverified feed).
 *
 * <p>One {@link RawRecord} per (pnode, {@code datetime_beginning_utc}): location = {@code pnode_name} as published,
 * attributes {@value #ATTR_START_UTC} (trusted: the interval START in UTC), {@value #ATTR_START_EPT} (a label only),
 * {@link RawRecord#TYPE} = {@code type} (ZONE, HUB, GEN, …), {@link RawRecord#LOCATION_ID} = {@code pnode_id},
 * {@value #ATTR_VERSION} and {@value #ATTR_CURRENT} when published; values = the price fields under PJM's own names,
 * as the JSON's own text ({@code 36.829890} stays {@code 36.829890}). A JSON {@code null} (or {@code NaN}) component
 * is left out: not published. Position = the 1-based index of the item in {@code items}.
 *
 * <p>Revisions: {@code version_nbr} numbers the versions PJM published of one interval and {@code row_is_current}
 * marks the latest. Where a document holds several versions of one (pnode, interval), the highest
 * {@code version_nbr} (at equal numbers the current row) is the record and the others are superseded: dropped, not
 * rejected (PJM itself says they are replaced). A {@code row_is_current=false} row alone in its document is still a
 * revision of its interval (label {@code v<version_nbr>}, which ranks below the later versions: {@link Pjm#revisionRank}).
 *
 * <p>Stateless and thread-safe.
 */
public final class PjmConnector implements Connector {
    public static final String NAME = "pjm";
    public static final String ISO = "PJM";
    public static final String FEED_DA = "da_hrl_lmps";
    public static final String FEED_RT = "rt_fivemin_hrl_lmps";
    public static final String FEED_RT_UNVERIFIED = "rt_unverified_fivemin_lmps";
    public static final String MARKET_DA = Markets.DA_HOURLY;
    public static final String MARKET_RT = Markets.RT_5MIN;

    /** Attribute: {@code datetime_beginning_utc} as written, the interval START in UTC without an offset. */
    public static final String ATTR_START_UTC = "datetime_beginning_utc";
    /** Attribute: {@code datetime_beginning_ept} as written, the START in Eastern prevailing time (a label). */
    public static final String ATTR_START_EPT = "datetime_beginning_ept";
    public static final String ATTR_VERSION = "version_nbr";
    public static final String ATTR_CURRENT = "row_is_current";

    /** The LMP feeds this connector reads, in the order they are tried. */
    public static final List<String> FEEDS = List.of(FEED_DA, FEED_RT, FEED_RT_UNVERIFIED);

    // the item fields read, by slot
    private static final int UTC = 0;
    private static final int EPT = 1;
    private static final int PNODE_ID = 2;
    private static final int PNODE_NAME = 3;
    private static final int TYPE = 4;
    private static final int CURRENT = 5;
    private static final int VERSION = 6;
    private static final int DA = 7; // total, energy, congestion, loss of the day-ahead feed: 7..10
    private static final int RT = 11; // the same of the real-time feeds: 11..14
    private static final int SLOTS = 15;
    /** The label slots copied into a record's attributes (besides the UTC start and the pnode id). */
    private static final int[] LABELS = {EPT, TYPE, CURRENT, VERSION};
    /** Slot offsets of the four prices from {@link #DA} / {@link #RT}. */
    private static final int TOTAL = 0;
    private static final int ENERGY = 1;

    /** The field names of the slots (also the value keys of a record). */
    static final String[] FIELD = {ATTR_START_UTC, ATTR_START_EPT, "pnode_id", "pnode_name", "type", ATTR_CURRENT,
            ATTR_VERSION, "total_lmp_da", "system_energy_price_da", "congestion_price_da", "marginal_loss_price_da",
            "total_lmp_rt", "system_energy_price_rt", "congestion_price_rt", "marginal_loss_price_rt"};

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // a NaN component (not published) must not sink the page
            .build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String iso() {
        return ISO;
    }

    /** The market of a feed name, or null when it is not one of {@link #FEEDS}. */
    public static String market(String feed) {
        if (FEED_DA.equals(feed)) return MARKET_DA;
        if (FEED_RT.equals(feed) || FEED_RT_UNVERIFIED.equals(feed)) return MARKET_RT;
        return null;
    }

    /** {@code datetime_beginning_utc} plus the market's interval; called once per record, so read without formatters. */
    @Override
    public Optional<Instant> intervalEnd(RawRecord r) {
        Instant start = utcStart(r.attr(ATTR_START_UTC));
        long seconds = Markets.intervalSeconds(r.market());
        return start == null || seconds <= 0 ? Optional.empty() : Optional.of(start.plusSeconds(seconds));
    }

    /**
     * A Data Miner UTC timestamp ({@code 2026-06-09T04:00:00}, also with fractional seconds or a space for the
     * {@code T}) as the instant it names in UTC; null when it is not one.
     */
    static Instant utcStart(String s) {
        if (s == null) return null;
        if (s.length() == 19 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':') {
            int y = digits(s, 0, 4);
            int mo = digits(s, 5, 7);
            int d = digits(s, 8, 10);
            int h = digits(s, 11, 13);
            int mi = digits(s, 14, 16);
            int se = digits(s, 17, 19);
            if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return null;
            try {
                return Instant.ofEpochSecond(LocalDate.of(y, mo, d).toEpochDay() * 86_400L + h * 3600L + mi * 60L + se);
            } catch (DateTimeException e) {
                return null;
            }
        }
        LocalDateTime t = Timestamps.localDateTime(s);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    // ---------------------------------------------------------------- extraction

    /** One item: its cells by slot (null = absent or JSON null), or why it cannot be used. */
    private static final class Item {
        final long index;
        final String[] cells = new String[SLOTS];
        String problem;

        Item(long index) {
            this.index = index;
        }
    }

    /** What the envelope holds, as read. */
    private static final class Envelope {
        boolean object;
        List<Item> items;
        String selfFeed;
        String metadataFeed;
        List<String> specFields;
        /** Known fields seen in any item (bit per slot) and the names of the other fields, in order of appearance. */
        int seen;
        final Set<String> otherFields = new LinkedHashSet<>();
        /** Top-level fields of a document that is not an envelope (for the refusal's detail). */
        final List<String> topLevel = new ArrayList<>();
        String errorMessage;
        String errorStatus;
    }

    @Override
    public Extraction extract(RawDocument document) throws DocumentRejectedException {
        byte[] c = document.content();
        if (c == null || c.length == 0) throw new DocumentRejectedException("empty_document", "document is 0 bytes");
        int first = firstNonBlank(c);
        if (first == c.length) throw new DocumentRejectedException("empty_document", "document holds only whitespace");
        if (c[first] != '{') throw new DocumentRejectedException("unknown_format", notJson(c, first));
        Envelope env = read(c, first);
        if (env.errorMessage != null || env.errorStatus != null) {
            throw new DocumentRejectedException("iso_error", "PJM answered with an error"
                    + (env.errorStatus != null ? " (statusCode " + env.errorStatus + ")" : "") + ": "
                    + abbreviate(env.errorMessage != null ? env.errorMessage : "(no message)", 300));
        }
        if (env.items == null) {
            throw new DocumentRejectedException("unknown_format", "JSON object without \"items\""
                    + (env.topLevel.isEmpty() ? "" : " (has " + abbreviate(String.join(", ", env.topLevel), 200) + ")")
                    + ": not a PJM Data Miner document");
        }
        Set<String> fields = fields(env);
        String feed = feed(env, fields);
        String market = market(feed);
        if (env.items.isEmpty()) {
            return new Extraction(feed, market, List.of(), List.of(), 0);
        }
        int prices = feed.equals(FEED_DA) ? DA : RT;
        String drift = drift(env, prices);
        if (drift != null) {
            throw new DocumentRejectedException("header_drift", "Data Miner feed " + feed + ": " + drift
                    + "; fields found: " + abbreviate(String.join(", ", fields), 400));
        }
        return records(document, env.items, feed, market, prices);
    }

    private static Extraction records(RawDocument document, List<Item> items, String feed, String market, int prices) {
        List<RawRecord> records = new ArrayList<>(items.size());
        List<Item> kept = new ArrayList<>(items.size());
        List<Rejection> rejections = new ArrayList<>();
        Map<String, Integer> at = new HashMap<>(items.size() * 2);
        String[] kv = new String[2 * 8];
        String[] vv = new String[2 * 4];
        for (Item it : items) {
            long index = it.index;
            String[] cell = it.cells;
            String name = cell[PNODE_NAME] == null ? null : cell[PNODE_NAME].strip();
            if (it.problem != null) {
                rejections.add(new Rejection("malformed_row", "item " + index + ": " + it.problem, index, name));
                continue;
            }
            if (name == null || name.isEmpty()) {
                rejections.add(new Rejection("malformed_row", "item " + index + ": empty pnode_name"
                        + (cell[PNODE_ID] != null ? " (pnode_id " + cell[PNODE_ID] + ")" : ""), index, null));
                continue;
            }
            String utc = cell[UTC];
            if (utc == null || utc.isBlank()) {
                rejections.add(new Rejection("malformed_row", "item " + index + ": empty datetime_beginning_utc for"
                        + " pnode " + name, index, name));
                continue;
            }
            String key = (cell[PNODE_ID] != null ? cell[PNODE_ID] : "") + '\u0000' + name + '\u0000' + utc;
            Integer prev = at.get(key);
            if (prev != null) {
                Item old = kept.get(prev);
                int cmp = compareVersions(it, old);
                if (cmp < 0) continue; // an older version of an interval the document also has newer: superseded
                if (cmp == 0) {
                    if (!samePrices(it, old, prices)) {
                        rejections.add(new Rejection("conflicting_duplicate", "item " + index + ": second item for"
                                + " pnode " + name + ", datetime_beginning_utc " + utc
                                + versionText(it) + " differs from item " + old.index + " (the first is kept)",
                                index, name));
                    }
                    continue;
                }
            }
            int a = 0;
            kv[a++] = ATTR_START_UTC;
            kv[a++] = utc;
            for (int s : LABELS) {
                if (cell[s] != null) {
                    kv[a++] = FIELD[s];
                    kv[a++] = cell[s];
                }
            }
            if (cell[PNODE_ID] != null) {
                kv[a++] = RawRecord.LOCATION_ID;
                kv[a++] = cell[PNODE_ID];
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
                String value = cell[prices + k];
                if (value == null) continue;
                if (k != TOTAL && isNaN(value)) continue; // a NaN component is not published
                vv[v++] = FIELD[prices + k];
                vv[v++] = value;
            }
            RawRecord r = new RawRecord(document.tenant(), ISO, feed, market, document.sha256(), index, name,
                    SmallMaps.of(kv, a / 2), SmallMaps.of(vv, v / 2));
            if (prev != null) {
                records.set(prev, r); // a newer version replaces the one read before
                kept.set(prev, it);
            } else {
                at.put(key, records.size());
                records.add(r);
                kept.add(it);
            }
        }
        return new Extraction(feed, market, Collections.unmodifiableList(records),
                Collections.unmodifiableList(rejections), items.size());
    }

    /** Higher {@code version_nbr} first; at equal numbers a current row over a superseded one. */
    private static int compareVersions(Item a, Item b) {
        int va = Timestamps.smallInt(a.cells[VERSION]);
        int vb = Timestamps.smallInt(b.cells[VERSION]);
        if (va != vb) return Integer.compare(va, vb);
        return Integer.compare(current(a), current(b));
    }

    private static int current(Item it) {
        String s = it.cells[CURRENT];
        return s != null && s.equalsIgnoreCase("false") ? 0 : 1;
    }

    private static boolean samePrices(Item a, Item b, int prices) {
        for (int k = 0; k < 4; k++) {
            if (!Objects.equals(a.cells[prices + k], b.cells[prices + k])) return false;
        }
        return true;
    }

    private static String versionText(Item it) {
        return it.cells[VERSION] != null ? ", version_nbr " + it.cells[VERSION] : "";
    }

    private static boolean isNaN(String s) {
        return s.equalsIgnoreCase("nan");
    }

    // ---------------------------------------------------------------- recognising the feed

    /** Every field the document names: the searchSpecification's, then the items' (in order of appearance). */
    private static Set<String> fields(Envelope env) {
        Set<String> out = new LinkedHashSet<>();
        if (env.specFields != null) out.addAll(env.specFields);
        for (int s = 0; s < SLOTS; s++) if ((env.seen & (1 << s)) != 0) out.add(FIELD[s]);
        out.addAll(env.otherFields);
        return out;
    }

    private static boolean has(Set<String> fields, int slot) {
        return fields.contains(FIELD[slot]);
    }

    private static boolean anyPrice(Set<String> fields, int prices) {
        for (int k = 0; k < 4; k++) if (has(fields, prices + k)) return true;
        return false;
    }

    /**
     * The feed of the document: its own name in the links when one is there (and one of {@link #FEEDS}), else what
     * its price fields say.
     */
    private static String feed(Envelope env, Set<String> fields) throws DocumentRejectedException {
        String named = env.selfFeed != null ? env.selfFeed : env.metadataFeed;
        boolean da = anyPrice(fields, DA);
        boolean rt = anyPrice(fields, RT);
        if (named != null) {
            if (!FEEDS.contains(named)) {
                throw new DocumentRejectedException("unknown_format", "Data Miner feed " + named + " (fields "
                        + abbreviate(String.join(", ", fields), 200) + ") is not an LMP feed this connector reads ("
                        + String.join(", ", FEEDS) + ")");
            }
            boolean wantDa = named.equals(FEED_DA);
            if (!env.items.isEmpty() || env.specFields != null) {
                if (wantDa ? !da : !rt) {
                    throw new DocumentRejectedException("header_drift", "Data Miner feed " + named + " without any "
                            + (wantDa ? "*_da" : "*_rt") + " price field; fields found: "
                            + abbreviate(String.join(", ", fields), 400));
                }
            }
            return named;
        }
        if (da && rt) {
            throw new DocumentRejectedException("unknown_format", "items carry both day-ahead (*_da) and real-time"
                    + " (*_rt) prices: not one of " + String.join(", ", FEEDS));
        }
        if (da) return FEED_DA;
        if (rt) {
            if (!has(fields, RT + ENERGY)) return FEED_RT_UNVERIFIED;
            if (hourly(env.items)) {
                throw new DocumentRejectedException("unknown_format", "real-time prices on whole hours only, without"
                        + " a feed name in links: hourly rt_hrl_lmps, not the 5-minute " + FEED_RT);
            }
            return FEED_RT;
        }
        if (env.items.isEmpty() && env.specFields == null) {
            throw new DocumentRejectedException("empty_document", "a Data Miner envelope with no items, no links and"
                    + " no searchSpecification: nothing says which feed it is");
        }
        throw new DocumentRejectedException("unknown_format", "Data Miner items with fields "
                + abbreviate(String.join(", ", fields), 200) + " carry no LMP (total_lmp_da, total_lmp_rt): not one"
                + " of " + String.join(", ", FEEDS));
    }

    /** Whether every item starts on a whole hour and two starts are an hour apart (an hourly feed, not a 5-minute one). */
    private static boolean hourly(List<Item> items) {
        Set<Instant> starts = new TreeSet<>();
        for (Item it : items) {
            Instant s = utcStart(it.cells[UTC]);
            if (s == null) continue;
            if (s.getEpochSecond() % 3600 != 0) return false;
            starts.add(s);
        }
        return starts.size() >= 2;
    }

    /** What a non-empty document of the feed lacks to be read, or null. */
    private static String drift(Envelope env, int prices) {
        List<String> missing = new ArrayList<>(3);
        if ((env.seen & (1 << UTC)) == 0) missing.add(ATTR_START_UTC);
        if ((env.seen & (1 << PNODE_NAME)) == 0) missing.add("pnode_name");
        boolean total = (env.seen & (1 << (prices + TOTAL))) != 0;
        boolean components = true;
        for (int k = 1; k < 4; k++) components &= (env.seen & (1 << (prices + k))) != 0;
        if (!total && !components) missing.add(FIELD[prices + TOTAL]);
        if (missing.isEmpty()) return null;
        String what = "missing field" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing);
        if (missing.contains(ATTR_START_UTC) && (env.seen & (1 << EPT)) != 0) {
            what += " (datetime_beginning_ept alone is ambiguous in the repeated fall-back hour)";
        }
        return what;
    }

    // ---------------------------------------------------------------- reading the JSON

    private static Envelope read(byte[] c, int from) throws DocumentRejectedException {
        Envelope env = new Envelope();
        try (JsonParser p = JSON.createParser(c, from, c.length - from)) {
            p.nextToken(); // START_OBJECT: the caller saw the '{'
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "items" -> env.items = items(p, v, env);
                    case "links" -> links(p, v, env);
                    case "searchSpecification" -> spec(p, v, env);
                    case "statusCode" -> {
                        env.errorStatus = v.isScalarValue() ? p.getText() : null;
                        p.skipChildren();
                    }
                    case "message" -> {
                        env.errorMessage = v == JsonToken.VALUE_STRING ? p.getText() : env.errorMessage;
                        p.skipChildren();
                    }
                    case "errors" -> {
                        env.errorMessage = errors(p, v);
                        if (env.errorMessage == null) env.errorMessage = "(errors without a message)";
                    }
                    default -> {
                        env.topLevel.add(field);
                        p.skipChildren();
                    }
                }
            }
            if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "document ends inside the object");
            if (p.nextToken() != null) {
                throw new DocumentRejectedException("unknown_format", "content after the JSON object at " + where(p));
            }
        } catch (JsonEOFException e) {
            throw new DocumentRejectedException("truncated_document", "JSON ends early: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new DocumentRejectedException("unknown_format", "not valid JSON: "
                    + abbreviate(e.getOriginalMessage(), 120) + " at " + where(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        // a {statusCode, message} with items is not an error document: only the envelope-less one is
        if (env.items != null) {
            env.errorMessage = null;
            env.errorStatus = null;
        } else if (env.errorStatus != null && env.errorMessage == null) {
            env.errorStatus = null; // a bare statusCode is not PJM's error shape; say it is not an envelope instead
            env.topLevel.add(0, "statusCode");
        }
        return env;
    }

    private static List<Item> items(JsonParser p, JsonToken t, Envelope env) throws IOException,
            DocumentRejectedException {
        if (t != JsonToken.START_ARRAY) {
            throw new DocumentRejectedException("unknown_format", "\"items\" is not a list (found " + t + " at "
                    + where(p) + ")");
        }
        List<Item> out = new ArrayList<>(1024);
        long index = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new JsonEOFException(p, null, "document ends inside \"items\"");
            Item it = new Item(++index);
            out.add(it);
            if (t != JsonToken.START_OBJECT) {
                it.problem = "expected an object, found " + t;
                p.skipChildren();
                continue;
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                int slot = slot(f);
                if (slot < 0) {
                    if (env.otherFields.size() < 64) env.otherFields.add(f);
                    p.skipChildren();
                    continue;
                }
                env.seen |= 1 << slot;
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    if (it.problem == null) it.problem = f + " is a nested " + (v == JsonToken.START_OBJECT ? "object" : "list");
                    p.skipChildren();
                } else if (v != JsonToken.VALUE_NULL) {
                    it.cells[slot] = p.getText(); // numbers keep their own text
                }
            }
            if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "document ends inside an item");
        }
        return out;
    }

    /** The slot of a field, or -1 for a field this connector does not read. */
    private static int slot(String f) {
        return switch (f) {
            case "datetime_beginning_utc" -> UTC;
            case "datetime_beginning_ept" -> EPT;
            case "pnode_id" -> PNODE_ID;
            case "pnode_name" -> PNODE_NAME;
            case "type" -> TYPE;
            case "row_is_current" -> CURRENT;
            case "version_nbr" -> VERSION;
            case "total_lmp_da" -> DA;
            case "system_energy_price_da" -> DA + 1;
            case "congestion_price_da" -> DA + 2;
            case "marginal_loss_price_da" -> DA + 3;
            case "total_lmp_rt" -> RT;
            case "system_energy_price_rt" -> RT + 1;
            case "congestion_price_rt" -> RT + 2;
            case "marginal_loss_price_rt" -> RT + 3;
            default -> -1;
        };
    }

    private static void links(JsonParser p, JsonToken t, Envelope env) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new JsonEOFException(p, null, "document ends inside \"links\"");
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String rel = null;
            String href = null;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING && f.equals("rel")) rel = p.getText();
                else if (v == JsonToken.VALUE_STRING && f.equals("href")) href = p.getText();
                else p.skipChildren();
            }
            if (href == null) continue;
            if ("self".equals(rel)) env.selfFeed = feedOf(href, false);
            else if ("metadata".equals(rel)) env.metadataFeed = feedOf(href, true);
        }
    }

    /**
     * The feed named by a Data Miner link: the path segment after {@code /api/v1/} (self:
     * {@code …/api/v1/da_hrl_lmps?…}; metadata: {@code …/api/v1/da_hrl_lmps/metadata}).
     */
    static String feedOf(String href, boolean metadata) {
        int q = href.indexOf('?');
        String path = q < 0 ? href : href.substring(0, q);
        int v1 = path.indexOf("/api/v1/");
        if (v1 < 0) return null;
        String rest = path.substring(v1 + "/api/v1/".length());
        if (metadata) {
            if (!rest.endsWith("/metadata")) return null;
            rest = rest.substring(0, rest.length() - "/metadata".length());
        }
        if (rest.isEmpty() || rest.indexOf('/') >= 0) return null;
        return rest.toLowerCase(Locale.ROOT);
    }

    private static void spec(JsonParser p, JsonToken t, Envelope env) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (f.equals("fields") && v == JsonToken.START_ARRAY) {
                List<String> fields = new ArrayList<>();
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (v == null) throw new JsonEOFException(p, null, "document ends inside \"fields\"");
                    if (v == JsonToken.VALUE_STRING) fields.add(p.getText().strip());
                    else p.skipChildren();
                }
                env.specFields = fields;
            } else {
                p.skipChildren();
            }
        }
    }

    /** The messages of PJM's {@code "errors":[{"field","message"}…]} (or a list of strings), joined. */
    private static String errors(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) return p.getText();
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        List<String> out = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new JsonEOFException(p, null, "document ends inside \"errors\"");
            if (t == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            } else if (t == JsonToken.START_OBJECT) {
                String field = null;
                String message = null;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.VALUE_STRING && f.equalsIgnoreCase("message")) message = p.getText();
                    else if (v == JsonToken.VALUE_STRING && f.equalsIgnoreCase("field")) field = p.getText();
                    else p.skipChildren();
                }
                if (message != null) out.add(field != null ? field + ": " + message : message);
            } else {
                p.skipChildren();
            }
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    // ---------------------------------------------------------------- small helpers

    /** Says what a document that does not start with <code>{</code> looks like. */
    private static String notJson(byte[] c, int first) {
        if (c.length - first >= 2 && c[first] == 'P' && c[first + 1] == 'K') {
            return "a zip archive, not a PJM Data Miner JSON document";
        }
        if (c[first] == '[') return "a JSON list, not a PJM Data Miner envelope {links, items, …}";
        if (c[first] == '<') return "an HTML/XML page, not a PJM Data Miner JSON document";
        int end = first;
        while (end < c.length && end - first < 80 && c[end] != '\n' && c[end] != '\r') end++;
        return "'" + new String(c, first, end - first, StandardCharsets.UTF_8) + "…' is not a PJM Data Miner JSON"
                + " document";
    }

    /** Index of the first byte that is not a BOM or whitespace ({@code c.length} when there is none). */
    private static int firstNonBlank(byte[] c) {
        int i = c.length >= 3 && c[0] == (byte) 0xEF && c[1] == (byte) 0xBB && c[2] == (byte) 0xBF ? 3 : 0;
        while (i < c.length && (c[i] == ' ' || c[i] == '\t' || c[i] == '\r' || c[i] == '\n')) i++;
        return i;
    }

    private static String where(JsonParser p) {
        return "line " + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr();
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "an unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String abbreviate(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }

    /** The four price field names of a feed's market, total first: what {@link PjmDialect} reads. */
    static String[] priceFields(String market) {
        int prices = MARKET_DA.equals(market) ? DA : RT;
        return Arrays.copyOfRange(FIELD, prices, prices + 4);
    }
}
