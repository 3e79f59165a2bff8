extension Recipe {
    /// The checks that need the whole recipe: one root disk, no mount point or device twice, and
    /// in the `disk` layout, devices that are slots of one disk.
    func crossCheck() -> [RecipeIssue] {
        var issues: [RecipeIssue] = []
        var devices: [String: Int] = [:]
        var mounts: [GuestPath: Int] = [:]
        for (i, disk) in disks.enumerated() {
            if let first = devices[disk.device] {
                issues.append(RecipeIssue("disks[\(i)].device", "\"\(disk.device)\" is already used by disks[\(first)]; each disk needs its own device"))
            } else {
                devices[disk.device] = i
            }
            guard let fs = disk.filesystem else { continue }
            if let first = mounts[fs.mount] {
                issues.append(RecipeIssue("disks[\(i)].mount", "\"\(fs.mount)\" is already mounted by disks[\(first)]; each mount point takes one disk"))
            } else {
                mounts[fs.mount] = i
            }
        }
        if mounts[.root] == nil {
            issues.append(RecipeIssue("disks", "no disk mounts \"/\"; add one with \"mount\": \"/\""))
        }
        return issues + layoutIssues()
    }
}
