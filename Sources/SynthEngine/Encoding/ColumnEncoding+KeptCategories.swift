import SynthData

extension ColumnEncoding {
    /// For a column with one code per value (`categorical`, `numeric_discrete`): the values
    /// the model can generate (those value protection kept), most frequent first, with their
    /// training frequencies; `nil` for other encodings.
    public var keptCategories: (values: Column, frequencies: [Int])? {
        guard case .categorical(let codec) = parameters else { return nil }
        var out = ColumnAssembler(dataType: codec.dataType, capacity: codec.categories.count)
        switch codec.categories {
        case .strings(let list): list.forEach { out.append(string: $0) }
        case .keys(let list): list.forEach { out.append(key: $0) }
        }
        var column = out.column(named: name)
        column.timestampLayout = timestampLayout
        return (column, codec.frequencies)
    }
}
