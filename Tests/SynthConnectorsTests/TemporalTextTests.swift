import Testing
@testable import SynthConnectors

/// Database date and timestamp text, parsed from bytes without allocating.
struct TemporalTextTests {
    @Test func datesParseAndImpossibleDatesAreRefused() {
        #expect(TemporalText.days("1970-01-01") == 0)
        #expect(TemporalText.days("2013-01-01") == 15_706)
        #expect(TemporalText.days("2012-02-29") != nil)
        for bad in ["2013-02-29", "2013-13-01", "2013-00-10", "2013--01", "2013-01", "2013-01-01-01", "20x3-01-01", "", "2013-01-01 BC"] {
            #expect(TemporalText.days(Substring(bad)) == nil, "\(bad)")
        }
    }

    @Test func timestampsFromBytesEqualTimestampsFromText() {
        for text in ["2013-01-01 05:00:00+00", "2013-01-01T05:00:00Z", "1970-01-01 00:00:01.5+01", "2013-06-30 23:59:59.123456-07:30"] {
            var copy = text
            let fromBytes = copy.withUTF8 { TemporalText.microseconds(bytes: $0) }
            #expect(fromBytes != nil && fromBytes == TemporalText.microseconds(text), "\(text)")
        }
        #expect(TemporalText.microseconds("2013-01-01 24:00:00") == nil)
        #expect(TemporalText.microseconds("2013-02-30 05:00:00") == nil)
    }
}
