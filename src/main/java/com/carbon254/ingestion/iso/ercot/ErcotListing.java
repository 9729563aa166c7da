package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ERCOT's MIS document listing ({@code /misapp/servlets/IceDocListJsonWS?reportTypeId=<id>}):
 * <code>{"ListDocsByRptTypeRes":{"DocumentList":[{"Document":{"DocID","ConstructedName","FriendlyName",
 * "PublishDate","ReportTypeID",…}},…]}}</code>, one entry per posted document, each report posted twice (a
 * {@code _csv} and an {@code _xml} zip). Which data a document holds is read from its names:
 * <ul>
 *   <li>NP4-190-CD (12331), {@code FriendlyName DAMSPNP4190_csv}: no date in the friendly name; the DAM is posted the
 *       day before delivery, so the delivery day is the day after the posting date in {@code ConstructedName}
 *       ({@code cdr.00012331.0000000000000000.<yyyyMMdd>.<HHmmssSSS>.DAMSPNP4190_csv.zip}).</li>
 *   <li>NP6-788-CD (12300), {@code LMPSROSNODENP6788_<yyyyMMdd>_<HHmmss>[_xhr]_csv}: the SCED run's Central time;
 *       {@code xhr} marks the repeated fall-back hour's second (CST) pass. The document's interval is the 5 minutes
 *       holding the run.</li>
 *   <li>NP6-905-CD (12301), {@code SPPHLZNP6905_[retry_]<yyyyMMdd>_<HHmm>[_xhr]_csv}: the 15-minute interval's end as
 *       ERCOT labels it (hour ending and interval: {@code 0015} is HE 1 interval 1, {@code 0100} HE 1 interval 4,
 *       {@code 0000} HE 24 interval 4 of the day before), {@code xhr} as above.</li>
 * </ul>
 * A document is selected when its interval overlaps the request window; of documents posted for the same interval
 * (a {@code retry} file) only the newest posting is kept. {@code PublishDate}'s offset is not trusted (the recorded
 * listing writes {@code -05:00} on standard-time dates); the posting order comes from {@code ConstructedName}.
 * Stateless.
 */
final class ErcotListing {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ErcotListing() {
    }

    /** One listed document, as the listing writes it. */
    record Doc(String docId, String friendlyName, String constructedName, String publishDate, String reportTypeId,
               String reportName) {
    }

    /** A document with the interval it holds, its de-duplication key and its posting time (sortable text). */
    record Dated(Doc doc, String key, Instant start, Instant end, String posted) {
    }

    /**
     * The {@code DocID}s of {@code report}'s CSV documents in {@code listing} that hold data of {@code [from, to)},
     * by interval, the newest posting per interval.
     *
     * @throws DocumentRejectedException when the listing is not an MIS listing, is of another report, or none of its
     *                                   CSV documents' names can be read
     */
    static List<String> select(ErcotReport report, byte[] listing, Instant from, Instant to, ZoneId zone)
            throws DocumentRejectedException {
        List<Doc> docs = read(listing);
        for (Doc d : docs) {
            if (!report.reportTypeId.equals(d.reportTypeId())) {
                throw new DocumentRejectedException("unrecognized_document", "the listing is of MIS report type "
                        + d.reportTypeId() + (d.reportName() != null ? " (" + d.reportName() + ")" : "")
                        + ", not " + report.reportTypeId + " " + report.describe() + ": check the dataset's listing"
                        + " URL (reportTypeId=" + report.reportTypeId + ")");
            }
        }
        Map<String, Dated> newest = new LinkedHashMap<>();
        int csv = 0;
        int dated = 0;
        String unreadable = null;
        for (Doc d : docs) {
            if (!isCsv(d)) continue;
            csv++;
            Dated x = date(report, d, zone);
            if (x == null) {
                if (unreadable == null) unreadable = d.friendlyName() + " / " + d.constructedName();
                continue;
            }
            dated++;
            if (!x.start().isBefore(to) || !x.end().isAfter(from)) continue;
            newest.merge(x.key(), x, (a, b) -> newer(b, a) ? b : a);
        }
        if (csv > 0 && dated == 0) {
            throw new DocumentRejectedException("header_drift", "none of the " + csv + " CSV documents of the "
                    + report.emil + " listing has a name this connector can date, e.g. " + unreadable);
        }
        return newest.values().stream()
                .sorted(Comparator.comparing(Dated::start).thenComparing(Dated::key))
                .map(x -> x.doc().docId())
                .toList();
    }

    /** Whether {@code a} was posted after {@code b} (then the higher DocID). */
    private static boolean newer(Dated a, Dated b) {
        int c = a.posted().compareTo(b.posted());
        if (c != 0) return c > 0;
        String x = a.doc().docId();
        String y = b.doc().docId();
        return x.length() != y.length() ? x.length() > y.length() : x.compareTo(y) > 0;
    }

    /** ERCOT posts each report as {@code …_csv.zip} and {@code …_xml.zip}: the CSV one is read. */
    static boolean isCsv(Doc d) {
        String f = d.friendlyName() == null ? "" : d.friendlyName().toLowerCase(Locale.ROOT);
        String c = d.constructedName() == null ? "" : d.constructedName().toLowerCase(Locale.ROOT);
        return f.endsWith("_csv") || c.contains("_csv.");
    }

