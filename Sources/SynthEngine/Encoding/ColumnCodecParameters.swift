/// The fitted codec of one column, whichever encoding type it has (Codable storage of the
/// fitted parameters: category dictionaries, digit layouts, bin edges, datetime ranges...).
enum ColumnCodecParameters: Codable, Sendable, Hashable {
    case categorical(CategoricalCodec)
    case digit(DigitCodec)
    case binned(BinnedCodec)
    case datetime(DatetimeCodec)
    case datetimeRelative(DatetimeRelativeCodec)
    case latLong(LatLongCodec)
    case character(CharacterCodec)
    case text(TextCodec)
    case primaryKey(PrimaryKeyCodec)
    case exclude(ExcludeCodec)

    var codec: any ColumnCodec {
        switch self {
        case .categorical(let c): c
        case .digit(let c): c
        case .binned(let c): c
        case .datetime(let c): c
        case .datetimeRelative(let c): c
        case .latLong(let c): c
        case .character(let c): c
        case .text(let c): c
        case .primaryKey(let c): c
        case .exclude(let c): c
        }
    }
}
