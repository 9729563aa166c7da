package com.carbon254.ingestion.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobTableTest {
    record Job(String id, String status) {
        boolean done() {
            return status.equals("done");
        }
    }

    @Test
    void runningJobsStayAndOnlyTheLastFinishedOnesAreKept() {
        JobTable<Job> t = new JobTable<>(2, Job::done);
        for (String id : new String[]{"a", "b", "c", "running"}) t.put(id, new Job(id, "running"));
        assertThat(t.update("a", j -> new Job(j.id(), "done"))).isEqualTo(new Job("a", "done"));
        t.update("a", j -> j); // still finished: counted once
        t.update("b", j -> new Job(j.id(), "done"));
        assertThat(t.get("a")).isPresent();
        t.update("c", j -> new Job(j.id(), "done"));
        assertThat(t.get("a")).as("the oldest finished job is forgotten").isEmpty();
        assertThat(t.get("b")).isPresent();
        assertThat(t.get("running")).as("running jobs are never evicted").isPresent();
        assertThat(t.all()).extracting(Job::id).containsExactlyInAnyOrder("b", "c", "running");
        assertThat(t.update("gone", j -> j)).isNull();
    }
}
