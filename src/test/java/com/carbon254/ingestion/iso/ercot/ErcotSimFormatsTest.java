package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.ercot.ErcotSimFormats.MisDoc;
import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.testing.ErcotFixtures;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.carbon254.ingestion.iso.ercot.ErcotConnectorTest.extract;
import static com.carbon254.ingestion.iso.ercot.ErcotConnectorTest.normalize;
import static com.carbon254.ingestion.iso.ercot.ErcotConnectorTest.ticksOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's ERCOT documents read back by the connector: every one normalizes, DST days included. */
class ErcotSimFormatsTest {
    private final PriceModel model = new PriceModel(11);
    private final ErcotConnector connector = new ErcotConnector();
    private static final List<String> NODES = ErcotSimulator.PRICES.nodes().stream().map(Node::id).toList();
    private static final Instant NIGHT_FROM = Instant.parse("2024-11-03T05:00:00Z");
    private static final Instant NIGHT_TO = Instant.parse("2024-11-03T10:00:00Z");

    @Test
    void theDamCsvOfEachDstDayIsEveryHourOfEverySettlementPointAtTheModelsPrice() throws Exception {
        for (LocalDate day : List.of(ErcotFixtures.FALL_BACK, ErcotFixtures.SPRING_FORWARD)) {
            List<ErcotFixtures.Hour> hours = ErcotFixtures.hours(day);
            byte[] csv = ErcotSimFormats.damCsv(model, day);
            assertThat(new String(csv, StandardCharsets.US_ASCII)).startsWith(ErcotSimFormats.DAM_HEADER + "\n");
            Extraction x = extract("dam.csv", csv);
            assertThat(x.dataset()).isEqualTo(ErcotConnector.DATASET_DAM_MIS);
            assertThat(x.rejections()).isEmpty();
            NormalizeResult n = normalize(x);
            assertThat(n.rejected()).isEmpty();
            assertThat(n.ticks()).hasSize(hours.size() * NODES.size());
            for (String node : NODES) {
                List<Tick> ts = ticksOf(n, node);
                assertThat(ts).extracting(Tick::intervalStart).containsExactlyElementsOf(
                        hours.stream().map(ErcotFixtures.Hour::start).toList());
                for (int i = 0; i < ts.size(); i++) {
                    Price p = model.price(ErcotSimulator.PRICES, Market.DAY_AHEAD, node, hours.get(i).start(),
                            Duration.ofHours(1));
                    // ERCOT publishes the total in cents; the model's components under it add up to it
                    assertThat(BigDecimal.valueOf(ts.get(i).lmp())).isEqualByComparingTo(p.lmp());
                    assertThat(p.energy().add(p.congestion()).add(p.loss())).isEqualByComparingTo(p.lmp());
                    assertThat(ts.get(i).energy()).isNaN();
                }
            }
        }
        String fallBack = new String(ErcotSimFormats.damCsv(model, ErcotFixtures.FALL_BACK), StandardCharsets.US_ASCII);
        assertThat(fallBack).contains("\n11/03/2024,02:00,HB_NORTH,").contains("\n11/03/2024,03:00,HB_NORTH,");
        assertThat(fallBack.lines().filter(l -> l.startsWith("11/03/2024,02:00,HB_NORTH,"))).hasSize(2)
                .anySatisfy(l -> assertThat(l).endsWith(",Y"));
    }

