package org.envmon.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientCertificatesTest {

    @Test
    void commonName_subjectWithSeveralAttributes_theCn() {
        assertThat(ClientCertificates.commonName("CN=010000A8900016F0001TLS01,OU=Stations,O=County Bureau,C=CN"))
                .contains("010000A8900016F0001TLS01");
    }

    @Test
    void commonName_escapedCharacters_unescaped() {
        assertThat(ClientCertificates.commonName("CN=A\\,B,O=x")).contains("A,B");
    }

    @Test
    void commonName_noCn_empty() {
        assertThat(ClientCertificates.commonName("OU=Stations,O=County Bureau")).isEmpty();
    }

    @Test
    void commonName_notADistinguishedName_empty() {
        assertThat(ClientCertificates.commonName("not a name")).isEmpty();
    }
}
