import Testing
@testable import Builder
@Test func zzDebugPrint() throws {
    let (tree, changes) = try FstabStep().run(on: try CentOS4Tree.make(), context: CentOS4Tree.context())
    print(try CentOS4Tree.text(tree, "/etc/fstab")!)
    for c in changes { print(c.reportLine) }
}
