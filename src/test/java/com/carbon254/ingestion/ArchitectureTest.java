package com.carbon254.ingestion;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import rules of the house (README "How it is built"): {@code app} is the top floor, the stages meet only in the
 * neutral packages ({@code event}, {@code iso}, {@code pipeline}, {@code transport}, {@code ops}), no stage reaches a
 * store implementation, and the pure cores carry no Vert.x. Checked on the compiled main classes.
 */
class ArchitectureTest {
    private static final String BASE = "com.carbon254.ingestion";
    /** The stage packages that must never import one another. */
    static final String[] STAGES = {"normalize", "enrich", "aggregate", "connector", "quality", "reprocess", "project"};

    static JavaClasses main;

    @BeforeAll
    static void load() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);
        assertThat(main).as("the main classes were found").hasSizeGreaterThan(100);
    }

    private static String pkg(String p) {
        return BASE + "." + p + "..";
    }

    @Test
    void nothingOutsideAppImportsApp() {
        noClasses().that().resideOutsideOfPackage(pkg("app")).should().dependOnClassesThat()
                .resideInAPackage(pkg("app")).because("app is the top floor: it knows every package, none knows it")
                .check(main);
    }

    @ParameterizedTest(name = "{0} imports no other stage, no store implementation, nothing of app")
    @ValueSource(strings = {"normalize", "enrich", "aggregate", "connector", "quality", "reprocess", "project"})
    void aStageImportsNoOtherStageAndNoStoreImplementation(String stage) {
        String[] others = Arrays.stream(STAGES).filter(s -> !s.equals(stage)).map(ArchitectureTest::pkg)
                .toArray(String[]::new);
        noClasses().that().resideInAPackage(pkg(stage)).should().dependOnClassesThat().resideInAnyPackage(others)
                .because("stages meet only through the ports (pipeline), the events and the transport")
                .check(main);
        noClasses().that().resideInAPackage(pkg(stage)).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("store"), pkg("transport.eventbus"), pkg("transport.kafka"))
                .because("the descriptor chooses the store and the transport; a stage sees only their ports")
                .check(main);
    }

    @Test
    void eventImportsNothingOfTransport() {
        noClasses().that().resideInAPackage(pkg("event")).should().dependOnClassesThat()
                .resideInAPackage(pkg("transport")).check(main);
    }

    @Test
    void theNeutralPackagesImportNoStageNorImplementation() {
        String[] above = {pkg("app"), pkg("store"), pkg("normalize"), pkg("enrich"), pkg("aggregate"),
                pkg("connector"), pkg("quality"), pkg("reprocess"), pkg("project")};
        noClasses().that().resideInAnyPackage(pkg("pipeline"), pkg("iso"), pkg("event"), pkg("ops"),
                pkg("transport")).should().dependOnClassesThat().resideInAnyPackage(above).check(main);
        noClasses().that().resideInAPackage(pkg("iso")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("pipeline"), pkg("transport"), pkg("ops"))
                .because("an ISO package depends on the events only, so any stage can use it").check(main);
    }

    @Test
    void pureCoresImportNoVertx() {
        ArchRule rule = noClasses().that().resideInAnyPackage(pkg("normalize"), pkg("enrich"), pkg("aggregate"),
                        pkg("quality"), pkg("iso")).and().haveSimpleNameNotEndingWith("Verticle")
                .should().dependOnClassesThat().resideInAPackage("io.vertx..")
                .because("a stage's logic is a pure core (records in, records out); only its verticle is Vert.x");
        rule.check(main);
    }

    @Test
    void theNormalizerNamesNoIso() {
        noClasses().that().resideInAPackage(pkg("normalize")).should().dependOnClassesThat()
                .resideInAnyPackage(BASE + ".iso.(*)..").because("dialects are looked up by ISO, never named")
                .check(main);
    }

    @Test
    void storesAreReachedThroughTheirPorts() {
        classes().that().resideInAPackage(pkg("pipeline.store")).should().beInterfaces().orShould().beRecords()
                .orShould().haveSimpleName("package-info").check(main);
    }

    @Test
    void topLevelPackagesFormNoCycle() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(main);
    }
}
