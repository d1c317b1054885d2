// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that `swift test` and CI do not build them.
// Run: cd Benchmarks && swift package --allow-writing-to-package-directory benchmark
let package = Package(
    name: "HyokaBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Hyoka", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "HyokaBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Hyoka", package: "Hyoka"),
            ],
            path: "Benchmarks/HyokaBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