    @Test
    void theApiPagesTogetherHoldTheDayAndEachSaysItsPlaceInMeta() throws Exception {
        LocalDate day = ErcotFixtures.FALL_BACK;
        var rows = ErcotSimFormats.damRows(model, List.of(day), null);
        assertThat(rows).hasSize(25 * NODES.size());
        List<String[]> params = List.<String[]>of(new String[]{"deliveryDateFrom", day.toString()});
        int size = 200;
        List<RawRecord> all = new ArrayList<>();
        for (int page = 1; page <= 4; page++) {
            byte[] body = ErcotSimFormats.damApiPage(rows, params, page, size);
            String text = new String(body, StandardCharsets.UTF_8);
            assertThat(text).startsWith("{\"_meta\":{\"totalRecords\":625,\"pageSize\":200,\"totalPages\":4,"
                    + "\"currentPage\":" + page + ",");
            Extraction x = extract("page", body);
            assertThat(x.dataset()).isEqualTo(ErcotConnector.DATASET_DAM_API);
            assertThat(x.sourceRows()).isEqualTo(page < 4 ? 200 : 25);
            all.addAll(x.records());
        }
        NormalizeResult n = normalize(new Extraction("dam_spp", "DA_HOURLY", all, List.of(), all.size()));
        assertThat(n.rejected()).isEmpty();
        assertThat(ticksOf(n, "HB_HUBAVG")).extracting(Tick::intervalStart).containsExactlyElementsOf(
                ErcotFixtures.hours(day).stream().map(ErcotFixtures.Hour::start).toList());
        String empty = new String(ErcotSimFormats.damApiPage(List.of(), params, 1, 100), StandardCharsets.UTF_8);
        assertThat(empty).contains("\"totalRecords\":0").contains("\"data\":[]");
        assertThat(extract("empty", empty).records()).isEmpty();
    }

    @Test
    void scedDocumentsPadTheirLmpsAndARerunIsALaterRevisionOfTheSameInterval() throws Exception {
        Instant start = Instant.parse("2024-11-03T07:10:00Z"); // 01:10 CST, the repeated hour's second pass
        Instant run = start.plusSeconds(18);
        String csv = new String(ErcotSimFormats.scedCsv(model, run), StandardCharsets.US_ASCII);
        assertThat(csv.lines().skip(1)).allSatisfy(l -> {
            assertThat(l).startsWith("11/03/2024 01:10:18,Y,");
            assertThat(l.substring(l.lastIndexOf(',') + 1)).hasSize(12).startsWith(" ");
        });
        Instant rerun = start.plusSeconds(160);
        List<Tick> first = normalize(extract("a.csv", csv)).ticks();
        List<Tick> second = normalize(extract("b.csv", ErcotSimFormats.scedCsv(model, rerun))).ticks();
        assertThat(first).hasSize(NODES.size()).extracting(Tick::intervalStart).containsOnly(start);
        assertThat(second).extracting(Tick::intervalStart).containsOnly(start);
        Ercot ercot = new Ercot();
        assertThat(ercot.revisionRank(second.get(0).revision())).isGreaterThan(ercot.revisionRank(first.get(0)
                .revision()));
        assertThat(first.stream().map(Tick::lmp).toList()).isNotEqualTo(second.stream().map(Tick::lmp).toList());
    }

    @Test
    void fifteenMinuteDocumentsPublishZonesAndTiesTwiceTheSecondEnergyWeighted() throws Exception {
        Instant start = Instant.parse("2024-11-03T07:45:00Z"); // HE 2 interval 4, DSTFlag Y
        Extraction x = extract("spp.csv", ErcotSimFormats.sppCsv(model, start));
        assertThat(x.rejections()).isEmpty();
        assertThat(x.records()).hasSize(NODES.size() + 12);
        NormalizeResult n = normalize(x);
        assertThat(n.rejected()).isEmpty();
        assertThat(n.ticks()).extracting(Tick::intervalStart).containsOnly(start);
        assertThat(n.ticks()).extracting(Tick::localLabel).containsOnly("2024-11-03 HE 02 INT 4 DSTFlag Y");
        Set<String> locations = n.ticks().stream().map(Tick::location).collect(Collectors.toSet());
        assertThat(locations).contains("LZ_WEST", "LZ_WEST_EW", "DC_E", "DC_E_EW", "HB_BUSAVG")
                .doesNotContain("HB_NORTH_EW", "ALVIN_RN_EW");
        assertThat(n.ticks().stream().filter(t -> t.location().equals("DC_E_EW")).findFirst().orElseThrow()
                .locationType()).isEqualTo("LZ_DCEW");
    }

