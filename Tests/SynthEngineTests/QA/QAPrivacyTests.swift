import Foundation
import SynthData
import Testing
@testable import SynthEngine

@Suite struct QAPrivacyTests {
    @Test func nearestNeighboursMatchBruteForce() {
        var random = QARandom(seed: 11)
        let d = 5, dataRows = 700, queryRows = 300
        func point() -> Double { Double(random.next() % 10_000) / 10_000 - 0.5 }
        let data = (0..<(dataRows * d)).map { _ in point() }
        var queries = (0..<(queryRows * d)).map { _ in point() }
        // Query 0 is an exact copy of data row 3.
        for k in 0..<d { queries[k] = data[3 * d + k] }
        let result = QANearestNeighbors.search(data: data, queries: queries, dimensions: d, threads: 2)
        for q in 0..<queryRows {
            var distances = (0..<dataRows).map { r in
                (0..<d).reduce(0.0) { $0 + pow(queries[q * d + $1] - data[r * d + $1], 2) }.squareRoot()
            }
            distances.sort()
            #expect(abs(result.nearest[q] - distances[0]) < 1e-9)
            #expect(abs(result.second[q] - distances[1]) < 1e-9)
        }
        #expect(result.nearest[0] == 0)
    }

    @Test func quantileScalerMapsRanksOntoTheUnitInterval() {
        let scaler = QAQuantileScaler(fitting: (0...100).map { Double($0) }, rowCount: 101)
        #expect(scaler.scale(0) == -0.5)
        #expect(scaler.scale(100) == 0.5)
        #expect(abs(scaler.scale(50)) < 1e-9)
        #expect(scaler.scale(-5) == -0.5)
        #expect(scaler.scale(.nan) == 0)
    }

    @Test func exactCopiesOfTrainingFailAndFreshSamplesPass() throws {
        let training = QATestTables.population(rows: 1500, seed: 21)
        let holdout = QATestTables.population(rows: 1500, seed: 22)
        let copy = try QAReport.compute(synthetic: training, training: training, holdout: holdout)
        let fresh = try QAReport.compute(synthetic: QATestTables.population(rows: 1500, seed: 23), training: training, holdout: holdout)
        let copyPrivacy = try #require(copy.privacy), freshPrivacy = try #require(fresh.privacy)
        #expect(copyPrivacy.identicalMatchTraining > freshPrivacy.identicalMatchTraining)
        #expect(try #require(copyPrivacy.dcrShare) > 0.6)
        #expect(abs(try #require(freshPrivacy.dcrShare) - 0.5) < 0.1)
        #expect(copyPrivacy.tests.contains { !$0.passed })
        #expect(freshPrivacy.tests.first { $0.name == "DCR share" }?.passed == true)
        #expect(copyPrivacy.dcrTraining < freshPrivacy.dcrTraining)
    }

    @Test func dcrShareCountsTiesHalf() {
        #expect(QAPrivacyComputation.dcrShare([0, 1, 2, 3], [1, 1, 1, 1]) == 0.375)
    }
}

@Suite struct QACategoryEmbedderTests {
    @Test func jacobiFindsEigenpairs() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        let (values, vectors) = QACategoryEmbedder.jacobiEigen([2, 1, 1, 2], size: 2)
        #expect(Set(values.map { ($0 * 1e9).rounded() / 1e9 }) == [1, 3])
        for column in 0..<2 {
            let v = [vectors[column], vectors[2 + column]]
            let mv = [2 * v[0] + v[1], v[0] + 2 * v[1]]
            #expect(abs(mv[0] - values[column] * v[0]) < 1e-9 && abs(mv[1] - values[column] * v[1]) < 1e-9)
        }
    }

    @Test func dimensionsGrowWithCardinalityAndLabelsStayApart() {
        #expect(QACategoryEmbedder(labels: (0..<5).map { "c\($0)" }).dimensions == 2)
        #expect(QACategoryEmbedder(labels: (0..<50).map { "c\($0)" }).dimensions == 3)
        #expect(QACategoryEmbedder(labels: (0..<500).map { "c\($0)" }).dimensions == 4)
        let embedder = QACategoryEmbedder(labels: ["Fair", "Good", "Very Good", "Premium", "Ideal"])
        #expect(embedder.coordinates.count == 6)  // five labels and the unseen label
        for i in 0..<6 {
            for j in (i + 1)..<6 {
                let distance = zip(embedder.coordinates[i], embedder.coordinates[j]).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                #expect(distance > 1e-6)
            }
        }
    }
}
