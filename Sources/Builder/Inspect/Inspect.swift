/// `builder inspect IMAGE [PATH]`: a folder is listed like `ls -l`, a file's bytes are given back,
/// anything else (symlink, device, fifo, socket) gets its one `ls -l` line.
public enum Inspect {
    public enum Result {
        case listing([String])
        /// A regular file: stream its bytes with `image.stream(inode)`.
        case file(ExtImage, ExtInode)
    }

    public static func look(image: String, path: String) throws -> Result {
        let img = try ExtImage(path: image)
        let node = try img.lookup(path)
        if node.isRegular { return .file(img, node) }
        if node.isDirectory {
            var rows: [ListingRow] = []
            let entries = try img.entries(of: node)
                .filter { $0.name != Array(".".utf8) && $0.name != Array("..".utf8) }
                .sorted { $0.name.lexicographicallyPrecedes($1.name) }
            for e in entries { rows.append(try ListingRow(img, inode: img.inode(e.inode), name: e.name)) }
            return .listing(ListingRow.format(rows))
        }
        let name = path.utf8.split(separator: UInt8(ascii: "/")).last.map(Array.init) ?? Array("/".utf8)
        return .listing(ListingRow.format([try ListingRow(img, inode: node, name: name)]))
    }
}
