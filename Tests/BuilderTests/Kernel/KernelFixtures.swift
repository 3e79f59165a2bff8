import Foundation
import Testing

@testable import Builder

/// The kernel-shaped files of Tests/tools/make_kernels.py, made in a new temporary folder.
struct KernelFixtures {
    let dir: String

    init() throws {
        dir = try HostTools.temporaryDirectory("kernels")
        let r = try HostTools.python("make_kernels.py", [dir])
        guard r.ok else {
            HostTools.cleanUp(dir)
            throw Fixture.FixtureError(output: r.output)
        }
    }

    func path(_ name: String) -> String { dir + "/" + name }

    func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    func analyse(_ name: String, config: (text: String, source: String)? = nil) throws -> KernelImage {
        try KernelImage.analyse(bytes(name), name: name, config: config)
    }

    /// The gunzipped bytes of a .gz fixture, written beside it (for readelf, which wants a file).
    func gunzipped(_ name: String) throws -> String {
        let out = path(name + ".unpacked")
        let r = try HostTools.run(["sh", "-c", "gzip -dc '\(path(name))' > '\(out)'"])
        #expect(r.ok, "gzip -dc \(name): \(r.output)")
        return out
    }

    func cleanUp() { HostTools.cleanUp(dir) }
}