    @Test
    void everyListedDocumentIsSelectedByTheWindowOfItsIntervalAcrossTheFallBackDay() throws Exception {
        // in the repeated hour (02:05 CST: the SCED runs of both its passes are still listed), and once the day is over
        everyDocumentIsSelectedByItsWindow(Instant.parse("2024-11-03T08:05:00Z"));
        everyDocumentIsSelectedByItsWindow(Instant.parse("2024-11-03T10:30:00Z"));
        Instant now = Instant.parse("2024-11-04T06:30:00Z");
        // the fall-back day's repeated hour is named with xhr, and a window of it gets exactly its own documents
        List<MisDoc> spp = ErcotSimFormats.listed(model.seed(), "12301", now);
        byte[] listing = ErcotSimFormats.listing(model, spp);
        List<String> repeated = connector.listedDocuments(ErcotConnector.DATASET_SPP_15MIN, listing,
                Instant.parse("2024-11-03T07:00:00Z"), Instant.parse("2024-11-03T08:00:00Z"));
        assertThat(repeated).hasSize(4);
        assertThat(spp.stream().filter(d -> repeated.contains(ErcotSimFormats.docId(d)))
                .map(ErcotSimFormats::friendlyName)).containsExactlyInAnyOrder("SPPHLZNP6905_20241103_0115_xhr_csv",
                "SPPHLZNP6905_20241103_0130_xhr_csv", "SPPHLZNP6905_20241103_0145_xhr_csv",
                "SPPHLZNP6905_20241103_0200_xhr_csv");
    }

    private void everyDocumentIsSelectedByItsWindow(Instant now) throws Exception {
        for (ErcotReport report : ErcotReport.values()) {
            List<MisDoc> docs = ErcotSimFormats.listed(model.seed(), report.reportTypeId, now);
            byte[] listing = ErcotSimFormats.listing(model, docs);
            assertThat(ErcotListing.read(listing)).hasSize(docs.size());
            String dataset = switch (report) {
                case DAM_SPP -> ErcotConnector.DATASET_DAM_MIS;
                case SCED_LMP -> ErcotConnector.DATASET_SCED;
                case RT_SPP -> ErcotConnector.DATASET_SPP_15MIN;
            };
            // the documents of the fall-back night, 00:00-04:00 local (and every DAM posting)
            List<MisDoc> csv = docs.stream().filter(d -> !d.xml()).filter(d -> report == ErcotReport.DAM_SPP
                            || !d.key().isBefore(NIGHT_FROM) && d.key().isBefore(NIGHT_TO))
                    .sorted(Comparator.comparing(MisDoc::key)).toList();
            assertThat(csv).isNotEmpty();
            for (MisDoc d : csv) {
                // the window of the document's interval (the first hour of a DAM's delivery day)
                Instant from = report == ErcotReport.SCED_LMP
                        ? Instant.ofEpochSecond(d.key().getEpochSecond() / 300 * 300) : d.key();
                Instant to = from.plusSeconds(report == ErcotReport.DAM_SPP ? 3600 : 300);
                assertThat(connector.listedDocuments(dataset, listing, from, to)).as(ErcotSimFormats.friendlyName(d))
                        .contains(ErcotSimFormats.docId(d));
            }
        }
    }

    @Test
    void aDownloadIsAZipOfOneCsvNamedAsTheMisNamesIt() throws Exception {
        Instant now = Instant.parse("2024-11-03T20:02:00Z");
        MisDoc dam = ErcotSimFormats.damDocs(now).get(0);
        assertThat(ErcotSimFormats.memberName(dam)).isEqualTo("cdr.00012331.0000000000000000.20241103.133017"
                + ".DAMSPNP4190.csv");
        assertThat(ErcotSimFormats.constructedName(dam)).isEqualTo("cdr.00012331.0000000000000000.20241103"
                + ".133017000.DAMSPNP4190_csv.zip");
        Extraction x = extract("d.zip", ErcotSimFormats.download(model, dam));
        assertThat(x.rejections()).isEmpty();
        assertThat(normalize(x).ticks()).extracting(t -> t.operatingDay().toString()).containsOnly("2024-11-04");
    }
}
