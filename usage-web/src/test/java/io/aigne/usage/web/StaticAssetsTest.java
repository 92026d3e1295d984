package io.aigne.usage.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The built pages go out compressed, hashed assets cached for good, index.html never. */
@QuarkusTest
@QuarkusTestResource(WebTestResource.class)
class StaticAssetsTest {
    private static final Pattern ASSET = Pattern.compile("\"(/assets/[^\"]+\\.(?:js|css))\"");

    /** The asset paths index.html names (the Vite build's hashed file names). */
    private static List<String> assetsOfIndex() {
        String index = given().get("/usage/dashboard").then().statusCode(200).header("Cache-Control", "no-cache").extract().asString();
        Matcher m = ASSET.matcher(index);
        List<String> assets = m.results().map(r -> r.group(1)).toList();
        assertThat(assets).as("index.html names its scripts").isNotEmpty();
        return assets;
    }

    @Test
    void hashedAssetsAreCompressedAndCachedForAYear() {
        for (String asset : assetsOfIndex()) {
            Response r = given().header("Accept-Encoding", "gzip").get(asset);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.header("Content-Encoding")).as(asset).isEqualTo("gzip");
            assertThat(r.header("Cache-Control")).as(asset).isEqualTo("public, max-age=31536000, immutable");
        }
    }

    @Test
    void withoutGzipTheSameBytesComePlainAndAMissingAssetIsNotCachedForever() {
        String asset = assetsOfIndex().get(0);
        Response plain = given().config(RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .header("Accept-Encoding", "identity").get(asset);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.header("Content-Encoding")).isNull();
        Response missing = given().get("/assets/no-such-file-0000.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.header("Cache-Control")).isNotEqualTo("public, max-age=31536000, immutable");
    }
}
