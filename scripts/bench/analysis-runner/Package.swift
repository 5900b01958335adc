// swift-tools-version:6.0
// A tiny release-built runner for the analysis memory/throughput benchmark
// (scripts/bench/analysis). It depends on the synth package by path, so the main
// Package.swift needs no benchmark target.
import PackageDescription

let package = Package(
    name: "analysis-runner",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "synth", path: "../../..")],
    targets: [
        .executableTarget(name: "analysis-runner", dependencies: [
            .product(name: "SynthEngine", package: "synth"),
            .product(name: "SynthData", package: "synth"),
        ], swiftSettings: [.unsafeFlags(["-Ounchecked", "-wmo"])]),
    ],
    swiftLanguageModes: [.v6]
)
