import SynthLanguage
import Testing

/// A typed secret never outlives its line: `password=` values that are not references and the
/// password of a connection URL are removed before the line is kept (history, transcripts).
struct SecretRedactionTests {
    @Test(arguments: [
        ("connector add pg kind=postgresql password=\"hunter2\"", "connector add pg kind=postgresql password=\"<secret removed>\""),
        ("connector add pg password='hunter2' user=\"u\"", "connector add pg password=\"<secret removed>\" user=\"u\""),
        ("connector add pg password = hunter2; tables pg", "connector add pg password = \"<secret removed>\"; tables pg"),
        ("connector add pg PASSWORD=\"a \\\" b\"", "connector add pg PASSWORD=\"<secret removed>\""),
        ("load \"postgresql://ada:s3cret@db/x\"", "load \"postgresql://ada:<secret removed>@db/x\""),
    ])
    func secretsAreRemoved(typed: String, kept: String) {
        #expect(SecretRedaction.redacted(typed) == kept)
    }

    @Test(arguments: [
        "connector add pg kind=postgresql password=\"env:PGPASSWORD\"",
        "connector add pg password=\"file:/run/secrets/pg\"",
        "connector add pg password=\"prompt\"",
        "load \"https://example.org/data.csv\"",
        "describe d",
    ])
    func referencesAndOrdinaryLinesAreKept(typed: String) {
        #expect(SecretRedaction.redacted(typed) == typed)
    }
}
