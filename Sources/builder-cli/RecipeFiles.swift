import Builder

/// Loading the recipe files a command names, the same way for `bake` and `smoke`.
enum RecipeFiles {
    /// Every guest of every recipe, checked before anything is built: a mistake in any stops all
    /// of them (nil), and so do two guests that would write the same folder.
    static func load(_ files: [String], out: String?, reportingTo renderer: EventRenderer) -> [Recipe]? {
        var loaded: [Recipe] = []
        var recipeErrors = false
        for file in files {
            do {
                loaded += try Recipe.loadGuests(file: file)
            } catch {
                renderer.recipeError(error)
                recipeErrors = true
            }
        }
        var byDestination: [String: [String]] = [:]
        for r in loaded { byDestination[Bake.destination(of: r, outOverride: out), default: []].append(r.file) }
        for (folder, files) in byDestination.sorted(by: { $0.key < $1.key }) where files.count > 1 {
            renderer.conflict(
                "the recipes \(files.joined(separator: ", ")) all write '\(folder)'; give the guests different names or output folders",
                recipes: files)
            recipeErrors = true
        }
        return recipeErrors ? nil : loaded
    }
}