    /** The interval {@code d} holds by {@code report}'s naming, or null when its names do not say. */
    static Dated date(ErcotReport report, Doc d, ZoneId zone) {
        String posted = posted(d);
        if (report == ErcotReport.DAM_SPP) {
            LocalDate published = constructedDate(d.constructedName());
            if (published == null && d.publishDate() != null && d.publishDate().length() >= 10) {
                published = ErcotTime.date(d.publishDate().substring(0, 10));
            }
            if (published == null) return null;
            LocalDate delivery = published.plusDays(1);
            return new Dated(d, delivery.toString(), delivery.atStartOfDay(zone).toInstant(),
                    delivery.plusDays(1).atStartOfDay(zone).toInstant(), posted);
        }
        if (d.friendlyName() == null) return null;
        String[] tokens = d.friendlyName().split("_");
        LocalDate day = null;
        String time = null;
        boolean repeated = false;
        for (String t : tokens) {
            if (t.equalsIgnoreCase("xhr")) repeated = true;
            else if (day == null && t.length() == 8 && digits(t)) day = yyyyMMdd(t);
            else if (day != null && time == null && (t.length() == 4 || t.length() == 6) && digits(t)) time = t;
        }
        if (day == null || time == null) return null;
        int hh = Integer.parseInt(time.substring(0, 2));
        int mm = Integer.parseInt(time.substring(2, 4));
        int ss = time.length() == 6 ? Integer.parseInt(time.substring(4, 6)) : 0;
        String key = day + "_" + time + (repeated ? "_xhr" : "");
        if (report == ErcotReport.SCED_LMP) {
            if (hh > 23 || mm > 59 || ss > 59) return null;
            Instant run = instant(day.atTime(hh, mm, ss), zone, repeated);
            if (run == null) return null;
            Instant start = Instant.ofEpochSecond(Math.floorDiv(run.getEpochSecond(), 300) * 300);
            return new Dated(d, key, start, start.plusSeconds(300), posted);
        }
        // NP6-905: the interval's end as an hour ending and an interval of it
        if (mm % 15 != 0 || mm > 45 || hh > 24 || ss != 0) return null;
        int he;
        int k;
        if (mm == 0) {
            if (hh == 0) {
                day = day.minusDays(1);
                he = 24;
            } else {
                he = hh;
            }
            k = 4;
        } else {
            he = hh + 1;
            k = mm / 15;
        }
        Instant start = instant(day.atStartOfDay().plusHours(he - 1).plusMinutes(15L * (k - 1)), zone, repeated);
        if (start == null) return null;
        return new Dated(d, key, start, start.plusSeconds(900), posted);
    }

    /** The wall time in {@code zone}: the later (standard-time) pass when {@code repeated}; null in a gap. */
    private static Instant instant(LocalDateTime local, ZoneId zone, boolean repeated) {
        ZoneOffsetTransition t = zone.getRules().getTransition(local);
        if (t == null) return local.toInstant(zone.getRules().getOffset(local));
        if (t.isGap()) return null;
        ZoneOffset offset = repeated ? t.getOffsetAfter() : t.getOffsetBefore();
        return local.toInstant(offset);
    }

    /** {@code yyyyMMdd.HHmmssSSS} of the constructed name (the posting's Central time), else the PublishDate text. */
    private static String posted(Doc d) {
        String[] s = d.constructedName() == null ? new String[0] : d.constructedName().split("\\.");
        if (s.length > 4 && s[3].length() == 8 && digits(s[3]) && digits(s[4])) {
            return s[3] + "." + (s[4] + "000000000").substring(0, 9);
        }
        return d.publishDate() == null ? "" : d.publishDate();
    }

    /** The posting date of {@code cdr.<type>.<duns>.<yyyyMMdd>.<time>.<name>}, or null. */
    private static LocalDate constructedDate(String constructedName) {
        if (constructedName == null) return null;
        String[] s = constructedName.split("\\.");
        return s.length > 4 && s[3].length() == 8 && digits(s[3]) ? yyyyMMdd(s[3]) : null;
    }

    private static LocalDate yyyyMMdd(String s) {
        try {
            return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                    Integer.parseInt(s.substring(6, 8)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    /** The documents of an MIS listing, in listing order. */
    static List<Doc> read(byte[] listing) throws DocumentRejectedException {
        if (listing == null || listing.length == 0) {
            throw new DocumentRejectedException("empty_document", "the MIS listing is 0 bytes");
        }
        List<Doc> docs = new ArrayList<>();
        boolean found = false;
        try (JsonParser p = JSON.createParser(listing)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DocumentRejectedException("unrecognized_document", "not an ERCOT MIS document listing"
                        + " (IceDocListJsonWS): not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("ListDocsByRptTypeRes".equals(name)) {
                    found = true;
                    if (v.isStructStart()) documents(p, docs);
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "listing ends inside its object");
        } catch (JsonEOFException e) {
            throw new DocumentRejectedException("truncated_document", "the MIS listing ends early: "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new DocumentRejectedException("unrecognized_document", "the MIS listing is not valid JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        if (!found) {
            throw new DocumentRejectedException("unrecognized_document", "not an ERCOT MIS document listing: no"
                    + " ListDocsByRptTypeRes");
        }
        return docs;
    }

    /** Every {@code "Document": {…}} below the structure just opened. */
    private static void documents(JsonParser p, List<Doc> docs) throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) throw new JsonEOFException(p, null, "listing ends inside ListDocsByRptTypeRes");
            if (t == JsonToken.FIELD_NAME && "Document".equals(p.currentName())) {
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT) {
                    Map<String, String> m = ErcotConnector.scalars(p);
                    docs.add(new Doc(m.get("DocID"), m.get("FriendlyName"), m.get("ConstructedName"),
                            m.get("PublishDate"), m.get("ReportTypeID"), m.get("ReportName")));
                } else if (v.isStructStart()) {
                    p.skipChildren();
                }
                continue;
            }
            if (t.isStructStart()) depth++;
            else if (t.isStructEnd()) depth--;
        }
    }
}
