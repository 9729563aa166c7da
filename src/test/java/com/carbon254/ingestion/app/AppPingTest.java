package com.carbon254.ingestion.app;

import io.vertx.core.Promise;
import io.vertx.ext.healthchecks.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** A dependency that answers after its readiness check timed out must not throw ("Result is already complete"). */
class AppPingTest {
    @Test
    void aLateAnswerAfterTheCheckTimedOutIsDropped() {
        Promise<Void> slowPing = Promise.promise();
        Promise<Status> check = Promise.promise();
        App.ping(check, slowPing::future);
        check.complete(Status.KO()); // the health check's own timeout answered first
        assertThatCode(slowPing::complete).doesNotThrowAnyException();
        assertThat(check.future().result().isOk()).isFalse();
    }

    @Test
    void anAnswerInTimeIsTheCheck() {
        Promise<Void> ping = Promise.promise();
        Promise<Status> check = Promise.promise();
        App.ping(check, ping::future);
        ping.fail("connection refused");
        assertThat(check.future().result().isOk()).isFalse();
        assertThat(check.future().result().getData().getString("reason")).isEqualTo("connection refused");
    }
}
