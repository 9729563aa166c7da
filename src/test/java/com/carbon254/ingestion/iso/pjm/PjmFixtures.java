package com.carbon254.ingestion.iso.pjm;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * PJM Data Miner 2 documents written here from DOMAIN.md and the recorded sample's shape (never copied from it):
 * compact JSON <code>{"links":[…],"items":[…],"searchSpecification":{…},"totalRows":N}</code>, naive timestamps.
 *
 * <ul>
 *   <li>{@code da_hrl_lmps} of the fall-back day 2024-11-03: 25 hours from 04:00Z (00:00 EDT) to 2024-11-04T05:00Z;
 *       the EPT labels run 00:00, 01:00 (EDT, 05:00Z), 01:00 again (EST, 06:00Z), 02:00 (07:00Z) … 23:00 (04:00Z).
 *       Spring-forward 2024-03-10: 23 hours from 05:00Z (00:00 EST), 01:00 EST at 06:00Z, then 03:00 EDT at 07:00Z
 *       … 23:00 EDT at 2024-03-11T03:00Z; 02:00 does not exist. The UTC instants and EPT labels are written out by
 *       hand below, not derived with java.time.</li>
 *   <li>{@code rt_fivemin_hrl_lmps} of the fall-back day's repeated hour: 24 five-minute intervals 05:00Z–07:00Z,
 *       each EPT label 01:MM twice.</li>
 *   <li>{@code rt_unverified_fivemin_lmps}: {@code total_lmp_rt} only.</li>
 * </ul>
 * Components satisfy total = energy + congestion + loss exactly (BigDecimal).
 */
public final class PjmFixtures {
    public static final LocalDate FALL_BACK = LocalDate.of(2024, 11, 3);
    public static final LocalDate SPRING_FORWARD = LocalDate.of(2024, 3, 10);
    /** pnode_name, pnode_id, type of the fixture nodes. */
    public static final List<String[]> NODES = List.of(new String[]{"WESTERN HUB", "51288", "HUB"},
            new String[]{"PSEG", "51301", "ZONE"}, new String[]{"BERGEN  13 KV   CC12", "2156113488", "GEN"});
    public static final String DA_FIELDS = "datetime_beginning_utc,datetime_beginning_ept,pnode_id,pnode_name,type,"
            + "system_energy_price_da,total_lmp_da,congestion_price_da,marginal_loss_price_da,row_is_current,"
            + "version_nbr";

    private PjmFixtures() {
    }

    /** One hour of an operating day: its UTC start and its EPT label, as Data Miner writes them. */
    public record Hour(String utc, String ept) {
        public Instant start() {
            return Instant.parse(utc + "Z");
        }
    }

    /** The hours of a DST day, in time order, written out by hand (see the class comment). */
    public static List<Hour> hours(LocalDate day) {
        List<Hour> out = new ArrayList<>();
        if (day.equals(FALL_BACK)) {
            // 00:00 EDT = 04:00Z; 01:00 EDT = 05:00Z; 01:00 EST = 06:00Z; h:00 EST = (h+5):00Z
            out.add(new Hour("2024-11-03T04:00:00", "2024-11-03T00:00:00"));
            out.add(new Hour("2024-11-03T05:00:00", "2024-11-03T01:00:00"));
            out.add(new Hour("2024-11-03T06:00:00", "2024-11-03T01:00:00"));
            for (int h = 2; h <= 23; h++) {
                int z = h + 5;
                String utc = z < 24 ? String.format("2024-11-03T%02d:00:00", z) : String.format("2024-11-04T%02d:00:00", z - 24);
                out.add(new Hour(utc, String.format("2024-11-03T%02d:00:00", h)));
            }
        } else if (day.equals(SPRING_FORWARD)) {
            // 00:00 EST = 05:00Z; 01:00 EST = 06:00Z; 03:00 EDT = 07:00Z; h:00 EDT = (h+4):00Z
            out.add(new Hour("2024-03-10T05:00:00", "2024-03-10T00:00:00"));
            out.add(new Hour("2024-03-10T06:00:00", "2024-03-10T01:00:00"));
            for (int h = 3; h <= 23; h++) {
                int z = h + 4;
                String utc = z < 24 ? String.format("2024-03-10T%02d:00:00", z) : String.format("2024-03-11T%02d:00:00", z - 24);
                out.add(new Hour(utc, String.format("2024-03-10T%02d:00:00", h)));
            }
        } else {
            throw new IllegalArgumentException("no DST fixture for " + day);
        }
        return out;
    }

    /** energy, congestion, loss, total of node {@code n} in the {@code i}-th interval (total = the exact sum). */
    static BigDecimal[] prices(int n, int i) {
        BigDecimal energy = new BigDecimal("28.125000").add(new BigDecimal("0.5").multiply(BigDecimal.valueOf(i)));
        BigDecimal congestion = switch (n) {
            case 0 -> new BigDecimal("-0.412003");
            case 1 -> new BigDecimal("3.250117");
            default -> new BigDecimal("-6.875");
        };
        BigDecimal loss = n == 2 ? new BigDecimal("-0.031277") : new BigDecimal("0.527001");
        return new BigDecimal[]{energy, congestion, loss, energy.add(congestion).add(loss)};
    }

    /** The published total of node {@code n} in the {@code i}-th interval of a fixture. */
    public static double total(int n, int i) {
        return prices(n, i)[3].doubleValue();
    }

    public static double energy(int n, int i) {
        return prices(n, i)[0].doubleValue();
    }

