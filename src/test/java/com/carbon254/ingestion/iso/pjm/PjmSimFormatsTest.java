package com.carbon254.ingestion.iso.pjm;

import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.pjm.PjmSimFormats.Feed;
import com.carbon254.ingestion.iso.pjm.PjmSimFormats.Query;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.normalize.NormalizeResult;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.testing.IsoSamples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every document the PJM simulator renders is Data Miner's shape and goes through the project's own connector and
 * normalizer untouched: zero rejections, the model's prices, components that add up.
 */
class PjmSimFormatsTest {
    private static final Instant ALWAYS = Instant.parse("2100-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PriceModel model = new PriceModel(11);
    private final PjmConnector connector = new PjmConnector();
    private final Normalizer normalizer = new Normalizer();

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theRecordedSamplesRequestRendersItemsShapedLikeTheSample() throws Exception {
        Path file = IsoSamples.find(PjmConnectorTest.SAMPLE).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);
        JsonNode real = JSON.readTree(Files.readAllBytes(file));
        // the sample's own request: fields=datetime_beginning_utc,pnode_id,pnode_name,type,total_lmp_da&type=ZONE
        Query q = Query.builder(Feed.DA, 1, 600, List.of("datetime_beginning_utc", "pnode_id", "pnode_name", "type",
                        "total_lmp_da")).type("ZONE")
                .range(false, LocalDateTime.parse("2026-06-09T00:00"), LocalDateTime.parse("2026-06-09T23:59"),
                        "2026-06-09T00:00to2026-06-09T23:59").build();
        JsonNode sim = JSON.readTree(PjmSimFormats.page(model, q, ALWAYS));
        assertThat(names(sim)).isEqualTo(names(real)).containsExactly("links", "items", "searchSpecification",
                "totalRows");
        assertThat(names(sim.get("items").get(0))).isEqualTo(names(real.get("items").get(0)));
        assertThat(names(sim.get("searchSpecification"))).isEqualTo(names(real.get("searchSpecification")));
        assertThat(sim.get("links").get(0).get("href").asText())
                .startsWith("https://api.pjm.com/api/v1/da_hrl_lmps?RowCount=600&Order=Asc&StartRow=1"
                        + "&IsActiveMetadata=True&Fields=datetime_beginning_utc%2Cpnode_id%2Cpnode_name%2Ctype"
                        + "%2Ctotal_lmp_da&type=ZONE&datetime_beginning_ept=2026-06-09T00%3A00to2026-06-09T23%3A59");
        JsonNode first = sim.get("items").get(0);
        JsonNode realFirst = real.get("items").get(0);
        assertThat(first.get("datetime_beginning_utc").asText()).isEqualTo(realFirst.get("datetime_beginning_utc")
                .asText()).isEqualTo("2026-06-09T04:00:00");
        assertThat(first.get("pnode_id").isIntegralNumber()).isTrue();
        assertThat(first.get("total_lmp_da").isNumber()).isTrue();
        assertThat(first.get("pnode_name").asText()).isEqualTo("PJM-RTO");
        assertThat(sim.get("totalRows").asInt()).isEqualTo(15 * 24);
    }

    @Test
    void aWholeDayOfEachFeedExtractsAndNormalizesWithoutARejection() throws Exception {
        Instant start = Instant.parse("2024-03-10T05:00:00Z"); // spring-forward: 23 hours to 2024-03-11T04:00Z
        Instant end = Instant.parse("2024-03-11T04:00:00Z");
        for (Feed feed : Feed.values()) {
            Extraction x = connector.extract(IsoSamples.document("pjm", feed.id(),
                    PjmSimFormats.page(model, Query.window(feed, start, end, 1, PjmSimulator.MAX_ROWS), ALWAYS)));
            assertThat(x.dataset()).isEqualTo(feed.id());
            assertThat(x.rejections()).isEmpty();
            long intervals = feed == Feed.DA ? 23 : 23 * 12;
            assertThat(x.records()).hasSize((int) (intervals * PjmSimulator.PNODES.size()));
            NormalizeResult n = normalizer.normalize(x.records());
            assertThat(n.rejected()).isEmpty();
            for (Tick t : n.ticks()) {
                assertThat(t.intervalStart()).isBetween(start, end.minusSeconds(1));
                assertThat(t.operatingDay()).hasToString("2024-03-10");
                if (feed == Feed.RT_UNVERIFIED) {
                    assertThat(t.energy()).isNaN();
                } else {
                    assertThat(t.energy() + t.congestion() + t.loss()).isCloseTo(t.lmp(), within(1e-9));
                }
            }
        }
    }

    @Test
    void timestampsAlwaysCarryTheirSecondsAndTheLocalOneIsEasternPrevailingTime() throws Exception {
        Query q = Query.window(Feed.RT, Instant.parse("2024-11-03T05:55:00Z"), Instant.parse("2024-11-03T06:05:00Z"),
                1, 100);
        JsonNode items = JSON.readTree(PjmSimFormats.page(model, q, ALWAYS)).get("items");
        List<String> pairs = new ArrayList<>();
        items.forEach(i -> pairs.add(i.get("datetime_beginning_utc").asText() + "=" + i.get("datetime_beginning_ept")
                .asText()));
        assertThat(pairs).containsOnly("2024-11-03T05:55:00=2024-11-03T01:55:00",
                "2024-11-03T06:00:00=2024-11-03T01:00:00");
        assertThat(items.get(0).get("row_is_current").isBoolean()).isTrue();
        assertThat(items.get(0).get("version_nbr").isIntegralNumber()).isTrue();
    }
}
