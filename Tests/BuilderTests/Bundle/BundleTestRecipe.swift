import Foundation

/// The small guest the manifest and bundle tests bake: the sample tree of recipes/ (profile none)
/// on an auto-sized ext3 root and a 64 MiB swap image, which is almost all hole.
enum BundleTestRecipe {
    static var sampleTree: String { CLIHarness.packageRoot + "/recipes/sample-tree" }

    /// Writes `dir/r.json` for guest `g` and returns its path. `source` is the recipe's source
    /// object; `output` the members of its output object.
    @discardableResult
    static func write(in dir: String, source: String? = nil, output: String = "") throws -> String {
        let source = source ?? #"{"tree": "\#(sampleTree)", "owner": "0:0"}"#
        let text = """
            {"name": "g", "profile": "none", "source": \(source),
             "disks": [{"device": "sda1", "mount": "/", "size": "auto"},
                       {"device": "sda2", "swap": true, "size": "64M"}],
             "output": {\(output)}}
            """
        try CLIHarness.write(text, to: dir + "/r.json")
        return dir + "/r.json"
    }
}
