package io.rowback.jobs.references;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NamingTest {
    @Test
    void railsAndLaravelClassNamesGiveTheirTablesMostLikelyFirst() {
        assertEquals(List.of("posts", "post"), Naming.polymorphic("Post"));
        assertEquals(List.of("people", "person"), Naming.polymorphic("Person"));
        assertEquals(List.of("categories", "admin_categories", "category"), Naming.polymorphic("Admin::Category"));
        assertEquals(List.of("blog_posts", "app_models_blog_posts", "blog_post"), Naming.polymorphic("App\\Models\\BlogPost"));
        assertEquals(List.of("addresses", "address"), Naming.polymorphic("Address"));
        assertEquals(List.of("wives", "wife"), Naming.polymorphic("Wife"));
        assertEquals(List.of("days", "day"), Naming.polymorphic("Day"));
    }

    @Test
    void djangoTablesAreAppLabelAndModel() {
        assertEquals("pcsw_client", Naming.django("pcsw", "client"));
        assertEquals("http_request", Naming.underscore("HTTPRequest"));
    }

    @Test
    void sourceNamesComeFromTheDatabaseInTheUrl() {
        assertEquals("lino", InitJob.sourceName("jdbc:mariadb://db:3306/lino?useSSL=false"));
        assertEquals("sakila", InitJob.sourceName("jdbc:postgresql://127.0.0.1:5432/sakila"));
        assertEquals("demo", InitJob.sourceName("jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1"));
    }
}