    public static double congestion(int n, int i) {
        return prices(n, i)[1].doubleValue();
    }

    public static double loss(int n, int i) {
        return prices(n, i)[2].doubleValue();
    }

    /** The {@code da_hrl_lmps} document of a DST day for {@link #NODES}: all fields, version 1, current. */
    public static byte[] daDay(LocalDate day) {
        List<Hour> hours = hours(day);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < hours.size(); i++) {
            for (int n = 0; n < NODES.size(); n++) {
                items.add(lmpItem(hours.get(i).utc(), hours.get(i).ept(), n, prices(n, i), "da", "true", "1"));
            }
        }
        String filter = day + "T00:00to" + day + "T23:59";
        return envelope("da_hrl_lmps", DA_FIELDS, "datetime_beginning_ept", filter, items);
    }

    /** The 24 five-minute starts of the fall-back day's repeated hour, 05:00Z–07:00Z, with their EPT labels. */
    public static List<Hour> repeatedHourIntervals() {
        List<Hour> out = new ArrayList<>();
        for (int k = 0; k < 24; k++) {
            int z = 5 + k / 12;
            int m = (k % 12) * 5;
            out.add(new Hour(String.format("2024-11-03T%02d:%02d:00", z, m), String.format("2024-11-03T01:%02d:00", m)));
        }
        return out;
    }

    /** {@code rt_fivemin_hrl_lmps} (verified) for the fall-back day's repeated hour, all fields. */
    public static byte[] rtRepeatedHour() {
        List<String> items = new ArrayList<>();
        List<Hour> iv = repeatedHourIntervals();
        for (int i = 0; i < iv.size(); i++) {
            for (int n = 0; n < NODES.size(); n++) {
                items.add(lmpItem(iv.get(i).utc(), iv.get(i).ept(), n, prices(n, i), "rt", "true", "1"));
            }
        }
        return envelope("rt_fivemin_hrl_lmps", DA_FIELDS.replace("_da", "_rt"), "datetime_beginning_utc",
                "2024-11-03T05:00to2024-11-03T06:59", items);
    }

    /** {@code rt_unverified_fivemin_lmps} for the fall-back day's repeated hour: {@code total_lmp_rt} only. */
    public static byte[] rtUnverifiedRepeatedHour() {
        List<String> items = new ArrayList<>();
        List<Hour> iv = repeatedHourIntervals();
        for (int i = 0; i < iv.size(); i++) {
            for (int n = 0; n < NODES.size(); n++) {
                String[] node = NODES.get(n);
                items.add("{\"datetime_beginning_utc\":\"" + iv.get(i).utc() + "\",\"datetime_beginning_ept\":\""
                        + iv.get(i).ept() + "\",\"pnode_id\":" + node[1] + ",\"pnode_name\":\"" + node[0]
                        + "\",\"type\":\"" + node[2] + "\",\"total_lmp_rt\":" + prices(n, i)[3].toPlainString() + "}");
            }
        }
        return envelope("rt_unverified_fivemin_lmps", "datetime_beginning_utc,datetime_beginning_ept,pnode_id,"
                + "pnode_name,type,total_lmp_rt", "datetime_beginning_utc", "2024-11-03T05:00to2024-11-03T06:59", items);
    }

    /** One item of an LMP feed with every field ({@code m} = {@code da} or {@code rt}). */
    public static String lmpItem(String utc, String ept, int n, BigDecimal[] p, String m, String current,
                                 String version) {
        String[] node = NODES.get(n);
        return "{\"datetime_beginning_utc\":\"" + utc + "\",\"datetime_beginning_ept\":\"" + ept + "\",\"pnode_id\":"
                + node[1] + ",\"pnode_name\":\"" + node[0] + "\",\"type\":\"" + node[2] + "\",\"system_energy_price_"
                + m + "\":" + p[0].toPlainString() + ",\"total_lmp_" + m + "\":" + p[3].toPlainString()
                + ",\"congestion_price_" + m + "\":" + p[1].toPlainString() + ",\"marginal_loss_price_" + m + "\":"
                + p[2].toPlainString() + ",\"row_is_current\":" + current + ",\"version_nbr\":" + version + "}";
    }

    /** The Data Miner envelope around {@code items} of {@code feed}, with its links and search specification. */
    public static byte[] envelope(String feed, String fields, String filter, String value, List<String> items) {
        String href = "https://api.pjm.com/api/v1/" + feed + "?RowCount=50000&Order=Asc&StartRow=1&IsActiveMetadata=True"
                + "&Fields=" + fields.replace(",", "%2C") + "&" + filter + "=" + value.replace(":", "%3A");
        StringBuilder sb = new StringBuilder();
        sb.append("{\"links\":[{\"rel\":\"self\",\"href\":\"").append(href).append("\"},{\"rel\":\"metadata\","
                + "\"href\":\"https://api.pjm.com/api/v1/").append(feed).append("/metadata\"}],\"items\":[")
                .append(String.join(",", items)).append("],\"searchSpecification\":{\"rowCount\":50000,\"order\":"
                + "\"Asc\",\"startRow\":1,\"isActiveMetadata\":true,\"fields\":[");
        String[] f = fields.split(",");
        for (int i = 0; i < f.length; i++) sb.append(i > 0 ? "," : "").append('"').append(f[i]).append('"');
        sb.append("],\"filters\":[{\"").append(filter).append("\":\"").append(value).append("\"}]},\"totalRows\":")
                .append(items.size()).append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
